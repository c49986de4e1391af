//! The example app server (`examples/app_server.rs`) against the fake RTC room, end to end:
//! mint → join → GetRoomOnlineUsers lists the user → StartRecord → the webhook receives
//! `RecordStarted`, verified and typed → StopRecord → `RecordStopped` → leave → `UserLeaveRoom`.
//! Also: the room refuses tokens for another room, another user, expired ones and ones signed with
//! another key (401 each), and a receiver answering 500 gets exactly 3 deliveries.

#[path = "../examples/app_server.rs"]
#[allow(dead_code)]
mod app_server;

use std::future::IntoFuture;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use volcengine_fake::{FakeServer, RoomConfig};
use volcengine_rtc::callbacks::rtc::{Event, RecordStartCode};
use volcengine_rtc::rtc::get_room_online_users::{
    GetRoomOnlineUsersRequest, GetRoomOnlineUsersRequired,
};
use volcengine_rtc_auth::{AppId, AppKey, CallbackSecret, Room, TokenBuilder};

const APP_ID: &str = "661e0000000000000000543c";

async fn post(url: &str, body: Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(url)
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("POST");
    let status = resp.status().as_u16();
    let text = resp.text().await.expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn client(fake: &FakeServer) -> volcengine_rtc::Client {
    volcengine_rtc::Client::builder()
        .credentials(volcengine_fake::test_credentials())
        .endpoint(fake.url())
        .build()
        .expect("client")
}

/// Waits until the app has handled `n` events.
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_join_record_leave_with_typed_callbacks() {
    let fake = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("fake");
    let key = AppKey::new("app-key");
    let secret = CallbackSecret::new("callback-secret");
    let app = Arc::new(app_server::App::new(
        APP_ID,
        key.clone(),
        secret.clone(),
        client(&fake),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let app_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, app_server::router(Arc::clone(&app))).into_future());
    fake.set_room(RoomConfig::new(APP_ID, key).callbacks(format!("{app_url}/callback"), secret));

    // Mint, join.
    let (s, t) = post(
        &format!("{app_url}/token"),
        json!({"RoomId": "r1", "UserId": "alice"}),
    )
    .await;
    assert_eq!(s, 200, "{t}");
    let token = t["Token"].as_str().unwrap().to_string();
    let join = format!("{}/__fake/join", fake.url());
    let (s, a) = post(
        &join,
        json!({"Token": token, "RoomId": "r1", "UserId": "alice", "Publish": true}),
    )
    .await;
    assert_eq!(s, 200, "{a}");
    let first = events(&app, 1).await;
    assert!(
        matches!(&first[0], Event::UserJoinRoom(d) if d["UserId"] == "alice"),
        "{first:?}"
    );

    // The room lists her, in that room only.
    let online = |room: &str| {
        GetRoomOnlineUsersRequest::new(GetRoomOnlineUsersRequired {
            app_id: APP_ID.into(),
            room_id: room.into(),
        })
    };
    let c = client(&fake);
    let r1 = c
        .get_room_online_users(online("r1"))
        .await
        .expect("online")
        .into_result();
    assert_eq!(
        r1.visible_user_list.as_deref(),
        Some(&["alice".to_string()][..])
    );
    assert_eq!(r1.total_user, Some(1));
    let r2 = c
        .get_room_online_users(online("r2"))
        .await
        .unwrap()
        .into_result();
    assert_eq!(r2.total_user, Some(0));
    assert_eq!(r2.room_exists, Some(false));

    // Record: started, stopped, each a typed callback.
    let task = json!({"RoomId": "r1", "TaskId": "task-1"});
    let (s, a) = post(&format!("{app_url}/recordings/start"), task.clone()).await;
    assert_eq!(s, 200, "{a}");
    let got = events(&app, 2).await;
    let Event::RecordStarted(started) = &got[1] else {
        panic!("{got:?}")
    };
    assert_eq!(
        (started.room_id.as_str(), started.task_id.as_str()),
        ("r1", "task-1")
    );
    assert_eq!(started.app_id, APP_ID);
    assert_eq!(started.code, RecordStartCode::SUCCESS);
    let (s, a) = post(&format!("{app_url}/recordings/stop"), task.clone()).await;
    assert_eq!(s, 200, "{a}");
    let got = events(&app, 3).await;
    assert!(
        matches!(&got[2], Event::RecordStopped(d) if d["TaskId"] == "task-1"),
        "{got:?}"
    );
    // A second stop: the task has ended.
    let (s, a) = post(&format!("{app_url}/recordings/stop"), task).await;
    assert_eq!(s, 502, "{a}");
    assert!(
        a["Error"]
            .as_str()
            .unwrap()
            .contains("ErrorActiveTaskNotFound"),
        "{a}"
    );

    // Leave.
    let (s, _) = post(
        &format!("{}/__fake/leave", fake.url()),
        json!({"RoomId": "r1", "UserId": "alice"}),
    )
    .await;
    assert_eq!(s, 200);
    let got = events(&app, 4).await;
    let Event::UserLeaveRoom(left) = &got[3] else {
        panic!("{got:?}")
    };
    assert_eq!(
        (left.room_id.as_str(), left.user_id.as_str()),
        ("r1", "alice")
    );
    let r1 = c
        .get_room_online_users(online("r1"))
        .await
        .unwrap()
        .into_result();
    assert_eq!(r1.total_user, Some(0));

    // Every delivery was signed, fresh, delivered once, and recorded.
    let delivered = fake.records(volcengine_fake::CALLBACKS);
    assert_eq!(delivered.len(), 4);
    let mut ids: Vec<&str> = delivered
        .iter()
        .map(|d| d["EventId"].as_str().unwrap())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 4);
    assert!(delivered
        .iter()
        .all(|d| d["Delivered"] == true && d["Attempts"].as_array().unwrap().len() == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_room_refuses_wrong_tokens_by_name() {
    let fake = FakeServer::start(volcengine_rtc::actions()).await.unwrap();
    let key = AppKey::new("app-key");
    fake.set_room(RoomConfig::new(APP_ID, key.clone()));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mint = |room: Room, user: &str, expire: u64, key: &AppKey| {
        TokenBuilder::new(AppId::new(APP_ID).unwrap(), room, user)
            .expire_at(expire)
            .subscribe(0)
            .sign(key)
            .unwrap()
    };
    let join = format!("{}/__fake/join", fake.url());
    let try_join = |token: String| {
        let join = join.clone();
        async move {
            post(
                &join,
                json!({"Token": token, "RoomId": "r1", "UserId": "bob"}),
            )
            .await
        }
    };
    let cases = [
        (mint(Room::id("r2"), "bob", now + 60, &key), "room"),
        (mint(Room::id("r1"), "eve", now + 60, &key), "user"),
        (mint(Room::id("r1"), "bob", now - 60, &key), "expired"),
        (
            mint(Room::id("r1"), "bob", now + 60, &AppKey::new("other")),
            "signature",
        ),
        ("not a token".to_string(), "malformed"),
    ];
    for (token, why) in cases {
        let (s, a) = try_join(token).await;
        assert_eq!(s, 401, "{why}: {a}");
        assert!(a["Error"].as_str().unwrap().contains(why), "{why}: {a}");
    }
    let (s, a) = try_join(mint(Room::Any, "bob", now + 60, &key)).await;
    assert_eq!(s, 200, "a wildcard token joins: {a}");
    // No publish privilege: joining to publish is refused.
    let (s, a) = post(&join, json!({"Token": mint(Room::id("r1"), "bob", 0, &key), "RoomId": "r1", "UserId": "bob", "Publish": true})).await;
    assert_eq!(s, 401, "{a}");
    assert!(
        a["Error"].as_str().unwrap().contains("PublishStream"),
        "{a}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_receiver_gets_three_deliveries() {
    let fake = FakeServer::start(volcengine_rtc::actions()).await.unwrap();
    let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let h = Arc::clone(&hits);
    let receiver = axum::Router::new().route(
        "/cb",
        axum::routing::post(move || {
            let h = Arc::clone(&h);
            async move {
                h.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                axum::http::StatusCode::INTERNAL_SERVER_ERROR
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/cb", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, receiver).into_future());
    let key = AppKey::new("k");
    fake.set_room(RoomConfig::new(APP_ID, key.clone()).callbacks(url, CallbackSecret::new("s")));
    let token = TokenBuilder::new(AppId::new(APP_ID).unwrap(), Room::id("r"), "u")
        .subscribe(0)
        .sign(&key)
        .unwrap();
    let (s, _) = post(
        &format!("{}/__fake/join", fake.url()),
        json!({"Token": token, "RoomId": "r", "UserId": "u"}),
    )
    .await;
    assert_eq!(s, 200);
    for _ in 0..60 {
        if fake.records(volcengine_fake::CALLBACKS)[0]["Attempts"]
            .as_array()
            .unwrap()
            .len()
            == 3
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rec = &fake.records(volcengine_fake::CALLBACKS)[0];
    assert_eq!(rec["Attempts"].as_array().unwrap().len(), 3, "{rec}");
    assert_eq!(rec["Delivered"], false);
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 3);
    // The control endpoint answers the same record.
    let text = reqwest::get(format!("{}/__fake/callbacks", fake.url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let list: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(&list[0], rec);
}
