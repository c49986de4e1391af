//! Emitting Rust from the lowered API ([`crate::ir`], and nothing else: no emitter reads the spec):
//! one module per family, one file per action, a service module and the action registry, each
//! formatted with prettyplease and headed with the spec files it came from. One concern per file:
//! paths and literals (`paths`), type declarations (`types`), serde impls (`serde`), validation
//! (`validate`), an action's operation tables and call (`operation`), paging (`paging`), the
//! crate-level files (`crate_files`), the service module and provenance table (`service`), the
//! manifest and README (`manifest`), and the callbacks module (`events`).

mod crate_files;
mod events;
mod manifest;
mod operation;
mod paging;
mod paths;
mod rate_limits;
mod serde;
mod service;
mod types;
mod validate;

use std::time::{Duration, Instant};

use proc_macro2::TokenStream;

use crate::cache::Cache;
use crate::ir::{ActionItem, Api, Family, Provenance};

/// Where the generated files go, relative to the workspace root. The caller (`xtask`) owns the
/// workspace's layout and passes it in; the generator knows no path of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The generated crate's directory (`generated`): the generator owns its `src/`.
    pub crate_dir: String,
    /// Where the format's JSON Schemas go (`api-spec/schema`); `None`: not generated.
    pub schema_dir: Option<String>,
    /// Whether the crate's `Cargo.toml` and `README.md` are generated too.
    pub manifest: bool,
}

impl Layout {
    /// A crate's sources only, in `crate_dir`.
    pub fn sources(crate_dir: &str) -> Layout {
        Layout {
            crate_dir: crate_dir.to_string(),
            schema_dir: None,
            manifest: false,
        }
    }
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, `/`-separated.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// How to generate: with or without an output cache.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// The cache directory (`target/codegen-cache` for `cargo xtask codegen`): files whose
    /// inputs did not change since a run that used it are taken from it instead of being emitted
    /// and formatted again (see `cache.rs`). `None`: everything is emitted.
    pub cache_dir: Option<std::path::PathBuf>,
}

/// Where a generation's time went. Per-file phases run on every core and are summed over
/// threads (so they may add up to more than the wall time).
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Lowering the checked spec (wall).
    pub lower: Duration,
    /// Hashing each file's inputs for the cache (summed over threads).
    pub key: Duration,
    /// Building token streams with quote (summed over threads).
    pub tokens: Duration,
    /// syn parsing the token streams (summed over threads).
    pub parse: Duration,
    /// prettyplease printing and the doc lines spliced in (summed over threads).
    pub print: Duration,
    /// Reading and writing cache entries (summed over threads).
    pub cache_io: Duration,
    /// Emitting and formatting every file, on every core (wall, lowering excluded).
    pub emit_wall: Duration,
    /// Files emitted and formatted.
    pub emitted: usize,
    /// Files taken from the cache.
    pub reused: usize,
}

impl Timings {
    fn add(&mut self, o: &Timings) {
        self.lower += o.lower;
        self.key += o.key;
        self.tokens += o.tokens;
        self.parse += o.parse;
        self.print += o.print;
        self.cache_io += o.cache_io;
        self.emit_wall += o.emit_wall;
        self.emitted += o.emitted;
        self.reused += o.reused;
    }
}

