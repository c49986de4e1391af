//! An RTC app server on axum: the three jobs of one.
//!
//! - `POST /token` `{"RoomId", "UserId"}` → `{"Token"}`: mints the room token a client joins with.
//! - `POST /callback`: the webhook. Verified (signature, AppId, a 5-minute freshness window),
//!   de-duplicated by `EventId` (a redelivery is answered 200 and dropped), decoded into the
//!   generated, typed events (`volcengine_rtc::callbacks::rtc::Event`), answered 200 at once.
//! - `POST /recordings/start` and `/recordings/stop` `{"RoomId", "TaskId"}`: cloud recording
//!   through the typed SDK (`StartRecord` / `StopRecord`).
//!
//! ```sh
//! VOLC_RTC_APP_ID=... VOLC_RTC_APP_KEY=... VOLC_RTC_CALLBACK_SECRET=... \
//! VOLC_ACCESSKEY=... VOLC_SECRETKEY=... [VOLC_ENDPOINT=http://127.0.0.1:8080] \
//!   cargo run -p volcengine-rtc-auth --example app_server -- 127.0.0.1:3000
//! ```
//!
//! Against the fake room: `volc-rtc fake-server --app-id ID --app-key KEY --callback-url
//! http://127.0.0.1:3000/callback --callback-secret S`, with `VOLC_ENDPOINT` set to it
//! (`auth/tests/app_server_e2e.rs` runs exactly that loop).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use volcengine_rtc::callbacks::rtc::Event;
use volcengine_rtc::rtc::start_record::{
    RecordStorageConfig, StartRecordRequest, StartRecordRequired,
};
use volcengine_rtc::rtc::stop_record::{StopRecordRequest, StopRecordRequired};
use volcengine_rtc::rtc::types::{VodConfig, VodConfigRequired};
use volcengine_rtc_auth::{
    AppId, AppKey, CallbackError, CallbackSecret, Room, TokenBuilder, Verifier,
};

/// What the app server knows.
pub struct App {
    /// The RTC app.
    pub app_id: String,
    /// Its AppKey (tokens).
    pub app_key: AppKey,
    /// The callback checks.
    pub verifier: Verifier,
    /// The OpenAPI client.
    pub client: volcengine_rtc::Client,
    /// The events handled, in order (what a real server would act on).
    pub events: Mutex<Vec<Event>>,
}

impl App {
    /// An app server for `app_id`.
    pub fn new(
        app_id: &str,
        app_key: AppKey,
        secret: CallbackSecret,
        client: volcengine_rtc::Client,
    ) -> Self {
        Self {
            app_id: app_id.to_string(),
            app_key,
            // Up to 3 deliveries within minutes: 5 minutes of freshness, the last 100,000 ids.
            verifier: Verifier::new(secret)
                .app_id(app_id)
                .freshness(Duration::from_secs(300))
                .dedup(100_000),
            client,
            events: Mutex::new(Vec::new()),
        }
    }
}

/// The routes. (axum's default body limit, 2 MB, is above the verifier's 1 MiB: the verifier
/// reports an oversized callback with its own typed error.)
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/token", post(token))
        .route("/callback", post(callback))
        .route("/recordings/start", post(start_recording))
        .route("/recordings/stop", post(stop_recording))
        .with_state(app)
}

type Answer = (StatusCode, Json<Value>);

fn bad(status: StatusCode, why: impl std::fmt::Display) -> Answer {
    (status, Json(json!({ "Error": why.to_string() })))
}

fn room_and(body: &Value, other: &str) -> Option<(String, String)> {
    let s = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
    Some((s("RoomId")?, s(other)?))
}

