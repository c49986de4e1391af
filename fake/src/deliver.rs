//! Callbacks: signed envelopes POSTed to the configured callback URL, as the service delivers them
//! (a fresh `EventId` per event; HTTP 200 within 5 s is success; otherwise sent again, at most 3
//! deliveries), and recorded with every attempt's outcome (collection [`CALLBACKS`]).

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use serde_json::{json, Value};
use volcengine_rtc_auth::EnvelopeBuilder;

use crate::records::Behaviour;
use crate::state::{lock, FakeState};

/// The collection delivered callbacks are recorded in: `{EventType, EventId, EventData, Body,
/// Attempts: [{Status} | {Error}], Delivered}`.
pub const CALLBACKS: &str = "callbacks";

/// The most deliveries of one event (the documented rule).
pub const MAX_DELIVERIES: usize = 3;

/// How long a delivery may take (the documented rule).
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);

/// How much of a receiver's answer is recorded.
const ANSWER_KEPT: usize = 1024;

/// Sends the callbacks an action declares, built from its request (or, `each_record`, one per
/// record the call removed or changed, from the record).
pub(crate) fn after_call(
    state: &Arc<FakeState>,
    behaviour: &Behaviour,
    request: &Value,
    affected: &[Value],
) {
    for cb in &behaviour.callbacks {
        if cb.each_record {
            for record in affected {
                send(state, &cb.event, cb.event_data(record));
            }
        } else {
            send(state, &cb.event, cb.event_data(request));
        }
    }
}

/// Signs an event and delivers it in the background (nothing happens without a callback URL and
/// secret).
pub(crate) fn send(state: &Arc<FakeState>, event_type: &str, data: Value) {
    let Some(room) = lock(&state.room).clone() else {
        return;
    };
    let (Some(url), Some(secret)) = (room.callback_url.clone(), room.callback_secret.clone())
    else {
        return;
    };
    let envelope = EnvelopeBuilder::new(event_type, data.to_string())
        .app_id(room.app_id.as_str())
        .event_time_unix(state.now())
        .sign(&secret);
    let body = envelope.to_json();
    let id = envelope.event_id.clone();
    {
        let cap = state.retain_cap.load(Ordering::Relaxed).max(1);
        let mut all = lock(&state.records);
        let list = all.entry(CALLBACKS.to_string()).or_default();
        if list.len() >= cap {
            list.remove(0);
        }
        list.push(json!({
            "EventType": event_type, "EventId": id, "EventData": data, "Body": body,
            "Attempts": [], "Delivered": false,
        }));
    }
    let state = Arc::clone(state);
    tokio::spawn(async move {
        for attempt in 0..MAX_DELIVERIES {
            let outcome = match tokio::time::timeout(DELIVERY_TIMEOUT, post(&url, &body)).await {
                Ok(Ok((status, answer))) => json!({ "Status": status, "Answer": answer }),
                Ok(Err(e)) => json!({ "Error": e }),
                Err(_) => json!({ "Error": format!("no answer within {DELIVERY_TIMEOUT:?}") }),
            };
            let delivered = outcome["Status"] == 200;
            note(&state, &id, outcome, delivered);
            if delivered {
                return;
            }
            if attempt + 1 < MAX_DELIVERIES {
                tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
            }
        }
    });
}

/// Records one attempt of the event `id`.
fn note(state: &FakeState, id: &str, outcome: Value, delivered: bool) {
    let mut all = lock(&state.records);
    let Some(list) = all.get_mut(CALLBACKS) else {
        return;
    };
    if let Some(rec) = list.iter_mut().find(|r| r["EventId"] == id) {
        if let Some(a) = rec["Attempts"].as_array_mut() {
            a.push(outcome);
        }
        rec["Delivered"] = Value::Bool(delivered);
    }
}

/// POSTs `body` to an `http://` URL: the status and the start of the answer.
async fn post(url: &str, body: &str) -> Result<(u16, String), String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("bad callback URL: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err("the fake server delivers to http:// URLs only".into());
    }
    let host = uri
        .host()
        .ok_or("the callback URL has no host")?
        .to_string();
    let port = uri.port_u16().unwrap_or(80);
    let stream = tokio::net::TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let (mut sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(conn);
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    let req = Request::post(path)
        .header(
            "Host",
            uri.authority().map_or(host.as_str(), |a| a.as_str()),
        )
        .header("Content-Type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .map_err(|e| e.to_string())?;
    let resp = sender
        .send_request(req)
        .await
        .map_err(|e| format!("send: {e}"))?;
    let status = resp.status().as_u16();
    let answer = match Limited::new(resp.into_body(), 64 * 1024).collect().await {
        Ok(b) => {
            let bytes = b.to_bytes();
            String::from_utf8_lossy(&bytes[..bytes.len().min(ANSWER_KEPT)]).into_owned()
        }
        Err(_) => String::new(),
    };
    Ok((status, answer))
}
