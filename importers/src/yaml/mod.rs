//! The one YAML writer of the importers: every spec file they write (`import-page` drafts,
//! `import-go-model` actions and types files, `dedupe-types`' shared types file) goes through
//! [`action_to_yaml`], [`action_to_yaml_with`] or [`types_to_yaml`].
//!
//! - **Keys** in the field order of [`codegen::spec`] (`action`, `version`, `family`, ...; a field's
//!   `name`, `doc_type`, `type`, `required`, ...), without the keys that only repeat a default: a key
//!   whose value is null, `false`, `[]` or `{}` is left out when the file reads back as the same
//!   spec without it (so `required: false` and `request: []` stay).
//! - **Layout** (the `emit` module): block mappings and sequences, sequence items indented under their key;
//!   JSON data (examples, `example`, enum values, `fake`) as one flow line when it fits.
//! - **Text** ([`scalar`]): plain when that reads back the same; several lines as a literal block
//!   (`|-`); one line longer than [`scalar::WIDTH`] columns as a folded block (`>-`); anything else
//!   (leading or trailing spaces, control characters, a text YAML would read as a number, a date
//!   or a boolean, ...) double-quoted.
//! - **Comments** ([`Comments`]) after the schema line and at paths (page drafts' notes).
//! - **Checked**: the text is parsed back and must give the same spec, or the writer returns an
//!   error instead of a file that means something else.

mod emit;
pub mod keep;
pub mod scalar;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_yaml::Value;

use codegen::spec::{ActionSpec, TypesFile};

pub use emit::Comments;

/// The first line of an action file.
pub const ACTION_HEADER: &str = "# yaml-language-server: $schema=../../schema/action.schema.json";
/// The first line of a types file.
pub const TYPES_HEADER: &str = "# yaml-language-server: $schema=../schema/types.schema.json";

/// Whether a value only repeats what an absent key means (when the format gives it a default).
fn default_like(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::Sequence(s) => s.is_empty(),
        Value::Mapping(m) => m.is_empty(),
        _ => false,
    }
}

/// Drops the default-valued keys of `v` (children first). Null keys outside JSON data go first
/// (an absent optional key and a null one mean the same, and some keys accept only the former);
/// whether any other key may go is decided by parsing the document without it, once per key name
/// and set of sibling names (the same struct of [`codegen::spec`]), and the answer reused.
fn prune<T: DeserializeOwned + Serialize>(root: &mut Value) -> Result<(), String> {
    drop_nulls(root, "");
    let reference = canonical::<T>(root)?;
    let mut decided: BTreeMap<(String, Vec<String>), bool> = BTreeMap::new();
    let mut path: Vec<PathStep> = Vec::new();
    prune_at::<T>(root, &mut path, &reference, &mut decided)?;
    Ok(())
}

/// Whether the mapping at `path` is JSON data (an example, an enum value's value), where a null
/// is a value.
fn is_data(path: &str) -> bool {
    let example =
        path.starts_with("examples[") && (path.contains("].request") || path.contains("].result"));
    example
        || path.ends_with(".example")
        || path.contains(".example.")
        || path.contains(".example[")
        || (path.contains(".values[") && (path.ends_with(".value") || path.contains(".value.")))
        || path.starts_with("fake")
}

