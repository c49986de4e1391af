//! Static facts about actions, regions and error codes, as the generated code records them.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::runtime::validate::Validate;

/// HTTP method of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Where an action's parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A JSON body.
    Body,
    /// The query string.
    Query,
}

/// The JSON kind of a query parameter (query strings carry text only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// An integer.
    Integer,
    /// A floating-point number.
    Number,
    /// `true` or `false`.
    Bool,
    /// Text.
    String,
}

/// The fake server's membership check for an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MembershipSpec {
    /// Request field holding the user id.
    pub user: &'static str,
    /// Request field holding the conversation id.
    pub conversation: &'static str,
    /// Error code answered when the user is not a member.
    pub error: &'static str,
}

/// How the fake server treats an action beyond answering its example result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FakeSpec {
    /// Collection accepted requests are stored in.
    pub store: Option<&'static str>,
    /// Result fields filled with fresh ids.
    pub new_ids: &'static [&'static str],
    /// Membership check.
    pub membership: Option<MembershipSpec>,
}

/// Static facts about one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// `Action` query value.
    pub action: &'static str,
    /// `Version` query value.
    pub version: &'static str,
    /// Command name in kebab case (`send-message`): the call function's name with `-` for `_`.
    pub command: &'static str,
    /// Family (module and feature).
    pub family: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Where parameters travel.
    pub placement: Placement,
    /// Documented requests per second.
    pub qps: Option<u32>,
    /// Wire name of the idempotency key field.
    pub idempotency_key: Option<&'static str>,
    /// The action only reads.
    pub read_only: bool,
    /// The spec's example request, as JSON.
    pub example_request: &'static str,
    /// The spec's example `Result`, as JSON.
    pub example_result: &'static str,
    /// Fake-server behaviour.
    pub fake: FakeSpec,
    /// For query-string actions: each parameter's JSON kind, to read a query back into the request.
    pub query_fields: &'static [(&'static str, QueryKind)],
}

impl Operation {
    /// Whether replaying the request after it may have reached the server is harmless.
    pub fn is_idempotent(&self) -> bool {
        self.read_only || self.idempotency_key.is_some()
    }
}

/// An action family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyInfo {
    /// Module and feature name.
    pub name: &'static str,
    /// The code answered for an invalid request.
    pub invalid_request_code: &'static str,
}

/// A region and its host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    /// Signing region.
    pub name: &'static str,
    /// API host.
    pub host: &'static str,
    /// Chinese description.
    pub description_zh: &'static str,
    /// English description.
    pub description_en: &'static str,
}

/// What the spec says of an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCodeInfo {
    /// `Error.Code`.
    pub code: &'static str,
    /// `Error.CodeN`, where documented.
    pub code_n: Option<u32>,
    /// Documented HTTP status.
    pub http_status: Option<u16>,
    /// Server-side trouble: a retry may succeed.
    pub retryable: bool,
    /// Throttled: not processed, safe to retry after a pause.
    pub throttling: bool,
    /// The request's time is off.
    pub clock_skew: bool,
    /// Chinese description.
    pub description_zh: &'static str,
    /// English description.
    pub description_en: &'static str,
}

/// Looks a code up in the spec's table.
pub fn error_code_info(code: &str) -> Option<&'static ErrorCodeInfo> {
    crate::api::service::ERROR_CODES
        .iter()
        .find(|e| e.code == code)
}

/// A request type of an action: ties it to its result type and its static facts.
pub trait Action: Serialize + Validate + Send + 'static {
    /// The action's `Result` type.
    type Result: DeserializeOwned + Send + 'static;
    /// The action's static facts.
    const OPERATION: &'static Operation;
    /// The idempotency key's slot, for actions that have one.
    fn idempotency_token(&mut self) -> Option<&mut Option<String>> {
        None
    }
}
