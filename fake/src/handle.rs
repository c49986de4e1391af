//! Answering one OpenAPI request: the signature, the parameters (decoded strictly by the
//! generated types), programmed faults, the declared record behaviour and callbacks, and the
//! documented envelope.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};

use volcengine_openapi::registry::{find, query_to_json, ActionEntry};
use volcengine_openapi::signer::percent_decode;
use volcengine_openapi::Placement;

use crate::state::{lock, FakeState};
use crate::{records, verify, Fault, Received};

pub(crate) type Answer = Result<Response<Full<Bytes>>, std::io::Error>;

pub(crate) fn respond(state: &FakeState, status: u16, body: Vec<u8>) -> Answer {
    let date = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(state.now().max(0) as u64));
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR))
        .header("Content-Type", "application/json")
        .header("Date", date)
        .body(Full::new(Bytes::from(body)))
        .map_err(std::io::Error::other)
}

fn envelope(
    (service, region): (&str, &str),
    action: &str,
    version: &str,
    request_id: &str,
    error: Option<Value>,
    result: Option<Value>,
) -> Vec<u8> {
    let mut meta = json!({
        "RequestId": request_id, "Action": action, "Version": version, "Service": service, "Region": region
    });
    if let (Some(e), Some(m)) = (error, meta.as_object_mut()) {
        m.insert("Error".into(), e);
    }
    let mut body = json!({ "ResponseMetadata": meta });
    if let (Some(r), Some(b)) = (result, body.as_object_mut()) {
        b.insert("Result".into(), r);
    }
    serde_json::to_vec(&body).unwrap_or_default()
}

/// Who is being answered: the action, its version and the request id.
struct Call<'a> {
    service: &'a str,
    action: &'a str,
    version: &'a str,
    rid: &'a str,
}

fn error_answer(
    state: &FakeState,
    call: &Call<'_>,
    status: u16,
    code: &str,
    code_n: Option<u32>,
    message: &str,
) -> Answer {
    let mut e = json!({ "Code": code, "Message": message });
    if let (Some(n), Some(m)) = (code_n, e.as_object_mut()) {
        m.insert("CodeN".into(), json!(n));
    }
    respond(
        state,
        status,
        envelope(
            (call.service, state.region()),
            call.action,
            call.version,
            call.rid,
            Some(e),
            None,
        ),
    )
}

fn header<'a>(req: &'a Request<Incoming>, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

pub(crate) async fn handle(state: Arc<FakeState>, req: Request<Incoming>) -> Answer {
    let n = state.requests.fetch_add(1, Ordering::Relaxed);
    if req.uri().path().starts_with(crate::room::CONTROL_PREFIX) {
        return crate::room::control(&state, req).await;
    }
    let rid = format!("fake-{n:08}");
    let query: Vec<(String, String)> = req
        .uri()
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (
                percent_decode(k).unwrap_or_default(),
                percent_decode(v).unwrap_or_default(),
            )
        })
        .collect();
    let get = |k: &str| {
        query
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (action, version) = (get("Action"), get("Version"));
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let authorization = header(&req, "authorization").unwrap_or("").to_string();
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return Err(std::io::Error::other(e)),
    };

    let service = state
        .actions
        .first()
        .map_or("", |e| e.operation.service.name);
    let mut call = Call {
        service,
        action: &action,
        version: &version,
        rid: &rid,
    };
    let Some(entry) = find(state.actions, &action, Some(&version)) else {
        return error_answer(
            &state,
            &call,
            404,
            "InvalidActionOrVersion",
            Some(100008),
            &format!("Could not find operation {action} for version {version}"),
        );
    };
    let op = entry.operation;
    call.service = op.service.name;

    let fault = state.next_fault();
    match &fault {
        Some(Fault::Delay(d)) => tokio::time::sleep(*d).await,
        Some(Fault::DropBeforeStore) => {
            record(&state, &action, &authorization, false, None, None);
            return Err(std::io::Error::other(
                "fault: connection dropped before storing",
            ));
        }
        Some(Fault::Status(s)) => {
            let (code, code_n) = if *s == 429 {
                ("FlowLimitExceeded.QPSOverLimit", None)
            } else {
                ("InternalError", Some(100014))
            };
            return error_answer(&state, &call, *s, code, code_n, "fault: injected status");
        }
        Some(Fault::ErrorEnvelope {
            status,
            code,
            code_n,
        }) => {
            return error_answer(
                &state,
                &call,
                *status,
                code,
                *code_n,
                "fault: injected error",
            );
        }
        Some(Fault::NonJson(s)) => {
            return respond(&state, *s, b"<html>502 Bad Gateway</html>".to_vec())
        }
        _ => {}
    }

    // Signature.
    let verdict = verify::verify(
        &state,
        op,
        &method,
        &path,
        &query,
        &headers,
        &body,
        &authorization,
    );
    if let Err((status, code, code_n, msg)) = verdict {
        record(&state, &action, &authorization, false, None, None);
        return error_answer(&state, &call, status, code, code_n, &msg);
    }

    // Parameters: decoded strictly and validated by the generated types.
    let invalid_code = op.family.invalid_request_code;
    let raw = match op.placement {
        Placement::Body => match serde_json::from_slice::<Value>(&body) {
            Ok(v) => v,
            Err(e) => {
                return error_answer(
                    &state,
                    &call,
                    400,
                    invalid_code,
                    None,
                    &format!("the body is not JSON: {e}"),
                )
            }
        },
        Placement::Query => query_to_json(entry.info, &query),
    };
    let request = match entry.check(&raw) {
        Ok(v) => v,
        Err(violations) => {
            let msg = violations
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join("; ");
            record(&state, &action, &authorization, true, None, None);
            return error_answer(&state, &call, 400, invalid_code, None, &msg);
        }
    };
    let key = op
        .idempotency_key
        .and_then(|k| request.get(k))
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut logged = request.clone();
    volcengine_openapi::sensitive::mask_json(&mut logged, entry.info.sensitive);
    record(
        &state,
        &action,
        &authorization,
        true,
        key.clone(),
        Some(logged),
    );

    if let Some(m) = entry.info.fake.membership {
        if state.check_membership.load(Ordering::Relaxed) {
            let user = request
                .get(m.member)
                .and_then(Value::as_i64)
                .unwrap_or_default();
            let conv = request
                .get(m.group)
                .and_then(Value::as_i64)
                .unwrap_or_default();
            if !lock(&state.members).contains(&(conv, user)) {
                return error_answer(
                    &state,
                    &call,
                    200,
                    m.error,
                    None,
                    &format!("user {user} is not in conversation {conv}"),
                );
            }
        }
    }

    let result = match answer(&state, entry, &request, key) {
        Ok(r) => r,
        Err((code, msg)) => return error_answer(&state, &call, 200, &code, None, &msg),
    };
    if matches!(fault, Some(Fault::DropAfterStore)) {
        return Err(std::io::Error::other(
            "fault: connection dropped after storing",
        ));
    }
    let body = envelope(
        (op.service.name, state.region()),
        &action,
        &version,
        &rid,
        None,
        Some(result),
    );
    if matches!(fault, Some(Fault::Truncated)) {
        let half = body.len() / 2;
        return respond(&state, 200, body[..half].to_vec());
    }
    respond(&state, 200, body)
}

