//! Static facts about one action: what goes on the wire and the policy that governs retries and
//! rate limits. Nothing here is for tests or tools (see the `registry` feature for those).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::service::{FamilyInfo, ServiceInfo};
use crate::validate::Validate;

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

/// A documented rate limit several actions share: one budget of requests per second for all of
/// them together (the spec's `rate_limits`). The client-side limiter keeps one bucket per shared
/// limit, by name, besides each action's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedRateLimit {
    /// The limit's name in the spec.
    pub name: &'static str,
    /// Requests per second, for all the actions that draw from it together.
    pub qps: u32,
}

/// Static facts about one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The service the action belongs to.
    pub service: &'static ServiceInfo,
    /// The family the action belongs to.
    pub family: &'static FamilyInfo,
    /// `Action` query value, verbatim.
    pub action: &'static str,
    /// `Version` query value.
    pub version: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Where parameters travel.
    pub placement: Placement,
    /// Documented requests per second.
    pub qps: Option<u32>,
    /// The documented limit this action shares with others (one budget for all of them), besides
    /// its own `qps`.
    pub shared_limit: Option<&'static SharedRateLimit>,
    /// Wire name of the idempotency key field.
    pub idempotency_key: Option<&'static str>,
    /// The action only reads.
    pub read_only: bool,
    /// Replaying the action is harmless for another reason the spec records (for example a
    /// caller-chosen task id).
    pub replay_safe: bool,
}

impl Operation {
    /// Whether replaying the request after it may have reached the server is harmless.
    pub fn is_idempotent(&self) -> bool {
        self.read_only || self.replay_safe || self.idempotency_key.is_some()
    }
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
