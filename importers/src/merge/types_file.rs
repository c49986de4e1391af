//! Update mode for the family types file a model run writes.

use std::collections::BTreeMap;

use super::Ctx;
use codegen::spec::{ActionSpec, Text, TypeDef, TypeKind};

/// Merges the types a model defines for its family types file into that file's current types.
/// Returns the merged types and the changes.
pub fn merge_types(
    old: &BTreeMap<String, TypeDef>,
    new: &BTreeMap<String, TypeDef>,
) -> (BTreeMap<String, TypeDef>, Vec<String>) {
    let mut out = old.clone();
    let mut changes = Vec::new();
    let empty = ActionSpec {
        action: String::new(),
        version: String::new(),
        family: String::new(),
        rust_name: None,
        method: codegen::spec::Method::POST,
        params_in: codegen::spec::Placement::Body,
        description: Text::default(),
        source: String::new(),
        doc_url: None,
        limits: Default::default(),
        idempotency_key: None,
        read_only: false,
        replay_safe: None,
        group: None,
        paging: None,
        draft: false,
        deviations: Vec::new(),
        request: Vec::new(),
        result: Vec::new(),
        result_type: None,
        result_optional: false,
        types: BTreeMap::new(),
        examples: Vec::new(),
        fake: Default::default(),
    };
    let none = BTreeMap::new();
    for (name, ndef) in new {
        let path = format!("type.{name}");
        match old.get(name) {
            None => {
                changes.push(format!("{path}: added"));
                out.insert(name.clone(), ndef.clone());
            }
            Some(odef) if odef.kind != TypeKind::Object => {}
            Some(odef) => {
                let mut ctx = Ctx {
                    old: &empty,
                    new: &empty,
                    shared: &none,
                    mapping: BTreeMap::new(),
                    changes: Vec::new(),
                    notes: Vec::new(),
                };
                let mut def = odef.clone();
                def.description = ctx.merge_text(&odef.description, &ndef.description, &path);
                def.fields = ctx.merge_fields(&odef.fields, &ndef.fields, &path);
                changes.extend(ctx.changes);
                out.insert(name.clone(), def);
            }
        }
    }
    (out, changes)
}
