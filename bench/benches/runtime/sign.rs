//! The request every figure sends, and figure 1: signing against its cryptographic floor.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use std::time::Duration;
use volcengine_openapi::signer::{derive_key, sign, signing_steps, KeyCache, SignRequest};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{Client, Credentials, RateLimit};

use crate::alloc::allocations_per;
use crate::report::{interleave, timed, Report, BATCH};

pub(crate) fn message(i: usize) -> SendMessageRequest {
    SendMessageRequest::new(SendMessageRequired {
        app_id: 123456,
        sender: 10001,
        conversation_short_id: 7221856821303362000,
        msg_type: MsgType::TEXT,
        content: format!(r#"{{"text":"hello from the benchmark, message {i}"}}"#),
    })
}

/// A `ClientMsgId` shaped like the client's own (a UUID).
pub(crate) const TOKEN: &str = "6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f";
pub(crate) const X_DATE: &str = "20240601T120000Z";

/// The cryptographic work any signer of a SendMessage request must do: SHA-256 of the body,
/// SHA-256 of a canonical request of the same length, and one HMAC with the derived key over the
/// string to sign.
pub(crate) struct Floor {
    pub(crate) body: Vec<u8>,
    pub(crate) filler: Vec<u8>,
    pub(crate) string_to_sign: String,
    pub(crate) key: [u8; 32],
    pub(crate) canonical_len: usize,
}

impl Floor {
    pub(crate) fn new(creds: &Credentials, req: &SignRequest<'_>) -> Self {
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

    pub(crate) fn once(&self) {
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
pub(crate) fn with_sign_request<T>(
    body: &[u8],
    f: impl FnOnce(&Credentials, &SignRequest<'_>) -> T,
) -> T {
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

pub(crate) fn bench_sign(report: &mut Report, rounds: usize) {
    let body = serde_json::to_vec(&message(0).client_msg_id(TOKEN)).expect("serialises");
    with_sign_request(&body, |creds, req| sign_figures(report, rounds, creds, req));
}

pub(crate) fn sign_figures(
    report: &mut Report,
    rounds: usize,
    creds: &Credentials,
    req: &SignRequest<'_>,
) {
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
pub(crate) fn bench_client(endpoint: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKLTbench-access-key", "bench-secret-key"))
        .endpoint(endpoint)
        .rate_limit(RateLimit::Off)
        .build()
        .expect("client")
}

/// A bare reqwest client, configured as the client configures its own (timeouts, pool, no
/// reqwest retries, no redirects).
pub(crate) fn raw_reqwest() -> reqwest::Client {
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
