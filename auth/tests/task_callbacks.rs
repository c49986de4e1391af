//! Callbacks of task families other than recording, as the spec's `fake.callbacks` declare them:
//! StartVoiceChat / StopVoiceChat send `VoiceChat` events (stages `taskStart`, `taskStop`), and the
//! push-to-CDN actions `TranscodeStarted` / `TranscodeUpdated` / `TranscodeStopped`; each reaches
//! the example app server signed, verified and typed. KickUser, BanRoomUser and DismissRoom send a
//! `UserLeaveRoom` for each user they remove, with no `Reason` (the pages give none for them).

#[path = "../examples/app_server.rs"]
#[allow(dead_code)]
mod app_server;

use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use volcengine_fake::{FakeServer, RoomConfig};
use volcengine_rtc::callbacks::rtc::{Event, RunStage, VoiceChatEventType};
use volcengine_rtc::CallOptions;
use volcengine_rtc_auth::{AppId, AppKey, CallbackSecret, Room, TokenBuilder};

const APP_ID: &str = "661e0000000000000000543c";

async fn events(app: &app_server::App, n: usize) -> Vec<Event> {
    for _ in 0..100 {
        let got = app.events.lock().unwrap().clone();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the app got {:?}", app.events.lock().unwrap());
}

/// Calls `action` with its spec example, with `overrides` laid over it.
async fn call(c: &volcengine_rtc::Client, action: &str, overrides: &Value) -> Value {
    let entry = volcengine_rtc::registry::find(action, None).expect("in the spec");
    let mut req: Value = serde_json::from_str(entry.info.example_request).expect("example");
    for (k, v) in overrides.as_object().expect("object") {
        req[k] = v.clone();
    }
    (entry.call_json)(c.runtime(), req, &CallOptions::default())
        .await
        .unwrap_or_else(|e| panic!("{action}: {e}"))
}

/// The fake room calling the example app server back; the app's client calls the fake.
async fn setup() -> (FakeServer, Arc<app_server::App>, volcengine_rtc::Client) {
    let fake = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("fake");
    let (key, secret) = (AppKey::new("app-key"), CallbackSecret::new("cb-secret"));
    let client = volcengine_rtc::Client::builder()
        .credentials(volcengine_fake::test_credentials())
        .endpoint(fake.url())
        .build()
        .expect("client");
    let app = Arc::new(app_server::App::new(
        APP_ID,
        key.clone(),
        secret.clone(),
        client.clone(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/callback", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, app_server::router(Arc::clone(&app))).into_future());
    fake.set_room(RoomConfig::new(APP_ID, key).callbacks(url, secret));

    (fake, app, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_chat_and_push_to_cdn_send_their_callbacks() {
    let (fake, app, client) = setup().await;
    let task = serde_json::json!({"AppId": APP_ID, "RoomId": "room-ai", "TaskId": "agent-1"});
    call(&client, "StartVoiceChat", &task).await;
    let got = events(&app, 1).await;
    let Event::VoiceChat(started) = &got[0] else {
        panic!("{got:?}")
    };
    assert_eq!(
        (started.room_id.as_str(), started.task_id.as_str()),
        ("room-ai", "agent-1")
    );
    assert_eq!(started.app_id, APP_ID);
    assert_eq!(started.event_type, VoiceChatEventType::STATE_CHANGED);
    assert_eq!(started.run_stage, Some(RunStage::TASK_START));
    call(&client, "StopVoiceChat", &task).await;
    let got = events(&app, 2).await;
    let Event::VoiceChat(stopped) = &got[1] else {
        panic!("{got:?}")
    };
    assert_eq!(stopped.run_stage, Some(RunStage::TASK_STOP));
    assert_eq!(stopped.task_id, "agent-1");

    let push = serde_json::json!({"AppId": APP_ID, "RoomId": "room-live", "TaskId": "push-1"});
    // Deliveries run in the background, unordered (as the pages say): one call at a time.
    for (n, action) in [
        "StartPushMixedStreamToCDN",
        "UpdatePushMixedStreamToCDN",
        "StopPushStreamToCDN",
    ]
    .into_iter()
    .enumerate()
    {
        call(&client, action, &push).await;
        events(&app, 3 + n).await;
    }
    let got = events(&app, 5).await;
    let kinds: Vec<&str> = got[2..].iter().map(Event::event_type).collect();
    assert_eq!(
        kinds,
        ["TranscodeStarted", "TranscodeUpdated", "TranscodeStopped"]
    );
    for e in &got[2..] {
        let (Event::TranscodeStarted(d) | Event::TranscodeUpdated(d) | Event::TranscodeStopped(d)) =
            e
        else {
            panic!("{e:?}")
        };
        assert_eq!(
            (&d["RoomId"], &d["TaskId"]),
            (&push["RoomId"], &push["TaskId"])
        );
    }
    // Every delivery was answered 200 (the fake records it once the answer is in).
    for _ in 0..100 {
        let delivered = fake.records("callbacks");
        assert_eq!(delivered.len(), 5);
        if delivered.iter().all(|d| d["Delivered"] == true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("not all delivered: {:?}", fake.records("callbacks"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kick_ban_and_dismiss_send_user_leave_room_without_a_reason() {
    let (fake, app, client) = setup().await;
    let key = AppKey::new("app-key");
    let http = reqwest::Client::new();
    for user in ["ann", "ben", "cat", "dan"] {
        let token = TokenBuilder::new(AppId::new(APP_ID).unwrap(), Room::id("hall"), user)
            .subscribe(0)
            .sign(&key)
            .unwrap();
        let body = serde_json::json!({"Token": token, "RoomId": "hall", "UserId": user});
        let resp = http
            .post(format!("{}/__fake/join", fake.url()))
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status().as_u16(), 200);
    }
    assert_eq!(events(&app, 4).await.len(), 4, "four joins");
    let room = serde_json::json!({"AppId": APP_ID, "RoomId": "hall"});
    let one = |user: &str| serde_json::json!({"AppId": APP_ID, "RoomId": "hall", "UserId": user});
    call(&client, "KickUser", &one("ann")).await;
    events(&app, 5).await;
    call(&client, "BanRoomUser", &one("ben")).await;
    events(&app, 6).await;
    call(&client, "DismissRoom", &room).await;
    let got = events(&app, 8).await;
    let mut left: Vec<&str> = got[4..]
        .iter()
        .map(|e| {
            let Event::UserLeaveRoom(u) = e else {
                panic!("{e:?}")
            };
            assert_eq!(u.room_id, "hall");
            assert_eq!(u.reason, None, "no documented reason for a removal");
            u.user_id.as_str()
        })
        .collect();
    assert_eq!(left[..2], ["ann", "ben"]);
    left.sort();
    assert_eq!(left[2..], ["cat", "dan"]);
    // Removing nobody sends nothing.
    call(&client, "DismissRoom", &room).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(app.events.lock().unwrap().len(), 8);
}
