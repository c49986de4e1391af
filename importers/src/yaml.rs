//! Writing spec files: serde_yaml in the field order of [`codegen::spec`], without the keys that only
//! repeat a default (`null`, `false` flags, empty lists and maps), headed with the schema comment.

use serde_yaml::{Mapping, Value};

use codegen::spec::{ActionSpec, TypesFile};

/// The first line of an action file.
pub const ACTION_HEADER: &str = "# yaml-language-server: $schema=../../schema/action.schema.json";
/// The first line of a types file.
pub const TYPES_HEADER: &str = "# yaml-language-server: $schema=../schema/types.schema.json";

fn drop_defaults(m: &mut Mapping, false_keys: &[&str], empty_keys: &[&str]) {
    let keys: Vec<Value> = m.keys().cloned().collect();
    for k in keys {
        let name = k.as_str().unwrap_or_default().to_string();
        let drop = match &m[&k] {
            Value::Null => true,
            Value::Bool(false) => false_keys.contains(&name.as_str()),
            Value::Sequence(s) => s.is_empty() && empty_keys.contains(&name.as_str()),
            Value::Mapping(x) => x.is_empty() && empty_keys.contains(&name.as_str()),
            _ => false,
        };
        if drop {
            m.shift_remove(&k);
        }
    }
}

fn prune_constraints(v: &mut Value) {
    if let Value::Mapping(m) = v {
        if let Some(items) = m.get_mut("items") {
            prune_constraints(items);
        }
        drop_defaults(m, &[], &["items"]);
    }
}

fn prune_fields(v: &mut Value) {
    let Value::Sequence(fields) = v else { return };
    for f in fields {
        let Value::Mapping(m) = f else { continue };
        if let Some(c) = m.get_mut("constraints") {
            prune_constraints(c);
        }
        drop_defaults(m, &[], &["constraints"]);
    }
}

fn prune_types(v: &mut Value) {
    let Value::Mapping(types) = v else { return };
    for (_, def) in types.iter_mut() {
        let Value::Mapping(m) = def else { continue };
        if let Some(f) = m.get_mut("fields") {
            prune_fields(f);
        }
        drop_defaults(m, &["open"], &["fields", "values", "variants"]);
    }
}

/// The action as a YAML value without default-valued keys.
pub fn action_value(spec: &ActionSpec) -> Result<Value, String> {
    let mut v = serde_yaml::to_value(spec).map_err(|e| e.to_string())?;
    let Value::Mapping(m) = &mut v else {
        return Err("an action did not serialise to a mapping".into());
    };
    for key in ["request", "result"] {
        if let Some(f) = m.get_mut(key) {
            prune_fields(f);
        }
    }
    if let Some(t) = m.get_mut("types") {
        prune_types(t);
    }
    if let Some(Value::Mapping(l)) = m.get_mut("limits") {
        drop_defaults(l, &[], &["rates"]);
    }
    if let Some(Value::Mapping(f)) = m.get_mut("fake") {
        drop_defaults(f, &[], &["new_ids"]);
    }
    if let Some(Value::Mapping(p)) = m.get_mut("paging") {
        drop_defaults(p, &[], &[]);
    }
    if let Some(Value::Sequence(ex)) = m.get_mut("examples") {
        for e in ex {
            if let Value::Mapping(e) = e {
                // `request` is data and required: only a null `result` goes.
                if e.get("result").is_some_and(Value::is_null) {
                    e.shift_remove("result");
                }
            }
        }
    }
    drop_defaults(
        m,
        &["read_only", "draft", "result_optional"],
        &["limits", "deviations", "result", "types", "fake"],
    );
    Ok(v)
}

/// The text of an action file: the schema comment, then the YAML.
pub fn action_to_yaml(spec: &ActionSpec) -> Result<String, String> {
    let v = action_value(spec)?;
    let body = serde_yaml::to_string(&v).map_err(|e| e.to_string())?;
    // A date-like version is quoted, as in the hand-written files (YAML 1.1 reads it as a date).
    let plain = format!("\nversion: {}\n", spec.version);
    let body = body.replacen(&plain, &format!("\nversion: \"{}\"\n", spec.version), 1);
    Ok(format!("{ACTION_HEADER}\n{body}"))
}

/// The text of a types file: the schema comment, then the YAML.
pub fn types_to_yaml(file: &TypesFile) -> Result<String, String> {
    let mut v = serde_yaml::to_value(file).map_err(|e| e.to_string())?;
    if let Value::Mapping(m) = &mut v {
        if let Some(t) = m.get_mut("types") {
            prune_types(t);
        }
    }
    let body = serde_yaml::to_string(&v).map_err(|e| e.to_string())?;
    Ok(format!("{TYPES_HEADER}\n{body}"))
}

/// Parses an action file (no checks beyond the format's structure).
pub fn parse_action(text: &str) -> Result<ActionSpec, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// Parses a types file (no checks beyond the format's structure).
pub fn parse_types(text: &str) -> Result<TypesFile, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}
