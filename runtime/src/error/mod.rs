//! Typed errors. None of them carries a secret.

use std::fmt;

mod config;
pub use config::{
    ConfigError, ConfigErrorKind, CredentialsError, CredentialsErrorKind, SettingSource,
    SourceTried,
};

use crate::service::ServiceInfo;
use crate::text::{shown, MESSAGE_CHARS, SHORT_CHARS};
use crate::validate::Violation;

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
    /// The client is misconfigured (bad configuration file, endpoint, region or edition); nothing
    /// was sent.
    Config(Box<ConfigError>),
    /// No credentials: none found in any source, or the credentials provider failed (its error is
    /// the [`source`](std::error::Error::source)).
    Credentials(Box<CredentialsError>),
    /// A pager stopped because the server's pages did not advance (a cursor or a page answered
    /// again), instead of asking forever.
    Paging(Box<PagingError>),
    /// The answer was larger than the client reads (see
    /// [`ClientBuilder::max_answer_bytes`](crate::ClientBuilder::max_answer_bytes)); reading
    /// stopped at the limit.
    AnswerTooLarge(Box<AnswerTooLargeError>),
}

/// Which call failed, and how far it got: shared by the errors that happen after sending began.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallInfo {
    /// The action called.
    pub action: &'static str,
    /// Its version.
    pub version: &'static str,
    /// Attempts made, the failed one included.
    pub attempts: u32,
    /// The idempotency token the request carried (for actions with an idempotency key): pass it
    /// again to retry an ambiguous failure without doing the work twice.
    pub idempotency_token: Option<String>,
}

impl CallInfo {
    /// The facts of a call of `action` at `version`, before its first attempt.
    pub fn new(action: &'static str, version: &'static str) -> Self {
        Self {
            action,
            version,
            attempts: 0,
            idempotency_token: None,
        }
    }
}

impl fmt::Display for CallInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.action, self.version)
    }
}

/// The request broke the spec's constraints.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidationError {
    /// The action.
    pub action: &'static str,
    /// Its version.
    pub version: &'static str,
    /// Every violation, with its path.
    pub violations: Vec<Violation>,
}

impl ValidationError {
    /// The violations of a request of `action` at `version`.
    pub fn new(action: &'static str, version: &'static str, violations: Vec<Violation>) -> Self {
        Self {
            action,
            version,
            violations,
        }
    }
}

/// An error answered in `ResponseMetadata.Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// `Error.Code`, e.g. `InvalidParameter` (the generated crate lists the documented codes).
    pub code: String,
    /// `Error.CodeN`, the gateway's numeric code, when sent.
    pub code_n: Option<u32>,
    /// `Error.Message`.
    pub message: String,
    /// `ResponseMetadata.RequestId`.
    pub request_id: Option<String>,
    /// HTTP status.
    pub http_status: u16,
    /// The call.
    pub call: CallInfo,
    /// The server's clock (its `Date` header), when the answer carried one.
    pub server_date: Option<std::time::SystemTime>,
    /// The service whose table classifies the code.
    pub(crate) service: Option<&'static ServiceInfo>,
}

impl ApiError {
    /// An error answer of `call`, classified by `service`'s table of codes.
    pub fn new(
        service: &'static ServiceInfo,
        call: CallInfo,
        http_status: u16,
        code: String,
        message: String,
    ) -> Self {
        Self {
            code,
            code_n: None,
            message,
            request_id: None,
            http_status,
            call,
            server_date: None,
            service: Some(service),
        }
    }

    fn info(&self) -> Option<&'static crate::service::ErrorCodeInfo> {
        self.service?.error_code(&self.code)
    }

    /// Whether the spec documents the code as server-side trouble that a retry may fix.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling() || self.info().is_some_and(|i| i.retryable) || self.http_status >= 500
    }

    /// Whether the request was throttled (not processed).
    pub fn is_throttling(&self) -> bool {
        self.http_status == 429 || self.info().is_some_and(|i| i.throttling)
    }

    /// Whether the code says the request's time is off.
    pub fn is_clock_skew(&self) -> bool {
        self.info().is_some_and(|i| i.clock_skew)
    }
}

