//! The lowered model the emitters read: every type resolved to a [`RustTy`], every Rust name
//! chosen, every doc text rendered, and which serde impls each type needs. Lowering a checked spec
//! does not guess: a type expression that does not resolve is an error naming it (the checker
//! reports it first, so a checked spec always lowers).
//!
//! The IR carries no spec document: emitters read it and nothing else. The format's plain value
//! types (a [`Text`] pair, [`Method`], [`Placement`], [`Paging`], [`Constraints`]) are part of its
//! vocabulary and re-exported here; every text an emitter writes into a doc comment is rendered by
//! lowering.

mod events;
mod service;

pub use events::{EventFamily, EventField, EventItem, EventTypeItem, EventValue};
pub use service::{
    EditionItem, ErrorCodeItem, FamilyInfo, GroupItem, Provenance, RateLimitItem, RegionItem,
    ServiceItem,
};

pub use crate::spec::{ConditionKind, Constraints, Method, Paging, PagingStyle, Placement, Text};

/// The whole API, lowered.
#[derive(Debug)]
pub struct Api {
    /// The service's facts (`service.yaml`).
    pub service: ServiceItem,
    /// Families in `service.yaml` order.
    pub families: Vec<Family>,
    /// The callback events, by family.
    pub callbacks: Vec<EventFamily>,
    /// The spec files and their hashes.
    pub provenance: Provenance,
}

/// One family: a module and a cargo feature.
#[derive(Debug)]
pub struct Family {
    /// Module and feature name.
    pub name: String,
    /// The family module's doc.
    pub doc: String,
    /// Files the shared types come from.
    pub type_files: Vec<String>,
    /// Shared types (`<family>/types.rs`), sorted by name.
    pub types: Vec<TypeItem>,
    /// Actions, sorted by module name.
    pub actions: Vec<ActionItem>,
    /// Whether the service declares groups (cargo features) in this family: each action is then
    /// compiled under its group's feature.
    pub grouped: bool,
}

/// One action, lowered.
#[derive(Debug)]
pub struct ActionItem {
    /// The wire facts and what tools know of the action, lowered.
    pub facts: ActionFacts,
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
    /// The request's sensitive paths (see [`crate::sensitive`]).
    pub sensitive_request: Vec<String>,
    /// The `Result`'s sensitive paths.
    pub sensitive_result: Vec<String>,
}

/// The `Result` of an action.
#[derive(Debug)]
pub enum ResultShape {
    /// An object with these fields (none for `{}`).
    Object(Vec<FieldItem>),
    /// Any other type (`result_type`).
    Value(RustTy),
    /// An acknowledgement (`result_type: ack`): `volcengine_openapi::Ack`.
    Ack,
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
    /// The discriminator's type: `String`, or an integer.
    pub base: EnumBase,
    /// The variant meant when the discriminator is absent, by value.
    pub default: Option<String>,
    /// The variants.
    pub variants: Vec<VariantItem>,
}

impl UnionBody {
    /// Keyed: each variant's object sits under its own field beside the discriminator.
    pub fn keyed(&self) -> bool {
        self.variants.iter().any(|v| v.field.is_some())
    }
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
    /// Keyed unions: the wire name of the field holding the variant's object.
    pub field: Option<String>,
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
    /// A secret: `Debug` shows `***`.
    pub sensitive: bool,
    /// A `json` field's secret keys: `Debug` shows their values as `***`.
    pub sensitive_keys: Vec<String>,
    /// The field's Chinese and English descriptions, trimmed (for the registry).
    pub description: Text,
    /// The field's example as JSON text, empty when it has none (for the registry).
    pub example: String,
    /// The constraints as one line of text (for the registry).
    pub constraints_text: String,
    /// `required_when` and `only_when`: checked against a sibling field before any I/O.
    pub conditions: Vec<FieldCondition>,
}

/// An optional field tied to a sibling field's values.
#[derive(Debug)]
pub struct FieldCondition {
    /// Which rule: `required_when`, `only_when` or `forbidden_when`.
    pub kind: ConditionKind,
    /// The sibling's Rust name.
    pub sibling: String,
    /// The sibling's values, as JSON texts.
    pub values: Vec<String>,
    /// What a broken condition reports (`required when Command is "function"`).
    pub message: String,
}

/// An action's facts besides its types: what the wire needs and what tools (the command line, the
/// fake server) know of it, rendered by lowering so that no emitter reads the spec.
#[derive(Debug)]
pub struct ActionFacts {
    /// Wire name.
    pub action: String,
    /// API version.
    pub version: String,
    /// HTTP method.
    pub method: Method,
    /// Where the fields travel.
    pub params_in: Placement,
    /// Documented requests per second.
    pub qps: Option<u32>,
    /// The shared rate limit it draws from (`limits.shared`), by name.
    pub shared_limit: Option<String>,
    /// The idempotency key's wire name.
    pub idempotency_key: Option<String>,
    /// Whether the action only reads.
    pub read_only: bool,
    /// Whether replaying it is safe (`replay_safe` given).
    pub replay_safe: bool,
    /// Whether the `Result` may be absent.
    pub result_optional: bool,
    /// The `result_type` as the spec writes it, when the `Result` is not an object.
    pub result_type: Option<String>,
    /// The cargo feature the action is compiled under: its group, else its family.
    pub feature: String,
    /// Paging, when declared.
    pub paging: Option<Paging>,
    /// The action's description, trimmed.
    pub description: Text,
    /// The limits as one line of text.
    pub limits_text: String,
    /// The first example's request, as JSON text.
    pub example_request: String,
    /// The first example's result, as JSON text (`null` or `{}` when none).
    pub example_result: String,
    /// The fake server's store of the action's records (`fake.store`).
    pub fake_store: Option<String>,
    /// The result fields the fake server fills with new ids (`fake.new_ids`).
    pub fake_new_ids: Vec<String>,
    /// The fake server's membership rule (`fake.membership`).
    pub fake_membership: Option<MemberRule>,
    /// The record behaviour, paging and callbacks, as JSON text for fake servers.
    pub fake_json: String,
}

/// The fake server's membership rule of an action: which user must belong to which group.
#[derive(Debug)]
pub struct MemberRule {
    /// The request field naming the user.
    pub user: String,
    /// The request field naming the group.
    pub conversation: String,
    /// The error code when the user does not belong.
    pub error: String,
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
