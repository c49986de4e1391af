//! Every action as data, for spec-driven tools (feature `registry`): a command line, a fake server
//! and conformance tests walk a generated table of [`ActionEntry`] instead of naming actions. The
//! examples and fake-server behaviour live here, not in [`Operation`], so that a build without the
//! feature compiles none of them.

use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::client::{CallOptions, PreparedRequest};
use crate::operation::{Action, Operation};
use crate::validate::{Violation, Violations};

mod repair;
use crate::{Client, Error};
use repair::{bare_message, patch, plain_message, render, reported, unknown_fields, Seg};

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

/// A rule of the fake server: reject a request unless the pair of its two fields (for example a
/// user and a conversation) was recorded as a member pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberRule {
    /// Request field holding the member (e.g. a user id).
    pub member: &'static str,
    /// Request field holding the group (e.g. a conversation id).
    pub group: &'static str,
    /// Error code answered when the pair is not recorded.
    pub error: &'static str,
}

/// How a fake server treats an action beyond answering its example result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FakeSpec {
    /// Collection accepted requests are stored in.
    pub store: Option<&'static str>,
    /// Result fields filled with fresh ids.
    pub new_ids: &'static [&'static str],
    /// Membership rule.
    pub membership: Option<MemberRule>,
}

/// The JSON kind of a value, as a command line reads it from a flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// An integer (also an integer-valued enum).
    Integer,
    /// A floating-point number.
    Number,
    /// `true` or `false`.
    Bool,
    /// Text (also a string-valued enum).
    String,
    /// A list; the item kind says what each item is.
    List,
    /// An object, a map or any JSON value: given as JSON text.
    Json,
}

/// A top-level request field, as the spec documents it (for help texts and skeletons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// Wire name.
    pub name: &'static str,
    /// The type as the spec writes it (`i64`, `list<string>`, `RefMsgInfo`, ...).
    pub ty: &'static str,
    /// The kind of value.
    pub kind: ValueKind,
    /// For lists: the kind of each item.
    pub item_kind: Option<ValueKind>,
    /// Whether the field must be present.
    pub required: bool,
    /// Chinese description.
    pub description_zh: &'static str,
    /// English description.
    pub description_en: &'static str,
    /// The constraints, as text (empty when none).
    pub constraints: &'static str,
    /// An example value as JSON (empty when none).
    pub example: &'static str,
}

/// What tools need of an action besides its wire facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionInfo {
    /// Command name in kebab case (`send-message`): the call function's name with `-` for `_`.
    pub command: &'static str,
    /// Chinese description of the action.
    pub description_zh: &'static str,
    /// English description of the action.
    pub description_en: &'static str,
    /// The documented limits, as text (empty when none).
    pub limits: &'static str,
    /// The request's top-level fields.
    pub fields: &'static [FieldInfo],
    /// The spec's example request, as JSON.
    pub example_request: &'static str,
    /// The spec's example `Result`, as JSON.
    pub example_result: &'static str,
    /// Fake-server behaviour.
    pub fake: FakeSpec,
    /// The spec's record behaviour (`fake.records`) and `paging`, as JSON, for fake servers
    /// (`{}` when the action declares neither).
    pub fake_json: &'static str,
    /// For query-string actions: each parameter's JSON kind, to read a query back into the request.
    pub query_fields: &'static [(&'static str, QueryKind)],
    /// The request's sensitive fields (secrets), as paths for
    /// [`mask_json`](crate::sensitive::mask_json): tools mask them in what they show.
    pub sensitive: &'static [&'static str],
    /// The `Result`'s sensitive fields, as paths.
    pub sensitive_result: &'static [&'static str],
}

/// A boxed future of a JSON call.
pub type JsonFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, Error>> + Send + 'a>>;

/// One action: its facts and type-erased entry points.
#[derive(Clone, Copy)]
pub struct ActionEntry {
    /// Static facts.
    pub operation: &'static Operation,
    /// What tools need.
    pub info: &'static ActionInfo,
    /// Calls the action with a JSON request, answering the `Result` as JSON.
    pub call_json: for<'a> fn(&'a Client, Value, &'a CallOptions) -> JsonFuture<'a>,
    /// Checks a JSON request as [`call_json`](Self::call_json) does and prepares it exactly as it
    /// would be sent now, signed, without any I/O (for `--dry-run` and debugging): the options'
    /// idempotency token is used when given, a fresh one otherwise.
    pub prepare_json: fn(&Client, Value, &CallOptions) -> Result<PreparedRequest, Error>,
    /// Decodes a JSON request strictly (unknown fields are violations) and validates it; answers the
    /// request as the typed value serialises it.
    pub check_request: fn(&Value) -> Result<Value, Vec<Violation>>,
    /// [`check_request`](Self::check_request), going on past each structural error with the
    /// example's value in its place, so that every error is found ([`ActionEntry::check`]).
    #[doc(hidden)]
    pub check_request_with: fn(&Value, Option<&Value>) -> Result<Value, Vec<Violation>>,
    /// Decodes a JSON `Result` into the typed result, answering it re-serialised.
    pub check_result: fn(&Value) -> Result<Value, String>,
    /// Runs the client's answer path (envelope, error mapping, typed `Result` decoding) on an HTTP
    /// status and body, answering the typed result re-serialised. For fuzzing and tests.
    #[doc(hidden)]
    pub decode_answer: fn(u16, &[u8]) -> Result<Value, Error>,
}

