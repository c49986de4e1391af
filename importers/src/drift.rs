//! `cargo xtask spec-drift`: differences between a Go model's version of a family and the spec.
//!
//! The model is converted as the importer converts it; each of its actions is matched with the spec
//! file of the same action and version. Compared: the method, the placement, the result's shape
//! (`result_type`, `result_optional`, fields or not), the request and result fields (missing, extra,
//! type after mapping, required flag), following named object types into their fields. An enum type
//! of the spec matches the model's scalar of its base, and the other way round; type names are not compared (the spec names
//! types its own way). A difference whose path is recorded in the file's `deviations` (or lies below
//! a recorded path; `action` covers the whole file) is "documented" and not counted. Paths:
//! `action`, `method`, `params_in`, `result`, `request.<Field>[.<Field>...]`,
//! `result.<Field>[...]`; a nested field is also matched as `type.<SpecType>.<Field>`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::convert::norm_ty;
use crate::merge::{documented, is_builtin, Expr};
use codegen::spec::{ActionSpec, Deviation, Field, TypeDef, TypeKind};

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// Where (`request.Foo`, `result.Bar.Baz`, `method`, ...).
    pub path: String,
    /// The same place as `type.<SpecType>.<Field>`, for a field of a named type.
    pub type_path: Option<String>,
    /// What differs.
    pub message: String,
    /// The reason recorded in `deviations`, when documented.
    pub documented: Option<String>,
}

/// The differences of one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionDrift {
    /// The action.
    pub action: String,
    /// The spec file.
    pub file: String,
    /// Its differences, in the order found.
    pub differences: Vec<Difference>,
}

/// The whole report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DriftReport {
    /// The family.
    pub family: String,
    /// The model's versions (usually one).
    pub versions: BTreeSet<String>,
    /// How many actions the model has.
    pub model_actions: usize,
    /// Actions of the model with no spec file of that version (with the versions the spec has).
    pub missing: Vec<(String, Vec<String>)>,
    /// Versions of the model the spec leaves out on purpose (action, version, where and why):
    /// documented, not counted.
    pub superseded: Vec<(String, String, String)>,
    /// Spec files of the model's version whose action the model does not have: (action, file,
    /// documented reason).
    pub extra: Vec<(String, String, Option<String>)>,
    /// The actions present in both, with their differences.
    pub actions: Vec<ActionDrift>,
    /// Spec files that could not be read.
    pub errors: Vec<String>,
    /// Informative notes (not counted): keys ignored while reading, the service's regions.
    pub notes: Vec<String>,
}

impl DriftReport {
    /// Differences not recorded in `deviations` (missing and extra actions count, unreadable files too).
    pub fn undocumented(&self) -> usize {
        self.missing.len()
            + self.extra.iter().filter(|e| e.2.is_none()).count()
            + self.errors.len()
            + self
                .actions
                .iter()
                .flat_map(|a| &a.differences)
                .filter(|d| d.documented.is_none())
                .count()
    }

    /// Differences recorded in `deviations`.
    pub fn documented(&self) -> usize {
        self.superseded.len()
            + self.extra.iter().filter(|e| e.2.is_some()).count()
            + self
                .actions
                .iter()
                .flat_map(|a| &a.differences)
                .filter(|d| d.documented.is_some())
                .count()
    }
}

