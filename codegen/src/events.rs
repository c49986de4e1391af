//! Server callbacks as spec: `api-spec/callbacks/<family>/<EventType>.yaml`, one event type per
//! file ([`EventSpec`]), loaded and checked with the rest of the spec and emitted as the generated
//! crate's `callbacks` module (one module per family: a typed struct per documented `EventData`, and
//! a non-exhaustive `Event` enum with every event type a variant).
//!
//! An event's `fields` use the same field format as an action's request and result (types, enums,
//! constraints), and its own named types live under `types` (objects and enums). An event whose
//! `EventData` is not documented leaves `fields` out: it is still a named variant, carrying the raw
//! JSON, and gains typed fields when someone writes them into its file. Events of one shape share
//! one type: each names it with `data` instead of repeating `fields` (one type per shape per
//! family, as for actions; the same-shape lint reads events too).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::spec::{Field, Text, TypeDef};

/// `api-spec/callbacks/<family>/<EventType>.yaml`: one callback event type.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// The `EventType` exactly as sent (`RecordStarted`); also the file's name and the variant's.
    pub event: String,
    /// What the event says happened.
    pub description: Text,
    /// Where the facts come from (page URL, or `repo@commit:path` for code-derived shapes).
    pub source: String,
    /// `EventData`'s fields, when documented; left out, the event carries its `EventData` as raw
    /// JSON. Unknown fields of a received `EventData` are ignored (events gain fields over time).
    #[serde(default)]
    pub fields: Option<Vec<Field>>,
    /// Instead of `fields`: `EventData` is this named object type of the family's events (one
    /// event's `types`), so that events of one shape share one type (as `UserLeaveRoom` and
    /// `InvisibleUserLeaveRoom` do).
    #[serde(default)]
    pub data: Option<String>,
    /// The event's own named types (objects and enums), referenced from `fields`.
    #[serde(default)]
    pub types: BTreeMap<String, TypeDef>,
}

/// One event, checked.
#[derive(Debug, Clone)]
pub struct EventModel {
    /// The spec.
    pub spec: EventSpec,
    /// The file it comes from.
    pub file: String,
}

/// The events of one family (the directory below `api-spec/callbacks/`), sorted by name.
#[derive(Debug, Clone)]
pub struct EventFamilyModel {
    /// The family's name (a family of `service.yaml`); the generated module's name.
    pub name: String,
    /// Its events, sorted by `event`.
    pub events: Vec<EventModel>,
}

/// The directory below the spec root holding the callback families.
pub const CALLBACKS_DIR: &str = "callbacks";
