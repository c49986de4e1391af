//! `cargo xtask import-go-model`: one draft (or updated) file per action, and the family's types.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use heck::ToSnakeCase;

use super::files::{
    family_types, parse_go, parse_lenient, read, same_file, source_text, upstream_path, version_tag,
};
use super::{FileReport, ImportOptions, ImportReport, Status};
use crate::go_model::ApiInfo;
use crate::{convert, merge, yaml};
use codegen::spec::{ActionSpec, TypesFile};

/// An action file of the output directory.
pub(crate) struct Existing {
    path: PathBuf,
    spec: ActionSpec,
    /// The file's text (a rewrite keeps its comments).
    text: String,
}

pub(crate) fn display(p: &Path) -> String {
    p.display().to_string()
}

pub(crate) fn write_file(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

/// The action's file text (the writer checks that it reads back as the same action).
pub(crate) fn render(spec: &ActionSpec) -> Result<String, String> {
    yaml::action_to_yaml(spec)
}

/// The text of a file that replaces `old_text`, keeping its comments; a comment that loses its
/// node is named in `changes`.
fn rewrite(spec: &ActionSpec, old_text: &str, changes: &mut Vec<String>) -> Result<String, String> {
    let (text, lost) = yaml::action_to_yaml_keeping(spec, old_text)?;
    for comment in lost {
        changes.push(format!(
            "a comment is not kept (its node is gone or written on one line): # {comment}"
        ));
    }
    Ok(text)
}

/// The type names an action's fields, result and types name.
fn referenced(spec: &ActionSpec) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let fields = spec
        .request
        .iter()
        .chain(&spec.result)
        .chain(spec.types.values().flat_map(|t| &t.fields));
    for f in fields {
        out.extend(merge::names(&f.ty));
    }
    for t in spec.types.values() {
        for v in &t.variants {
            out.extend(merge::names(&v.ty));
        }
    }
    if let Some(t) = &spec.result_type {
        out.extend(merge::names(t));
    }
    out
}

pub(crate) fn count_fields(spec: &ActionSpec) -> usize {
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
                        .push(Existing {
                            path: p,
                            spec,
                            text,
                        });
                }
                Err(e) => {
                    notes.push(format!("{}: cannot parse ({e}); left alone", p.display()));
                    unreadable.insert(p);
                }
            }
        }
    }
    // The types of the files this run updates (same version), whose enums are reused.
    let versions_of: BTreeMap<&str, &str> = config
        .apis
        .iter()
        .map(|a| (a.action.as_str(), a.version.as_str()))
        .collect();
    let existing_local: BTreeMap<String, BTreeMap<String, codegen::spec::TypeDef>> = by_action
        .iter()
        .filter_map(|(action, files)| {
            let version = versions_of.get(action.as_str())?;
            let e = files.iter().find(|e| e.spec.version == *version)?;
            Some((action.clone(), e.spec.types.clone()))
        })
        .collect();
    let converted = convert::convert(
        &model,
        &config,
        &opts.actions,
        &convert::ConvertOptions {
            family: &opts.family,
            existing_shared: &existing_shared,
            existing_local: &existing_local,
            source: &source,
        },
    )?;
    notes.extend(converted.notes.iter().cloned());

    // Family types visible to the actions (for update mode).
    let mut all_shared = existing_shared.clone();
    all_shared.extend(converted.shared.clone());

    let mut report = ImportReport {
        family: opts.family.clone(),
        versions: config.apis.iter().map(|a| a.version.clone()).collect(),
        model: display(&opts.model),
        notes: Vec::new(),
        reused: converted.reused.iter().cloned().collect(),
        enums: converted.enums.clone(),
        ..ImportReport::default()
    };
    // The family types the files name once written (the model's other family types are not
    // written: nothing would use them).
    let mut used: BTreeSet<String> = BTreeSet::new();
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
            let mut changes = merged.changes;
            let Some(spec) = merged.spec else {
                return Err(format!("{}: the merge gave no spec", e.path.display()));
            };
            used.extend(referenced(&spec));
            let status = if yaml::action_value(&spec)? == yaml::action_value(&e.spec)? {
                Status::Unchanged
            } else {
                write_file(&e.path, &rewrite(&spec, &e.text, &mut changes)?)?;
                Status::Updated
            };
            report.files.push(FileReport {
                file: display(&e.path),
                action: new.action.clone(),
                status,
                changes,
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
                    write_file(&to, &rewrite(&older, &e.text, &mut changes)?)?;
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
        used.extend(referenced(&spec));
        report.files.push(FileReport {
            file: display(&target),
            action: new.action.clone(),
            status: Status::Written,
            changes: Vec::new(),
            unmapped,
        });
    }

    // The family types this model defines, those the files use (and the types they use).
    let mut shared = BTreeMap::new();
    let mut stack: Vec<String> = used.into_iter().collect();
    while let Some(n) = stack.pop() {
        if shared.contains_key(&n) {
            continue;
        }
        if let Some(def) = converted.shared.get(&n) {
            stack.extend(def.fields.iter().flat_map(|f| merge::names(&f.ty)));
            shared.insert(n, def.clone());
        }
    }
    for n in converted.shared.keys().filter(|n| !shared.contains_key(*n)) {
        notes.push(format!(
            "family type {n} not written: no file of this run uses it (the files keep their own types)"
        ));
    }
    let converted = convert::Converted {
        shared,
        ..converted
    };
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
