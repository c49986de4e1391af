//! The same-shape rule: one type per wire shape per family. Two object types have the same shape
//! when they have the same wire field names, each with the same type (a named object type compared
//! by its own shape, recursively) and the same required flag; descriptions, `doc_type`, examples
//! and field order do not count.

use std::collections::BTreeMap;

use crate::events::EventFamilyModel;
use crate::model::FamilyModel;
use crate::spec::{Field, TypeDef, TypeKind};
use crate::ty::Ty;

/// A pair of same-shaped object types: (file, type name) each; `second` is the first type of
/// that shape found (shared types first, then actions in file order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapePair {
    /// The later type.
    pub first: (String, String),
    /// The earlier type of the same shape.
    pub second: (String, String),
}

struct Keys<'a> {
    shared: BTreeMap<&'a str, &'a TypeDef>,
    local: Option<&'a BTreeMap<String, TypeDef>>,
    memo: BTreeMap<String, Option<String>>,
}

impl Keys<'_> {
    fn def(&self, name: &str) -> Option<&TypeDef> {
        self.local
            .and_then(|l| l.get(name))
            .or_else(|| self.shared.get(name).copied())
    }

    /// The shape of a named type; None inside a cycle (never compared).
    fn named(&mut self, name: &str) -> Option<String> {
        if let Some(k) = self.memo.get(name) {
            return k.clone();
        }
        self.memo.insert(name.to_string(), None);
        let def = self.def(name)?.clone();
        let key = match def.kind {
            TypeKind::Object => self.fields(&def.fields),
            // Enums and unions compare by name: their values carry meaning.
            _ => Some(name.to_string()),
        };
        self.memo.insert(name.to_string(), key.clone());
        key
    }

    /// The shape of an object with `fields`.
    fn fields(&mut self, fields: &[Field]) -> Option<String> {
        let mut out = Vec::new();
        for f in fields {
            let t = Ty::parse(&f.ty).ok()?;
            out.push(format!("{}:{}:{}", f.name, self.ty(&t)?, f.required));
        }
        out.sort();
        Some(format!("{{{}}}", out.join(",")))
    }

    fn ty(&mut self, t: &Ty) -> Option<String> {
        Some(match t {
            Ty::List(i) => format!("list<{}>", self.ty(i)?),
            Ty::Map(i) => format!("map<{}>", self.ty(i)?),
            Ty::Named(n) => self.named(n)?,
            other => other.to_string(),
        })
    }
}

/// Pairs `here` with the first place of shape `key`, or makes it the first.
fn pair_with_first(
    first_of: &mut BTreeMap<String, (String, String)>,
    pairs: &mut Vec<ShapePair>,
    key: String,
    here: (String, String),
) {
    match first_of.get(&key) {
        Some(earlier) => pairs.push(ShapePair {
            first: here,
            second: earlier.clone(),
        }),
        None => {
            first_of.insert(key, here);
        }
    }
}

/// Every pair of same-shaped object types of a family: each type paired with the first type of
/// its shape (a group of n types gives n - 1 pairs). Empty objects (`{}`) are left out.
pub fn same_shape_pairs(fam: &FamilyModel) -> Vec<ShapePair> {
    let shared: BTreeMap<&str, &TypeDef> = fam
        .types
        .iter()
        .map(|t| (t.name.as_str(), &t.def))
        .collect();
    // A union's variant types may share a shape (the discriminator tells them apart) and stay
    // apart from other types, as `cargo xtask dedupe-types` leaves them.
    let mut first_of: BTreeMap<String, (String, String)> = BTreeMap::new();
    let union_of = |local: Option<&BTreeMap<String, TypeDef>>, name: &str| -> Option<String> {
        let all = local
            .into_iter()
            .flat_map(|l| l.iter())
            .chain(fam.types.iter().map(|t| (&t.name, &t.def)));
        for (u, d) in all {
            if d.kind == TypeKind::Union && d.variants.iter().any(|v| v.ty == name) {
                return Some(u.clone());
            }
        }
        None
    };
    let mut pairs = Vec::new();
    let mut visit = |keys: &mut Keys<'_>, file: &str, name: &str| {
        if keys
            .def(name)
            .is_none_or(|d| d.kind != TypeKind::Object || d.fields.is_empty())
        {
            return;
        }
        let Some(k) = keys.named(name) else {
            return;
        };
        let here = (file.to_string(), name.to_string());
        if union_of(keys.local, name).is_some() {
            return;
        }
        pair_with_first(&mut first_of, &mut pairs, k, here);
    };
    let mut keys = Keys {
        shared: shared.clone(),
        local: None,
        memo: BTreeMap::new(),
    };
    for t in &fam.types {
        visit(&mut keys, &t.file, &t.name);
    }
    for a in &fam.actions {
        let mut keys = Keys {
            shared: shared.clone(),
            local: Some(&a.spec.types),
            memo: BTreeMap::new(),
        };
        for name in a.spec.types.keys() {
            visit(&mut keys, &a.file, name);
        }
    }
    pairs
}

/// Every pair of same-shaped `EventData` of a callback family: an event's `fields` (named
/// `(file, "fields")`) or an object type of its events (`(file, "types.<name>")`), each paired with
/// the first of its shape (types in event order first, then the events' fields). Events of one
/// shape name one type with `data` instead.
pub fn event_shape_pairs(fam: &EventFamilyModel) -> Vec<ShapePair> {
    let shared: BTreeMap<&str, &TypeDef> = fam
        .events
        .iter()
        .flat_map(|e| e.spec.types.iter().map(|(n, d)| (n.as_str(), d)))
        .collect();
    let mut keys = Keys {
        shared,
        local: None,
        memo: BTreeMap::new(),
    };
    let mut first_of: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut pairs = Vec::new();
    let mut visit = |key: Option<String>, here: (String, String)| {
        if let Some(k) = key.filter(|k| k != "{}") {
            pair_with_first(&mut first_of, &mut pairs, k, here);
        }
    };
    for e in &fam.events {
        for (name, def) in &e.spec.types {
            if def.kind == TypeKind::Object {
                visit(keys.named(name), (e.file.clone(), format!("types.{name}")));
            }
        }
    }
    for e in &fam.events {
        if let Some(fields) = &e.spec.fields {
            visit(keys.fields(fields), (e.file.clone(), "fields".to_string()));
        }
    }
    pairs
}
