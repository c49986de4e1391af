//! The callback events, lowered: each event's `EventData` fields and the event files' own types,
//! with their docs rendered. Event types are decoded, not validated, so a field's constraints are
//! documentation only, and an unparsable type expression (the checker reports it) is JSON.

use heck::ToShoutySnakeCase;

use super::docs::{field_doc, text};
use crate::doc;
use crate::events::{EventFamilyModel, EventModel};
use crate::ir::{
    EnumBase, EventFamily, EventField, EventItem, EventTypeItem, EventValue, NamedKind, NamedTy,
    RustTy,
};
use crate::spec::{Field, TypeDef, TypeKind};
use crate::ty::Ty;

/// The events of one family.
pub(super) fn family(fam: &EventFamilyModel) -> EventFamily {
    EventFamily {
        name: fam.name.clone(),
        files: fam.events.iter().map(|e| e.file.clone()).collect(),
        events: fam.events.iter().map(|e| event(fam, e)).collect(),
        types: fam
            .events
            .iter()
            .flat_map(|e| e.spec.types.iter().map(|(n, d)| type_item(n, d)))
            .collect(),
    }
}

fn event(fam: &EventFamilyModel, e: &EventModel) -> EventItem {
    let mut d = format!(
        "{}: {}",
        doc::code(&e.spec.event),
        text(&e.spec.description)
    );
    if e.spec.fields.is_none() && e.spec.data.is_none() {
        d.push_str(
            "\n\nIts `EventData` is not documented: it is carried as JSON (fields written into \
             the event's spec file make it typed).",
        );
    }
    EventItem {
        name: e.spec.event.clone(),
        data_doc: format!("The `EventData` of {d}"),
        doc: d,
        fields: e.spec.fields.as_deref().map(fields),
        data_type: e.spec.data.clone(),
        sensitive: sensitive_paths(fam, e),
    }
}

/// The sensitive paths of an event's `EventData` (its fields, or its `data` type's).
fn sensitive_paths(fam: &EventFamilyModel, e: &EventModel) -> Vec<String> {
    let lookup = |name: &str| fam.events.iter().find_map(|e| e.spec.types.get(name));
    let fields = match (&e.spec.fields, &e.spec.data) {
        (Some(f), _) => f.as_slice(),
        (None, Some(t)) => lookup(t).map_or(&[][..], |d| d.fields.as_slice()),
        (None, None) => &[],
    };
    crate::sensitive::sensitive_paths(fields, &lookup)
}

fn fields(fields: &[Field]) -> Vec<EventField> {
    fields
        .iter()
        .map(|f| {
            let ty = Ty::parse(&f.ty).unwrap_or(Ty::Json);
            EventField {
                wire: f.name.clone(),
                rust: super::rust_field_name(f),
                doc: field_doc(f, &ty),
                ty: rust_ty(&ty),
                required: f.required,
                sensitive: f.sensitive,
                sensitive_keys: f.sensitive_keys.clone(),
            }
        })
        .collect()
}

/// An event file's type expression as a Rust type: a named type is the family module's own.
fn rust_ty(ty: &Ty) -> RustTy {
    if let Some(t) = super::scalar(ty) {
        return t;
    }
    match ty {
        Ty::List(t) => RustTy::List(Box::new(rust_ty(t))),
        Ty::Map(t) => RustTy::Map(Box::new(rust_ty(t))),
        Ty::Named(n) => RustTy::Named(NamedTy {
            name: n.clone(),
            shared: false,
            kind: NamedKind::Object { eq: false },
        }),
        // Scalars are answered above.
        _ => RustTy::Json,
    }
}

fn type_item(name: &str, def: &TypeDef) -> EventTypeItem {
    let doc = text(&def.description);
    match def.kind {
        TypeKind::Enum => EventTypeItem::Enum {
            name: name.to_string(),
            doc,
            base: match def.base.as_deref() {
                Some("string") => EnumBase::String,
                Some("i32") => EnumBase::I32,
                _ => EnumBase::I64,
            },
            values: def
                .values
                .iter()
                .map(|v| EventValue {
                    constant: v.name.to_shouty_snake_case(),
                    name: v.name.clone(),
                    value: v.value.clone(),
                    doc: format!("`{}`: {}", v.value, text(&v.description)),
                })
                .collect(),
        },
        _ => EventTypeItem::Object {
            name: name.to_string(),
            doc,
            fields: fields(&def.fields),
        },
    }
}
