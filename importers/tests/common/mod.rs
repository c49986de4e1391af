//! Helpers shared by the Go model importer's tests: fixture paths, a fresh spec directory per test,
//! reading and writing action files.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use codegen::spec::ActionSpec;
use importers::{self as import, yaml, DriftOptions, ImportOptions};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/go-model")
}

/// A fresh directory for one test: `<tmp>/<name>-<pid>/api-spec`.
pub fn spec_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goimport-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let spec = dir.join("api-spec");
    std::fs::create_dir_all(spec.join("actions/rtc")).unwrap();
    spec
}

pub fn options(spec: &Path, version: &str) -> ImportOptions {
    let dir = fixtures().join(version);
    ImportOptions {
        model: dir.join("model.go"),
        config: dir.join("config.go"),
        family: "rtc".into(),
        out: spec.join("actions/rtc"),
        actions: Vec::new(),
        spec: None,
        types_out: None,
        commit: import::DEFAULT_COMMIT.into(),
    }
}

pub fn import(spec: &Path, version: &str) -> import::ImportReport {
    import::import_go_model(&options(spec, version)).unwrap_or_else(|e| panic!("{e}"))
}

pub fn read_action(spec: &Path, file: &str) -> ActionSpec {
    let text = std::fs::read_to_string(spec.join("actions/rtc").join(file)).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../schema/action.schema.json\n"),
        "{file}: {text}"
    );
    // Strict: the format's own types, unknown keys refused.
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}\n{text}"))
}

pub fn write_action(spec: &Path, file: &str, a: &ActionSpec) {
    let text = yaml::action_to_yaml(a).unwrap();
    std::fs::write(spec.join("actions/rtc").join(file), text).unwrap();
}

pub fn drift(spec: &Path, version: &str) -> import::drift::DriftReport {
    let dir = fixtures().join(version);
    import::spec_drift(&DriftOptions {
        model: dir.join("model.go"),
        config: dir.join("config.go"),
        family: "rtc".into(),
        spec: spec.to_path_buf(),
        actions: Vec::new(),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

pub fn field<'a>(fields: &'a [codegen::spec::Field], name: &str) -> &'a codegen::spec::Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

pub fn names(fields: &[codegen::spec::Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

pub fn edited_model(name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    edited_fixture(name, edit, |c| c)
}

/// A copy of the v20231101 fixture with edits applied to its model.go and config.go.
pub fn edited_fixture(
    name: &str,
    model_edit: impl Fn(String) -> String,
    config_edit: impl Fn(String) -> String,
) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("goimport-model-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = fixtures().join("v20231101");
    let model = std::fs::read_to_string(src.join("model.go")).unwrap();
    std::fs::write(dir.join("model.go"), model_edit(model)).unwrap();
    let config = std::fs::read_to_string(src.join("config.go")).unwrap();
    std::fs::write(dir.join("config.go"), config_edit(config)).unwrap();
    dir
}

pub fn field_mut<'a>(
    fields: &'a mut [codegen::spec::Field],
    name: &str,
) -> &'a mut codegen::spec::Field {
    fields.iter_mut().find(|f| f.name == name).unwrap()
}
