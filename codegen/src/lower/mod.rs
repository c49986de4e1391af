//! Lowering a checked spec into the [`crate::ir`] model: types resolved, names chosen, docs
//! rendered, serde directions found.

use std::collections::{BTreeMap, HashMap};

use heck::{ToShoutySnakeCase, ToSnakeCase};

mod docs;
mod events;
mod facts;
mod service;

use crate::ir::*;
use crate::model::{Action, FamilyModel, Spec};
use crate::spec::{Field, TypeDef, TypeKind};
use crate::ty::Ty;

/// A field's conditions, with its sibling's Rust name.
fn conditions(f: &Field, siblings: &[Field]) -> Vec<crate::ir::FieldCondition> {
    f.conditions()
        .filter_map(|(kind, c)| {
            let sibling = siblings.iter().find(|s| s.name == c.field)?;
            Some(crate::ir::FieldCondition {
                kind,
                sibling: rust_field_name(sibling),
                values: c.values.iter().map(|v| v.to_string()).collect(),
                message: format!("{} {}", kind.label(), c.phrase()),
            })
        })
        .collect()
}

/// Lowers a checked spec.
pub fn lower(spec: &Spec) -> Result<Api, String> {
    let pages = spec.service.doc_pages.as_ref().map(|p| p.url.as_str());
    crate::doc::with_pages(pages, || lower_spec(spec))
}

fn lower_spec(spec: &Spec) -> Result<Api, String> {
    let families = spec
        .families
        .iter()
        .map(lower_family)
        .collect::<Result<_, _>>()?;
    Ok(Api {
        service: service::service(spec),
        families,
        callbacks: spec.callbacks.iter().map(events::family).collect(),
        provenance: service::provenance(spec),
    })
}

/// Where names resolve while lowering: the family's shared types and, in an action, its own.
struct Scope<'a> {
    family: &'a FamilyModel,
    local: Option<&'a BTreeMap<String, TypeDef>>,
}

impl<'a> Scope<'a> {
    fn lookup(&self, name: &str) -> Option<(&'a TypeDef, bool)> {
        if let Some(d) = self.local.and_then(|l| l.get(name)) {
            return Some((d, false));
        }
        self.family
            .types
            .iter()
            .find(|t| t.name == name)
            .map(|t| (&t.def, self.local.is_some()))
    }

    fn parse(&self, ty: &str, at: &str) -> Result<Ty, String> {
        Ty::parse(ty).map_err(|e| format!("{at}: {e}"))
    }

    fn resolve(&self, ty: &Ty, at: &str, depth: usize) -> Result<RustTy, String> {
        if let Some(t) = scalar(ty) {
            return Ok(t);
        }
        Ok(match ty {
            Ty::List(t) => RustTy::List(Box::new(self.resolve(t, at, depth)?)),
            Ty::Map(t) => RustTy::Map(Box::new(self.resolve(t, at, depth)?)),
            Ty::Named(n) => {
                let (def, shared) = self
                    .lookup(n)
                    .ok_or_else(|| format!("{at}: unknown type `{n}`"))?;
                let kind = match def.kind {
                    TypeKind::Object => NamedKind::Object {
                        eq: self.object_eq(def, at, depth)?,
                    },
                    TypeKind::Union => NamedKind::Union,
                    TypeKind::Enum => NamedKind::Enum {
                        base: enum_base(def, at)?,
                        open: def.open,
                    },
                };
                RustTy::Named(NamedTy {
                    name: n.clone(),
                    shared,
                    kind,
                })
            }
            // Scalars are answered above.
            _ => RustTy::Json,
        })
    }

