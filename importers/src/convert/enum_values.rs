//! Reading a value list out of a field's text: the values and meanings that
//! [`codegen::lint::listed_values`] finds (the spec-check rule's own pattern, so every field the
//! rule would report is seen here), and the enum they make.

use heck::ToUpperCamelCase;
use serde_json::Value;

use codegen::spec::{EnumValue, Text, TypeDef, TypeKind};

use crate::TODO_EN;

/// Characters that end a meaning (the separator before the next value, or the list's end).
const TRAILING: &[char] = &['，', ',', '；', ';', '、', '。', '.', ' ', '\t'];

/// The values a text lists with their meanings, typed for `base` (`i32`, `i64`: integers;
/// `string`: text), or why they cannot make an enum.
pub(crate) fn parse_values(text: &str, base: &str) -> Result<Vec<(Value, String)>, String> {
    let listed = codegen::lint::listed_values(text);
    let mut out: Vec<(Value, String)> = Vec::new();
    for (i, v) in listed.iter().enumerate() {
        let end = listed.get(i + 1).map_or(text.len(), |n| n.start);
        let rest = &text[v.meaning..end.max(v.meaning)];
        let meaning = rest
            .split('\n')
            .next()
            .unwrap_or_default()
            .trim()
            .trim_end_matches(TRAILING)
            .trim()
            .to_string();
        let value = match base {
            "string" => Value::String(v.value.clone()),
            _ => match v.value.parse::<i64>() {
                Ok(n) => Value::from(n),
                Err(_) => return Err(format!("`{}` is not an integer, and the field is", v.value)),
            },
        };
        if meaning.is_empty() {
            return Err(format!("the value `{}` has no meaning after it", v.value));
        }
        match out.iter().find(|(x, _)| *x == value) {
            Some((_, m)) if *m != meaning => {
                return Err(format!(
                    "the value `{}` is listed twice with different meanings",
                    v.value
                ))
            }
            Some(_) => {}
            None => out.push((value, meaning)),
        }
    }
    if out.is_empty() {
        return Err("no value with a meaning was found".into());
    }
    Ok(out)
}

/// A constant's name for a value: a string value's own name in PascalCase when it makes one
/// (`"mp4"` → `Mp4`), else `Value<n>` (`ValueMinus1` for -1): a person renames it.
pub(crate) fn value_name(v: &Value) -> (String, bool) {
    match v {
        Value::String(s) => {
            let n = s.to_upper_camel_case();
            let ok = n.starts_with(|c: char| c.is_ascii_uppercase())
                && n.chars().all(|c| c.is_ascii_alphanumeric());
            if ok {
                (n, false)
            } else {
                (format!("Value{}", sanitise(s)), true)
            }
        }
        Value::Number(n) => {
            let t = n.to_string();
            match t.strip_prefix('-') {
                Some(rest) => (format!("ValueMinus{rest}"), true),
                None => (format!("Value{t}"), true),
            }
        }
        other => (format!("Value{}", sanitise(&other.to_string())), true),
    }
}

fn sanitise(s: &str) -> String {
    let kept: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
    if kept.is_empty() {
        "X".into()
    } else {
        kept
    }
}

/// The text before the list (the field's own sentence), for the enum's description.
pub(crate) fn lead(text: &str) -> String {
    let listed = codegen::lint::listed_values(text);
    let head = listed.first().map_or(text, |v| &text[..v.start]);
    let line = head.lines().next().unwrap_or_default().trim();
    // `录制模式。支持取值及含义如下：` → `录制模式。`
    let cut = ["支持取值", "取值", "可选值", "Values", "values"]
        .iter()
        .filter_map(|m| line.find(m))
        .min()
        .unwrap_or(line.len());
    line[..cut]
        .trim()
        .trim_end_matches(['：', ':', '，', ','])
        .to_string()
}

/// The enum a field's value list makes: values named by [`value_name`], each meaning as its
/// Chinese text, the English a TODO.
pub(crate) fn enum_def(base: &str, text: &str, values: &[(Value, String)], place: &str) -> TypeDef {
    let mut zh = lead(text);
    if zh.is_empty() {
        zh = values
            .iter()
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join("；");
    }
    TypeDef {
        kind: TypeKind::Enum,
        description: Text {
            zh,
            en: TODO_EN.into(),
        },
        source: Some(format!(
            "importer: the values and meanings the text of {place} lists; name the values after their meanings"
        )),
        fields: Vec::new(),
        base: Some(base.to_string()),
        open: false,
        values: values
            .iter()
            .map(|(v, m)| EnumValue {
                value: v.clone(),
                name: value_name(v).0,
                description: Text {
                    zh: m.clone(),
                    en: TODO_EN.into(),
                },
            })
            .collect(),
        values_from: None,
        discriminator: None,
        discriminator_default: None,
        variants: Vec::new(),
    }
}

/// Whether two texts give one meaning: one contains the other, or they start with the same
/// words (up to the first punctuation: `VP8。 如果选择…` and `VP8（使用前…`), punctuation and
/// case aside.
fn same_meaning(a: &str, b: &str) -> bool {
    let (x, y) = (norm(a), norm(b));
    let head = |s: &str| {
        norm(
            s.split(|c: char| c.is_ascii_punctuation() || "，。；：、（）《》！？".contains(c))
                .next()
                .unwrap_or_default(),
        )
    };
    let (hx, hy) = (head(a), head(b));
    !x.is_empty()
        && !y.is_empty()
        && (x.contains(&y) || y.contains(&x) || (!hx.is_empty() && hx == hy))
}

/// A meaning reduced for comparison: no white space or punctuation.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether an enum of the spec stands for the values a field lists. The bases agree (both
/// integers, or both strings). Then either the same values with every meaning agreeing with the
/// spec's Chinese (or English) text of that value (one contains the other, punctuation aside),
/// or the same name (`name`: the enum's name is the one the field would give it) and the same
/// values, or fewer values with agreeing meanings under the same name or in an open enum (a field
/// that accepts part of a shared set).
pub(crate) fn matches(
    existing: &TypeDef,
    name: Option<&str>,
    base: &str,
    values: &[(Value, String)],
) -> bool {
    let int = |b: &str| b == "i32" || b == "i64";
    let bases = match existing.base.as_deref() {
        Some(b) => b == base || (int(b) && int(base)),
        None => false,
    };
    if existing.kind != TypeKind::Enum || !bases {
        return false;
    }
    let find = |v: &Value| existing.values.iter().find(|e| e.value == *v);
    let all_known = values.iter().all(|(v, _)| find(v).is_some());
    if !all_known {
        return false;
    }
    let same_set = existing.values.len() == values.len();
    if name.is_some() && same_set {
        return true;
    }
    let agree = values.iter().all(|(v, meaning)| {
        find(v).is_some_and(|e| {
            [&e.description.zh, &e.description.en]
                .iter()
                .any(|t| same_meaning(meaning, t))
        })
    });
    agree && (same_set || name.is_some() || existing.open)
}
