//! Importer drafts: English texts still saying `TODO:` are allowed only in a file marked
//! `draft: true`, and the generator refuses a draft.

use crate::spec::{ActionSpec, Field, ServiceSpec, TypeDef};

/// Whether an English text is a placeholder an importer left for a person to write.
pub(super) fn says_todo(t: &crate::spec::Text) -> bool {
    t.en.trim_start().starts_with("TODO:")
}

/// The paths (`request[3].description.en`) of the English texts of named types that say TODO.
pub(super) fn todo_in_types<'a>(
    types: impl IntoIterator<Item = (&'a String, &'a TypeDef)>,
    out: &mut Vec<String>,
) {
    for (name, def) in types {
        let p = format!("types.{name}");
        if says_todo(&def.description) {
            out.push(format!("{p}.description.en"));
        }
        todo_in_fields(&format!("{p}.fields"), &def.fields, out);
        for (i, v) in def.values.iter().enumerate() {
            if says_todo(&v.description) {
                out.push(format!("{p}.values[{i}].description.en"));
            }
        }
        for (i, v) in def.variants.iter().enumerate() {
            if says_todo(&v.description) {
                out.push(format!("{p}.variants[{i}].description.en"));
            }
        }
    }
}

fn todo_in_fields(path: &str, fields: &[Field], out: &mut Vec<String>) {
    for (i, f) in fields.iter().enumerate() {
        if says_todo(&f.description) {
            out.push(format!("{path}[{i}].description.en"));
        }
    }
}

/// The paths of an action file's English texts that say TODO.
pub(super) fn todo_in_action(a: &ActionSpec) -> Vec<String> {
    let mut out = Vec::new();
    if says_todo(&a.description) {
        out.push("description.en".to_string());
    }
    if a.limits.description.as_ref().is_some_and(says_todo) {
        out.push("limits.description.en".to_string());
    }
    for (i, r) in a.limits.rates.iter().enumerate() {
        if says_todo(&r.description) {
            out.push(format!("limits.rates[{i}].description.en"));
        }
    }
    todo_in_fields("request", &a.request, &mut out);
    todo_in_fields("result", &a.result, &mut out);
    todo_in_types(&a.types, &mut out);
    out
}

/// The paths of `service.yaml`'s English texts that say TODO.
pub(super) fn todo_in_service(s: &ServiceSpec) -> Vec<String> {
    let mut out = Vec::new();
    if says_todo(&s.description) {
        out.push("description.en".to_string());
    }
    let lists: [(&str, Vec<&crate::spec::Text>); 5] = [
        (
            "regions",
            s.regions.iter().map(|r| &r.description).collect(),
        ),
        (
            "families",
            s.families.iter().map(|f| &f.description).collect(),
        ),
        ("groups", s.groups.iter().map(|g| &g.description).collect()),
        ("errors", s.errors.iter().map(|e| &e.description).collect()),
        (
            "rate_limits",
            s.rate_limits.iter().map(|r| &r.description).collect(),
        ),
    ];
    for (key, texts) in lists {
        for (i, t) in texts.into_iter().enumerate() {
            if says_todo(t) {
                out.push(format!("{key}[{i}].description.en"));
            }
        }
    }
    out
}

/// Only a draft may say TODO: the message for a TODO in a finished file.
pub(super) const TODO_IN_FINISHED: &str =
    "the English text still says TODO: write it (only an importer draft, `draft: true`, may)";
