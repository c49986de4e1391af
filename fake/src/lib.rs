//! A local fake Volcengine OpenAPI server: a spec-aware stand-in for a service's host, driven by a
//! generated action registry (`volcengine_rtc::actions()`, or any other generated crate's).
//!
//! It verifies each request's signature, decodes the parameters strictly into the generated request
//! type and validates them, and answers with the documented envelope: the spec's example `Result`,
//! with fresh ids where the spec says so. Requests of actions with an idempotency key are answered
//! once per key (a repeated key gets the first answer and stores nothing). Faults can be programmed.
//!
//! It is also a fake RTC room ([`RoomConfig`], [`FakeServer::set_room`]): clients join with real
//! room tokens (`POST /__fake/join`), the spec's room queries list who joined, its task actions keep
//! their tasks per (AppId, RoomId, TaskId), and the callbacks the spec declares are POSTed, signed,
//! to a callback URL, retried and recorded (see `room` and `deliver`).

#![warn(missing_docs)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;

use volcengine_openapi::registry::ActionEntry;
use volcengine_openapi::signer::Credentials;
use volcengine_rtc_auth::{AppKey, CallbackSecret};

mod deliver;
mod handle;
mod records;
mod room;
mod state;
mod verify;

pub use deliver::{CALLBACKS, DELIVERY_TIMEOUT, MAX_DELIVERIES};
pub use room::ROOM_USERS;
use state::{lock, RandomFaults};
pub use state::{FakeState, DEFAULT_RETAIN_CAP};

/// The RTC app a fake server plays: whose tokens `/__fake/join` accepts, and where and how it sends
/// callbacks.
#[derive(Clone, Debug)]
pub struct RoomConfig {
    /// The AppId tokens must be for (and callbacks carry).
    pub app_id: String,
    /// The AppKey tokens must be signed with.
    pub app_key: AppKey,
    /// Where callbacks are POSTed (`http://` only); none: no callbacks.
    pub callback_url: Option<String>,
    /// The secret callbacks are signed with.
    pub callback_secret: Option<CallbackSecret>,
}

impl RoomConfig {
    /// An app with no callbacks.
    pub fn new(app_id: impl Into<String>, app_key: AppKey) -> Self {
        Self {
            app_id: app_id.into(),
            app_key,
            callback_url: None,
            callback_secret: None,
        }
    }

    /// Sends callbacks to `url`, signed with `secret`.
    pub fn callbacks(mut self, url: impl Into<String>, secret: CallbackSecret) -> Self {
        self.callback_url = Some(url.into());
        self.callback_secret = Some(secret);
        self
    }
}

/// A programmed fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer this status with a gateway error envelope (`InternalError` for 5xx).
    Status(u16),
    /// Answer with this error envelope and status.
    ErrorEnvelope {
        /// HTTP status.
        status: u16,
        /// `Error.Code`.
        code: String,
        /// `Error.CodeN`.
        code_n: Option<u32>,
    },
    /// Close the connection before processing (nothing stored).
    DropBeforeStore,
    /// Process and store the request, then close the connection without answering.
    DropAfterStore,
    /// Wait this long, then process normally.
    Delay(Duration),
    /// Process normally, then answer only the first half of the body.
    Truncated,
    /// Answer a body that is not JSON, with this status.
    NonJson(u16),
}

impl Fault {
    /// A short name of the fault's kind, as counted by [`FakeServer::faults_injected`].
    pub fn kind(&self) -> &'static str {
        match self {
            Fault::Status(429) => "status 429",
            Fault::Status(s) if *s >= 500 => "status 5xx",
            Fault::Status(_) => "status other",
            Fault::ErrorEnvelope { status: 429, .. } => "error envelope 429",
            Fault::ErrorEnvelope { status: 200, .. } => "error envelope 200",
            Fault::ErrorEnvelope { .. } => "error envelope other",
            Fault::DropBeforeStore => "drop before store",
            Fault::DropAfterStore => "drop after store",
            Fault::Delay(_) => "delay",
            Fault::Truncated => "truncated body",
            Fault::NonJson(_) => "non-JSON body",
        }
    }
}

/// What the server received, for tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// `Action` query value.
    pub action: String,
    /// The `Authorization` header.
    pub authorization: String,
    /// Whether the signature verified.
    pub signature_ok: bool,
    /// The idempotency key, for actions that have one.
    pub idempotency_key: Option<String>,
    /// The accepted request's parameters as JSON, the action's sensitive fields (secrets)
    /// masked as `***`; `None` for a request that was not accepted.
    pub body: Option<Value>,
}

/// A running fake server on loopback.
#[derive(Debug)]
pub struct FakeServer {
    addr: SocketAddr,
    state: Arc<FakeState>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The credentials a fake server accepts by default.
pub fn test_credentials() -> Credentials {
    Credentials::new("AKLTfake-access-key", "fake-secret-key")
}

impl FakeServer {
    /// Starts on `127.0.0.1` at a free port, serving `actions` and accepting [`test_credentials`].
    pub async fn start(actions: &'static [ActionEntry]) -> std::io::Result<Self> {
        Self::bind(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            test_credentials(),
            actions,
        )
        .await
    }

