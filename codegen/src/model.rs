//! The loaded, checked spec: every file read, every reference resolved, every meaning checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::load::{read_source, yaml_files, Source, SpecError, SpecErrors};
use crate::spec::{
    ActionSpec, Constraints, Field, Method, Placement, ServiceSpec, TypeDef, TypeKind, TypesFile,
};
use crate::ty::Ty;

/// A named type and where it was defined.
#[derive(Debug, Clone)]
pub struct NamedType {
    /// PascalCase Rust name.
    pub name: String,
    /// The definition.
    pub def: TypeDef,
    /// The file it comes from.
    pub file: String,
}

/// One action, checked.
#[derive(Debug, Clone)]
pub struct Action {
    /// The spec.
    pub spec: ActionSpec,
    /// The file it comes from.
    pub file: String,
    /// snake_case module and call-function name: the `rust_name`, or the wire name in snake_case
    /// (`StartPushMixedStreamToCDN` → `start_push_mixed_stream_to_cdn`).
    pub snake: String,
    /// The prefix of the action's generated type names: `snake` in PascalCase
    /// (`StartPushMixedStreamToCdn`, so `StartPushMixedStreamToCdnRequest`).
    pub type_base: String,
}

/// One family (module and feature), checked.
#[derive(Debug, Clone)]
pub struct FamilyModel {
    /// Module and feature name.
    pub name: String,
    /// Description.
    pub description: crate::spec::Text,
    /// Shared types, sorted by name.
    pub types: Vec<NamedType>,
    /// Files the shared types come from.
    pub type_files: Vec<String>,
    /// Actions, sorted by snake name.
    pub actions: Vec<Action>,
    /// Whether the service declares groups (cargo features) in this family.
    pub grouped: bool,
}

/// The whole spec, loaded and checked.
#[derive(Debug, Clone)]
pub struct Spec {
    /// `service.yaml`.
    pub service: ServiceSpec,
    /// Families in `service.yaml` order.
    pub families: Vec<FamilyModel>,
    /// Every spec file read, sorted.
    pub files: Vec<String>,
    /// SHA-256 over every spec file's name and bytes.
    pub hash: String,
}

/// Rust keywords (strict, reserved and weak ones that cannot be plain identifiers).
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Type names the generated code uses itself; a spec type may not take them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Result",
    "Option",
    "Vec",
    "String",
    "Box",
    "Error",
    "Client",
    "Response",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Self",
    "BTreeMap",
    "HashMap",
    "Value",
    "Violations",
    "Operation",
];

/// Field names that would collide with generated methods.
const RESERVED_FIELD_NAMES: &[&str] = &["new", "validate", "builder"];

