//! Typed errors. None of them carries a secret.

use std::fmt;

use crate::runtime::operation::error_code_info;
use crate::runtime::validate::Violation;

/// Everything a call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request broke the spec's constraints; nothing was sent.
    Validation(ValidationError),
    /// The service answered with `ResponseMetadata.Error`.
    Api(Box<ApiError>),
    /// The answer was not the documented envelope (not JSON, truncated, or a status with no error).
    Http(Box<HttpError>),
    /// The request could not be sent or its answer not received (connection, timeout).
    Transport(Box<TransportError>),
    /// The client is misconfigured (no credentials, bad endpoint, unknown region).
    Config(String),
}

/// The request broke the spec's constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The action.
    pub action: &'static str,
    /// Every violation, with its path.
    pub violations: Vec<Violation>,
}

/// An error answered in `ResponseMetadata.Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// `Error.Code`, e.g. `ParticipantNotInConversation` (see [`crate::service::codes`]).
    pub code: String,
    /// `Error.CodeN`, the gateway's numeric code, when sent.
    pub code_n: Option<u32>,
    /// `Error.Message`.
    pub message: String,
    /// `ResponseMetadata.RequestId`.
    pub request_id: Option<String>,
    /// HTTP status.
    pub http_status: u16,
    /// The action called.
    pub action: &'static str,
    /// The server's clock (its `Date` header), when the answer carried one.
    pub server_date: Option<std::time::SystemTime>,
}

impl ApiError {
    /// Whether the spec documents the code as server-side trouble that a retry may fix.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling()
            || error_code_info(&self.code).is_some_and(|i| i.retryable)
            || self.http_status >= 500
    }

    /// Whether the request was throttled (not processed).
    pub fn is_throttling(&self) -> bool {
        self.http_status == 429 || error_code_info(&self.code).is_some_and(|i| i.throttling)
    }

    /// Whether the code says the request's time is off.
    pub fn is_clock_skew(&self) -> bool {
        error_code_info(&self.code).is_some_and(|i| i.clock_skew)
    }
}

/// An answer that is not the documented envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    /// HTTP status.
    pub status: u16,
    /// What was wrong.
    pub reason: String,
    /// The first bytes of the body, lossily decoded.
    pub body_excerpt: String,
    /// The request id, when it could be read.
    pub request_id: Option<String>,
    /// The action called.
    pub action: &'static str,
}

/// A failure to send or to receive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransportError {
    /// What happened.
    pub message: String,
    /// The attempt timed out.
    pub timed_out: bool,
    /// The connection could not be made (the request surely did not reach the server).
    pub connect: bool,
    /// The action called.
    pub action: &'static str,
}

impl Error {
    /// The request id of the failed answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Http(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, when an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.http_status),
            Error::Http(e) => Some(e.status),
            _ => None,
        }
    }

    /// The API error, when the service answered one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether a retry may succeed (transient failure), regardless of idempotency.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Http(e) => e.status >= 500 || e.status == 429,
            Error::Transport(_) => true,
            Error::Validation(_) | Error::Config(_) => false,
        }
    }

    /// Whether the request was throttled.
    pub fn is_throttling(&self) -> bool {
        match self {
            Error::Api(e) => e.is_throttling(),
            Error::Http(e) => e.status == 429,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(v) => {
                write!(
                    f,
                    "{}: invalid request ({} violation(s)): ",
                    v.action,
                    v.violations.len()
                )?;
                for (i, x) in v.violations.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{x}")?;
                }
                Ok(())
            }
            Error::Api(e) => {
                write!(f, "{}: {} ", e.action, e.code)?;
                if let Some(n) = e.code_n {
                    write!(f, "(CodeN {n}) ")?;
                }
                write!(f, "{} [HTTP {}", e.message, e.http_status)?;
                if let Some(r) = &e.request_id {
                    write!(f, ", RequestId {r}")?;
                }
                f.write_str("]")
            }
            Error::Http(e) => {
                write!(
                    f,
                    "{}: unexpected answer, HTTP {}: {}",
                    e.action, e.status, e.reason
                )?;
                if let Some(r) = &e.request_id {
                    write!(f, " [RequestId {r}]")?;
                }
                if !e.body_excerpt.is_empty() {
                    write!(f, "; body starts {:?}", e.body_excerpt)?;
                }
                Ok(())
            }
            Error::Transport(e) => write!(f, "{}: transport error: {}", e.action, e.message),
            Error::Config(m) => write!(f, "configuration error: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// A short, lossy excerpt of a body for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let cut = &body[..body.len().min(200)];
    String::from_utf8_lossy(cut).into_owned()
}