impl std::fmt::Debug for ActionEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActionEntry")
            .field("operation", &self.operation)
            .finish_non_exhaustive()
    }
}

impl ActionEntry {
    /// Checks a JSON request as [`check_request`](Self::check_request) does, and suggests the
    /// closest known field for an unknown top-level one (`Priorty`: did you mean `Priority`?).
    pub fn check(&self, request: &Value) -> Result<Value, Vec<Violation>> {
        let example: Option<Value> = serde_json::from_str(self.info.example_request).ok();
        (self.check_request_with)(request, example.as_ref()).map_err(|mut violations| {
            // Unknown top-level fields are named even when the request could not be decoded.
            for k in request.as_object().into_iter().flat_map(|o| o.keys()) {
                if !self.info.fields.iter().any(|f| f.name == k) && !reported(&violations, k) {
                    violations.push(Violation {
                        path: k.clone(),
                        message: "unknown field".into(),
                    });
                }
            }
            for v in &mut violations {
                if v.message == "unknown field" && !v.path.contains(['.', '[']) {
                    let names = self.info.fields.iter().map(|f| f.name);
                    if let Some(near) = closest(&v.path, names) {
                        v.message = format!("unknown field (did you mean `{near}`?)");
                    }
                }
            }
            violations
        })
    }

    /// The entry of request type `R`.
    pub const fn of<R>(info: &'static ActionInfo) -> Self
    where
        R: Action + DeserializeOwned,
        R::Result: Serialize,
    {
        Self {
            operation: R::OPERATION,
            info,
            call_json: call_json::<R>,
            prepare_json: prepare_json::<R>,
            check_request: check_request::<R>,
            check_request_with: check_request_with::<R>,
            check_result: check_result::<R>,
            decode_answer: decode_answer::<R>,
        }
    }
}

fn call_json<'a, R>(client: &'a Client, request: Value, options: &'a CallOptions) -> JsonFuture<'a>
where
    R: Action + DeserializeOwned,
    R::Result: Serialize,
{
    Box::pin(async move { client.call_json::<R>(request, options).await })
}

fn prepare_json<R>(
    client: &Client,
    request: Value,
    options: &CallOptions,
) -> Result<PreparedRequest, Error>
where
    R: Action + DeserializeOwned,
{
    let op = R::OPERATION;
    let typed: R = typed_request::<R>(&request).map_err(|v| {
        Error::Validation(crate::error::ValidationError::new(op.action, op.version, v))
    })?;
    client.prepare_signed_with(typed, options.idempotency_token.as_deref())
}

/// Decodes a JSON request into its typed form, strictly: a field the type does not have is a
/// violation, as is every constraint the typed value breaks. Nothing is sent.
pub fn typed_request<R>(request: &Value) -> Result<R, Vec<Violation>>
where
    R: Action + DeserializeOwned,
{
    typed_request_with::<R>(request, None)
}

/// [`typed_request`], going on past each structural error by putting the example's value (when
/// given) where the bad or missing one was, so that the errors after it are found too.
pub fn typed_request_with<R>(request: &Value, example: Option<&Value>) -> Result<R, Vec<Violation>>
where
    R: Action + DeserializeOwned,
{
    // Each structural error names its path; the offending value is then set aside and the request
    // decoded again, so that every error is listed, not only the first.
    let mut violations: Vec<Violation> = Vec::new();
    let mut value = request.clone();
    let mut typed = None;
    for _ in 0..64 {
        let text = serde_json::to_string(&value).unwrap_or_default();
        let mut de = serde_json::Deserializer::from_str(&text);
        match serde_path_to_error::deserialize::<_, R>(&mut de) {
            Ok(t) => {
                typed = Some(t);
                break;
            }
            Err(e) => {
                let segments: Vec<Seg> = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                        serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                        _ => None,
                    })
                    .collect();
                let message = plain_message(&bare_message(&e.inner().to_string()));
                let mut path = render(&segments);
                // "missing field `X`" is reported at the object that lacks it: name the field.
                if let Some(field) = message
                    .strip_prefix("missing field `")
                    .and_then(|m| m.strip_suffix('`'))
                {
                    path = if path.is_empty() {
                        field.to_string()
                    } else {
                        format!("{path}.{field}")
                    };
                    let mut at = segments;
                    at.push(Seg::Key(field.to_string()));
                    // A value set aside for an earlier error is not reported missing again.
                    if !violations.iter().any(|v| v.path == path) {
                        violations.push(Violation {
                            path,
                            message: "missing required field".into(),
                        });
                    }
                    if !patch(&mut value, &at, example) {
                        break;
                    }
                } else {
                    violations.push(Violation { path, message });
                    if !patch(&mut value, &segments, example) {
                        break;
                    }
                }
            }
        }
    }
    let Some(typed) = typed else {
        return Err(violations);
    };
    let back = crate::json::to_value(&typed).map_err(|e| {
        vec![Violation {
            path: String::new(),
            message: e.to_string(),
        }]
    })?;
    unknown_fields(request, &back, "", &mut violations);
    // A value already reported (out of range, say) is not reported again by the constraints.
    let structural = violations.len();
    for v in Violations::of(&typed) {
        let ty = v
            .message
            .split_once(" is out of range for ")
            .map(|(_, t)| t);
        if let Some(r) = violations[..structural]
            .iter_mut()
            .find(|r| r.path == v.path)
        {
            // The number as sent, with the type it did not fit (`-1e39 ... for f32`).
            if let (Some(ty), Some(sent)) = (ty, r.message.strip_suffix("the field's type")) {
                r.message = format!("{sent}{}", ty.split(' ').next().unwrap_or(ty));
            }
        } else if !reported(&violations[..structural], &v.path) {
            violations.push(v);
        }
    }
    if violations.is_empty() {
        Ok(typed)
    } else {
        Err(violations)
    }
}