/// Loads every file below `root` (the `api-spec` directory) and checks it.
pub fn load_spec(root: &Path) -> Result<Spec, SpecErrors> {
    let base = root.parent().unwrap_or(root);
    let mut errors = Vec::new();
    let service_src = read_source(base, &root.join("service.yaml"), &mut errors);

    let list = |dir: &Path, errors: &mut Vec<SpecError>| match yaml_files(dir) {
        Ok(v) => v,
        Err(e) => {
            errors.push(SpecError {
                file: crate::load::display_name(base, dir),
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
    check_sources(service_src, types_srcs, action_srcs, errors)
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
    let name = |p: &Path| format!("api-spec/{}", crate::load::display_name(Path::new(""), p));
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
    check_sources(service_src, below("types"), below("actions"), errors)
}

/// Parses every action file, on every core (files are independent); results in file order.
fn parse_all(srcs: &[Source]) -> Vec<(Option<ActionSpec>, Vec<SpecError>)> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(srcs.len())
        .max(1);
    let chunk = srcs.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = srcs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|src| {
                            let mut errors = Vec::new();
                            let parsed = src.parse::<ActionSpec>(&mut errors);
                            (parsed, errors)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Parses and checks the files read, whether from disk or memory.
fn check_sources(
    service_src: Option<Source>,
    types_srcs: Vec<Source>,
    action_srcs: Vec<Source>,
    mut errors: Vec<SpecError>,
) -> Result<Spec, SpecErrors> {
    let service: Option<ServiceSpec> = service_src.as_ref().and_then(|s| s.parse(&mut errors));
    let mut sources: Vec<Source> = Vec::new();
    let mut types_files = Vec::new();
    for src in types_srcs {
        if let Some(tf) = src.parse::<TypesFile>(&mut errors) {
            types_files.push((src.name.clone(), tf));
        }
        sources.push(src);
    }
    let mut actions = Vec::new();
    for (src, (parsed, file_errors)) in action_srcs.iter().zip(parse_all(&action_srcs)) {
        errors.extend(file_errors);
        if let Some(a) = parsed {
            actions.push((src.name.clone(), a));
        }
    }
    sources.extend(action_srcs);

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
    for f in &files {
        if let Some(s) = by_name.get(f.as_str()) {
            hasher.update(f.as_bytes());
            hasher.update([0]);
            hasher.update(s.text.as_bytes());
            hasher.update([0]);
        }
    }
    let hash = hex(&hasher.finalize());

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
    let families = checker.check_all(&service, service_src, types_files, actions);
    if errors.is_empty() {
        Ok(Spec {
            service,
            families,
            files,
            hash,
        })
    } else {
        errors.sort();
        errors.dedup();
        Err(SpecErrors(errors))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

struct Checker<'a> {
    errors: &'a mut Vec<SpecError>,
    sources: &'a BTreeMap<&'a str, &'a Source>,
}

/// Which named types a field list can see.
struct Scope<'a> {
    local: &'a BTreeMap<String, TypeDef>,
    shared: &'a BTreeMap<String, NamedType>,
}

impl Scope<'_> {
    fn get(&self, name: &str) -> Option<&TypeDef> {
        self.local
            .get(name)
            .or_else(|| self.shared.get(name).map(|n| &n.def))
    }
}

impl Checker<'_> {
    fn err(&mut self, file: &str, path: &str, msg: impl Into<String>) {
        let e = match self.sources.get(file) {
            Some(src) => src.error_at(path, msg),
            None => SpecError {
                file: file.into(),
                line: 1,
                column: 1,
                path: path.into(),
                message: msg.into(),
            },
        };
        self.errors.push(e);
    }

    fn err_key(&mut self, file: &str, path: &str, msg: impl Into<String>) {
        let e = match self.sources.get(file) {
            Some(src) => src.error_at_key(path, msg),
            None => SpecError {
                file: file.into(),
                line: 1,
                column: 1,
                path: path.into(),
                message: msg.into(),
            },
        };
        self.errors.push(e);
    }

    fn check_all(
        &mut self,
        service: &ServiceSpec,
        service_src: &Source,
        types_files: Vec<(String, TypesFile)>,
        actions: Vec<(String, ActionSpec)>,
    ) -> Vec<FamilyModel> {
        let sfile = service_src.name.clone();
        for p in todo_in_service(service) {
            self.err(&sfile, &p, TODO_IN_FINISHED);
        }
        let mut region_names = BTreeSet::new();
        for (i, r) in service.regions.iter().enumerate() {
            if !region_names.insert(r.name.as_str()) {
                self.err(
                    &sfile,
                    &format!("regions[{i}].name"),
                    format!("duplicate region `{}`", r.name),
                );
            }
        }
        if !region_names.contains(service.default_region.as_str()) {
            self.err(
                &sfile,
                "default_region",
                format!("`{}` is not one of the regions", service.default_region),
            );
        }
        let mut codes = BTreeSet::new();
        let mut consts: BTreeMap<String, usize> = BTreeMap::new();
        for (i, e) in service.errors.iter().enumerate() {
            let path = format!("errors[{i}].code");
            if !codes.insert(e.code.as_str()) {
                self.err(&sfile, &path, format!("duplicate error code `{}`", e.code));
                continue;
            }
            // Each code is also a constant of the generated crate.
            let konst = e.code.replace('.', "_").to_shouty_snake_case();
            let usable = konst.starts_with(|c: char| c.is_ascii_uppercase())
                && konst
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if !usable {
                self.err(&sfile, &path, format!("error code `{}` does not give a constant name (`{konst}`): it must start with a letter", e.code));
            } else if let Some(prev) = consts.insert(konst.clone(), i) {
                self.err(&sfile, &path, format!("error code `{}` collides with errors[{prev}] as a constant (both `{konst}`)", e.code));
            }
        }
        let mut fams: Vec<FamilyModel> = Vec::new();
        for (i, f) in service.families.iter().enumerate() {
            let ok = !f.name.is_empty()
                && f.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !ok
                || RUST_KEYWORDS.contains(&f.name.as_str())
                || f.name == "service"
                || f.name == "registry"
            {
                self.err(&sfile, &format!("families[{i}].name"), format!("`{}` is not usable as a module and feature name (lowercase, not a keyword, not `service`/`registry`)", f.name));
            }
            if fams.iter().any(|x| x.name == f.name) {
                self.err(
                    &sfile,
                    &format!("families[{i}].name"),
                    format!("duplicate family `{}`", f.name),
                );
                continue;
            }
            for (key, to) in &f.signing_regions {
                if !region_names.contains(key.as_str()) {
                    self.err_key(
                        &sfile,
                        &format!("families[{i}].signing_regions.{key}"),
                        format!(
                            "`{key}` is not one of the regions (family `{}` signs it as `{to}`)",
                            f.name
                        ),
                    );
                }
            }
            if !f.signing_regions.is_empty() && f.signing_regions_source.is_none() {
                self.err(
                    &sfile,
                    &format!("families[{i}].signing_regions"),
                    "`signing_regions` needs `signing_regions_source` (where the signing regions come from)",
                );
            }
            fams.push(FamilyModel {
                name: f.name.clone(),
                description: f.description.clone(),
                types: Vec::new(),
                type_files: Vec::new(),
                actions: Vec::new(),
                grouped: service.groups.iter().any(|g| g.family == f.name),
            });
        }
        // Groups: cargo features inside a family, named apart from every family and module.
        let mut group_names = BTreeSet::new();
        for (i, g) in service.groups.iter().enumerate() {
            let ok_name = g.name.starts_with(|c: char| c.is_ascii_lowercase())
                && g.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok_name || ["registry", "default", "blocking"].contains(&g.name.as_str()) {
                self.err(
                    &sfile,
                    &format!("groups[{i}].name"),
                    format!(
                        "`{}` is not usable as a cargo feature name (lowercase, digits and `-`)",
                        g.name
                    ),
                );
            }
            if service.families.iter().any(|f| f.name == g.name)
                || !group_names.insert(g.name.clone())
            {
                self.err(
                    &sfile,
                    &format!("groups[{i}].name"),
                    format!(
                        "duplicate feature name `{}` (a family or another group)",
                        g.name
                    ),
                );
            }
            if !service.families.iter().any(|f| f.name == g.family) {
                self.err(
                    &sfile,
                    &format!("groups[{i}].family"),
                    format!("unknown family `{}`", g.family),
                );
            }
        }

        // Shared types, per family.
        let mut shared: BTreeMap<String, BTreeMap<String, NamedType>> = BTreeMap::new();
        for (file, tf) in types_files {
            if !fams.iter().any(|f| f.name == tf.family) {
                self.err(
                    &file,
                    "family",
                    format!("unknown family `{}` (not in service.yaml)", tf.family),
                );
                continue;
            }
            let mut todo = Vec::new();
            todo_in_types(&tf.types, &mut todo);
            for p in todo {
                self.err(&file, &p, TODO_IN_FINISHED);
            }
            let map = shared.entry(tf.family.clone()).or_default();
            for (name, def) in tf.types {
                let path = format!("types.{name}");
                self.check_type_name(&file, &path, &name);
                if let Some(prev) = map.get(&name) {
                    self.err_key(
                        &file,
                        &path,
                        format!("type `{name}` is already defined in {}", prev.file),
                    );
                    continue;
                }
                map.insert(
                    name.clone(),
                    NamedType {
                        name,
                        def,
                        file: file.clone(),
                    },
                );
            }
            if let Some(f) = fams.iter_mut().find(|f| f.name == tf.family) {
                f.type_files.push(file);
            }
        }
        let empty = BTreeMap::new();
        let no_local: BTreeMap<String, TypeDef> = BTreeMap::new();
        for f in &fams {
            let map = shared.get(&f.name).unwrap_or(&empty);
            for t in map.values() {
                let scope = Scope {
                    local: &no_local,
                    shared: map,
                };
                self.check_typedef(
                    &t.file,
                    &format!("types.{}", t.name),
                    &t.name,
                    &t.def,
                    &scope,
                );
            }
            let defs: Vec<(&str, &str, &TypeDef)> = map
                .values()
                .map(|t| (t.name.as_str(), t.file.as_str(), &t.def))
                .collect();
            self.check_cycles(&defs);
        }

        // Actions.
        let mut fn_names: BTreeMap<String, (String, String)> = BTreeMap::new();
        let mut type_bases: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
        let mut action_versions: BTreeMap<(String, String), String> = BTreeMap::new();
        for (file, a) in actions {
            let Some(fi) = fams.iter().position(|f| f.name == a.family) else {
                self.err(
                    &file,
                    "family",
                    format!("unknown family `{}` (not in service.yaml)", a.family),
                );
                continue;
            };
            if let Some(g) = &a.group {
                if !service
                    .groups
                    .iter()
                    .any(|x| &x.name == g && x.family == a.family)
                {
                    let known: Vec<&str> = service
                        .groups
                        .iter()
                        .filter(|x| x.family == a.family)
                        .map(|x| x.name.as_str())
                        .collect();
                    self.err(
                        &file,
                        "group",
                        format!(
                            "unknown group `{g}` of family `{}` (service.yaml declares: {})",
                            a.family,
                            if known.is_empty() {
                                "none".to_string()
                            } else {
                                known.join(", ")
                            }
                        ),
                    );
                }
            }
            let snake = a
                .rust_name
                .clone()
                .unwrap_or_else(|| a.action.to_snake_case());
            let type_base = snake.to_upper_camel_case();
            self.check_action(
                &file,
                &a,
                &snake,
                &type_base,
                shared.get(&a.family).unwrap_or(&empty),
            );
            let key = (a.action.clone(), a.version.clone());
            let duplicate = action_versions.insert(key, file.clone());
            if let Some(prev) = &duplicate {
                self.err(
                    &file,
                    "action",
                    format!(
                        "{} version {} is already defined in {prev}",
                        a.action, a.version
                    ),
                );
            }
            // A second definition of the same version is reported once, above.
            let label = format!("{} ({})", a.action, a.version);
            let field = if a.rust_name.is_some() {
                "rust_name"
            } else {
                "action"
            };
            if let (Some((prev, prev_label)), None) = (
                fn_names.insert(snake.clone(), (file.clone(), label.clone())),
                &duplicate,
            ) {
                self.err(&file, field, format!("the Rust name `{snake}` of {label} collides with {prev_label} in {prev}; set `rust_name` (e.g. `{snake}_v{}`)", a.version.replace('-', "")));
            } else if let (Some((prev, prev_label)), None) = (
                type_bases.insert(
                    (a.family.clone(), type_base.clone()),
                    (file.clone(), label.clone()),
                ),
                &duplicate,
            ) {
                self.err(&file, field, format!("the type names `{type_base}Request`/`{type_base}Result` of {label} collide with those of {prev_label} in {prev}; set `rust_name`"));
            }
            fams[fi].actions.push(Action {
                spec: a,
                file,
                snake,
                type_base,
            });
        }
        for f in &mut fams {
            f.types = shared
                .remove(&f.name)
                .map(|m| m.into_values().collect())
                .unwrap_or_default();
            f.actions.sort_by(|a, b| a.snake.cmp(&b.snake));
            f.type_files.sort();
        }
        fams
    }

    /// Object types that contain themselves, directly or through other object types (not through a
    /// list or a map), would be of infinite size: each cycle is reported at the field that closes it.
    fn check_cycles(&mut self, defs: &[(&str, &str, &TypeDef)]) {
        // Edges: (field index, target type index) of each object type.
        // A union holds its variants' values inline, as an object holds its fields'.
        let edges: Vec<Vec<(usize, usize)>> = defs
            .iter()
            .map(|(_, _, def)| {
                let inline: Vec<&str> = match def.kind {
                    TypeKind::Object => def.fields.iter().map(|f| f.ty.as_str()).collect(),
                    TypeKind::Union => def.variants.iter().map(|v| v.ty.as_str()).collect(),
                    TypeKind::Enum => Vec::new(),
                };
                inline
                    .iter()
                    .enumerate()
                    .filter_map(|(i, t)| {
                        let Ok(Ty::Named(n)) = Ty::parse(t) else {
                            return None;
                        };
                        let target = defs.iter().position(|(name, _, d)| {
                            *name == n.as_str() && d.kind != TypeKind::Enum
                        })?;
                        Some((i, target))
                    })
                    .collect()
            })
            .collect();
        let mut state = vec![0u8; defs.len()]; // 0 unseen, 1 on the current path, 2 done
        let mut closing = Vec::new();
        for start in 0..defs.len() {
            find_cycles(start, &edges, &mut state, &mut Vec::new(), &mut closing);
        }
        for (from, field, cycle) in closing {
            let (name, file, def) = defs[from];
            let names: Vec<&str> = cycle.iter().map(|&t| defs[t].0).collect();
            let (at, ty) = match def.kind {
                TypeKind::Union => ("variants", &def.variants[field].ty),
                _ => ("fields", &def.fields[field].ty),
            };
            self.err(
                file,
                &format!("types.{name}.{at}[{field}].type"),
                format!(
                    "`{ty}` makes object types contain themselves ({}): a value would be infinitely large; recursion needs list<...> or map<string,...>",
                    names.join(" → ")
                ),
            );
        }
    }

    /// Reports what does not fit in the example value at `path`, each at its own node.
    fn misfits(&mut self, file: &str, path: &str, prefix: &str, misfits: Vec<Misfit>) {
        for m in misfits {
            let at = child(path, &m.at);
            let message = format!("{prefix}{}", m.message);
            if m.key {
                self.err_key(file, &at, message);
            } else {
                self.err(file, &at, message);
            }
        }
    }

    fn check_type_name(&mut self, file: &str, path: &str, name: &str) {
        if !is_wire_identifier(name) {
            self.err_key(
                file,
                path,
                format!(
                    "type name `{name}` must be PascalCase: ASCII letters and digits, starting with a capital (e.g. `{}`)",
                    name.to_upper_camel_case()
                ),
            );
        }
        if RESERVED_TYPE_NAMES.contains(&name) || RUST_KEYWORDS.contains(&name) {
            self.err_key(file, path, format!("type name `{name}` is reserved (a Rust keyword or a name the generated code uses)"));
        }
    }

    fn check_action(
        &mut self,
        file: &str,
        a: &ActionSpec,
        snake: &str,
        type_base: &str,
        shared: &BTreeMap<String, NamedType>,
    ) {
        // A draft is one error, however many texts are left to write; a finished file names each.
        let todo = todo_in_action(a);
        if a.draft {
            let left = match todo.len() {
                0 => "no English description says TODO any more; remove `draft: true`".to_string(),
                1 => "1 English description still says TODO; write it and remove `draft: true`"
                    .to_string(),
                n => format!(
                    "{n} English descriptions still say TODO; write them and remove `draft: true`"
                ),
            };
            self.err(
                file,
                "draft",
                format!("this file is an importer draft: {left}"),
            );
        } else {
            for p in todo {
                self.err(file, &p, TODO_IN_FINISHED);
            }
        }
        let pascal = is_wire_identifier(&a.action);
        if !pascal {
            self.err(
                file,
                "action",
                format!(
                    "action `{}` must be an identifier as on the wire: ASCII letters and digits, starting with a capital",
                    a.action
                ),
            );
        }
        let v = a.version.as_bytes();
        let version_ok = v.len() == 10
            && v.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !version_ok {
            self.err(
                file,
                "version",
                format!("version `{}` must be a date, YYYY-MM-DD", a.version),
            );
        }
        // A name that is not PascalCase is reported above; its snake_case form is no news.
        let unusable = !snake.starts_with(|c: char| c.is_ascii_lowercase())
            || !snake
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            || RUST_KEYWORDS.contains(&snake)
            || snake == "types";
        if unusable && (pascal || a.rust_name.is_some()) {
            let p = if a.rust_name.is_some() {
                "rust_name"
            } else {
                "action"
            };
            self.err(
                file,
                p,
                format!("`{snake}` is not usable as a snake_case module and function name"),
            );
        }
        if a.method == Method::GET && a.params_in == Placement::Body {
            self.err(
                file,
                "params_in",
                "a GET request has no body: use `params_in: query`",
            );
        }
        for name in a.types.keys() {
            let path = format!("types.{name}");
            self.check_type_name(file, &path, name);
            let base = name.as_str();
            for generated in ["Request", "Required", "Result", "ResultRequired"] {
                if base == format!("{type_base}{generated}") {
                    self.err_key(
                        file,
                        &path,
                        format!("type name `{name}` collides with a generated type"),
                    );
                }
            }
            if shared.contains_key(name) {
                self.err_key(
                    file,
                    &path,
                    format!(
                        "type `{name}` is also defined in {}: use that one or rename this",
                        shared[name].file
                    ),
                );
            }
        }
        let scope = Scope {
            local: &a.types,
            shared,
        };
        for (name, def) in &a.types {
            self.check_typedef(file, &format!("types.{name}"), name, def, &scope);
        }
        // Shared types cannot name this action's types, so a cycle is among these alone.
        let defs: Vec<(&str, &str, &TypeDef)> = a
            .types
            .iter()
            .map(|(name, def)| (name.as_str(), file, def))
            .collect();
        self.check_cycles(&defs);
        self.check_fields(file, "request", &a.request, &scope, true);
        self.check_fields(file, "result", &a.result, &scope, false);
        let result_ty = match &a.result_type {
            None => None,
            Some(_) if !a.result.is_empty() => {
                self.err(
                    file,
                    "result_type",
                    "`result` and `result_type` exclude each other: `result` lists the fields of an object `Result`, `result_type` gives a `Result` of any other type",
                );
                None
            }
            Some(t) => match Ty::parse(t) {
                Err(e) => {
                    self.err(file, "result_type", e);
                    None
                }
                Ok(ty) => match ty.named() {
                    Some(n) if scope.get(n).is_none() => {
                        self.err(file, "result_type", format!("unknown type `{n}`: defined neither in this file's `types` nor in the family's types files"));
                        None
                    }
                    _ => Some(ty),
                },
            },
        };
        if a.result_type.is_some()
            && !a.result_optional
            && a.examples.iter().all(|e| e.result.is_none())
        {
            self.err(file, "examples", "an action with a `result_type` that is not `result_optional` needs an example `result` (the fake server answers it)");
        }
        if a.params_in == Placement::Query {
            for (i, f) in a.request.iter().enumerate() {
                let scalar = |t: &Ty| {
                    matches!(
                        t,
                        Ty::I32 | Ty::I64 | Ty::U32 | Ty::F32 | Ty::F64 | Ty::Bool | Ty::String
                    ) || matches!(t, Ty::Named(n) if scope.get(n).is_some_and(|d| d.kind == TypeKind::Enum))
                };
                if let Ok(t) = Ty::parse(&f.ty) {
                    if !scalar(&t) {
                        self.err(
                            file,
                            &format!("request[{i}].type"),
                            format!(
                                "`{}` cannot travel in a query string: only scalars and enums can",
                                f.ty
                            ),
                        );
                    }
                }
            }
        }
        if let Some(key) = &a.idempotency_key {
            match a.request.iter().find(|f| &f.name == key) {
                None => self.err(
                    file,
                    "idempotency_key",
                    format!("`{key}` is not a request field"),
                ),
                Some(f) if f.ty != "string" || f.required => self.err(
                    file,
                    "idempotency_key",
                    format!("`{key}` must be an optional string field, so the client can fill it"),
                ),
                Some(_) => {}
            }
        }
        if let Some(qps) = a.limits.qps {
            if qps == 0 {
                self.err(file, "limits.qps", "qps must be at least 1");
            }
        }
        if a.examples.is_empty() {
            self.err(
                file,
                "examples",
                "every action needs at least one example request",
            );
        }
        for (i, ex) in a.examples.iter().enumerate() {
            let mut misfits = Vec::new();
            check_object(&ex.request, &a.request, &scope, "", &mut misfits);
            self.misfits(file, &format!("examples[{i}].request"), "", misfits);
            if let Some(r) = &ex.result {
                let mut misfits = Vec::new();
                match (&result_ty, &a.result_type) {
                    (Some(ty), _) => {
                        check_value(r, ty, &Default::default(), &scope, "", &mut misfits)
                    }
                    (None, Some(_)) => {}
                    (None, None) => check_object(r, &a.result, &scope, "", &mut misfits),
                }
                self.misfits(file, &format!("examples[{i}].result"), "", misfits);
            }
        }
        for (i, id) in a.fake.new_ids.iter().enumerate() {
            if !a.result.iter().any(|f| &f.name == id && f.ty == "i64") {
                self.err(
                    file,
                    &format!("fake.new_ids[{i}]"),
                    format!("`{id}` is not an i64 result field"),
                );
            }
        }
        if let Some(m) = &a.fake.membership {
            for (k, name) in [("user", &m.user), ("conversation", &m.conversation)] {
                if !a.request.iter().any(|f| &f.name == name && f.ty == "i64") {
                    self.err(
                        file,
                        &format!("fake.membership.{k}"),
                        format!("`{name}` is not an i64 request field"),
                    );
                }
            }
        }
        if (a.fake.membership.is_some() || !a.fake.new_ids.is_empty()) && a.fake.store.is_none() {
            self.err(file, "fake", "`new_ids` and `membership` need `store`");
        }
    }

    fn check_union_def(&mut self, file: &str, path: &str, def: &TypeDef, scope: &Scope<'_>) {
        if !def.fields.is_empty() || def.base.is_some() || def.open || !def.values.is_empty() {
            self.err(
                file,
                path,
                "a union type has `discriminator` and `variants`, not `fields`, `base`, `open` or `values`",
            );
        }
        let disc = match def.discriminator.as_deref() {
            Some(d) if !d.is_empty() => d,
            _ => {
                self.err(
                    file,
                    path,
                    "a union type needs `discriminator`: the wire name of the string field that selects the variant",
                );
                ""
            }
        };
        if def.variants.is_empty() {
            self.err(
                file,
                &format!("{path}.variants"),
                "a union needs at least one variant",
            );
        }
        let mut values = BTreeSet::new();
        let mut names = BTreeMap::new();
        for (i, v) in def.variants.iter().enumerate() {
            let vp = format!("{path}.variants[{i}]");
            if v.value.is_empty() || !values.insert(v.value.as_str()) {
                self.err(
                    file,
                    &format!("{vp}.value"),
                    format!("variant value {:?} is empty or repeated", v.value),
                );
            }
            let name = variant_name(v);
            let name_path = if v.name.is_some() {
                format!("{vp}.name")
            } else {
                format!("{vp}.value")
            };
            if !is_wire_identifier(&name) || name == "Other" {
                self.err(file, &name_path, format!("variant name `{name}` is not usable (PascalCase, not `Other`, the fallback's name); set `name`"));
            } else if let Some(prev) = names.insert(name.clone(), i) {
                self.err(
                    file,
                    &name_path,
                    format!("variant name `{name}` is also variants[{prev}]'s; set `name`"),
                );
            }
            match Ty::parse(&v.ty) {
                Ok(Ty::Named(n)) => match scope.get(&n) {
                    Some(d) if d.kind == TypeKind::Object => {
                        if let Some(j) = d.fields.iter().position(|f| f.name == disc) {
                            self.err(file, &format!("{vp}.type"), format!("`{n}` has a field `{disc}` (fields[{j}]): the discriminator is the union's, not listed in a variant's type"));
                        }
                    }
                    Some(_) => self.err(
                        file,
                        &format!("{vp}.type"),
                        format!("variant type `{n}` must be an object type"),
                    ),
                    None => self.err(file, &format!("{vp}.type"), format!("unknown type `{n}`: defined neither in this file's `types` nor in the family's types files")),
                },
                Ok(other) => self.err(
                    file,
                    &format!("{vp}.type"),
                    format!("variant type `{other}` must be a named object type"),
                ),
                Err(e) => self.err(file, &format!("{vp}.type"), e),
            }
        }
    }

    fn check_typedef(
        &mut self,
        file: &str,
        path: &str,
        _name: &str,
        def: &TypeDef,
        scope: &Scope<'_>,
    ) {
        if def.kind != TypeKind::Union && (def.discriminator.is_some() || !def.variants.is_empty())
        {
            self.err(
                file,
                path,
                "only a union type has `discriminator` and `variants`",
            );
        }
        match def.kind {
            TypeKind::Union => self.check_union_def(file, path, def, scope),
            TypeKind::Object => {
                if def.base.is_some() || def.open || !def.values.is_empty() {
                    self.err(
                        file,
                        path,
                        "an object type has `fields`, not `base`, `open` or `values`",
                    );
                }
                self.check_fields(file, &format!("{path}.fields"), &def.fields, scope, false);
            }
            TypeKind::Enum => {
                if !def.fields.is_empty() {
                    self.err(
                        file,
                        &format!("{path}.fields"),
                        "an enum type has `values`, not `fields`",
                    );
                }
                let base = match def.base.as_deref() {
                    Some(b @ ("i32" | "i64" | "string")) => b,
                    Some(other) => {
                        self.err(
                            file,
                            &format!("{path}.base"),
                            format!("enum base `{other}` must be i32, i64 or string"),
                        );
                        return;
                    }
                    None => {
                        self.err(file, path, "an enum type needs `base` (i32, i64 or string)");
                        return;
                    }
                };
                if def.values.is_empty() {
                    self.err(
                        file,
                        &format!("{path}.values"),
                        "an enum needs at least one value",
                    );
                }
                let mut seen_values = Vec::new();
                let mut seen_names = BTreeSet::new();
                for (i, v) in def.values.iter().enumerate() {
                    let vp = format!("{path}.values[{i}]");
                    let fits = match base {
                        "i32" => v.value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                        "i64" => v.value.as_i64().is_some(),
                        _ => v.value.is_string(),
                    };
                    if !fits {
                        self.err(
                            file,
                            &format!("{vp}.value"),
                            format!("{} does not fit the enum's base type {base}", v.value),
                        );
                    }
                    if seen_values.contains(&v.value) {
                        self.err(
                            file,
                            &format!("{vp}.value"),
                            format!("duplicate enum value {}", v.value),
                        );
                    }
                    seen_values.push(v.value.clone());
                    let konst = v.name.to_shouty_snake_case();
                    let pascal = v.name.starts_with(|c: char| c.is_ascii_uppercase())
                        && v.name.chars().all(|c| c.is_ascii_alphanumeric())
                        && v.name.to_upper_camel_case() == v.name;
                    if !pascal {
                        self.err(
                            file,
                            &format!("{vp}.name"),
                            format!("enum value name `{}` must be PascalCase", v.name),
                        );
                    }
                    if !seen_names.insert(konst.clone()) {
                        self.err(file, &format!("{vp}.name"), format!("enum value name `{}` collides with another after case conversion (`{konst}`)", v.name));
                    }
                }
            }
        }
    }

    fn check_fields(
        &mut self,
        file: &str,
        path: &str,
        fields: &[Field],
        scope: &Scope<'_>,
        is_request: bool,
    ) {
        let mut wire = BTreeMap::new();
        let mut rust = BTreeMap::new();
        for (i, f) in fields.iter().enumerate() {
            let fp = format!("{path}[{i}]");
            if f.name.is_empty() {
                self.err(file, &format!("{fp}.name"), "empty wire name");
                continue;
            }
            let duplicate = wire.insert(f.name.clone(), i);
            if let Some(prev) = duplicate {
                self.err(
                    file,
                    &format!("{fp}.name"),
                    format!("duplicate field `{}` (also {path}[{prev}])", f.name),
                );
            }
            let rname = f
                .rust_name
                .clone()
                .unwrap_or_else(|| f.name.to_snake_case());
            let valid_ident = rname
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && rname != "_"
                && rname
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_ident && f.rust_name.is_some() {
                self.err(
                    file,
                    &format!("{fp}.rust_name"),
                    format!("`{rname}` is not a snake_case Rust name"),
                );
            } else if !valid_ident {
                self.err(
                    file,
                    &format!("{fp}.name"),
                    format!(
                        "`{}` does not give a snake_case Rust name (`{rname}`); set `rust_name`",
                        f.name
                    ),
                );
            } else if RUST_KEYWORDS.contains(&rname.as_str())
                || RESERVED_FIELD_NAMES.contains(&rname.as_str())
            {
                if f.rust_name.is_some() {
                    self.err(
                        file,
                        &format!("{fp}.rust_name"),
                        format!("`{rname}` is a Rust keyword or a generated method's name"),
                    );
                } else {
                    self.err(file, &format!("{fp}.name"), format!("field `{}` becomes `{rname}`, a Rust keyword or a generated method's name; set `rust_name`", f.name));
                }
            }
            // A repeated wire name is reported once, above.
            if let (Some(prev), None) = (rust.insert(rname.clone(), i), duplicate) {
                self.err(file, &format!("{fp}.name"), format!("field `{}` collides with {path}[{prev}] after case conversion (both `{rname}`)", f.name));
            }
            let ty = match Ty::parse(&f.ty) {
                Ok(t) => t,
                Err(e) => {
                    self.err(file, &format!("{fp}.type"), e);
                    continue;
                }
            };
            if let Some(n) = ty.named() {
                if scope.get(n).is_none() {
                    self.err(file, &format!("{fp}.type"), format!("unknown type `{n}`: defined neither in this file's `types` nor in the family's types files"));
                    continue;
                }
            }
            if let Some(ex) = &f.example {
                let mut misfits = Vec::new();
                check_value(ex, &ty, &f.constraints, scope, "", &mut misfits);
                self.misfits(
                    file,
                    &format!("{fp}.example"),
                    "example does not fit: ",
                    misfits,
                );
            }
            self.check_constraints(file, &fp, f, &ty, scope);
            if let Some(only) = &f.accepts_only {
                let inner = match &ty {
                    Ty::Named(n) => scope.get(n).filter(|d| d.kind == TypeKind::Object),
                    _ => None,
                };
                match inner {
                    None => self.err(
                        file,
                        &format!("{fp}.accepts_only"),
                        "`accepts_only` applies to object-typed fields only",
                    ),
                    Some(def) => {
                        for (j, name) in only.iter().enumerate() {
                            if !def.fields.iter().any(|x| &x.name == name) {
                                self.err(
                                    file,
                                    &format!("{fp}.accepts_only[{j}]"),
                                    format!("`{name}` is not a field of `{}`", f.ty),
                                );
                            }
                        }
                    }
                }
                if !is_request {
                    self.err(
                        file,
                        &format!("{fp}.accepts_only"),
                        "`accepts_only` applies to request fields only",
                    );
                }
            }
        }
    }

    fn check_constraints(&mut self, file: &str, fp: &str, f: &Field, ty: &Ty, scope: &Scope<'_>) {
        self.check_constraint_kinds(
            file,
            &format!("{fp}.constraints"),
            &f.constraints,
            ty,
            scope,
        );
    }

    /// Checks that each constraint of `c` applies to `ty` (and `items` to its items), at `cp`.
    fn check_constraint_kinds(
        &mut self,
        file: &str,
        cp: &str,
        c: &Constraints,
        ty: &Ty,
        scope: &Scope<'_>,
    ) {
        let class = NumClass::of(ty, scope);
        let base = enum_base(ty, scope);
        let string = matches!(ty, Ty::String) || base.as_deref() == Some("string");
        let plain_string = matches!(ty, Ty::String);
        for (key, bound) in [("min", &c.min), ("max", &c.max)] {
            let Some(n) = bound else { continue };
            match class {
                NumClass::Integer if n.as_i64().is_none() => self.err(
                    file,
                    &format!("{cp}.{key}"),
                    format!("{key} {n} is not an integer, and `{ty}` holds integers"),
                ),
                NumClass::Float | NumClass::Integer => {}
                NumClass::None => self.err(
                    file,
                    &format!("{cp}.{key}"),
                    format!("min/max apply to numbers, not `{ty}`"),
                ),
            }
        }
        if let (Some(lo), Some(hi)) = (&c.min, &c.max) {
            let above = match (lo.as_i64(), hi.as_i64()) {
                (Some(a), Some(b)) => a > b,
                _ => lo.as_f64().unwrap_or(0.0) > hi.as_f64().unwrap_or(0.0),
            };
            if above {
                self.err(file, cp, format!("min {lo} is above max {hi}"));
            }
        }
        if let Some(m) = &c.multiple_of {
            let ok = match class {
                NumClass::Integer => m.as_i64().is_some_and(|m| m > 0),
                NumClass::Float => m.as_f64().is_some_and(|m| m > 0.0 && m.is_finite()),
                NumClass::None => {
                    self.err(
                        file,
                        &format!("{cp}.multiple_of"),
                        format!("multiple_of applies to numbers, not `{ty}`"),
                    );
                    true
                }
            };
            if !ok {
                self.err(
                    file,
                    &format!("{cp}.multiple_of"),
                    format!(
                        "multiple_of {m} must be a positive {} for `{ty}`",
                        if class == NumClass::Integer {
                            "integer"
                        } else {
                            "number"
                        }
                    ),
                );
            }
        }
        let sized = matches!(ty, Ty::String | Ty::List(_) | Ty::Map(_));
        if (c.min_len.is_some() || c.max_len.is_some()) && !sized {
            self.err(
                file,
                cp,
                format!("min_len/max_len apply to strings, lists and maps, not `{ty}`"),
            );
        }
        if let (Some(lo), Some(hi)) = (c.min_len, c.max_len) {
            if lo > hi {
                self.err(file, cp, format!("min_len {lo} is above max_len {hi}"));
            }
        }
        if (c.min_bytes.is_some() || c.max_bytes.is_some()) && !plain_string {
            self.err(
                file,
                cp,
                format!("min_bytes/max_bytes apply to strings, not `{ty}`"),
            );
        }
        if let (Some(lo), Some(hi)) = (c.min_bytes, c.max_bytes) {
            if lo > hi {
                self.err(file, cp, format!("min_bytes {lo} is above max_bytes {hi}"));
            }
        }
        if let Some(p) = &c.pattern {
            if !plain_string {
                self.err(
                    file,
                    &format!("{cp}.pattern"),
                    format!("pattern applies to strings, not `{ty}`"),
                );
            } else if let Err(e) = whole_pattern(p) {
                self.err(
                    file,
                    &format!("{cp}.pattern"),
                    format!("`{p}` is not a valid regular expression: {e}"),
                );
            }
        }
        if let Some(vals) = &c.one_of {
            for (i, v) in vals.iter().enumerate() {
                let fits = if class == NumClass::Integer {
                    v.as_i64().is_some()
                } else if string {
                    v.is_string()
                } else {
                    false
                };
                if !fits {
                    self.err(file, &format!("{cp}.one_of[{i}]"), format!("{v} does not fit `{ty}` (one_of takes integers or strings of the field's type)"));
                }
            }
        }
        if let Some(items) = &c.items {
            match ty {
                Ty::List(inner) | Ty::Map(inner) => {
                    self.check_constraint_kinds(file, &format!("{cp}.items"), items, inner, scope)
                }
                _ => self.err(
                    file,
                    &format!("{cp}.items"),
                    format!("items applies to lists and maps, not `{ty}`"),
                ),
            }
        }
    }
}

/// What kind of number a type holds, for numeric constraints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumClass {
    Integer,
    Float,
    None,
}

impl NumClass {
    fn of(ty: &Ty, scope: &Scope<'_>) -> Self {
        if ty.is_integer() || matches!(enum_base(ty, scope).as_deref(), Some("i32" | "i64")) {
            NumClass::Integer
        } else if ty.is_float() {
            NumClass::Float
        } else {
            NumClass::None
        }
    }
}

/// A `pattern` compiled as the generated code compiles it: the whole value must match.
pub fn whole_pattern(p: &str) -> Result<regex_lite::Regex, regex_lite::Error> {
    regex_lite::Regex::new(&format!("^(?:{p})$"))
}

/// The Rust name of a union variant: its `name`, or its value in PascalCase.
pub fn variant_name(v: &crate::spec::UnionVariant) -> String {
    v.name
        .clone()
        .unwrap_or_else(|| v.value.to_upper_camel_case())
}

/// A wire name usable as a Rust type name: ASCII letters and digits, starting with a capital
/// (`SendMessage`, `StartPushMixedStreamToCDN`, `P2PResult`).
pub fn is_wire_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn enum_base(ty: &Ty, scope: &Scope<'_>) -> Option<String> {
    match ty {
        Ty::Named(n) => scope
            .get(n)
            .filter(|d| d.kind == TypeKind::Enum)
            .and_then(|d| d.base.clone()),
        _ => None,
    }
}

/// Depth-first search from `node` over `edges`: each edge back into the current path closes a cycle,
/// recorded as (type, field index, the types of the cycle from its first back to it).
fn find_cycles(
    node: usize,
    edges: &[Vec<(usize, usize)>],
    state: &mut [u8],
    path: &mut Vec<usize>,
    closing: &mut Vec<(usize, usize, Vec<usize>)>,
) {
    if state[node] != 0 {
        return;
    }
    state[node] = 1;
    path.push(node);
    for &(field, target) in &edges[node] {
        if state[target] == 1 {
            let from = path.iter().position(|&t| t == target).unwrap_or(0);
            let mut cycle = path[from..].to_vec();
            cycle.push(target);
            closing.push((node, field, cycle));
        } else {
            find_cycles(target, edges, state, path, closing);
        }
    }
    path.pop();
    state[node] = 2;
}

/// Something in an example value that does not fit its type.
struct Misfit {
    /// Where, as a path below the example (`X`, `X.Y[2]`); empty for the example itself.
    at: String,
    /// The problem is the key at `at` (a field the type does not have), not its value.
    key: bool,
    message: String,
}

impl Misfit {
    fn value(at: &str, message: String) -> Self {
        Self {
            at: at.to_string(),
            key: false,
            message,
        }
    }
}

/// `path` followed by the relative path `rel` (`a` + `b[1]` → `a.b[1]`, `a` + `[1]` → `a[1]`).
fn child(path: &str, rel: &str) -> String {
    if rel.is_empty() {
        path.to_string()
    } else if path.is_empty() || rel.starts_with('[') {
        format!("{path}{rel}")
    } else {
        format!("{path}.{rel}")
    }
}

/// Checks a JSON object against a field list: required fields present, no unknown keys, values fit.
fn check_object(v: &Value, fields: &[Field], scope: &Scope<'_>, at: &str, out: &mut Vec<Misfit>) {
    let Some(obj) = v.as_object() else {
        out.push(Misfit::value(at, format!("expected an object, found {v}")));
        return;
    };
    for f in fields {
        match obj.get(&f.name) {
            None | Some(Value::Null) => {
                if f.required {
                    out.push(Misfit::value(
                        &child(at, &f.name),
                        "required field missing".into(),
                    ));
                }
            }
            Some(x) => {
                if let Ok(ty) = Ty::parse(&f.ty) {
                    check_value(x, &ty, &f.constraints, scope, &child(at, &f.name), out);
                }
            }
        }
    }
    for k in obj.keys() {
        if !fields.iter().any(|f| &f.name == k) {
            out.push(Misfit {
                at: child(at, k),
                key: true,
                message: "unknown field".into(),
            });
        }
    }
}

/// Whether `x` is a multiple of `m`, allowing for binary rounding (the runtime's rule).
fn is_multiple(x: f64, m: f64) -> bool {
    let r = x / m;
    (r - r.round()).abs() <= 1e-9 * r.abs().max(1.0)
}

/// Checks a union value: an object whose discriminator names a variant, the rest fitting it.
fn check_union(
    v: &Value,
    name: &str,
    def: &TypeDef,
    scope: &Scope<'_>,
    at: &str,
    out: &mut Vec<Misfit>,
) {
    let Some(obj) = v.as_object() else {
        out.push(Misfit::value(at, format!("expected an object, found {v}")));
        return;
    };
    // A union without a discriminator is reported where it is declared.
    let Some(disc) = def.discriminator.as_deref() else {
        return;
    };
    let Some(tag) = obj.get(disc).and_then(|t| t.as_str()) else {
        out.push(Misfit::value(
            &child(at, disc),
            format!("required field missing (the discriminator of {name}, a string)"),
        ));
        return;
    };
    let Some(variant) = def.variants.iter().find(|x| x.value == tag) else {
        let known: Vec<&str> = def.variants.iter().map(|x| x.value.as_str()).collect();
        out.push(Misfit::value(
            &child(at, disc),
            format!(
                "{tag:?} is not one of the variants of {name} ({})",
                known.join(", ")
            ),
        ));
        return;
    };
    let Some(vdef) = scope
        .get(&variant.ty)
        .filter(|d| d.kind == TypeKind::Object)
    else {
        return;
    };
    let mut rest = obj.clone();
    rest.remove(disc);
    check_object(&Value::Object(rest), &vdef.fields, scope, at, out);
}

/// Checks an example value against its type and constraints. A type that is not defined, or an enum
/// whose base is not valid, is reported where it is declared, not in every example.
fn check_value(
    v: &Value,
    ty: &Ty,
    c: &crate::spec::Constraints,
    scope: &Scope<'_>,
    at: &str,
    out: &mut Vec<Misfit>,
) {
    let before = out.len();
    let mut misfit = |message: String| out.push(Misfit::value(at, message));
    match ty {
        Ty::I32 => {
            if v.as_i64().is_none_or(|n| i32::try_from(n).is_err()) {
                misfit(format!("{v} is not an i32"));
            }
        }
        Ty::I64 => {
            if v.as_i64().is_none() {
                misfit(format!("{v} is not an i64"));
            }
        }
        Ty::U32 => {
            if v.as_u64().is_none_or(|n| u32::try_from(n).is_err()) {
                misfit(format!("{v} is not a u32"));
            }
        }
        Ty::F32 => {
            if v.as_f64().is_none_or(|x| x.abs() > f64::from(f32::MAX)) {
                misfit(format!("{v} is not an f32"));
            }
        }
        Ty::F64 => {
            if !v.is_number() {
                misfit(format!("{v} is not a number"));
            }
        }
        Ty::Bool => {
            if !v.is_boolean() {
                misfit(format!("{v} is not a bool"));
            }
        }
        Ty::String => {
            if !v.is_string() {
                misfit(format!("{v} is not a string"));
            }
        }
        Ty::Json => {}
        Ty::List(inner) => match v.as_array() {
            Some(items) => {
                let per_item = c.items.as_deref().cloned().unwrap_or_default();
                for (i, x) in items.iter().enumerate() {
                    let item = child(at, &format!("[{i}]"));
                    check_value(x, inner, &per_item, scope, &item, out);
                }
            }
            None => misfit(format!("{v} is not a list")),
        },
        Ty::Map(inner) => match v.as_object() {
            Some(m) => {
                let per_item = c.items.as_deref().cloned().unwrap_or_default();
                for (k, x) in m {
                    check_value(x, inner, &per_item, scope, &child(at, k), out);
                }
            }
            None => misfit(format!("{v} is not a map")),
        },
        Ty::Named(n) => match scope.get(n) {
            None => {}
            Some(def) if def.kind == TypeKind::Object => {
                check_object(v, &def.fields, scope, at, out)
            }
            Some(def) if def.kind == TypeKind::Union => check_union(v, n, def, scope, at, out),
            Some(def) => {
                let fits = match def.base.as_deref() {
                    Some("i32") => v.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
                    Some("i64") => v.as_i64().is_some(),
                    Some("string") => v.is_string(),
                    _ => return,
                };
                let base = def.base.as_deref().unwrap_or_default();
                if !fits {
                    misfit(format!("{v} is not a {base} ({n})"));
                } else if !def.open && !def.values.iter().any(|x| &x.value == v) {
                    misfit(format!("{v} is not one of the values of {n}"));
                }
            }
        },
    }
    if out.len() > before {
        return;
    }
    let mut misfit = |message: String| out.push(Misfit::value(at, message));
    // Constraints.
    let show = |b: &Option<serde_json::Number>| b.as_ref().map_or(String::new(), |x| x.to_string());
    let outside = match (v, ty.is_float()) {
        (Value::Number(n), false) => match n.as_i64() {
            Some(n) => {
                c.min
                    .as_ref()
                    .and_then(|x| x.as_i64())
                    .is_some_and(|lo| n < lo)
                    || c.max
                        .as_ref()
                        .and_then(|x| x.as_i64())
                        .is_some_and(|hi| n > hi)
            }
            None => false,
        },
        (Value::Number(n), true) => {
            // An f32 field compares as f32, as the generated check does.
            let narrow = |x: f64| {
                if matches!(ty, Ty::F32) {
                    f64::from(x as f32)
                } else {
                    x
                }
            };
            let x = narrow(n.as_f64().unwrap_or(0.0));
            let bound =
                |b: &Option<serde_json::Number>| b.as_ref().and_then(|b| b.as_f64()).map(narrow);
            bound(&c.min).is_some_and(|lo| x < lo) || bound(&c.max).is_some_and(|hi| x > hi)
        }
        _ => false,
    };
    if outside {
        misfit(format!(
            "{v} is outside {}..={}",
            show(&c.min),
            show(&c.max)
        ));
    }
    if let (Value::Number(n), Some(m)) = (v, &c.multiple_of) {
        // A `multiple_of` that is not positive is reported where it is declared.
        let fits = match (n.as_i64(), m.as_i64()) {
            (Some(n), Some(m)) if m > 0 => n % m == 0,
            _ => match m.as_f64() {
                Some(m) if m > 0.0 => is_multiple(n.as_f64().unwrap_or(0.0), m),
                _ => true,
            },
        };
        if !fits {
            misfit(format!("{v} is not a multiple of {m}"));
        }
    }
    if let Value::String(s) = v {
        let bytes = s.len();
        if c.min_bytes.is_some_and(|lo| bytes < lo as usize)
            || c.max_bytes.is_some_and(|hi| bytes > hi as usize)
        {
            misfit(format!(
                "{bytes} bytes (UTF-8) is outside the allowed sizes"
            ));
        }
        if let Some(Ok(re)) = c.pattern.as_deref().map(whole_pattern) {
            if !re.is_match(s) {
                misfit(format!(
                    "{v} does not match the pattern `{}`",
                    c.pattern.as_deref().unwrap_or_default()
                ));
            }
        }
    }
    let len = match v {
        Value::String(s) => Some(s.chars().count()),
        Value::Array(a) => Some(a.len()),
        Value::Object(o) if matches!(ty, Ty::Map(_)) => Some(o.len()),
        _ => None,
    };
    if let Some(len) = len {
        if c.min_len.is_some_and(|lo| len < lo as usize)
            || c.max_len.is_some_and(|hi| len > hi as usize)
        {
            misfit(format!("length {len} is outside the allowed lengths"));
        }
    }
    if let Some(vals) = &c.one_of {
        if !vals.contains(v) {
            misfit(format!("{v} is not one of {}", Value::Array(vals.clone())));
        }
    }
}

/// Whether an English text is a placeholder an importer left for a person to write.
fn says_todo(t: &crate::spec::Text) -> bool {
    t.en.trim_start().starts_with("TODO:")
}

/// The paths (`request[3].description.en`) of the English texts of named types that say TODO.
fn todo_in_types<'a>(
    types: impl IntoIterator<Item = (&'a String, &'a TypeDef)>,
    out: &mut Vec<String>,
) {
    for (name, def) in types {
        let p = format!("types.{name}");
        if says_todo(&def.description) {
            out.push(format!("{p}.description.en"));
        }
        todo_in_fields(&format!("{p}.fields"), &def.fields, out);
        for (i, v) in def.values.iter().enumerate() {
            if says_todo(&v.description) {
                out.push(format!("{p}.values[{i}].description.en"));
            }
        }
        for (i, v) in def.variants.iter().enumerate() {
            if says_todo(&v.description) {
                out.push(format!("{p}.variants[{i}].description.en"));
            }
        }
    }
}

fn todo_in_fields(path: &str, fields: &[Field], out: &mut Vec<String>) {
    for (i, f) in fields.iter().enumerate() {
        if says_todo(&f.description) {
            out.push(format!("{path}[{i}].description.en"));
        }
    }
}

/// The paths of an action file's English texts that say TODO.
fn todo_in_action(a: &ActionSpec) -> Vec<String> {
    let mut out = Vec::new();
    if says_todo(&a.description) {
        out.push("description.en".to_string());
    }
    if a.limits.description.as_ref().is_some_and(says_todo) {
        out.push("limits.description.en".to_string());
    }
    for (i, r) in a.limits.rates.iter().enumerate() {
        if says_todo(&r.description) {
            out.push(format!("limits.rates[{i}].description.en"));
        }
    }
    todo_in_fields("request", &a.request, &mut out);
    todo_in_fields("result", &a.result, &mut out);
    todo_in_types(&a.types, &mut out);
    out
}

/// The paths of `service.yaml`'s English texts that say TODO.
fn todo_in_service(s: &ServiceSpec) -> Vec<String> {
    let mut out = Vec::new();
    if says_todo(&s.description) {
        out.push("description.en".to_string());
    }
    let lists: [(&str, Vec<&crate::spec::Text>); 4] = [
        (
            "regions",
            s.regions.iter().map(|r| &r.description).collect(),
        ),
        (
            "families",
            s.families.iter().map(|f| &f.description).collect(),
        ),
        ("groups", s.groups.iter().map(|g| &g.description).collect()),
        ("errors", s.errors.iter().map(|e| &e.description).collect()),
    ];
    for (key, texts) in lists {
        for (i, t) in texts.into_iter().enumerate() {
            if says_todo(t) {
                out.push(format!("{key}[{i}].description.en"));
            }
        }
    }
    out
}

/// Only a draft may say TODO: the message for a TODO in a finished file.
const TODO_IN_FINISHED: &str =
    "the English text still says TODO: write it (only an importer draft, `draft: true`, may)";
