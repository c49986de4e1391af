//! `api-spec/actions/<family>/<Action>.yaml`: one action, its wire facts, limits, paging and
//! examples.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::fake::FakeBehaviour;
use super::fields::{Field, TypeDef};
use super::Text;

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Method {
    /// `GET`
    GET,
    /// `POST`
    POST,
}

/// Where an action's parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// A JSON body (`Content-Type: application/json`).
    Body,
    /// The query string, next to `Action` and `Version`; no body.
    Query,
}

/// One action file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    /// The `Action` query value, e.g. `SendMessage`.
    pub action: String,
    /// The `Version` query value, e.g. `2020-12-01`.
    pub version: String,
    /// The family (module and feature) the action belongs to.
    pub family: String,
    /// Overrides the snake_case name of the module and call function (needed when two versions of
    /// one action live side by side).
    #[serde(default)]
    pub rust_name: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// Where the request fields travel.
    pub params_in: Placement,
    /// What the action does.
    pub description: Text,
    /// Where this transcription comes from (page, table, commit), and which source won where they differ.
    pub source: String,
    /// The API page.
    #[serde(default)]
    pub doc_url: Option<String>,
    /// Documented limits.
    #[serde(default)]
    pub limits: Limits,
    /// The request field that makes a repeated request harmless (filled once per logical call when empty).
    #[serde(default)]
    pub idempotency_key: Option<String>,
    /// The action only reads: replaying it is harmless.
    #[serde(default)]
    pub read_only: bool,
    /// Why replaying this (writing) action after the request may have reached the server is
    /// harmless, when it is (for example a caller-chosen task id that cannot start a second task).
    /// Present means the client may retry it like an idempotent action.
    #[serde(default)]
    pub replay_safe: Option<String>,
    /// The group (cargo feature) the action belongs to, one of the service's `groups`.
    #[serde(default)]
    pub group: Option<String>,
    /// How the action pages through a long answer.
    #[serde(default)]
    pub paging: Option<Paging>,
    /// Importer output still to be finished by a person (English descriptions marked `TODO`):
    /// the generator refuses a draft.
    #[serde(default)]
    pub draft: bool,
    /// Deliberate differences from the vendor's machine-readable model, each with its reason
    /// (`cargo xtask spec-drift` reports every other difference).
    #[serde(default)]
    pub deviations: Vec<Deviation>,
    /// Request fields.
    pub request: Vec<Field>,
    /// Fields of the response's `Result` when it is an object (empty for an empty Result `{}`).
    #[serde(default)]
    pub result: Vec<Field>,
    /// The type of the response's `Result` when it is not an object with fields (for example
    /// `string` for `"Result": "ok"`); excludes `result`.
    #[serde(default)]
    pub result_type: Option<String>,
    /// The `Result` may be absent or `null` on success.
    #[serde(default)]
    pub result_optional: bool,
    /// Named types used only by this action, by Rust name (PascalCase).
    #[serde(default)]
    pub types: BTreeMap<String, TypeDef>,
    /// Example exchanges: at least one request, each checked against the types.
    pub examples: Vec<Example>,
    /// How the local fake server behaves for this action beyond answering the example result.
    #[serde(default)]
    pub fake: FakeBehaviour,
}

/// Documented limits of an action.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Requests per second allowed per account (enforced client-side by default).
    #[serde(default)]
    pub qps: Option<u32>,
    /// The name of a limit in `service.yaml`'s `rate_limits` that this action shares with others
    /// (enforced client-side by default, besides `qps`).
    #[serde(default)]
    pub shared: Option<String>,
    /// The limit as the page states it.
    #[serde(default)]
    pub description: Option<Text>,
    /// Further documented rates (server-side, informative).
    #[serde(default)]
    pub rates: Vec<Rate>,
}

/// How an action pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PagingStyle {
    /// A page number and size (`PageNum`, `PageSize`), often with a `Total`.
    PageNumber,
    /// An offset and a limit.
    Offset,
    /// A cursor answered with the page (`Cursor` in, `NewCursor` out, `HasMore`).
    Cursor,
}

/// The paging fields of an action: request fields by wire name, result fields by wire name (a
/// dotted path for nested ones).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// The paging style.
    pub style: PagingStyle,
    /// The result's list of items.
    pub items: String,
    /// page_number: the request's page number field (the first page is 1).
    #[serde(default)]
    pub page: Option<String>,
    /// page_number: the request's page size field; offset: the request's limit field.
    #[serde(default)]
    pub size: Option<String>,
    /// offset: the request's offset field.
    #[serde(default)]
    pub offset: Option<String>,
    /// cursor: the request's cursor field.
    #[serde(default)]
    pub cursor: Option<String>,
    /// cursor: the result's next-cursor field.
    #[serde(default)]
    pub next_cursor: Option<String>,
    /// The result's has-more flag, where there is one.
    #[serde(default)]
    pub has_more: Option<String>,
    /// The result's total count, where there is one.
    #[serde(default)]
    pub total: Option<String>,
}

/// A deliberate difference from the vendor's model.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Deviation {
    /// What differs: `request.<Field>`, `result.<Field>`, `type.<Type>.<Field>`, `action` (the
    /// whole action), `method`, `params_in` or `result`.
    pub path: String,
    /// Why the spec departs from the model.
    pub reason: String,
}

/// A documented server-side rate.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    /// A snake_case name for the rate.
    pub name: String,
    /// How many per second.
    pub per_second: u32,
    /// What the rate applies to and what happens past it.
    pub description: Text,
}

/// An example exchange.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Where the example comes from: `page` (the API page's own) or `written` (made for the spec).
    pub source: ExampleSource,
    /// The request parameters, as JSON on the wire (a JSON body, or the query parameters).
    pub request: serde_json::Value,
    /// The response's `Result`.
    #[serde(default)]
    pub result: Option<serde_json::Value>,
}

/// Provenance of an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExampleSource {
    /// Taken from the API page.
    Page,
    /// Written for the spec (the page has none, or it is not valid JSON).
    Written,
}
