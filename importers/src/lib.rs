//! Importers: turning the vendor's documents into draft spec files for a person to finish. [`page`]
//! reads an API doc page (`cargo xtask import-page`). The rest imports the vendor's Go SDK models into draft spec files, and reporting how the spec has drifted
//! from them: the library behind `cargo xtask import-go-model` and `cargo xtask spec-drift`.
//!
//! - [`go_model`] parses `model.go` and `config.go` (a hand-written parser of the Go subset they use).
//! - [`convert`] maps the model to actions and types (the rules are documented there, including
//!   [`convert::NAMING_RULES`] for nested types).
//! - [`import_go_model`] writes one draft file per action (`<Action>.yaml`; an older version of an action
//!   that already has a file goes to `<Action>.<version>.yaml` with `rust_name` `<action>_v<yyyymmdd>`),
//!   or updates the existing file ([`merge`]), and the family types the model's actions share.
//! - [`spec_drift`] compares a model with the spec ([`drift`]).
//!
//! Spec files are read with serde_yaml into [`codegen::spec`] directly, not through the generator's
//! checks (drafts are fine); keys [`codegen::spec`] does not know are set aside with a note.

pub mod convert;
pub mod dedupe;
pub mod drift;
pub mod go_model;
pub mod merge;
pub mod page;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use heck::ToSnakeCase;
use serde::de::DeserializeOwned;

use codegen::spec::{ActionSpec, ServiceSpec, TypeDef, TypesFile};
use go_model::{ApiInfo, GoConfig, GoModel};

/// The English text the importer writes: a person replaces it.
pub const TODO_EN: &str = "TODO: write the English description";

/// The vendor commit the reference copy of the Go SDK was taken at.
pub const DEFAULT_COMMIT: &str = "26924eb540519b3cc5a9c6e8dae6f610c74d86ea";

/// What `cargo xtask import-go-model` was asked.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// `model.go`.
    pub model: PathBuf,
    /// `config.go`.
    pub config: PathBuf,
    /// The family (`rtc`).
    pub family: String,
    /// The directory of the family's action files (`api-spec/actions/rtc`).
    pub out: PathBuf,
    /// Only these actions (all when empty).
    pub actions: Vec<String>,
    /// The spec root whose `types/` files hold the family's types (default: `out/../..`).
    pub spec: Option<PathBuf>,
    /// The types file for the family types this model defines (default:
    /// `<spec>/types/<family>_v<yyyymmdd>.yaml`).
    pub types_out: Option<PathBuf>,
    /// The vendor commit named in `source:`.
    pub commit: String,
}

/// What happened to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// A new file.
    Written,
    /// An existing file, changed.
    Updated,
    /// An existing file the model does not change.
    Unchanged,
    /// An existing file of an older version, moved to a versioned name (with `rust_name` set).
    Moved {
        /// Where it was.
        from: String,
    },
    /// Not written (the reason is in the file's notes).
    Skipped,
}

/// One file of the report.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file's path as written.
    pub file: String,
    /// The action (empty for a types file).
    pub action: String,
    /// What happened.
    pub status: Status,
    /// The changes made (update mode).
    pub changes: Vec<String>,
    /// What could not be mapped, and other notes.
    pub unmapped: Vec<String>,
}

/// What `import_go_model` did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// The family.
    pub family: String,
    /// The model's versions.
    pub versions: BTreeSet<String>,
    /// The model file.
    pub model: String,
    /// Every file touched (or looked at), actions in name order, then the types file.
    pub files: Vec<FileReport>,
    /// Model-wide notes (structs no action uses, ...).
    pub notes: Vec<String>,
    /// Actions converted.
    pub actions: usize,
    /// Fields in the converted actions (request, result and their types' fields).
    pub fields: usize,
    /// Types: action-local ones plus the family types this model defines.
    pub types: usize,
    /// Family types reused from other types files.
    pub reused: Vec<String>,
}

