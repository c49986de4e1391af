//! JSON Schemas of the spec format, derived from the types in [`crate::spec`].

use crate::spec::{ActionSpec, ServiceSpec, TypesFile};

/// `(file name, pretty JSON)` for each kind of spec file.
pub fn schemas() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, schema) in [
        ("action.schema.json", schemars::schema_for!(ActionSpec)),
        ("service.schema.json", schemars::schema_for!(ServiceSpec)),
        ("types.schema.json", schemars::schema_for!(TypesFile)),
        (
            "event.schema.json",
            schemars::schema_for!(crate::events::EventSpec),
        ),
    ] {
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        out.push((name.to_string(), text));
    }
    out
}
