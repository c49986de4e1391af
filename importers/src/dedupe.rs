//! `cargo xtask dedupe-types`: object types that several action files of a family define alike,
//! moved into one shared types file, so that each is generated once.
//!
//! The importers give every action its own nested types (the Go models define `Layout`, `Encode`,
//! `StorageConfig`, ... per action), so the same struct was generated up to ten times. The rule
//! for "alike", applied recursively (a field's named type compares by its own shape):
//!
//! - the same kind (object), the same fields in the same order, each with the same wire name, Rust
//!   name, type (after resolving the file's own types to their shape), `doc_type`, required flag,
//!   constraints, `accepts_only`, example and description (the description's whitespace
//!   normalised);
//! - the type's own description and source may differ: the shared type keeps the first one (in
//!   file-name order) and lists every origin in its `source`;
//! - a type a union variant holds is left alone (merging two variants' types would cost the union
//!   its `From` impls), as are enums and unions.
//!
//! A group of two or more alike types becomes one shared type named as most of its members are
//! (ties: the first in file-name order); when that name is taken (by a shared type of another
//! shape, or by a type of that name an action keeps for itself) the name of the
//! group's first action is put in front. References (fields, union variants, `type.<Type>` paths
//! of `deviations`) are renamed. Re-run after an import: it is idempotent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::yaml::{action_to_yaml, parse_action, parse_types, types_to_yaml};
use codegen::spec::{ActionSpec, Field, TypeDef, TypeKind, TypesFile};

/// What `cargo xtask dedupe-types` was asked.
#[derive(Debug, Clone)]
pub struct DedupeOptions {
    /// The spec root (`api-spec`).
    pub spec: PathBuf,
    /// The family (`rtc`).
    pub family: String,
    /// The shared types file that receives the merged types (created when absent).
    pub types_out: PathBuf,
    /// Write the files (else only report).
    pub write: bool,
}

/// One shared type made of alike action types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedType {
    /// Its name in the family's shared types.
    pub name: String,
    /// Its members: (action file name, local type name).
    pub members: Vec<(String, String)>,
}

/// What a run found (and, with `write`, did).
#[derive(Debug, Clone, Default)]
pub struct DedupeReport {
    /// The shared types, in name order.
    pub shared: Vec<SharedType>,
    /// The action files changed.
    pub files: Vec<String>,
}

impl DedupeReport {
    /// How many local types the shared ones replace (members minus one per shared type).
    pub fn saved(&self) -> usize {
        self.shared.iter().map(|s| s.members.len() - 1).sum()
    }
}

struct Action {
    path: PathBuf,
    file: String,
    spec: ActionSpec,
}

/// The names a type expression refers to (`list<Foo>` → `Foo`).
fn names(ty: &str) -> Vec<&str> {
    ty.split(|c: char| c == '<' || c == '>' || c == ',' || c.is_whitespace())
        .filter(|s| s.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        .collect()
}

/// The type expression with the names in `map` replaced.
fn rename_ty(ty: &str, map: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(ty.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if !word.is_empty() {
            out.push_str(&map(word).unwrap_or_else(|| word.clone()));
            word.clear();
        }
    };
    for c in ty.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Computes the shape keys of a file's local object types.
struct Shapes<'a> {
    local: &'a BTreeMap<String, TypeDef>,
    memo: BTreeMap<String, Option<String>>,
}

impl Shapes<'_> {
    /// The shape of a local type: None for what is never merged (enums, unions, cycles).
    fn key(&mut self, name: &str) -> Option<String> {
        if let Some(k) = self.memo.get(name) {
            return k.clone();
        }
        // A cycle resolves to None (never merged).
        self.memo.insert(name.to_string(), None);
        let def = self.local.get(name)?;
        let key = if def.kind == TypeKind::Object {
            self.object_key(def)
        } else {
            None
        };
        self.memo.insert(name.to_string(), key.clone());
        key
    }

    fn object_key(&mut self, def: &TypeDef) -> Option<String> {
        let mut fields = Vec::new();
        for f in &def.fields {
            // The file's own names by their shapes; shared and builtin names as they are.
            let mut keys = BTreeMap::new();
            for n in names(&f.ty) {
                if self.local.contains_key(n) {
                    keys.insert(n.to_string(), self.key(n)?);
                }
            }
            let mut g: Field = f.clone();
            g.ty = rename_ty(&f.ty, &|w| keys.get(w).map(|k| format!("{{{k}}}")));
            g.description.zh = norm(&g.description.zh);
            g.description.en = norm(&g.description.en);
            g.source = None;
            fields.push(serde_json::to_string(&g).ok()?);
        }
        Some(format!("object[{}]", fields.join(";")))
    }
}

/// The local types a union variant holds, in one file.
fn variant_types(local: &BTreeMap<String, TypeDef>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for def in local.values() {
        for v in &def.variants {
            for n in names(&v.ty) {
                out.insert(n.to_string());
            }
        }
    }
    out
}

