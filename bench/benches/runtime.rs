//! Runtime benchmarks, printed as ratios against floors measured side by side in the same process.
//!
//! The machine is shared and noisy, so absolute times do not hold from run to run; ratios do. Each
//! figure is measured interleaved with its floor (alternating batches, or alternating runs for
//! throughput) and reported as the median of the per-round ratios, with medians of the absolute
//! figures for context.
//!
//! 1. `sign/floor`: `signer::sign` with a key cache plus `Signature::headers`, against SHA-256 of the
//!    body + SHA-256 of as many bytes as the canonical request + one HMAC-SHA256 with a derived key.
//! 2. `prepare/floor`: `Client::prepare_signed` (validation, idempotency token, serialisation,
//!    signing, headers: the client's whole pre-send path) against `serde_json::to_vec` of the same
//!    request plus the signing floor of figure 1 over its bytes.
//! 3. `client/raw`: calls per second of `Client::send_message` against a bare `reqwest::Client`
//!    posting the same bytes with the same headers, to the same loopback server, at 1 and 64 in flight.
//! 4. Memory over many sequential calls to the `FakeServer` (not retaining requests): RSS at 10%, 50%
//!    and 100% of the calls, and bytes and allocations per call, client side and server side apart.
//! 5. `peers` (figure 7): this crate's client against the official Python SDK (PyPI `volcengine`)
//!    and Node SDK (npm `@volcengine/openapi`), installed into `target/peers/` on first use and
//!    scripted by `bench/peers/*`, each in a process of its own (the Rust side is this binary run as
//!    `runtime rust-peer URL CALLS C WARMUP`), against one loopback server in this process: calls
//!    per second and the client process's CPU per call, 1 and 64 in flight. A peer that cannot be
//!    installed or run is skipped with a one-line `SKIP` message.
//!
//! Environment (all optional): `VOLC_BENCH_QUICK=1` (everything small), `VOLC_BENCH_ROUNDS` (sign and
//! prepare rounds of 100 iterations each, 1001), `VOLC_BENCH_CALLS_C1` (5000), `VOLC_BENCH_CALLS_C64` (20000),
//! `VOLC_BENCH_PAIRS` (raw/client run pairs per concurrency, 5), `VOLC_BENCH_MEM_CALLS` (100000),
//! `VOLC_BENCH_PEER_CALLS_C1` (8000), `VOLC_BENCH_PEER_CALLS_C64` (20000; the Python peer makes a
//! quarter of these), `VOLC_BENCH_PEER_ROUNDS` (3), `VOLC_BENCH_PYTHON` (python3), `VOLC_BENCH_NODE`
//! (node), `VOLC_BENCH_ONLY` (comma-separated parts to run: `sign`, `prepare`, `throughput`,
//! `memory`, `peers`, `instructions`).
//!
//! Instruction counts (valgrind's callgrind, when installed) of figures 1 to 3: the same ratios
//! in instructions, which do not move with the machine's load (see `instructions.rs`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::convert::Infallible;
use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use hmac::{Hmac, Mac};
use http_body_util::{BodyExt, Full};
use sha2::{Digest, Sha256};
use volcengine_fake::{test_credentials, FakeServer};
use volcengine_openapi::signer::{derive_key, sign, signing_steps, KeyCache, SignRequest};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{Client, Credentials, RateLimit};

// ---------------------------------------------------------------------------------------------
// Counting allocator: allocations and bytes, by the role of the allocating thread.

/// Thread roles: 0 anything else, 1 client, 2 server.
const OTHER: usize = 0;
const CLIENT: usize = 1;
const SERVER: usize = 2;

struct Counter {
    allocs: AtomicU64,
    bytes: AtomicU64,
}

/// One counter per role, each on its own cache line so threads of different roles do not contend.
#[repr(align(128))]
struct Padded(Counter);

static COUNTERS: [Padded; 3] = [const {
    Padded(Counter {
        allocs: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
    })
}; 3];

thread_local! {
    static ROLE: Cell<usize> = const { Cell::new(OTHER) };
}

/// Counting is on only while allocations are being measured, so that timed loops pay for the system
/// allocator alone (not for the counters' atomic additions).
static COUNTING: AtomicBool = AtomicBool::new(false);

/// Allocations and bytes per iteration of `f`, run `n` times on this thread (after `setup`).
fn allocations_per<S>(
    n: usize,
    setup: impl FnOnce() -> S,
    mut f: impl FnMut(&mut S),
) -> (f64, f64) {
    set_role(CLIENT);
    let mut state = setup();
    let before = counted(CLIENT);
    COUNTING.store(true, Relaxed);
    for _ in 0..n {
        f(&mut state);
    }
    COUNTING.store(false, Relaxed);
    let after = counted(CLIENT);
    set_role(OTHER);
    (
        (after.0 - before.0) as f64 / n as f64,
        (after.1 - before.1) as f64 / n as f64,
    )
}

fn set_role(role: usize) {
    ROLE.with(|r| r.set(role));
}

#[inline]
fn count(size: usize) {
    if !COUNTING.load(Relaxed) {
        return;
    }
    let role = ROLE.try_with(Cell::get).unwrap_or(OTHER);
    let c = &COUNTERS[role].0;
    c.allocs.fetch_add(1, Relaxed);
    c.bytes.fetch_add(size as u64, Relaxed);
}

/// `System`, counting every allocation and reallocation (a reallocation counts as one allocation of
/// its new size).
struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocations, bytes) so far by threads of `role`.
fn counted(role: usize) -> (u64, u64) {
    let c = &COUNTERS[role].0;
    (c.allocs.load(Relaxed), c.bytes.load(Relaxed))
}

