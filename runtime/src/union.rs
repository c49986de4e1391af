//! Keyed unions: a discriminator field picks one of several objects, each sent under its own field
//! beside it (`{"Type": 0, "TosConfig": {...}}`). The generated Rust enum holds one variant per
//! documented value with its object, so that a value cannot be paired with another value's object;
//! these helpers write and read that shape for it.

use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::Value;

/// A discriminator's value: an integer or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// An integer value.
    Int(i64),
    /// A text value.
    Text(&'static str),
}

impl Serialize for Tag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Tag::Int(n) => serializer.serialize_i64(*n),
            Tag::Text(s) => serializer.serialize_str(s),
        }
    }
}

impl Tag {
    fn matches(&self, v: &Value) -> bool {
        match self {
            Tag::Int(n) => v.as_i64() == Some(*n),
            Tag::Text(s) => v.as_str() == Some(*s),
        }
    }
}

/// Writes `{discriminator: tag, field: variant}`.
pub fn serialize_keyed<S, T>(
    serializer: S,
    discriminator: &'static str,
    tag: Tag,
    field: &'static str,
    variant: &T,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    T: Serialize + ?Sized,
{
    let mut map = serializer.serialize_map(Some(2))?;
    map.serialize_entry(discriminator, &tag)?;
    map.serialize_entry(field, variant)?;
    map.end()
}

/// Which of `tags` the object's `discriminator` holds, by index; an absent (or `null`)
/// discriminator means `default`.
pub fn keyed_variant(
    value: &Value,
    discriminator: &str,
    default: Option<Tag>,
    tags: &[Tag],
) -> Option<usize> {
    match value.get(discriminator).filter(|v| !v.is_null()) {
        Some(v) => tags.iter().position(|t| t.matches(v)),
        None => default.and_then(|d| tags.iter().position(|t| *t == d)),
    }
}

/// The variant's object under `field`: `Ok(None)` when absent or `null`, an error when it does not
/// decode as `T`.
pub fn keyed_object<T: DeserializeOwned>(
    value: &Value,
    field: &str,
) -> Result<Option<T>, serde_json::Error> {
    match value.get(field).filter(|v| !v.is_null()) {
        Some(v) => T::deserialize(v).map(Some),
        None => Ok(None),
    }
}

/// The `Debug` of a union's `Other` variant: the discriminator's value, every other member
/// masked (`{"Type": 9, "CustomConfig": ***}`). An undocumented variant's object may carry secrets
/// (an unknown storage platform's keys), and the spec cannot mark what it does not describe.
pub struct MaskedOther<'a> {
    /// The discriminator's wire name, whose value is shown.
    pub discriminator: &'static str,
    /// The object as received.
    pub value: &'a Value,
}

impl std::fmt::Debug for MaskedOther<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(map) = self.value.as_object() else {
            return std::fmt::Debug::fmt(&crate::sensitive::Masked, f);
        };
        let mut out = f.debug_map();
        for (k, v) in map {
            if k == self.discriminator {
                out.entry(k, &format_args!("{v}"));
            } else {
                out.entry(k, &crate::sensitive::Masked);
            }
        }
        out.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_the_keyed_shape() {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::new(&mut out);
        serialize_keyed(
            &mut ser,
            "Type",
            Tag::Int(2),
            "CustomConfig",
            &serde_json::json!({"A": 1}),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            String::from_utf8_lossy(&out),
            r#"{"Type":2,"CustomConfig":{"A":1}}"#
        );
        let tags = [Tag::Int(0), Tag::Int(2)];
        let v = serde_json::json!({"Type": 2, "CustomConfig": {"A": 1}});
        assert_eq!(keyed_variant(&v, "Type", None, &tags), Some(1));
        assert_eq!(
            keyed_variant(&serde_json::json!({}), "Type", Some(Tag::Int(0)), &tags),
            Some(0)
        );
        assert_eq!(
            keyed_variant(&serde_json::json!({"Type": 9}), "Type", None, &tags),
            None
        );
        assert_eq!(
            keyed_variant(&serde_json::json!({"Type": "2"}), "Type", None, &tags),
            None
        );
        let got: Option<Value> = keyed_object(&v, "CustomConfig").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(got, Some(serde_json::json!({"A": 1})));
        assert!(keyed_object::<Value>(&v, "TosConfig").is_ok_and(|o| o.is_none()));
        assert!(keyed_object::<u8>(&v, "CustomConfig").is_err());
    }

    #[test]
    fn an_unknown_variant_shows_its_discriminator_and_masks_the_rest() {
        let v = serde_json::json!({"Type": 9, "NewConfig": {"SecretKey": "sk-123"}, "Name": "n"});
        let shown = format!(
            "{:?}",
            MaskedOther {
                discriminator: "Type",
                value: &v
            }
        );
        assert!(!shown.contains("sk-123"), "{shown}");
        assert!(shown.contains("\"Type\": 9"), "{shown}");
        assert!(shown.contains("\"NewConfig\": ***"), "{shown}");
        let text = serde_json::json!("sk-123");
        let shown = format!(
            "{:?}",
            MaskedOther {
                discriminator: "Type",
                value: &text
            }
        );
        assert_eq!(shown, "***");
    }
}
