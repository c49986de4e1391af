//! The lowered model the emitters read: every type resolved to a [`RustTy`], every Rust name
//! chosen, every doc text rendered, and which serde impls each type needs. Lowering a checked spec
//! does not guess: a type expression that does not resolve is an error naming it (the checker
//! reports it first, so a checked spec always lowers).

use crate::spec::{ActionSpec, Constraints, Field};

/// The whole API, lowered.
#[derive(Debug)]
pub struct Api<'a> {
    /// Families in `service.yaml` order.
    pub families: Vec<Family<'a>>,
}

/// One family: a module and a cargo feature.
#[derive(Debug)]
pub struct Family<'a> {
    /// Module and feature name.
    pub name: String,
    /// The family module's doc.
    pub doc: String,
    /// Files the shared types come from.
    pub type_files: Vec<String>,
    /// Shared types (`<family>/types.rs`), sorted by name.
    pub types: Vec<TypeItem>,
    /// Actions, sorted by module name.
    pub actions: Vec<ActionItem<'a>>,
    /// Whether the service declares groups (cargo features) in this family: each action is then
    /// compiled under its group's feature.
    pub grouped: bool,
}

/// One action, lowered.
#[derive(Debug)]
pub struct ActionItem<'a> {
    /// The action's spec (wire facts, descriptions, examples, fake-server behaviour).
    pub spec: &'a ActionSpec,
    /// The file it comes from.
    pub file: String,
    /// Module and call-function name.
    pub snake: String,
    /// Prefix of the generated type names.
    pub type_base: String,
    /// The request's fields.
    pub request: Vec<FieldItem>,
    /// What the `Result` is.
    pub result: ResultShape,
    /// The action's own types, sorted by name.
    pub types: Vec<TypeItem>,
    /// The Rust name of the idempotency key's field.
    pub idempotency_field: Option<String>,
    /// The request type's doc (the action's full description lives here).
    pub request_doc: String,
}

/// The `Result` of an action.
#[derive(Debug)]
pub enum ResultShape {
    /// An object with these fields (none for `{}`).
    Object(Vec<FieldItem>),
    /// Any other type (`result_type`).
    Value(RustTy),
}

/// A named type.
#[derive(Debug)]
pub struct TypeItem {
    /// Rust name (the spec's).
    pub name: String,
    /// Rendered doc.
    pub doc: String,
    /// Which serde impls it needs without the `registry` feature.
    pub directions: Directions,
    /// What it is.
    pub body: TypeBody,
}

/// What a named type is.
#[derive(Debug)]
pub enum TypeBody {
    /// An object with fields.
    Object(Vec<FieldItem>),
    /// A set of values.
    Enum(EnumBody),
    /// One of several objects, by a discriminator.
    Union(UnionBody),
}

/// An enum's base type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumBase {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `string`
    String,
}

/// An enum.
#[derive(Debug)]
pub struct EnumBody {
    /// Base type.
    pub base: EnumBase,
    /// The documented values.
    pub values: Vec<EnumValueItem>,
}

/// One documented enum value.
#[derive(Debug)]
pub struct EnumValueItem {
    /// The constant (`DARK_BLUE`).
    pub constant: String,
    /// The spec's name (`DarkBlue`).
    pub name: String,
    /// The value on the wire.
    pub value: serde_json::Value,
    /// Rendered doc.
    pub doc: String,
}

/// A union.
#[derive(Debug)]
pub struct UnionBody {
    /// Wire name of the discriminator field.
    pub discriminator: String,
    /// The variants.
    pub variants: Vec<VariantItem>,
}

/// One variant of a union.
#[derive(Debug)]
pub struct VariantItem {
    /// Rust name.
    pub name: String,
    /// The discriminator's value.
    pub value: String,
    /// The variant's object type.
    pub ty: RustTy,
    /// Rendered doc.
    pub doc: String,
}

/// A field of a request, a result or an object type.
#[derive(Debug)]
pub struct FieldItem {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Resolved type.
    pub ty: RustTy,
    /// The type as the spec writes it.
    pub spec_ty: String,
    /// Whether the field must be present.
    pub required: bool,
    /// Rendered doc.
    pub doc: String,
    /// Constraints checked before any I/O.
    pub constraints: Constraints,
    /// `accepts_only`, on a request's object-typed field.
    pub accepts_only: Option<AcceptsOnly>,
    /// The spec's field (descriptions and example, for the registry).
    pub source: Field,
}

/// A request field's `accepts_only`: which nested fields the action takes.
#[derive(Debug)]
pub struct AcceptsOnly {
    /// The accepted nested fields, by wire name, as the spec lists them.
    pub accepted: Vec<String>,
    /// The (Rust, wire) names of the nested optional fields the action rejects.
    pub rejected: Vec<(String, String)>,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq)]
pub enum RustTy {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `String`
    String,
    /// `serde_json::Value`
    Json,
    /// `Vec<T>`
    List(Box<RustTy>),
    /// `BTreeMap<String, T>`
    Map(Box<RustTy>),
    /// A named type.
    Named(NamedTy),
}

/// A reference to a named type.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedTy {
    /// Its Rust name.
    pub name: String,
    /// Referenced from an action module but defined in the family's `types` module.
    pub shared: bool,
    /// What it is.
    pub kind: NamedKind,
}

/// What a named type is, as far as a reference needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedKind {
    /// An object; `eq` when every field type is `Eq`.
    Object {
        /// The object can derive `Eq`.
        eq: bool,
    },
    /// A union.
    Union,
    /// An enum.
    Enum {
        /// Base type.
        base: EnumBase,
        /// Other values are valid too.
        open: bool,
    },
}

impl RustTy {
    /// Whether the type can derive `Eq`.
    pub fn is_eq(&self) -> bool {
        match self {
            RustTy::F32 | RustTy::F64 | RustTy::Json => false,
            RustTy::List(t) | RustTy::Map(t) => t.is_eq(),
            RustTy::Named(n) => match n.kind {
                NamedKind::Object { eq } => eq,
                NamedKind::Union => false,
                NamedKind::Enum { .. } => true,
            },
            _ => true,
        }
    }

    /// Whether the type is a floating-point number.
    pub fn is_float(&self) -> bool {
        matches!(self, RustTy::F32 | RustTy::F64)
    }
}

/// Which serde impls a type needs without the `registry` feature: `Serialize` when it travels in a
/// request, `Deserialize` when it arrives in a `Result`. The other direction is compiled only with
/// the `registry` feature (JSON in and out for any action: `volc-rtc`, the fake server), which keeps
/// the default build from compiling serde code nobody calls: the crate's build cost is mostly
/// monomorphised serde code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Directions {
    /// Serialised in a request.
    pub ser: bool,
    /// Deserialised from a `Result`.
    pub de: bool,
}

impl Directions {
    /// A request's.
    pub const REQUEST: Directions = Directions {
        ser: true,
        de: false,
    };
    /// A result's.
    pub const RESULT: Directions = Directions {
        ser: false,
        de: true,
    };
    /// A type no request or result reaches gets both.
    pub const BOTH: Directions = Directions {
        ser: true,
        de: true,
    };
}
