//! File sizes: no hand-written Rust file over [`MAX_TEST`] lines, and none outside test code over
//! [`MAX`]. Test code is a file under a `tests` directory (a crate's integration tests, the
//! `tests/` crate, trybuild cases) or named `tests.rs` or `*_tests.rs`. The generated crates
//! ([`GENERATED`]) and build output are not read.

use std::path::{Path, PathBuf};

/// The most lines a hand-written file outside test code may have.
pub const MAX: usize = 500;
/// The most lines any hand-written file may have, tests included.
pub const MAX_TEST: usize = 650;
/// The generated crates, relative to the workspace root (their generator's tests check them).
pub const GENERATED: &[&str] = &["generated", "tests/golden/shapes"];

/// A file over its limit.
#[derive(Debug)]
pub struct Oversize {
    /// Relative to the workspace root, `/`-separated.
    pub path: String,
    /// Its lines.
    pub lines: usize,
    /// Its limit.
    pub limit: usize,
}

/// Every hand-written `.rs` file below `root`, relative and `/`-separated, sorted.
fn rust_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            let rel = relative(root, &p);
            let name = entry.file_name().to_string_lossy().into_owned();
            if p.is_dir() {
                let skip = name.starts_with('.')
                    || name == "target"
                    || name == "node_modules"
                    || GENERATED.contains(&rel.as_str());
                if !skip {
                    stack.push(p);
                }
            } else if name.ends_with(".rs") {
                out.push(rel);
            }
        }
    }
    out.sort();
    out
}

fn relative(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Whether the file at `rel` is test code.
pub fn is_test(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    rel.split('/').any(|c| c == "tests") || name == "tests.rs" || name.ends_with("_tests.rs")
}

/// Every hand-written file over its limit, and how many files were read.
pub fn oversize(root: &Path) -> Result<(Vec<Oversize>, usize), String> {
    let files = rust_files(root);
    let mut out = Vec::new();
    for rel in &files {
        let text = std::fs::read_to_string(root.join(rel)).map_err(|e| format!("{rel}: {e}"))?;
        let lines = text.lines().count();
        let limit = if is_test(rel) { MAX_TEST } else { MAX };
        if lines > limit {
            out.push(Oversize {
                path: rel.clone(),
                lines,
                limit,
            });
        }
    }
    Ok((out, files.len()))
}