/// Every file of `api` that `layout` asks for: the crate's sources (the facade `lib.rs` and the
/// `api` module tree), and its manifest and README if asked.
pub(crate) fn emit(
    api: &Api,
    layout: &Layout,
    options: &Options,
) -> Result<(Vec<GeneratedFile>, Timings), String> {
    let crate_dir = &layout.crate_dir;
    let (mut files, timings) = generate_sources(api, crate_dir, options)?;
    if layout.manifest {
        files.push(GeneratedFile {
            path: format!("{crate_dir}/Cargo.toml"),
            contents: manifest::cargo_toml(api),
        });
        files.push(GeneratedFile {
            path: format!("{crate_dir}/README.md"),
            contents: manifest::readme(api),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((files, timings))
}

/// One output file to emit.
enum Job<'b> {
    Lib,
    ApiMod,
    Service,
    Provenance,
    Registry,
    FamilyMod(&'b Family),
    Types(&'b Family, &'b [u8]),
    Action(&'b Family, &'b [u8], &'b ActionItem),
}

/// The sources of `api`'s crate in `crate_dir/src`.
///
/// Every file is emitted and formatted on every core: files are independent once the spec is
/// lowered, and parsing and pretty-printing dominate the generator's time. Token streams are not
/// `Send`, so each worker builds its own from the shared, read-only model; the output order does
/// not depend on scheduling. With a cache, an action's file (and a family's `types.rs`) is keyed
/// by the lowered input it is emitted from, so an unchanged one is neither emitted nor formatted;
/// the files that list every action are keyed by their tokens (cheap to build), so an unchanged
/// one is not formatted.
fn generate_sources(
    api: &Api,
    crate_dir: &str,
    options: &Options,
) -> Result<(Vec<GeneratedFile>, Timings), String> {
    let mut timings = Timings::default();
    let prov = &api.provenance;
    let started = Instant::now();
    let cache = options
        .cache_dir
        .as_ref()
        .and_then(|d| Cache::open(&d.join(crate_dir.replace(['/', '\\'], "_"))));
    let api_dir = format!("{crate_dir}/src/api");
    let api_dir = api_dir.as_str();
    let service_file = &prov.service_file;
    // Each header names the file's own spec files: a file changes only when they do. The index
    // files (the registry, a family's `mod.rs`) name the folder they list; the provenance table
    // names every file.
    let service_sources = own_sources(prov, &[service_file]);
    let provenance_sources = format!(
        "every spec file ({} files, SHA-256 {})",
        prov.files.len(),
        prov.hash
    );
    let registry_sources =
        "the action files of every family (an index; `service::SPEC_FILE_HASHES` has each file's SHA-256)"
            .to_string();

    // What an action's file is emitted from, besides the action's own spec file: every spec file
    // that is not an action file (the service, the shared types) and its family's lowered facts
    // (its shared types with the directions every action gives them). Hashed once, and only with
    // a cache. An action's file depends on no other action file: lowering an action reads its own
    // spec and its family's types, and emitting it reads the action and its family's name.
    let t = Instant::now();
    let action_files: std::collections::BTreeSet<&str> = api
        .families
        .iter()
        .flat_map(|f| f.actions.iter().map(|a| a.file.as_str()))
        .collect();
    let family_inputs: Vec<Vec<u8>> = api
        .families
        .iter()
        .map(|f| {
            if cache.is_none() {
                return Vec::new();
            }
            let facts = format!(
                "{:?}",
                (&f.name, &f.doc, &f.type_files, &f.types, f.grouped)
            );
            let mut parts: Vec<&[u8]> = vec![facts.as_bytes()];
            for (name, hash) in &prov.file_hashes {
                if !action_files.contains(name.as_str()) {
                    parts.push(name.as_bytes());
                    parts.push(hash);
                }
            }
            crate::cache::key(&parts).to_vec()
        })
        .collect();
    timings.key += t.elapsed();

    let mut jobs: Vec<Job<'_>> = vec![
        Job::Registry,
        Job::Lib,
        Job::ApiMod,
        Job::Service,
        Job::Provenance,
    ];
    for (fam, input) in api.families.iter().zip(&family_inputs) {
        jobs.push(Job::FamilyMod(fam));
        if !fam.types.is_empty() {
            jobs.push(Job::Types(fam, input));
        }
    }
    for (fam, input) in api.families.iter().zip(&family_inputs) {
        jobs.extend(fam.actions.iter().map(|a| Job::Action(fam, input, a)));
    }

    let emit_one = |job: &Job<'_>, t: &mut Timings| -> Result<GeneratedFile, String> {
        let c = cache.as_ref();
        match *job {
            Job::Lib => file(
                format!("{crate_dir}/src/lib.rs"),
                &service_sources,
                None,
                &|| crate_files::lib_rs(api),
                c,
                t,
            ),
            Job::ApiMod => file(
                format!("{api_dir}/mod.rs"),
                &service_sources,
                None,
                &|| crate_files::api_mod(api),
                c,
                t,
            ),
            Job::Service => file(
                format!("{api_dir}/service.rs"),
                &service_sources,
                None,
                &|| service::service_mod(api),
                c,
                t,
            ),
            Job::Provenance => file(
                format!("{api_dir}/provenance.rs"),
                &provenance_sources,
                None,
                &|| service::provenance_mod(api),
                c,
                t,
            ),
            Job::Registry => file(
                format!("{api_dir}/registry.rs"),
                &registry_sources,
                None,
                &|| crate_files::registry_mod(api),
                c,
                t,
            ),
            Job::FamilyMod(fam) => {
                let folders: std::collections::BTreeSet<&str> = fam
                    .actions
                    .iter()
                    .filter_map(|a| a.file.rsplit_once('/').map(|(dir, _)| dir))
                    .collect();
                let mut named = vec![service_file.clone()];
                named.extend(fam.type_files.iter().cloned());
                let sources = format!(
                    "{} and the action files in {} (an index; `service::SPEC_FILE_HASHES` has each file's SHA-256)",
                    named.join(", "),
                    folders.into_iter().map(|d| format!("{d}/")).collect::<Vec<_>>().join(", ")
                );
                file(
                    format!("{api_dir}/{}/mod.rs", fam.name),
                    &sources,
                    None,
                    &|| crate_files::family_mod(fam),
                    c,
                    t,
                )
            }
            Job::Types(fam, input) => file(
                format!("{api_dir}/{}/types.rs", fam.name),
                &own_sources(
                    prov,
                    &fam.type_files
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>(),
                ),
                Some(&|| input.to_vec()),
                &|| crate_files::types_mod(fam),
                c,
                t,
            ),
            Job::Action(fam, input, a) => file(
                format!("{api_dir}/{}/{}.rs", fam.name, a.snake),
                &own_sources(prov, &[&a.file]),
                Some(&|| match prov.file_hashes.get(&a.file) {
                    Some(own) => crate::cache::key(&[
                        input,
                        a.file.as_bytes(),
                        own,
                        a.snake.as_bytes(),
                        a.type_base.as_bytes(),
                    ])
                    .to_vec(),
                    // No hash of its file (not read from one): the lowered action itself.
                    None => crate::cache::key(&[input, format!("{a:?}").as_bytes()]).to_vec(),
                }),
                &|| operation::action_mod(fam, a),
                c,
                t,
            ),
        }
    };

    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, Result<GeneratedFile, String>)> = Vec::new();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    let mut t = Timings::default();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        done.push((i, emit_one(job, &mut t)));
                    }
                    (done, t)
                })
            })
            .collect();
        for h in handles {
            let (done, t) = h
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            results.extend(done);
            timings.add(&t);
        }
    });
    results.sort_by_key(|(i, _)| *i);
    let mut out = results
        .into_iter()
        .map(|(_, r)| r)
        .collect::<Result<Vec<_>, _>>()?;
    out.extend(events::files(api, crate_dir, cache.as_ref(), &mut timings)?);
    if let Some(c) = &cache {
        let t = Instant::now();
        c.prune();
        timings.cache_io += t.elapsed();
    }
    timings.emit_wall = started.elapsed();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((out, timings))
}