/// An answer that is not the documented envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpError {
    /// HTTP status.
    pub status: u16,
    /// What was wrong.
    pub reason: String,
    /// The first bytes of the body, lossily decoded.
    pub body_excerpt: String,
    /// The request id, when it could be read.
    pub request_id: Option<String>,
    /// The call.
    pub call: CallInfo,
}

/// Pages that did not advance.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PagingError {
    /// What repeated.
    pub reason: String,
    /// The page (1 for the first fetched) whose answer repeated.
    pub page: u64,
    /// That answer's request id.
    pub request_id: Option<String>,
    /// The call of that page.
    pub call: CallInfo,
}

impl PagingError {
    /// Page `page` of `call` did not advance, for `reason`.
    pub fn new(call: CallInfo, page: u64, reason: String, request_id: Option<String>) -> Self {
        Self {
            reason,
            page,
            request_id,
            call,
        }
    }
}

/// An answer larger than the limit the client reads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnswerTooLargeError {
    /// The limit, in bytes.
    pub limit: u64,
    /// The size the server announced (`Content-Length`), when it announced one.
    pub announced: Option<u64>,
    /// HTTP status of the answer.
    pub status: u16,
    /// The call.
    pub call: CallInfo,
}

/// A failure to send or to receive.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// What happened.
    pub message: String,
    /// The attempt (or the whole call) timed out.
    pub timed_out: bool,
    /// The connection could not be made (the request surely did not reach the server).
    pub connect: bool,
    /// The call.
    pub call: CallInfo,
    /// The underlying error.
    pub(crate) source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// A transport failure of `call`.
    pub fn new(call: CallInfo, message: String, timed_out: bool, connect: bool) -> Self {
        Self {
            message,
            timed_out,
            connect,
            call,
            source: None,
        }
    }

    /// The same failure, keeping its cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

impl Error {
    /// The request id of the failed answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Http(e) => e.request_id.as_deref(),
            Error::Paging(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, when an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.http_status),
            Error::Http(e) => Some(e.status),
            Error::AnswerTooLarge(e) => Some(e.status),
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

    /// The call's facts (action, version, attempts, idempotency token), for errors that happen
    /// once sending began.
    pub fn call(&self) -> Option<&CallInfo> {
        match self {
            Error::Api(e) => Some(&e.call),
            Error::Http(e) => Some(&e.call),
            Error::Transport(e) => Some(&e.call),
            Error::Paging(e) => Some(&e.call),
            Error::AnswerTooLarge(e) => Some(&e.call),
            Error::Validation(_) | Error::Config(_) | Error::Credentials(_) => None,
        }
    }

    pub(crate) fn call_mut(&mut self) -> Option<&mut CallInfo> {
        match self {
            Error::Api(e) => Some(&mut e.call),
            Error::Http(e) => Some(&mut e.call),
            Error::Transport(e) => Some(&mut e.call),
            Error::Paging(e) => Some(&mut e.call),
            Error::AnswerTooLarge(e) => Some(&mut e.call),
            Error::Validation(_) | Error::Config(_) | Error::Credentials(_) => None,
        }
    }

    /// Attempts made (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.call().map_or(0, |c| c.attempts)
    }

    /// The idempotency token the failed call sent, for actions with an idempotency key.
    pub fn idempotency_token(&self) -> Option<&str> {
        self.call()?.idempotency_token.as_deref()
    }

    /// Whether the request may have reached the server and been carried out although the call
    /// failed (a timeout or a dropped connection after sending, an unreadable or too large answer,
    /// a 5xx). Retry such a call with the same idempotency token (see
    /// [`Error::idempotency_token`]).
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Error::Transport(e) => !e.connect,
            Error::AnswerTooLarge(_) => true,
            Error::Http(e) => e.status >= 500 || e.status == 200,
            Error::Api(e) => e.http_status >= 500 && !e.is_throttling(),
            Error::Validation(_) | Error::Config(_) | Error::Credentials(_) | Error::Paging(_) => {
                false
            }
        }
    }

    /// Whether a retry may succeed (transient failure), regardless of idempotency.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => e.is_retryable(),
            Error::Http(e) => e.status >= 500 || e.status == 429,
            Error::Transport(_) => true,
            Error::Validation(_) | Error::Config(_) | Error::Credentials(_) | Error::Paging(_) => {
                false
            }
            Error::AnswerTooLarge(_) => false,
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