impl fmt::Display for DriftReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let versions: Vec<&str> = self.versions.iter().map(String::as_str).collect();
        writeln!(
            f,
            "spec-drift: {} {} ({} actions in the model)",
            self.family,
            versions.join(", "),
            self.model_actions
        )?;
        for e in &self.errors {
            writeln!(f, "  error: {e}")?;
        }
        if !self.superseded.is_empty() {
            writeln!(
                f,
                "left out on purpose ({}, documented):",
                self.superseded.len()
            )?;
            for (a, v, why) in &self.superseded {
                writeln!(f, "  {a} {v}: {why}")?;
            }
        }
        if !self.missing.is_empty() {
            writeln!(f, "missing from the spec ({}):", self.missing.len())?;
            for (a, others) in &self.missing {
                if others.is_empty() {
                    writeln!(f, "  {a}")?;
                } else {
                    writeln!(f, "  {a} (the spec has version {})", others.join(", "))?;
                }
            }
        }
        for (a, file, doc) in &self.extra {
            match doc {
                Some(r) => writeln!(f, "{a} ({file}): not in the model [documented: {r}]")?,
                None => writeln!(f, "{a} ({file}): not in the model")?,
            }
        }
        for a in &self.actions {
            if a.differences.is_empty() {
                writeln!(f, "{} ({}): no drift", a.action, a.file)?;
                continue;
            }
            writeln!(f, "{} ({}):", a.action, a.file)?;
            for d in &a.differences {
                match &d.documented {
                    Some(r) => writeln!(f, "  {}: {} [documented: {r}]", d.path, d.message)?,
                    None => writeln!(f, "  {}: {}", d.path, d.message)?,
                }
            }
        }
        for n in &self.notes {
            writeln!(f, "note: {n}")?;
        }
        write!(
            f,
            "{} undocumented difference(s), {} documented",
            self.undocumented(),
            self.documented()
        )
    }
}

struct Side<'a> {
    local: &'a BTreeMap<String, TypeDef>,
    shared: &'a BTreeMap<String, TypeDef>,
}

impl Side<'_> {
    fn get(&self, n: &str) -> Option<&TypeDef> {
        self.local.get(n).or_else(|| self.shared.get(n))
    }
}

struct Cmp<'a> {
    model: Side<'a>,
    spec: Side<'a>,
    deviations: &'a [Deviation],
    out: Vec<Difference>,
    seen: BTreeSet<(String, String)>,
}

impl Cmp<'_> {
    fn diff(&mut self, path: &str, type_path: Option<String>, message: String) {
        let doc = documented(self.deviations, path)
            .or_else(|| {
                type_path
                    .as_deref()
                    .and_then(|t| documented(self.deviations, t))
            })
            .map(|d| d.reason.clone());
        self.out.push(Difference {
            path: path.to_string(),
            type_path,
            message,
            documented: doc,
        });
    }

    /// `type_prefix`: `type.<SpecType>` when these are the fields of a named spec type.
    fn fields(&mut self, model: &[Field], spec: &[Field], path: &str, type_prefix: Option<&str>) {
        let tp = |name: &str| type_prefix.map(|t| format!("{t}.{name}"));
        for m in model {
            let p = format!("{path}.{}", m.name);
            match spec.iter().find(|s| s.name == m.name) {
                None => self.diff(
                    &p,
                    tp(&m.name),
                    format!(
                        "in the model, not in the spec ({}, {})",
                        m.ty,
                        if m.required { "required" } else { "optional" }
                    ),
                ),
                Some(s) => {
                    if m.required != s.required {
                        self.diff(
                            &p,
                            tp(&m.name),
                            format!(
                                "required: {} in the model, {} in the spec",
                                m.required, s.required
                            ),
                        );
                    }
                    self.ty(&m.ty, &s.ty, &m.doc_type, &p, tp(&m.name));
                }
            }
        }
        for s in spec {
            if !model.iter().any(|m| m.name == s.name) {
                let p = format!("{path}.{}", s.name);
                self.diff(&p, tp(&s.name), "in the spec, not in the model".into());
            }
        }
    }

    fn ty(
        &mut self,
        model: &str,
        spec: &str,
        doc_type: &str,
        path: &str,
        type_path: Option<String>,
    ) {
        if !self.ty_expr(&Expr::parse(model), &Expr::parse(spec), path) {
            self.diff(
                path,
                type_path,
                format!(
                    "type: {} in the model ({doc_type}), {} in the spec",
                    norm_ty(model),
                    norm_ty(spec)
                ),
            );
        }
    }

    /// Whether the types match; follows object types into their fields (reporting below `path`).
    fn ty_expr(&mut self, m: &Expr, s: &Expr, path: &str) -> bool {
        match (m, s) {
            (Expr::List(a), Expr::List(b)) | (Expr::Map(a), Expr::Map(b)) => {
                self.ty_expr(a, b, path)
            }
            (Expr::Name(a), Expr::Name(b)) => match (is_builtin(a), is_builtin(b)) {
                (true, true) => a == b,
                (true, false) => self.spec.get(b).is_some_and(|d| {
                    d.kind == TypeKind::Enum && d.base.as_deref() == Some(a.as_str())
                }),
                // An enum the importer made of a value list matches the spec's scalar of its
                // base (the spec says why not with `not_enum`; the wire is the same).
                (false, true) => self.model.get(a).is_some_and(|d| {
                    d.kind == TypeKind::Enum && d.base.as_deref() == Some(b.as_str())
                }),
                (false, false) => {
                    let (Some(md), Some(sd)) = (self.model.get(a), self.spec.get(b)) else {
                        return false;
                    };
                    if md.kind != TypeKind::Object || sd.kind != TypeKind::Object {
                        return md.kind == sd.kind;
                    }
                    if self.seen.insert((a.clone(), b.clone())) {
                        let (mf, sf) = (md.fields.clone(), sd.fields.clone());
                        let prefix = format!("type.{b}");
                        self.fields(&mf, &sf, path, Some(&prefix));
                    }
                    true
                }
            },
            _ => false,
        }
    }
}

