//! A webhook endpoint for Volcengine RTC / IM server callbacks and VoiceChat server messages, on
//! axum and tokio: verify, de-duplicate, dispatch by event type, answer 200 fast.
//!
//! ```sh
//! VOLC_RTC_CALLBACK_SECRET=... VOLC_RTC_SERVER_MESSAGE_SIGNATURE=... \
//!   cargo run -p volcengine-rtc-auth --example webhook -- 127.0.0.1:8080
//! # POST /callback    RTC and IM event callbacks (the URL set with CreateCallback / the console)
//! # POST /voice-chat  VoiceChat subtitles etc. (the ServerMessageUrl given to StartVoiceChat)
//! ```
//!
//! Volcengine counts a delivery as done on HTTP 200 within 5 seconds and otherwise sends it again
//! (at most 3 times), so: the body is checked and the event decoded inline (microseconds), the work
//! is spawned, and 200 goes back at once. A redelivery of an event already accepted is answered 200
//! and dropped. A body that fails verification gets 401 (or 400): it is retried, which is harmless.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;
use volcengine_rtc::callbacks::rtc::{Event, LeaveReason};
use volcengine_rtc_auth::callback::DEFAULT_MAX_BODY;
use volcengine_rtc_auth::voice_chat::{
    decode_server_message, ServerMessageError, ServerMessageSignature,
};
use volcengine_rtc_auth::{verify_callback, CallbackError, CallbackSecret, SharedDedup};

struct App {
    secret: CallbackSecret,
    server_message_signature: Option<ServerMessageSignature>,
    seen: SharedDedup,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("VOLC_RTC_CALLBACK_SECRET")
        .map_err(|_| "set VOLC_RTC_CALLBACK_SECRET to the callback SecretKey")?;
    let app = Arc::new(App {
        secret: CallbackSecret::new(secret),
        server_message_signature: std::env::var("VOLC_RTC_SERVER_MESSAGE_SIGNATURE")
            .ok()
            .map(ServerMessageSignature::new),
        // Three deliveries at most, within minutes: the last 100,000 ids are plenty.
        seen: SharedDedup::new(100_000),
    });
    let addr: SocketAddr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".into())
        .parse()?;
    let router = Router::new()
        .route("/callback", post(callback))
        .route("/voice-chat", post(voice_chat))
        .layer(DefaultBodyLimit::max(DEFAULT_MAX_BODY))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router).await?;
    Ok(())
}

async fn callback(State(app): State<Arc<App>>, body: Bytes) -> StatusCode {
    let envelope = match verify_callback(&body, &app.secret) {
        Ok(envelope) => envelope,
        Err(CallbackError::BadSignature) => {
            eprintln!("callback refused: bad signature");
            return StatusCode::UNAUTHORIZED;
        }
        Err(e) => {
            eprintln!("callback refused: {e}");
            return StatusCode::BAD_REQUEST;
        }
    };
    if !app.seen.first_time(&envelope.event_id) {
        return StatusCode::OK; // a redelivery of an event already accepted
    }
    let event = match envelope.event::<Event>() {
        Ok(event) => event,
        Err(e) => {
            // Signed but undecodable: retrying will not help, so accept it and log.
            eprintln!("event {}: {e}", envelope.event_id);
            return StatusCode::OK;
        }
    };
    tokio::spawn(async move {
        match event {
            Event::UserLeaveRoom(leave) => match leave.reason {
                Some(r) if r == LeaveReason::CONNECTION_LOST => println!(
                    "{} lost the connection to room {} at {:?}",
                    leave.user_id, leave.room_id, leave.timestamp
                ),
                reason => println!(
                    "{} left room {} ({:?})",
                    leave.user_id,
                    leave.room_id,
                    reason.map(|r| r.0)
                ),
            },
            Event::RecordStarted(started) => println!(
                "recording {} of room {} started (code {:?})",
                started.task_id, started.room_id, started.code
            ),
            other => println!("{} event: {other:?}", other.event_type()),
        }
    });
    StatusCode::OK
}

async fn voice_chat(State(app): State<Arc<App>>, body: Bytes) -> StatusCode {
    let Some(signature) = &app.server_message_signature else {
        return StatusCode::NOT_FOUND;
    };
    match decode_server_message(&body, signature) {
        Ok(frame) => {
            tokio::spawn(async move {
                if frame.is_subtitle() {
                    println!("subtitle: {}", frame.payload);
                } else {
                    println!("{} message: {}", frame.magic, frame.payload);
                }
            });
            StatusCode::OK
        }
        Err(ServerMessageError::BadSignature) => {
            eprintln!("server message refused: bad signature");
            StatusCode::UNAUTHORIZED
        }
        Err(e) => {
            eprintln!("server message refused: {e}");
            StatusCode::BAD_REQUEST
        }
    }
}