/// The attempts made and, when the request may have been carried out (`ambiguous`), the
/// idempotency token to retry with.
fn write_attempts(f: &mut fmt::Formatter<'_>, call: &CallInfo, ambiguous: bool) -> fmt::Result {
    if call.attempts > 1 {
        write!(f, " after {} attempts", call.attempts)?;
    }
    if let Some(t) = call.idempotency_token.as_deref().filter(|_| ambiguous) {
        write!(f, " (idempotency token {})", shown(t, SHORT_CHARS))?;
    }
    Ok(())
}

impl fmt::Display for Error {
    /// Text that came from the server (codes, messages, request ids, bodies) is shown escaped and
    /// cut (see [`crate::text`]): printing an error cannot drive a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ambiguous = self.is_ambiguous();
        match self {
            Error::Validation(v) => {
                write!(
                    f,
                    "{} ({}): invalid request ({} violation(s)): ",
                    v.action,
                    v.version,
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
                write!(f, "{}: {} ", e.call, shown(&e.code, SHORT_CHARS))?;
                if let Some(n) = e.code_n {
                    write!(f, "(CodeN {n}) ")?;
                }
                write!(
                    f,
                    "{} [HTTP {}",
                    shown(&e.message, MESSAGE_CHARS),
                    e.http_status
                )?;
                if let Some(r) = &e.request_id {
                    write!(f, ", RequestId {}", shown(r, SHORT_CHARS))?;
                }
                f.write_str("]")?;
                write_attempts(f, &e.call, ambiguous)
            }
            Error::Http(e) => {
                write!(
                    f,
                    "{}: unexpected answer, HTTP {}: {}",
                    e.call,
                    e.status,
                    shown(&e.reason, MESSAGE_CHARS)
                )?;
                if let Some(r) = &e.request_id {
                    write!(f, " [RequestId {}]", shown(r, SHORT_CHARS))?;
                }
                if !e.body_excerpt.is_empty() {
                    write!(f, "; body starts {:?}", e.body_excerpt)?;
                }
                write_attempts(f, &e.call, ambiguous)
            }
            Error::Transport(e) => {
                write!(
                    f,
                    "{}: transport error: {}",
                    e.call,
                    shown(&e.message, MESSAGE_CHARS)
                )?;
                write_attempts(f, &e.call, ambiguous)
            }
            Error::AnswerTooLarge(e) => {
                write!(
                    f,
                    "{}: the answer (HTTP {}) is larger than the limit of {} bytes",
                    e.call, e.status, e.limit
                )?;
                if let Some(n) = e.announced {
                    write!(f, " (it announced {n} bytes)")?;
                }
                f.write_str("; reading stopped at the limit (raise it with max_answer_bytes)")?;
                write_attempts(f, &e.call, ambiguous)
            }
            Error::Config(e) => write!(f, "configuration error: {e}"),
            Error::Credentials(e) => write!(f, "credentials error: {e}"),
            Error::Paging(e) => {
                write!(
                    f,
                    "{}: paging stopped at page {}: {}",
                    e.call,
                    e.page,
                    shown(&e.reason, MESSAGE_CHARS)
                )?;
                if let Some(r) = &e.request_id {
                    write!(f, " [RequestId {}]", shown(r, SHORT_CHARS))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => e
                .source
                .as_deref()
                .map(|s| s as &(dyn std::error::Error + 'static)),
            // The message of the configuration or credentials error is the error's own: its
            // source is the underlying cause (a parse error, the provider's error).
            Error::Config(e) => std::error::Error::source(&**e),
            Error::Credentials(e) => std::error::Error::source(&**e),
            Error::Validation(_)
            | Error::Api(_)
            | Error::Http(_)
            | Error::Paging(_)
            | Error::AnswerTooLarge(_) => None,
        }
    }
}

/// A short, lossy excerpt of a body for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let cut = &body[..body.len().min(200)];
    String::from_utf8_lossy(cut).into_owned()
}
