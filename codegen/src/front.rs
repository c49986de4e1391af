//! The front end: a spec directory (or files in memory) read, parsed and checked into a
//! [`Spec`]: reading with spans is `load`, the checks are `check`, the result's types `model`.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::cache::Cache;
use crate::check::Checker;
use crate::load::{display_name, read_source, yaml_files, Source, SpecError, SpecErrors};
use crate::model::Spec;
use crate::spec::{ActionSpec, ServiceSpec, TypesFile};

/// Loads every file below `root` (the `api-spec` directory) and checks it.
pub fn load_spec(root: &Path) -> Result<Spec, SpecErrors> {
    load_spec_cached(root, None)
}

/// [`load_spec`], with each action file's parse taken from the cache in `cache_dir` when the
/// file's bytes are those of a file parsed cleanly before (see `cache.rs`): parsing YAML is
/// most of loading. Every check still runs on the whole spec; a file with errors is never cached.
pub fn load_spec_cached(root: &Path, cache_dir: Option<&Path>) -> Result<Spec, SpecErrors> {
    let cache = cache_dir.and_then(|d| {
        let name = root.to_string_lossy().replace(['/', '\\', ':'], "_");
        Cache::open(&d.join(format!("spec{name}")))
    });
    let spec = load_spec_with(root, cache.as_ref());
    if let Some(c) = &cache {
        c.prune();
    }
    spec
}

fn load_spec_with(root: &Path, cache: Option<&Cache>) -> Result<Spec, SpecErrors> {
    let base = root.parent().unwrap_or(root);
    let mut errors = Vec::new();
    let service_src = read_source(base, &root.join("service.yaml"), &mut errors);

    let list = |dir: &Path, errors: &mut Vec<SpecError>| match yaml_files(dir) {
        Ok(v) => v,
        Err(e) => {
            errors.push(SpecError {
                file: display_name(base, dir),
                line: 1,
                column: 1,
                path: String::new(),
                message: format!("cannot list: {e}"),
            });
            Vec::new()
        }
    };
    let mut types_srcs = Vec::new();
    for p in list(&root.join("types"), &mut errors) {
        types_srcs.extend(read_source(base, &p, &mut errors));
    }
    let mut action_srcs = Vec::new();
    for p in list(&root.join("actions"), &mut errors) {
        action_srcs.extend(read_source(base, &p, &mut errors));
    }
    let mut event_srcs = Vec::new();
    for p in list(&root.join(crate::events::CALLBACKS_DIR), &mut errors) {
        event_srcs.extend(read_source(base, &p, &mut errors));
    }
    let srcs = Sources {
        types: types_srcs,
        actions: action_srcs,
        events: event_srcs,
    };
    check_sources(service_src, srcs, errors, cache)
}

/// Loads a spec held in memory as [`load_spec`] loads the same files from an `api-spec` directory,
/// touching no disk (for fuzzing and tests). `files` are (path relative to that directory, text)
/// pairs: `service.yaml`, and `*.yaml`/`*.yml` below `types/` and `actions/`, are read in the same
/// order; other paths are ignored, as are paths with `.`, `..` or a root; of a path given twice the
/// last text counts. Errors name files `api-spec/<path>`; a missing `service.yaml` is an error at its
/// first line, as on disk.
pub fn load_spec_from_memory(files: &[(&str, &str)]) -> Result<Spec, SpecErrors> {
    use std::path::{Component, PathBuf};
    let mut by_path: BTreeMap<PathBuf, &str> = BTreeMap::new();
    for (path, text) in files {
        let path = Path::new(path);
        if path.components().all(|c| matches!(c, Component::Normal(_))) {
            by_path.insert(path.components().collect(), text);
        }
    }
    let name = |p: &Path| format!("api-spec/{}", display_name(Path::new(""), p));
    let mut errors = Vec::new();
    let service_src = match by_path.get(Path::new("service.yaml")) {
        Some(text) => Some(Source::new("api-spec/service.yaml", *text)),
        None => {
            errors.push(SpecError {
                file: "api-spec/service.yaml".into(),
                line: 1,
                column: 1,
                path: String::new(),
                message: "cannot read: not given".into(),
            });
            None
        }
    };
    let below = |dir: &str| -> Vec<Source> {
        by_path
            .iter()
            .filter(|(p, _)| {
                p.starts_with(dir)
                    && p.components().count() > 1
                    && p.extension().is_some_and(|e| e == "yaml" || e == "yml")
            })
            .map(|(p, text)| Source::new(name(p), *text))
            .collect()
    };
    let srcs = Sources {
        types: below("types"),
        actions: below("actions"),
        events: below(crate::events::CALLBACKS_DIR),
    };
    check_sources(service_src, srcs, errors, None)
}

