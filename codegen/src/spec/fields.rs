//! Fields, their constraints, and named types (objects, enums, unions), as action files, event
//! files and `api-spec/types/<family>.yaml` ([`TypesFile`]) write them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Text;

/// `api-spec/types/<family>.yaml`: named types shared by the actions of a family.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypesFile {
    /// The family these types belong to.
    pub family: String,
    /// The types, by Rust name (PascalCase).
    pub types: BTreeMap<String, TypeDef>,
}

/// A field of a request, a result or an object type.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The wire name, exactly as documented.
    pub name: String,
    /// The documented type word as written (`Long`, `Array of Long`, `Object of RefMsgInfo`, `JSON Map`).
    pub doc_type: String,
    /// The precise type: `i32`, `i64`, `u32`, `f32`, `f64`, `bool`, `string`, `json`, `list<T>`,
    /// `map<string,T>`, or a named type.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the field must be present.
    pub required: bool,
    /// Overrides the snake_case Rust name (needed when the wire name becomes a Rust keyword).
    #[serde(default)]
    pub rust_name: Option<String>,
    /// An example value, as JSON.
    #[serde(default)]
    pub example: Option<serde_json::Value>,
    /// What the field means.
    pub description: Text,
    /// Constraints checked before any I/O.
    #[serde(default)]
    pub constraints: Constraints,
    /// For an object-typed field: the nested fields this action accepts (others are rejected).
    #[serde(default)]
    pub accepts_only: Option<Vec<String>>,
    /// An optional field the docs require when a sibling field has one of some values
    /// (`Message` when `Command` is `function`): a request without it is refused before any I/O.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_when: Option<Condition>,
    /// An optional field the docs allow only when a sibling field has one of some values
    /// (`ImageConfig` only with `Command` `ExternalTextToLLM`): a request with it otherwise is
    /// refused before any I/O.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub only_when: Option<Condition>,
    /// An optional field the docs forbid when a sibling field has one of some values
    /// (`ExcludeStreams` must be empty when `TranscodeMode` is 1): a request with it then is
    /// refused before any I/O. Unlike `only_when`, an absent sibling (its documented default)
    /// never forbids it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forbidden_when: Option<Condition>,
    /// Where the field comes from when it differs from the action's `source`.
    #[serde(default)]
    pub source: Option<String>,
    /// Why the field is not an enum although its description lists values (for example values
    /// that are examples, or a range written as a list): `cargo xtask spec-check` reports every
    /// field whose description enumerates values without an enum type or this key.
    #[serde(default)]
    pub not_enum: Option<String>,
    /// The value is a secret (a secret key, a token, an app key): never printed. The generated
    /// `Debug` shows `***`, and the registry lists the field's path so that tools (the command
    /// line's `--dry-run` and `--debug`, the fake server's log) mask it in JSON bodies.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// For a `json` field (an object the spec leaves untyped, such as a provider's parameters):
    /// the keys whose values are secrets wherever they occur inside it, compared ignoring ASCII
    /// case (`[AccessToken, APIKey]`). The generated `Debug` shows those values as `***`, and the
    /// registry lists `<field path>.**.<key>` for tools that mask JSON bodies.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sensitive_keys: Vec<String>,
}

/// A sibling field's values (`{field: Command, values: [function, ExternalTextToSpeech]}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The wire name of a field of the same object: a scalar or an enum.
    pub field: String,
    /// The values of that field that make the condition true; `null` is the field absent
    /// (`required_when: {field: UserId, values: [null]}`: at least one of the two is given).
    pub values: Vec<serde_json::Value>,
}

/// What a field's condition says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionKind {
    /// `required_when`: present when the sibling has one of the values.
    Required,
    /// `only_when`: absent unless the sibling has one of the values.
    Only,
    /// `forbidden_when`: absent when the sibling has one of the values.
    Forbidden,
}

impl ConditionKind {
    /// The spec key (`required_when`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Required => "required_when",
            Self::Only => "only_when",
            Self::Forbidden => "forbidden_when",
        }
    }

    /// How a message or a doc states it (`required when`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Required => "required when",
            Self::Only => "allowed only when",
            Self::Forbidden => "not allowed when",
        }
    }
}

impl Condition {
    /// The condition as words: `Command is "function", "ExternalTextToSpeech"` (`null` shown as
    /// `absent`).
    pub fn phrase(&self) -> String {
        let values: Vec<String> = self
            .values
            .iter()
            .map(|v| {
                if v.is_null() {
                    "absent".into()
                } else {
                    v.to_string()
                }
            })
            .collect();
        format!("{} is {}", self.field, values.join(", "))
    }
}

impl Field {
    /// The field's conditions (`required_when`, `only_when`, `forbidden_when`) that are set.
    pub fn conditions(&self) -> impl Iterator<Item = (ConditionKind, &Condition)> {
        [
            (ConditionKind::Required, &self.required_when),
            (ConditionKind::Only, &self.only_when),
            (ConditionKind::Forbidden, &self.forbidden_when),
        ]
        .into_iter()
        .filter_map(|(kind, c)| Some((kind, c.as_ref()?)))
    }
}

