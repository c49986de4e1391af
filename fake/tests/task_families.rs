//! Every task family the spec gives the fake (`fake.records` over a collection keyed by `TaskId`):
//! start → read (Get or List) reports the task as started → update changes what the update's
//! `copy` names, as the read then shows → stop → the read reports it ended → stop again, and update after
//! the stop, answer the family's `not_found` code; stop and update of a task never started too.
//! The families, their roles and their codes are read from the registry's `fake_json`: adding a
//! family is YAML only, and this test covers it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::{CallOptions, Client};

#[derive(Debug, Clone)]
struct Op {
    action: &'static str,
    op: String,
    key: BTreeMap<String, String>,
    items: Option<String>,
    not_found: Option<String>,
    ended: Map<String, Value>,
    copy: BTreeMap<String, String>,
    example: Value,
}

#[derive(Debug, Default)]
struct Family {
    starts: Vec<Op>,
    reads: Vec<Op>,
    updates: Vec<Op>,
    stops: Vec<Op>,
}

fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, seg| v.get(seg))
}

fn put(v: &mut Value, path: &str, value: Value) {
    let mut cur = v;
    for seg in path.split('.') {
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        cur = &mut cur[seg];
    }
    *cur = value;
}

/// The task families: collections some action keys by `TaskId`, by role.
fn families() -> BTreeMap<String, Family> {
    let mut ops: Vec<(String, Op, bool)> = Vec::new();
    for entry in volcengine_rtc::actions() {
        let fake: Value = serde_json::from_str(entry.info.fake_json).unwrap_or(Value::Null);
        let Some(r) = fake.get("records").filter(|r| r.is_object()) else {
            continue;
        };
        let key: BTreeMap<String, String> =
            serde_json::from_value(r["key"].clone()).unwrap_or_default();
        let text = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
        let ended = r["ended"].as_object().cloned().unwrap_or_default();
        let set = r["set"].as_object().cloned().unwrap_or_default();
        let op = Op {
            action: entry.operation.action,
            op: text("op").unwrap_or_default(),
            key,
            items: text("items").or_else(|| {
                at(&fake, "paging.items")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            }),
            not_found: text("not_found"),
            copy: serde_json::from_value(r["copy"].clone()).unwrap_or_default(),
            example: serde_json::from_str(entry.info.example_request).expect("example JSON"),
            ended: ended.clone(),
        };
        let ends = !ended.is_empty() && ended.iter().all(|(k, v)| set.get(k) == Some(v));
        ops.push((text("collection").unwrap_or_default(), op, ends));
    }
    let tasks: Vec<String> = ops
        .iter()
        .filter(|(_, op, _)| op.key.contains_key("TaskId"))
        .map(|(c, _, _)| c.clone())
        .collect();
    let mut out: BTreeMap<String, Family> = BTreeMap::new();
    for (collection, op, ends) in ops {
        if !tasks.contains(&collection) {
            continue;
        }
        let family = out.entry(collection).or_default();
        match op.op.as_str() {
            "create" => family.starts.push(op),
            "get" | "list" => family.reads.push(op),
            "update" if ends => family.stops.push(op),
            "delete" if op.not_found.is_some() => family.stops.push(op),
            "update" => family.updates.push(op),
            _ => {}
        }
    }
    out
}

/// `op`'s example with its key paths set to the task's key values.
fn keyed(op: &Op, task: &BTreeMap<String, Value>) -> Value {
    let mut req = op.example.clone();
    for (field, path) in &op.key {
        if let Some(v) = task.get(field) {
            put(&mut req, path, v.clone());
        }
    }
    req
}

async fn call(c: &Client, op: &Op, req: Value) -> Result<Value, volcengine_rtc::Error> {
    let entry = volcengine_rtc::registry::find(op.action, None).expect("in the registry");
    (entry.call_json)(c.runtime(), req, &CallOptions::default()).await
}

