//! The fake server's memory is bounded: with a retained-request cap, its resident memory stays flat
//! over 100,000 requests. 2,000 signed SendMessage calls (each stored, each with a fresh idempotency
//! key) fill the stored requests and the answers per key past the cap; then 100,000 requests that
//! fail the signature check (each logged in `received`, the log that used to grow ~4 KB a request)
//! go through plain HTTP keep-alive, cheap on the client side. Prints the RSS figures.

use std::time::Instant;

use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};

const CAP: usize = 1_000;
const SIGNED: usize = 2_000;
const WARM_UP: usize = 10_000;
const TOTAL: usize = 100_000;
const CONCURRENCY: usize = 32;

/// This process's resident set size in KiB (Linux), or 0 where it cannot be read.
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Requests `from..to` as plain POSTs with a wrong signature.
async fn flood(url: &str, from: usize, to: usize) {
    let http = reqwest::Client::new();
    let target = format!("{url}/?Action=SendMessage&Version=2020-12-01");
    let mut next = from;
    while next < to {
        let mut set = tokio::task::JoinSet::new();
        for n in next..(next + CONCURRENCY).min(to) {
            let req = http
                .post(&target)
                .header(
                    "Authorization",
                    format!("HMAC-SHA256 Credential=AK{n}/x, Signature=00"),
                )
                .body("{}");
            set.spawn(async move { req.send().await.expect("answered").status().as_u16() });
        }
        while let Some(r) = set.join_next().await {
            assert_eq!(r.expect("task"), 401);
        }
        next = (next + CONCURRENCY).min(to);
    }
}

async fn send(client: &volcengine_rtc::Client, from: usize, to: usize) {
    let mut next = from;
    while next < to {
        let mut set = tokio::task::JoinSet::new();
        for n in next..(next + CONCURRENCY).min(to) {
            let c = client.clone();
            set.spawn(async move {
                c.send_message(SendMessageRequest::new(SendMessageRequired {
                    app_id: 1,
                    sender: 1,
                    conversation_short_id: 1,
                    msg_type: MsgType::TEXT,
                    content: format!(r#"{{"text":"message {n}"}}"#),
                }))
                .await
                .expect("sent")
            });
        }
        while let Some(r) = set.join_next().await {
            r.expect("task");
        }
        next = (next + CONCURRENCY).min(to);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_over_100_000_requests() {
    let server = FakeServer::start(volcengine_rtc::actions()).await.unwrap();
    server.retain_cap(CAP);
    let client = volcengine_rtc::Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .build()
        .unwrap();
    let started = Instant::now();
    send(&client, 0, SIGNED).await;
    assert_eq!(server.stored("messages").len(), CAP);
    flood(&server.url(), 0, WARM_UP).await;
    let warm = rss_kib();
    flood(&server.url(), WARM_UP, TOTAL).await;
    let end = rss_kib();
    println!(
        "fake server RSS: {warm} KiB after {WARM_UP} requests, {end} KiB after {TOTAL} ({:+} KiB; cap {CAP}; {:.1?})",
        end as i64 - warm as i64,
        started.elapsed()
    );
    assert_eq!(server.request_count(), (SIGNED + TOTAL) as u64);
    assert_eq!(server.received().len(), CAP);
    // 90,000 more requests kept at ~4 KB each would be ~350 MB; bounded, the growth is noise.
    assert!(
        warm == 0 || end < warm + 32 * 1024,
        "RSS grew from {warm} KiB to {end} KiB"
    );
}