/// One file: from the cache when its input (`input`, or else the tokens `build` makes) is
/// cached, else built, formatted with prettyplease and headed.
fn file(
    path: String,
    sources: &str,
    input: Option<&dyn Fn() -> Vec<u8>>,
    build: &dyn Fn() -> TokenStream,
    cache: Option<&Cache>,
    t: &mut Timings,
) -> Result<GeneratedFile, String> {
    let lookup = |key: &crate::cache::Key, t: &mut Timings| {
        let at = Instant::now();
        let hit = cache.and_then(|c| c.get(key));
        t.cache_io += at.elapsed();
        hit
    };
    let mut key = None;
    if let (Some(c), Some(input)) = (cache, input) {
        let at = Instant::now();
        let k = c.key(&path, sources, &input());
        t.key += at.elapsed();
        if let Some(contents) = lookup(&k, t) {
            t.reused += 1;
            return Ok(GeneratedFile { path, contents });
        }
        key = Some(k);
    }
    let at = Instant::now();
    let (ts, docs) = crate::doc::defer_docs(build);
    t.tokens += at.elapsed();
    if let (Some(c), None) = (cache, key) {
        let at = Instant::now();
        let mut input = ts.to_string().into_bytes();
        for d in &docs {
            input.push(0);
            input.extend_from_slice(d.join("\n").as_bytes());
        }
        let k = c.key(&path, sources, &input);
        t.key += at.elapsed();
        if let Some(contents) = lookup(&k, t) {
            t.reused += 1;
            return Ok(GeneratedFile { path, contents });
        }
        key = Some(k);
    }
    let body = match crate::doc::splice_docs(&format(&path, ts, t)?, &docs) {
        Some(body) => body,
        // A placeholder did not come out as a line of its own: format with the docs in place.
        None => {
            let at = Instant::now();
            let ts = build();
            t.tokens += at.elapsed();
            format(&path, ts, t)?
        }
    };
    let contents = format!(
        "// @generated by `cargo xtask codegen` from {sources}.\n// Do not edit by hand: change the spec and regenerate.\n\n{body}"
    );
    t.emitted += 1;
    if let (Some(c), Some(k)) = (cache, key) {
        let at = Instant::now();
        c.put(&k, &contents);
        t.cache_io += at.elapsed();
    }
    Ok(GeneratedFile { path, contents })
}

/// A header's sources: the files, and the SHA-256 over exactly them (each file's name and SHA-256,
/// as the spec's hash is taken over all of them), shortened.
fn own_sources(prov: &Provenance, files: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for f in files {
        if let Some(h) = prov.file_hashes.get(*f) {
            hasher.update(f.as_bytes());
            hasher.update([0]);
            hasher.update(h);
        }
    }
    let hash = hex::encode(hasher.finalize());
    format!("{} (SHA-256 {})", files.join(", "), &hash[..16])
}

/// Parses `ts` with syn and prints it with prettyplease.
fn format(path: &str, ts: TokenStream, t: &mut Timings) -> Result<String, String> {
    let at = Instant::now();
    let parsed: syn::File =
        syn::parse2(ts).map_err(|e| format!("{path}: generated tokens do not parse: {e}"))?;
    t.parse += at.elapsed();
    let at = Instant::now();
    let text = prettyplease::unparse(&parsed);
    drop(parsed);
    t.print += at.elapsed();
    Ok(text)
}
