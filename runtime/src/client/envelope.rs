//! The answer: the `ResponseMetadata` / `Result` envelope, API errors and typed decoding.

use std::time::Duration;

use reqwest::header::HeaderValue;
use serde::Deserialize;

use crate::error::{excerpt, ApiError, CallInfo, Error, HttpError};
use crate::operation::Operation;

/// What one attempt came to.
pub(crate) enum Outcome {
    Done(RawAnswer),
    Retry {
        error: Error,
        after: Option<Duration>,
    },
    Fail(Error),
}

/// An answer that is neither a success nor an API error. Retried when throttled (429), or when the
/// request is idempotent (replayed under its key) and the server may not have done as asked: a 5xx,
/// or an answer that is not the envelope at all (truncated, HTML from a proxy), whatever its status.
pub(crate) fn classify_http(
    status: u16,
    undecodable: bool,
    idempotent: bool,
    err: Error,
    after: Option<Duration>,
) -> Outcome {
    if status == 429 || (idempotent && (undecodable || status >= 500)) {
        Outcome::Retry { error: err, after }
    } else {
        Outcome::Fail(err)
    }
}

/// `ResponseMetadata` of an answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
#[non_exhaustive]
pub struct ResponseMetadata {
    /// The request's id, for support.
    #[serde(rename = "RequestId", default)]
    pub request_id: String,
    /// The action.
    #[serde(rename = "Action", default)]
    pub action: String,
    /// The version.
    #[serde(rename = "Version", default)]
    pub version: String,
    /// The service.
    #[serde(rename = "Service", default)]
    pub service: String,
    /// The region.
    #[serde(rename = "Region", default)]
    pub region: String,
}

/// A successful answer: the decoded `Result` and its metadata.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded `Result`.
    pub result: T,
    /// `ResponseMetadata` (request id and echo of the call).
    pub metadata: ResponseMetadata,
    /// How many attempts the call took.
    pub attempts: u32,
    /// The idempotency token sent, for actions that have one.
    pub idempotency_token: Option<String>,
}

impl<T> Response<T> {
    /// `ResponseMetadata.RequestId`.
    pub fn request_id(&self) -> &str {
        &self.metadata.request_id
    }

    /// The decoded `Result`, by value.
    pub fn into_result(self) -> T {
        self.result
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.result
    }
}

/// The raw successful answer.
pub(crate) struct RawAnswer {
    pub metadata: ResponseMetadata,
    /// The whole body, shared (not copied).
    pub body: bytes::Bytes,
    /// Where the `Result` sits in `body`, when there is one.
    pub result: Option<std::ops::Range<usize>>,
    pub attempts: u32,
}

impl RawAnswer {
    /// The `Result`'s JSON text (`null` when absent).
    fn result_text(&self) -> &str {
        self.result
            .clone()
            .and_then(|r| self.body.get(r))
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("null")
    }
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(rename = "ResponseMetadata")]
    metadata: Option<WireMetadata>,
    /// Borrowed from the body: decoded into the action's type afterwards, without a copy.
    #[serde(rename = "Result", borrow)]
    result: Option<&'a serde_json::value::RawValue>,
}

/// `ResponseMetadata` with its `Error`, read field by field: [`ResponseMetadata`]'s fields are
/// repeated here rather than flattened, since `#[serde(flatten)]` buffers every field of the object.
#[derive(Deserialize)]
struct WireMetadata {
    #[serde(rename = "RequestId", default)]
    request_id: String,
    #[serde(rename = "Action", default)]
    action: String,
    #[serde(rename = "Version", default)]
    version: String,
    #[serde(rename = "Service", default)]
    service: String,
    #[serde(rename = "Region", default)]
    region: String,
    #[serde(rename = "Error")]
    error: Option<WireError>,
}

impl WireMetadata {
    /// The metadata and the error apart.
    fn split(self) -> (ResponseMetadata, Option<WireError>) {
        let meta = ResponseMetadata {
            request_id: self.request_id,
            action: self.action,
            version: self.version,
            service: self.service,
            region: self.region,
        };
        (meta, self.error)
    }
}

#[derive(Deserialize)]
struct WireError {
    #[serde(rename = "Code", default)]
    code: String,
    #[serde(rename = "CodeN", default)]
    code_n: Option<u32>,
    #[serde(rename = "Message", default)]
    message: String,
}

fn call_info(op: &Operation, attempt: u32) -> CallInfo {
    let mut call = CallInfo::new(op.action, op.version);
    call.attempts = attempt;
    call
}

