//! Decoding `EventData`: the trait the generated event enums implement, its error, and the raw
//! event for receivers without the SDK crate.

use std::fmt;

/// A family of callback events, decoded from an envelope's `EventType` and `EventData`. The SDK
/// crate's generated `callbacks::<family>::Event` implements it; so does [`RawEvent`].
pub trait CallbackEvent: Sized {
    /// Decodes `event_data` (the envelope's `EventData` text) of an event of `event_type`.
    fn decode(event_type: &str, event_data: &str) -> Result<Self, EventError>;
    /// The `EventType` the event came with.
    fn event_type(&self) -> &str;
}

/// Any event: its type and its `EventData` as JSON.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct RawEvent {
    /// `EventType`.
    pub event_type: String,
    /// `EventData`, parsed.
    pub data: serde_json::Value,
}

impl CallbackEvent for RawEvent {
    fn decode(event_type: &str, event_data: &str) -> Result<Self, EventError> {
        let data = serde_json::from_str(event_data).map_err(|e| EventError::NotJson {
            event_type: event_type.to_string(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            event_type: event_type.to_string(),
            data,
        })
    }

    fn event_type(&self) -> &str {
        &self.event_type
    }
}

/// Why `EventData` could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EventError {
    /// `EventData` is not JSON.
    NotJson {
        /// The event type.
        event_type: String,
        /// What the parser said.
        reason: String,
    },
    /// `EventData` is JSON but not the documented shape of its event type.
    WrongShape {
        /// The event type.
        event_type: String,
        /// What is wrong (e.g. ``missing field `RoomId` ``).
        reason: String,
    },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotJson { event_type, reason } => {
                write!(f, "the EventData of {event_type:?} is not JSON: {reason}")
            }
            Self::WrongShape { event_type, reason } => {
                write!(
                    f,
                    "the EventData of {event_type:?} is not as documented: {reason}"
                )
            }
        }
    }
}

impl std::error::Error for EventError {}