/// Finds (and with `write`, makes) the shared types of a family.
pub fn dedupe(opts: &DedupeOptions) -> Result<DedupeReport, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let dir = opts.spec.join("actions").join(&opts.family);
    let mut files = codegen::yaml_files(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    files.sort();
    let mut actions = Vec::new();
    for path in files {
        let spec = parse_action(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
        let file = path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        actions.push(Action { path, file, spec });
    }
    let mut out_file = if opts.types_out.exists() {
        parse_types(&read(&opts.types_out)?)
            .map_err(|e| format!("{}: {e}", opts.types_out.display()))?
    } else {
        TypesFile {
            family: opts.family.clone(),
            types: BTreeMap::new(),
        }
    };
    let (shared, _) = crate::family_types(&opts.spec.join("types"), &opts.family, None);

    // Groups of alike types, by shape, in file order.
    let mut groups: BTreeMap<String, Vec<(usize, String)>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for (i, a) in actions.iter().enumerate() {
        let held = variant_types(&a.spec.types);
        let mut shapes = Shapes {
            local: &a.spec.types,
            memo: BTreeMap::new(),
        };
        for name in a.spec.types.keys() {
            if held.contains(name) {
                continue;
            }
            if let Some(k) = shapes.key(name) {
                if !groups.contains_key(&k) {
                    order.push(k.clone());
                }
                groups.entry(k).or_default().push((i, name.clone()));
            }
        }
    }
    // Parents before children does not matter for naming; name in first-seen order.
    let mut taken: BTreeSet<String> = shared.keys().cloned().collect();
    let mut report = DedupeReport::default();
    // (file index, local name) → shared name.
    let mut rename: BTreeMap<(usize, String), String> = BTreeMap::new();
    let mut made: Vec<(String, Vec<(usize, String)>)> = Vec::new();
    for k in &order {
        let members = &groups[k];
        if members.len() < 2 {
            continue;
        }
        let mut counts: Vec<(&str, usize, usize)> = Vec::new();
        for (pos, (_, n)) in members.iter().enumerate() {
            match counts.iter_mut().find(|e| e.0 == n.as_str()) {
                Some(c) => c.1 += 1,
                None => counts.push((n.as_str(), 1, pos)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
        let first = counts[0].0.to_string();
        // A name is free when no shared type has it and no action file of the family keeps a local
        // type of that name (the spec check forbids both), its members aside.
        let free = |n: &str, taken: &BTreeSet<String>| {
            !taken.contains(n)
                && actions.iter().enumerate().all(|(i, a)| {
                    !a.spec.types.contains_key(n) || members.iter().any(|(j, m)| *j == i && m == n)
                })
        };
        let name = if free(&first, &taken) {
            first
        } else {
            let prefixed = format!("{}{first}", actions[members[0].0].spec.action);
            if !free(&prefixed, &taken) {
                return Err(format!(
                    "no free name for the shared type {first} ({prefixed} is taken)"
                ));
            }
            prefixed
        };
        taken.insert(name.clone());
        for m in members {
            rename.insert(m.clone(), name.clone());
        }
        made.push((name, members.clone()));
    }

    // The shared types' definitions: the first member's, with its names renamed.
    for (name, members) in &made {
        let (i, local) = &members[0];
        let mut def = actions[*i].spec.types[local].clone();
        rename_def(&mut def, &|n| rename.get(&(*i, n.to_string())).cloned());
        let origins: Vec<String> = members
            .iter()
            .map(|(j, n)| {
                let a = &actions[*j].spec;
                format!("{} {} ({n})", a.action, a.version)
            })
            .collect();
        let first_source = def.source.take();
        def.source = Some(format!(
            "The same fields, types, constraints, examples and descriptions in {}{}",
            origins.join(", "),
            first_source
                .map(|s| format!("; first from: {s}"))
                .unwrap_or_default()
        ));
        out_file.types.insert(name.clone(), def);
        report.shared.push(SharedType {
            name: name.clone(),
            members: members
                .iter()
                .map(|(j, n)| (actions[*j].file.clone(), n.clone()))
                .collect(),
        });
    }
    report.shared.sort_by(|a, b| a.name.cmp(&b.name));

    // The action files: merged types removed, references renamed.
    for (i, a) in actions.iter_mut().enumerate() {
        let map = |n: &str| rename.get(&(i, n.to_string())).cloned();
        if !a.spec.types.keys().any(|n| map(n).is_some()) {
            continue;
        }
        let spec = &mut a.spec;
        spec.types.retain(|n, _| map(n).is_none());
        for f in spec.request.iter_mut().chain(spec.result.iter_mut()) {
            f.ty = rename_ty(&f.ty, &map);
        }
        if let Some(t) = &spec.result_type {
            spec.result_type = Some(rename_ty(t, &map));
        }
        for def in spec.types.values_mut() {
            rename_def(def, &map);
        }
        for d in &mut spec.deviations {
            if let Some(rest) = d.path.strip_prefix("type.") {
                let (head, tail) = rest.split_once('.').unwrap_or((rest, ""));
                if let Some(new) = map(head) {
                    d.path = if tail.is_empty() {
                        format!("type.{new}")
                    } else {
                        format!("type.{new}.{tail}")
                    };
                }
            }
        }
        report.files.push(a.file.clone());
        if opts.write {
            let text = read(&a.path)?;
            let removed: BTreeSet<String> = rename
                .keys()
                .filter(|(j, _)| *j == i)
                .map(|(_, n)| n.clone())
                .collect();
            let edited = edit_text(&text, &removed, &map);
            // The edit must mean exactly the renamed spec (else the file's layout fooled it).
            let reparsed =
                parse_action(&edited).map_err(|e| format!("{}: after the edit: {e}", a.file))?;
            if action_to_yaml(&reparsed)? != action_to_yaml(spec)? {
                return Err(format!(
                    "{}: the text edit does not match the renamed spec; edit it by hand",
                    a.file
                ));
            }
            std::fs::write(&a.path, edited).map_err(|e| format!("{}: {e}", a.path.display()))?;
        }
    }
    if opts.write && !made.is_empty() {
        let text = types_to_yaml(&out_file)?;
        std::fs::write(&opts.types_out, text)
            .map_err(|e| format!("{}: {e}", opts.types_out.display()))?;
    }
    Ok(report)
}

/// The file's text with the blocks of the `removed` types cut out of `types:` and the names in
/// `type:` values and `type.<Type>` deviation paths renamed: the rest of the file (layout, folding,
/// comments) as it was.
fn edit_text(
    text: &str,
    removed: &BTreeSet<String>,
    map: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_types = false;
    let mut skipping = false;
    let mut types_at: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let top_level = !body.is_empty() && !body.starts_with([' ', '#', '-']);
        if top_level {
            // A `types:` left empty goes.
            if let Some(start) = types_at.take() {
                if out.len() == start + "types:\n".len() {
                    out.truncate(start);
                }
            }
            in_types = body == "types:";
            if in_types {
                types_at = Some(out.len());
            }
            skipping = false;
        } else if in_types
            && body.len() > 2
            && body.starts_with("  ")
            && !body[2..].starts_with(' ')
        {
            // A type's name line: `  Name:`.
            let name = body[2..].trim_end_matches(':');
            skipping = removed.contains(name);
        }
        if skipping {
            continue;
        }
        let indent = body.len() - body.trim_start_matches([' ', '-']).len();
        let rest = &body[indent..];
        if let Some(v) = rest.strip_prefix("type: ") {
            out.push_str(&body[..indent]);
            out.push_str("type: ");
            out.push_str(&rename_ty(v, map));
            out.push_str(&line[body.len()..]);
        } else if let Some(v) = rest.strip_prefix("path: type.") {
            out.push_str(&body[..indent]);
            out.push_str("path: type.");
            let (head, tail) = v.split_once('.').map_or((v, ""), |(h, t)| (h, t));
            out.push_str(&map(head).unwrap_or_else(|| head.to_string()));
            if !tail.is_empty() {
                out.push('.');
                out.push_str(tail);
            }
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    // A `types:` left empty goes.
    if let Some(start) = types_at.filter(|s| out.len() == s + "types:\n".len()) {
        out.truncate(start);
    }
    out
}

fn rename_def(def: &mut TypeDef, map: &dyn Fn(&str) -> Option<String>) {
    for f in &mut def.fields {
        f.ty = rename_ty(&f.ty, map);
    }
    for v in &mut def.variants {
        v.ty = rename_ty(&v.ty, map);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_whole_names_only() {
        let map = |n: &str| (n == "Layout").then(|| "RecordLayout".to_string());
        assert_eq!(rename_ty("list<Layout>", &map), "list<RecordLayout>");
        assert_eq!(
            rename_ty("map<string,Layout>", &map),
            "map<string,RecordLayout>"
        );
        assert_eq!(rename_ty("LayoutRegion", &map), "LayoutRegion");
        assert_eq!(names("map<string, list<Foo>>"), vec!["Foo"]);
    }

    #[test]
    fn edits_only_the_removed_blocks_and_references() {
        let text = "action: A\nrequest:\n- name: L\n  type: list<Layout>\ntypes:\n  Layout:\n    kind: object\n    fields:\n    - name: X\n      type: Region\n  Region:\n    kind: object\n  Keep:\n    kind: object\ndeviations:\n- path: type.Layout.X\n  reason: r\n";
        let removed: BTreeSet<String> = ["Layout".to_string(), "Region".to_string()].into();
        let map = |n: &str| match n {
            "Layout" => Some("RecordLayout".to_string()),
            "Region" => Some("RecordRegion".to_string()),
            _ => None,
        };
        let out = edit_text(text, &removed, &map);
        assert_eq!(
            out,
            "action: A\nrequest:\n- name: L\n  type: list<RecordLayout>\ntypes:\n  Keep:\n    kind: object\ndeviations:\n- path: type.RecordLayout.X\n  reason: r\n"
        );
        let all: BTreeSet<String> = ["Layout".into(), "Region".into(), "Keep".into()].into();
        assert!(!edit_text(text, &all, &map).contains("types:"));
    }
}