/// What one answer means: its raw `Result`, or a typed error to retry or to return. No I/O, so that
/// [`decode_answer`] runs exactly what every attempt runs.
pub(crate) fn interpret_answer(
    op: &'static Operation,
    status: u16,
    bytes: &bytes::Bytes,
    retry_after: Option<Duration>,
    date: Option<&HeaderValue>,
    attempt: u32,
) -> Outcome {
    let idempotent = op.is_idempotent();
    let http_error = |reason: String, request_id: Option<String>| {
        Error::Http(Box::new(HttpError {
            status,
            reason,
            body_excerpt: excerpt(bytes),
            request_id,
            call: call_info(op, attempt),
        }))
    };
    let envelope: Envelope = match serde_json::from_slice(bytes) {
        Ok(e) => e,
        Err(e) => {
            let err = http_error(format!("the body is not the JSON envelope ({e})"), None);
            tracing::debug!(attempt, status, "undecodable answer");
            return classify_http(status, true, idempotent, err, retry_after);
        }
    };
    let Some(wire) = envelope.metadata else {
        let err = http_error("the answer has no ResponseMetadata".into(), None);
        return classify_http(status, true, idempotent, err, retry_after);
    };
    let (meta, error) = wire.split();
    tracing::debug!(
        attempt,
        status,
        request_id = %crate::text::shown(&meta.request_id, crate::text::SHORT_CHARS),
        "answer"
    );
    if let Some(werr) = error.as_ref().filter(|e| e.code.trim().is_empty()) {
        // An `Error` without a code is no API error a caller could act on: the envelope is broken.
        let what = if werr.message.is_empty() {
            "ResponseMetadata.Error has no Code (an empty Error)"
        } else {
            "ResponseMetadata.Error has a Message but no Code"
        };
        let err = http_error(what.into(), Some(meta.request_id).filter(|s| !s.is_empty()));
        return classify_http(status, true, idempotent, err, retry_after);
    }
    if let Some(werr) = error {
        let mut api = ApiError::new(
            op.service,
            call_info(op, attempt),
            status,
            werr.code,
            werr.message,
        );
        api.code_n = werr.code_n;
        api.request_id = Some(meta.request_id).filter(|s| !s.is_empty());
        api.server_date = date
            .and_then(|v| v.to_str().ok())
            .and_then(|d| httpdate::parse_http_date(d).ok());
        if api.is_clock_skew() {
            return Outcome::Fail(Error::Api(Box::new(api)));
        }
        let throttled = api.is_throttling();
        let retryable = api.is_retryable();
        let err = Error::Api(Box::new(api));
        return if throttled || (retryable && idempotent) {
            Outcome::Retry {
                error: err,
                after: retry_after,
            }
        } else {
            Outcome::Fail(err)
        };
    }
    if status != 200 {
        let err = http_error(
            "a non-200 status without ResponseMetadata.Error".into(),
            Some(meta.request_id).filter(|s| !s.is_empty()),
        );
        return classify_http(status, false, idempotent, err, retry_after);
    }
    // The Result borrows from `bytes`: where it sits there.
    let result = envelope.result.and_then(|r| {
        let start = (r.get().as_ptr() as usize).checked_sub(bytes.as_ptr() as usize)?;
        let range = start..start.checked_add(r.get().len())?;
        (range.end <= bytes.len()).then_some(range)
    });
    Outcome::Done(RawAnswer {
        metadata: meta,
        body: bytes.clone(),
        result,
        attempts: attempt,
    })
}

/// Runs the client's whole answer path on one answer, as if the server had sent this status and body:
/// the envelope, the mapping of errors and the typed decoding of `Result`. A retryable error is
/// answered as after the last attempt. For fuzzing and tests; every failure is a typed [`Error`].
#[doc(hidden)]
pub fn decode_answer<T: serde::de::DeserializeOwned>(
    op: &'static Operation,
    status: u16,
    body: &[u8],
) -> Result<Response<T>, Error> {
    match interpret_answer(
        op,
        status,
        &bytes::Bytes::copy_from_slice(body),
        None,
        None,
        1,
    ) {
        Outcome::Done(raw) => decode::<T>(op, raw, None),
        Outcome::Retry { error, .. } | Outcome::Fail(error) => Err(error),
    }
}

/// Decodes the `Result` of a successful answer. An absent or `null` `Result` is read as `null` (an
/// optional result) or else as `{}` (an object whose fields are all optional).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    op: &'static Operation,
    raw: RawAnswer,
    token: Option<String>,
) -> Result<Response<T>, Error> {
    let text = raw.result_text();
    let decoded = match serde_json::from_str::<T>(text) {
        Err(e) if text == "null" => serde_json::from_str::<T>("{}").map_err(|_| e),
        other => other,
    };
    match decoded {
        Ok(result) => Ok(Response {
            result,
            metadata: raw.metadata,
            attempts: raw.attempts,
            idempotency_token: token,
        }),
        Err(e) => {
            let mut call = call_info(op, raw.attempts);
            call.idempotency_token = token;
            Err(Error::Http(Box::new(HttpError {
                status: 200,
                reason: format!("the Result does not match the spec: {e}"),
                body_excerpt: excerpt(text.as_bytes()),
                request_id: Some(raw.metadata.request_id).filter(|s| !s.is_empty()),
                call,
            })))
        }
    }
}
