//! Type mapping: the page's type words (`Integer`, `Array of X`, `JSON Map`) to the spec's types,
//! value lists to enum values, and values that fit a type.

use std::collections::BTreeMap;

use serde_json::Value;

use codegen::spec::{Text, TypeDef, TypeKind};

use super::lang::Language;
use super::{TODO_EN, TODO_ZH};

/// A mapped type before named types get their final names.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum T {
    Scalar(&'static str),
    List(Box<T>),
    Map(Box<T>),
    Named(String),
}

impl T {
    pub(super) fn render(&self) -> String {
        match self {
            T::Scalar(s) => (*s).to_string(),
            T::List(t) => format!("list<{}>", t.render()),
            T::Map(t) => format!("map<string,{}>", t.render()),
            T::Named(n) => n.clone(),
        }
    }

    /// The scalar a value list applies to: the type itself, or the item of a list.
    pub(super) fn innermost(&mut self) -> &mut T {
        match self {
            T::List(t) => t.innermost(),
            other => other,
        }
    }
}

/// The description says the map's keys and values are strings.
pub(super) fn says_string_map(desc: &str) -> bool {
    let lower = desc.to_lowercase();
    let (Some(k), Some(v)) = (lower.find("key"), lower.find("value")) else {
        return false;
    };
    k < v && lower[k..v].contains("string") && lower[v..].contains("string")
}

/// A PascalCase name (`RefMsgInfo`, `FailedInfosItem`).
pub(super) fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Maps the page's type words to a type.
pub(super) fn map_type(words: &str, desc: &str) -> Result<T, String> {
    let w = words.trim();
    let scalar = match w.to_ascii_lowercase().as_str() {
        "integer" | "int" | "int32" => Some("i32"),
        "long" | "int64" => Some("i64"),
        "string" => Some("string"),
        "boolean" | "bool" => Some("bool"),
        "float" | "double" | "number" => Some("f64"),
        "json" | "object" | "any" => Some("json"),
        _ => None,
    };
    if let Some(s) = scalar {
        return Ok(T::Scalar(s));
    }
    if let Some(inner) = w.strip_prefix("Array of ") {
        // `Array of FailedInfosItem`: a bare type name is an object type's.
        let inner = inner.trim();
        let item = match map_type(inner, "") {
            Ok(t) => t,
            Err(_) if is_type_name(inner) => T::Named(inner.to_string()),
            Err(e) => return Err(e),
        };
        return Ok(T::List(Box::new(item)));
    }
    if let Some(name) = w.strip_prefix("Object of ") {
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("`{w}` names no type"));
        }
        return Ok(T::Named(name.to_string()));
    }
    if w == "JSON Map" || w == "Map" {
        return Ok(T::Map(Box::new(T::Scalar(if says_string_map(desc) {
            "string"
        } else {
            "json"
        }))));
    }
    for prefix in ["JSON Map<", "Map<"] {
        if let Some(inner) = w.strip_prefix(prefix).and_then(|r| r.strip_suffix('>')) {
            let (k, v) = inner
                .split_once(',')
                .ok_or_else(|| format!("`{w}`: a map needs key and value types"))?;
            if !k.trim().eq_ignore_ascii_case("string") {
                return Err(format!("`{w}`: map keys must be strings"));
            }
            return Ok(T::Map(Box::new(map_type(v, "")?)));
        }
    }
    Err(format!("unknown type words `{w}`"))
}

pub(super) fn fits(v: &Value, t: &T, types: &BTreeMap<String, TypeDef>) -> bool {
    match t {
        T::Scalar("i32") => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        T::Scalar("i64") => v.as_i64().is_some(),
        T::Scalar("string") => v.is_string(),
        T::Scalar("bool") => v.is_boolean(),
        T::Scalar("f64") => v.is_number(),
        T::Scalar(_) => true,
        T::List(inner) => v
            .as_array()
            .is_some_and(|a| a.iter().all(|x| fits(x, inner, types))),
        T::Map(inner) => v
            .as_object()
            .is_some_and(|m| m.values().all(|x| fits(x, inner, types))),
        T::Named(n) => match types.get(n) {
            Some(def) if def.kind == TypeKind::Enum => {
                let base = match def.base.as_deref() {
                    Some("i64") => T::Scalar("i64"),
                    Some("string") => T::Scalar("string"),
                    _ => T::Scalar("i32"),
                };
                fits(v, &base, types) && (def.open || def.values.iter().any(|x| &x.value == v))
            }
            _ => v.is_object(),
        },
    }
}

/// A value-list line: `- \`0\`：低优先级。`, `* 0：普通成员。`, `- \`audio\`: 音频`.
pub(super) fn value_line(line: &str) -> Option<(String, bool, String)> {
    let s = line.trim();
    let s = ["- ", "* ", "• ", "-", "*"]
        .iter()
        .find_map(|p| s.strip_prefix(p))?
        .trim_start();
    let (tok, quoted, rest) = if let Some(r) = s.strip_prefix('`') {
        let end = r.find('`')?;
        (&r[..end], true, &r[end + 1..])
    } else {
        let end = s.find(['：', ':'])?;
        (&s[..end], false, &s[end..])
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
    let tok = tok.trim();
    if tok.is_empty() {
        return None;
    }
    Some((tok.to_string(), quoted, rest.trim().to_string()))
}

/// The value of a value-list token for a base type.
pub(super) fn value_of(tok: &str, quoted: bool, base: &str) -> Option<Value> {
    match base {
        "i32" | "i64" => tok.parse::<i64>().ok().map(Value::from),
        "string" => {
            let t = tok.trim_matches('"').trim_matches('\'');
            // A bare CJK word before a colon is prose (`注意：...`), not a value.
            (quoted || (t.is_ascii() && !t.contains(' '))).then(|| Value::String(t.to_string()))
        }
        "bool" => match tok {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// The first sentence of a text, through its `。` or `. ` (the whole first line when there is
/// none).
pub(super) fn first_sentence(desc: &[String]) -> String {
    let first = desc.first().map(String::as_str).unwrap_or("");
    let zh = first.find('。').map(|i| i + '。'.len_utf8());
    let en = first.find(". ").map(|i| i + 1);
    match (zh, en) {
        (Some(a), Some(b)) => first[..a.min(b)].to_string(),
        (Some(i), None) | (None, Some(i)) => first[..i].to_string(),
        (None, None) => first.to_string(),
    }
}

/// A text of the page in its language; the other language's text a marked `TODO:`.
pub(super) fn todo_text(lang: Language, text: impl Into<String>) -> Text {
    match lang {
        Language::Zh => Text {
            zh: text.into(),
            en: TODO_EN.into(),
        },
        Language::En => Text {
            zh: TODO_ZH.into(),
            en: text.into(),
        },
    }
}
