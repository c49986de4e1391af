//! Server callbacks: the envelope RTC and IM events share, its signature, freshness and app
//! checks, signing (for tests and tools), and de-duplication.
//!
//! Volcengine POSTs a JSON object whose every value is a string:
//! `EventType`, `EventData` (a JSON document serialised into a string), `EventTime`, `EventId`,
//! `AppId`, `Version`, `Nonce` (spelled `Noce` on BytePlus pages; both are read) and `Signature`.
//! The signature is the lowercase hex SHA-256 of the other seven values and your callback
//! SecretKey, sorted byte-wise and concatenated with no separator. An HTTP 200 within 5 seconds is
//! success; otherwise the event is sent again (at most 3 deliveries), so an event can arrive more
//! than once: de-duplicate by `EventId` ([`Dedup`], or [`Verifier::dedup`]).
//!
//! The typed events are generated from the spec (`api-spec/callbacks/`) into the SDK crate
//! (`volcengine_rtc::callbacks::rtc::Event`), which implements [`CallbackEvent`];
//! [`Envelope::event`] decodes into it, or into [`RawEvent`] without the SDK crate.
//!
//! ```
//! use std::time::Duration;
//! use volcengine_rtc_auth::{CallbackError, CallbackSecret, EnvelopeBuilder, RawEvent, Verifier};
//!
//! let secret = CallbackSecret::new("my-callback-secret");
//! // What the service would send (here signed by the crate's own signer).
//! let body = EnvelopeBuilder::new("RecordStarted", r#"{"RoomId":"r1","TaskId":"t1"}"#)
//!     .app_id("661e0000000000000000543c")
//!     .sign(&secret)
//!     .to_json();
//!
//! let verifier = Verifier::new(secret)
//!     .app_id("661e0000000000000000543c")
//!     .freshness(Duration::from_secs(300))
//!     .dedup(10_000);
//! let envelope = verifier.verify(body.as_bytes())?; // size, JSON, signature, AppId, EventTime, EventId
//! let event: RawEvent = envelope.event()?;
//! assert_eq!(event.event_type, "RecordStarted");
//! // The same delivery again is a replay.
//! assert!(matches!(verifier.verify(body.as_bytes()), Err(CallbackError::Replayed { .. })));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod dedup;
mod errors;
mod event;
mod json;
mod sign;
mod time;
mod verifier;

pub use dedup::{Dedup, SharedDedup};
pub use errors::{CallbackError, EnvelopeError};
pub use event::{CallbackEvent, EventError, RawEvent};
pub(crate) use json::string_fields;
pub(crate) use sign::fill as fill_random;
pub use sign::{fresh_event_id, EnvelopeBuilder};
pub use time::{parse_event_time, EventTimeError};
pub use verifier::{Clock, Verifier};

use sha2::{Digest, Sha256};

use crate::secret::{ct_eq, secret_type};

/// The largest body [`Envelope::parse`] reads: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// The only `Version` documented: `2020-12-01`.
pub const VERSION: &str = "2020-12-01";

/// The envelope's fields, in the order of the documentation (the nonce as Volcengine spells it;
/// BytePlus pages spell it `Noce`, read as well).
pub const FIELDS: [&str; 8] = [
    "EventType",
    "EventData",
    "EventTime",
    "EventId",
    "AppId",
    "Version",
    "Nonce",
    "Signature",
];

/// What [`Envelope::parse`] looks for: [`FIELDS`] and the BytePlus spelling of the nonce.
const READ_FIELDS: [&str; 9] = [
    "EventType",
    "EventData",
    "EventTime",
    "EventId",
    "AppId",
    "Version",
    "Nonce",
    "Signature",
    "Noce",
];

secret_type!(
    /// The callback SecretKey (set in the console or with `CreateCallback` / `UpdateCallback`). Its
    /// `Debug` and `Display` print `***`; it never appears in an error.
    CallbackSecret
);