async fn token(State(app): State<Arc<App>>, Json(body): Json<Value>) -> Answer {
    let Some((room, user)) = room_and(&body, "UserId") else {
        return bad(StatusCode::BAD_REQUEST, "RoomId and UserId are required");
    };
    let app_id = match AppId::new(app.app_id.as_str()) {
        Ok(id) => id,
        Err(e) => return bad(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let expire = now + 3600;
    match TokenBuilder::new(app_id, Room::id(room), user)
        .expire_at(expire)
        .publish(expire)
        .subscribe(expire)
        .sign(&app.app_key)
    {
        Ok(t) => (StatusCode::OK, Json(json!({ "Token": t }))),
        Err(e) => bad(StatusCode::BAD_REQUEST, e),
    }
}

async fn callback(State(app): State<Arc<App>>, body: Bytes) -> StatusCode {
    let envelope = match app.verifier.verify(&body) {
        Ok(e) => e,
        // A redelivery of an event already handled: accepted, not handled twice.
        Err(CallbackError::Replayed { .. }) => return StatusCode::OK,
        Err(e @ (CallbackError::BadSignature | CallbackError::WrongAppId { .. })) => {
            eprintln!("callback refused: {e}");
            return StatusCode::UNAUTHORIZED;
        }
        Err(e) => {
            eprintln!("callback refused: {e}");
            return StatusCode::BAD_REQUEST;
        }
    };
    match envelope.event::<Event>() {
        Ok(event) => {
            match &event {
                Event::RecordStarted(e) => {
                    println!("recording {} started in {}", e.task_id, e.room_id)
                }
                Event::UserLeaveRoom(e) => println!("{} left {}", e.user_id, e.room_id),
                other => println!("{}", other.event_type()),
            }
            app.events
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(event);
        }
        // Signed but not as documented: a retry will not fix it; log and accept.
        Err(e) => eprintln!("event {}: {e}", envelope.event_id),
    }
    StatusCode::OK
}

async fn start_recording(State(app): State<Arc<App>>, Json(body): Json<Value>) -> Answer {
    let Some((room_id, task_id)) = room_and(&body, "TaskId") else {
        return bad(StatusCode::BAD_REQUEST, "RoomId and TaskId are required");
    };
    // One storage platform, its settings in the same value: a mismatched pair cannot be built.
    let storage = RecordStorageConfig::Vod(VodConfig::new(VodConfigRequired {
        account_id: "200000000".into(),
        space: "recordings".into(),
    }));
    let request = StartRecordRequest::new(StartRecordRequired {
        app_id: app.app_id.clone(),
        room_id,
        task_id,
        storage_config: storage,
    });
    match app.client.start_record(request).await {
        Ok(_) => (StatusCode::OK, Json(json!({ "Started": true }))),
        Err(e) => bad(StatusCode::BAD_GATEWAY, e),
    }
}

async fn stop_recording(State(app): State<Arc<App>>, Json(body): Json<Value>) -> Answer {
    let Some((room_id, task_id)) = room_and(&body, "TaskId") else {
        return bad(StatusCode::BAD_REQUEST, "RoomId and TaskId are required");
    };
    let request = StopRecordRequest::new(StopRecordRequired {
        app_id: app.app_id.clone(),
        room_id,
        task_id,
    });
    match app.client.stop_record(request).await {
        Ok(_) => (StatusCode::OK, Json(json!({ "Stopped": true }))),
        Err(e) => bad(StatusCode::BAD_GATEWAY, e),
    }
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |k: &str| std::env::var(k).map_err(|_| format!("set {k}"));
    let mut builder = volcengine_rtc::Client::builder().credentials(
        volcengine_rtc::Credentials::new(var("VOLC_ACCESSKEY")?, var("VOLC_SECRETKEY")?),
    );
    if let Ok(endpoint) = std::env::var("VOLC_ENDPOINT") {
        builder = builder.endpoint(endpoint);
    }
    let app = Arc::new(App::new(
        &var("VOLC_RTC_APP_ID")?,
        AppKey::new(var("VOLC_RTC_APP_KEY")?),
        CallbackSecret::new(var("VOLC_RTC_CALLBACK_SECRET")?),
        builder.build()?,
    ));
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3000".into());
    let listener = tokio::net::TcpListener::bind(addr.as_str()).await?;
    println!("app server on http://{}", listener.local_addr()?);
    axum::serve(listener, router(app)).await?;
    Ok(())
}
