//! Reading the Go files and spec files leniently, and the names and texts the importer writes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::go_model;
use crate::go_model::{GoConfig, GoModel};
use codegen::spec::{TypeDef, TypesFile};

/// Reads a file, naming it in the error.
pub(crate) fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// Parses `model.go` and `config.go`.
pub fn parse_go(model: &Path, config: &Path) -> Result<(GoModel, GoConfig), String> {
    let m = go_model::parse_model(&model.display().to_string(), &read(model)?)
        .map_err(|e| e.to_string())?;
    let c = go_model::parse_config(&config.display().to_string(), &read(config)?)
        .map_err(|e| e.to_string())?;
    Ok((m, c))
}

/// Deserialises YAML into `T` strictly, except that keys `T` does not know are set aside (each
/// named in the returned notes) so that files written for a newer format still read.
pub fn parse_lenient<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<String>), String> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let mut notes = Vec::new();
    for _ in 0..100 {
        match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(v) => return Ok((v, notes)),
            Err(e) => {
                let msg = e.inner().to_string();
                let Some(key) = msg
                    .strip_prefix("unknown field `")
                    .and_then(|r| r.split('`').next())
                else {
                    return Err(format!("{}: {msg}", e.path()));
                };
                let path: Vec<String> = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                        serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                        _ => None,
                    })
                    .collect();
                // The path may end with the unknown key itself.
                let mut node = &mut value;
                for seg in &path {
                    if seg == key {
                        break;
                    }
                    node = match node {
                        serde_yaml::Value::Mapping(m) if m.contains_key(seg.as_str()) => {
                            m.get_mut(seg.as_str()).expect("checked")
                        }
                        serde_yaml::Value::Sequence(s) => {
                            match seg.parse::<usize>().ok().and_then(|i| s.get_mut(i)) {
                                Some(n) => n,
                                None => return Err(format!("{}: {msg}", e.path())),
                            }
                        }
                        _ => return Err(format!("{}: {msg}", e.path())),
                    };
                }
                let removed = match node {
                    serde_yaml::Value::Mapping(m) => m.remove(key).is_some(),
                    _ => false,
                };
                if !removed {
                    return Err(format!("{}: {msg}", e.path()));
                }
                notes.push(format!("ignored the key `{key}` at {}", e.path()));
            }
        }
    }
    Err("too many unknown keys".into())
}

/// The family's types from every types file below `types_dir` except `skip`, with notes on files
/// that could not be read.
pub fn family_types(
    types_dir: &Path,
    family: &str,
    skip: Option<&Path>,
) -> (BTreeMap<String, TypeDef>, Vec<String>) {
    let mut out = BTreeMap::new();
    let mut notes = Vec::new();
    let files = codegen::yaml_files(types_dir).unwrap_or_default();
    for p in files {
        if skip.is_some_and(|s| same_file(s, &p)) {
            continue;
        }
        let text = match read(&p) {
            Ok(t) => t,
            Err(e) => {
                notes.push(e);
                continue;
            }
        };
        match parse_lenient::<TypesFile>(&text) {
            Ok((tf, n)) => {
                notes.extend(n.into_iter().map(|n| format!("{}: {n}", p.display())));
                if tf.family == family {
                    for (k, v) in tf.types {
                        out.entry(k).or_insert(v);
                    }
                }
            }
            Err(e) => notes.push(format!("{}: cannot parse: {e}", p.display())),
        }
    }
    (out, notes)
}

pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// The upstream path of a model file: `service/<family>/<vYYYYMMDD>/model.go` when it lies in such a
/// directory, else `service/<family>/model.go`.
pub fn upstream_path(model: &Path, family: &str) -> String {
    let dir = model
        .parent()
        .and_then(|p| p.file_name())
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let versioned =
        dir.len() == 9 && dir.starts_with('v') && dir[1..].chars().all(|c| c.is_ascii_digit());
    let file = model
        .file_name()
        .map_or("model.go".into(), |f| f.to_string_lossy().into_owned());
    if versioned {
        format!("service/{family}/{dir}/{file}")
    } else {
        format!("service/{family}/{file}")
    }
}

/// `2020-12-01` → `v20201201`.
pub fn version_tag(version: &str) -> String {
    format!("v{}", version.replace('-', ""))
}

pub(crate) fn source_text(upstream: &str, commit: &str, structs: &[String]) -> String {
    let list = match structs {
        [] => "no structs".to_string(),
        [one] => format!("struct {one}"),
        [init @ .., last] => format!("structs {} and {last}", init.join(", ")),
    };
    format!(
        "volc-sdk-golang {upstream} (commit {commit}), {list}; imported by cargo xtask import-go-model."
    )
}
