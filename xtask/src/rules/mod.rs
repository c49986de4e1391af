//! `cargo xtask rules` (one of `cargo xtask test`'s checks): the layout rules of ARCHITECTURE.md,
//! kept true. No hand-written Rust file over 500 lines outside tests, none over 650 at all
//! ([`sizes`]), and no import cycle between the modules of the crates in [`ACYCLIC`] ([`cycles`]).
//!
//! `xtask/rules-allow.txt` lists what is known to break a rule while someone fixes it: entries are
//! only ever removed. An entry that no longer matches anything is reported so that it can go.

pub mod cycles;
pub mod sizes;
#[cfg(test)]
mod tests;

use std::path::Path;

/// The crates whose module graph must have no cycle, by their `src/` directory.
pub const ACYCLIC: &[&str] = &["codegen/src", "runtime/src", "auth/src", "secret/src"];

/// The allow-list, relative to the workspace root.
const ALLOW: &str = "xtask/rules-allow.txt";

/// An allowed breach: `size | path | why` or `cycle | src dir | why`.
struct Allowed {
    kind: String,
    what: String,
    used: bool,
}

fn read_allow_list(root: &Path) -> Result<Vec<Allowed>, String> {
    let format = "size | path | why` or `cycle | src dir | why";
    crate::unwraps::read_entries(root, ALLOW, format)?
        .into_iter()
        .map(|[kind, what, _]| match kind.as_str() {
            "size" | "cycle" => Ok(Allowed {
                kind,
                what,
                used: false,
            }),
            other => Err(format!("{ALLOW}: `{other}`: expected `{format}`")),
        })
        .collect()
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Breaches no allow-list entry covers: the check fails on any.
    pub problems: Vec<String>,
    /// Breaches the allow-list covers, and entries that no longer match (to be removed).
    pub notes: Vec<String>,
    /// Files read for their size.
    pub files: usize,
    /// Modules read for their imports.
    pub modules: usize,
    /// Imports between them.
    pub edges: usize,
}

/// Runs both rules over the workspace at `root`.
pub fn check(root: &Path) -> Result<Findings, String> {
    let mut allowed = read_allow_list(root)?;
    let mut f = Findings::default();
    let mut allow = |kind: &str, what: &str| {
        allowed
            .iter_mut()
            .find(|a| a.kind == kind && a.what == what)
            .map(|a| a.used = true)
            .is_some()
    };
    let (over, files) = sizes::oversize(root)?;
    f.files = files;
    for o in over {
        let text = format!(
            "{}: {} lines, over the limit of {} ({})",
            o.path,
            o.lines,
            o.limit,
            if o.limit == sizes::MAX {
                "split it by concern; tests go in their own files"
            } else {
                "split it by concern"
            }
        );
        if allow("size", &o.path) {
            f.notes.push(format!("allowed for now: {text}"));
        } else {
            f.problems.push(text);
        }
    }
    for src in ACYCLIC {
        let g = cycles::graph(&root.join(src))?;
        f.modules += g.len();
        f.edges += g.values().map(|e| e.len()).sum::<usize>();
        for cycle in cycles::cycles(&g) {
            let mut text = format!(
                "{src}: an import cycle: {}",
                cycle
                    .iter()
                    .map(|m| cycles::display(m))
                    .collect::<Vec<_>>()
                    .join(" <-> ")
            );
            for a in &cycle {
                for b in g.get(a).into_iter().flatten().filter(|b| cycle.contains(b)) {
                    text.push_str(&format!(
                        "\n    {} -> {}",
                        cycles::display(a),
                        cycles::display(b)
                    ));
                }
            }
            if allow("cycle", src) {
                f.notes.push(format!("allowed for now: {text}"));
            } else {
                f.problems.push(text);
            }
        }
    }
    for a in allowed.iter().filter(|a| !a.used) {
        f.notes.push(format!(
            "{ALLOW}: `{} | {}` matches nothing any more: remove it",
            a.kind, a.what
        ));
    }
    Ok(f)
}
