//! The enum-description rule: a field whose description lists values with their meanings is an
//! enum (or says why not with `not_enum`).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex_lite::Regex;

use crate::spec::Field;
use crate::ty::Ty;

/// A value followed by its meaning: `0：…`, `- 1: …`, `* "mp4": …`, `` `hls`：… `` at a line's
/// start or after a separator (`；`, `;`, `，`, `,`, `、`, `。`, `：`, `(`, `（`). A colon between digits
/// (`10:30`) is a time, not a value.
fn value_pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        let value = r#"(-?[0-9]+|"[^"\n]{1,40}"|`[^`\n]{1,40}`|'[^'\n]{1,40}')"#;
        Regex::new(&format!(
            r"(?m)(?:^[ \t]*(?:[-*•·][ \t]*)?|[；;，,、。：(（][ \t]*){value}[ \t]*[:：][ \t]*[^0-9\s]"
        ))
        .ok()
    })
    .as_ref()
}

/// A phrase announcing a list of values: `取值：`, `取值如下`, `可选值`, `Values:`, `Supported
/// values`, `Possible values`, `Valid values` (a range, `取值范围`, is not a list).
fn marker_pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(取值[:：]|取值如下|取值为[:：]|可选值|可取值|枚举值|\bvalues?[ \t]*:|(supported|possible|valid|allowed|accepted)[ \t]+values)").ok()
    })
    .as_ref()
}

/// The distinct values a text lists with meanings (`0：…`, `- "mp4": …`), in order of first
/// appearance, and whether it announces a list (`取值：`, `Values:`).
pub fn enumerated_values(text: &str) -> (Vec<String>, bool) {
    let mut seen = BTreeSet::new();
    let mut values = Vec::new();
    let Some(re) = value_pattern() else {
        return (values, false);
    };
    for c in re.captures_iter(text) {
        if let Some(m) = c.get(1) {
            let v = m.as_str().trim_matches(['"', '`', '\'']).to_string();
            if seen.insert(v.clone()) {
                values.push(v);
            }
        }
    }
    (values, marker_pattern().is_some_and(|m| m.is_match(text)))
}

/// Whether a value of `ty` is a scalar an enum could type: integers, strings (and lists or maps
/// of them); a named type (an enum already, or an object), a bool or JSON is not a finding.
fn enum_candidate(ty: &Ty) -> bool {
    match ty {
        Ty::I32 | Ty::I64 | Ty::U32 | Ty::String => true,
        Ty::List(t) | Ty::Map(t) => enum_candidate(t),
        _ => false,
    }
}

/// The finding of the rule for one field, if any.
pub(super) fn finding(f: &Field) -> Option<String> {
    if f.not_enum.is_some() {
        return None;
    }
    let ty = Ty::parse(&f.ty).ok()?;
    if !enum_candidate(&ty) {
        return None;
    }
    let (zh, zh_marker) = enumerated_values(&f.description.zh);
    let (en, en_marker) = enumerated_values(&f.description.en);
    let (values, marker) = if zh.len() >= en.len() {
        (zh, zh_marker || en_marker)
    } else {
        (en, zh_marker || en_marker)
    };
    let listed = values.len() >= 2 || (marker && !values.is_empty());
    listed.then(|| {
        format!(
            "the description of `{}` ({}) lists values with meanings ({}): declare an enum type, or say why not with `not_enum: <reason>`",
            f.name,
            f.ty,
            values.join(", ")
        )
    })
}
