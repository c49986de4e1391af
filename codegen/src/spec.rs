//! The spec format: the Rust types that `api-spec/*.yaml` deserialises into.
//!
//! These types are the single definition of the format: loading uses them (strictly: unknown keys are
//! errors) and `cargo xtask codegen` derives the checked-in JSON Schemas under `api-spec/schema/` from
//! them, so editors validate and complete the YAML.
//!
//! Three kinds of file:
//! - `api-spec/service.yaml`: [`ServiceSpec`], the signing service name, regions, families and error codes.
//! - `api-spec/types/<family>.yaml`: [`TypesFile`], named types shared by the actions of one family.
//! - `api-spec/actions/<family>/<Action>.yaml` (any name ending in `.yaml`): [`ActionSpec`], one action.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Text in both languages: the source's Chinese verbatim and an English rendering.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The Chinese text, verbatim from the source page or table.
    pub zh: String,
    /// An English rendering of the same text.
    pub en: String,
}

/// `api-spec/service.yaml`: what every action of the service shares.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// The service name used in the signature's credential scope (`rtc`).
    pub service: String,
    /// The generated crate's package name (default `volcengine-<service>`); also the product name
    /// in the default `User-Agent`.
    #[serde(default)]
    pub package: Option<String>,
    /// What the service is.
    pub description: Text,
    /// Where the facts in this file come from.
    pub source: String,
    /// The region used when the caller names none.
    pub default_region: String,
    /// Regions and their hosts.
    pub regions: Vec<Region>,
    /// Action families; each is a module and a cargo feature of the generated crate.
    pub families: Vec<Family>,
    /// Groups of actions inside families; each is a cargo feature (enabling its family).
    #[serde(default)]
    pub groups: Vec<Group>,
    /// The common error codes the service documents.
    #[serde(default)]
    pub errors: Vec<ErrorCode>,
    /// Other editions of the same API (BytePlus, the international one): their hosts, regions,
    /// signing name, the families they serve and where their pages document actions differently.
    #[serde(default)]
    pub editions: Vec<Edition>,
    /// Rate limits several actions share: one budget of requests per second for all of them
    /// together. An action draws from one with `limits.shared: <name>`.
    #[serde(default)]
    pub rate_limits: Vec<SharedRateLimit>,
}

/// A documented rate limit shared by several actions (e.g. four messaging actions that together
/// may be called 500 times per second). Its description is stated once, here; each action that
/// draws from it names it in `limits.shared`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedRateLimit {
    /// The limit's name (lowercase letters, digits, `-` and `_`), as actions name it in
    /// `limits.shared`.
    pub name: String,
    /// Requests per second, for all the actions that draw from it together (enforced client-side
    /// by default).
    pub qps: u32,
    /// The limit as the pages state it.
    pub description: Text,
    /// Where the limit is documented.
    pub source: String,
}

/// Another edition of the service's API: the same actions and signer at another host, selected by
/// name (`Client::builder().edition("byteplus")`, `volc-rtc --edition byteplus`, the profile's
/// `edition` key).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The name callers select it by, lowercase (`byteplus`).
    pub name: String,
    /// What the edition is.
    pub description: Text,
    /// Where the facts of this entry come from.
    pub source: String,
    /// The service name in the edition's credential scope.
    pub service: String,
    /// The region used when the caller names none.
    pub default_region: String,
    /// The edition's regions and hosts.
    pub regions: Vec<Region>,
    /// The families the edition serves (calls of other families are refused before any I/O).
    pub families: Vec<String>,
    /// Actions the edition's pages document differently (another version, spelling or field name).
    #[serde(default)]
    pub differences: Vec<EditionDifference>,
}

/// Where an edition's page documents an action differently from the spec.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionDifference {
    /// The action, as the spec names it.
    pub action: String,
    /// The edition's spelling of the action's name, where it differs (`StartWebCast`).
    #[serde(default)]
    pub spelled: Option<String>,
    /// A field, by its path in the spec (`Result.RoomExists`, `AgentConfig.TargetUserId`).
    #[serde(default)]
    pub field: Option<String>,
    /// The edition's spelling of that field (`RoomExist`, `TargetUserID`).
    #[serde(default)]
    pub field_spelled: Option<String>,
    /// The versions the edition's pages document the action at, where not the spec's.
    #[serde(default)]
    pub versions: Vec<String>,
    /// The edition's page.
    pub source: String,
}

/// One region of the service.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// The signing region, e.g. `cn-north-1`.
    pub name: String,
    /// The API host for that region, e.g. `rtc.volcengineapi.com`.
    pub host: String,
    /// What the region is.
    pub description: Text,
    /// Other names a caller may use for this region (e.g. an older name).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// An action family (`im`, `rtc`): a module and a cargo feature.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Module and feature name, lowercase.
    pub name: String,
    /// What the family is.
    pub description: Text,
    /// The error code the family's actions answer for a malformed or invalid request (the fake
    /// server answers it too).
    pub invalid_request_code: String,
    /// The signing region of this family's actions where it differs from the region's own name:
    /// region name (as in `regions`) to the region written into the signature's credential scope.
    #[serde(default)]
    pub signing_regions: BTreeMap<String, String>,
    /// Where `signing_regions` comes from.
    #[serde(default)]
    pub signing_regions_source: Option<String>,
}

/// A group of actions within a family: a cargo feature of the generated crate.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Feature name, lowercase with `-` (e.g. `rtc-recording`).
    pub name: String,
    /// The family the group's actions belong to.
    pub family: String,
    /// What the group is.
    pub description: Text,
}