impl ImportReport {
    /// How many things could not be mapped.
    pub fn unmapped(&self) -> usize {
        self.files.iter().map(|f| f.unmapped.len()).sum()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let versions: Vec<&str> = self.versions.iter().map(String::as_str).collect();
        writeln!(
            f,
            "import-go-model: {} {} from {}",
            self.family,
            versions.join(", "),
            self.model
        )?;
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for file in &self.files {
            let word = match &file.status {
                Status::Written => "wrote".to_string(),
                Status::Updated => "updated".to_string(),
                Status::Unchanged => "unchanged".to_string(),
                Status::Moved { from } => format!("moved {from} →"),
                Status::Skipped => "skipped".to_string(),
            };
            *counts
                .entry(match file.status {
                    Status::Written => "written",
                    Status::Updated => "updated",
                    Status::Unchanged => "unchanged",
                    Status::Moved { .. } => "moved",
                    Status::Skipped => "skipped",
                })
                .or_default() += 1;
            writeln!(f, "  {word} {}", file.file)?;
            for c in &file.changes {
                writeln!(f, "      change: {c}")?;
            }
            for u in &file.unmapped {
                writeln!(f, "      unmapped: {u}")?;
            }
        }
        if !self.reused.is_empty() {
            writeln!(
                f,
                "  family types reused from other types files: {}",
                self.reused.join(", ")
            )?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        let counts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
        write!(
            f,
            "files: {}; {} actions, {} fields, {} types; {} unmapped",
            if counts.is_empty() {
                "none".to_string()
            } else {
                counts.join(", ")
            },
            self.actions,
            self.fields,
            self.types,
            self.unmapped()
        )
    }
}

/// Reads a file, naming it in the error.
fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// Parses `model.go` and `config.go`.
pub fn parse_go(model: &Path, config: &Path) -> Result<(GoModel, GoConfig), String> {
    let m = go_model::parse_model(&model.display().to_string(), &read(model)?)
        .map_err(|e| e.to_string())?;
    let c = go_model::parse_config(&config.display().to_string(), &read(config)?)
        .map_err(|e| e.to_string())?;
    Ok((m, c))
}

/// Deserialises YAML into `T` strictly, except that keys `T` does not know are set aside (each
/// named in the returned notes) so that files written for a newer format still read.
pub fn parse_lenient<T: DeserializeOwned>(text: &str) -> Result<(T, Vec<String>), String> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let mut notes = Vec::new();
    for _ in 0..100 {
        match serde_path_to_error::deserialize::<_, T>(value.clone()) {
            Ok(v) => return Ok((v, notes)),
            Err(e) => {
                let msg = e.inner().to_string();
                let Some(key) = msg
                    .strip_prefix("unknown field `")
                    .and_then(|r| r.split('`').next())
                else {
                    return Err(format!("{}: {msg}", e.path()));
                };
                let path: Vec<String> = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                        serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                        _ => None,
                    })
                    .collect();
                // The path may end with the unknown key itself.
                let mut node = &mut value;
                for seg in &path {
                    if seg == key {
                        break;
                    }
                    node = match node {
                        serde_yaml::Value::Mapping(m) if m.contains_key(seg.as_str()) => {
                            m.get_mut(seg.as_str()).expect("checked")
                        }
                        serde_yaml::Value::Sequence(s) => {
                            match seg.parse::<usize>().ok().and_then(|i| s.get_mut(i)) {
                                Some(n) => n,
                                None => return Err(format!("{}: {msg}", e.path())),
                            }
                        }
                        _ => return Err(format!("{}: {msg}", e.path())),
                    };
                }
                let removed = match node {
                    serde_yaml::Value::Mapping(m) => m.remove(key).is_some(),
                    _ => false,
                };
                if !removed {
                    return Err(format!("{}: {msg}", e.path()));
                }
                notes.push(format!("ignored the key `{key}` at {}", e.path()));
            }
        }
    }
    Err("too many unknown keys".into())
}

