//! Documented types: the `doc_type` of every field the importer writes, in the words the vendor's
//! pages use (as the curated spec writes them), from the field's spec type: `string` String,
//! `i32`/`u32` Integer, `i64` Long, `f32`/`f64` Float, `bool` Boolean, `json` Object, an object
//! type `Object of <Name>`, an enum its base's word, `list<T>` `Array of <T's word, an object's
//! name>`, `map<string,T>` `JSON Map<String,<T's word>>`. Never the Go type (`*int32`, `[]*X`) or a
//! Go struct name: spec-check's `go-doc-type` rule finds none in the output.

use std::collections::BTreeMap;

use codegen::spec::{Field, TypeDef, TypeKind};

use super::Converted;
use crate::merge::Expr;

/// The documented word of a spec type, given the types its names resolve to.
pub fn doc_type(ty: &str, types: &dyn Fn(&str) -> Option<TypeDef>) -> String {
    word(&Expr::parse(ty), types, false)
}

fn scalar(name: &str) -> Option<&'static str> {
    Some(match name {
        "string" => "String",
        "i32" | "u32" => "Integer",
        "i64" => "Long",
        "f32" | "f64" => "Float",
        "bool" => "Boolean",
        "json" => "Object",
        _ => return None,
    })
}

/// `element`: inside `Array of`, where an object type is named bare (`Array of Region`).
fn word(e: &Expr, types: &dyn Fn(&str) -> Option<TypeDef>, element: bool) -> String {
    match e {
        Expr::List(t) => format!("Array of {}", word(t, types, true)),
        Expr::Map(t) => format!("JSON Map<String,{}>", word(t, types, false)),
        Expr::Name(n) => {
            if let Some(s) = scalar(n) {
                return s.to_string();
            }
            match types(n) {
                Some(d) if d.kind == TypeKind::Enum => d
                    .base
                    .as_deref()
                    .and_then(scalar)
                    .unwrap_or("String")
                    .to_string(),
                _ if element => n.clone(),
                _ => format!("Object of {n}"),
            }
        }
    }
}

/// Sets the `doc_type` of every field of the converted model; `existing` are the family's types
/// of other files and, per action, the types of its file (update mode).
pub(crate) fn document(
    out: &mut Converted,
    existing: &BTreeMap<String, TypeDef>,
    existing_local: &BTreeMap<String, BTreeMap<String, TypeDef>>,
) {
    let shared = out.shared.clone();
    let family = |n: &str| shared.get(n).or_else(|| existing.get(n)).cloned();
    let set = |fields: &mut [Field], local: &dyn Fn(&str) -> Option<TypeDef>| {
        for f in fields {
            if f.source
                .as_deref()
                .is_some_and(|s| s.contains("is not mapped"))
            {
                // Written as json because the Go type has no spec type: the page's word is unknown.
                f.doc_type = "JSON".into();
            } else {
                f.doc_type = doc_type(&f.ty, &|n| local(n).or_else(|| family(n)));
            }
        }
    };
    let none = |_: &str| None;
    for def in out.shared.values_mut() {
        set(&mut def.fields, &none);
    }
    let empty = BTreeMap::new();
    for a in &mut out.actions {
        let types = a.spec.types.clone();
        let own = existing_local.get(&a.spec.action).unwrap_or(&empty).clone();
        let local = |n: &str| types.get(n).or_else(|| own.get(n)).cloned();
        set(&mut a.spec.request, &local);
        set(&mut a.spec.result, &local);
        for def in a.spec.types.values_mut() {
            set(&mut def.fields, &local);
        }
    }
}