// ---------------------------------------------------------------------------------------------
// Configuration and reporting.

fn env_usize(name: &str, default: usize, quick: usize) -> usize {
    if let Some(v) = std::env::var(name).ok().and_then(|v| v.parse().ok()) {
        return v;
    }
    if std::env::var("VOLC_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0") {
        quick
    } else {
        default
    }
}

#[derive(Default)]
struct Report {
    lines: Vec<String>,
    ok: usize,
    miss: usize,
}

impl Report {
    /// A figure with a target: `ratio <= max` (or `>= min` when `at_least`).
    fn ratio(&mut self, name: &str, ratio: f64, target: f64, at_least: bool, context: String) {
        let pass = if at_least {
            ratio >= target
        } else {
            ratio <= target
        };
        let (op, verdict) = (if at_least { ">=" } else { "<=" }, self.verdict(pass));
        self.lines.push(format!(
            "{name:<24}{ratio:>8.2}x   target {op} {target:.2}x   {verdict:<4}   {context}"
        ));
    }

    /// A percentage with a target.
    fn percent(&mut self, name: &str, pct: f64, target: f64, at_least: bool, context: String) {
        let pass = if at_least {
            pct >= target
        } else {
            pct < target
        };
        let (op, verdict) = (if at_least { ">=" } else { "< " }, self.verdict(pass));
        self.lines.push(format!(
            "{name:<24}{pct:>7.1}%    target {op} {target:.1}%   {verdict:<4}   {context}"
        ));
    }

    /// A figure for context only.
    fn info(&mut self, name: &str, value: String, context: String) {
        self.lines.push(format!(
            "{name:<24}{value:>8}    {:<20}   {context}",
            "(info)"
        ));
    }

    fn verdict(&mut self, pass: bool) -> &'static str {
        if pass {
            self.ok += 1;
            "OK"
        } else {
            self.miss += 1;
            "MISS"
        }
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Iterations per timed batch: short enough (about 0.1 to 0.5 ms) that most batches run without
/// being preempted on a loaded machine, so the median round is an undisturbed one.
const BATCH: usize = 100;

/// How long `n` runs of `f` take.
fn timed(n: usize, mut f: impl FnMut()) -> Duration {
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed()
}

/// Medians of two alternately measured figures (ns per iteration) and of their per-round ratio a/b.
struct Pair {
    a_ns: f64,
    b_ns: f64,
    ratio: f64,
}

/// Runs `a` and `b` over `batch` iterations each, alternately (the order flips every round), for
/// `rounds` rounds after one warm-up round. Each closure times its own loop, so setup stays outside.
fn interleave(
    rounds: usize,
    batch: usize,
    mut a: impl FnMut(usize) -> Duration,
    mut b: impl FnMut(usize) -> Duration,
) -> Pair {
    a(batch);
    b(batch);
    let (mut av, mut bv, mut rv) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = a(batch);
            (ta, b(batch))
        } else {
            let tb = b(batch);
            (a(batch), tb)
        };
        let (na, nb) = (
            ta.as_nanos() as f64 / batch as f64,
            tb.as_nanos() as f64 / batch as f64,
        );
        av.push(na);
        bv.push(nb);
        rv.push(na / nb);
    }
    Pair {
        a_ns: median(&mut av),
        b_ns: median(&mut bv),
        ratio: median(&mut rv),
    }
}

// ---------------------------------------------------------------------------------------------
// The request.

