//! The layout rules on small scratch crates: a cycle is found and named, what is not an import
//! (a `quote!` body, a comment, a child naming its parent) is not, and test files get the larger limit.

use std::path::{Path, PathBuf};

use super::cycles::{cycles, graph};
use super::sizes::is_test;

/// A scratch `src/` with these files.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-rules-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap_or(Path::new("."))).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

#[test]
fn a_cycle_through_crate_paths_is_found_and_named() {
    let dir = scratch(
        "cycle",
        &[
            ("lib.rs", "mod a;\nmod b;\nmod c;\n"),
            ("a.rs", "use crate::b::X;\n"),
            ("b/mod.rs", "mod inner;\npub use inner::X;\n"),
            ("b/inner.rs", "use crate::c::f;\npub struct X;\n"),
            ("c.rs", "pub fn f() { super::a::g() }\n"),
        ],
    );
    let g = graph(&dir).expect("graph");
    assert!(
        g["b"].contains("b::inner"),
        "a parent naming its child: {g:?}"
    );
    assert_eq!(cycles(&g), [vec!["a", "b", "b::inner", "c"]]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quote_bodies_comments_tests_and_parents_are_not_imports() {
    let dir = scratch(
        "clean",
        &[
            ("lib.rs", "mod a;\nmod b;\npub use a::A;\n"),
            (
                "a.rs",
                "pub struct A;\nfn emit() { quote! { crate::b::B } }\n// crate::b::B\n\
                 #[cfg(test)]\nmod tests { use crate::b::B; }\n",
            ),
            ("b.rs", "use crate::a::A;\npub struct B(A);\n"),
            ("a/child.rs", "use super::A;\nuse crate::a::A as Again;\n"),
        ],
    );
    let g = graph(&dir).expect("graph");
    assert!(g["a"].is_empty(), "{g:?}");
    assert!(g["a::child"].is_empty(), "a child naming its parent: {g:?}");
    assert!(g["b"].contains("a"));
    assert!(cycles(&g).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn test_code_is_told_apart_by_its_path() {
    assert!(is_test("tests/tests/paging/main.rs"));
    assert!(is_test("codegen/tests/incremental.rs"));
    assert!(is_test("importers/src/page/tests.rs"));
    assert!(is_test("runtime/src/client/retry_tests.rs"));
    assert!(!is_test("codegen/src/emit/mod.rs"));
    assert!(!is_test("bench/benches/runtime/main.rs"));
}
