//! Server callbacks: the envelope RTC and IM events share, its signature, typed events, and
//! de-duplication.
//!
//! Volcengine POSTs a JSON object whose every value is a string:
//! `EventType`, `EventData` (a JSON document serialised into a string), `EventTime`, `EventId`,
//! `AppId`, `Version`, `Nonce` and `Signature`. The signature is the lowercase hex SHA-256 of the
//! other seven values and your callback SecretKey, sorted byte-wise and concatenated with no
//! separator. An HTTP 200 within 5 seconds is success; otherwise the event is sent again (at most 3
//! deliveries), so an event can arrive more than once: de-duplicate by `EventId` ([`Dedup`]).
//!
//! ```
//! use volcengine_rtc_auth::{verify_callback, CallbackSecret, Event, SharedDedup};
//! # fn handle(body: &[u8]) -> Result<(), Box<dyn std::error::Error>> {
//! let secret = CallbackSecret::new("my-callback-secret");
//! let seen = SharedDedup::new(10_000);
//! let envelope = verify_callback(body, &secret)?;      // parse, bound the size, check the signature
//! if seen.first_time(&envelope.event_id) {
//!     match envelope.event()? {
//!         Event::UserLeaveRoom(e) => println!("{} left {} ({:?})", e.user_id, e.room_id, e.reason),
//!         other => println!("{}", other.event_type()),
//!     }
//! }
//! # Ok(()) }
//! ```

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex};

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use sha2::{Digest, Sha256};

use crate::secret::{ct_eq, secret_type};

/// The largest body [`Envelope::parse`] reads: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// The envelope's fields, in the order of the documentation.
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

secret_type!(
    /// The callback SecretKey (set in the console or with `CreateCallback` / `UpdateCallback`). Its
    /// `Debug` and `Display` print `<redacted>`; it never appears in an error.
    CallbackSecret
);

/// A callback body: the eight strings, exactly as received (`event_data` is the JSON text inside
/// the string, unparsed, as the signature covers it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Envelope {
    /// `EventType`, e.g. `UserLeaveRoom`.
    pub event_type: String,
    /// `EventData`: a JSON document, as text. See [`Envelope::event`].
    pub event_data: String,
    /// `EventTime`.
    pub event_time: String,
    /// `EventId`: the same on every delivery of one event.
    pub event_id: String,
    /// `AppId`.
    pub app_id: String,
    /// `Version`.
    pub version: String,
    /// `Nonce`.
    pub nonce: String,
    /// `Signature`: lowercase hex SHA-256.
    pub signature: String,
}

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
    /// A field appears twice.
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
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Envelope(e) => e.fmt(f),
            Self::BadSignature => {
                f.write_str("the callback's Signature does not match the callback secret")
            }
        }
    }
}

impl std::error::Error for CallbackError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Envelope(e) => Some(e),
            Self::BadSignature => None,
        }
    }
}

impl From<EnvelopeError> for CallbackError {
    fn from(e: EnvelopeError) -> Self {
        Self::Envelope(e)
    }
}

/// Parses `body` (at most [`DEFAULT_MAX_BODY`] bytes) and checks its signature with `secret`.
pub fn verify_callback(body: &[u8], secret: &CallbackSecret) -> Result<Envelope, CallbackError> {
    let envelope = Envelope::parse(body)?;
    envelope.verify(secret)?;
    Ok(envelope)
}

/// A JSON value's kind, or the string it is.
enum StrOrKind {
    Str(String),
    Kind(&'static str),
}

impl<'de> de::Deserialize<'de> for StrOrKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor).map(|k| match k {
            Kind::Str(s) => StrOrKind::Str(s),
            Kind::Other(kind) => StrOrKind::Kind(kind),
            Kind::Object(_) => StrOrKind::Kind("object"),
        })
    }
}

/// What [`KindVisitor`] found: a string, an object (with its fields for the top level), or
/// another kind.
enum Kind {
    Str(String),
    Object(Box<Slots>),
    Other(&'static str),
}

/// The wanted fields as found.
struct Slots {
    fields: &'static [&'static str],
    values: Vec<Option<StrOrKind>>,
    duplicate: Option<&'static str>,
}

/// Visits any JSON value, noting its kind.
struct KindVisitor;

/// Visits the top-level value; an object's wanted fields are collected.
struct TopVisitor(&'static [&'static str]);

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

