//! Signing envelopes: what the service does, for tests, tools (`volc-rtc callback sign`) and fake
//! servers.

use super::time::format_event_time;
use super::{CallbackSecret, Envelope, VERSION};

/// Builds and signs an envelope. Unset, `EventTime` is now, `EventId` a fresh random id, `Nonce`
/// four random digits, `Version` [`VERSION`] and `AppId` empty.
#[derive(Clone, Debug)]
pub struct EnvelopeBuilder {
    event_type: String,
    event_data: String,
    event_time: Option<String>,
    event_id: Option<String>,
    app_id: String,
    version: String,
    nonce: Option<String>,
}

impl EnvelopeBuilder {
    /// An event of `event_type` with `event_data` (JSON text, signed as given).
    pub fn new(event_type: impl Into<String>, event_data: impl Into<String>) -> Self {
        Self {
            event_type: event_type.into(),
            event_data: event_data.into(),
            event_time: None,
            event_id: None,
            app_id: String::new(),
            version: VERSION.to_string(),
            nonce: None,
        }
    }

    /// `AppId`.
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = app_id.into();
        self
    }

    /// `EventTime`, as text (sent as given).
    pub fn event_time(mut self, event_time: impl Into<String>) -> Self {
        self.event_time = Some(event_time.into());
        self
    }

    /// `EventTime` from Unix seconds (RFC 3339, UTC).
    pub fn event_time_unix(self, unix_seconds: i64) -> Self {
        self.event_time(format_event_time(unix_seconds))
    }

    /// `EventId`.
    pub fn event_id(mut self, event_id: impl Into<String>) -> Self {
        self.event_id = Some(event_id.into());
        self
    }

    /// `Version`.
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// `Nonce`.
    pub fn nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// The envelope, signed with `secret`.
    pub fn sign(self, secret: &CallbackSecret) -> Envelope {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
        let mut envelope = Envelope {
            event_type: self.event_type,
            event_data: self.event_data,
            event_time: self.event_time.unwrap_or_else(|| format_event_time(now)),
            event_id: self.event_id.unwrap_or_else(fresh_event_id),
            app_id: self.app_id,
            version: self.version,
            nonce: self
                .nonce
                .unwrap_or_else(|| format!("{:04}", random_u64() % 10_000)),
            signature: String::new(),
        };
        envelope.signature = envelope.expected_signature(secret);
        envelope
    }
}

/// 16 random bytes as hex: a fresh `EventId`.
pub fn fresh_event_id() -> String {
    let mut bytes = [0u8; 16];
    fill(&mut bytes);
    hex::encode(bytes)
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    fill(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// Fills `buf` from the operating system's CSPRNG. Should it fail (it does not on supported
/// platforms), the time's nanoseconds stand in: an event id or nonce must be fresh, not secret.
pub(crate) fn fill(buf: &mut [u8]) {
    if getrandom::getrandom(buf).is_err() {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for (i, b) in buf.iter_mut().enumerate() {
            *b = (t >> ((i % 16) * 8)) as u8;
        }
    }
}
