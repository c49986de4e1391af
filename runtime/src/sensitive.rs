//! Secrets in requests and results: what a generated `Debug` prints instead of them, and masking
//! them in JSON bodies by the paths the registry lists (`--dry-run`, `--debug`, logs).
//!
//! A path names a field by its wire names from the request's (or the `Result`'s) top level, joined
//! by `.`: `StorageConfig.CustomConfig.SecretKey`. A list is crossed without a segment (each item is
//! masked), a map's values by the segment `*`, and `**` crosses any number of levels, the name
//! after it compared ignoring ASCII case: `Config.LLMConfig.**.APIKey` is a secret key anywhere
//! inside an untyped JSON field.

use std::fmt;

use serde_json::Value;

/// What is shown in place of a secret: `***`.
pub const MASK: &str = "***";

/// Prints `***`: the generated `Debug` of a type shows a sensitive field as this.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Masked;

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

/// `None`, or `Some(***)`: the generated `Debug` of an optional sensitive field.
pub fn masked_option<T>(value: &Option<T>) -> Option<Masked> {
    value.as_ref().map(|_| Masked)
}

/// Prints a JSON value with the values of its secret keys as `"***"`: the generated `Debug` of a
/// `json` field whose spec lists `sensitive_keys`. A key is secret wherever it occurs inside the
/// value, compared ignoring ASCII case.
pub struct MaskedKeys<'a>(pub &'a Value, pub &'static [&'static str]);

impl fmt::Debug for MaskedKeys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.0.clone();
        for key in self.1 {
            mask_at(&mut shown, &["**", key]);
        }
        fmt::Debug::fmt(&shown, f)
    }
}

/// Replaces the value at each of `paths` in `value` with `"***"` (a `null` or absent value is left
/// alone, so that what was sent stays readable).
pub fn mask_json(value: &mut Value, paths: &[&str]) {
    for path in paths {
        let segments: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
        mask_at(value, &segments);
    }
}

fn mask_at(value: &mut Value, segments: &[&str]) {
    let Some((first, rest)) = segments.split_first() else {
        if !value.is_null() {
            *value = Value::String(MASK.into());
        }
        return;
    };
    match value {
        Value::Array(items) => items.iter_mut().for_each(|v| mask_at(v, segments)),
        Value::Object(map) if *first == "**" => {
            let Some((key, after)) = rest.split_first() else {
                return;
            };
            for (k, v) in map.iter_mut() {
                if k.eq_ignore_ascii_case(key) {
                    mask_at(v, after);
                } else {
                    mask_at(v, segments);
                }
            }
        }
        Value::Object(map) if *first == "*" => map.values_mut().for_each(|v| mask_at(v, rest)),
        Value::Object(map) => {
            if let Some(v) = map.get_mut(*first) {
                mask_at(v, rest);
            }
        }
        _ => {}
    }
}

/// A JSON text with the values at `paths` masked; a text that is not JSON is answered unchanged
/// when no path is given, and as `<N bytes, not JSON: not shown>` otherwise (it might hold a secret).
pub fn mask_json_text(text: &str, paths: &[&str]) -> String {
    if paths.is_empty() {
        return text.to_string();
    }
    match serde_json::from_str::<Value>(text) {
        Ok(mut v) => {
            mask_json(&mut v, paths);
            v.to_string()
        }
        Err(_) => format!("<{} bytes, not JSON: not shown>", text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_through_objects_lists_and_maps() {
        let mut v = serde_json::json!({
            "StorageConfig": {"Type": 2, "CustomConfig": {"AccessKey": "ak", "SecretKey": "sk"}},
            "Keys": [{"Secret": "a"}, {"Secret": null}, {"Other": 1}],
            "ByApp": {"x": {"AppKey": "k1"}, "y": {"AppKey": "k2"}},
            "Token": "t"
        });
        mask_json(
            &mut v,
            &[
                "StorageConfig.CustomConfig.SecretKey",
                "Keys.Secret",
                "ByApp.*.AppKey",
                "Token",
                "Absent.X",
            ],
        );
        assert_eq!(
            v,
            serde_json::json!({
                "StorageConfig": {"Type": 2, "CustomConfig": {"AccessKey": "ak", "SecretKey": "***"}},
                "Keys": [{"Secret": "***"}, {"Secret": null}, {"Other": 1}],
                "ByApp": {"x": {"AppKey": "***"}, "y": {"AppKey": "***"}},
                "Token": "***"
            })
        );
        assert_eq!(format!("{:?}", masked_option(&Some("sk"))), "Some(***)");
        assert_eq!(format!("{:?}", masked_option::<u8>(&None)), "None");
        assert_eq!(mask_json_text("{\"K\":\"s\"}", &["K"]), "{\"K\":\"***\"}");
        assert_eq!(
            mask_json_text("K=secret", &["K"]),
            "<8 bytes, not JSON: not shown>"
        );
    }

    #[test]
    fn secret_keys_are_masked_at_any_depth_ignoring_case() {
        let v = serde_json::json!({
            "Mode": "CustomLLM",
            "APIKey": "sk-top",
            "Nested": {"apikey": "sk-lower", "List": [{"Token": {"deep": 1}}, {"Keep": "yes"}]}
        });
        let shown = format!("{:?}", MaskedKeys(&v, &["APIKey", "token"]));
        for secret in ["sk-top", "sk-lower", "deep"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains("CustomLLM") && shown.contains("yes"),
            "{shown}"
        );
        let mut body = serde_json::json!({"Config": {"LLMConfig": v.clone()}, "APIKey": "outside"});
        mask_json(&mut body, &["Config.LLMConfig.**.APIKey"]);
        assert_eq!(body["Config"]["LLMConfig"]["APIKey"], "***");
        assert_eq!(body["Config"]["LLMConfig"]["Nested"]["apikey"], "***");
        assert_eq!(body["APIKey"], "outside", "only inside the field");
    }
}
