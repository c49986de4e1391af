//! An action's request as the command line gives it: `--json` (text, a file or stdin, bounded,
//! with repeated keys reported), each field flag's value parsed by the field's kind, and the
//! skeleton `--skeleton` prints.

use clap::ArgMatches;
use serde_json::{Map, Value};
use volcengine_openapi::json;
use volcengine_openapi::registry::{FieldInfo, ValueKind};
use volcengine_rtc::{ActionEntry, Violation};

use crate::action::{field_flags, field_id};
use crate::out::{self, Fail};

/// The largest request read from `--json` (text, a file or stdin): 16 MiB, far over any request
/// an action accepts.
pub const MAX_JSON_BYTES: u64 = 16 * 1024 * 1024;

/// Reads `--json`'s argument: text, `@FILE` or `-` (stdin), at most [`MAX_JSON_BYTES`] of it.
fn read_json_arg(arg: &str) -> Result<String, Fail> {
    use std::io::Read;
    let (what, reader): (String, Box<dyn Read>) = if arg == "-" {
        ("--json -: reading stdin".into(), Box::new(std::io::stdin()))
    } else if let Some(path) = arg.strip_prefix('@') {
        let what = format!("--json @{path}");
        let file = std::fs::File::open(path).map_err(|e| out::usage(&format!("{what}: {e}")))?;
        (what, Box::new(file))
    } else {
        return Ok(arg.to_string());
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_JSON_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| out::usage(&format!("{what}: {e}")))?;
    if bytes.len() as u64 > MAX_JSON_BYTES {
        return Err(out::usage(&format!(
            "{what}: larger than {MAX_JSON_BYTES} bytes (the most a request is read)"
        )));
    }
    String::from_utf8(bytes).map_err(|_| out::usage(&format!("{what}: not UTF-8 text")))
}

/// Parses one value of kind `kind` given as text on the command line.
fn parse_value(kind: ValueKind, text: &str) -> Result<Value, String> {
    match kind {
        ValueKind::Integer => {
            let t = text.trim();
            t.parse::<i64>()
                .map(Value::from)
                .or_else(|_| t.parse::<u64>().map(Value::from))
                .map_err(|_| match t.parse::<f64>() {
                    Ok(n) if n.fract() == 0.0 => {
                        format!("`{text}` is out of range ({}..={})", i64::MIN, u64::MAX)
                    }
                    _ => format!("`{text}` is not an integer"),
                })
        }
        ValueKind::Number => match text.trim().parse::<f64>() {
            Ok(n) => serde_json::Number::from_f64(n)
                .map(Value::Number)
                .ok_or_else(|| format!("`{text}` is out of range (not a finite number)")),
            Err(_) => Err(format!("`{text}` is not a number")),
        },
        ValueKind::Bool => match text.trim() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not true or false")),
        },
        ValueKind::String => Ok(Value::String(text.to_string())),
        ValueKind::List | ValueKind::Json => {
            serde_json::from_str(text).map_err(|e| format!("`{text}` is not JSON: {e}"))
        }
    }
}

/// The value of a field's flag, from its occurrences.
fn field_value(f: &FieldInfo, values: &[&String]) -> Result<Value, String> {
    if f.kind != ValueKind::List {
        return parse_value(f.kind, values.last().map_or("", |v| v.as_str()));
    }
    if let [one] = values {
        if one.trim_start().starts_with('[') {
            let v: Value = serde_json::from_str(one)
                .map_err(|e| format!("`{one}` is not a JSON array: {e}"))?;
            return Ok(v);
        }
    }
    let item = f.item_kind.unwrap_or(ValueKind::Json);
    values
        .iter()
        .map(|v| parse_value(item, v))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// The request: `--json`'s object with each field flag's value over it, and the keys `--json`
/// repeats (violations, reported with the others).
pub fn request(entry: &ActionEntry, m: &ArgMatches) -> Result<(Value, Vec<Violation>), Fail> {
    let (mut obj, repeats) = match m.get_one::<String>("json") {
        None => (Map::new(), Vec::new()),
        Some(arg) => {
            let text = read_json_arg(arg)?;
            match json::from_str_checked(&text) {
                Ok((Value::Object(o), repeats)) => (o, repeats),
                Ok(_) => return Err(out::usage("--json must be a JSON object")),
                Err(e) => return Err(out::usage(&format!("--json is not JSON: {e}"))),
            }
        }
    };
    for (f, flag) in field_flags(entry) {
        let Some(long) = flag else { continue };
        let Some(values) = m.get_many::<String>(&field_id(f)) else {
            continue;
        };
        let values: Vec<&String> = values.collect();
        let value = field_value(f, &values)
            .map_err(|e| out::usage(&format!("--{long} ({}): {e}", f.name)))?;
        obj.insert(f.name.to_string(), value);
    }
    Ok((Value::Object(obj), repeats))
}

/// A request to fill in: the example's value of each field, else the field's example, else an
/// empty value of its kind; required fields first, in the spec's order.
pub fn skeleton(entry: &ActionEntry) -> Vec<(&'static FieldInfo, Value)> {
    let example: Value = serde_json::from_str(entry.info.example_request).unwrap_or(Value::Null);
    let mut fields: Vec<&FieldInfo> = entry.info.fields.iter().collect();
    fields.sort_by_key(|f| !f.required);
    fields
        .into_iter()
        .map(|f| {
            let value = example
                .get(f.name)
                .cloned()
                .or_else(|| serde_json::from_str(f.example).ok())
                .unwrap_or_else(|| match f.kind {
                    // An optional object with no example: `null` (absent) rather than an object
                    // that would miss its own required fields.
                    ValueKind::Json if !f.required => Value::Null,
                    ValueKind::Integer => Value::from(0),
                    ValueKind::Number => Value::from(0.0),
                    ValueKind::Bool => Value::Bool(false),
                    ValueKind::String => Value::String(String::new()),
                    ValueKind::List => Value::Array(Vec::new()),
                    ValueKind::Json => Value::Object(Map::new()),
                });
            (f, value)
        })
        .collect()
}

pub fn print_skeleton(entry: &ActionEntry, yaml: bool) -> Result<(), Fail> {
    let fields = skeleton(entry);
    let mut s = String::new();
    if yaml {
        // JSON values are YAML flow values: each line stays valid YAML, with a comment.
        for (f, v) in &fields {
            let required = if f.required { "required" } else { "optional" };
            s.push_str(&format!("{}: {v}  # {} {required}\n", f.name, f.ty));
        }
    } else {
        s.push_str("{\n");
        for (i, (f, v)) in fields.iter().enumerate() {
            let comma = if i + 1 < fields.len() { "," } else { "" };
            s.push_str(&format!(
                "  {}: {v}{comma}\n",
                Value::String(f.name.to_string())
            ));
        }
        s.push_str("}\n");
        let optional: Vec<&str> = fields
            .iter()
            .filter(|(f, _)| !f.required)
            .map(|(f, _)| f.name)
            .collect();
        if !optional.is_empty() {
            out::stderr(&format!(
                "note: optional fields (delete those you do not need): {}",
                optional.join(", ")
            ));
        }
    }
    out::stdout(&s)
}