fn message(i: usize) -> SendMessageRequest {
    SendMessageRequest::new(SendMessageRequired {
        app_id: 123456,
        sender: 10001,
        conversation_short_id: 7221856821303362000,
        msg_type: MsgType::TEXT,
        content: format!(r#"{{"text":"hello from the benchmark, message {i}"}}"#),
    })
}

/// A `ClientMsgId` shaped like the client's own (a UUID).
const TOKEN: &str = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";
const X_DATE: &str = "20240601T120000Z";

// ---------------------------------------------------------------------------------------------
// 1. Signing against its cryptographic floor.

/// The cryptographic work any signer of a SendMessage request must do: SHA-256 of the body,
/// SHA-256 of a canonical request of the same length, and one HMAC with the derived key over the
/// string to sign.
struct Floor {
    body: Vec<u8>,
    filler: Vec<u8>,
    string_to_sign: String,
    key: [u8; 32],
    canonical_len: usize,
}

impl Floor {
    fn new(creds: &Credentials, req: &SignRequest<'_>) -> Self {
        let sig = signing_steps(creds, req, &KeyCache::default());
        Floor {
            body: req.body.to_vec(),
            filler: vec![b'a'; sig.canonical_request.len()],
            canonical_len: sig.canonical_request.len(),
            string_to_sign: sig.string_to_sign,
            key: derive_key(
                creds.secret_key().expose(),
                &req.x_date[..8],
                req.region,
                req.service,
            ),
        }
    }

    fn once(&self) {
        type HmacSha256 = Hmac<Sha256>;
        black_box(Sha256::digest(black_box(&self.body)));
        black_box(Sha256::digest(black_box(&self.filler)));
        let mut mac = <HmacSha256 as Mac>::new_from_slice(black_box(&self.key)).expect("any key");
        mac.update(black_box(self.string_to_sign.as_bytes()));
        black_box(mac.finalize().into_bytes());
    }
}

/// The request the signing figures sign: SendMessage's body, query and headers as the client
/// sends them to the region's host.
fn with_sign_request<T>(body: &[u8], f: impl FnOnce(&Credentials, &SignRequest<'_>) -> T) -> T {
    let creds = Credentials::new("AKLTbench-access-key", "bench-secret-key");
    let query = vec![
        ("Action".to_string(), "SendMessage".to_string()),
        ("Version".to_string(), "2020-12-01".to_string()),
    ];
    let headers = vec![
        ("Host".to_string(), "rtc.volcengineapi.com".to_string()),
        ("Content-Type".to_string(), "application/json".to_string()),
    ];
    let req = SignRequest {
        method: "POST",
        path: "/",
        query: &query,
        headers: &headers,
        body,
        region: "cn-north-1",
        service: volcengine_rtc::service::SERVICE_NAME,
        x_date: X_DATE,
    };
    f(&creds, &req)
}

fn bench_sign(report: &mut Report, rounds: usize) {
    let body = serde_json::to_vec(&message(0).client_msg_id(TOKEN)).expect("serialises");
    with_sign_request(&body, |creds, req| sign_figures(report, rounds, creds, req));
}

fn sign_figures(report: &mut Report, rounds: usize, creds: &Credentials, req: &SignRequest<'_>) {
    let cache = KeyCache::default();
    let floor_work = Floor::new(creds, req);
    let canonical_len = floor_work.canonical_len;
    let body = &floor_work.body;

    let sign_once = |cache: &KeyCache| {
        let sig = sign(black_box(creds), black_box(req), cache);
        for h in sig.headers(X_DATE, creds) {
            black_box(h);
        }
    };
    let floor = |n: usize| timed(n, || floor_work.once());
    let batch = BATCH;
    let cached = interleave(rounds, batch, |n| timed(n, || sign_once(&cache)), floor);
    let uncached = interleave(
        rounds,
        batch,
        |n| timed(n, || sign_once(&KeyCache::default())),
        floor,
    );
    let (allocs, bytes) = allocations_per(1000, || (), |_| sign_once(&cache));
    report.ratio(
        "sign/floor",
        cached.ratio,
        1.25,
        false,
        format!(
            "sign+headers {:.0} ns, floor {:.0} ns (body {} B, canonical request {canonical_len} B); {allocs:.1} allocs, {bytes:.0} B per signature",
            cached.a_ns,
            cached.b_ns,
            body.len(),
        ),
    );
    report.info(
        "sign, no key cache",
        format!("{:.2}x", uncached.ratio),
        format!(
            "of the floor: {:.0} ns deriving the key every time vs {:.0} ns with the cache",
            uncached.a_ns, cached.a_ns
        ),
    );
}

/// The bench's client of `endpoint`: fixed credentials, no rate limit.
fn bench_client(endpoint: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKLTbench-access-key", "bench-secret-key"))
        .endpoint(endpoint)
        .rate_limit(RateLimit::Off)
        .build()
        .expect("client")
}

/// A bare reqwest client, configured as the client configures its own (timeouts, pool, no
/// reqwest retries, no redirects).
fn raw_reqwest() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(5))
        .user_agent(format!("volcengine-rtc-rust/{}", env!("CARGO_PKG_VERSION")))
        .pool_max_idle_per_host(256)
        .retry(reqwest::retry::never())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest")
}

// ---------------------------------------------------------------------------------------------
// 2. The client's pre-send path against serialisation alone.

fn bench_prepare(report: &mut Report, rounds: usize) {
    let client = bench_client("http://127.0.0.1:9");
    // The caller's request has no ClientMsgId: the client fills one in. The baseline serialises the
    // request with a token already in, so both produce the same bytes.
    let template = message(0);
    let with_token = template.clone().client_msg_id(TOKEN);
    let batch = BATCH;
    let mut pool: Vec<SendMessageRequest> = Vec::with_capacity(batch);
    let mut pool_tok: Vec<SendMessageRequest> = Vec::with_capacity(batch);
    let run = |pool: &mut Vec<SendMessageRequest>, template: &SendMessageRequest, n: usize| {
        pool.clear();
        pool.extend(std::iter::repeat_n(template, n).cloned());
        let t = Instant::now();
        for r in pool.drain(..) {
            black_box(client.prepare_signed(black_box(r)).expect("prepares"));
        }
        t.elapsed()
    };
    // The floor: serialising the request and the cryptographic work of signing its bytes.
    let body = serde_json::to_vec(&with_token).expect("serialises");
    let floor_work = with_sign_request(&body, Floor::new);
    let to_vec = |n: usize| {
        timed(n, || {
            black_box(serde_json::to_vec(black_box(&with_token)).expect("serialises"));
            floor_work.once();
        })
    };
    let fresh = interleave(rounds, batch, |n| run(&mut pool, &template, n), to_vec);
    let preset = interleave(
        rounds,
        batch,
        |n| run(&mut pool_tok, &with_token, n),
        to_vec,
    );

    let (allocs, bytes) = allocations_per(
        1000,
        || {
            std::iter::repeat_n(&template, 1000)
                .cloned()
                .collect::<Vec<_>>()
        },
        |reqs| {
            let r = reqs.pop().expect("one request per iteration");
            black_box(client.prepare_signed(r).expect("prepares"));
        },
    );
    report.ratio(
        "prepare/floor",
        fresh.ratio,
        1.5,
        false,
        format!(
            "prepare_signed {:.0} ns, to_vec + signing floor {:.0} ns; {allocs:.1} allocs, {bytes:.0} B per prepare",
            fresh.a_ns,
            fresh.b_ns,
        ),
    );
    report.info(
        "prepare, token given",
        format!("{:.2}x", preset.ratio),
        format!(
            "of the floor: {:.0} ns when the caller sets ClientMsgId (no token drawn)",
            preset.a_ns
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// 3. Throughput against raw reqwest, on one loopback server answering a fixed envelope.

const ENVELOPE: &[u8] = br#"{"ResponseMetadata":{"RequestId":"bench-request","Action":"SendMessage","Version":"2020-12-01","Service":"rtc","Region":"cn-north-1"},"Result":{"MessageId":7171391232210504000}}"#;

/// What the loopback server has seen: connections accepted, requests answered, and requests whose
/// `Authorization` header is an HMAC-SHA256 signature (`HMAC-SHA256 Credential=...`).
#[derive(Default)]
struct ServerStats {
    connections: AtomicU64,
    requests: AtomicU64,
    signed: AtomicU64,
}

impl ServerStats {
    /// (connections, requests, signed) so far.
    fn snapshot(&self) -> (u64, u64, u64) {
        (
            self.connections.load(Relaxed),
            self.requests.load(Relaxed),
            self.signed.load(Relaxed),
        )
    }
}

/// Reads each request's body, answers [`ENVELOPE`]; counts connections, requests and signed
/// requests in `stats` (three relaxed atomic additions: the signature itself is not checked).
async fn fixed_server(listener: tokio::net::TcpListener, stats: Arc<ServerStats>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        stats.connections.fetch_add(1, Relaxed);
        let stats = stats.clone();
        tokio::spawn(async move {
            let svc =
                hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let stats = stats.clone();
                    async move {
                        let signed = req
                            .headers()
                            .get(hyper::header::AUTHORIZATION)
                            .is_some_and(|v| v.as_bytes().starts_with(b"HMAC-SHA256 Credential="));
                        let _ = req.into_body().collect().await;
                        stats.requests.fetch_add(1, Relaxed);
                        if signed {
                            stats.signed.fetch_add(1, Relaxed);
                        }
                        let mut resp =
                            hyper::Response::new(Full::new(Bytes::from_static(ENVELOPE)));
                        resp.headers_mut().insert(
                            hyper::header::CONTENT_TYPE,
                            hyper::header::HeaderValue::from_static("application/json"),
                        );
                        Ok::<_, Infallible>(resp)
                    }
                });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                .await;
        });
    }
}