fn record(
    state: &FakeState,
    action: &str,
    authorization: &str,
    ok: bool,
    key: Option<String>,
    body: Option<Value>,
) {
    if !state.retain.load(Ordering::Relaxed) {
        return;
    }
    let cap = state.retain_cap.load(Ordering::Relaxed);
    let mut received = lock(&state.received);
    while received.len() >= cap.max(1) {
        received.pop_front();
    }
    received.push_back(Received {
        action: action.to_string(),
        authorization: authorization.to_string(),
        signature_ok: ok,
        idempotency_key: key,
        body,
    });
}

/// The result for an accepted request: stored once per idempotency key.
fn answer(
    state: &Arc<FakeState>,
    entry: &ActionEntry,
    request: &Value,
    key: Option<String>,
) -> Result<Value, records::Refusal> {
    let op = entry.operation;
    let info = entry.info;
    let retain = state.retain.load(Ordering::Relaxed);
    let mut answered = lock(&state.answered);
    if let Some(k) = &key {
        if let Some(prev) = answered.get(&(op.action.to_string(), k.clone())) {
            return Ok(prev.clone());
        }
    }
    let set = lock(&state.answers).get(op.action).cloned();
    let mut result: Value = set
        .or_else(|| serde_json::from_str(info.example_result).ok())
        .unwrap_or_else(|| json!({}));
    if let Some(obj) = result.as_object_mut() {
        for id in info.fake.new_ids {
            obj.insert(
                (*id).to_string(),
                json!(state.next_id.fetch_add(1, Ordering::Relaxed)),
            );
        }
    }
    if !retain {
        return Ok(result);
    }
    if let Some(behaviour) = state.behaviours.get(&(op.action, op.version)) {
        let mut affected = Vec::new();
        if behaviour.has_records() {
            let mut collections = lock(&state.records);
            let mut members = lock(&state.members);
            let mut next_id = || state.next_id.fetch_add(1, Ordering::Relaxed);
            result = records::apply(
                behaviour,
                records::State {
                    collections: &mut collections,
                    members: &mut members,
                    next_id: &mut next_id,
                    affected: &mut affected,
                },
                request,
                result,
            )?;
            // Answered as the typed result reads and writes it: what the client would decode.
            if let Ok(typed) = (entry.check_result)(&result) {
                result = typed;
            }
        }
        crate::deliver::after_call(state, behaviour, request, &affected);
    }
    if let Some(collection) = info.fake.store {
        let mut stored = request.clone();
        if let Some(o) = stored.as_object_mut() {
            o.insert("_Result".into(), result.clone());
        }
        let cap = state.retain_cap.load(Ordering::Relaxed).max(1);
        let mut all = lock(&state.stored);
        let kept = all.entry(collection.to_string()).or_default();
        while kept.len() >= cap {
            kept.pop_front();
        }
        kept.push_back(stored);
    }
    if let Some(k) = key {
        let cap = state.retain_cap.load(Ordering::Relaxed).max(1);
        let mut order = lock(&state.answered_order);
        while order.len() >= cap {
            if let Some(old) = order.pop_front() {
                answered.remove(&old);
            }
        }
        let k = (op.action.to_string(), k);
        order.push_back(k.clone());
        answered.insert(k, result.clone());
    }
    Ok(result)
}
