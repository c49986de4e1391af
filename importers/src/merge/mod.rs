//! Update mode: merging a freshly imported action into the file a person has worked on.
//!
//! Kept from the file: everything a person writes (English text, examples, constraints, `rust_name`,
//! limits, group, paging, `replay_safe`, `read_only`, deviations, `source`, `doc_url`,
//! `idempotency_key`, `accepts_only`, field `source` notes, the names of its types, enum types a person
//! made of integer or string fields). Taken from the model: the method, the placement, the result's
//! shape, the fields (added, removed), their type (with `doc_type` when the type changes) and required
//! flag, and the Chinese text
//! where the model has one that differs (compared with runs of white space made one space). A path
//! recorded in `deviations` (and everything below it) is left as the file has it. Every change is
//! reported.

use std::collections::{BTreeMap, BTreeSet};

mod expr;
mod types_file;

pub(crate) use expr::{is_builtin, names, same_shape, Expr};
pub use types_file::merge_types;

use crate::convert::same_fields;
use crate::TODO_EN;
use codegen::spec::{ActionSpec, Deviation, Field, Text, TypeDef, TypeKind};

/// Whether `path` is recorded in `deviations` (itself, or a path it lies below; `action` covers all).
pub fn documented<'a>(deviations: &'a [Deviation], path: &str) -> Option<&'a Deviation> {
    deviations.iter().find(|d| {
        d.path == "action"
            || d.path == path
            || path
                .strip_prefix(d.path.as_str())
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

/// Text compared with white space runs made one space.
fn same_text(a: &str, b: &str) -> bool {
    let n = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    n(a) == n(b)
}

struct Ctx<'a> {
    old: &'a ActionSpec,
    new: &'a ActionSpec,
    shared: &'a BTreeMap<String, TypeDef>,
    /// New type name → the name in the merged file.
    mapping: BTreeMap<String, String>,
    changes: Vec<String>,
    notes: Vec<String>,
}

impl Ctx<'_> {
    fn covered(&self, path: &str) -> bool {
        documented(&self.old.deviations, path).is_some()
    }

    fn old_type(&self, name: &str) -> Option<&TypeDef> {
        self.old.types.get(name).or_else(|| self.shared.get(name))
    }

    /// Links the new types to the old ones reached through the same fields.
    fn link_fields(&mut self, old: &[Field], new: &[Field]) {
        for nf in new {
            if let Some(of) = old.iter().find(|f| f.name == nf.name) {
                self.link_ty(&Expr::parse(&of.ty), &Expr::parse(&nf.ty));
            }
        }
    }

    fn link_ty(&mut self, old: &Expr, new: &Expr) {
        match (old, new) {
            (Expr::List(a), Expr::List(b)) | (Expr::Map(a), Expr::Map(b)) => self.link_ty(a, b),
            (Expr::Name(o), Expr::Name(n)) if !is_builtin(n) && !self.mapping.contains_key(n) => {
                let Some(odef) = self.old_type(o).cloned() else {
                    return;
                };
                if odef.kind != TypeKind::Object {
                    return;
                }
                // Two model structs may stand for one type of the file (a person merged
                // same-shaped types): only when their fields are the same.
                let taken_by = self
                    .mapping
                    .iter()
                    .find(|(_, v)| *v == o)
                    .map(|(k, _)| k.clone());
                if let Some(other) = taken_by {
                    let same = match (self.new.types.get(&other), self.new.types.get(n)) {
                        (Some(a), Some(b)) => same_shape(a, b),
                        _ => false,
                    };
                    if !same {
                        return;
                    }
                }
                self.mapping.insert(n.clone(), o.clone());
                if let Some(ndef) = self.new.types.get(n) {
                    let nfields = ndef.fields.clone();
                    self.link_fields(&odef.fields, &nfields);
                }
            }
            _ => {}
        }
    }

    fn tr(&self, ty: &str) -> String {
        Expr::parse(ty).rename(&|n| {
            self.mapping
                .get(n)
                .cloned()
                .unwrap_or_else(|| n.to_string())
        })
    }

    /// A type of the new action (or a family type) by its name in the merged file.
    fn new_type(&self, name: &str) -> Option<&TypeDef> {
        let original = self
            .mapping
            .iter()
            .find(|(_, v)| v.as_str() == name)
            .map_or(name, |(k, _)| k.as_str());
        self.new
            .types
            .get(original)
            .or_else(|| self.shared.get(name))
    }

    /// The old type is the new one or stands for it: an enum a person made of the same base, a
    /// person's enum where the model's text now gives one of the same base, or (`not_enum`) the
    /// base where a person said the values are no enum.
    fn equivalent(&self, old: &str, new_translated: &str, not_enum: bool) -> bool {
        fn eq(ctx: &Ctx<'_>, a: &Expr, b: &Expr, not_enum: bool) -> bool {
            let base = |d: Option<&TypeDef>| {
                d.filter(|d| d.kind == TypeKind::Enum)
                    .and_then(|d| d.base.clone())
            };
            match (a, b) {
                (Expr::List(x), Expr::List(y)) | (Expr::Map(x), Expr::Map(y)) => {
                    eq(ctx, x, y, not_enum)
                }
                (Expr::Name(o), Expr::Name(n)) => {
                    let (ob, nb) = (base(ctx.old_type(o)), base(ctx.new_type(n)));
                    // A union a person made of the model's flat struct (a discriminator
                    // beside optional sub-objects) stands for it.
                    let union_for_object =
                        ctx.old_type(o).is_some_and(|d| d.kind == TypeKind::Union)
                            && ctx.new_type(n).is_some_and(|d| d.kind == TypeKind::Object);
                    o == n
                        || union_for_object
                        || ob.as_deref() == Some(n.as_str())
                        || (ob.is_some() && ob == nb)
                        || (not_enum && nb.as_deref() == Some(o.as_str()))
                }
                _ => false,
            }
        }
        eq(
            self,
            &Expr::parse(old),
            &Expr::parse(new_translated),
            not_enum,
        )
    }

    fn merge_text(&mut self, old: &Text, new: &Text, path: &str) -> Text {
        let mut out = old.clone();
        if !new.zh.is_empty() && !same_text(&old.zh, &new.zh) {
            self.changes.push(format!(
                "{path}: zh updated from the model ({:?} → {:?})",
                clip(&old.zh),
                clip(&new.zh)
            ));
            out.zh = new.zh.clone();
        }
        out
    }

    fn merge_fields(&mut self, old: &[Field], new: &[Field], path: &str) -> Vec<Field> {
        let mut out = Vec::new();
        for of in old {
            let p = format!("{path}.{}", of.name);
            match new.iter().find(|f| f.name == of.name) {
                Some(nf) => out.push(self.merge_field(of, nf, &p)),
                None if self.covered(&p) => out.push(of.clone()),
                None => self
                    .changes
                    .push(format!("{p}: removed (no longer in the model)")),
            }
        }
        for nf in new {
            if old.iter().any(|f| f.name == nf.name) {
                continue;
            }
            let p = format!("{path}.{}", nf.name);
            if self.covered(&p) {
                continue;
            }
            let mut f = nf.clone();
            f.ty = self.tr(&nf.ty);
            self.changes
                .push(format!("{p}: added ({}, {})", f.ty, req(f.required)));
            out.push(f);
        }
        out
    }

    fn merge_field(&mut self, of: &Field, nf: &Field, p: &str) -> Field {
        let mut f = of.clone();
        if self.covered(p) {
            return f;
        }
        // `doc_type` may be a person's (the doc page's word): it follows the model only when the
        // type changes.
        let new_ty = self.tr(&nf.ty);
        if !self.equivalent(&of.ty, &new_ty, of.not_enum.is_some()) {
            self.changes.push(format!(
                "{p}: type {} → {new_ty}, doc_type {} → {} (check its example and constraints)",
                of.ty, of.doc_type, nf.doc_type
            ));
            f.ty = new_ty;
            f.doc_type = nf.doc_type.clone();
        }
        if of.required != nf.required {
            self.changes
                .push(format!("{p}: {} → {}", req(of.required), req(nf.required)));
            f.required = nf.required;
        }
        f.description = self.merge_text(&of.description, &nf.description, p);
        f
    }
}

