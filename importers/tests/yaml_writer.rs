//! The importers' one YAML writer on the project's own spec: every action and types file of
//! `api-spec/`, written again by `importers::yaml`, reads back as the same spec, and the rewritten
//! spec loads with the generator's checks and generates the same code.

use std::path::{Path, PathBuf};

use importers::yaml;

fn spec_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec")
}

/// Every `.yaml` below `dir`, as (path relative to the spec root, text).
fn read_all(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            read_all(base, &p, out);
        } else if p.extension().is_some_and(|e| e == "yaml") {
            let rel = p.strip_prefix(base).expect("below the spec");
            let text = std::fs::read_to_string(&p).expect("reads");
            out.push((rel.to_string_lossy().replace('\\', "/"), text));
        }
    }
}

/// The generated files with the lines that hash the spec's text left out (the text changes, the
/// spec it means must not).
fn generated(files: &[(String, String)]) -> Vec<(String, String)> {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let spec = codegen::load_spec_from_memory(&refs).unwrap_or_else(|e| panic!("{e}"));
    let out = codegen::generate(&spec, &codegen::Layout::sources("generated"))
        .unwrap_or_else(|e| panic!("{e}"));
    // A header's `(SHA-256 8df3a7085d0c7088)`, the provenance table's hashes.
    let hashed = |l: &str| {
        l.contains("SHA-256")
            || l.as_bytes().windows(16).any(|w| {
                w.iter()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            })
    };
    out.into_iter()
        .map(|f| {
            let kept: Vec<&str> = f.contents.lines().filter(|l| !hashed(l)).collect();
            (f.path, kept.join("\n"))
        })
        .collect()
}

#[test]
fn every_spec_file_rewritten_reads_back_loads_and_generates_the_same() {
    let root = spec_root();
    let mut files = Vec::new();
    read_all(&root, &root, &mut files);
    let mut rewritten = Vec::new();
    let (mut actions, mut types) = (0, 0);
    for (path, text) in &files {
        let new = if path.starts_with("actions/") {
            actions += 1;
            let spec = yaml::parse_action(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            let out = yaml::action_to_yaml(&spec).unwrap_or_else(|e| panic!("{path}: {e}"));
            let back = yaml::parse_action(&out).unwrap_or_else(|e| panic!("{path}: {e}\n{out}"));
            assert_eq!(
                yaml::action_value(&back).unwrap(),
                yaml::action_value(&spec).unwrap(),
                "{path}"
            );
            assert!(out.starts_with(yaml::ACTION_HEADER), "{path}");
            // Written again, the text is the same: the layout is stable.
            assert_eq!(yaml::action_to_yaml(&back).unwrap(), out, "{path}");
            out
        } else if path.starts_with("types/") {
            types += 1;
            let file = yaml::parse_types(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            let out = yaml::types_to_yaml(&file).unwrap_or_else(|e| panic!("{path}: {e}"));
            let back = yaml::parse_types(&out).unwrap_or_else(|e| panic!("{path}: {e}\n{out}"));
            assert_eq!(
                serde_yaml::to_value(&back).unwrap(),
                serde_yaml::to_value(&file).unwrap(),
                "{path}"
            );
            assert!(out.starts_with(yaml::TYPES_HEADER), "{path}");
            out
        } else {
            text.clone()
        };
        rewritten.push((path.clone(), new));
    }
    assert!(
        actions > 0 && types > 0,
        "no spec files found below {}",
        root.display()
    );
    let (new, old) = (generated(&rewritten), generated(&files));
    assert_eq!(new.len(), old.len());
    for ((path, a), (_, b)) in new.iter().zip(&old) {
        if a != b {
            let line = a
                .lines()
                .zip(b.lines())
                .find(|(x, y)| x != y)
                .map(|(x, y)| format!("rewritten: {x}\noriginal:  {y}"))
                .unwrap_or_else(|| "(lengths differ)".into());
            panic!("{path} differs:\n{line}");
        }
    }
}

#[test]
fn the_layout_is_the_documented_one() {
    let text = std::fs::read_to_string(spec_root().join("actions/rtc/StartRecord.yaml")).unwrap();
    let out = yaml::action_to_yaml(&yaml::parse_action(&text).unwrap()).unwrap();
    let keys: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with([' ', '#', '-']))
        .filter_map(|l| l.split(':').next())
        .collect();
    // The field order of codegen::spec::ActionSpec, defaults left out.
    assert_eq!(
        keys,
        [
            "action",
            "version",
            "family",
            "method",
            "params_in",
            "description",
            "source",
            "doc_url",
            "limits",
            "replay_safe",
            "group",
            "deviations",
            "request",
            "result_type",
            "types",
            "examples",
            "fake"
        ]
    );
    assert!(out.contains("\nversion: \"2023-11-01\"\n"), "{out}");
    // Items indented under their key; a long one-line text folded; several lines literal.
    assert!(out.contains("\nrequest:\n  - name: AppId\n"), "{out}");
    assert!(out.contains("\nsource: >-\n  volc-sdk-golang"), "{out}");
    assert!(
        out.contains("      zh: |-\n        录制模式。支持取值及含义如下：\n"),
        "{out}"
    );
    // Enum values one flow line each where they fit.
    assert!(
        out.contains("      - {value: 0, name: Mixed, description: {zh: 合流录制：房间内的流合成一个文件, en: \"Mixed recording: the streams are mixed into one file.\"}}")
            || out.contains("      - value: 0\n        name: Mixed\n"),
        "{out}"
    );
    // No line wider than the width but a literal block's, a flow line that did not fit anyway
    // (then it is a block), or a word longer than the width.
    for l in out.lines() {
        let long = l.chars().count() > importers::yaml::scalar::WIDTH;
        assert!(!long || !l.trim_start().starts_with("- {"), "{l}");
    }
}
