//! The client engine: configuration, endpoint, request building, retries, rate limiting and the
//! envelope of answers.
//!
//! Everything service- and action-specific arrives as data ([`Operation`], [`ServiceInfo`]) or
//! through the [`Action`] trait that generated code implements; the generic part of a call is
//! small and the rest is shared by every action.

mod body;
mod config;
pub mod debug;
mod endpoint;
mod envelope;
mod policy;
mod ratelimit;
mod request;
mod retry;

use std::fmt;
use std::sync::atomic::AtomicI64;
use std::sync::Arc;
use std::time::Duration;

use tracing::Instrument;

pub use body::DEFAULT_MAX_ANSWER_BYTES;
pub use config::ClientBuilder;
pub use envelope::{decode_answer, Response, ResponseMetadata};
pub use policy::{RateLimit, RetryPolicy};
pub use request::{prepare, PreparedRequest};

use config::TokenSource;
use endpoint::Endpoint;
use ratelimit::RateLimiter;
use request::Target;

use crate::credentials::CredentialSource;
use crate::error::{ConfigErrorKind, Error, ValidationError};
use crate::operation::Action;
use crate::operation::Operation;
use crate::service::{EditionInfo, ServiceInfo};
use crate::signer::KeyCache;
use crate::text::{shown, SHORT_CHARS};
use crate::validate::{Violation, Violations};

/// A client of one Volcengine service: one pooled HTTPS connection pool, cheap to clone and share.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceInfo,
    http: reqwest::Client,
    credentials: CredentialSource,
    region: String,
    /// The edition targeted, when not the service's own.
    edition: Option<&'static EditionInfo>,
    endpoint: Endpoint,
    retry: RetryPolicy,
    /// The most bytes of an answer read (over it: [`Error::AnswerTooLarge`]).
    max_answer_bytes: u64,
    limiter: RateLimiter,
    tokens: TokenSource,
    keys: KeyCache,
    /// Correction added to the local clock, in seconds (learnt from a skew error).
    clock_offset: AtomicI64,
    /// The location of each action whose fields all go in the body, by its operation's address:
    /// one per action at most (operations are statics).
    locations: std::sync::RwLock<std::collections::HashMap<usize, Arc<request::Location>>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.name)
            .field("credentials", &self.inner.credentials)
            .field("region", &self.inner.region)
            .field("endpoint", &self.inner.endpoint.origin)
            .field("retry", &self.inner.retry)
            .field("rate_limit", &self.inner.limiter.limit())
            .finish_non_exhaustive()
    }
}

/// What one call may set for itself, over the client's configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallOptions {
    /// A deadline for the whole call, retries and backoff included.
    pub timeout: Option<Duration>,
    /// The timeout of each attempt (otherwise the client's).
    pub attempt_timeout: Option<Duration>,
    /// Retry rules for this call.
    pub retry: Option<RetryPolicy>,
    /// Rate limiting for this call.
    pub rate_limit: Option<RateLimit>,
    /// The idempotency token to send (for actions with an idempotency key), for example the one an
    /// earlier, ambiguous failure reported: the server then does the work at most once.
    pub idempotency_token: Option<String>,
    /// The most bytes of an answer this call reads (otherwise the client's, by default
    /// [`DEFAULT_MAX_ANSWER_BYTES`]): a larger answer is [`Error::AnswerTooLarge`].
    pub max_answer_bytes: Option<u64>,
    /// Field paths whose client-side checks this call waives (see
    /// [`allow_violation`](Self::allow_violation)).
    pub allowed_violations: Vec<String>,
}

impl CallOptions {
    /// No per-call settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// A deadline for the whole call, retries and backoff included.
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// The timeout of each attempt.
    pub fn attempt_timeout(mut self, t: Duration) -> Self {
        self.attempt_timeout = Some(t);
        self
    }

