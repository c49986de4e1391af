//! Examples chosen by a field's name and type, for actions the model gives none.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use serde_json::{json, Value};

use super::types::{is_scalar, norm_ty};
use codegen::spec::{ActionSpec, Field, TypeDef, TypeKind};

/// A string example chosen by the field's name.
pub(crate) fn string_example(name: &str) -> String {
    match name {
        "AppId" | "AppID" => return "your_app_id".into(),
        "RoomId" | "RoomID" => return "Room1".into(),
        "UserId" | "UserID" => return "User1".into(),
        "TaskId" | "TaskID" => return "Task1".into(),
        _ => {}
    }
    if name.contains("Url") || name.contains("URL") {
        return "https://example.com/".into();
    }
    for suffix in ["Id", "ID"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            if !stem.is_empty() {
                return format!("{stem}1");
            }
        }
    }
    format!("your_{}", name.to_snake_case())
}

/// An example value of type `ty` for a field named `name`; `stack` holds the named types being
/// built (a recursive type gets an empty list or is left out).
pub(crate) fn value_example(
    name: &str,
    ty: &str,
    lookup: &BTreeMap<String, TypeDef>,
    optional: usize,
    stack: &mut Vec<String>,
) -> Value {
    let ty = norm_ty(ty);
    match ty.as_str() {
        "string" => return Value::String(string_example(name)),
        "i32" | "i64" | "u32" => return json!(1),
        "f32" | "f64" => return json!(1.0),
        "bool" => return json!(true),
        "json" => return json!({}),
        _ => {}
    }
    if let Some(inner) = ty.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
        if stack.iter().any(|s| s == inner) || stack.len() > 6 {
            return json!([]);
        }
        return json!([value_example(name, inner, lookup, optional, stack)]);
    }
    if let Some(inner) = ty
        .strip_prefix("map<string,")
        .and_then(|r| r.strip_suffix('>'))
    {
        if stack.iter().any(|s| s == inner) || stack.len() > 6 {
            return json!({});
        }
        return json!({ "key": value_example(name, inner, lookup, optional, stack) });
    }
    match lookup.get(&ty) {
        Some(def) if def.kind == TypeKind::Object => {
            stack.push(ty.clone());
            let v = object_example(&def.fields, lookup, optional.min(1), stack);
            stack.pop();
            v
        }
        Some(def) => def
            .values
            .first()
            .map(|v| v.value.clone())
            .unwrap_or(Value::Null),
        None => Value::Null,
    }
}

/// An object with every required field and up to `optional` optional ones (scalars first).
pub(crate) fn object_example(
    fields: &[Field],
    lookup: &BTreeMap<String, TypeDef>,
    optional: usize,
    stack: &mut Vec<String>,
) -> Value {
    let mut obj = serde_json::Map::new();
    let mut picked: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let scalar_optional = fields
        .iter()
        .filter(|f| !f.required && is_scalar(&norm_ty(&f.ty)));
    let other_optional = fields
        .iter()
        .filter(|f| !f.required && !is_scalar(&norm_ty(&f.ty)));
    picked.extend(scalar_optional.chain(other_optional).take(optional));
    for f in fields {
        if !picked.iter().any(|p| std::ptr::eq(*p, f)) {
            continue;
        }
        let recursive = stack.iter().any(|s| *s == norm_ty(&f.ty));
        if recursive {
            continue;
        }
        let v = value_example(&f.name, &f.ty, lookup, optional, stack);
        if !v.is_null() {
            obj.insert(f.name.clone(), v);
        }
    }
    Value::Object(obj)
}

/// A field's `example:`: for scalars, enums and lists or maps of them (an enum's first value).
pub(crate) fn field_example(f: &Field, lookup: &BTreeMap<String, TypeDef>) -> Option<Value> {
    let t = norm_ty(&f.ty);
    let inner = t
        .strip_prefix("list<")
        .or_else(|| t.strip_prefix("map<string,"))
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(&t);
    let enumerated = lookup
        .get(inner)
        .is_some_and(|d| d.kind == TypeKind::Enum && !d.values.is_empty());
    if is_scalar(inner) || enumerated {
        Some(value_example(&f.name, &t, lookup, 0, &mut Vec::new()))
    } else {
        None
    }
}

/// The example of an action's `Result`: `"ok"` for a string, none for JSON, else built from the
/// type or the fields (`fields_shape`: the model's Result is an object, possibly empty).
pub(crate) fn result_example(
    spec: &ActionSpec,
    lookup: &BTreeMap<String, TypeDef>,
    fields_shape: bool,
) -> Option<Value> {
    match &spec.result_type {
        Some(t) if t == "json" => None,
        Some(t) if t == "string" => Some(Value::String("ok".into())),
        Some(t) => Some(value_example("Result", t, lookup, 2, &mut Vec::new())),
        None if fields_shape => Some(object_example(&spec.result, lookup, 3, &mut Vec::new())),
        None => None,
    }
}

/// Fills every field's `example:` and the action's example again, once the types are final (the
/// enums declared): `lookup` has every type the action can name.
pub(crate) fn refresh(spec: &mut ActionSpec, lookup: &BTreeMap<String, TypeDef>) {
    for f in spec.request.iter_mut().chain(spec.result.iter_mut()) {
        f.example = field_example(f, lookup);
    }
    for def in spec.types.values_mut() {
        for f in &mut def.fields {
            f.example = field_example(f, lookup);
        }
    }
    let request = object_example(&spec.request, lookup, 2, &mut Vec::new());
    let had_result = spec.examples.first().is_some_and(|e| e.result.is_some());
    let result = result_example(spec, lookup, spec.result_type.is_none() && had_result);
    if let Some(e) = spec.examples.first_mut() {
        e.request = request;
        e.result = result;
    }
}