    /// Starts at `addr`, serving `actions` and accepting `credentials`.
    pub async fn bind(
        addr: SocketAddr,
        credentials: Credentials,
        actions: &'static [ActionEntry],
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(FakeState::new(credentials, actions));
        let st = state.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let st = st.clone();
                tokio::spawn(async move { serve_connection(st, stream).await });
            }
        });
        Ok(Self { addr, state, task })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Its shared state (to serve other transports, e.g. TLS, with [`serve_connection`]).
    pub fn state(&self) -> Arc<FakeState> {
        self.state.clone()
    }

    /// Accepts these credentials too.
    pub fn add_credentials(&self, c: Credentials) {
        lock(&self.state.credentials).insert(c.access_key().to_string(), c);
    }

    /// Requests stored in a collection (as the typed request serialises them, with `_Result`).
    pub fn stored(&self, collection: &str) -> Vec<Value> {
        lock(&self.state.stored)
            .get(collection)
            .map(|q| q.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// Plays the RTC app `room`: `/__fake/join` checks tokens against it, and callbacks go to its
    /// URL.
    pub fn set_room(&self, room: RoomConfig) {
        *lock(&self.state.room) = Some(room);
    }

    /// Keeps at most `cap` requests per stored collection, answers per idempotency key, received
    /// entries and records per collection (default [`DEFAULT_RETAIN_CAP`]); the oldest go first.
    pub fn retain_cap(&self, cap: usize) {
        self.state.retain_cap.store(cap.max(1), Ordering::Relaxed);
    }

    /// Answers `result` (a `Result` as JSON) to every later call of `action` instead of its
    /// example (the declared record behaviour still runs on it).
    pub fn set_answer(&self, action: &str, result: Value) {
        lock(&self.state.answers).insert(action.to_string(), result);
    }

    /// The records of a collection (what the spec's `fake.records` behaviours keep), in order.
    pub fn records(&self, collection: &str) -> Vec<Value> {
        lock(&self.state.records)
            .get(collection)
            .cloned()
            .unwrap_or_default()
    }

    /// Whether `member` is recorded as a member of `group`.
    pub fn is_member(&self, group: i64, member: i64) -> bool {
        lock(&self.state.members).contains(&(group, member))
    }

    /// Records `member` (e.g. a user) as a member of `group` (e.g. a conversation), for actions with a membership rule.
    pub fn add_member(&self, group: i64, member: i64) {
        lock(&self.state.members).insert((group, member));
    }

    /// Whether actions with a membership rule check it.
    pub fn require_membership(&self, on: bool) {
        self.state.check_membership.store(on, Ordering::Relaxed);
    }

    /// Whether the server keeps what it receives (on by default): the stored requests
    /// ([`stored`](Self::stored)), the [`received`](Self::received) log and the answer per idempotency
    /// key. Off, its memory stays flat however many requests arrive (for benchmarks and soak runs):
    /// nothing is stored or logged, only [`request_count`](Self::request_count) counts, and a
    /// repeated idempotency key is answered afresh instead of with its first answer.
    pub fn retain_requests(&self, on: bool) {
        self.state.retain.store(on, Ordering::Relaxed);
    }

    /// Queues faults, used one per request in order.
    pub fn push_faults(&self, faults: impl IntoIterator<Item = Fault>) {
        lock(&self.state.faults).extend(faults);
    }

    /// After the queue is empty, injects a fault from `mix` into `percent`% of requests
    /// (deterministic for a seed).
    pub fn random_faults(&self, percent: u32, seed: u64, mix: Vec<Fault>) {
        *lock(&self.state.random) = Some(RandomFaults {
            percent,
            state: seed | 1,
            mix,
        });
    }

    /// How many faults of each kind ([`Fault::kind`]) were injected so far.
    pub fn faults_injected(&self) -> BTreeMap<&'static str, u64> {
        lock(&self.state.injected).clone()
    }

    /// Sets the server's clock ahead (or behind) by this many seconds.
    pub fn set_clock_skew(&self, seconds: i64) {
        self.state.clock_skew.store(seconds, Ordering::Relaxed);
    }

    /// Everything received so far (the last [`DEFAULT_RETAIN_CAP`], or as set by
    /// [`FakeServer::retain_cap`]).
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state.received).iter().cloned().collect()
    }

    /// How many HTTP requests arrived.
    pub fn request_count(&self) -> u64 {
        self.state.requests.load(Ordering::Relaxed)
    }
}

/// Serves one connection (plain TCP, TLS, ...) with the fake server's state.
pub async fn serve_connection<I>(state: Arc<FakeState>, io: I)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let svc = hyper::service::service_fn(move |req| {
        let st = state.clone();
        async move { handle::handle(st, req).await }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(hyper_util::rt::TokioIo::new(io), svc)
        .await;
}