macro_rules! scalar_visits {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Kind, E> {
            Ok(Kind::Other("boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Kind, E> {
            Ok(Kind::Other("number"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Kind, E> {
            Ok(Kind::Other("number"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Kind, E> {
            Ok(Kind::Other("number"))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
            Ok(Kind::Other("null"))
        }
        fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
            Ok(Kind::Other("null"))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Kind, A::Error> {
            drain_seq(seq)?;
            Ok(Kind::Other("array"))
        }
    };
}

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalar_visits!();

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Kind::Other("object"))
    }
}

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    scalar_visits!();

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Kind, E> {
        Ok(Kind::Other("string"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let fields = self.0;
        let mut slots = Slots {
            fields,
            values: fields.iter().map(|_| None).collect(),
            duplicate: None,
        };
        while let Some(key) = map.next_key::<String>()? {
            match fields.iter().position(|f| *f == key) {
                Some(i) if slots.values[i].is_some() => {
                    slots.duplicate = slots.duplicate.or(Some(fields[i]));
                    map.next_value::<IgnoredAny>()?;
                }
                Some(i) => slots.values[i] = Some(map.next_value::<StrOrKind>()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Kind::Object(Box::new(slots)))
    }
}

impl<'de> de::DeserializeSeed<'de> for TopVisitor {
    type Value = Kind;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads a JSON object of at most `max` bytes whose `fields` must all be strings (other fields are
/// ignored), in the order of `fields`.
pub(crate) fn string_fields(
    body: &[u8],
    max: usize,
    fields: &'static [&'static str],
) -> Result<Vec<String>, EnvelopeError> {
    if body.len() > max {
        return Err(EnvelopeError::BodyTooLarge {
            len: body.len(),
            max,
        });
    }
    let json = |e: serde_json::Error| EnvelopeError::Json {
        reason: e.to_string(),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let top = de::DeserializeSeed::deserialize(TopVisitor(fields), &mut de).map_err(json)?;
    de.end().map_err(json)?;
    let slots = match top {
        Kind::Object(slots) => slots,
        Kind::Str(_) => return Err(EnvelopeError::NotAnObject { found: "string" }),
        Kind::Other(found) => return Err(EnvelopeError::NotAnObject { found }),
    };
    if let Some(field) = slots.duplicate {
        return Err(EnvelopeError::DuplicateField { field });
    }
    slots
        .values
        .into_iter()
        .zip(slots.fields)
        .map(|(value, &field)| match value {
            None => Err(EnvelopeError::MissingField { field }),
            Some(StrOrKind::Kind(found)) => Err(EnvelopeError::NotAString { field, found }),
            Some(StrOrKind::Str(s)) => Ok(s),
        })
        .collect()
}

impl Envelope {
    /// Reads a callback body of at most [`DEFAULT_MAX_BODY`] bytes. Unknown fields are ignored.
    /// The signature is [`Envelope::verify`]'s.
    pub fn parse(body: &[u8]) -> Result<Self, EnvelopeError> {
        Self::parse_with_limit(body, DEFAULT_MAX_BODY)
    }

    /// Reads a callback body of at most `max` bytes.
    pub fn parse_with_limit(body: &[u8], max: usize) -> Result<Self, EnvelopeError> {
        let mut values = string_fields(body, max, &FIELDS)?.into_iter();
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
        hex(&hash.finalize())
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

    /// Decodes `EventData` by `EventType`: typed where the shape is documented, raw JSON otherwise.
    pub fn event(&self) -> Result<Event, EventError> {
        Event::decode(&self.event_type, &self.event_data)
    }
}

/// Lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// A callback's event. It serialises as its `EventData`: the typed fields, or the raw JSON.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// `UserLeaveRoom`: a user left a room.
    UserLeaveRoom(UserLeaveRoom),
    /// Any other event type, with its `EventData` as JSON.
    Other {
        /// `EventType`.
        event_type: String,
        /// `EventData`, parsed.
        data: serde_json::Value,
    },
}

impl serde::Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::UserLeaveRoom(e) => e.serialize(s),
            Self::Other { data, .. } => data.serialize(s),
        }
    }
}

impl Event {
    /// Decodes `event_data` (the envelope's `EventData` text) of an event of `event_type`.
    pub fn decode(event_type: &str, event_data: &str) -> Result<Self, EventError> {
        let data: serde_json::Value =
            serde_json::from_str(event_data).map_err(|e| EventError::NotJson {
                event_type: event_type.to_string(),
                reason: e.to_string(),
            })?;
        let wrong_shape = |e: serde_json::Error| EventError::WrongShape {
            event_type: event_type.to_string(),
            reason: e.to_string(),
        };
        Ok(match event_type {
            "UserLeaveRoom" => {
                Self::UserLeaveRoom(serde_json::from_value(data).map_err(wrong_shape)?)
            }
            _ => Self::Other {
                event_type: event_type.to_string(),
                data,
            },
        })
    }

    /// The `EventType` this event came with.
    pub fn event_type(&self) -> &str {
        match self {
            Self::UserLeaveRoom(_) => "UserLeaveRoom",
            Self::Other { event_type, .. } => event_type,
        }
    }
}

/// `UserLeaveRoom`'s `EventData`, as the official demo server reads it (unknown fields ignored).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserLeaveRoom {
    /// `RoomId`.
    pub room_id: String,
    /// `UserId`.
    pub user_id: String,
    /// `DeviceType`.
    pub device_type: String,
    /// `Reason`.
    pub reason: LeaveReason,
    /// `Timestamp`, as sent.
    pub timestamp: i64,
}

/// Why a user left.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LeaveReason {
    /// `"userLeave"`: the user left.
    UserLeave,
    /// `"connectionLost"`: the connection was lost.
    ConnectionLost,
    /// Any other value, as sent.
    Unknown(String),
}

impl LeaveReason {
    /// The value as sent.
    pub fn as_str(&self) -> &str {
        match self {
            Self::UserLeave => "userLeave",
            Self::ConnectionLost => "connectionLost",
            Self::Unknown(s) => s,
        }
    }
}

impl<'de> de::Deserialize<'de> for LeaveReason {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.as_str() {
            "userLeave" => Self::UserLeave,
            "connectionLost" => Self::ConnectionLost,
            _ => Self::Unknown(s),
        })
    }
}

impl serde::Serialize for LeaveReason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
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

/// Remembers the last `capacity` `EventId`s, to drop redeliveries. Bounded: the oldest id is
/// forgotten when a new one would exceed the capacity. Needs `&mut self`; [`SharedDedup`] is the
/// thread-safe one.
///
/// Call it after [`Envelope::verify`] (so unsigned bodies cannot fill it), and call
/// [`Dedup::forget`] if handling the event failed and you answer non-200, so the redelivery is
/// handled.
#[derive(Clone, Debug)]
pub struct Dedup {
    capacity: usize,
    seen: HashSet<Arc<str>>,
    order: VecDeque<Arc<str>>,
}

impl Dedup {
    /// Remembers up to `capacity` ids (at least 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            seen: HashSet::with_capacity(capacity.min(1 << 16)),
            order: VecDeque::with_capacity(capacity.min(1 << 16)),
        }
    }

    /// `true` the first time `event_id` is seen (and remembers it), `false` while it is
    /// remembered.
    pub fn first_time(&mut self, event_id: &str) -> bool {
        if self.seen.contains(event_id) {
            return false;
        }
        while self.order.len() >= self.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.seen.remove(&old);
                }
                None => break,
            }
        }
        let id: Arc<str> = Arc::from(event_id);
        self.seen.insert(Arc::clone(&id));
        self.order.push_back(id);
        true
    }

    /// Forgets `event_id`, so its next delivery counts as the first. `true` if it was remembered.
    pub fn forget(&mut self, event_id: &str) -> bool {
        if !self.seen.remove(event_id) {
            return false;
        }
        if let Some(i) = self.order.iter().position(|id| &**id == event_id) {
            self.order.remove(i);
        }
        true
    }

    /// How many ids are remembered.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The most it remembers.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