    /// Retry rules for this call.
    pub fn retry(mut self, r: RetryPolicy) -> Self {
        self.retry = Some(r);
        self
    }

    /// Rate limiting for this call.
    pub fn rate_limit(mut self, r: RateLimit) -> Self {
        self.rate_limit = Some(r);
        self
    }

    /// Sends the request even when the client-side check of the field at `path` (a wire path as
    /// violations name it, such as `Encode.VideoFps` or `Dimension`), or of anything below it,
    /// fails. For the day the vendor widens a rule before this crate's spec follows (a new enum
    /// value, a relaxed limit): the waiver is explicit at the call site, names the fields it covers,
    /// and every other check still runs. A waived violation is logged at `debug` level.
    pub fn allow_violation(mut self, path: impl Into<String>) -> Self {
        self.allowed_violations.push(path.into());
        self
    }

    /// The idempotency token to send.
    pub fn idempotency_token(mut self, token: impl Into<String>) -> Self {
        self.idempotency_token = Some(token.into());
        self
    }

    /// The most bytes of an answer this call reads.
    pub fn max_answer_bytes(mut self, limit: u64) -> Self {
        self.max_answer_bytes = Some(limit);
        self
    }
}

impl Client {
    /// A builder for a client of `service`.
    pub fn builder(service: &'static ServiceInfo) -> ClientBuilder {
        ClientBuilder::new(service)
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The edition targeted ([`ClientBuilder::edition`]), `None` for the service's own.
    pub fn edition(&self) -> Option<&'static EditionInfo> {
        self.inner.edition
    }

    /// The configured region.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// Calls any action: validate, fill the idempotency key, serialise, send, decode.
    pub async fn call<R: Action>(&self, request: R) -> Result<Response<R::Result>, Error> {
        self.call_with(request, &CallOptions::default()).await
    }

    /// [`call`](Self::call) with per-call settings.
    pub async fn call_with<R: Action>(
        &self,
        request: R,
        options: &CallOptions,
    ) -> Result<Response<R::Result>, Error> {
        let op = R::OPERATION;
        let (target, token) = self.target(
            request,
            options.idempotency_token.as_deref(),
            &options.allowed_violations,
        )?;
        let raw = if tracing::enabled!(tracing::Level::INFO) {
            let span = tracing::info_span!(
                "call",
                service = op.service.name,
                action = op.action,
                version = op.version,
                request_id = tracing::field::Empty,
                attempts = tracing::field::Empty,
                outcome = tracing::field::Empty,
            );
            let result = self
                .execute(op, target, options, token.as_deref())
                .instrument(span.clone())
                .await;
            match &result {
                Ok(raw) => {
                    span.record("request_id", raw.metadata.request_id.as_str());
                    span.record("attempts", raw.attempts);
                    span.record("outcome", "ok");
                }
                Err(e) => {
                    if let Some(id) = e.request_id() {
                        span.record("request_id", id);
                    }
                    span.record("attempts", e.attempts());
                    span.record("outcome", "error");
                }
            }
            result?
        } else {
            self.execute(op, target, options, token.as_deref()).await?
        };
        envelope::decode::<R::Result>(op, raw, token)
    }

    /// Runs exactly what [`call`](Self::call) does before sending, without any I/O: validation,
    /// idempotency token, serialisation and signing with the current time. For `--dry-run`,
    /// benchmarks and debugging; each real attempt signs afresh. With a credentials provider, it
    /// signs with the credentials the provider last answered (an error before the first call).
    pub fn prepare_signed<R: Action>(&self, request: R) -> Result<PreparedRequest, Error> {
        self.prepare_signed_with(request, None)
    }

