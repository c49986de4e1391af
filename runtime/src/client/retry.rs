//! Sending with retries: the attempt loop, what each failure means, backoff and clock-skew
//! correction.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header;
use tracing::Instrument;

use super::config::RetryPolicy;
use super::envelope::{interpret_answer, RawAnswer};
use super::request::Target;
use super::{CallOptions, Client};
use crate::error::{CallInfo, Error, TransportError};
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

/// The clock offset to apply when `e` is a skew error carrying the server's clock.
fn skew_offset(e: &Error) -> Option<i64> {
    let api = e.as_api()?;
    if !api.is_clock_skew() {
        return None;
    }
    let server = api.server_date?.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    let local = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    let offset = server - local;
    // Only a real skew (over a minute) is corrected; otherwise the error stands.
    (offset.abs() > 60).then_some(offset)
}

fn transport_message(e: &reqwest::Error) -> String {
    // reqwest's Display includes the URL, which holds no secret (the query is the request's fields).
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

fn parse_retry_after(v: &str) -> Option<Duration> {
    if let Ok(secs) = v.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs.min(60)));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
            .min(Duration::from_secs(60)),
    )
}

fn backoff(p: RetryPolicy, attempt: u32) -> Duration {
    let exp = p
        .initial_backoff
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let cap = exp.min(p.max_backoff);
    // Jitter: a random point in [cap/2, cap].
    let r = (uuid::Uuid::new_v4().as_u128() % 1000) as u32;
    cap / 2 + cap / 2 * r / 1000
}

fn transport_error(
    op: &Operation,
    attempt: u32,
    message: String,
    e: reqwest::Error,
    connect: bool,
) -> Error {
    let mut call = CallInfo::new(op.action, op.version);
    call.attempts = attempt;
    let timed_out = e.is_timeout();
    Error::Transport(Box::new(
        TransportError::new(call, message, timed_out, connect).with_source(e),
    ))
}

impl Client {
    /// Sends a prepared request with signing, retries and rate limiting. Not generic: one copy serves
    /// every action. The error carries the attempts made and the idempotency token.
    pub(crate) async fn execute(
        &self,
        op: &'static Operation,
        target: Target,
        options: &CallOptions,
        token: Option<&str>,
    ) -> Result<RawAnswer, Error> {
        let attempts = std::sync::atomic::AtomicU32::new(0);
        let run = self.attempts(op, &target, options, &attempts);
        let result = match options.timeout {
            None => run.await,
            Some(limit) => match tokio::time::timeout(limit, run).await {
                Ok(r) => r,
                Err(_) => {
                    let mut call = CallInfo::new(op.action, op.version);
                    call.attempts = attempts.load(Ordering::Relaxed);
                    Err(Error::Transport(Box::new(TransportError::new(
                        call,
                        format!("the call did not finish within its {limit:?} deadline"),
                        true,
                        attempts.load(Ordering::Relaxed) == 0,
                    ))))
                }
            },
        };
        result.map_err(|mut e| {
            if let Some(call) = e.call_mut() {
                call.attempts = call.attempts.max(attempts.load(Ordering::Relaxed));
                call.idempotency_token = token.map(str::to_string);
            }
            e
        })
    }

    async fn attempts(
        &self,
        op: &'static Operation,
        target: &Target,
        options: &CallOptions,
        attempts: &std::sync::atomic::AtomicU32,
    ) -> Result<RawAnswer, Error> {
        let started = Instant::now();
        let policy = options.retry.unwrap_or(self.inner.retry);
        let mut attempt: u32 = 0;
        let mut skew_corrected = false;
        loop {
            attempt += 1;
            self.inner.limiter.wait(op, options.rate_limit).await;
            attempts.store(attempt, Ordering::Relaxed);
            let outcome = if tracing::enabled!(tracing::Level::DEBUG) {
                self.attempt(op, target, attempt, options)
                    .instrument(tracing::debug_span!("attempt", attempt))
                    .await
            } else {
                self.attempt(op, target, attempt, options).await
            };
            match outcome {
                Outcome::Done(raw) => return Ok(raw),
                Outcome::Fail(e) => {
                    // A skew error: correct the clock once and retry at once.
                    if !skew_corrected {
                        if let Some(offset) = skew_offset(&e) {
                            skew_corrected = true;
                            self.inner.clock_offset.store(offset, Ordering::Relaxed);
                            tracing::warn!(
                                offset_seconds = offset,
                                "clock skew detected; corrected and retrying"
                            );
                            attempt -= 1;
                            continue;
                        }
                    }
                    return Err(e);
                }
                Outcome::Retry { error, after } => {
                    if attempt >= policy.max_attempts {
                        return Err(error);
                    }
                    let backoff = after.unwrap_or_else(|| backoff(policy, attempt));
                    if started.elapsed() + backoff > policy.max_elapsed {
                        return Err(error);
                    }
                    tracing::debug!(attempt, backoff_ms = backoff.as_millis() as u64, error = %error, "retrying");
                    tokio::time::sleep(backoff).await;
                }
            }
        }
    }

    async fn attempt(
        &self,
        op: &'static Operation,
        target: &Target,
        attempt: u32,
        options: &CallOptions,
    ) -> Outcome {
        // Asked before every attempt: a provider's credentials may have been refreshed.
        let credentials = match self.inner.credentials.current().await {
            Ok(c) => c,
            Err(e) => return Outcome::Fail(e),
        };
        let request = match self.attempt_request(op, target, options.attempt_timeout, &credentials)
        {
            Ok(request) => request,
            Err(e) => return Outcome::Fail(e),
        };
        if tracing::enabled!(tracing::Level::DEBUG) {
            tracing::debug!(
                method = %request.method(),
                url = %request.url(),
                headers = ?super::debug::masked_headers(request.headers()),
                body_bytes = target.body.len(),
                "signed request"
            );
        }
        let idempotent = op.is_idempotent();
        let resp = match self.inner.http.execute(request).await {
            Ok(r) => r,
            Err(e) => {
                let connect = e.is_connect();
                let err = transport_error(op, attempt, transport_message(&e), e, connect);
                tracing::debug!(attempt, connect, "transport error");
                // A request that never connected cannot have reached the server.
                return if connect || idempotent {
                    Outcome::Retry {
                        error: err,
                        after: None,
                    }
                } else {
                    Outcome::Fail(err)
                };
            }
        };
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        // Parsed only for an error answer (which reports it, and a skew error needs it).
        let date = resp.headers().get(header::DATE).cloned();
        let bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => {
                let message = format!(
                    "reading the answer (HTTP {status}): {}",
                    transport_message(&e)
                );
                let err = transport_error(op, attempt, message, e, false);
                return if idempotent {
                    Outcome::Retry {
                        error: err,
                        after: None,
                    }
                } else {
                    Outcome::Fail(err)
                };
            }
        };
        interpret_answer(op, status, &bytes, retry_after, date.as_ref(), attempt)
    }
}
