//! The generator of the `volcengine-rtc` crate: loads and checks the YAML spec in `api-spec/`, and
//! emits Rust for it.
//!
//! It is a library so that `xtask` (the `cargo xtask codegen` command), tests and benchmarks drive the
//! same code. Its public API is small: [`load_spec`] reads and checks a spec directory (the `load` and
//! `check` stages), reporting every problem with file, line, column and field path; [`generate`]
//! lowers a checked spec (`lower`, into the `ir`) and emits its files (`emit`) where the caller's
//! [`Layout`] says; [`write_or_check`] writes them or reports which are stale. [`spec`] is the
//! format's types (the importers and tests read and write them), and [`span`] where each node of a
//! YAML file is (errors are located with it; the importers keep comments with it). The stages are
//! private modules:
//!
//! ```text
//! api-spec/*.yaml --load--> Sources --check--> Spec --lower--> ir::Api --emit--> GeneratedFile
//! ```

#![warn(missing_docs)]

mod cache;
mod check;
mod doc;
mod emit;
pub mod events;
mod front;
mod ir;
pub mod lint;
mod load;
mod lower;
mod model;
mod schema;
mod sensitive;
pub mod span;
pub mod spec;
mod ty;

pub use emit::{GeneratedFile, Layout, Options, Timings};
pub use front::{load_spec, load_spec_cached, load_spec_from_memory};
pub use load::{display_name, yaml_files, SpecError, SpecErrors};
pub use model::{
    shared_limit_static, Action, FamilyModel, NamedType, Spec, ACTION_ITEM_NAMES, RUST_KEYWORDS,
};

use std::path::Path;
use std::time::Instant;

/// The generator's version, recorded in the generated crate.
pub const GENERATOR_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Generates every file for `spec` that `layout` asks for: the crate's sources (the facade
/// `lib.rs` and the `api` module tree), and its manifest and the format's JSON Schemas if asked.
pub fn generate(spec: &Spec, layout: &Layout) -> Result<Vec<GeneratedFile>, String> {
    generate_with(spec, layout, &Options::default()).map(|(files, _)| files)
}

/// [`generate`], with `options` (a cache), answering where the time went: `spec` is lowered into
/// the IR, and the files are emitted from the IR alone.
pub fn generate_with(
    spec: &Spec,
    layout: &Layout,
    options: &Options,
) -> Result<(Vec<GeneratedFile>, Timings), String> {
    let t = Instant::now();
    let api = lower::lower(spec)?;
    let lowered = t.elapsed();
    let (mut files, mut timings) = emit::emit(&api, layout, options)?;
    timings.lower = lowered;
    // The format's own JSON Schemas, derived from its types (not from the spec).
    if let Some(dir) = &layout.schema_dir {
        files.extend(
            schema::schemas()
                .into_iter()
                .map(|(name, schema)| GeneratedFile {
                    path: format!("{dir}/{name}"),
                    contents: schema,
                }),
        );
        files.sort_by(|a, b| a.path.cmp(&b.path));
    }
    Ok((files, timings))
}

/// What [`write_or_check`] found or did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Files whose content differs from what the spec produces (written, unless checking).
    pub stale: Vec<String>,
    /// Files under the output directory that the spec no longer produces (deleted, unless checking).
    pub extra: Vec<String>,
}

impl Outcome {
    /// Nothing was stale.
    pub fn is_clean(&self) -> bool {
        self.stale.is_empty() && self.extra.is_empty()
    }
}

/// Writes `files` below `root` (each file's path is relative to it) and deletes files below the
/// generator-owned directories that are no longer produced. With `check`, changes nothing and only
/// reports.
pub fn write_or_check(
    root: &Path,
    files: &[GeneratedFile],
    owned_dirs: &[&str],
    check: bool,
) -> std::io::Result<Outcome> {
    let mut outcome = Outcome::default();
    for f in files {
        let path = root.join(&f.path);
        let current = std::fs::read(&path).ok();
        if current.as_deref() != Some(f.contents.as_bytes()) {
            outcome.stale.push(f.path.clone());
            if !check {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&path, &f.contents)?;
            }
        }
    }
    for dir in owned_dirs {
        let base = root.join(dir);
        let mut stack = vec![base.clone()];
        while let Some(d) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            for entry in entries {
                let p = entry?.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                let rel = load::display_name(root, &p);
                if !files.iter().any(|f| f.path == rel) {
                    outcome.extra.push(rel);
                    if !check {
                        std::fs::remove_file(&p)?;
                    }
                }
            }
        }
    }
    outcome.stale.sort();
    outcome.extra.sort();
    Ok(outcome)
}
