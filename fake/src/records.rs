//! The record behaviours a spec declares (`fake.records` and `paging`): actions that create, get,
//! list (paged), update and delete records of named collections, so that the fake server answers
//! what earlier calls did. Nothing here names an action or a field: all of it arrives as data.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use serde_json::{Map, Value};

/// An action's declared behaviour, read from its registry entry's `fake_json`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Behaviour {
    #[serde(default)]
    records: Option<Records>,
    #[serde(default)]
    paging: Option<Paging>,
    /// Callback events to send after the call succeeds.
    #[serde(default)]
    pub(crate) callbacks: Vec<Callback>,
}

/// A callback event an action sends: `EventData` from request paths and constants.
#[derive(Debug, Deserialize)]
pub(crate) struct Callback {
    pub(crate) event: String,
    #[serde(default)]
    pub(crate) data: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) set: BTreeMap<String, Value>,
    /// One event per record the call removed or changed, its `data` paths read from the record.
    #[serde(default)]
    pub(crate) each_record: bool,
}

impl Callback {
    /// The `EventData` read from `source` (the request, or a record the call removed or changed).
    pub(crate) fn event_data(&self, source: &Value) -> Value {
        let mut out = Map::new();
        for (field, path) in &self.data {
            if let Some(v) = get(source, path) {
                out.insert(field.clone(), v.clone());
            }
        }
        for (field, v) in &self.set {
            out.insert(field.clone(), v.clone());
        }
        Value::Object(out)
    }
}

#[derive(Debug, Deserialize)]
struct Records {
    collection: String,
    op: Op,
    #[serde(default)]
    id: Vec<String>,
    #[serde(default)]
    id_text: Vec<String>,
    #[serde(default)]
    key: BTreeMap<String, String>,
    #[serde(default)]
    members: Option<Members>,
    #[serde(default)]
    set: BTreeMap<String, Value>,
    #[serde(default)]
    copy: BTreeMap<String, String>,
    #[serde(default)]
    items: Option<String>,
    #[serde(default)]
    not_found: Option<String>,
    #[serde(default)]
    already_exists: Option<String>,
    #[serde(default)]
    ended: BTreeMap<String, Value>,
    #[serde(default)]
    item: Option<String>,
    #[serde(default)]
    count: Option<String>,
    #[serde(default)]
    exists: Option<String>,
    #[serde(default)]
    result: BTreeMap<String, Value>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Op {
    Create,
    Get,
    List,
    Update,
    Delete,
}

#[derive(Debug, Deserialize)]
struct Members {
    group: String,
    add: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Style {
    PageNumber,
    Offset,
    Cursor,
}

#[derive(Debug, Deserialize)]
struct Paging {
    style: Style,
    items: String,
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    size: Option<String>,
    #[serde(default)]
    offset: Option<String>,
    #[serde(default)]
    cursor: Option<String>,
    #[serde(default)]
    next_cursor: Option<String>,
    #[serde(default)]
    has_more: Option<String>,
    #[serde(default)]
    total: Option<String>,
}

impl Behaviour {
    /// The behaviour in `json` (an empty behaviour when it declares none or cannot be read).
    pub fn parse(json: &str) -> Self {
        serde_json::from_str(json).unwrap_or_default()
    }

