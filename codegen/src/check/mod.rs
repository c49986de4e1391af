//! Checking a parsed spec: every reference resolved, every meaning checked, every problem reported
//! at its file, line and column. One concern per file: the service and the order of the checks
//! (`service`), named types (`types`), actions (`action`), field lists and their constraints
//! (`fields`), example values (`examples`); enums whose values come from the callbacks
//! (`values_from`) are filled in before anything is checked.

mod action;
mod conditions;
mod editions;
mod events;
mod examples;
mod fields;
mod rate_limits;
mod service;
mod todo;
mod types;
mod values_from;

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use crate::load::{Source, SpecError};
use crate::model::{
    variant_name, Action, FamilyModel, NamedType, ACTION_ITEM_NAMES, RESERVED_FIELD_NAMES,
    RUST_KEYWORDS,
};
use crate::spec::{
    ActionSpec, Constraints, Field, Method, Placement, ServiceSpec, TypeDef, TypeKind, TypesFile,
};
use crate::ty::Ty;

use examples::{check_object, check_value, child, Misfit};

pub(crate) struct Checker<'a> {
    pub(crate) errors: &'a mut Vec<SpecError>,
    pub(crate) sources: &'a BTreeMap<&'a str, &'a Source>,
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
}

/// The `result_type` of an action whose `Result` only acknowledges (`"ok"`, `"success"`, `{}`,
/// `null` or absent): the call answers `volcengine_openapi::Ack`.
pub(crate) const ACK: &str = "ack";

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