/// Starts [`fixed_server`] on a loopback port in `rt`; answers its URL and its counters.
fn start_fixed_server(rt: &tokio::runtime::Runtime) -> (String, Arc<ServerStats>) {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("binds");
    let addr = listener.local_addr().expect("address");
    let stats = Arc::new(ServerStats::default());
    rt.spawn(fixed_server(listener, stats.clone()));
    (format!("http://{addr}"), stats)
}

fn runtime(role: usize, name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(name)
        .on_thread_start(move || set_role(role))
        .enable_all()
        .build()
        .expect("runtime")
}

/// Runs `n` calls of `call`, `c` in flight; answers calls per second.
async fn drive<F, Fut>(n: usize, c: usize, call: F) -> f64
where
    F: Fn() -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..c)
        .map(|_| {
            let (next, call) = (next.clone(), call.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Relaxed) < n {
                    call().await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("worker");
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn bench_throughput(report: &mut Report, calls: &[(usize, usize)], pairs: usize) {
    let server_rt = runtime(SERVER, "bench-server");
    let client_rt = runtime(CLIENT, "bench-client");
    let (url, _stats) = start_fixed_server(&server_rt);

    let client = bench_client(&url);
    let template = message(0);
    // The exact bytes and headers the client sends (its signature is not checked by the server).
    let prepared = client.prepare_signed(template.clone()).expect("prepares");
    let headers = prepared.headers.clone();
    let raw = raw_reqwest();
    let raw_url = prepared.url.clone();
    let body = prepared.body.clone();

    let raw_call = {
        let (raw, headers, raw_url, body) = (raw.clone(), headers.clone(), raw_url.clone(), body);
        move || {
            let rb = raw
                .post(&raw_url)
                .headers(headers.clone())
                .body(body.clone());
            async move {
                let resp = rb.send().await.expect("raw send");
                assert_eq!(resp.status(), 200);
                black_box(resp.bytes().await.expect("raw body"));
            }
        }
    };
    let entered = client_rt.enter();
    let future_size = std::mem::size_of_val(&client.send_message(template.clone()));
    drop(entered);
    let client_call = {
        let client = client.clone();
        move || {
            let (client, req) = (client.clone(), template.clone());
            async move {
                let sent = client.send_message(req).await.expect("client send");
                black_box(sent.message_id);
            }
        }
    };

    for &(c, n) in calls {
        // Warm up both pools to `c` connections.
        client_rt.block_on(drive(c.max(1) * 20, c, raw_call.clone()));
        client_rt.block_on(drive(c.max(1) * 20, c, client_call.clone()));
        // `VOLC_BENCH_SIDE=client` (or `raw`) measures one side alone (the other is only warmed
        // up): a check on what interleaving does to the two.
        if let Ok(side) = std::env::var("VOLC_BENCH_SIDE") {
            let (mut rates, mut cpus) = (Vec::new(), Vec::new());
            for _ in 0..pairs {
                let (rate, cpu) = if side == "raw" {
                    cpu_per_call(n, || client_rt.block_on(drive(n, c, raw_call.clone())))
                } else {
                    cpu_per_call(n, || client_rt.block_on(drive(n, c, client_call.clone())))
                };
                rates.push(rate);
                cpus.push(cpu);
            }
            report.info(
                &format!("{side} alone c={c}"),
                format!("{:.0}/s", median(&mut rates)),
                format!(
                    "calls per second, median of {pairs} runs of {n}; CPU per call, both ends: {:.1} us",
                    median(&mut cpus) / 1000.0
                ),
            );
            continue;
        }
        let (mut rv, mut cv, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        let (mut raw_cpu, mut client_cpu) = (Vec::new(), Vec::new());
        for _ in 0..pairs {
            let (r, r_cpu) = cpu_per_call(n, || client_rt.block_on(drive(n, c, raw_call.clone())));
            let (k, k_cpu) =
                cpu_per_call(n, || client_rt.block_on(drive(n, c, client_call.clone())));
            rv.push(r);
            cv.push(k);
            ratios.push(k / r);
            raw_cpu.push(r_cpu);
            client_cpu.push(k_cpu);
        }
        let ratio = median(&mut ratios);
        report.percent(
            &format!("client/raw c={c}"),
            ratio * 100.0,
            95.0,
            true,
            format!(
                "client {:.0} calls/s, raw reqwest {:.0} calls/s (medians of {pairs} alternating runs of {n} calls); CPU per call, both ends: client {:.1} us, raw {:.1} us",
                median(&mut cv),
                median(&mut rv),
                median(&mut client_cpu) / 1000.0,
                median(&mut raw_cpu) / 1000.0,
            ),
        );
    }
    // Allocation per call, client threads only, side by side: the client's against raw reqwest's
    // own (the floor any reqwest-based client stands on).
    let allocated = |call: &dyn Fn() -> f64| {
        let before = counted(CLIENT);
        COUNTING.store(true, Relaxed);
        call();
        COUNTING.store(false, Relaxed);
        let after = counted(CLIENT);
        (after.0 - before.0, after.1 - before.1)
    };
    let n = 1000;
    let raw_alloc = allocated(&|| client_rt.block_on(drive(n, 1, raw_call.clone())));
    let client_alloc = allocated(&|| client_rt.block_on(drive(n, 1, client_call.clone())));
    let per = |x: u64| x as f64 / n as f64;
    report.info(
        "allocs/call vs raw",
        format!("{:.1}", per(client_alloc.0) / per(raw_alloc.0).max(1.0)),
        format!(
            "client {:.1} allocations, {:.0} B per call; raw reqwest {:.1}, {:.0} B (client threads, 1 in flight)",
            per(client_alloc.0),
            per(client_alloc.1),
            per(raw_alloc.0),
            per(raw_alloc.1)
        ),
    );
    report.info(
        "call future",
        format!("{future_size} B"),
        "size of the future `send_message` answers (it lives in the caller's task)".into(),
    );
    drop(client_rt);
    drop(server_rt);
}

/// CPU time used so far by all of this process's threads, in ns (from `/proc/self/task/*/schedstat`).
fn process_cpu_ns() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return f64::NAN;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum()
}

/// Runs `f` (which makes `n` calls and answers calls per second); answers that and the CPU time
/// of the whole process per call, in ns: a figure that other load on the machine does not inflate.
fn cpu_per_call(n: usize, f: impl FnOnce() -> f64) -> (f64, f64) {
    let before = process_cpu_ns();
    let rate = f();
    (rate, (process_cpu_ns() - before) / n as f64)
}

// ---------------------------------------------------------------------------------------------
// 4. Memory over many sequential calls to the fake server.

/// (VmHWM, VmRSS) in KiB.
fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

struct Checkpoint {
    calls: usize,
    hwm: u64,
    rss: u64,
    client: (u64, u64),
    server: (u64, u64),
}

fn bench_memory(report: &mut Report, total: usize) {
    let server_rt = runtime(SERVER, "fake-server");
    let client_rt = runtime(CLIENT, "fake-client");
    let fake = server_rt
        .block_on(FakeServer::start(volcengine_rtc::actions()))
        .expect("fake server");
    fake.retain_requests(false);
    let client = Client::builder()
        .credentials(test_credentials())
        .endpoint(fake.url())
        .rate_limit(RateLimit::Off)
        .build()
        .expect("client");
    let marks = [total / 10, total / 2, total];
    COUNTING.store(true, Relaxed);
    let checkpoints = client_rt.block_on(async move {
        tokio::spawn(async move {
            let mut out = Vec::new();
            for i in 0..total {
                let sent = client
                    .send_message(message(i))
                    .await
                    .expect("send to the fake server");
                black_box(sent.message_id);
                if marks.contains(&(i + 1)) {
                    let (hwm, rss) = rss();
                    out.push(Checkpoint {
                        calls: i + 1,
                        hwm,
                        rss,
                        client: counted(CLIENT),
                        server: counted(SERVER),
                    });
                }
            }
            out
        })
        .await
        .expect("memory run")
    });
    COUNTING.store(false, Relaxed);
    let served = fake.request_count();
    drop(fake);
    drop(client_rt);
    drop(server_rt);
    assert_eq!(served as usize, total, "every call reached the fake server");
    let (first, last) = (&checkpoints[0], &checkpoints[checkpoints.len() - 1]);
    let mib = |k: u64| k as f64 / 1024.0;
    let growth = (last.rss as f64 / first.rss as f64 - 1.0) * 100.0;
    let hwm_growth = (last.hwm as f64 / first.hwm as f64 - 1.0) * 100.0;
    let rss_list = checkpoints
        .iter()
        .map(|c| format!("{}k {:.1}", c.calls / 1000, mib(c.rss)))
        .collect::<Vec<_>>()
        .join(", ");
    let hwm_list = checkpoints
        .iter()
        .map(|c| format!("{}k {:.1}", c.calls / 1000, mib(c.hwm)))
        .collect::<Vec<_>>()
        .join(", ");
    report.percent(
        &format!("rss growth {}k->{}k", first.calls / 1000, last.calls / 1000),
        growth,
        10.0,
        false,
        format!("VmRSS MiB at {rss_list}"),
    );
    report.percent(
        &format!(
            "peak growth {}k->{}k",
            first.calls / 1000,
            last.calls / 1000
        ),
        hwm_growth,
        10.0,
        false,
        format!("VmHWM MiB at {hwm_list}"),
    );
    // Steady state: from the first checkpoint to the last.
    let calls = (last.calls - first.calls) as f64;
    let per =
        |a: (u64, u64), b: (u64, u64)| ((b.0 - a.0) as f64 / calls, (b.1 - a.1) as f64 / calls);
    let (ca, cb) = per(first.client, last.client);
    let (sa, sb) = per(first.server, last.server);
    report.info(
        "client allocs/call",
        format!("{ca:.1}"),
        format!(
            "{cb:.0} B allocated per call, client threads only (caller, reqwest connection tasks)"
        ),
    );
    report.info(
        "server allocs/call",
        format!("{sa:.1}"),
        format!(
            "{sb:.0} B allocated per call by the fake server (signature check, decode, answer)"
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Peers: this crate's client against the official Python and Node SDKs, each in a process of
//    its own, against the same loopback server (in this process).

/// The peer versions measured (installed from PyPI and npm into `target/peers/`).
const PYTHON_SDK: &str = "volcengine==1.0.229";
const NODE_SDK: &str = "@volcengine/openapi@1.36.2";

/// The argument that makes this bench binary the Rust peer (`runtime rust-peer URL CALLS C WARMUP`).
const RUST_PEER_ARG: &str = "rust-peer";

/// The Rust peer: `calls` SendMessage calls through `volcengine_rtc::Client`, `c` in flight (after
/// `warmup` calls), on a runtime as `#[tokio::main]` builds it (multi-threaded, one worker per core).
/// Prints the line the other peers print; cpu_s is the whole process's CPU over the measured calls.
fn rust_peer(args: &[String]) {
    let [url, calls, c, warmup] = args else {
        panic!("usage: runtime {RUST_PEER_ARG} URL CALLS CONCURRENCY WARMUP");
    };
    let num = |s: &String| s.parse::<usize>().expect("a number");
    let (calls, c, warmup) = (num(calls), num(c).max(1), num(warmup));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = bench_client(url);
    let counter = Arc::new(AtomicUsize::new(0));
    let call = move || {
        let (client, i) = (client.clone(), counter.fetch_add(1, Relaxed));
        async move {
            let sent = client.send_message(message(i)).await.expect("client send");
            assert_ne!(sent.message_id, 0, "the answer's Result decodes");
        }
    };
    rt.block_on(drive(warmup, c, call.clone()));
    let (cpu0, t0) = (process_cpu_ns(), Instant::now());
    rt.block_on(drive(calls, c, call));
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), (process_cpu_ns() - cpu0) / 1e9);
    println!(
        "PEER_RESULT peer=rust calls={calls} warmup={warmup} concurrency={c} wall_s={wall:.6} cpu_s={cpu:.6} sdk=volcengine-rtc/{} http=reqwest",
        env!("CARGO_PKG_VERSION")
    );
}

/// A peer that could be installed: how to run its script.
struct Peer {
    name: &'static str,
    program: std::path::PathBuf,
    script: Option<std::path::PathBuf>,
    env: Vec<(&'static str, String)>,
    /// Its measured calls, as a share of the Rust peer's (the Python SDK is slow).
    share: usize,
}

/// The variables a peer process keeps of this one's environment: the rest (cargo's) is cleared, so
/// that every peer runs in a user's ordinary environment (requests, for one, scans the whole
/// environment for proxy settings on every call).
const PEER_ENV: [&str; 4] = ["PATH", "HOME", "LANG", "TMPDIR"];

impl Peer {
    fn command_line(&self, url: &str, calls: usize, c: usize, warmup: usize) -> String {
        let mut parts = vec!["env -i".to_string()];
        parts.extend(
            PEER_ENV
                .iter()
                .filter(|k| std::env::var_os(k).is_some())
                .map(|k| format!("{k}=\"${k}\"")),
        );
        parts.extend(self.env.iter().map(|(k, v)| format!("{k}={v}")));
        parts.push(self.program.display().to_string());
        parts.extend(self.script.iter().map(|s| s.display().to_string()));
        if self.script.is_none() {
            parts.push(RUST_PEER_ARG.into());
        }
        parts.extend([
            url.to_string(),
            calls.to_string(),
            c.to_string(),
            warmup.to_string(),
        ]);
        parts.join(" ")
    }

    /// Runs the peer once; answers its result line's fields.
    fn run(
        &self,
        url: &str,
        calls: usize,
        c: usize,
        warmup: usize,
    ) -> Result<std::collections::HashMap<String, String>, String> {
        let mut cmd = std::process::Command::new(&self.program);
        cmd.args(&self.script);
        if self.script.is_none() {
            cmd.arg(RUST_PEER_ARG);
        }
        cmd.args([
            url.to_string(),
            calls.to_string(),
            c.to_string(),
            warmup.to_string(),
        ]);
        cmd.env_clear();
        for k in PEER_ENV {
            if let Some(v) = std::env::var_os(k) {
                cmd.env(k, v);
            }
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.program.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
            return Err(format!("{} ({})", out.status, last.unwrap_or("no output")));
        }
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("PEER_RESULT "))
            .ok_or_else(|| "no PEER_RESULT line".to_string())?;
        Ok(line
            .split_whitespace()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect())
    }
}

/// Runs `cmd` quietly; answers the last line of its error output when it fails.
fn install_step(cmd: &mut std::process::Command) -> Result<(), String> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
    Err(format!(
        "{name} failed ({}): {}",
        out.status,
        last.unwrap_or("no output").trim()
    ))
}

/// `target/` (the cargo target dir this bench binary was built in: target/<profile>/deps/runtime-*).
fn target_dir() -> std::path::PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .filter(|t| t.join("CACHEDIR.TAG").exists())
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// The Python peer: a venv with [`PYTHON_SDK`] under `target/peers/`, made once and reused.
fn python_peer(peers: &std::path::Path) -> Result<Peer, String> {
    let dir = peers.join(format!("python-{}", PYTHON_SDK.replace("==", "-")));
    let python = dir.join("venv/bin/python");
    let marker = dir.join(".installed");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let system = std::env::var("VOLC_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
        println!("peers: installing {PYTHON_SDK} into {}", dir.display());
        install_step(
            std::process::Command::new(&system)
                .args(["-m", "venv"])
                .arg(dir.join("venv")),
        )?;
        install_step(std::process::Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            PYTHON_SDK,
        ]))?;
        std::fs::write(&marker, PYTHON_SDK).map_err(|e| e.to_string())?;
    }
    Ok(Peer {
        name: "python",
        program: python,
        script: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/python_peer.py")),
        env: Vec::new(),
        share: 4,
    })
}

/// The Node peer: [`NODE_SDK`] installed with npm under `target/peers/`, once and reused.
fn node_peer(peers: &std::path::Path) -> Result<Peer, String> {
    let dir = peers.join(format!(
        "node-{}",
        NODE_SDK.trim_start_matches('@').replace(['/', '@'], "-")
    ));
    let marker = dir.join(".installed");
    let node = std::env::var("VOLC_BENCH_NODE").unwrap_or_else(|_| "node".into());
    install_step(std::process::Command::new(&node).arg("--version"))?;
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        println!("peers: installing {NODE_SDK} into {}", dir.display());
        install_step(
            std::process::Command::new("npm")
                .arg("install")
                .arg("--prefix")
                .arg(&dir)
                .args([
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",
                    "--loglevel=error",
                    NODE_SDK,
                ]),
        )?;
        std::fs::write(&marker, NODE_SDK).map_err(|e| e.to_string())?;
    }
    Ok(Peer {
        name: "node",
        program: node.into(),
        script: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/node_peer.js")),
        env: vec![("NODE_PATH", dir.join("node_modules").display().to_string())],
        share: 1,
    })
}