    /// Whether the action works on records.
    pub fn has_records(&self) -> bool {
        self.records.is_some()
    }
}

/// A refusal: the error code and message to answer.
pub(crate) type Refusal = (String, String);

/// The records of every collection, in insertion order.
pub(crate) type Collections = BTreeMap<String, Vec<Value>>;

/// The value at a dotted path (`a.b.c`).
fn get<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(v, |v, seg| v.as_object().and_then(|o| o.get(seg)))
}

/// Sets the value at a dotted path, creating objects on the way.
fn set(v: &mut Value, path: &str, value: Value) {
    let mut cur = v;
    let mut segs = path.split('.').peekable();
    while let Some(seg) = segs.next() {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let Some(obj) = cur.as_object_mut() else {
            return;
        };
        if segs.peek().is_none() {
            obj.insert(seg.to_string(), value);
            return;
        }
        cur = obj.entry(seg.to_string()).or_insert(Value::Null);
    }
}

/// The values a request path names: `List[].Field` takes the field of every item of `List`.
fn values(request: &Value, path: &str) -> Vec<Value> {
    match path.split_once("[].") {
        Some((list, rest)) => get(request, list)
            .and_then(Value::as_array)
            .map(|items| items.iter().flat_map(|i| values(i, rest)).collect())
            .unwrap_or_default(),
        None => get(request, path).cloned().into_iter().collect(),
    }
}

fn as_i64(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

/// `template` with the record's fields laid over it (internal `_` fields left out).
fn overlay(template: Option<&Value>, record: &Value) -> Value {
    let mut out = template
        .cloned()
        .filter(Value::is_object)
        .unwrap_or_else(|| Value::Object(Map::new()));
    if let (Some(o), Some(r)) = (out.as_object_mut(), record.as_object()) {
        for (k, v) in r {
            if !k.starts_with('_') {
                o.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// What the fake server's state is made of, for one call.
pub(crate) struct State<'a> {
    pub collections: &'a mut Collections,
    pub members: &'a mut HashSet<(i64, i64)>,
    pub next_id: &'a mut dyn FnMut() -> i64,
    /// Filled with the records the call removed (delete) or changed (update), as they are after.
    pub affected: &'a mut Vec<Value>,
}

impl Records {
    fn matches(&self, record: &Value, request: &Value) -> bool {
        self.key
            .iter()
            .all(|(field, path)| get(record, field) == get(request, path))
    }

    /// Matches and is not ended: what update, delete and `already_exists` act on.
    fn matches_active(&self, record: &Value, request: &Value) -> bool {
        self.matches(record, request)
            && (self.ended.is_empty() || !self.ended.iter().all(|(f, v)| get(record, f) == Some(v)))
    }

    /// Copies the request values `copy` names into `record`.
    fn copy_into(&self, record: &mut Value, request: &Value) {
        for (field, path) in &self.copy {
            if let Some(v) = get(request, path) {
                set(record, field, v.clone());
            }
        }
    }

    fn set_result(&self, result: &mut Value) {
        for (path, v) in &self.result {
            set(result, path, v.clone());
        }
    }

    fn refusal(&self, request: &Value) -> Option<Refusal> {
        let code = self.not_found.clone()?;
        let key: Vec<String> = self
            .key
            .iter()
            .map(|(f, p)| format!("{f}={}", get(request, p).unwrap_or(&Value::Null)))
            .collect();
        Some((
            code,
            format!("no record in `{}` with {}", self.collection, key.join(", ")),
        ))
    }

    fn add_members(
        &self,
        group: Option<&Value>,
        request: &Value,
        members: &mut HashSet<(i64, i64)>,
    ) {
        let Some(m) = &self.members else { return };
        let Some(group) = group.and_then(as_i64) else {
            return;
        };
        for path in &m.add {
            for v in values(request, path) {
                if let Some(member) = as_i64(&v) {
                    members.insert((group, member));
                }
            }
        }
    }
}

/// Runs the action's behaviour on `request`, answering the result (the example result, with
/// `result` already holding fresh ids where `new_ids` says so) or a refusal.
pub(crate) fn apply(
    behaviour: &Behaviour,
    state: State<'_>,
    request: &Value,
    mut result: Value,
) -> Result<Value, Refusal> {
    let Some(r) = &behaviour.records else {
        return Ok(result);
    };
    let records = state.collections.entry(r.collection.clone()).or_default();
    match r.op {
        Op::Create => {
            if let Some(code) = &r.already_exists {
                if records.iter().any(|rec| r.matches_active(rec, request)) {
                    return Err((
                        code.clone(),
                        format!("a record in `{}` with this key exists", r.collection),
                    ));
                }
            }
            let id = (state.next_id)();
            for p in &r.id {
                set(&mut result, p, Value::from(id));
            }
            for p in &r.id_text {
                set(&mut result, p, Value::from(id.to_string()));
            }
            let mut record = request.clone();
            if let (Some(rec), Some(res)) = (record.as_object_mut(), result.as_object()) {
                for (k, v) in res {
                    rec.insert(k.clone(), v.clone());
                }
            }
            for (field, path) in &r.key {
                if let Some(v) = get(request, path).cloned() {
                    set(&mut record, field, v);
                }
            }
            r.copy_into(&mut record, request);
            set(&mut record, "_id", Value::from(id));
            let group = r
                .members
                .as_ref()
                .and_then(|m| get(&record, &m.group))
                .cloned();
            r.add_members(group.as_ref(), request, state.members);
            records.push(record);
            Ok(result)
        }
        Op::Get => {
            let Some(found) = records.iter().find(|rec| r.matches(rec, request)) else {
                return r.refusal(request).map_or(Ok(result), Err);
            };
            r.set_result(&mut result);
            match &r.items {
                Some(path) => {
                    let item = overlay(get(&result, path), found);
                    set(&mut result, path, item);
                    Ok(result)
                }
                None => Ok(overlay(Some(&result), found)),
            }
        }
        Op::List => {
            let matching: Vec<&Value> = records
                .iter()
                .filter(|rec| r.matches(rec, request))
                .collect();
            let items_path = r
                .items
                .clone()
                .or_else(|| behaviour.paging.as_ref().map(|p| p.items.clone()))
                .unwrap_or_default();
            let template = get(&result, &items_path)
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .cloned();
            let (start, size) = window(behaviour.paging.as_ref(), request, matching.len());
            let page: Vec<Value> = matching
                .iter()
                .skip(start)
                .take(size)
                .map(|rec| match &r.item {
                    Some(field) => get(rec, field).cloned().unwrap_or(Value::Null),
                    None => overlay(template.as_ref(), rec),
                })
                .collect();
            r.set_result(&mut result);
            if let Some(path) = &r.count {
                set(&mut result, path, Value::from(matching.len() as i64));
            }
            if let Some(path) = &r.exists {
                set(&mut result, path, Value::Bool(!matching.is_empty()));
            }
            let end = start + page.len();
            let more = end < matching.len();
            set(&mut result, &items_path, Value::Array(page));
            if let Some(p) = &behaviour.paging {
                if let Some(f) = &p.next_cursor {
                    set(&mut result, f, Value::from(end as i64));
                }
                if let Some(f) = &p.has_more {
                    set(&mut result, f, Value::Bool(more));
                }
                if let Some(f) = &p.total {
                    set(&mut result, f, Value::from(matching.len() as i64));
                }
            }
            Ok(result)
        }
        Op::Update => {
            let mut any = false;
            for rec in records
                .iter_mut()
                .filter(|rec| r.matches_active(rec, request))
            {
                any = true;
                for (k, v) in &r.set {
                    set(rec, k, v.clone());
                }
                r.copy_into(rec, request);
                state.affected.push(rec.clone());
            }
            if !any {
                if let Some(refusal) = r.refusal(request) {
                    return Err(refusal);
                }
            }
            let group = r
                .members
                .as_ref()
                .and_then(|m| get(request, &m.group))
                .cloned();
            r.add_members(group.as_ref(), request, state.members);
            Ok(result)
        }
        Op::Delete => {
            let (gone, kept): (Vec<Value>, Vec<Value>) = std::mem::take(records)
                .into_iter()
                .partition(|rec| r.matches_active(rec, request));
            *records = kept;
            if gone.is_empty() {
                if let Some(refusal) = r.refusal(request) {
                    return Err(refusal);
                }
            }
            state.affected.extend(gone);
            Ok(result)
        }
    }
}

/// The first record and the number of records of the page the request asks for.
fn window(paging: Option<&Paging>, request: &Value, len: usize) -> (usize, usize) {
    let Some(p) = paging else { return (0, len) };
    let field = |f: &Option<String>| f.as_deref().and_then(|f| get(request, f)).and_then(as_i64);
    let size = field(&p.size)
        .filter(|s| *s > 0)
        .map_or(len, |s| s as usize);
    let start = match p.style {
        Style::Cursor => field(&p.cursor).unwrap_or(0),
        Style::Offset => field(&p.offset).unwrap_or(0),
        Style::PageNumber => (field(&p.page).unwrap_or(1).max(1) - 1).saturating_mul(size as i64),
    };
    (usize::try_from(start).unwrap_or(0), size)
}
