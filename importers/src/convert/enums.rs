//! Enums from value lists: every field whose text lists values with meanings (what the
//! spec-check rule `enum-description` reports) gets an enum type. An enum of the spec that stands
//! for the same values ([`enum_values::matches`]) is reused: a family enum of the types files, an
//! enum of the action's own file (update mode), or one this run declared. Otherwise the enum is
//! declared: in the family's types (with the model's family types) when a family type's field
//! lists it or when two or more actions list the same values and meanings, else in the action's
//! file. A list the importer cannot read leaves the field as it is, with a `source:` that says
//! TODO and a note: spec-check reports the field until a person decides.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::enum_values::{enum_def, matches, parse_values};
use super::{ConvertOptions, Converted, RESERVED_TYPE_NAMES};
use codegen::spec::{ActionSpec, Field, TypeDef};

/// Field names too general to name an enum alone: the owner's name goes before them.
const GENERIC: &[&str] = &[
    "Type", "Status", "State", "Mode", "Kind", "Format", "Code", "Reason", "Level", "Role",
    "Result", "Value", "Scene", "Source", "Action",
];

/// What the enum pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnumCounts {
    /// Enums declared (family and action types).
    pub declared: usize,
    /// Fields typed with an enum the spec already has.
    pub reused: usize,
    /// Fields whose value list could not be read (left with a TODO).
    pub unread: usize,
}

/// The base an enum of a field's type would have, and the builtin it replaces.
fn scalar_of(ty: &str) -> Option<(&'static str, String)> {
    let mut t = ty.replace(' ', "");
    loop {
        if let Some(inner) = t.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
            t = inner.to_string();
        } else if let Some(inner) = t
            .strip_prefix("map<string,")
            .and_then(|r| r.strip_suffix('>'))
        {
            t = inner.to_string();
        } else {
            break;
        }
    }
    let base = match t.as_str() {
        "i32" => "i32",
        "i64" | "u32" => "i64",
        "string" => "string",
        _ => return None,
    };
    Some((base, t))
}

/// `ty` with its innermost scalar replaced by `name`.
fn retype(ty: &str, scalar: &str, name: &str) -> String {
    let t = ty.replace(' ', "");
    match t.rfind(scalar) {
        Some(i) => format!("{}{name}{}", &t[..i], &t[i + scalar.len()..]),
        None => name.to_string(),
    }
}

/// A field that lists values: where, what it lists, and the name an enum of it would take.
struct Listed {
    place: String,
    base: &'static str,
    scalar: String,
    values: Vec<(Value, String)>,
    name: String,
    def: TypeDef,
}

/// The field's list, or why it cannot make an enum (`None`: the field lists nothing).
fn listed(f: &Field, owner: &str, place: &str) -> Option<Result<Listed, String>> {
    codegen::lint::enum_description_finding(f)?;
    let Some((base, scalar)) = scalar_of(&f.ty) else {
        return Some(Err(format!("its type `{}` cannot be an enum", f.ty)));
    };
    let text = if f.description.zh.trim().is_empty() {
        &f.description.en
    } else {
        &f.description.zh
    };
    Some(parse_values(text, base).map(|values| {
        let own = f.name.to_upper_camel_case();
        let name = if GENERIC.contains(&own.as_str()) || own.is_empty() {
            format!("{owner}{own}")
        } else {
            own
        };
        let def = enum_def(base, text, &values, place);
        Listed {
            place: place.to_string(),
            base,
            scalar,
            values,
            name,
            def,
        }
    }))
}

fn todo(f: &mut Field, reason: &str) {
    let text = format!(
        "importer: TODO: the description lists values the importer cannot read as an enum ({reason}): declare an enum type for them, or say why not with `not_enum`"
    );
    f.source = Some(match f.source.take() {
        Some(s) => format!("{s}; {text}"),
        None => text,
    });
}

/// Every field of an action with its place and its owner's name.
fn fields_mut(spec: &mut ActionSpec) -> Vec<(String, String, &mut Field)> {
    let owner = spec.action.clone();
    let mut out = Vec::new();
    for f in &mut spec.request {
        out.push((format!("request.{}", f.name), owner.clone(), f));
    }
    for f in &mut spec.result {
        out.push((format!("result.{}", f.name), owner.clone(), f));
    }
    for (t, def) in &mut spec.types {
        for f in &mut def.fields {
            out.push((format!("type.{t}.{}", f.name), t.clone(), f));
        }
    }
    out
}

/// A name not in `taken`: `base`, else `base2`, `base3`, ...
fn free(base: &str, taken: &dyn Fn(&str) -> bool) -> String {
    let mut name = base.to_string();
    let mut i = 2;
    while taken(&name) || RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        name = format!("{base}{i}");
        i += 1;
    }
    name
}

/// The signature two value lists share when they would make the same enum.
fn signature(l: &Listed) -> String {
    let values: Vec<String> = l.values.iter().map(|(v, m)| format!("{v}={m}")).collect();
    format!("{}|{}", l.base, values.join("|"))
}

