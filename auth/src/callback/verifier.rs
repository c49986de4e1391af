//! A configured receiver: the secret, and optionally the expected AppId, a freshness window on
//! `EventTime` (with an injectable clock) and replay detection by `EventId`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{CallbackError, CallbackSecret, Envelope, SharedDedup, DEFAULT_MAX_BODY};

/// The time now, as Unix seconds (injectable for tests).
pub type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

fn system_clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Checks callbacks: size, JSON, signature, then (as configured) AppId, freshness and replays.
/// Share it between handlers (it is `Send + Sync`; the replay memory is behind a mutex).
#[derive(Clone)]
pub struct Verifier {
    secret: CallbackSecret,
    app_id: Option<String>,
    window: Option<Duration>,
    max_body: usize,
    clock: Clock,
    seen: Option<Arc<SharedDedup>>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &self.secret)
            .field("app_id", &self.app_id)
            .field("window", &self.window)
            .field("max_body", &self.max_body)
            .field("dedup", &self.seen.is_some())
            .finish()
    }
}

impl Verifier {
    /// Checks signatures with `secret`; no AppId, freshness or replay check until configured.
    pub fn new(secret: CallbackSecret) -> Self {
        Self {
            secret,
            app_id: None,
            window: None,
            max_body: DEFAULT_MAX_BODY,
            clock: Arc::new(system_clock),
            seen: None,
        }
    }

    /// Refuses envelopes for another app ([`CallbackError::WrongAppId`]).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// Refuses envelopes whose `EventTime` is more than `window` before or after now
    /// ([`CallbackError::NotFresh`]). The service retries for a while, so leave minutes, not
    /// seconds.
    pub fn freshness(mut self, window: Duration) -> Self {
        self.window = Some(window);
        self
    }

    /// The clock the freshness window is measured with (Unix seconds).
    pub fn clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Reads bodies of at most `max` bytes (default [`DEFAULT_MAX_BODY`]).
    pub fn max_body(mut self, max: usize) -> Self {
        self.max_body = max;
        self
    }

    /// Remembers the last `capacity` accepted `EventId`s and refuses them again
    /// ([`CallbackError::Replayed`]). Call [`Verifier::forget`] when handling fails and you answer
    /// non-200, so that the redelivery is handled.
    pub fn dedup(mut self, capacity: usize) -> Self {
        self.seen = Some(Arc::new(SharedDedup::new(capacity)));
        self
    }

    /// Forgets an accepted `EventId` (see [`Verifier::dedup`]). `true` if it was remembered.
    pub fn forget(&self, event_id: &str) -> bool {
        self.seen.as_ref().is_some_and(|s| s.forget(event_id))
    }

    /// Parses and checks `body`. Checks run cheapest and most telling first: the envelope, the
    /// signature (so unsigned bodies never reach the replay memory), the AppId, the freshness, and
    /// last the replay memory (which then remembers the id).
    pub fn verify(&self, body: &[u8]) -> Result<Envelope, CallbackError> {
        let envelope = Envelope::parse_with_limit(body, self.max_body)?;
        envelope.verify(&self.secret)?;
        if let Some(expected) = &self.app_id {
            if &envelope.app_id != expected {
                return Err(CallbackError::WrongAppId {
                    expected: expected.clone(),
                    found: envelope.app_id.chars().take(128).collect(),
                });
            }
        }
        if let Some(window) = self.window {
            let event_time = envelope.event_time_unix()?;
            let now = (self.clock)();
            let limit = i64::try_from(window.as_secs()).unwrap_or(i64::MAX);
            if now.saturating_sub(event_time).saturating_abs() > limit {
                return Err(CallbackError::NotFresh {
                    event_time,
                    now,
                    window: window.as_secs(),
                });
            }
        }
        if let Some(seen) = &self.seen {
            if !seen.first_time(&envelope.event_id) {
                return Err(CallbackError::Replayed {
                    event_id: envelope.event_id.chars().take(128).collect(),
                });
            }
        }
        Ok(envelope)
    }
}
