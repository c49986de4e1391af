//! The output cache changes how fast the generator is, never what it writes: a cached run equals a
//! full one, after an action file changed too, and a corrupt cache entry is a miss.

use std::path::{Path, PathBuf};

use codegen::GeneratedFile;
use codegen::{generate_with, Options, Timings};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("codegen-incremental-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let p = entry.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

fn full(spec_dir: &Path) -> Vec<GeneratedFile> {
    let spec = codegen::load_spec(spec_dir).unwrap_or_else(|e| panic!("{e}"));
    codegen::generate(&spec, &generated()).expect("generates")
}

fn cached(spec_dir: &Path, cache: &Path) -> (Vec<GeneratedFile>, Timings) {
    let spec = codegen::load_spec_cached(spec_dir, Some(cache)).unwrap_or_else(|e| panic!("{e}"));
    let options = Options {
        cache_dir: Some(cache.to_path_buf()),
    };
    generate_with(&spec, &generated(), &options).expect("generates")
}

/// Changes the Chinese description of `SendMessage` (one action file).
fn edit_send_message(spec_dir: &Path) {
    let path = spec_dir.join("actions/im/SendMessage.yaml");
    let text = std::fs::read_to_string(&path).expect("reads");
    let edited = text.replacen("description:\n  zh: ", "description:\n  zh: 已修改。", 1);
    assert_ne!(text, edited, "the edit applies");
    std::fs::write(&path, edited).expect("writes");
}

#[test]
fn incremental_equals_full_after_an_action_file_changed() {
    let dir = scratch("edit");
    let spec_dir = dir.join("api-spec");
    copy_dir(&root().join("api-spec"), &spec_dir);
    let cache = dir.join("cache");

    let before = full(&spec_dir);
    let (cold, t) = cached(&spec_dir, &cache);
    assert_eq!(cold, before, "a cold cache changes nothing");
    assert_eq!(t.reused, 0);
    let (warm, t) = cached(&spec_dir, &cache);
    assert_eq!(warm, before, "a warm cache changes nothing");
    assert_eq!(t.emitted, 0, "nothing changed, nothing emitted");

    edit_send_message(&spec_dir);
    let after = full(&spec_dir);
    assert_ne!(after, before, "the edit shows in the output");
    let (incremental, t) = cached(&spec_dir, &cache);
    assert_eq!(incremental, after, "the incremental result is the full one");
    // SendMessage's own file is emitted again, and the provenance table (it records every spec
    // file's hash); every other file comes from the cache.
    assert_eq!(
        t.emitted, 2,
        "only send_message.rs and provenance.rs are emitted again"
    );
    let changed: Vec<&str> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.path.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "generated/src/api/im/send_message.rs",
            "generated/src/api/provenance.rs"
        ]
    );

    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_cache_entry_does_not_change_the_output() {
    let dir = scratch("corrupt");
    let spec_dir = root().join("api-spec");
    let cache = dir.join("cache");
    let expected = full(&spec_dir);
    let (_, _) = cached(&spec_dir, &cache);

    // Every entry damaged a different way: contents edited (checksum kept), cut short, emptied,
    // replaced by another entry's contents, or not an entry at all.
    let mut entries: Vec<PathBuf> = walk(&cache);
    entries.sort();
    assert!(entries.len() > 100, "the cache holds an entry per file");
    let other = std::fs::read_to_string(&entries[0]).expect("reads");
    for (i, p) in entries.iter().enumerate() {
        let text = std::fs::read_to_string(p).expect("reads");
        let damaged = match i % 5 {
            0 => text.replacen("pub ", "pub(crate) ", 1),
            1 => text.chars().take(text.chars().count() / 2).collect(),
            2 => String::new(),
            3 => other.clone(),
            _ => format!("not an entry\n{text}"),
        };
        std::fs::write(p, damaged).expect("writes");
    }
    let (got, t) = cached(&spec_dir, &cache);
    assert_eq!(got, expected, "a damaged cache changes nothing");
    assert!(t.emitted > 0, "damaged entries are misses");
    // The damaged entries were replaced: the next run reuses them.
    let (again, t) = cached(&spec_dir, &cache);
    assert_eq!(again, expected);
    assert_eq!(t.emitted, 0);

    let _ = std::fs::remove_dir_all(&dir);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_spec_loaded_through_the_cache_is_the_spec_loaded_from_yaml() {
    let dir = scratch("load");
    let cache = dir.join("cache");
    for spec_dir in [
        root().join("api-spec"),
        root().join("tests/fixtures/shapes/api-spec"),
    ] {
        let plain = codegen::load_spec(&spec_dir).unwrap_or_else(|e| panic!("{e}"));
        let cold =
            codegen::load_spec_cached(&spec_dir, Some(&cache)).unwrap_or_else(|e| panic!("{e}"));
        let warm =
            codegen::load_spec_cached(&spec_dir, Some(&cache)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(format!("{plain:?}"), format!("{cold:?}"));
        assert_eq!(
            format!("{plain:?}"),
            format!("{warm:?}"),
            "{}",
            spec_dir.display()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_spec_error_is_reported_through_a_warm_cache() {
    let dir = scratch("error");
    let spec_dir = dir.join("api-spec");
    copy_dir(&root().join("api-spec"), &spec_dir);
    let cache = dir.join("cache");
    codegen::load_spec_cached(&spec_dir, Some(&cache)).unwrap_or_else(|e| panic!("{e}"));
    let path = spec_dir.join("actions/im/SendMessage.yaml");
    let text = std::fs::read_to_string(&path).expect("reads");
    std::fs::write(&path, text.replacen("method: POST", "method: PUT", 1)).expect("writes");
    let plain = codegen::load_spec(&spec_dir).expect_err("the spec is wrong");
    let warm = codegen::load_spec_cached(&spec_dir, Some(&cache)).expect_err("still wrong");
    assert_eq!(plain, warm);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The workspace's generated crate, as `cargo xtask codegen` lays it out (xtask owns the paths).
fn generated() -> codegen::Layout {
    codegen::Layout {
        crate_dir: "generated".into(),
        schema_dir: Some("api-spec/schema".into()),
        manifest: true,
    }
}
