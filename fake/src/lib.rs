//! A local fake Volcengine OpenAPI server: a spec-aware stand-in for a service's host, driven by a
//! generated action registry (`volcengine_rtc::actions()`, or any other generated crate's).
//!
//! It verifies each request's signature, decodes the parameters strictly into the generated request
//! type and validates them, and answers with the documented envelope: the spec's example `Result`,
//! with fresh ids where the spec says so. Requests of actions with an idempotency key are answered
//! once per key (a repeated key gets the first answer and stores nothing). Faults can be programmed.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;

use volcengine_openapi::registry::{find, query_to_json, ActionEntry};
use volcengine_openapi::signer::{percent_decode, Credentials, KeyCache};
use volcengine_openapi::Placement;

mod records;
mod verify;

use records::{Behaviour, Collections};

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

/// Fake-server state, shared by its connections.
#[derive(Debug)]
pub struct FakeState {
    credentials: Mutex<HashMap<String, Credentials>>,
    stored: Mutex<BTreeMap<String, Vec<Value>>>,
    answered: Mutex<HashMap<(String, String), Value>>,
    members: Mutex<HashSet<(i64, i64)>>,
    check_membership: AtomicBool,
    /// Whether requests, answers per idempotency key and the received log are kept.
    retain: AtomicBool,
    faults: Mutex<VecDeque<Fault>>,
    injected: Mutex<BTreeMap<&'static str, u64>>,
    random: Mutex<Option<RandomFaults>>,
    received: Mutex<Vec<Received>>,
    clock_skew: AtomicI64,
    next_id: AtomicI64,
    requests: AtomicU64,
    keys: KeyCache,
    actions: &'static [ActionEntry],
    /// Each action's record behaviour, by (action, version).
    behaviours: HashMap<(&'static str, &'static str), Behaviour>,
    records: Mutex<Collections>,
    /// Results set by tests, by action: answered instead of the example.
    answers: Mutex<HashMap<String, Value>>,
}

#[derive(Debug)]
struct RandomFaults {
    percent: u32,
    state: u64,
    mix: Vec<Fault>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl FakeState {
    /// The region the envelope reports: the served service's default.
    fn region(&self) -> &'static str {
        self.actions
            .first()
            .map_or("", |e| e.operation.service.default_region)
    }

    fn new(credentials: Credentials, actions: &'static [ActionEntry]) -> Self {
        let mut creds = HashMap::new();
        creds.insert(credentials.access_key().to_string(), credentials);
        Self {
            credentials: Mutex::new(creds),
            stored: Mutex::default(),
            answered: Mutex::default(),
            members: Mutex::default(),
            check_membership: AtomicBool::new(false),
            retain: AtomicBool::new(true),
            faults: Mutex::default(),
            injected: Mutex::default(),
            random: Mutex::new(None),
            received: Mutex::default(),
            clock_skew: AtomicI64::new(0),
            next_id: AtomicI64::new(7_171_391_232_210_504_000),
            requests: AtomicU64::new(0),
            actions,
            behaviours: actions
                .iter()
                .map(|e| {
                    (
                        (e.operation.action, e.operation.version),
                        Behaviour::parse(e.info.fake_json),
                    )
                })
                .collect(),
            records: Mutex::default(),
            answers: Mutex::default(),
            keys: KeyCache::default(),
        }
    }

    fn next_fault(&self) -> Option<Fault> {
        let fault = self.draw_fault()?;
        *lock(&self.injected).entry(fault.kind()).or_default() += 1;
        Some(fault)
    }

    fn draw_fault(&self) -> Option<Fault> {
        if let Some(f) = lock(&self.faults).pop_front() {
            return Some(f);
        }
        let mut random = lock(&self.random);
        let r = random.as_mut()?;
        // xorshift64*
        let mut x = r.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        r.state = x;
        let n = x.wrapping_mul(0x2545_f491_4f6c_dd1d);
        if (n % 100) as u32 >= r.percent || r.mix.is_empty() {
            return None;
        }
        Some(r.mix[((n >> 32) % r.mix.len() as u64) as usize].clone())
    }

    fn now(&self) -> i64 {
        let local = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        local + self.clock_skew.load(Ordering::Relaxed)
    }
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
            .cloned()
            .unwrap_or_default()
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

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state.received).clone()
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
        async move { handle(st, req).await }
    });
    let _ = hyper::server::conn::http1::Builder::new()
        .serve_connection(hyper_util::rt::TokioIo::new(io), svc)
        .await;
}

type Answer = Result<Response<Full<Bytes>>, std::io::Error>;

fn respond(state: &FakeState, status: u16, body: Vec<u8>) -> Answer {
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

async fn handle(state: Arc<FakeState>, req: Request<Incoming>) -> Answer {
    let n = state.requests.fetch_add(1, Ordering::Relaxed);
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
    lock(&state.received).push(Received {
        action: action.to_string(),
        authorization: authorization.to_string(),
        signature_ok: ok,
        idempotency_key: key,
        body,
    });
}

/// The result for an accepted request: stored once per idempotency key.
fn answer(
    state: &FakeState,
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
                },
                request,
                result,
            )?;
            // Answered as the typed result reads and writes it: what the client would decode.
            if let Ok(typed) = (entry.check_result)(&result) {
                result = typed;
            }
        }
    }
    if let Some(collection) = info.fake.store {
        let mut stored = request.clone();
        if let Some(o) = stored.as_object_mut() {
            o.insert("_Result".into(), result.clone());
        }
        lock(&state.stored)
            .entry(collection.to_string())
            .or_default()
            .push(stored);
    }
    if let Some(k) = key {
        answered.insert((op.action.to_string(), k), result.clone());
    }
    Ok(result)
}