    /// Whether every field of an object is `Eq` (recursion through lists and maps ends at a depth
    /// where the answer is "no", which only costs a derive).
    fn object_eq(&self, def: &TypeDef, at: &str, depth: usize) -> Result<bool, String> {
        if depth > 16 {
            return Ok(false);
        }
        for f in &def.fields {
            let t = self.parse(&f.ty, at)?;
            if !self.resolve(&t, at, depth + 1)?.is_eq() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn field(
        &self,
        f: &Field,
        siblings: &[Field],
        at: &str,
        request_of: Option<(&str, &str)>,
    ) -> Result<FieldItem, String> {
        let at = format!("{at}.{}", f.name);
        let parsed = self.parse(&f.ty, &at)?;
        let ty = self.resolve(&parsed, &at, 0)?;
        let accepts_only = match (&f.accepts_only, request_of) {
            (Some(only), Some(_)) => {
                let (def, _) = match &ty {
                    RustTy::Named(n) => self.lookup(&n.name),
                    _ => None,
                }
                .ok_or_else(|| format!("{at}: `accepts_only` on a field that is not an object"))?;
                let rejected = def
                    .fields
                    .iter()
                    .filter(|i| !only.contains(&i.name) && !i.required)
                    .map(|i| (rust_field_name(i), i.name.clone()))
                    .collect();
                Some(AcceptsOnly {
                    accepted: only.clone(),
                    rejected,
                })
            }
            _ => None,
        };
        Ok(FieldItem {
            wire: f.name.clone(),
            rust: rust_field_name(f),
            doc: docs::field_doc(f, &parsed),
            ty,
            spec_ty: f.ty.clone(),
            required: f.required,
            constraints: f.constraints.clone(),
            accepts_only,
            sensitive: f.sensitive,
            sensitive_keys: f.sensitive_keys.clone(),
            description: facts::trimmed(&f.description),
            example: f
                .example
                .as_ref()
                .map(|e| e.to_string())
                .unwrap_or_default(),
            constraints_text: {
                let mut parts = vec![docs::constraints_text(&f.constraints)];
                parts.extend(docs::condition_phrases(f));
                parts.retain(|p| !p.is_empty());
                parts.join("; ")
            },
            conditions: conditions(f, siblings),
        })
    }

    fn fields(&self, fields: &[Field], at: &str) -> Result<Vec<FieldItem>, String> {
        fields
            .iter()
            .map(|f| self.field(f, fields, at, None))
            .collect()
    }

    fn type_item(
        &self,
        name: &str,
        def: &TypeDef,
        directions: Directions,
        at: &str,
    ) -> Result<TypeItem, String> {
        let at = format!("{at}.{name}");
        let mut doc = docs::text(&def.description);
        let body = match def.kind {
            TypeKind::Object => TypeBody::Object(self.fields(&def.fields, &at)?),
            TypeKind::Enum => {
                doc.push_str(if def.open {
                    "\n\nAn open set: the constants are the documented values; any other value is accepted too."
                } else {
                    "\n\nA closed set in requests (other values are rejected before sending); in responses, an unknown value still decodes."
                });
                TypeBody::Enum(EnumBody {
                    base: enum_base(def, &at)?,
                    values: def
                        .values
                        .iter()
                        .map(|v| EnumValueItem {
                            constant: v.name.to_shouty_snake_case(),
                            name: v.name.clone(),
                            value: v.value.clone(),
                            doc: docs::labelled(
                                &crate::doc::code(&v.value.to_string()),
                                &v.description,
                            ),
                        })
                        .collect(),
                })
            }
            TypeKind::Union => {
                let disc = def
                    .discriminator
                    .clone()
                    .ok_or_else(|| format!("{at}: a union without a discriminator"))?;
                let keyed = def.variants.iter().any(|v| v.field.is_some());
                let default = def
                    .discriminator_default
                    .as_ref()
                    .map(|d| {
                        format!(
                            " An absent {} means {}.",
                            crate::doc::code(&disc),
                            crate::doc::code(d)
                        )
                    })
                    .unwrap_or_default();
                doc.push_str(&if keyed {
                    format!(
                        "\n\nA union selected by the field {}: each variant holds the object sent beside it under its own \
                         field, so that a value and an object of another variant cannot be paired; any other value of {} \
                         (or a value without its object) decodes as `Other`, kept as JSON.{default}",
                        crate::doc::code(&disc),
                        crate::doc::code(&disc)
                    )
                } else {
                    format!(
                        "\n\nA union selected by the field {}: each variant holds the other fields of its object; \
                         any other value of {} decodes as `Other`, kept as JSON.{default}",
                        crate::doc::code(&disc),
                        crate::doc::code(&disc)
                    )
                });
                let variants = def
                    .variants
                    .iter()
                    .map(|v| {
                        let ty = self.resolve(&self.parse(&v.ty, &at)?, &at, 0)?;
                        let label = format!(
                            "{} = {}",
                            crate::doc::code(&disc),
                            crate::doc::code(&v.value)
                        );
                        Ok(VariantItem {
                            name: crate::model::variant_name(v),
                            value: v.value.clone(),
                            ty,
                            field: v.field.clone(),
                            doc: docs::labelled(&label, &v.description),
                        })
                    })
                    .collect::<Result<_, String>>()?;
                TypeBody::Union(UnionBody {
                    discriminator: disc,
                    base: match def.base.as_deref() {
                        Some("i32") => EnumBase::I32,
                        Some("i64") => EnumBase::I64,
                        _ => EnumBase::String,
                    },
                    default: def.discriminator_default.clone(),
                    variants,
                })
            }
        };
        Ok(TypeItem {
            name: name.to_string(),
            doc,
            directions,
            body,
        })
    }
}

/// The Rust type of a scalar type expression (`None`: a list, a map or a named type).
fn scalar(ty: &Ty) -> Option<RustTy> {
    Some(match ty {
        Ty::I32 => RustTy::I32,
        Ty::I64 => RustTy::I64,
        Ty::U32 => RustTy::U32,
        Ty::F32 => RustTy::F32,
        Ty::F64 => RustTy::F64,
        Ty::Bool => RustTy::Bool,
        Ty::String => RustTy::String,
        Ty::Json => RustTy::Json,
        Ty::List(_) | Ty::Map(_) | Ty::Named(_) => return None,
    })
}

fn enum_base(def: &TypeDef, at: &str) -> Result<EnumBase, String> {
    match def.base.as_deref() {
        Some("i32") => Ok(EnumBase::I32),
        Some("i64") => Ok(EnumBase::I64),
        Some("string") => Ok(EnumBase::String),
        other => Err(format!(
            "{at}: enum base {other:?} is not i32, i64 or string"
        )),
    }
}

/// A field's Rust name: its `rust_name`, or its wire name in snake_case.
pub fn rust_field_name(f: &Field) -> String {
    f.rust_name
        .clone()
        .unwrap_or_else(|| f.name.to_snake_case())
}

fn lower_family(fam: &FamilyModel) -> Result<Family, String> {
    let scope = Scope {
        family: fam,
        local: None,
    };
    // The family's shared types: every action of the family reaches them through its own types.
    let mut directions: HashMap<String, Directions> = HashMap::new();
    for a in &fam.actions {
        let found = reached(fam, a);
        for (name, d) in found {
            if !a.spec.types.contains_key(&name) {
                let e = directions.entry(name).or_default();
                e.ser |= d.ser;
                e.de |= d.de;
            }
        }
    }
    let at = format!("{} types", fam.name);
    let types = fam
        .types
        .iter()
        .map(|t| {
            let d = directions.get(&t.name).copied().unwrap_or(Directions::BOTH);
            scope.type_item(&t.name, &t.def, d, &at)
        })
        .collect::<Result<_, _>>()?;
    let actions = fam
        .actions
        .iter()
        .map(|a| lower_action(fam, a))
        .collect::<Result<_, _>>()?;
    Ok(Family {
        name: fam.name.clone(),
        doc: docs::text(&fam.description),
        type_files: fam.type_files.clone(),
        types,
        actions,
        grouped: fam.grouped,
    })
}

/// Which way each named type an action's request and result reach travels.
fn reached(fam: &FamilyModel, a: &Action) -> HashMap<String, Directions> {
    let scope = Scope {
        family: fam,
        local: Some(&a.spec.types),
    };
    let mut out = HashMap::new();
    let mark_fields = |fields: &[Field], dir: Directions, out: &mut HashMap<String, Directions>| {
        for f in fields {
            if let Ok(t) = Ty::parse(&f.ty) {
                mark(&scope, &t, dir, out);
            }
        }
    };
    mark_fields(&a.spec.request, Directions::REQUEST, &mut out);
    mark_fields(&a.spec.result, Directions::RESULT, &mut out);
    if let Some(Ok(t)) = a.spec.result_type.as_deref().map(Ty::parse) {
        mark(&scope, &t, Directions::RESULT, &mut out);
    }
    out
}

fn mark(scope: &Scope<'_>, ty: &Ty, dir: Directions, out: &mut HashMap<String, Directions>) {
    match ty {
        Ty::List(t) | Ty::Map(t) => mark(scope, t, dir, out),
        Ty::Named(n) => {
            let e = out.entry(n.clone()).or_default();
            let before = *e;
            e.ser |= dir.ser;
            e.de |= dir.de;
            if before != *e {
                if let Some((def, _)) = scope.lookup(n) {
                    let inner = def
                        .fields
                        .iter()
                        .map(|f| f.ty.as_str())
                        .chain(def.variants.iter().map(|v| v.ty.as_str()));
                    for t in inner {
                        if let Ok(t) = Ty::parse(t) {
                            mark(scope, &t, dir, out);
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn lower_action<'a>(fam: &'a FamilyModel, a: &'a Action) -> Result<ActionItem, String> {
    let spec = &a.spec;
    let scope = Scope {
        family: fam,
        local: Some(&spec.types),
    };
    let at = format!("{} ({})", spec.action, spec.version);
    let request = spec
        .request
        .iter()
        .map(|f| {
            scope.field(
                f,
                &spec.request,
                &format!("{at} request"),
                Some((&spec.action, &spec.version)),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let result = match &spec.result_type {
        Some(t) if t == crate::check::ACK => ResultShape::Ack,
        Some(t) => {
            let at = format!("{at} result_type");
            ResultShape::Value(scope.resolve(&scope.parse(t, &at)?, &at, 0)?)
        }
        None => ResultShape::Object(scope.fields(&spec.result, &format!("{at} result"))?),
    };
    let directions = reached(fam, a);
    let types = spec
        .types
        .iter()
        .map(|(n, d)| {
            let dir = directions.get(n).copied().unwrap_or(Directions::BOTH);
            scope.type_item(n, d, dir, &format!("{at} types"))
        })
        .collect::<Result<_, _>>()?;
    let idempotency_field = spec
        .idempotency_key
        .as_ref()
        .and_then(|k| spec.request.iter().find(|f| &f.name == k))
        .map(rust_field_name);
    let lookup = |n: &str| -> Option<&'a crate::spec::TypeDef> { scope.lookup(n).map(|(d, _)| d) };
    let sensitive_request = crate::sensitive::sensitive_paths(&spec.request, &lookup);
    let sensitive_result = crate::sensitive::sensitive_paths(&spec.result, &lookup);
    Ok(ActionItem {
        sensitive_request,
        sensitive_result,
        facts: facts::action_facts(spec, &fam.name),
        file: a.file.clone(),
        snake: a.snake.clone(),
        type_base: a.type_base.clone(),
        request,
        result,
        types,
        idempotency_field,
        request_doc: docs::request_doc(a),
    })
}