/// Types every field that lists values with an enum (see the module documentation).
pub(crate) fn declare(out: &mut Converted, opts: &ConvertOptions<'_>) -> EnumCounts {
    let mut counts = EnumCounts::default();
    let find = |defs: &BTreeMap<String, TypeDef>, l: &Listed| -> Option<String> {
        let hits: Vec<&String> = defs
            .iter()
            .filter(|(n, d)| matches(d, (**n == l.name).then_some(n.as_str()), l.base, &l.values))
            .map(|(n, _)| n)
            .collect();
        hits.iter()
            .find(|n| **n == &l.name)
            .or(hits.first())
            .map(|n| (*n).clone())
    };
    let local_names: BTreeSet<String> = out
        .actions
        .iter()
        .flat_map(|a| a.spec.types.keys().cloned())
        .collect();

    // The family types' fields: their enums are family types.
    let shared_names: Vec<String> = out.shared.keys().cloned().collect();
    for t in shared_names {
        let Some(mut def) = out.shared.remove(&t) else {
            continue;
        };
        for f in &mut def.fields {
            let place = format!("type.{t}.{}", f.name);
            match listed(f, &t, &place) {
                None => {}
                Some(Err(reason)) => {
                    todo(f, &reason);
                    out.notes
                        .push(format!("{place}: {reason}; left for a person (TODO)"));
                    counts.unread += 1;
                }
                Some(Ok(l)) => {
                    let name = find(opts.existing_shared, &l)
                        .inspect(|_| counts.reused += 1)
                        .or_else(|| find(&out.shared, &l))
                        .unwrap_or_else(|| {
                            let name = free(&l.name, &|n| {
                                opts.existing_shared.contains_key(n)
                                    || out.shared.contains_key(n)
                                    || n == t
                                    || local_names.contains(n)
                            });
                            out.shared.insert(name.clone(), l.def.clone());
                            counts.declared += 1;
                            name
                        });
                    f.ty = retype(&f.ty, &l.scalar, &name);
                }
            }
        }
        out.shared.insert(t, def);
    }

    // The actions' fields: reuse, or collect to declare.
    let mut pending: Vec<(usize, Listed)> = Vec::new();
    let no_local = BTreeMap::new();
    for (i, a) in out.actions.iter_mut().enumerate() {
        let own = opts.existing_local.get(&a.spec.action).unwrap_or(&no_local);
        let mut unmapped = Vec::new();
        for (place, owner, f) in fields_mut(&mut a.spec) {
            match listed(f, &owner, &place) {
                None => {}
                Some(Err(reason)) => {
                    todo(f, &reason);
                    unmapped.push(format!("{place}: {reason}; left for a person (TODO)"));
                    counts.unread += 1;
                }
                Some(Ok(l)) => {
                    let reuse = find(opts.existing_shared, &l)
                        .or_else(|| find(own, &l))
                        .or_else(|| find(&out.shared, &l));
                    match reuse {
                        Some(name) => {
                            f.ty = retype(&f.ty, &l.scalar, &name);
                            counts.reused += 1;
                        }
                        None => pending.push((i, l)),
                    }
                }
            }
        }
        a.unmapped.extend(unmapped);
    }

    // Declared: in the family when two actions list the same, else in the action.
    let mut by_sig: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, l) in &pending {
        by_sig.entry(signature(l)).or_default().insert(*i);
    }
    let mut family_of_sig: BTreeMap<String, String> = BTreeMap::new();
    let mut local_of: BTreeMap<(usize, String), String> = BTreeMap::new();
    for (i, l) in pending {
        let sig = signature(&l);
        let name = if by_sig[&sig].len() > 1 {
            if let Some(n) = family_of_sig.get(&sig) {
                n.clone()
            } else {
                let name = free(&l.name, &|n| {
                    opts.existing_shared.contains_key(n)
                        || out.shared.contains_key(n)
                        || local_names.contains(n)
                });
                out.shared.insert(name.clone(), l.def.clone());
                family_of_sig.insert(sig, name.clone());
                counts.declared += 1;
                name
            }
        } else if let Some(n) = local_of.get(&(i, sig.clone())) {
            n.clone()
        } else {
            let spec = &out.actions[i].spec;
            let own = opts.existing_local.get(&spec.action);
            let name = free(&l.name, &|n| {
                spec.types.contains_key(n)
                    || opts.existing_shared.contains_key(n)
                    || out.shared.contains_key(n)
                    || own.is_some_and(|o| o.contains_key(n))
                    || n == spec.action
            });
            out.actions[i]
                .spec
                .types
                .insert(name.clone(), l.def.clone());
            local_of.insert((i, sig), name.clone());
            counts.declared += 1;
            name
        };
        for (place, _, f) in fields_mut(&mut out.actions[i].spec) {
            if place == l.place {
                f.ty = retype(&f.ty, &l.scalar, &name);
            }
        }
    }
    counts
}
