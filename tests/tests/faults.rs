//! Fault injection: 1,000 logical SendMessage calls, each with distinct content, while the fake server
//! injects a 20% mix of faults. The server's own records must show that every call the client reports
//! as sent is stored exactly once, that nothing is stored twice, and that every failure is typed.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use volcengine_fake::test_credentials;
use volcengine_fake::{FakeServer, Fault};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{Client, Error, RateLimit, RetryPolicy};

const CALLS: usize = 1_000;
const IN_FLIGHT: usize = 32;
const CLIENT_TIMEOUT: Duration = Duration::from_millis(250);

fn message(i: usize) -> SendMessageRequest {
    SendMessageRequest::new(SendMessageRequired {
        app_id: 123456,
        sender: 10001,
        conversation_short_id: 7221856821303362000,
        msg_type: MsgType::TEXT,
        content: format!(r#"{{"text":"message number {i}"}}"#),
    })
}

/// The outcome of one logical call, as the client reported it.
enum Outcome {
    Sent { message_id: i64, token: String },
    Failed(Error),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_calls_under_a_20_percent_fault_mix_store_each_sent_message_exactly_once() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let mix = vec![
        Fault::Status(500),
        Fault::ErrorEnvelope {
            status: 429,
            code: "FlowLimitExceeded.QPSOverLimit".into(),
            code_n: None,
        },
        Fault::ErrorEnvelope {
            status: 200,
            code: "InternalServiceTimeout".into(),
            code_n: Some(100016),
        },
        Fault::DropBeforeStore,
        Fault::DropAfterStore,
        Fault::Delay(CLIENT_TIMEOUT + Duration::from_millis(150)),
        Fault::Truncated,
        Fault::NonJson(502),
    ];
    let kinds = mix.len();
    server.random_faults(20, 0x5eed_2026_1128, mix);
    // Three attempts: a call fails only when all three draw a fault (about 0.8% of calls), so both
    // outcomes occur in one run.
    let client = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .timeout(CLIENT_TIMEOUT)
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(2),
            max_backoff: Duration::from_millis(20),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");

    let gate = Arc::new(tokio::sync::Semaphore::new(IN_FLIGHT));
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..CALLS {
        let client = client.clone();
        let gate = gate.clone();
        tasks.spawn(async move {
            let _permit = gate.acquire_owned().await.expect("semaphore open");
            let outcome = match client.send_message(message(i)).await {
                Ok(r) => Outcome::Sent {
                    message_id: r.message_id,
                    token: r.idempotency_token.clone().unwrap_or_default(),
                },
                Err(e) => Outcome::Failed(e),
            };
            (i, outcome)
        });
    }
    let mut outcomes: Vec<Option<Outcome>> = (0..CALLS).map(|_| None).collect();
    while let Some(joined) = tasks.join_next().await {
        // A panic inside a call would surface here as a JoinError.
        let (i, outcome) = joined.expect("no call panics");
        outcomes[i] = Some(outcome);
    }
    // Delayed attempts the client gave up on still finish on the server: let them land.
    tokio::time::sleep(CLIENT_TIMEOUT * 3).await;

    let stored = server.stored("messages");
    let mut by_content: HashMap<String, Vec<&Value>> = HashMap::new();
    for m in &stored {
        let content = m["Content"].as_str().expect("stored content").to_string();
        by_content.entry(content).or_default().push(m);
    }
    let twice: Vec<_> = by_content.iter().filter(|(_, v)| v.len() > 1).collect();
    assert!(twice.is_empty(), "stored more than once: {twice:?}");

    let (mut sent, mut failed, mut failed_but_stored) = (0, 0, 0);
    let mut errors: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, outcome) in outcomes.iter().enumerate() {
        let content = message(i).content;
        let copies = by_content.get(&content).map_or(0, Vec::len);
        match outcome.as_ref().expect("every call finished") {
            Outcome::Sent { message_id, token } => {
                sent += 1;
                assert_eq!(
                    copies, 1,
                    "call {i} reported sent but stored {copies} times"
                );
                let m = by_content[&content][0];
                assert_eq!(m["ClientMsgId"].as_str(), Some(token.as_str()), "call {i}");
                assert_eq!(
                    m["_Result"]["MessageId"].as_i64(),
                    Some(*message_id),
                    "call {i}: the answer is the stored message's"
                );
            }
            Outcome::Failed(e) => {
                failed += 1;
                failed_but_stored += copies;
                let kind = match e {
                    Error::Api(a) => {
                        assert!(!a.code.is_empty(), "call {i}: {e}");
                        "api"
                    }
                    Error::Http(h) => {
                        assert!(h.status > 0, "call {i}: {e}");
                        "http"
                    }
                    Error::Transport(t) => {
                        assert!(!t.message.is_empty(), "call {i}: {e}");
                        "transport"
                    }
                    other => panic!("call {i}: an unexpected error kind: {other:?}"),
                };
                *errors.entry(kind).or_default() += 1;
            }
        }
    }
    let injected = server.faults_injected();
    let total_faults: u64 = injected.values().sum();
    let requests = server.request_count();
    println!(
        "{CALLS} calls, {requests} requests, {total_faults} faults injected: {injected:?}; \
         sent {sent}, failed {failed} ({errors:?}), failed but stored {failed_but_stored}"
    );
    assert_eq!(sent + failed, CALLS);
    assert_eq!(injected.len(), kinds, "every fault kind was injected");
    // The mix really is about 20% of requests (seeded, so this is stable).
    let rate = total_faults as f64 / requests as f64;
    assert!((0.15..0.25).contains(&rate), "fault rate {rate}");
    assert!(
        sent >= CALLS * 95 / 100,
        "retries absorb most faults: {sent}"
    );
    assert!(failed > 0, "with 3 attempts some calls exhaust them");
}
