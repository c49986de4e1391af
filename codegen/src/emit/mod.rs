//! Emitting Rust for a checked spec, lowered first ([`crate::ir`]): one module per family, one file
//! per action, a service module and the action registry, each formatted with prettyplease and headed
//! with the spec files it came from. One concern per file: paths and literals (`paths`), doc texts
//! (`docs`), type declarations (`types`), serde impls (`serde`), validation (`validate`), an
//! action's operation tables and call (`operation`), and the crate-level files (`crate_files`).

mod crate_files;
pub mod docs;
mod operation;
mod paging;
mod paths;
mod serde;
mod types;
mod validate;

use proc_macro2::TokenStream;

use crate::ir::{ActionItem, Api, Family};
use crate::model::Spec;

/// Directory (relative to the workspace root) of the generated crate.
pub const CRATE_DIR: &str = "generated";
/// Directory (relative to the workspace root) the generator owns in the generated crate: all of
/// its sources.
pub const API_DIR: &str = "generated/src";
/// The shapes fixture's spec (a second, synthetic service exercising every shape of the format).
pub const SHAPES_SPEC: &str = "tests/fixtures/shapes/api-spec";
/// The shapes fixture's generated crate (checked in, compiled and tested).
pub const SHAPES_CRATE: &str = "tests/golden/shapes";
/// Directory (relative to the workspace root) of the generated JSON Schemas.
pub const SCHEMA_DIR: &str = "api-spec/schema";

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, `/`-separated.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// The generated crate's package name.
pub fn package_name(spec: &Spec) -> String {
    spec.service
        .package
        .clone()
        .unwrap_or_else(|| format!("volcengine-{}", spec.service.service))
}

/// Generates every file for `spec` into the crate at [`CRATE_DIR`]: its sources (the facade
/// `lib.rs` and the `api` module tree) and the spec's JSON Schemas.
pub fn generate(spec: &Spec) -> Result<Vec<GeneratedFile>, String> {
    let mut files = generate_into(spec, CRATE_DIR, true)?;
    files.push(GeneratedFile {
        path: format!("{CRATE_DIR}/Cargo.toml"),
        contents: crate_files::cargo_toml(spec),
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Generates the sources of `spec`'s crate into `crate_dir/src` (relative to the workspace root),
/// with the JSON Schemas of the format when `schemas` is set.
pub fn generate_into(
    spec: &Spec,
    crate_dir: &str,
    schemas: bool,
) -> Result<Vec<GeneratedFile>, String> {
    let api = crate::ir::lower(spec)?;
    let api_dir = format!("{crate_dir}/src/api");
    let api_dir = api_dir.as_str();
    let mut out = Vec::new();
    let all_files = spec.files.join(", ");
    let service_file = spec
        .files
        .iter()
        .find(|f| f.ends_with("service.yaml"))
        .cloned()
        .unwrap_or_default();

    out.push(file(
        format!("{api_dir}/mod.rs"),
        &all_files,
        crate_files::api_mod(spec),
    )?);
    out.push(file(
        format!("{api_dir}/service.rs"),
        &service_file,
        crate_files::service_mod(spec),
    )?);
    out.push(file(
        format!("{api_dir}/registry.rs"),
        &all_files,
        crate_files::registry_mod(&api),
    )?);
    for fam in &api.families {
        let mut sources: Vec<String> = fam.type_files.clone();
        sources.extend(fam.actions.iter().map(|a| a.file.clone()));
        out.push(file(
            format!("{api_dir}/{}/mod.rs", fam.name),
            &sources.join(", "),
            crate_files::family_mod(fam),
        )?);
        if !fam.types.is_empty() {
            out.push(file(
                format!("{api_dir}/{}/types.rs", fam.name),
                &fam.type_files.join(", "),
                crate_files::types_mod(fam),
            )?);
        }
    }
    out.push(file(
        format!("{crate_dir}/src/lib.rs"),
        &all_files,
        crate_files::lib_rs(spec),
    )?);
    out.extend(action_files(&api, api_dir)?);
    if schemas {
        for (name, schema) in crate::schema::schemas() {
            out.push(GeneratedFile {
                path: format!("{SCHEMA_DIR}/{name}"),
                contents: schema,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// One file per action, emitted and formatted on every core: actions are independent, and parsing
/// and pretty-printing dominate the generator's time. Token streams are not `Send`, so each worker
/// builds its own from the shared, read-only model; the output order does not depend on scheduling.
fn action_files(api: &Api<'_>, api_dir: &str) -> Result<Vec<GeneratedFile>, String> {
    let jobs: Vec<(&Family<'_>, &ActionItem<'_>)> = api
        .families
        .iter()
        .flat_map(|f| f.actions.iter().map(move |a| (f, a)))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let emit_one = |(fam, a): (&Family<'_>, &ActionItem<'_>)| {
        file(
            format!("{api_dir}/{}/{}.rs", fam.name, a.snake),
            &a.file,
            operation::action_mod(fam, a),
        )
    };
    let mut results: Vec<(usize, Result<GeneratedFile, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        done.push((i, emit_one(*job)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

fn file(path: String, sources: &str, ts: TokenStream) -> Result<GeneratedFile, String> {
    let parsed: syn::File =
        syn::parse2(ts).map_err(|e| format!("{path}: generated tokens do not parse: {e}"))?;
    let body = prettyplease::unparse(&parsed);
    let contents = format!(
        "// @generated by `cargo xtask codegen` from {sources}.\n// Do not edit by hand: change the spec and regenerate.\n\n{body}"
    );
    Ok(GeneratedFile { path, contents })
}