/// The family's types from every types file below `types_dir` except `skip`, with notes on files
/// that could not be read.
pub fn family_types(
    types_dir: &Path,
    family: &str,
    skip: Option<&Path>,
) -> (BTreeMap<String, TypeDef>, Vec<String>) {
    let mut out = BTreeMap::new();
    let mut notes = Vec::new();
    let files = codegen::load::yaml_files(types_dir).unwrap_or_default();
    for p in files {
        if skip.is_some_and(|s| same_file(s, &p)) {
            continue;
        }
        let text = match read(&p) {
            Ok(t) => t,
            Err(e) => {
                notes.push(e);
                continue;
            }
        };
        match parse_lenient::<TypesFile>(&text) {
            Ok((tf, n)) => {
                notes.extend(n.into_iter().map(|n| format!("{}: {n}", p.display())));
                if tf.family == family {
                    for (k, v) in tf.types {
                        out.entry(k).or_insert(v);
                    }
                }
            }
            Err(e) => notes.push(format!("{}: cannot parse: {e}", p.display())),
        }
    }
    (out, notes)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// The upstream path of a model file: `service/<family>/<vYYYYMMDD>/model.go` when it lies in such a
/// directory, else `service/<family>/model.go`.
pub fn upstream_path(model: &Path, family: &str) -> String {
    let dir = model
        .parent()
        .and_then(|p| p.file_name())
        .map(|d| d.to_string_lossy().into_owned())
        .unwrap_or_default();
    let versioned =
        dir.len() == 9 && dir.starts_with('v') && dir[1..].chars().all(|c| c.is_ascii_digit());
    let file = model
        .file_name()
        .map_or("model.go".into(), |f| f.to_string_lossy().into_owned());
    if versioned {
        format!("service/{family}/{dir}/{file}")
    } else {
        format!("service/{family}/{file}")
    }
}

/// `2020-12-01` → `v20201201`.
pub fn version_tag(version: &str) -> String {
    format!("v{}", version.replace('-', ""))
}

fn source_text(upstream: &str, commit: &str, structs: &[String]) -> String {
    let list = match structs {
        [] => "no structs".to_string(),
        [one] => format!("struct {one}"),
        [init @ .., last] => format!("structs {} and {last}", init.join(", ")),
    };
    format!(
        "volc-sdk-golang {upstream} (commit {commit}), {list}; imported by cargo xtask import-go-model."
    )
}

/// An action file of the output directory.
struct Existing {
    path: PathBuf,
    spec: ActionSpec,
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// Serialises and checks that the text reads back as the same action.
fn render(spec: &ActionSpec) -> Result<String, String> {
    let text = yaml::action_to_yaml(spec)?;
    let back = yaml::parse_action(&text)
        .map_err(|e| format!("{}: the written YAML does not read back: {e}", spec.action))?;
    if yaml::action_value(&back)? != yaml::action_value(spec)? {
        return Err(format!(
            "{}: the written YAML does not round-trip",
            spec.action
        ));
    }
    Ok(text)
}

fn count_fields(spec: &ActionSpec) -> usize {
    spec.request.len()
        + spec.result.len()
        + spec.types.values().map(|t| t.fields.len()).sum::<usize>()
}

/// Runs the importer: reads the model, writes or updates one file per action and the family types
/// file, and reports what it did. Errors are about input that cannot be read or output that cannot
/// be written; what cannot be mapped is reported per file.
pub fn import_go_model(opts: &ImportOptions) -> Result<ImportReport, String> {
    let (model, config) = parse_go(&opts.model, &opts.config)?;
    let spec_root = opts.spec.clone().unwrap_or_else(|| {
        opts.out
            .parent()
            .and_then(Path::parent)
            .map_or_else(|| opts.out.join("..").join(".."), Path::to_path_buf)
    });
    let mut versions: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &config.apis {
        *versions.entry(a.version.as_str()).or_default() += 1;
    }
    let main_version = versions
        .iter()
        .max_by_key(|(v, n)| (**n, std::cmp::Reverse(**v)))
        .map(|(v, _)| v.to_string())
        .unwrap_or_default();
    let types_out = opts.types_out.clone().unwrap_or_else(|| {
        spec_root.join("types").join(format!(
            "{}_{}.yaml",
            opts.family,
            version_tag(&main_version)
        ))
    });
    let (existing_shared, mut notes) =
        family_types(&spec_root.join("types"), &opts.family, Some(&types_out));
    let upstream = upstream_path(&opts.model, &opts.family);
    let commit = opts.commit.clone();
    let source = move |_: &ApiInfo, structs: &[String]| source_text(&upstream, &commit, structs);
    let converted = convert::convert(
        &model,
        &config,
        &opts.actions,
        &convert::ConvertOptions {
            family: &opts.family,
            existing_shared: &existing_shared,
            source: &source,
        },
    )?;
    notes.extend(converted.notes.iter().cloned());

    // The action files already there, by action.
    let mut by_action: BTreeMap<String, Vec<Existing>> = BTreeMap::new();
    let mut unreadable: BTreeSet<PathBuf> = BTreeSet::new();
    if opts.out.is_dir() {
        let entries = std::fs::read_dir(&opts.out)
            .map_err(|e| format!("{}: cannot list: {e}", opts.out.display()))?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
            .collect();
        paths.sort();
        for p in paths {
            let text = read(&p)?;
            match parse_lenient::<ActionSpec>(&text) {
                Ok((spec, n)) => {
                    notes.extend(n.into_iter().map(|n| format!("{}: {n}", p.display())));
                    by_action
                        .entry(spec.action.clone())
                        .or_default()
                        .push(Existing { path: p, spec });
                }
                Err(e) => {
                    notes.push(format!("{}: cannot parse ({e}); left alone", p.display()));
                    unreadable.insert(p);
                }
            }
        }
    }
    // Family types visible to the actions (for update mode).
    let mut all_shared = existing_shared.clone();
    all_shared.extend(converted.shared.clone());

    let mut report = ImportReport {
        family: opts.family.clone(),
        versions: config.apis.iter().map(|a| a.version.clone()).collect(),
        model: display(&opts.model),
        notes: Vec::new(),
        reused: converted.reused.iter().cloned().collect(),
        ..ImportReport::default()
    };
    for conv in &converted.actions {
        let new = &conv.spec;
        report.actions += 1;
        report.fields += count_fields(new);
        report.types += new.types.len();
        let mut unmapped = conv.unmapped.clone();
        let entries = by_action.remove(&new.action).unwrap_or_default();
        let plain = opts.out.join(format!("{}.yaml", new.action));
        let versioned = |v: &str| opts.out.join(format!("{}.{v}.yaml", new.action));
        let rust_name_for = |v: &str| format!("{}_{}", new.action.to_snake_case(), version_tag(v));
        if let Some(e) = entries.iter().find(|e| e.spec.version == new.version) {
            let merged = merge::merge(&e.spec, new, &all_shared);
            unmapped.extend(merged.notes);
            let spec = merged.spec.expect("merge gives a spec");
            let status = if yaml::action_value(&spec)? == yaml::action_value(&e.spec)? {
                Status::Unchanged
            } else {
                write_file(&e.path, &render(&spec)?)?;
                Status::Updated
            };
            report.files.push(FileReport {
                file: display(&e.path),
                action: new.action.clone(),
                status,
                changes: merged.changes,
                unmapped,
            });
            continue;
        }
        let newest = entries.iter().map(|e| e.spec.version.clone()).max();
        let mut spec = new.clone();
        let target = match &newest {
            None => plain.clone(),
            Some(n) if new.version > *n => {
                // The newest version takes the plain name: move the file there now.
                if let Some(e) = entries.iter().find(|e| same_file(&e.path, &plain)) {
                    let to = versioned(&e.spec.version);
                    if to.exists() {
                        unmapped.push(format!(
                            "{} exists already; {} not moved, the new version not written",
                            display(&to),
                            display(&plain)
                        ));
                        report.files.push(FileReport {
                            file: display(&plain),
                            action: new.action.clone(),
                            status: Status::Skipped,
                            changes: Vec::new(),
                            unmapped,
                        });
                        continue;
                    }
                    let mut older = e.spec.clone();
                    let mut changes = Vec::new();
                    if older.rust_name.is_none() {
                        let rn = rust_name_for(&older.version);
                        changes.push(format!("rust_name: {rn} (an older version)"));
                        older.rust_name = Some(rn);
                    }
                    write_file(&to, &render(&older)?)?;
                    std::fs::remove_file(&plain)
                        .map_err(|e| format!("{}: cannot remove: {e}", plain.display()))?;
                    report.files.push(FileReport {
                        file: display(&to),
                        action: new.action.clone(),
                        status: Status::Moved {
                            from: display(&plain),
                        },
                        changes,
                        unmapped: Vec::new(),
                    });
                }
                plain.clone()
            }
            Some(_) => {
                spec.rust_name = Some(rust_name_for(&spec.version));
                versioned(&spec.version)
            }
        };
        if unreadable.contains(&target) {
            unmapped.push(format!(
                "{} exists but does not parse; not overwritten",
                display(&target)
            ));
            report.files.push(FileReport {
                file: display(&target),
                action: new.action.clone(),
                status: Status::Skipped,
                changes: Vec::new(),
                unmapped,
            });
            continue;
        }
        write_file(&target, &render(&spec)?)?;
        report.files.push(FileReport {
            file: display(&target),
            action: new.action.clone(),
            status: Status::Written,
            changes: Vec::new(),
            unmapped,
        });
    }

    // The family types this model defines.
    if !converted.shared.is_empty() {
        report.types += converted.shared.len();
        report.fields += converted
            .shared
            .values()
            .map(|t| t.fields.len())
            .sum::<usize>();
        let old = if types_out.exists() {
            let text = read(&types_out)?;
            Some(
                parse_lenient::<TypesFile>(&text)
                    .map_err(|e| format!("{}: cannot parse: {e}", types_out.display()))?,
            )
        } else {
            None
        };
        let (status, changes, file) = match old {
            None => (
                Status::Written,
                Vec::new(),
                TypesFile {
                    family: opts.family.clone(),
                    types: converted.shared.clone(),
                },
            ),
            Some((tf, n)) => {
                notes.extend(n);
                let (types, changes) = merge::merge_types(&tf.types, &converted.shared);
                let same = types.len() == tf.types.len()
                    && changes.is_empty()
                    && types.keys().eq(tf.types.keys());
                (
                    if same {
                        Status::Unchanged
                    } else {
                        Status::Updated
                    },
                    changes,
                    TypesFile {
                        family: tf.family,
                        types,
                    },
                )
            }
        };
        if status != Status::Unchanged {
            write_file(&types_out, &yaml::types_to_yaml(&file)?)?;
        }
        report.files.push(FileReport {
            file: display(&types_out),
            action: String::new(),
            status,
            changes,
            unmapped: Vec::new(),
        });
    }
    report.notes = notes;
    Ok(report)
}

/// What `cargo xtask spec-drift` was asked.
#[derive(Debug, Clone)]
pub struct DriftOptions {
    /// `model.go`.
    pub model: PathBuf,
    /// `config.go`.
    pub config: PathBuf,
    /// The family (`rtc`).
    pub family: String,
    /// The spec root (`api-spec`).
    pub spec: PathBuf,
    /// Only these actions (all when empty).
    pub actions: Vec<String>,
}

/// Compares a model with the spec directory. Errors are about input that cannot be read.
pub fn spec_drift(opts: &DriftOptions) -> Result<drift::DriftReport, String> {
    let (model, config) = parse_go(&opts.model, &opts.config)?;
    let (spec_shared, mut notes) = family_types(&opts.spec.join("types"), &opts.family, None);
    let empty = BTreeMap::new();
    let no_source = |_: &ApiInfo, _: &[String]| String::new();
    let converted = convert::convert(
        &model,
        &config,
        &opts.actions,
        &convert::ConvertOptions {
            family: &opts.family,
            existing_shared: &empty,
            source: &no_source,
        },
    )?;
    let mut report = drift::DriftReport {
        family: opts.family.clone(),
        versions: config.apis.iter().map(|a| a.version.clone()).collect(),
        model_actions: converted.actions.len(),
        ..Default::default()
    };
    // The spec's actions of the family, by (action, version).
    let mut specs: BTreeMap<(String, String), (String, ActionSpec)> = BTreeMap::new();
    let base = opts.spec.parent().unwrap_or(&opts.spec).to_path_buf();
    let files = codegen::load::yaml_files(&opts.spec.join("actions")).unwrap_or_default();
    for p in files {
        let name = codegen::load::display_name(&base, &p);
        let text = match read(&p) {
            Ok(t) => t,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        match parse_lenient::<ActionSpec>(&text) {
            Ok((spec, n)) => {
                notes.extend(n.into_iter().map(|n| format!("{name}: {n}")));
                if spec.family != opts.family {
                    continue;
                }
                let key = (spec.action.clone(), spec.version.clone());
                if let Some((prev, _)) = specs.get(&key) {
                    report
                        .errors
                        .push(format!("{name}: {} {} is also in {prev}", key.0, key.1));
                    continue;
                }
                specs.insert(key, (name, spec));
            }
            Err(e) => report.errors.push(format!("{name}: cannot parse: {e}")),
        }
    }
    let model_keys: BTreeSet<(String, String)> = converted
        .actions
        .iter()
        .map(|a| (a.spec.action.clone(), a.spec.version.clone()))
        .collect();
    for a in &converted.actions {
        let key = (a.spec.action.clone(), a.spec.version.clone());
        match specs.get(&key) {
            None => {
                let others: Vec<String> = specs
                    .keys()
                    .filter(|(n, _)| *n == a.spec.action)
                    .map(|(_, v)| v.clone())
                    .collect();
                // An older version the spec leaves out on purpose: a file of the same action
                // records `versions.<version>` among its deviations.
                let path = format!("versions.{}", a.spec.version);
                let superseded = specs
                    .iter()
                    .filter(|((n, _), _)| *n == a.spec.action)
                    .find_map(|(_, (file, s))| {
                        s.deviations
                            .iter()
                            .find(|d| d.path == path)
                            .map(|d| (file.clone(), d.reason.clone()))
                    });
                match superseded {
                    Some((file, reason)) => report.superseded.push((
                        a.spec.action.clone(),
                        a.spec.version.clone(),
                        format!("{file}: {reason}"),
                    )),
                    None => report.missing.push((a.spec.action.clone(), others)),
                }
            }
            Some((file, spec)) => {
                let differences = drift::compare(&a.spec, &converted.shared, spec, &spec_shared);
                report.actions.push(drift::ActionDrift {
                    action: a.spec.action.clone(),
                    file: file.clone(),
                    differences,
                });
            }
        }
    }
    if opts.actions.is_empty() {
        for ((action, version), (file, spec)) in &specs {
            if report.versions.contains(version)
                && !model_keys.contains(&(action.clone(), version.clone()))
            {
                report
                    .extra
                    .push((action.clone(), file.clone(), drift::action_documented(spec)));
            }
        }
    }
    // The service's regions against the model's hosts and signing regions (informative).
    let service_path = opts.spec.join("service.yaml");
    if let Ok(text) = std::fs::read_to_string(&service_path) {
        match parse_lenient::<ServiceSpec>(&text) {
            Ok((service, _)) => {
                let family = service.families.iter().find(|f| f.name == opts.family);
                for s in &config.services {
                    match service.regions.iter().find(|r| r.host == s.host) {
                        None => notes.push(format!(
                            "service: the model's region {} (host {}) is not in service.yaml",
                            s.region, s.host
                        )),
                        Some(r) => {
                            let signing = family
                                .and_then(|f| f.signing_regions.get(&r.name))
                                .unwrap_or(&r.name);
                            if *signing != s.signing_region {
                                notes.push(format!(
                                    "service: host {} is signed with region {} in the model, {} in the spec (family {} signing_regions)",
                                    s.host, s.signing_region, signing, opts.family
                                ));
                            }
                        }
                    }
                }
            }
            Err(e) => notes.push(format!("{}: cannot parse: {e}", service_path.display())),
        }
    }
    report.notes = notes;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_set_aside_with_a_note() {
        let text = "action: A\nversion: '2023-11-01'\nfamily: rtc\nmethod: POST\nparams_in: body\ndescription: {zh: '', en: ''}\nsource: s\nfuture_key: 1\nrequest:\n  - {name: X, doc_type: string, type: string, required: true, description: {zh: '', en: ''}, later: 2}\nexamples: []\n";
        let (spec, notes) = parse_lenient::<ActionSpec>(text).unwrap();
        assert_eq!(spec.request[0].name, "X");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("`future_key`"), "{notes:?}");
        assert!(notes[1].contains("`later`"), "{notes:?}");
        let e = parse_lenient::<ActionSpec>("action: A\n").unwrap_err();
        assert!(e.contains("missing field"), "{e}");
    }

    #[test]
    fn upstream_paths() {
        assert_eq!(
            upstream_path(Path::new("x/rtc/v20231101/model.go"), "rtc"),
            "service/rtc/v20231101/model.go"
        );
        assert_eq!(
            upstream_path(Path::new("x/im/model.go"), "im"),
            "service/im/model.go"
        );
    }
}
