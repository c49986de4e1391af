//! Going on past each error of a JSON request, so that every one is reported: the path of a
//! structural error, setting the bad value aside (the example's in its place), serde's messages in
//! plain words, and the fields the typed round trip dropped (unknown) or turned to `null` (numbers
//! out of range), each reported once.

use serde_json::Value;

use crate::validate::Violation;

/// A step of a JSON path.
pub(super) enum Seg {
    /// An object's key.
    Key(String),
    /// A list's index.
    Index(usize),
}

pub(super) fn render(segments: &[Seg]) -> String {
    let mut out = String::new();
    for s in segments {
        match s {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Puts the example's value at `segments` in `value` (when the example has one), or else removes
/// the value there; answers whether anything changed (nothing: decoding cannot go on).
pub(super) fn patch(value: &mut Value, segments: &[Seg], example: Option<&Value>) -> bool {
    let from_example = example.and_then(|e| {
        segments.iter().try_fold(e, |v, s| match (s, v) {
            (Seg::Key(k), Value::Object(o)) => o.get(k),
            // Items of a list take the example's first item.
            (Seg::Index(_), Value::Array(a)) => a.first(),
            _ => None,
        })
    });
    let Some(replacement) = from_example.cloned() else {
        return remove(value, segments);
    };
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let Some(cur) = walk_mut(value, parents) else {
        return false;
    };
    match (last, cur) {
        (Seg::Key(k), Value::Object(o)) => {
            let changed = o.get(k) != Some(&replacement);
            o.insert(k.clone(), replacement);
            changed
        }
        (Seg::Index(i), Value::Array(a)) if *i < a.len() => {
            let changed = a[*i] != replacement;
            a[*i] = replacement;
            changed
        }
        _ => false,
    }
}

/// Removes the value at `segments` (the whole container when the path ends at one); answers
/// whether anything was removed.
pub(super) fn remove(value: &mut Value, segments: &[Seg]) -> bool {
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let Some(cur) = walk_mut(value, parents) else {
        return false;
    };
    match (last, cur) {
        (Seg::Key(k), Value::Object(o)) => o.remove(k).is_some(),
        (Seg::Index(i), Value::Array(a)) if *i < a.len() => {
            a.remove(*i);
            true
        }
        _ => false,
    }
}

/// The value at `segments`, mutably.
pub(super) fn walk_mut<'a>(value: &'a mut Value, segments: &[Seg]) -> Option<&'a mut Value> {
    segments.iter().try_fold(value, |cur, s| match (s, cur) {
        (Seg::Key(k), Value::Object(o)) => o.get_mut(k),
        (Seg::Index(i), Value::Array(a)) => a.get_mut(*i),
        _ => None,
    })
}

/// serde_json's message without the position in text made up here.
pub(super) fn bare_message(m: &str) -> String {
    match m.rfind(" at line ") {
        Some(i) if m[i..].contains(" column ") => m[..i].to_string(),
        _ => m.to_string(),
    }
}

/// Whether `path`, or a value holding it, is already reported in `out`.
pub(super) fn reported(out: &[Violation], path: &str) -> bool {
    out.iter().any(|v| {
        v.path == path
            || path
                .strip_prefix(v.path.as_str())
                .is_some_and(|rest| rest.starts_with(['.', '[']))
    })
}

/// serde's messages for a number that does not fit its type, in plain words: `invalid value:
/// integer `300`, expected u8` is `300 is out of range for u8`.
pub(super) fn plain_message(m: &str) -> String {
    let ints = ["i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64"];
    let split = |rest: &str| -> Option<(String, String)> {
        let (n, ty) = rest.split_once("`, expected ")?;
        ints.contains(&ty).then(|| (n.to_string(), ty.to_string()))
    };
    if let Some((n, ty)) = m.strip_prefix("invalid value: integer `").and_then(split) {
        return format!("{n} is out of range for {ty}");
    }
    if let Some((n, ty)) = m
        .strip_prefix("invalid type: floating point `")
        .and_then(split)
    {
        let (lo, hi) = match ty.as_str() {
            "i8" => (i8::MIN as f64, i8::MAX as f64),
            "i16" => (i16::MIN as f64, i16::MAX as f64),
            "i32" => (i32::MIN as f64, i32::MAX as f64),
            "i64" => (i64::MIN as f64, i64::MAX as f64),
            "u8" => (0.0, u8::MAX as f64),
            "u16" => (0.0, u16::MAX as f64),
            "u32" => (0.0, u32::MAX as f64),
            _ => (0.0, u64::MAX as f64),
        };
        return match n.parse::<f64>() {
            Ok(x) if x < lo || x > hi => format!("{n} is out of range for {ty}"),
            Ok(x) if x.fract() != 0.0 => format!("{n} is not a whole number ({ty})"),
            _ => format!("{n} is written as a float: {ty} takes digits only"),
        };
    }
    m.to_string()
}

/// Keys present in `sent` but dropped by the typed round trip are fields the type does not have;
/// a number that came back `null` did not fit its type (an `f32` overflowing to infinity). A place
/// already reported (a value set aside for its type error) is not reported again.
pub(super) fn unknown_fields(sent: &Value, typed: &Value, at: &str, out: &mut Vec<Violation>) {
    if reported(out, at) && !at.is_empty() {
        return;
    }
    match (sent, typed) {
        (Value::Number(n), Value::Null) => out.push(Violation {
            path: at.to_string(),
            message: format!("{n} is out of range for the field's type"),
        }),
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in a {
                let path = if at.is_empty() {
                    k.clone()
                } else {
                    format!("{at}.{k}")
                };
                match b.get(k) {
                    Some(w) => unknown_fields(v, w, &path, out),
                    None if v.is_null() || reported(out, &path) => {}
                    None => out.push(Violation {
                        path,
                        message: "unknown field".into(),
                    }),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (i, (v, w)) in a.iter().zip(b).enumerate() {
                unknown_fields(v, w, &format!("{at}[{i}]"), out);
            }
        }
        _ => {}
    }
}