/// The known name closest to `unknown` (by edit distance, case-insensitive), when it is close.
pub(crate) fn closest<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let unknown = unknown.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::levenshtein(&unknown, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn check_request<R>(request: &Value) -> Result<Value, Vec<Violation>>
where
    R: Action + DeserializeOwned,
    R::Result: Serialize,
{
    check_request_with::<R>(request, None)
}

fn check_request_with<R>(request: &Value, example: Option<&Value>) -> Result<Value, Vec<Violation>>
where
    R: Action + DeserializeOwned,
    R::Result: Serialize,
{
    let typed = typed_request_with::<R>(request, example)?;
    crate::json::to_value(&typed).map_err(|e| {
        vec![Violation {
            path: String::new(),
            message: e.to_string(),
        }]
    })
}

fn check_result<R>(result: &Value) -> Result<Value, String>
where
    R: Action + DeserializeOwned,
    R::Result: Serialize,
{
    let typed: R::Result = crate::json::from_value(result).map_err(|e| e.to_string())?;
    crate::json::to_value(&typed).map_err(|e| e.to_string())
}

fn decode_answer<R>(status: u16, body: &[u8]) -> Result<Value, Error>
where
    R: Action + DeserializeOwned,
    R::Result: Serialize,
{
    let response = crate::client::decode_answer::<R::Result>(R::OPERATION, status, body)?;
    render_result(&response.result)
}

/// A typed result as JSON.
fn render_result<T: Serialize>(result: &T) -> Result<Value, Error> {
    crate::json::to_value(result)
        .map_err(|e| Error::config_from(crate::error::ConfigErrorKind::RenderResult, e))
}

impl Client {
    /// Prepares, signs and sends a request given as JSON, answering the `Result` as JSON
    /// (feature `registry`). The JSON is checked against the request type first: every unknown
    /// field and every violation is reported, with its path, before any I/O.
    pub async fn call_json<R>(&self, request: Value, options: &CallOptions) -> Result<Value, Error>
    where
        R: Action + DeserializeOwned,
        R::Result: Serialize,
    {
        let op = R::OPERATION;
        let typed: R = typed_request::<R>(&request).map_err(|v| {
            Error::Validation(crate::error::ValidationError::new(op.action, op.version, v))
        })?;
        let response = self.call_with(typed, options).await?;
        render_result(&response.result)
    }
}

/// The action with this name and version among `entries` (the newest version when `version` is
/// `None`).
pub fn find<'a>(
    entries: &'a [ActionEntry],
    action: &str,
    version: Option<&str>,
) -> Option<&'a ActionEntry> {
    entries
        .iter()
        .filter(|e| {
            e.operation.action == action && version.is_none_or(|v| v == e.operation.version)
        })
        .max_by(|a, b| a.operation.version.cmp(b.operation.version))
}

/// Reads query parameters back into a JSON request, using the action's parameter kinds.
pub fn query_to_json(info: &ActionInfo, pairs: &[(String, String)]) -> Value {
    let mut obj = serde_json::Map::new();
    for (k, v) in pairs {
        if k == "Action" || k == "Version" {
            continue;
        }
        let kind = info
            .query_fields
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, kind)| *kind);
        let value = match kind {
            Some(QueryKind::Integer) => v
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(v.clone())),
            Some(QueryKind::Number) => v
                .parse::<f64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(v.clone())),
            Some(QueryKind::Bool) => match v.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(v.clone()),
            },
            _ => Value::String(v.clone()),
        };
        obj.insert(k.clone(), value);
    }
    Value::Object(obj)
}