/// The command that reproduces this run's figures: the VOLC_BENCH_ variables it was given.
fn bench_command(only: &str) -> String {
    let mut vars: Vec<String> = std::env::vars()
        .filter(|(k, _)| k.starts_with("VOLC_BENCH_") && k != "VOLC_BENCH_ONLY")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    vars.sort();
    vars.push(format!("VOLC_BENCH_ONLY={only}"));
    format!(
        "{} cargo bench -p volc-bench --bench runtime",
        vars.join(" ")
    )
}

/// Medians over the rounds of one peer at one concurrency.
#[derive(Default)]
struct PeerFigures {
    rate: Vec<f64>,
    cpu_us: Vec<f64>,
    calls: usize,
    detail: String,
}

fn bench_peers(report: &mut Report, sizes: &[(usize, usize)], rounds: usize) {
    let peers_dir = target_dir().join("peers");
    let rust = Peer {
        name: "rust",
        program: std::env::current_exe().expect("this bench's path"),
        script: None,
        env: Vec::new(),
        share: 1,
    };
    let mut peers = vec![rust];
    let mut not_installed = Vec::new();
    for (name, peer) in [
        ("python", python_peer(&peers_dir)),
        ("node", node_peer(&peers_dir)),
    ] {
        match peer {
            Ok(p) => peers.push(p),
            Err(e) => {
                println!("peers: SKIP {name}: cannot install ({e})");
                not_installed.push((name, e));
            }
        }
    }

    let server_rt = runtime(SERVER, "peer-server");
    let (url, stats) = start_fixed_server(&server_rt);
    let mut figures: Vec<Vec<PeerFigures>> = (0..peers.len())
        .map(|_| sizes.iter().map(|_| PeerFigures::default()).collect())
        .collect();
    let mut failed = vec![None::<String>; peers.len()];
    for round in 0..rounds {
        for (ci, &(c, n)) in sizes.iter().enumerate() {
            // The order of the peers turns every round, so that none is always first.
            for k in 0..peers.len() {
                let pi = (k + round) % peers.len();
                let peer = &peers[pi];
                if failed[pi].is_some() {
                    continue;
                }
                let calls = (n / peer.share).max(1);
                let warmup = (calls / 10).max(4 * c).min(calls);
                if round == 0 {
                    println!(
                        "peers: {} c={c}: {}",
                        peer.name,
                        peer.command_line(&url, calls, c, warmup)
                    );
                }
                let before = stats.snapshot();
                let result = peer.run(&url, calls, c, warmup);
                let after = stats.snapshot();
                let (conns, requests, signed) =
                    (after.0 - before.0, after.1 - before.1, after.2 - before.2);
                let figures = &mut figures[pi][ci];
                let checked = result.and_then(|r| {
                    let field = |k: &str| {
                        r.get(k)
                            .and_then(|v| v.parse::<f64>().ok())
                            .ok_or_else(|| format!("no {k} in its result line"))
                    };
                    let (wall, cpu) = (field("wall_s")?, field("cpu_s")?);
                    let expected = (calls + warmup) as u64;
                    if requests != expected || signed != requests {
                        return Err(format!(
                            "the server saw {requests} requests ({signed} signed), expected {expected} signed"
                        ));
                    }
                    figures.rate.push(calls as f64 / wall);
                    figures.cpu_us.push(cpu * 1e6 / calls as f64);
                    figures.calls = calls;
                    let mut detail: Vec<String> = ["sdk", "http", "python", "node", "keepalive"]
                        .iter()
                        .filter_map(|k| Some(format!("{k}={}", r.get(*k)?)))
                        .collect();
                    detail.push(format!("{conns} connections for {expected} calls"));
                    figures.detail = detail.join(" ");
                    Ok(())
                });
                if let Err(e) = checked {
                    if pi == 0 {
                        panic!("the Rust peer failed: {e}");
                    }
                    println!("peers: SKIP {} (c={c}): {e}", peer.name);
                    failed[pi] = Some(e);
                }
            }
        }
    }
    drop(server_rt);

    // The table: medians over the rounds.
    println!("peers: SendMessage against one loopback server, CPU of the client process only; medians of {rounds} round(s)");
    println!(
        "peers: {:<8}{:>4}{:>8}{:>12}{:>14}   detail",
        "peer", "c", "calls", "calls/s", "CPU us/call"
    );
    let mut medians = vec![vec![None::<(f64, f64)>; sizes.len()]; peers.len()];
    for (pi, peer) in peers.iter().enumerate() {
        for (ci, &(c, _)) in sizes.iter().enumerate() {
            let f = &mut figures[pi][ci];
            if f.rate.is_empty() || failed[pi].is_some() {
                continue;
            }
            let (rate, cpu) = (median(&mut f.rate), median(&mut f.cpu_us));
            medians[pi][ci] = Some((rate, cpu));
            println!(
                "peers: {:<8}{c:>4}{:>8}{rate:>12.0}{cpu:>14.1}   {}",
                peer.name, f.calls, f.detail
            );
        }
    }
    for (pi, peer) in peers.iter().enumerate().skip(1) {
        for (ci, &(c, _)) in sizes.iter().enumerate() {
            let (Some((r_rate, r_cpu)), Some((p_rate, p_cpu))) = (medians[0][ci], medians[pi][ci])
            else {
                report.info(
                    &format!("rust/{} c={c}", peer.name),
                    "SKIP".into(),
                    format!(
                        "{} was not measured: {}",
                        peer.name,
                        failed[pi].as_deref().unwrap_or("no result")
                    ),
                );
                continue;
            };
            report.ratio(
                &format!("rust/{} calls/s c={c}", peer.name),
                r_rate / p_rate,
                1.0,
                true,
                format!(
                    "ahead: rust {r_rate:.0} calls/s, {} {p_rate:.0} calls/s",
                    peer.name
                ),
            );
            report.ratio(
                &format!("{}/rust CPU/call c={c}", peer.name),
                p_cpu / r_cpu,
                1.0,
                true,
                format!(
                    "ahead: rust {r_cpu:.1} us of CPU per call, {} {p_cpu:.1} us",
                    peer.name
                ),
            );
        }
    }
    for (name, e) in not_installed {
        report.info(
            &format!("rust/{name}"),
            "SKIP".into(),
            format!("{name} was not measured: cannot install ({e})"),
        );
    }
    report.info("peers command", String::new(), bench_command("peers"));
}