/// Compares one action of the model (`model`, with the model's family types `model_shared`) with
/// its spec file (`spec`, with the spec's family types `spec_shared`).
pub fn compare(
    model: &ActionSpec,
    model_shared: &BTreeMap<String, TypeDef>,
    spec: &ActionSpec,
    spec_shared: &BTreeMap<String, TypeDef>,
) -> Vec<Difference> {
    let mut c = Cmp {
        model: Side {
            local: &model.types,
            shared: model_shared,
        },
        spec: Side {
            local: &spec.types,
            shared: spec_shared,
        },
        deviations: &spec.deviations,
        out: Vec::new(),
        seen: BTreeSet::new(),
    };
    if model.method != spec.method {
        c.diff(
            "method",
            None,
            format!(
                "{:?} in the model, {:?} in the spec",
                model.method, spec.method
            ),
        );
    }
    if model.params_in != spec.params_in {
        c.diff(
            "params_in",
            None,
            format!(
                "{:?} in the model, {:?} in the spec",
                model.params_in, spec.params_in
            ),
        );
    }
    let shape = |a: &ActionSpec| match &a.result_type {
        Some(t) => norm_ty(t),
        None => "fields".to_string(),
    };
    // `ack` reads any acknowledgement, what a model's (optional) string `Result` carries.
    let ack = spec.result_type.as_deref() == Some("ack")
        && matches!(model.result_type.as_deref(), Some("string") | None)
        && model.result.is_empty();
    match (&model.result_type, &spec.result_type) {
        _ if ack => {}
        (Some(m), Some(s)) => c.ty(m, s, m, "result", None),
        (None, None) => {}
        _ => c.diff(
            "result",
            None,
            format!(
                "result: {} in the model, {} in the spec",
                shape(model),
                shape(spec)
            ),
        ),
    }
    if model.result_optional != spec.result_optional && !ack {
        c.diff(
            "result",
            None,
            format!(
                "result_optional: {} in the model, {} in the spec",
                model.result_optional, spec.result_optional
            ),
        );
    }
    c.fields(&model.request, &spec.request, "request", None);
    if model.result_type.is_none() && spec.result_type.is_none() {
        c.fields(&model.result, &spec.result, "result", None);
    }
    c.out
}

/// Whether a deviation documents the whole action (`action`).
pub fn action_documented(spec: &ActionSpec) -> Option<String> {
    spec.deviations
        .iter()
        .find(|d| d.path == "action")
        .map(|d| d.reason.clone())
}