    /// [`prepare_signed`](Self::prepare_signed) with the idempotency token of the call's options.
    pub(crate) fn prepare_signed_with<R: Action>(
        &self,
        request: R,
        token: Option<&str>,
    ) -> Result<PreparedRequest, Error> {
        let op = R::OPERATION;
        let (target, idempotency_token) = self.target(request, token, &[])?;
        let credentials = self.inner.credentials.known()?;
        let headers = self.signed_headers(op, &target, &credentials)?;
        Ok(PreparedRequest {
            method: op.method,
            url: target.location.url.as_str().to_string(),
            headers,
            body: target.body,
            idempotency_token,
        })
    }

    /// Validates (waiving the violations at or below the `allowed` paths), fills the idempotency
    /// key and serialises: the generic part of a call.
    fn target<R: Action>(
        &self,
        mut request: R,
        token: Option<&str>,
        allowed: &[String],
    ) -> Result<(Target, Option<String>), Error> {
        let op = R::OPERATION;
        if let Some(e) = self.inner.edition {
            if !e.serves(op.family.name) {
                return Err(Error::config(ConfigErrorKind::EditionWithoutFamily {
                    edition: e.name,
                    family: op.family.name,
                    action: op.action,
                    serves: e.families.to_vec(),
                }));
            }
        }
        let mut violations = Violations::of(&request);
        if !allowed.is_empty() {
            violations.retain(|v| {
                let waived = allowed.iter().any(|a| covers(a, &v.path));
                if waived {
                    tracing::debug!(action = op.action, path = %v.path, "client-side check waived by the call");
                }
                !waived
            });
        }
        let token = match self.fill_token(op, request.idempotency_token(), token) {
            Ok(token) => token,
            Err(v) => {
                violations.push(v);
                None
            }
        };
        if !violations.is_empty() {
            return Err(Error::Validation(ValidationError::new(
                op.action, op.version, violations,
            )));
        }
        let prepared = request::prepare_inner(op, &request)?;
        Ok((self.locate(op, prepared), token))
    }

    /// The idempotency token to send: the one `given` in the call's options, else the request's
    /// own, else a fresh one. An empty, blank or control-character token, or two different ones
    /// (the request's and the options'), is a violation at the idempotency key.
    fn fill_token(
        &self,
        op: &Operation,
        slot: Option<&mut Option<String>>,
        given: Option<&str>,
    ) -> Result<Option<String>, Violation> {
        let Some(slot) = slot else {
            return Ok(None);
        };
        let key = op.idempotency_key.unwrap_or("idempotency token");
        let violation = |message: String| Violation {
            path: key.to_string(),
            message,
        };
        let own = slot.as_deref().filter(|t| !t.is_empty());
        if let Some(t) = given {
            check_token(t).map_err(violation)?;
            if let Some(own) = own.filter(|own| *own != t) {
                return Err(violation(format!(
                    "the request holds {} but the call's idempotency token is {}: give one",
                    shown(own, SHORT_CHARS),
                    shown(t, SHORT_CHARS)
                )));
            }
            *slot = Some(t.to_string());
        } else if let Some(own) = own {
            check_token(own).map_err(violation)?;
        } else {
            *slot = Some((self.inner.tokens)());
        }
        Ok(slot.clone())
    }
}

/// Why an idempotency token cannot be sent, if it cannot: a token must say something (not empty or
/// blank) and be plain text (no control characters), or two requests could share it by accident.
pub fn check_token(token: &str) -> Result<(), String> {
    if token.trim().is_empty() {
        return Err(format!(
            "the idempotency token {token:?} is empty or blank: give a unique, non-blank token"
        ));
    }
    if token.chars().any(crate::text::is_unsafe) {
        return Err(format!(
            "the idempotency token {} holds control characters",
            shown(token, SHORT_CHARS)
        ));
    }
    Ok(())
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Client>();
}

/// Whether the waiver `allowed` covers the violation at `path`: the same path, or one below it
/// (`Encode` covers `Encode.VideoFps` and `Encode[0]`, not `EncodeMode`).
fn covers(allowed: &str, path: &str) -> bool {
    path.strip_prefix(allowed)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.') || rest.starts_with('['))
}