/// A callback body: the eight strings, exactly as received (`event_data` is the JSON text inside
/// the string, unparsed, as the signature covers it). Serialises as the body (with `Nonce`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Envelope {
    /// `EventType`, e.g. `UserLeaveRoom`.
    pub event_type: String,
    /// `EventData`: a JSON document, as text. See [`Envelope::event`].
    pub event_data: String,
    /// `EventTime`: RFC 3339, UTC (see [`Envelope::event_time_unix`]).
    pub event_time: String,
    /// `EventId`: the same on every delivery of one event.
    pub event_id: String,
    /// `AppId`.
    pub app_id: String,
    /// `Version`.
    pub version: String,
    /// `Nonce` (or `Noce`, as BytePlus spells it).
    pub nonce: String,
    /// `Signature`: lowercase hex SHA-256.
    pub signature: String,
}

/// Parses `body` (at most [`DEFAULT_MAX_BODY`] bytes) and checks its signature with `secret`.
/// [`Verifier`] also checks the AppId, the freshness and replays.
pub fn verify_callback(body: &[u8], secret: &CallbackSecret) -> Result<Envelope, CallbackError> {
    let envelope = Envelope::parse(body)?;
    envelope.verify(secret)?;
    Ok(envelope)
}

impl Envelope {
    /// Reads a callback body of at most [`DEFAULT_MAX_BODY`] bytes. Unknown fields are ignored.
    /// The signature is [`Envelope::verify`]'s.
    pub fn parse(body: &[u8]) -> Result<Self, EnvelopeError> {
        Self::parse_with_limit(body, DEFAULT_MAX_BODY)
    }

    /// Reads a callback body of at most `max` bytes.
    pub fn parse_with_limit(body: &[u8], max: usize) -> Result<Self, EnvelopeError> {
        let mut values = json::optional_string_fields(body, max, &READ_FIELDS)?;
        let noce = values.pop().flatten();
        let nonce = match (values[6].take(), noce) {
            (Some(_), Some(_)) => {
                return Err(EnvelopeError::DuplicateField {
                    field: "Nonce/Noce",
                })
            }
            (a, b) => a.or(b),
        };
        values[6] = nonce;
        let mut out = Vec::with_capacity(FIELDS.len());
        for (v, field) in values.into_iter().zip(FIELDS) {
            match v {
                Some(v) => out.push(v),
                None => return Err(EnvelopeError::MissingField { field }),
            }
        }
        let mut values = out.into_iter();
        let mut next = || values.next().unwrap_or_default();
        Ok(Self {
            event_type: next(),
            event_data: next(),
            event_time: next(),
            event_id: next(),
            app_id: next(),
            version: next(),
            nonce: next(),
            signature: next(),
        })
    }

    /// The signature this envelope should carry under `secret`: the lowercase hex SHA-256 of
    /// `EventType`, `EventData`, `EventTime`, `EventId`, `AppId`, `Version`, `Nonce` and the secret,
    /// sorted byte-wise and concatenated. (For tests and for senders; receivers call
    /// [`Envelope::verify`].)
    pub fn expected_signature(&self, secret: &CallbackSecret) -> String {
        let mut parts = [
            self.event_type.as_str(),
            self.event_data.as_str(),
            self.event_time.as_str(),
            self.event_id.as_str(),
            self.app_id.as_str(),
            self.version.as_str(),
            self.nonce.as_str(),
            secret.text(),
        ];
        parts.sort_unstable();
        let mut hash = Sha256::new();
        for part in parts {
            hash.update(part.as_bytes());
        }
        hex::encode(hash.finalize())
    }

    /// Checks `Signature` against `secret`, comparing in constant time. Only a lowercase hex
    /// digest matches, as documented.
    pub fn verify(&self, secret: &CallbackSecret) -> Result<(), CallbackError> {
        let expected = self.expected_signature(secret);
        if ct_eq(expected.as_bytes(), self.signature.as_bytes()) {
            Ok(())
        } else {
            Err(CallbackError::BadSignature)
        }
    }

    /// `EventTime` as Unix seconds (read leniently: see [`parse_event_time`]).
    pub fn event_time_unix(&self) -> Result<i64, EventTimeError> {
        parse_event_time(&self.event_time)
    }

    /// Decodes `EventData` by `EventType` into a family's events (the SDK crate's generated
    /// `callbacks::<family>::Event`), or into [`RawEvent`].
    pub fn event<E: CallbackEvent>(&self) -> Result<E, EventError> {
        E::decode(&self.event_type, &self.event_data)
    }

    /// The body as JSON text (what a sender POSTs).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
