//! Why a body is not a callback envelope, and why a callback was refused.

use std::fmt;

use super::{EventError, EventTimeError};

/// Why a body is not a callback envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The body is longer than the limit.
    BodyTooLarge {
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The body is not JSON (or not UTF-8, or has trailing characters).
    Json {
        /// What the parser said (with line and column).
        reason: String,
    },
    /// The body is JSON but not an object.
    NotAnObject {
        /// What it is: `"array"`, `"string"`, `"number"`, `"boolean"` or `"null"`.
        found: &'static str,
    },
    /// A field is missing.
    MissingField {
        /// The field.
        field: &'static str,
    },
    /// A field's value is not a string.
    NotAString {
        /// The field.
        field: &'static str,
        /// What it is: `"number"`, `"object"`, `"array"`, `"boolean"` or `"null"`.
        found: &'static str,
    },
    /// A field appears twice (or the nonce under both spellings, `Nonce/Noce`).
    DuplicateField {
        /// The field.
        field: &'static str,
    },
}

impl fmt::Display for EnvelopeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // `len` may be only what was read before the limit was passed: not stated as the size.
            Self::BodyTooLarge { max, .. } => write!(
                f,
                "the callback body is larger than the limit of {max} bytes"
            ),
            Self::Json { reason } => write!(f, "the callback body is not JSON: {reason}"),
            Self::NotAnObject { found } => {
                write!(f, "the callback body is a JSON {found}, not an object")
            }
            Self::MissingField { field } => write!(f, "the callback has no `{field}`"),
            Self::NotAString { field, found } => write!(
                f,
                "the callback's `{field}` is a {found}, every value must be a string"
            ),
            Self::DuplicateField { field } => write!(f, "the callback has `{field}` twice"),
        }
    }
}

impl std::error::Error for EnvelopeError {}

/// Why a callback was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// The body is not an envelope.
    Envelope(EnvelopeError),
    /// The signature is not the secret's.
    BadSignature,
    /// The envelope is for another app.
    WrongAppId {
        /// The AppId expected.
        expected: String,
        /// The envelope's `AppId`.
        found: String,
    },
    /// `EventTime` cannot be read.
    EventTime(EventTimeError),
    /// `EventTime` is further from now than the freshness window.
    NotFresh {
        /// `EventTime`, Unix seconds.
        event_time: i64,
        /// The verifier's clock, Unix seconds.
        now: i64,
        /// The window, seconds.
        window: u64,
    },
    /// This `EventId` was already accepted (a redelivery or a replay).
    Replayed {
        /// The `EventId`.
        event_id: String,
    },
    /// The envelope is valid but its `EventData` does not decode.
    Event(EventError),
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Envelope(e) => e.fmt(f),
            Self::BadSignature => {
                f.write_str("the callback's Signature does not match the callback secret")
            }
            Self::WrongAppId { expected, found } => write!(
                f,
                "the callback is for AppId {found:?}, not the expected {expected:?}"
            ),
            Self::EventTime(e) => e.fmt(f),
            Self::NotFresh {
                event_time,
                now,
                window,
            } => write!(
                f,
                "the callback's EventTime is {}s {} now, outside the window of {window}s",
                (now - event_time).unsigned_abs(),
                if event_time <= now { "before" } else { "after" }
            ),
            Self::Replayed { event_id } => {
                write!(
                    f,
                    "the callback's EventId {event_id:?} was already accepted"
                )
            }
            Self::Event(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CallbackError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Envelope(e) => Some(e),
            Self::EventTime(e) => Some(e),
            Self::Event(e) => Some(e),
            _ => None,
        }
    }
}

impl From<EnvelopeError> for CallbackError {
    fn from(e: EnvelopeError) -> Self {
        Self::Envelope(e)
    }
}

impl From<EventError> for CallbackError {
    fn from(e: EventError) -> Self {
        Self::Event(e)
    }
}

impl From<EventTimeError> for CallbackError {
    fn from(e: EventTimeError) -> Self {
        Self::EventTime(e)
    }
}