/// A documented error code.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// `ResponseMetadata.Error.Code` as sent.
    pub code: String,
    /// `ResponseMetadata.Error.CodeN`, where documented (gateway errors).
    #[serde(default)]
    pub code_n: Option<u32>,
    /// The HTTP status documented with the code, if any.
    #[serde(default)]
    pub http_status: Option<u16>,
    /// What the code means.
    pub description: Text,
    /// A retry may succeed (server-side trouble), independent of idempotency.
    #[serde(default)]
    pub retryable: bool,
    /// The request was throttled and was not processed: always safe to retry after a pause.
    #[serde(default)]
    pub throttling: bool,
    /// The request was rejected because its signature's time is off: the client corrects its clock.
    #[serde(default)]
    pub clock_skew: bool,
    /// Where the code is documented.
    pub source: String,
}

/// `api-spec/types/<family>.yaml`: named types shared by the actions of a family.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypesFile {
    /// The family these types belong to.
    pub family: String,
    /// The types, by Rust name (PascalCase).
    pub types: BTreeMap<String, TypeDef>,
}

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

/// How the fake server behaves for an action (all optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FakeBehaviour {
    /// Store each accepted request in this named collection (inspectable by tests).
    #[serde(default)]
    pub store: Option<String>,
    /// `Result` fields (i64) that get a fresh unique id per stored request.
    #[serde(default)]
    pub new_ids: Vec<String>,
    /// Reject the request unless the user is a member of the conversation (when the fake server is
    /// configured to check membership).
    #[serde(default)]
    pub membership: Option<Membership>,
    /// Work on the records of a named collection: create, get, list (paged by the action's
    /// `paging`), update or delete them, so that the fake server answers what earlier calls did.
    #[serde(default)]
    pub records: Option<FakeRecords>,
    /// Callback events the fake server POSTs, signed, to its callback URL after the call
    /// succeeds (when it is given one): e.g. `RecordStarted` after `StartRecord`.
    #[serde(default)]
    pub callbacks: Vec<FakeCallback>,
}

/// A callback event a fake-server action sends.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FakeCallback {
    /// The `EventType` (an event of `api-spec/callbacks/`).
    pub event: String,
    /// `EventData` fields and the request paths (dotted) their values come from; a field whose
    /// path the request does not have is left out.
    #[serde(default)]
    pub data: BTreeMap<String, String>,
    /// `EventData` fields with constant values.
    #[serde(default)]
    pub set: BTreeMap<String, serde_json::Value>,
}

/// What a fake-server action does to a collection of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FakeOp {
    /// Adds a record: the request merged with the answered result, with a fresh id.
    Create,
    /// Answers the record whose key fields match the request.
    Get,
    /// Answers the records whose key fields match the request, in order, paged.
    List,
    /// Changes the matching records (`set`).
    Update,
    /// Removes the matching records.
    Delete,
}

/// A fake-server behaviour over a named collection of records (JSON objects).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FakeRecords {
    /// The collection's name (shared by the actions that work on it).
    pub collection: String,
    /// What the action does.
    pub op: FakeOp,
    /// create: result paths (dotted) that all get the same fresh integer id, the record's `id`.
    #[serde(default)]
    pub id: Vec<String>,
    /// create: result paths that get the same fresh id as text.
    #[serde(default)]
    pub id_text: Vec<String>,
    /// The record fields that identify or filter records, each with the request path giving its
    /// value (get, update and delete match them; list filters by them).
    #[serde(default)]
    pub key: BTreeMap<String, String>,
    /// create and update: member pairs to record (used by `membership` checks).
    #[serde(default)]
    pub members: Option<FakeMembers>,
    /// update: record fields and the values they are set to.
    #[serde(default)]
    pub set: BTreeMap<String, serde_json::Value>,
    /// get: the result path the record is answered at; list: the result list (default: the
    /// action's `paging.items`).
    #[serde(default)]
    pub items: Option<String>,
    /// get, update and delete: the error code answered when no record matches (otherwise the
    /// call succeeds and changes nothing).
    #[serde(default)]
    pub not_found: Option<String>,
    /// create: the error code answered when a record with the same key exists (and is not
    /// `ended`); otherwise a second record is added.
    #[serde(default)]
    pub already_exists: Option<String>,
    /// Record field values that mark a record as ended (e.g. `{Status: 3}`): update, delete and
    /// create's `already_exists` do not match it (get and list still report it).
    #[serde(default)]
    pub ended: BTreeMap<String, serde_json::Value>,
    /// list: answer this field of each record instead of the record (a list of ids).
    #[serde(default)]
    pub item: Option<String>,
    /// list: the result path set to the number of matching records.
    #[serde(default)]
    pub count: Option<String>,
    /// list: the result path set to whether any record matches.
    #[serde(default)]
    pub exists: Option<String>,
    /// list and get: result paths set to constant values (e.g. a list the fake does not keep,
    /// answered empty).
    #[serde(default)]
    pub result: BTreeMap<String, serde_json::Value>,
}

/// Member pairs a fake-server action records.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FakeMembers {
    /// The group: a record field (create) or request path (update), e.g. the conversation id.
    pub group: String,
    /// Request paths of the members; `List[].Field` takes the field of every item.
    pub add: Vec<String>,
}

/// A membership check of the fake server.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// The request field holding the user id.
    pub user: String,
    /// The request field holding the conversation id.
    pub conversation: String,
    /// The error code answered when the user is not a member.
    pub error: String,
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
