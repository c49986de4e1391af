//! The fake RTC room: the control endpoints a test drives instead of an RTC client.
//!
//! - `POST /__fake/join` `{"Token", "RoomId", "UserId", "Publish"?}`: checks the token as the
//!   service does (its AppId, signature under the AppKey, expiry, room or wildcard, user, and the
//!   subscribe privilege, plus publish when `"Publish": true`), then records the user in the room
//!   (collection [`ROOM_USERS`], which the spec's room queries list and its kick/ban/dismiss actions
//!   delete from) and sends `UserJoinRoom`. 200 `{"Joined": true}`, or 401 `{"Error": "..."}`
//!   naming what is wrong.
//! - `POST /__fake/leave` `{"RoomId", "UserId"}`: removes the user, sends `UserLeaveRoom`
//!   (`Reason: userLeave`). 404 when the user is not in the room.
//! - `GET /__fake/callbacks`: the callbacks delivered so far, as `records("callbacks")`.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use hyper::{Method, Request};
use serde_json::{json, Value};
use volcengine_rtc_auth::{AccessToken, Privilege, Room};

use crate::handle::{respond, Answer};
use crate::state::{lock, FakeState};

/// The path prefix of the control endpoints.
pub const CONTROL_PREFIX: &str = "/__fake/";

/// The collection joined users are kept in: records `{AppId, RoomId, UserId, JoinTime}`.
pub const ROOM_USERS: &str = "room_users";

/// The largest control request read.
const MAX_BODY: usize = 64 * 1024;

fn answer(state: &FakeState, status: u16, body: &Value) -> Answer {
    respond(state, status, body.to_string().into_bytes())
}

fn refuse(state: &FakeState, status: u16, why: impl Into<String>) -> Answer {
    answer(state, status, &json!({ "Error": why.into() }))
}

/// Serves a control endpoint.
pub(crate) async fn control(state: &Arc<FakeState>, req: Request<Incoming>) -> Answer {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    if method == Method::GET && path == "/__fake/callbacks" {
        let list = lock(&state.records)
            .get(crate::deliver::CALLBACKS)
            .cloned()
            .unwrap_or_default();
        return answer(state, 200, &Value::Array(list));
    }
    if method != Method::POST {
        return refuse(state, 404, format!("no control endpoint {method} {path}"));
    }
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(e) => return refuse(state, 400, format!("the body could not be read: {e}")),
    };
    let body: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return refuse(state, 400, format!("the body is not JSON: {e}")),
    };
    let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(room_id), Some(user_id)) = (text("RoomId"), text("UserId")) else {
        return refuse(state, 400, "`RoomId` and `UserId` (strings) are required");
    };
    match path.as_str() {
        "/__fake/join" => {
            let token = text("Token").unwrap_or_default();
            let publish = body.get("Publish").and_then(Value::as_bool) == Some(true);
            join(state, &token, &room_id, &user_id, publish)
        }
        "/__fake/leave" => leave(state, &room_id, &user_id),
        _ => refuse(state, 404, format!("no control endpoint POST {path}")),
    }
}

/// Checks `token` for joining `room_id` as `user_id`, as the service does.
fn check_token(
    state: &FakeState,
    token: &str,
    room_id: &str,
    user_id: &str,
    publish: bool,
) -> Result<String, String> {
    let room = lock(&state.room).clone();
    let Some(room) = room else {
        return Err("this fake server has no app: start it with --app-id and --app-key".into());
    };
    let t = AccessToken::parse(token).map_err(|e| format!("the token is malformed: {e}"))?;
    if t.app_id().as_str() != room.app_id {
        return Err(format!(
            "the token is for AppId {}, not this app's {}",
            t.app_id(),
            room.app_id
        ));
    }
    let now = u64::try_from(state.now()).unwrap_or(0);
    let mut require = vec![Privilege::SUBSCRIBE_STREAM];
    if publish {
        require.push(Privilege::PUBLISH_STREAM);
    }
    t.verify_privileges(&room.app_key, now, &require)
        .map_err(|e| format!("the token is not valid: {e}"))?;
    match t.room() {
        Room::Any => {}
        Room::Id(r) if r == room_id => {}
        other => {
            return Err(format!(
                "the token is for room {:?}, not {room_id:?}",
                other.as_str()
            ))
        }
    }
    if t.user_id() != user_id {
        return Err(format!(
            "the token is for user {:?}, not {user_id:?}",
            t.user_id()
        ));
    }
    Ok(room.app_id)
}

fn join(
    state: &Arc<FakeState>,
    token: &str,
    room_id: &str,
    user_id: &str,
    publish: bool,
) -> Answer {
    let app_id = match check_token(state, token, room_id, user_id, publish) {
        Ok(app_id) => app_id,
        Err(why) => return refuse(state, 401, why),
    };
    let record = json!({
        "AppId": app_id, "RoomId": room_id, "UserId": user_id, "JoinTime": state.now(),
    });
    {
        let cap = state.retain_cap.load(Ordering::Relaxed).max(1);
        let mut all = lock(&state.records);
        let users = all.entry(ROOM_USERS.to_string()).or_default();
        let same = |r: &Value| {
            r["AppId"] == record["AppId"]
                && r["RoomId"] == record["RoomId"]
                && r["UserId"] == record["UserId"]
        };
        if !users.iter().any(same) {
            if users.len() >= cap {
                users.remove(0);
            }
            users.push(record);
        }
    }
    let data = json!({
        "AppId": app_id, "RoomId": room_id, "UserId": user_id,
        "Timestamp": state.now().saturating_mul(1000),
    });
    crate::deliver::send(state, "UserJoinRoom", data);
    answer(state, 200, &json!({ "Joined": true }))
}

fn leave(state: &Arc<FakeState>, room_id: &str, user_id: &str) -> Answer {
    let removed = {
        let mut all = lock(&state.records);
        let users = all.entry(ROOM_USERS.to_string()).or_default();
        let before = users.len();
        users.retain(|r| !(r["RoomId"] == room_id && r["UserId"] == user_id));
        before != users.len()
    };
    if !removed {
        return refuse(
            state,
            404,
            format!("user {user_id:?} is not in room {room_id:?}"),
        );
    }
    let data = json!({
        "RoomId": room_id, "UserId": user_id, "Reason": "userLeave",
        "Timestamp": state.now().saturating_mul(1000),
    });
    crate::deliver::send(state, "UserLeaveRoom", data);
    answer(state, 200, &json!({ "Left": true }))
}
