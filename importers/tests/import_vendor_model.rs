//! `cargo xtask import-go-model` on the vendor's own Go models (the reference copy in
//! `shared/reference/volcengine/go-sdk/`, beside the project; `VOLC_GO_SDK` names another place):
//! the output speaks documented types and types value lists with enums, so that spec-check's
//! `go-doc-type` and `enum-description` rules find nothing in it but the value lists the importer
//! marked TODO, and an existing action imported again keeps its enums.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::lint::{enum_description_finding, is_go_type, Rule};
use codegen::spec::{ActionSpec, Field, TypesFile};
use importers::{self as import, ImportOptions};

/// The reference Go SDK: `VOLC_GO_SDK`, else `shared/reference/volcengine/go-sdk` in an ancestor
/// of the workspace.
fn go_sdk() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VOLC_GO_SDK") {
        return Some(PathBuf::from(p));
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|a| a.join("shared/reference/volcengine/go-sdk"))
        .find(|p| p.is_dir())
}

/// The model of one version, or `None` (with a message) when the reference is not beside the
/// project: these tests then check nothing, and say so.
fn model(version: &str) -> Option<PathBuf> {
    let Some(sdk) = go_sdk() else {
        eprintln!(
            "SKIPPED: no shared/reference/volcengine/go-sdk above the workspace (set VOLC_GO_SDK)"
        );
        return None;
    };
    Some(sdk.join("rtc").join(version))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A fresh spec directory for one test: empty, or a copy of the project's `api-spec`.
fn spec_dir(name: &str, copy: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("govendor-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let spec = dir.join("api-spec");
    if copy {
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec"),
            &spec,
        );
    } else {
        std::fs::create_dir_all(spec.join("actions/rtc")).unwrap();
    }
    spec
}

fn run(spec: &Path, model: &Path, actions: &[&str]) -> import::ImportReport {
    import::import_go_model(&ImportOptions {
        model: model.join("model.go"),
        config: model.join("config.go"),
        family: "rtc".into(),
        out: spec.join("actions/rtc"),
        actions: actions.iter().map(|a| a.to_string()).collect(),
        spec: None,
        types_out: None,
        commit: import::DEFAULT_COMMIT.into(),
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Every field of the files the report names, with its place.
fn written_fields(report: &import::ImportReport) -> Vec<(String, Field)> {
    let mut out = Vec::new();
    for f in &report.files {
        let text = std::fs::read_to_string(&f.file).unwrap();
        let mut push = |place: String, fields: &[Field]| {
            for x in fields {
                out.push((format!("{place}.{}", x.name), x.clone()));
            }
        };
        if f.action.is_empty() {
            let t: TypesFile = serde_yaml::from_str(&text).unwrap();
            for (n, d) in &t.types {
                push(format!("{}: type.{n}", f.file), &d.fields);
            }
        } else {
            let a: ActionSpec = serde_yaml::from_str(&text).unwrap();
            push(format!("{}: request", f.file), &a.request);
            push(format!("{}: result", f.file), &a.result);
            for (n, d) in &a.types {
                push(format!("{}: type.{n}", f.file), &d.fields);
            }
        }
    }
    out
}

/// StartRecord's file and its RecordMode field.
fn start_record(spec: &Path) -> (ActionSpec, Field) {
    let text = std::fs::read_to_string(spec.join("actions/rtc/StartRecord.yaml")).unwrap();
    let start: ActionSpec = serde_yaml::from_str(&text).unwrap();
    let field = start
        .request
        .iter()
        .find(|f| f.name == "RecordMode")
        .cloned()
        .unwrap();
    (start, field)
}

fn todo(f: &Field) -> bool {
    f.source
        .as_deref()
        .is_some_and(|s| s.contains("importer: TODO"))
}

/// A spec directory, the run's report and every field written with its place.
type Imported = (PathBuf, import::ImportReport, Vec<(String, Field)>);

/// Imports a whole model into a spec directory holding only the project's family types, and
/// checks spec-check's rules on every field written: no Go type in `doc_type`, and every field
/// whose text lists values typed with an enum or marked TODO (counted as unread).
fn fresh_import(version: &str) -> Option<Imported> {
    let model = model(version)?;
    let spec = spec_dir(&format!("fresh-{version}"), false);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec/types"),
        &spec.join("types"),
    );
    let report = run(&spec, &model, &[]);
    let fields = written_fields(&report);
    assert!(!fields.is_empty(), "{version}: no fields");
    let go: Vec<String> = fields
        .iter()
        .filter(|(_, f)| is_go_type(&f.doc_type))
        .map(|(p, f)| format!("{p}: {}", f.doc_type))
        .collect();
    assert!(
        go.is_empty(),
        "{version}: {} [{}]:\n{}",
        go.len(),
        Rule::GoDocType,
        go.join("\n")
    );
    let listed: Vec<&(String, Field)> = fields
        .iter()
        .filter(|(_, f)| enum_description_finding(f).is_some())
        .collect();
    let unmarked: Vec<&String> = listed
        .iter()
        .filter(|(_, f)| !todo(f))
        .map(|(p, _)| p)
        .collect();
    assert!(
        unmarked.is_empty(),
        "{version}: [{}] not marked TODO: {unmarked:?}",
        Rule::EnumDescription
    );
    assert_eq!(listed.len(), report.enums.unread, "{report}");
    eprintln!("{version}: {} fields; {:?}", fields.len(), report.enums);
    Some((spec, report, fields))
}

#[test]
fn every_model_version_imports_with_documented_types_and_enums() {
    let Some(sdk) = go_sdk() else {
        eprintln!(
            "SKIPPED: no shared/reference/volcengine/go-sdk above the workspace (set VOLC_GO_SDK)"
        );
        return;
    };
    let mut versions: Vec<String> = std::fs::read_dir(sdk.join("rtc"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    versions.sort();
    assert!(versions.len() >= 2, "{versions:?}");
    for v in versions {
        fresh_import(&v);
    }
}

#[test]
fn a_whole_model_imports_with_documented_types_and_enums() {
    let Some((spec, report, fields)) = fresh_import("v20231101") else {
        return;
    };
    let e = &report.enums;
    assert!(e.declared > 0 && e.reused > 50, "{e:?}");
    assert!(e.unread * 10 < e.declared + e.reused, "{e:?}");

    // StartRecord's Layout.LayoutMode comes out as the family's LayoutMode of types/rtc.yaml.
    let (start, record_mode) = start_record(&spec);
    assert_eq!(record_mode.doc_type, "Integer");
    let enum_name = &record_mode.ty;
    let def = &start.types[enum_name];
    let values: BTreeMap<String, &str> = def
        .values
        .iter()
        .map(|v| (v.value.to_string(), v.description.zh.as_str()))
        .collect();
    assert_eq!(
        values,
        BTreeMap::from([("0".into(), "合流录制"), ("1".into(), "单流录制")])
    );
    let layout_mode: Vec<&(String, Field)> = fields
        .iter()
        .filter(|(_, f)| f.name == "LayoutMode")
        .collect();
    assert!(!layout_mode.is_empty());
    for (p, f) in layout_mode {
        assert_eq!(f.ty, "LayoutMode", "{p}");
    }
}

/// The type names of every action file of a spec directory, by file name.
fn type_names(spec: &Path) -> BTreeMap<String, Vec<String>> {
    let dir = spec.join("actions/rtc");
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let a: ActionSpec = serde_yaml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        out.insert(name, a.types.keys().cloned().collect());
    }
    out
}

#[test]
fn the_spec_imported_again_keeps_its_enums_and_passes_spec_check() {
    let Some(model) = model("v20231101") else {
        return;
    };
    let spec = spec_dir("again", true);
    let before = type_names(&spec);
    let report = run(&spec, &model, &[]);
    // No file gains a type: the enums (and unions, shared types) a person made stand for the
    // model's value lists and structs; no family types file is written beside types/rtc.yaml.
    assert_eq!(type_names(&spec), before, "{report}");
    assert!(!spec.join("types/rtc_v20231101.yaml").exists(), "{report}");
    let (_, record_mode) = start_record(&spec);
    assert_eq!(
        (record_mode.ty.as_str(), record_mode.doc_type.as_str()),
        ("RecordMode", "Integer"),
        "{report}"
    );
    assert!(report.enums.reused > 50, "{report}");
    // The whole spec still loads, and spec-check's denied rules find nothing.
    let loaded = codegen::load_spec(&spec).unwrap_or_else(|e| panic!("{e}\n{report}"));
    let findings: Vec<String> = codegen::lint::lint(&spec, &loaded)
        .into_iter()
        .filter(|f| codegen::lint::DENIED.contains(&f.rule))
        .map(|f| f.to_string())
        .collect();
    assert!(findings.is_empty(), "{}\n{report}", findings.join("\n"));
}
