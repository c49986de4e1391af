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

/// One value a text lists with its meaning, where the rule found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedValue {
    /// The value, without its quotes.
    pub value: String,
    /// Where the match starts in the text (at the separator or line start before the value).
    pub start: usize,
    /// Where the meaning starts (after the colon and the spaces after it).
    pub meaning: usize,
}

/// Every value a text lists with a meaning (`0：…`, `- "mp4": …`), in order, repeats included:
/// what [`enumerated_values`] counts, with positions (the Go-model importer reads the meanings
/// from them).
pub fn listed_values(text: &str) -> Vec<ListedValue> {
    let Some(re) = value_pattern() else {
        return Vec::new();
    };
    re.captures_iter(text)
        .filter_map(|c| {
            let (all, m) = (c.get(0)?, c.get(1)?);
            let last = text[..all.end()].chars().next_back()?;
            Some(ListedValue {
                value: m.as_str().trim_matches(['"', '`', '\'']).to_string(),
                start: all.start(),
                meaning: all.end() - last.len_utf8(),
            })
        })
        .collect()
}

/// The distinct values a text lists with meanings (`0：…`, `- "mp4": …`), in order of first
/// appearance, and whether it announces a list (`取值：`, `Values:`).
pub fn enumerated_values(text: &str) -> (Vec<String>, bool) {
    let mut seen = BTreeSet::new();
    let mut values = Vec::new();
    for v in listed_values(text) {
        if seen.insert(v.value.clone()) {
            values.push(v.value);
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

/// The finding of the enum-description rule for one field, if any (the Go-model importer asks it
/// of the fields it writes).
pub fn finding(f: &Field) -> Option<String> {
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