/// [`Dedup`] behind a mutex, for handlers running on several threads (share it in an `Arc`).
#[derive(Debug)]
pub struct SharedDedup {
    inner: Mutex<Dedup>,
}

impl SharedDedup {
    /// Remembers up to `capacity` ids (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Dedup::new(capacity)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Dedup> {
        // A panic elsewhere while holding the lock leaves the set consistent: keep using it.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// [`Dedup::first_time`].
    pub fn first_time(&self, event_id: &str) -> bool {
        self.lock().first_time(event_id)
    }

    /// [`Dedup::forget`].
    pub fn forget(&self, event_id: &str) -> bool {
        self.lock().forget(event_id)
    }

    /// [`Dedup::len`].
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// [`Dedup::is_empty`].
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_is_bounded_and_evicts_the_oldest() {
        let mut d = Dedup::new(2);
        assert!(d.first_time("a"));
        assert!(!d.first_time("a"));
        assert!(d.first_time("b"));
        assert!(d.first_time("c")); // evicts a
        assert_eq!(d.len(), 2);
        assert!(!d.first_time("b"));
        assert!(d.first_time("a")); // a was forgotten; evicts b
        assert!(d.forget("a"));
        assert!(!d.forget("a"));
        assert!(d.first_time("a"));
        assert_eq!(Dedup::new(0).capacity(), 1);
    }

    #[test]
    fn shared_dedup_across_threads() {
        let d = Arc::new(SharedDedup::new(1000));
        let firsts: usize = (0..4)
            .map(|_| {
                let d = Arc::clone(&d);
                std::thread::spawn(move || {
                    (0..100).filter(|i| d.first_time(&i.to_string())).count()
                })
            })
            .map(|h| h.join().unwrap())
            .sum();
        assert_eq!(firsts, 100);
        assert_eq!(d.len(), 100);
    }

    #[test]
    fn secret_is_redacted() {
        let s = CallbackSecret::new("s3cr3t");
        assert_eq!(
            format!("{s:?} {s}"),
            "CallbackSecret(<redacted>) <redacted>"
        );
    }
}
