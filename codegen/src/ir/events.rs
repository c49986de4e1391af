//! The callback events, lowered: per family, each event's `EventData` fields and the event
//! files' own types, with every doc text rendered.

use super::{EnumBase, RustTy};

/// The events of one family.
#[derive(Debug)]
pub struct EventFamily {
    /// The family's name: the generated module's.
    pub name: String,
    /// The event files, in event order.
    pub files: Vec<String>,
    /// Its events, sorted by type.
    pub events: Vec<EventItem>,
    /// The event files' own types, event by event.
    pub types: Vec<EventTypeItem>,
}

/// One event type.
#[derive(Debug)]
pub struct EventItem {
    /// The `EventType` exactly as sent; the variant's (and struct's) name.
    pub name: String,
    /// The variant's doc, rendered.
    pub doc: String,
    /// The `EventData` struct's doc, rendered.
    pub data_doc: String,
    /// `EventData`'s fields when documented; `None`: carried as JSON (or as `data_type`).
    pub fields: Option<Vec<EventField>>,
    /// The family type `EventData` is when the event shares it (`data:` in its file).
    pub data_type: Option<String>,
    /// The paths of `EventData`'s sensitive fields (wire names joined by `.`).
    pub sensitive: Vec<String>,
}

/// A field of an event's `EventData` or of an event's object type.
#[derive(Debug)]
pub struct EventField {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Resolved type (named types are the event family's own).
    pub ty: RustTy,
    /// Whether the field must be present.
    pub required: bool,
    /// Whether the value is a secret (shown as `***` in `Debug`).
    pub sensitive: bool,
    /// A `json` field's secret keys (their values shown as `***` in `Debug`).
    pub sensitive_keys: Vec<String>,
    /// Rendered doc.
    pub doc: String,
}

/// A named type of an event file.
#[derive(Debug)]
pub enum EventTypeItem {
    /// An object.
    Object {
        /// Rust name.
        name: String,
        /// Rendered doc.
        doc: String,
        /// Its fields.
        fields: Vec<EventField>,
    },
    /// An open enum.
    Enum {
        /// Rust name.
        name: String,
        /// Rendered doc.
        doc: String,
        /// Base type.
        base: EnumBase,
        /// The documented values.
        values: Vec<EventValue>,
    },
}

/// A documented value of an event enum.
#[derive(Debug)]
pub struct EventValue {
    /// The constant (`DARK_BLUE`).
    pub constant: String,
    /// The spec's name.
    pub name: String,
    /// The value on the wire.
    pub value: serde_json::Value,
    /// Rendered doc.
    pub doc: String,
}