/// The task as `read` reports it: the item whose key fields (those its type has: a Get's result
/// type may have none) are the task's, and whose fields `expected` (the start request, updated)
/// has are as it has them.
async fn read(c: &Client, op: &Op, task: &BTreeMap<String, Value>, expected: &Value) -> Value {
    let result = call(c, op, keyed(op, task))
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", op.action));
    let found = match op.items.as_deref() {
        Some(p) => at(&result, p).cloned(),
        None => Some(result.clone()),
    };
    let candidates = match found {
        Some(Value::Array(items)) => items,
        Some(item) => vec![item],
        None => Vec::new(),
    };
    candidates
        .into_iter()
        .find(|item| {
            task.iter()
                .all(|(f, v)| item.get(f).is_none_or(|got| got == v))
        })
        .inspect(|item| {
            for (f, v) in expected.as_object().into_iter().flatten() {
                if let Some(got) = item.get(f) {
                    assert_eq!(got, v, "{}: `{f}` is not as started", op.action);
                }
            }
        })
        .unwrap_or_else(|| panic!("{} does not report the task: {result}", op.action))
}

fn is_ended(op: &Op, item: &Value) -> bool {
    !op.ended.is_empty() && op.ended.iter().all(|(k, v)| item.get(k) == Some(v))
}

async fn refused(c: &Client, op: &Op, req: Value, what: &str) {
    let code = op
        .not_found
        .as_deref()
        .unwrap_or_else(|| panic!("{}: no `not_found` code for an unknown task", op.action));
    match call(c, op, req).await {
        Err(e) => assert_eq!(
            e.as_api().map(|a| a.code.as_str()),
            Some(code),
            "{} {what}: {e}",
            op.action
        ),
        Ok(v) => panic!("{} {what}: answered {v}", op.action),
    }
}

async fn run(family: &str, f: &Family, start: &Op) {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .build()
        .expect("client");
    let task: BTreeMap<String, Value> = start
        .key
        .iter()
        .map(|(field, path)| {
            let v = at(&start.example, path).cloned();
            (
                field.clone(),
                v.unwrap_or_else(|| panic!("{}: no {path}", start.action)),
            )
        })
        .collect();
    let who = format!("{family} started by {}", start.action);

    // Nothing started yet: stop and update are refused.
    for op in f.stops.iter().chain(&f.updates) {
        refused(&c, op, keyed(op, &task), "of a task never started").await;
    }

    // What the reads should show: the start request, then what updates copied into the task.
    let mut expected = start.example.clone();
    for (p, from) in &start.copy {
        if let Some(v) = at(&start.example, from).cloned() {
            put(&mut expected, p, v);
        }
    }
    call(&c, start, start.example.clone())
        .await
        .unwrap_or_else(|e| panic!("{who}: {e}"));
    for r in &f.reads {
        let item = read(&c, r, &task, &expected).await;
        assert!(
            !is_ended(start, &item),
            "{who}: {} reports it ended: {item}",
            r.action
        );
    }

    for u in &f.updates {
        let req = keyed(u, &task);
        call(&c, u, req.clone())
            .await
            .unwrap_or_else(|e| panic!("{who}: {}: {e}", u.action));
        for (p, from) in &u.copy {
            let Some(v) = at(&req, from) else { continue };
            put(&mut expected, p, v.clone());
            // `read` checks the copied value wherever a read's type has the field; one must.
            let mut shown = f.reads.is_empty();
            for r in &f.reads {
                let item = read(&c, r, &task, &expected).await;
                shown |= at(&item, p).is_some();
            }
            assert!(shown, "{who}: no read shows `{p}` after {}", u.action);
        }
    }

    let (first, again) = f.stops.split_first().expect("a stop");
    call(&c, first, keyed(first, &task))
        .await
        .unwrap_or_else(|e| panic!("{who}: {}: {e}", first.action));
    for r in &f.reads {
        let item = read(&c, r, &task, &expected).await;
        assert!(
            is_ended(first, &item),
            "{who}: {} after the stop: {item}",
            r.action
        );
    }
    for op in std::iter::once(first).chain(again).chain(&f.updates) {
        refused(&c, op, keyed(op, &task), "after the stop").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_task_family_starts_reports_updates_and_stops() {
    let families = families();
    // Guards the derivation itself: recording and at least one other family are found.
    assert!(families.len() >= 2, "{:?}", families.keys());
    for (name, f) in &families {
        assert!(!f.starts.is_empty(), "{name}: no start");
        assert!(!f.stops.is_empty(), "{name}: no stop");
        for start in &f.starts {
            run(name, f, start).await;
        }
    }
    let covered: Vec<&str> = families
        .values()
        .flat_map(|f| {
            f.starts
                .iter()
                .chain(&f.updates)
                .chain(&f.stops)
                .chain(&f.reads)
        })
        .map(|o| o.action)
        .collect();
    eprintln!(
        "{} families, {} actions: {covered:?}",
        families.len(),
        covered.len()
    );
}
