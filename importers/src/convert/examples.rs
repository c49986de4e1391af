//! Examples chosen by a field's name and type, for actions the model gives none.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use serde_json::{json, Value};

use super::types::{is_scalar, norm_ty};
use codegen::spec::{Field, TypeDef, TypeKind};

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

/// A field's `example:`: for scalars and lists or maps of scalars.
pub(crate) fn field_example(f: &Field) -> Option<Value> {
    let t = norm_ty(&f.ty);
    let inner = t
        .strip_prefix("list<")
        .or_else(|| t.strip_prefix("map<string,"))
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(&t);
    if is_scalar(inner) {
        Some(value_example(
            &f.name,
            &t,
            &BTreeMap::new(),
            0,
            &mut Vec::new(),
        ))
    } else {
        None
    }
}
