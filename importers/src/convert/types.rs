//! Go types to spec types, fields and type definitions, and the structs an action reaches.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use heck::ToSnakeCase;

use super::naming::struct_refs;
use super::{ResultShape, Roots, Side, RESERVED_FIELD_NAMES};
use crate::go_model::{GoField, GoModel, GoStruct, GoType};
use crate::TODO_EN;
use codegen::spec::{Field, Text, TypeDef, TypeKind};
use codegen::RUST_KEYWORDS;

/// Maps a Go type to a spec type expression; `Err` says what could not be mapped.
pub fn map_type(t: &GoType, resolve: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    match t {
        GoType::Pointer(inner) => map_type(inner, resolve),
        GoType::Interface => Ok("json".into()),
        GoType::Named(n) => match n.as_str() {
            "string" => Ok("string".into()),
            "int32" => Ok("i32".into()),
            "int64" | "int" => Ok("i64".into()),
            "uint32" => Ok("u32".into()),
            "float32" => Ok("f32".into()),
            "float64" => Ok("f64".into()),
            "bool" => Ok("bool".into()),
            _ => resolve(n).ok_or_else(|| format!("unknown Go type `{n}`")),
        },
        GoType::Slice(inner) => {
            if *inner.pointee() == GoType::Named("byte".into()) {
                return Err("`[]byte` is not mapped".into());
            }
            Ok(format!("list<{}>", map_type(inner, resolve)?))
        }
        GoType::Array(..) => Err(format!("array type `{t}` is not mapped")),
        GoType::Map(k, v) => {
            if *k.pointee() != GoType::Named("string".into()) {
                return Err(format!("map key type in `{t}` is not `string`"));
            }
            Ok(format!("map<string,{}>", map_type(v, resolve)?))
        }
    }
}

/// Whether a spec type expression is a scalar (travels in a query string).
pub(crate) fn is_scalar(ty: &str) -> bool {
    matches!(
        ty,
        "string" | "i32" | "i64" | "u32" | "f32" | "f64" | "bool"
    )
}

/// Builds a spec field from a Go field; `place` names it in notes (`request.Foo`).
pub(crate) fn field_of(
    f: &GoField,
    place: &str,
    file: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<String>,
) -> Field {
    let wire = f.wire_name().to_string();
    let (ty, source) = match map_type(&f.ty, resolve) {
        Ok(t) => (t, None),
        Err(e) => {
            notes.push(format!("{place} ({file}:{}): {e}; written as json", f.line));
            (
                "json".to_string(),
                Some(format!(
                    "importer: the Go type `{}` is not mapped; written as json",
                    f.ty
                )),
            )
        }
    };
    let snake = wire.to_snake_case();
    let rust_name = if RUST_KEYWORDS.contains(&snake.as_str())
        || RESERVED_FIELD_NAMES.contains(&snake.as_str())
    {
        Some(format!("{snake}_"))
    } else {
        None
    };
    let valid = snake.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && snake
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        notes.push(format!(
            "{place} ({file}:{}): the wire name `{wire}` gives no snake_case Rust name (`{snake}`); set rust_name",
            f.line
        ));
    }
    Field {
        name: wire,
        // The documented word is set once every type is known (`doc_types::document`).
        doc_type: String::new(),
        ty,
        required: f.required(),
        rust_name,
        example: None,
        description: Text {
            zh: f.description(),
            en: TODO_EN.into(),
        },
        constraints: Default::default(),
        accepts_only: None,
        required_when: None,
        only_when: None,
        forbidden_when: None,
        source,
        not_enum: None,
        sensitive: false,
        sensitive_keys: Vec::new(),
    }
}

pub(crate) fn fields_of(
    s: &GoStruct,
    place: &str,
    file: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<String>,
) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    let mut snakes: BTreeMap<String, String> = BTreeMap::new();
    for e in &s.embedded {
        notes.push(format!(
            "{place} ({file}:{}): the embedded field `{e}` of {} is not imported",
            s.line, s.name
        ));
    }
    for f in &s.fields {
        if f.skipped() {
            continue;
        }
        let p = format!("{place}.{}", f.wire_name());
        let field = field_of(f, &p, file, resolve, notes);
        let snake = field
            .rust_name
            .clone()
            .unwrap_or_else(|| field.name.to_snake_case());
        if let Some(prev) = snakes.insert(snake.clone(), field.name.clone()) {
            notes.push(format!(
                "{p} ({file}:{}): collides with `{prev}` as the Rust name `{snake}`; set rust_name on one",
                f.line
            ));
        }
        if out.iter().any(|x| x.name == field.name) {
            notes.push(format!(
                "{p} ({file}:{}): the wire name is used twice in {}",
                f.line, s.name
            ));
            continue;
        }
        out.push(field);
    }
    out
}

pub(crate) fn typedef_of(
    s: &GoStruct,
    place: &str,
    file: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<String>,
) -> TypeDef {
    TypeDef {
        kind: TypeKind::Object,
        description: Text {
            zh: s.description(),
            en: TODO_EN.into(),
        },
        source: None,
        fields: fields_of(s, place, file, resolve, notes),
        base: None,
        open: false,
        values: Vec::new(),
        values_from: None,
        discriminator: None,
        discriminator_default: None,
        variants: Vec::new(),
    }
}

/// Whether two object types have the same fields (name, type, required).
pub fn same_fields(a: &TypeDef, b: &TypeDef) -> bool {
    a.kind == b.kind
        && a.fields.len() == b.fields.len()
        && a.fields.iter().zip(&b.fields).all(|(x, y)| {
            x.name == y.name && norm_ty(&x.ty) == norm_ty(&y.ty) && x.required == y.required
        })
}

/// A type expression without spaces (`map<string, T>` → `map<string,T>`).
pub fn norm_ty(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The action's reachable structs: (struct, parent struct, field, side), breadth first from the
/// request's fields, then the result's.
pub(crate) fn reach<'a>(
    model: &'a GoModel,
    r: &Roots<'a>,
) -> Vec<(&'a GoStruct, &'a GoStruct, &'a GoField, Side)> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut queue: VecDeque<(&GoStruct, Side)> = VecDeque::new();
    if let Some(req) = r.request {
        seen.insert(&req.name);
        queue.push_back((req, Side::Request));
    }
    match &r.result {
        ResultShape::Fields(s) => {
            seen.insert(&s.name);
            queue.push_back((s, Side::Result));
        }
        ResultShape::Type(t) => {
            // A list Result: its element struct, reached through the Res struct's Result field.
            if let Some(res) = r.res_struct {
                if let Some(f) = res.fields.iter().find(|f| f.name == "Result") {
                    for s in struct_refs(model, t) {
                        if seen.insert(&s.name) {
                            out.push((s, res, f, Side::Result));
                            queue.push_back((s, Side::Result));
                        }
                    }
                }
            }
        }
        ResultShape::Absent => {}
    }
    while let Some((s, side)) = queue.pop_front() {
        for f in &s.fields {
            for t in struct_refs(model, &f.ty) {
                if seen.insert(&t.name) {
                    out.push((t, s, f, side));
                    queue.push_back((t, side));
                }
            }
        }
    }
    out
}
