//! An action's `fake:` block: how the fake server behaves for it (records, membership,
//! callbacks).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the fake server behaves for an action (all optional).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FakeBehaviour {
    /// Store each accepted request in this named collection (inspectable by tests).
    #[serde(default)]
    pub store: Option<String>,
    /// `Result` fields (i64) that get a fresh unique id per stored request.
    #[serde(default)]
    pub new_ids: Vec<String>,
    /// Reject the request unless the user is a member of the conversation (when the fake server is
    /// configured to check membership).
    #[serde(default)]
    pub membership: Option<Membership>,
    /// Work on the records of a named collection: create, get, list (paged by the action's
    /// `paging`), update or delete them, so that the fake server answers what earlier calls did.
    #[serde(default)]
    pub records: Option<FakeRecords>,
    /// Callback events the fake server POSTs, signed, to its callback URL after the call
    /// succeeds (when it is given one): e.g. `RecordStarted` after `StartRecord`.
    #[serde(default)]
    pub callbacks: Vec<FakeCallback>,
}

/// A callback event a fake-server action sends.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FakeCallback {
    /// The `EventType` (an event of `api-spec/callbacks/`).
    pub event: String,
    /// `EventData` fields and the request paths (dotted) their values come from; a field whose
    /// path the request does not have is left out.
    #[serde(default)]
    pub data: BTreeMap<String, String>,
    /// `EventData` fields with constant values.
    #[serde(default)]
    pub set: BTreeMap<String, serde_json::Value>,
    /// One event per record the call removed or changed (`fake.records`' delete or update),
    /// `data`'s paths read from the record instead of the request: e.g. a `UserLeaveRoom` for
    /// every user `DismissRoom` removes.
    #[serde(default)]
    pub each_record: bool,
}

/// What a fake-server action does to a collection of records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FakeOp {
    /// Adds a record: the request merged with the answered result, with a fresh id.
    Create,
    /// Answers the record whose key fields match the request.
    Get,
    /// Answers the records whose key fields match the request, in order, paged.
    List,
    /// Changes the matching records (`set`, `copy`).
    Update,
    /// Removes the matching records.
    Delete,
}

/// A fake-server behaviour over a named collection of records (JSON objects).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FakeRecords {
    /// The collection's name (shared by the actions that work on it).
    pub collection: String,
    /// What the action does.
    pub op: FakeOp,
    /// create: result paths (dotted) that all get the same fresh integer id, the record's `id`.
    #[serde(default)]
    pub id: Vec<String>,
    /// create: result paths that get the same fresh id as text.
    #[serde(default)]
    pub id_text: Vec<String>,
    /// The record fields that identify or filter records, each with the request path giving its
    /// value (get, update and delete match them; list filters by them).
    #[serde(default)]
    pub key: BTreeMap<String, String>,
    /// create and update: member pairs to record (used by `membership` checks).
    #[serde(default)]
    pub members: Option<FakeMembers>,
    /// update: record fields and the values they are set to.
    #[serde(default)]
    pub set: BTreeMap<String, serde_json::Value>,
    /// create and update: record fields (dotted paths) and the request paths whose values, when
    /// the request has them, are copied there: what an `Update*` changes, or a request field the
    /// reading action answers at another place (`StreamUrl: Control.StreamUrl`).
    #[serde(default)]
    pub copy: BTreeMap<String, String>,
    /// get: the result path the record is answered at; list: the result list (default: the
    /// action's `paging.items`).
    #[serde(default)]
    pub items: Option<String>,
    /// get, update and delete: the error code answered when no record matches (otherwise the
    /// call succeeds and changes nothing).
    #[serde(default)]
    pub not_found: Option<String>,
    /// create: the error code answered when a record with the same key exists (and is not
    /// `ended`); otherwise a second record is added.
    #[serde(default)]
    pub already_exists: Option<String>,
    /// Record field values that mark a record as ended (e.g. `{Status: 3}`): update, delete and
    /// create's `already_exists` do not match it (get and list still report it).
    #[serde(default)]
    pub ended: BTreeMap<String, serde_json::Value>,
    /// list: answer this field of each record instead of the record (a list of ids).
    #[serde(default)]
    pub item: Option<String>,
    /// list: the result path set to the number of matching records.
    #[serde(default)]
    pub count: Option<String>,
    /// list: the result path set to whether any record matches.
    #[serde(default)]
    pub exists: Option<String>,
    /// list and get: result paths set to constant values (e.g. a list the fake does not keep,
    /// answered empty).
    #[serde(default)]
    pub result: BTreeMap<String, serde_json::Value>,
}

/// Member pairs a fake-server action records.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FakeMembers {
    /// The group: a record field (create) or request path (update), e.g. the conversation id.
    pub group: String,
    /// Request paths of the members; `List[].Field` takes the field of every item.
    pub add: Vec<String>,
}

/// A membership check of the fake server.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// The request field holding the user id.
    pub user: String,
    /// The request field holding the conversation id.
    pub conversation: String,
    /// The error code answered when the user is not a member.
    pub error: String,
}