/// Parses every file of one kind (`T`: action, types or event file), on every core (files are
/// independent); results in file order. With a cache, a file parsed cleanly before (same bytes,
/// same generator) is read back from its JSON.
fn parse_all<T>(
    kind: &str,
    srcs: &[Source],
    cache: Option<&Cache>,
) -> Vec<(Option<T>, Vec<SpecError>)>
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send,
{
    let parse = |src: &Source| {
        let key = cache.map(|c| c.key(kind, &src.name, src.text.as_bytes()));
        if let (Some(c), Some(k)) = (cache, &key) {
            if let Some(spec) = c.get(k).and_then(|j| serde_json::from_str(&j).ok()) {
                return (Some(spec), Vec::new());
            }
        }
        let mut errors = Vec::new();
        let parsed = src.parse::<T>(&mut errors);
        if let (Some(c), Some(k), Some(spec), true) = (cache, &key, &parsed, errors.is_empty()) {
            if let Ok(json) = serde_json::to_string(spec) {
                c.put(k, &json);
            }
        }
        (parsed, errors)
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(srcs.len())
        .max(1);
    let chunk = srcs.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = srcs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(parse).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// The spec files read besides `service.yaml`, by kind.
struct Sources {
    types: Vec<Source>,
    actions: Vec<Source>,
    events: Vec<Source>,
}

/// Parses and checks the files read, whether from disk or memory.
fn check_sources(
    service_src: Option<Source>,
    srcs: Sources,
    mut errors: Vec<SpecError>,
    cache: Option<&Cache>,
) -> Result<Spec, SpecErrors> {
    let Sources {
        types: types_srcs,
        actions: action_srcs,
        events: event_srcs,
    } = srcs;
    let service: Option<ServiceSpec> = service_src.as_ref().and_then(|s| s.parse(&mut errors));
    let mut sources: Vec<Source> = Vec::new();
    let mut types_files = Vec::new();
    let parsed = parse_all::<TypesFile>("TypesFile", &types_srcs, cache);
    for (src, (parsed, file_errors)) in types_srcs.iter().zip(parsed) {
        errors.extend(file_errors);
        if let Some(tf) = parsed {
            types_files.push((src.name.clone(), tf));
        }
    }
    sources.extend(types_srcs);
    let mut actions = Vec::new();
    let parsed = parse_all::<ActionSpec>("ActionSpec", &action_srcs, cache);
    for (src, (parsed, file_errors)) in action_srcs.iter().zip(parsed) {
        errors.extend(file_errors);
        if let Some(a) = parsed {
            actions.push((src.name.clone(), a));
        }
    }
    sources.extend(action_srcs);
    let mut events = Vec::new();
    let parsed = parse_all::<crate::events::EventSpec>("EventSpec", &event_srcs, cache);
    for (src, (parsed, file_errors)) in event_srcs.iter().zip(parsed) {
        errors.extend(file_errors);
        if let Some(e) = parsed {
            events.push((src.name.clone(), e));
        }
    }
    sources.extend(event_srcs);

    let mut hasher = Sha256::new();
    let mut files = Vec::new();
    if let Some(s) = &service_src {
        files.push(s.name.clone());
    }
    files.extend(sources.iter().map(|s| s.name.clone()));
    files.sort();
    let by_name: BTreeMap<&str, &Source> = sources
        .iter()
        .chain(service_src.iter())
        .map(|s| (s.name.as_str(), s))
        .collect();
    let mut file_hashes = BTreeMap::new();
    for f in &files {
        if let Some(s) = by_name.get(f.as_str()) {
            // The spec's hash is over each file's name and hash: every file is read once.
            let file_hash: [u8; 32] = Sha256::digest(s.text.as_bytes()).into();
            hasher.update(f.as_bytes());
            hasher.update([0]);
            hasher.update(file_hash);
            file_hashes.insert(f.clone(), file_hash);
        }
    }
    let hash = hex::encode(hasher.finalize());

    let Some(service) = service else {
        errors.sort();
        return Err(SpecErrors(errors));
    };
    let Some(service_src) = service_src.as_ref() else {
        errors.sort();
        return Err(SpecErrors(errors));
    };
    let mut checker = Checker {
        errors: &mut errors,
        sources: &by_name,
    };
    let (mut types_files, mut actions) = (types_files, actions);
    checker.expand_values_from(&mut types_files, &mut actions, &events);
    let families = checker.check_all(&service, service_src, types_files, actions);
    let callbacks = checker.check_events(&service, events);
    if errors.is_empty() {
        Ok(Spec {
            service,
            families,
            files,
            hash,
            file_hashes,
            callbacks,
        })
    } else {
        errors.sort();
        errors.dedup();
        Err(SpecErrors(errors))
    }
}
