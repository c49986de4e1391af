//! Generated headers name each file's own spec files: adding an action changes only that action's
//! generated file and the index files that list actions (its family's `mod.rs`, the registry, and
//! the provenance table), nothing else.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn api_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .join("api-spec")
}

/// Every YAML file below `dir`, as (path relative to `base`, text).
fn read_all(base: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    for p in integration_tests::scratch::files_below(dir, "yaml").expect("reads the spec directory")
    {
        let rel = p.strip_prefix(base).expect("below the spec");
        let text = std::fs::read_to_string(&p).expect("reads a spec file");
        out.push((rel.to_string_lossy().replace('\\', "/"), text));
    }
}

fn generate(files: &[(String, String)]) -> Result<Vec<codegen::GeneratedFile>, String> {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let spec = codegen::load_spec_from_memory(&refs).map_err(|e| e.to_string())?;
    let layout = codegen::Layout::sources("generated");
    codegen::generate(&spec, &layout)
}

/// An action file's copy under a new action name (and `rust_name`, if it has one).
fn renamed(path: &str, text: &str) -> Option<(String, String)> {
    let (dir, file) = path.rsplit_once('/')?;
    let old = file.strip_suffix(".yaml")?;
    let new = format!("{old}ZzCopy");
    let mut found = false;
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.trim_end() == format!("action: {old}") {
                found = true;
                format!("action: {new}")
            } else if let Some(r) = l.strip_prefix("rust_name: ") {
                format!("rust_name: {}_zz_copy", r.trim())
            } else {
                l.to_string()
            }
        })
        .collect();
    found.then(|| (format!("{dir}/{new}.yaml"), lines.join("\n") + "\n"))
}

#[test]
fn adding_an_action_changes_only_its_file_and_the_indexes() {
    let root = api_spec();
    let mut files = Vec::new();
    read_all(&root, &root, &mut files);
    let before = generate(&files).unwrap_or_else(|e| panic!("{e}"));

    // The first action whose copy under a new name is a valid action (a copy that the checks
    // refuse, e.g. for repeating a shape, is skipped).
    let mut tried = 0;
    let (added, after) = files
        .iter()
        .filter(|(p, _)| p.starts_with("actions/"))
        .filter_map(|(p, t)| renamed(p, t))
        .find_map(|(path, text)| {
            tried += 1;
            let mut with = files.clone();
            with.push((path.clone(), text));
            generate(&with).ok().map(|out| (path, out))
        })
        .unwrap_or_else(|| panic!("no copy of the {tried} action files tried loads"));

    let old: std::collections::BTreeMap<&str, &str> = before
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let changed: BTreeSet<&str> = after
        .iter()
        .filter(|f| old.get(f.path.as_str()) != Some(&f.contents.as_str()))
        .map(|f| f.path.as_str())
        .collect();
    let family = added
        .strip_prefix("actions/")
        .and_then(|r| r.split('/').next())
        .expect("a family folder");
    let new_files: Vec<&str> = changed
        .iter()
        .copied()
        .filter(|p| !old.contains_key(p))
        .collect();
    assert_eq!(
        new_files.len(),
        1,
        "one new file for {added}: {new_files:?}"
    );
    assert!(
        new_files[0].starts_with(&format!("generated/src/api/{family}/")),
        "{new_files:?}"
    );
    let expected: BTreeSet<String> = [
        new_files[0].to_string(),
        format!("generated/src/api/{family}/mod.rs"),
        "generated/src/api/registry.rs".to_string(),
        "generated/src/api/provenance.rs".to_string(),
    ]
    .into_iter()
    .collect();
    let changed: BTreeSet<String> = changed.into_iter().map(str::to_string).collect();
    println!("adding {added} changed: {changed:#?}");
    assert_eq!(changed, expected, "adding {added}");
}
