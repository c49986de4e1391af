//! `cargo xtask test`'s check that no hand-written crate calls `unwrap()` or `expect(...)` outside
//! its tests, except at the few places listed in `xtask/unwrap-allow.txt`, each with the reason it
//! cannot fail. A panic on input (a server's answer, a file, a flag) is a bug; this keeps new
//! ones from coming in unnoticed.
//!
//! What is read: every `.rs` file under the `src/` of each crate of [`CRATES`], less test code: files
//! named `tests.rs` or `*_tests.rs`, and each item marked `#[cfg(test)]` (a `mod tests { ... }`
//! block, found by counting braces). Comment lines are skipped. An allow-list entry that matches
//! nothing is an error too, so the list stays short and true.

use std::path::{Path, PathBuf};

/// The hand-written crates checked (the generated ones are checked by their generator's tests).
pub const CRATES: &[&str] = &[
    "secret",
    "runtime",
    "cli",
    "auth",
    "fake",
    "codegen",
    "importers",
    "xtask",
    "bench",
];

/// The allow-list, relative to the workspace root.
const ALLOW: &str = "xtask/unwrap-allow.txt";

/// One allowed call: a file, text its line contains, and why it cannot fail.
struct Allowed {
    path: String,
    snippet: String,
    used: bool,
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "tests") {
                rust_files(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The lines of `text` that are not test code, with their numbers (from 1).
fn non_test_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            // Skip the item it marks: up to its closing brace, or its `;`.
            let mut depth = 0i64;
            let mut opened = false;
            for (_, l) in lines.by_ref() {
                depth += l.matches('{').count() as i64 - l.matches('}').count() as i64;
                opened |= l.contains('{');
                if (opened && depth <= 0) || (!opened && l.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push((i + 1, line));
    }
    out
}

/// Whether a line calls `unwrap()` or `expect(` (outside a comment).
fn calls_unwrap(line: &str) -> bool {
    let code = line.trim_start();
    !code.starts_with("//") && (code.contains(".unwrap()") || code.contains(".expect("))
}

/// The entries of the allow-list `rel` (below `root`): each line that is not blank or a `#`
/// comment, with its number, split at ` | ` into three trimmed parts, the last (the reason) not
/// empty. `format` names the expected form in the error of a line that is not.
pub fn read_entries(root: &Path, rel: &str, format: &str) -> Result<Vec<[String; 3]>, String> {
    let text = std::fs::read_to_string(root.join(rel)).map_err(|e| format!("{rel}: {e}"))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.splitn(3, " | ").map(str::trim).collect();
        match parts.as_slice() {
            [a, b, why] if !why.is_empty() => {
                out.push([a.to_string(), b.to_string(), why.to_string()])
            }
            _ => return Err(format!("{rel}:{}: expected `{format}`", i + 1)),
        }
    }
    Ok(out)
}

fn read_allow_list(root: &Path) -> Result<Vec<Allowed>, String> {
    Ok(
        read_entries(root, ALLOW, "path | text of the line | why it cannot fail")?
            .into_iter()
            .map(|[path, snippet, _]| Allowed {
                path,
                snippet,
                used: false,
            })
            .collect(),
    )
}

/// Runs the check: `Err` lists each call found that the allow-list does not explain, and each
/// allow-list entry that no longer matches.
pub fn check(root: &Path) -> Result<usize, Vec<String>> {
    let mut allowed = read_allow_list(root).map_err(|e| vec![e])?;
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for krate in CRATES {
        rust_files(&root.join(krate).join("src"), &mut files);
    }
    let mut checked = 0;
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name == "tests.rs" || name.ends_with("_tests.rs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            problems.push(format!("{}: cannot read it", file.display()));
            continue;
        };
        checked += 1;
        let rel = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .to_string_lossy()
            .replace('\\', "/");
        for (n, line) in non_test_lines(&text) {
            if !calls_unwrap(line) {
                continue;
            }
            match allowed
                .iter_mut()
                .find(|a| a.path == rel && line.contains(&a.snippet))
            {
                Some(a) => a.used = true,
                None => problems.push(format!("{rel}:{n}: {}", line.trim())),
            }
        }
    }
    for a in allowed.iter().filter(|a| !a.used) {
        problems.push(format!(
            "{ALLOW}: `{} | {}` matches nothing: remove it",
            a.path, a.snippet
        ));
    }
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn test_items_and_comments_are_skipped() {
        let text = "fn a() { x.unwrap(); }\n// y.unwrap()\n#[cfg(test)]\nmod tests {\n    fn b() {\n        z.unwrap();\n    }\n}\nfn c() { w.expect(\"w\"); }\n";
        let found: Vec<usize> = super::non_test_lines(text)
            .into_iter()
            .filter(|(_, l)| super::calls_unwrap(l))
            .map(|(n, _)| n)
            .collect();
        assert_eq!(found, [1, 9]);
    }
}
