//! The service file, the families and the order of the checks: service, shared types, actions.

#[allow(unused_imports)]
use super::*;

impl Checker<'_> {
    pub(crate) fn check_all(
        &mut self,
        service: &ServiceSpec,
        service_src: &Source,
        types_files: Vec<(String, TypesFile)>,
        actions: Vec<(String, ActionSpec)>,
    ) -> Vec<FamilyModel> {
        let sfile = service_src.name.clone();
        for p in todo::todo_in_service(service) {
            self.err(&sfile, &p, todo::TODO_IN_FINISHED);
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
        if let Some(pages) = &service.doc_pages {
            let web = pages.url.starts_with("https://") || pages.url.starts_with("http://");
            if !web
                || pages.url.matches("{page}").count() != 1
                || pages.url.contains(char::is_whitespace)
            {
                self.err(
                    &sfile,
                    "doc_pages.url",
                    format!("`{}` is not a web address with `{{page}}` once where the page number goes (e.g. `https://www.volcengine.com/docs/6348/{{page}}`)", pages.url),
                );
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
        self.check_groups(&sfile, service);

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
            todo::todo_in_types(&tf.types, &mut todo);
            for p in todo {
                self.err(&file, &p, todo::TODO_IN_FINISHED);
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
            let types: BTreeMap<String, &TypeDef> =
                map.iter().map(|(n, t)| (n.clone(), &t.def)).collect();
            let file_of = |n: &str| map.get(n).map(|t| t.file.clone()).unwrap_or_default();
            self.check_required_names(&file_of, &types, &[]);
            let defs: Vec<(&str, &str, &TypeDef)> = map
                .values()
                .map(|t| (t.name.as_str(), t.file.as_str(), &t.def))
                .collect();
            self.check_cycles(&defs);
        }

        self.check_rate_limits(&sfile, service, &actions);
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
        self.check_editions(&sfile, service, &fams);
        fams
    }

    /// Groups: cargo features inside a family, named apart from every family and each other.
    fn check_groups(&mut self, sfile: &str, service: &ServiceSpec) {
        let mut group_names = BTreeSet::new();
        for (i, g) in service.groups.iter().enumerate() {
            let ok_name = g.name.starts_with(|c: char| c.is_ascii_lowercase())
                && g.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok_name || ["registry", "default", "blocking"].contains(&g.name.as_str()) {
                self.err(
                    sfile,
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
                    sfile,
                    &format!("groups[{i}].name"),
                    format!(
                        "duplicate feature name `{}` (a family or another group)",
                        g.name
                    ),
                );
            }
            if !service.families.iter().any(|f| f.name == g.family) {
                self.err(
                    sfile,
                    &format!("groups[{i}].family"),
                    format!("unknown family `{}`", g.family),
                );
            }
        }
    }
}
