//! The action's example: the page's request and response examples, checked against the tables, or
//! one written from the tables' example column.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use codegen::spec::{Example, ExampleSource, Field, TypeDef, TypeKind};

use super::json::parse_json;
use super::prose::BareResult;
use super::read::{example_lines, Page, Role};
use super::request_info::parse_url;
use super::Note;

pub(super) fn placeholder(f: &Field, types: &BTreeMap<String, TypeDef>) -> Value {
    match f.ty.as_str() {
        "i32" | "i64" | "u32" => Value::from(0),
        "f64" => Value::from(0.0),
        "bool" => Value::Bool(false),
        "string" => Value::String(String::new()),
        t if t.starts_with("list<") => Value::Array(Vec::new()),
        t if t.starts_with("map<") => Value::Object(Map::new()),
        "json" => Value::Object(Map::new()),
        t => match types.get(t) {
            Some(def) if def.kind == TypeKind::Enum => def
                .values
                .first()
                .map(|v| v.value.clone())
                .unwrap_or(Value::Null),
            Some(def) => {
                let mut m = Map::new();
                for x in def.fields.iter().filter(|x| x.required) {
                    m.insert(
                        x.name.clone(),
                        x.example.clone().unwrap_or_else(|| placeholder(x, types)),
                    );
                }
                Value::Object(m)
            }
            None => Value::Null,
        },
    }
}

/// An object of the fields' column examples (required fields without one get a placeholder).
pub(super) fn written_object(
    fields: &[Field],
    types: &BTreeMap<String, TypeDef>,
    what: &str,
    notes: &mut Vec<Note>,
) -> Value {
    let mut m = Map::new();
    let mut placed = Vec::new();
    for f in fields {
        match &f.example {
            Some(v) => {
                m.insert(f.name.clone(), v.clone());
            }
            None if f.required => {
                m.insert(f.name.clone(), placeholder(f, types));
                placed.push(f.name.as_str());
            }
            None => {}
        }
    }
    if !placed.is_empty() {
        notes.push(Note {
            line: 0,
            message: format!(
                "the written {what} example has placeholder values for {} (no example on the page): replace them",
                placed.join(", ")
            ),
        });
    }
    Value::Object(m)
}

/// A query parameter's text as the field's JSON value.
pub(super) fn query_value(
    text: &str,
    f: Option<&Field>,
    types: &BTreeMap<String, TypeDef>,
) -> Value {
    let ty = f.map_or("string", |f| f.ty.as_str());
    let base = match types.get(ty) {
        Some(d) if d.kind == TypeKind::Enum => d.base.as_deref().unwrap_or("i32"),
        _ => ty,
    };
    match base {
        "i32" | "i64" | "u32" => {
            let digits = text.trim_start_matches('0');
            let digits = if digits.is_empty() && !text.is_empty() {
                "0"
            } else {
                digits
            };
            digits
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(text.into()))
        }
        "f64" => text
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number))
            .unwrap_or_else(|| Value::String(text.into())),
        "bool" => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.into()),
        },
        _ => Value::String(text.into()),
    }
}