// ---------------------------------------------------------------------------------------------

mod instructions;

fn main() {
    // A probe child of the instruction counts (run under callgrind by the parent).
    if instructions::run_probe_child() {
        return;
    }
    // The bench binary is also the Rust peer of the `peers` section, run as a process of its own.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(RUST_PEER_ARG) {
        rust_peer(&args[2..]);
        return;
    }
    // `cargo bench` passes `--bench`; a filter is not supported.
    let rounds = env_usize("VOLC_BENCH_ROUNDS", 1001, 201);
    let c1 = env_usize("VOLC_BENCH_CALLS_C1", 5_000, 500);
    let c64 = env_usize("VOLC_BENCH_CALLS_C64", 20_000, 2_000);
    let pairs = env_usize("VOLC_BENCH_PAIRS", 5, 3);
    let mem = env_usize("VOLC_BENCH_MEM_CALLS", 100_000, 10_000);
    let peer_c1 = env_usize("VOLC_BENCH_PEER_CALLS_C1", 8_000, 2_000);
    let peer_c64 = env_usize("VOLC_BENCH_PEER_CALLS_C64", 20_000, 4_000);
    let peer_rounds = env_usize("VOLC_BENCH_PEER_ROUNDS", 3, 1);
    let started = Instant::now();

    // `VOLC_BENCH_ONLY=sign,prepare,throughput,memory` runs only those parts (for profiling).
    let only = std::env::var("VOLC_BENCH_ONLY").unwrap_or_default();
    let run = |part: &str| only.is_empty() || only.split(',').any(|p| p.trim() == part);

    // Memory first, so that the peak RSS it reports is its own and not the throughput runs'.
    let mut memory = Report::default();
    if run("memory") {
        bench_memory(&mut memory, mem.max(10));
    }
    let mut report = Report::default();
    if run("sign") {
        bench_sign(&mut report, rounds);
    }
    if run("prepare") {
        bench_prepare(&mut report, rounds);
    }
    if run("throughput") {
        bench_throughput(&mut report, &[(1, c1), (64, c64)], pairs.max(1));
    }
    if run("instructions") {
        instructions::bench_instructions(&mut report);
    }
    if run("peers") {
        bench_peers(
            &mut report,
            &[(1, peer_c1.max(1)), (64, peer_c64.max(64))],
            peer_rounds.max(1),
        );
    }

    report.lines.append(&mut memory.lines);
    report.ok += memory.ok;
    report.miss += memory.miss;
    for line in &report.lines {
        println!("{line}");
    }
    println!(
        "summary: {} OK, {} MISS ({:.1} s)",
        report.ok,
        report.miss,
        started.elapsed().as_secs_f64()
    );
    let parts = [
        "memory",
        "sign",
        "prepare",
        "throughput",
        "instructions",
        "peers",
    ];
    println!("reproduce one part:");
    for part in parts.into_iter().filter(|p| run(p)) {
        println!("  {}", bench_command(part));
    }
}
