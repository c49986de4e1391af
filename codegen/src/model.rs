//! The loaded, checked spec: every file read, every reference resolved, every meaning checked (the
//! checks are in `check/`, the loading in `front`). Data only: no stage depends on it but for its types.

use std::collections::BTreeMap;

use heck::{ToShoutySnakeCase, ToUpperCamelCase};

use crate::spec::{ActionSpec, ServiceSpec, TypeDef, UnionVariant};

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
    /// SHA-256 over every spec file's name and SHA-256 (see `file_hashes`).
    pub hash: String,
    /// SHA-256 of each spec file's bytes, by name (what the generator's cache keys files by).
    pub file_hashes: BTreeMap<String, [u8; 32]>,
    /// The callback events (`callbacks/<family>/*.yaml`), by family.
    pub callbacks: Vec<crate::events::EventFamilyModel>,
}

/// Rust keywords (strict, reserved and weak ones that cannot be plain identifiers).
pub const RUST_KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Names of the items an action module defines besides its types (`OPERATION`, `INFO`): a type
/// of the same name would clash with them. Every path the generated code writes is fully
/// qualified, so no other name is reserved: a spec type may be called `Error`, `Value` or `Result`.
pub const ACTION_ITEM_NAMES: &[&str] = &["OPERATION", "INFO"];

/// Field names that would collide with generated methods.
pub(crate) const RESERVED_FIELD_NAMES: &[&str] = &["new", "validate", "builder"];

/// The name of the service module's static for the shared rate limit `name`
/// (`RATE_LIMIT_RTC_MESSAGING`).
pub fn shared_limit_static(name: &str) -> String {
    format!("RATE_LIMIT_{}", name.to_shouty_snake_case())
}

/// The Rust name of a union variant: its `name`, or its value in PascalCase.
pub fn variant_name(v: &UnionVariant) -> String {
    v.name
        .clone()
        .unwrap_or_else(|| v.value.to_upper_camel_case())
}
