//! Named types: names, objects, enums, unions, and cycles that would make a value infinitely large.

#[allow(unused_imports)]
use super::*;

impl Checker<'_> {
    /// Object types that contain themselves, directly or through other object types (not through a
    /// list or a map), would be of infinite size: each cycle is reported at the field that closes it.
    pub(super) fn check_cycles(&mut self, defs: &[(&str, &str, &TypeDef)]) {
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

    pub(super) fn check_type_name(&mut self, file: &str, path: &str, name: &str) {
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
        if RUST_KEYWORDS.contains(&name) {
            self.err_key(file, path, format!("type name `{name}` is a Rust keyword"));
        }
    }

    /// An object type with required fields also generates `<Name>Required`: it must not be the
    /// name of another type of the same module (`taken`: the module's other names).
    pub(super) fn check_required_names(
        &mut self,
        file_of: &dyn Fn(&str) -> String,
        types: &BTreeMap<String, &TypeDef>,
        taken: &[String],
    ) {
        for (name, def) in types {
            if def.kind != TypeKind::Object || !def.fields.iter().any(|f| f.required) {
                continue;
            }
            let generated = format!("{name}Required");
            if types.contains_key(&generated) || taken.contains(&generated) {
                self.err_key(
                    &file_of(name),
                    &format!("types.{name}"),
                    format!("`{name}` has required fields, so it generates `{generated}`, which is also the name of another type or item of its module"),
                );
            }
        }
    }

    pub(super) fn check_union_def(
        &mut self,
        file: &str,
        path: &str,
        def: &TypeDef,
        scope: &Scope<'_>,
    ) {
        if !def.fields.is_empty() || def.open || !def.values.is_empty() {
            self.err(
                file,
                path,
                "a union type has `discriminator`, `base` and `variants`, not `fields`, `open` or `values`",
            );
        }
        let integer = match def.base.as_deref() {
            None | Some("string") => false,
            Some("i32" | "i64") => true,
            Some(other) => {
                self.err(
                    file,
                    &format!("{path}.base"),
                    format!("a union's discriminator type `{other}` must be string, i32 or i64"),
                );
                false
            }
        };
        let keyed = def.variants.iter().filter(|v| v.field.is_some()).count();
        if keyed != 0 && keyed != def.variants.len() {
            self.err(
                file,
                &format!("{path}.variants"),
                "either every variant names its `field` (a keyed union) or none does",
            );
        }
        if let Some(d) = &def.discriminator_default {
            if !def.variants.iter().any(|v| &v.value == d) {
                self.err(
                    file,
                    &format!("{path}.discriminator_default"),
                    format!("{d:?} is not the value of a variant"),
                );
            }
        }
        let mut fields_seen = BTreeSet::new();
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
            if integer && v.value.parse::<i64>().is_err() {
                self.err(
                    file,
                    &format!("{vp}.value"),
                    format!("{:?} is not an integer (the union's `base`)", v.value),
                );
            }
            if let Some(field) = &v.field {
                if field == disc || !fields_seen.insert(field.clone()) || field.is_empty() {
                    self.err(
                        file,
                        &format!("{vp}.field"),
                        format!(
                            "`{field}` is empty, the discriminator, or another variant's field"
                        ),
                    );
                }
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
                        let inline = v.field.is_none();
                        if let Some(j) = d.fields.iter().position(|f| inline && f.name == disc) {
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

    pub(super) fn check_typedef(
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
}

/// Depth-first search from `node` over `edges`: each edge back into the current path closes a cycle,
/// recorded as (type, field index, the types of the cycle from its first back to it).
pub(super) fn find_cycles(
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