/// Notes the top-level keys of an example that the fields do not have, and missing required ones.
pub(super) fn check_example(
    v: &Value,
    fields: &[Field],
    what: &str,
    line: usize,
    notes: &mut Vec<Note>,
) {
    let Some(obj) = v.as_object() else {
        notes.push(Note {
            line,
            message: format!("the {what} example is not an object"),
        });
        return;
    };
    for k in obj.keys() {
        if !fields.iter().any(|f| &f.name == k) {
            notes.push(Note {
                line,
                message: format!("the {what} example has `{k}`, which no table lists"),
            });
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        if !obj.contains_key(&f.name) {
            notes.push(Note {
                line,
                message: format!("the {what} example lacks the required `{}`", f.name),
            });
        }
    }
}

/// The action's example: the page's (repaired where the fault is obvious, with the repairs made),
/// else one written from the tables' example column.
pub(super) fn example(
    page: &Page<'_>,
    request: &[Field],
    result: &[Field],
    bare: Option<&BareResult>,
    types: &BTreeMap<String, TypeDef>,
    notes: &mut Vec<Note>,
) -> (Example, Vec<String>) {
    let mut example_repairs = Vec::new();
    let mut request_example = None;
    match example_lines(page, Role::RequestExample) {
        None => notes.push(Note {
            line: 0,
            message:
                "no request example (请求示例) with JSON or a request line: the example is written from the tables"
                    .into(),
        }),
        Some((first, lines)) => {
            let mut body: Vec<(usize, &str)> = lines
                .into_iter()
                .skip_while(|(_, l)| l.trim().is_empty())
                .collect();
            let mut request_line = None;
            if let Some((no, l)) = body.first().copied() {
                let t = l.trim();
                if ["POST ", "GET ", "http"].iter().any(|p| t.starts_with(p)) {
                    request_line = Some((no, t.to_string()));
                    body.remove(0);
                }
            }
            let json: String = body.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
            if json.trim().is_empty() {
                match &request_line {
                    Some((_, l)) if l.contains('?') => {
                        let u = l.split_whitespace().last().unwrap_or("");
                        let mut m = Map::new();
                        for (k, v) in parse_url(u).1 {
                            if k != "Action" && k != "Version" {
                                let f = request.iter().find(|f| f.name == k);
                                m.insert(k, query_value(&v, f, types));
                            }
                        }
                        request_example = Some((first, Value::Object(m)));
                    }
                    _ => notes.push(Note {
                        line: first,
                        message: "the request example has no JSON and no query: the example is written from the tables".into(),
                    }),
                }
            } else {
                let start = body.first().map_or(first, |(n, _)| *n);
                match parse_json(&json, start) {
                    Ok((v, repairs)) => {
                        for r in &repairs {
                            notes.push(Note {
                                line: start,
                                message: format!("the request example is not JSON: {r}"),
                            });
                            example_repairs.push(format!("request: {r}"));
                        }
                        request_example = Some((start, v));
                    }
                    Err(n) => notes.push(Note {
                        line: n.line,
                        message: format!(
                            "the request example is {}: the example is written from the tables",
                            n.message
                        ),
                    }),
                }
            }
        }
    }
    let mut result_example = None;
    match example_lines(page, Role::ResponseExample) {
        None => notes.push(Note {
            line: 0,
            message: "no response example (返回示例) with JSON".into(),
        }),
        Some((first, lines)) => {
            let json: String = lines.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
            match parse_json(&json, first) {
                Ok((v, repairs)) => {
                    for r in &repairs {
                        notes.push(Note {
                            line: first,
                            message: format!("the response example is not JSON: {r}"),
                        });
                        example_repairs.push(format!("result: {r}"));
                    }
                    match v.get("Result") {
                        Some(r) => result_example = Some((first, r.clone())),
                        None => notes.push(Note {
                            line: first,
                            message: "the response example has no `Result`".into(),
                        }),
                    }
                }
                Err(n) => notes.push(Note {
                    line: n.line,
                    message: format!("the response example is {}", n.message),
                }),
            }
        }
    }
    let example = match request_example {
        Some((line, req)) => {
            check_example(&req, request, "request", line, notes);
            if let Some((rl, r)) = &result_example {
                if bare.is_none() && !(result.is_empty() && r.is_string()) {
                    check_example(r, result, "result", *rl, notes);
                }
            }
            Example {
                source: ExampleSource::Page,
                request: req,
                result: result_example.map(|(_, r)| r),
            }
        }
        None => {
            example_repairs.clear();
            let req = written_object(request, types, "request", notes);
            let from_bare = bare.and_then(|b| b.example.clone());
            let res = result_example.map(|(_, r)| r).or(from_bare).or_else(|| {
                (!result.is_empty()).then(|| written_object(result, types, "result", notes))
            });
            Example {
                source: ExampleSource::Written,
                request: req,
                result: res,
            }
        }
    };
    (example, example_repairs)
}