fn req(r: bool) -> &'static str {
    if r {
        "required"
    } else {
        "optional"
    }
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Whether any English text of the action is the importer's marker.
pub fn has_todo(spec: &ActionSpec) -> bool {
    let fields = |fs: &[Field]| fs.iter().any(|f| f.description.en == TODO_EN);
    spec.description.en == TODO_EN
        || fields(&spec.request)
        || fields(&spec.result)
        || spec
            .types
            .values()
            .any(|t| t.description.en == TODO_EN || fields(&t.fields))
}

/// What a merge did.
#[derive(Debug, Clone, Default)]
pub struct Merged {
    /// The merged action.
    pub spec: Option<ActionSpec>,
    /// Each change made to the file, naming its path.
    pub changes: Vec<String>,
    /// Differences the merge did not apply (family types live in another file).
    pub notes: Vec<String>,
}

/// Merges `new` (from the model) into `old` (the file). `shared` are the family's types.
pub fn merge(old: &ActionSpec, new: &ActionSpec, shared: &BTreeMap<String, TypeDef>) -> Merged {
    let mut ctx = Ctx {
        old,
        new,
        shared,
        mapping: BTreeMap::new(),
        changes: Vec::new(),
        notes: Vec::new(),
    };
    let mut out = old.clone();
    if old.method != new.method && !ctx.covered("method") {
        ctx.changes
            .push(format!("method: {:?} → {:?}", old.method, new.method));
        out.method = new.method;
    }
    if old.params_in != new.params_in && !ctx.covered("params_in") {
        ctx.changes.push(format!(
            "params_in: {:?} → {:?}",
            old.params_in, new.params_in
        ));
        out.params_in = new.params_in;
    }
    ctx.link_fields(&old.request, &new.request);
    ctx.link_fields(&old.result, &new.result);
    if let (Some(o), Some(n)) = (&old.result_type, &new.result_type) {
        ctx.link_ty(&Expr::parse(o), &Expr::parse(n));
    }
    // New types not linked to an old one keep their name unless the file uses it for another.
    let new_names: Vec<String> = new.types.keys().cloned().collect();
    for n in new_names {
        if ctx.mapping.contains_key(&n) {
            continue;
        }
        let mut name = n.clone();
        let mut i = 2;
        while old.types.contains_key(&name) || ctx.mapping.values().any(|v| *v == name) {
            name = format!("{n}{i}");
            i += 1;
        }
        ctx.mapping.insert(n, name);
    }
    // `ack`: a person's reading of a Result that only acknowledges (a string, `{}`, null or
    // absent), which the model types as a string or leaves out: kept.
    let ack = old.result_type.as_deref() == Some("ack")
        && new.result.is_empty()
        && matches!(
            new.result_type.as_deref(),
            None | Some("string") | Some("json")
        );
    if !ctx.covered("result") && !ack {
        let new_rt = new.result_type.as_ref().map(|t| ctx.tr(t));
        let same_rt = match (&old.result_type, &new_rt) {
            (Some(o), Some(n)) => ctx.equivalent(o, n, false),
            (None, None) => true,
            _ => false,
        };
        if !same_rt {
            ctx.changes.push(format!(
                "result_type: {} → {}",
                old.result_type.as_deref().unwrap_or("(fields)"),
                new_rt.as_deref().unwrap_or("(fields)")
            ));
            out.result_type = new_rt;
        }
        if old.result_optional != new.result_optional {
            ctx.changes.push(format!(
                "result_optional: {} → {}",
                old.result_optional, new.result_optional
            ));
            out.result_optional = new.result_optional;
        }
    }
    if !new.description.zh.is_empty() {
        out.description = ctx.merge_text(&old.description, &new.description, "description");
    }
    out.request = ctx.merge_fields(&old.request, &new.request, "request");
    out.result = ctx.merge_fields(&old.result, &new.result, "result");

    // Types: the old ones linked to new ones are merged, new ones added, the rest kept for now.
    let mut types: BTreeMap<String, TypeDef> = BTreeMap::new();
    let mapping = ctx.mapping.clone();
    let mut added: Vec<String> = Vec::new();
    for (n, ndef) in &new.types {
        let target = &mapping[n];
        let path = format!("type.{target}");
        if let Some(odef) = old.types.get(target) {
            if ctx.covered(&path) || odef.kind != TypeKind::Object {
                types.insert(target.clone(), odef.clone());
                continue;
            }
            let mut def = odef.clone();
            def.description = ctx.merge_text(&odef.description, &ndef.description, &path);
            def.fields = ctx.merge_fields(&odef.fields, &ndef.fields, &path);
            types.insert(target.clone(), def);
        } else if let Some(sdef) = shared.get(target) {
            let mut translated = ndef.clone();
            for f in &mut translated.fields {
                f.ty = ctx.tr(&f.ty);
            }
            if !same_fields(sdef, &translated) {
                ctx.notes.push(format!(
                    "{path}: a family type (types file) whose fields differ from the model; not updated here"
                ));
            }
        } else {
            let mut def = ndef.clone();
            for f in &mut def.fields {
                f.ty = ctx.tr(&f.ty);
            }
            types.insert(target.clone(), def);
            added.push(target.clone());
        }
    }
    for (o, odef) in &old.types {
        types.entry(o.clone()).or_insert_with(|| odef.clone());
    }
    // Drop the old types no field reaches any more (unless a deviation keeps them).
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = Vec::new();
    let roots = out
        .request
        .iter()
        .chain(&out.result)
        .map(|f| f.ty.clone())
        .chain(out.result_type.clone());
    for t in roots {
        stack.extend(names(&t));
    }
    while let Some(n) = stack.pop() {
        if !reached.insert(n.clone()) {
            continue;
        }
        if let Some(def) = types.get(&n) {
            for f in &def.fields {
                stack.extend(names(&f.ty));
            }
            for v in &def.variants {
                stack.extend(names(&v.ty));
            }
        }
    }
    let all: Vec<String> = types.keys().cloned().collect();
    for n in all {
        if !reached.contains(&n) && !ctx.covered(&format!("type.{n}")) {
            types.remove(&n);
            // A type the model brought that nothing uses in the merged file was never in it.
            if old.types.contains_key(&n) {
                ctx.changes
                    .push(format!("type.{n}: removed (no field uses it any more)"));
            }
        }
    }
    for n in added {
        if types.contains_key(&n) {
            ctx.changes.push(format!("type.{n}: added"));
        }
    }
    out.types = types;
    out.draft = old.draft || has_todo(&out);
    if out.draft && !old.draft {
        ctx.changes
            .push("draft: true (new text to translate)".to_string());
    }
    Merged {
        spec: Some(out),
        changes: ctx.changes,
        notes: ctx.notes,
    }
}