fn drop_nulls(v: &mut Value, path: &str) {
    match v {
        Value::Mapping(m) => {
            if !is_data(path) {
                m.retain(|_, x| !x.is_null());
            }
            for (k, x) in m.iter_mut() {
                let name = k.as_str().unwrap_or_default();
                let p = if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}.{name}")
                };
                drop_nulls(x, &p);
            }
        }
        Value::Sequence(s) => {
            for (i, x) in s.iter_mut().enumerate() {
                drop_nulls(x, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

#[derive(Clone)]
enum PathStep {
    Key(Value),
    Index(usize),
}

fn node_mut<'v>(root: &'v mut Value, path: &[PathStep]) -> Option<&'v mut Value> {
    let mut node = root;
    for step in path {
        node = match (step, node) {
            (PathStep::Key(k), Value::Mapping(m)) => m.get_mut(k)?,
            (PathStep::Index(i), Value::Sequence(s)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The spec a YAML value reads as, serialised back (the form two documents are compared in).
fn canonical<T: DeserializeOwned + Serialize>(v: &Value) -> Result<Value, String> {
    let t: T = serde_yaml::from_value(v.clone()).map_err(|e| e.to_string())?;
    serde_yaml::to_value(&t).map_err(|e| e.to_string())
}

fn prune_at<T: DeserializeOwned + Serialize>(
    root: &mut Value,
    path: &mut Vec<PathStep>,
    reference: &Value,
    decided: &mut BTreeMap<(String, Vec<String>), bool>,
) -> Result<(), String> {
    let children: Vec<PathStep> = match node_mut(root, path) {
        Some(Value::Mapping(m)) => m.keys().cloned().map(PathStep::Key).collect(),
        Some(Value::Sequence(s)) => (0..s.len()).map(PathStep::Index).collect(),
        _ => return Ok(()),
    };
    for c in &children {
        path.push(c.clone());
        prune_at::<T>(root, path, reference, decided)?;
        path.pop();
    }
    let Some(Value::Mapping(m)) = node_mut(root, path) else {
        return Ok(());
    };
    let siblings: Vec<String> = m
        .keys()
        .map(|k| k.as_str().unwrap_or_default().to_string())
        .collect();
    let candidates: Vec<Value> = m
        .iter()
        .filter(|(_, v)| default_like(v))
        .map(|(k, _)| k.clone())
        .collect();
    for k in candidates {
        let name = k.as_str().unwrap_or_default().to_string();
        let key = (name, siblings.clone());
        let drop = match decided.get(&key) {
            Some(d) => *d,
            None => {
                let mut trial = root.clone();
                if let Some(Value::Mapping(tm)) = node_mut(&mut trial, path) {
                    tm.shift_remove(&k);
                }
                let d = canonical::<T>(&trial).ok().as_ref() == Some(reference);
                decided.insert(key, d);
                d
            }
        };
        if drop {
            if let Some(Value::Mapping(m)) = node_mut(root, path) {
                m.shift_remove(&k);
            }
        }
    }
    Ok(())
}

fn render<T: DeserializeOwned + Serialize>(
    mut v: Value,
    header: &str,
    comments: &Comments,
) -> Result<String, String> {
    prune::<T>(&mut v)?;
    let Value::Mapping(m) = &v else {
        return Err("a spec file did not serialise to a mapping".into());
    };
    let mut e = emit::Emitter {
        out: format!("{header}\n"),
        comments,
    };
    for line in &comments.header {
        e.out
            .push_str(&format!("# {}\n", scalar::comment_text(line)));
    }
    e.entries(0, "", m);
    for line in &comments.footer {
        e.out
            .push_str(&format!("# {}\n", scalar::comment_text(line)));
    }
    let back: T = serde_yaml::from_str(&e.out)
        .map_err(|err| format!("the written YAML does not read back: {err}"))?;
    if serde_yaml::to_value(&back).map_err(|e| e.to_string())? != canonical::<T>(&v)? {
        return Err("the written YAML does not read back as the same spec".into());
    }
    Ok(e.out)
}

/// A spec as a YAML value without the default-valued keys.
fn pruned<T: DeserializeOwned + Serialize>(spec: &T) -> Result<Value, String> {
    let mut v = serde_yaml::to_value(spec).map_err(|e| e.to_string())?;
    prune::<T>(&mut v)?;
    Ok(v)
}

/// The action as a YAML value without default-valued keys (two actions are the same spec when
/// these are equal).
pub fn action_value(spec: &ActionSpec) -> Result<Value, String> {
    pruned(spec)
}

/// The text of an action file: the schema comment, then the YAML.
pub fn action_to_yaml(spec: &ActionSpec) -> Result<String, String> {
    action_to_yaml_with(spec, &Comments::default())
}

/// [`action_to_yaml`] with comments.
pub fn action_to_yaml_with(spec: &ActionSpec, comments: &Comments) -> Result<String, String> {
    render::<ActionSpec>(ordered(spec)?, ACTION_HEADER, comments)
        .map_err(|e| format!("{} {}: {e}", spec.action, spec.version))
}

/// [`action_to_yaml`] for a file that replaces `old_text` (the action's file as it was): the old
/// file's comments are kept with their nodes (see [`keep`]). Answers the text and the comments that
/// could not be kept (their node is gone, or the writer puts it on one flow line).
pub fn action_to_yaml_keeping(
    spec: &ActionSpec,
    old_text: &str,
) -> Result<(String, Vec<String>), String> {
    let found = keep::read(old_text);
    if found.is_empty() {
        return Ok((action_to_yaml(spec)?, Vec::new()));
    }
    let old: Value = serde_yaml::from_str(old_text).map_err(|e| e.to_string())?;
    let mut new = ordered(spec)?;
    prune::<ActionSpec>(&mut new)?;
    let (comments, mut lost) = keep::carry(&found, &old, &new);
    let text = render::<ActionSpec>(new, ACTION_HEADER, &comments)
        .map_err(|e| format!("{} {}: {e}", spec.action, spec.version))?;
    lost.extend(keep::missing(&comments, &text));
    Ok((text, lost))
}

/// The action as a YAML value whose examples list their top-level keys in the order of the
/// request's and the result's fields (JSON objects are otherwise sorted by key), others last.
fn ordered(spec: &ActionSpec) -> Result<Value, String> {
    let mut v = serde_yaml::to_value(spec).map_err(|e| e.to_string())?;
    let order = |v: &mut Value, fields: &[codegen::spec::Field]| {
        if let Value::Mapping(m) = v {
            let rank = |k: &Value| {
                let k = k.as_str().unwrap_or_default();
                fields
                    .iter()
                    .position(|f| f.name == k)
                    .unwrap_or(usize::MAX)
            };
            let mut entries: Vec<(Value, Value)> = std::mem::take(m).into_iter().collect();
            entries.sort_by_key(|(k, _)| rank(k));
            m.extend(entries);
        }
    };
    if let Some(Value::Sequence(examples)) = v.get_mut("examples") {
        for e in examples {
            if let Some(r) = e.get_mut("request") {
                order(r, &spec.request);
            }
            if let Some(r) = e.get_mut("result") {
                order(r, &spec.result);
            }
        }
    }
    Ok(v)
}

/// The text of a types file: the schema comment, then the YAML.
pub fn types_to_yaml(file: &TypesFile) -> Result<String, String> {
    let v = serde_yaml::to_value(file).map_err(|e| e.to_string())?;
    render::<TypesFile>(v, TYPES_HEADER, &Comments::default())
        .map_err(|e| format!("types of {}: {e}", file.family))
}

/// Parses an action file (no checks beyond the format's structure).
pub fn parse_action(text: &str) -> Result<ActionSpec, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

/// Parses a types file (no checks beyond the format's structure).
pub fn parse_types(text: &str) -> Result<TypesFile, String> {
    serde_yaml::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests;
