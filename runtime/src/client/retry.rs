//! Sending with retries: the attempt loop, what each failure means, backoff and clock-skew
//! correction.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header;
use tracing::Instrument;

use super::body::ReadError;
use super::envelope::{interpret_answer, Outcome, RawAnswer};
use super::policy::RetryPolicy;
use super::request::Target;
use super::{CallOptions, Client};
use crate::error::{AnswerTooLargeError, CallInfo, Error, TransportError};
use crate::operation::Operation;

/// How far a call got, for a deadline that ends it: its attempts, and whether one may have reached
/// the server.
#[derive(Default)]
pub(crate) struct Progress {
    /// Attempts started.
    attempts: AtomicU32,
    /// An attempt is with the connection now (connecting, sending or awaiting the answer).
    in_flight: AtomicBool,
    /// An attempt got further than connecting.
    reached: AtomicBool,
}

impl Progress {
    fn may_have_reached(&self) -> bool {
        self.in_flight.load(Ordering::Relaxed) || self.reached.load(Ordering::Relaxed)
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

fn call_info(op: &Operation, attempt: u32) -> CallInfo {
    let mut call = CallInfo::new(op.action, op.version);
    call.attempts = attempt;
    call
}

fn transport_error(
    op: &Operation,
    attempt: u32,
    message: String,
    e: reqwest::Error,
    connect: bool,
) -> Error {
    let call = call_info(op, attempt);
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
        let progress = Progress::default();
        let attempts = &progress.attempts;
        let run = self.attempts(op, &target, options, &progress);
        let result = match options.timeout {
            None => run.await,
            Some(limit) => match tokio::time::timeout(limit, run).await {
                Ok(r) => r,
                Err(_) => {
                    let mut call = CallInfo::new(op.action, op.version);
                    call.attempts = attempts.load(Ordering::Relaxed);
                    // Nothing reached the server unless an attempt was handed to the connection
                    // (and did not fail to connect).
                    let nothing_sent = !progress.may_have_reached();
                    let message = if nothing_sent {
                        format!(
                            "the call's {limit:?} deadline passed before the request was sent; \
                             nothing was sent"
                        )
                    } else {
                        format!("the call did not finish within its {limit:?} deadline")
                    };
                    Err(Error::Transport(Box::new(TransportError::new(
                        call,
                        message,
                        true,
                        nothing_sent,
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
        progress: &Progress,
    ) -> Result<RawAnswer, Error> {
        let attempts = &progress.attempts;
        let started = Instant::now();
        let policy = options.retry.unwrap_or(self.inner.retry);
        let mut attempt: u32 = 0;
        let mut skew_corrected = false;
        loop {
            attempt += 1;
            self.inner.limiter.wait(op, options.rate_limit).await;
            attempts.store(attempt, Ordering::Relaxed);
            let outcome = if tracing::enabled!(tracing::Level::DEBUG) {
                self.attempt(op, target, attempt, options, progress)
                    .instrument(tracing::debug_span!("attempt", attempt))
                    .await
            } else {
                self.attempt(op, target, attempt, options, progress).await
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
        progress: &Progress,
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
        progress.in_flight.store(true, Ordering::Relaxed);
        let sent = self.inner.http.execute(request).await;
        progress.in_flight.store(false, Ordering::Relaxed);
        if !sent.as_ref().is_err_and(reqwest::Error::is_connect) {
            progress.reached.store(true, Ordering::Relaxed);
        }
        let resp = match sent {
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
        let limit = options
            .max_answer_bytes
            .unwrap_or(self.inner.max_answer_bytes);
        let bytes = match super::body::read_limited(resp, limit).await {
            Ok(b) => b,
            Err(ReadError::TooLarge { announced }) => {
                tracing::debug!(attempt, status, limit, "answer too large");
                let err = Error::AnswerTooLarge(Box::new(AnswerTooLargeError {
                    limit,
                    announced,
                    status,
                    call: call_info(op, attempt),
                }));
                // The server answered: it may have done the work, so only a replay-safe request
                // is tried again.
                return if idempotent {
                    Outcome::Retry {
                        error: err,
                        after: None,
                    }
                } else {
                    Outcome::Fail(err)
                };
            }
            Err(ReadError::Transport(e)) => {
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