/// Constraints on a field's value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Constraints {
    /// Smallest allowed number (an integer for an integer field, any number for `f32`/`f64`).
    #[serde(default)]
    pub min: Option<serde_json::Number>,
    /// Largest allowed number (an integer for an integer field, any number for `f32`/`f64`).
    #[serde(default)]
    pub max: Option<serde_json::Number>,
    /// Smallest length (characters of a string, items of a list, entries of a map).
    #[serde(default)]
    pub min_len: Option<u32>,
    /// Largest length (characters of a string, items of a list, entries of a map).
    #[serde(default)]
    pub max_len: Option<u32>,
    /// The value must be one of these (integers or strings).
    #[serde(default)]
    pub one_of: Option<Vec<serde_json::Value>>,
    /// A string must match this regular expression (whole value; the `regex-lite` syntax).
    #[serde(default)]
    pub pattern: Option<String>,
    /// Smallest length of a string in UTF-8 bytes.
    #[serde(default)]
    pub min_bytes: Option<u32>,
    /// Largest length of a string in UTF-8 bytes.
    #[serde(default)]
    pub max_bytes: Option<u32>,
    /// A number must be a multiple of this (e.g. 2 for "must be even").
    #[serde(default)]
    pub multiple_of: Option<serde_json::Number>,
    /// Constraints on each item of a list (or each value of a map).
    #[serde(default)]
    pub items: Option<Box<Constraints>>,
}

/// What a named type is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    /// A JSON object with named fields.
    Object,
    /// A set of integer or string values.
    Enum,
    /// One of several object types, selected by the value of a string field (the discriminator);
    /// values no variant lists are kept as untyped JSON.
    Union,
}

/// A named type: an object or an enum.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// Object or enum.
    pub kind: TypeKind,
    /// What the type is.
    pub description: Text,
    /// Where the type comes from, when it differs from its file's source.
    #[serde(default)]
    pub source: Option<String>,
    /// Object: its fields.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Enum: the base type, `i32`, `i64` or `string`. Union: the discriminator's type, `string`
    /// (the default), `i32` or `i64`.
    #[serde(default)]
    pub base: Option<String>,
    /// Enum: other values are valid too (the listed ones are well-known, not exhaustive).
    #[serde(default)]
    pub open: bool,
    /// Enum: the values.
    #[serde(default)]
    pub values: Vec<EnumValue>,
    /// Enum: take the values from elsewhere in the spec instead of listing them. The one source
    /// is `callbacks`: the family's callback event types (`api-spec/callbacks/<family>/`), each
    /// value its `event` with its description, for a string enum (such as the events a callback
    /// subscribes to), so that the list grows with the event files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values_from: Option<String>,
    /// Union: the wire name of the field whose value selects the variant.
    #[serde(default)]
    pub discriminator: Option<String>,
    /// Union: the variant meant when the discriminator is absent (its documented default), by
    /// value.
    #[serde(default, deserialize_with = "string_or_integer_opt")]
    #[schemars(with = "Option<StringOrInteger>")]
    pub discriminator_default: Option<String>,
    /// Union: the variants (the discriminator field is not listed in the variant types' fields).
    #[serde(default)]
    pub variants: Vec<UnionVariant>,
}

/// One alternative of a union type.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnionVariant {
    /// The discriminator's value selecting this variant (a string, or an integer when the
    /// union's `base` is `i32` or `i64`).
    #[serde(deserialize_with = "string_or_integer")]
    #[schemars(with = "StringOrInteger")]
    pub value: String,
    /// Keyed unions: the wire name of the field, beside the discriminator, that holds this
    /// variant's object (`{"Type": 0, "TosConfig": {...}}`). Without it (every variant then
    /// without it), the variant's fields sit beside the discriminator (`{"Mode": "ArkV3", ...}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The variant's Rust name (PascalCase); defaults to the value in PascalCase.
    #[serde(default)]
    pub name: Option<String>,
    /// The object type of the variant's other fields.
    #[serde(rename = "type")]
    pub ty: String,
    /// What the variant is.
    pub description: Text,
}

/// One enum value.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: serde_json::Value,
    /// The constant's name (PascalCase; becomes SCREAMING_SNAKE_CASE).
    pub name: String,
    /// What the value means.
    pub description: Text,
}

/// A union value as YAML writes it: text or an integer.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum StringOrInteger {
    /// Text.
    Text(String),
    /// An integer.
    Integer(i64),
}

/// Reads a string or an integer as its text (`0` → `"0"`).
fn string_or_integer<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) if n.is_i64() => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!(
            "expected a string or an integer, found {other}"
        ))),
    }
}

/// [`string_or_integer`] for an optional key.
fn string_or_integer_opt<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    string_or_integer(d).map(Some)
}
