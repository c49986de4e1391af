//! The blocking client end to end against the fake server, from plain `#[test]` functions: no
//! async runtime in the caller (the fake server runs on one of its own).

use std::time::{Duration, Instant};

use volcengine_fake::{test_credentials, FakeServer, Fault};
use volcengine_openapi::blocking;
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{actions, CallOptions, Client, Error, RateLimit, RetryPolicy};

fn message() -> SendMessageRequest {
    SendMessageRequest::new(SendMessageRequired {
        app_id: 123456,
        sender: 10001,
        conversation_short_id: 7221856821303362000,
        msg_type: MsgType::TEXT,
        content: r#"{"text":"hi"}"#.into(),
    })
}

fn fake() -> (tokio::runtime::Runtime, FakeServer) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = rt.block_on(FakeServer::start(actions())).expect("server");
    (rt, server)
}

fn blocking_client(server: &FakeServer) -> blocking::Client {
    Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build_blocking()
        .expect("blocking client")
}

#[test]
fn the_blocking_client_calls_retries_and_keeps_its_deadline() {
    let (rt, server) = fake();
    let client = blocking_client(&server);

    let sent = client.call(message()).expect("sent");
    assert!(sent.message_id > 0);
    assert!(sent.request_id().starts_with("fake-"));
    assert_eq!(sent.attempts, 1);
    assert!(server.received().iter().all(|r| r.signature_ok));

    // Retries, as the async client does them.
    server.push_faults([Fault::Status(500), Fault::DropAfterStore]);
    let retried = client.call(message()).expect("sent after retries");
    assert_eq!(retried.attempts, 3);
    assert_eq!(server.stored("messages").len(), 2, "stored once per call");

    // Per-call options: the whole-call deadline against a stalled server.
    server.push_faults([Fault::Delay(Duration::from_secs(2))]);
    let started = Instant::now();
    let err = client
        .call_with(
            message(),
            &CallOptions::new().timeout(Duration::from_millis(200)),
        )
        .expect_err("deadline");
    assert!(started.elapsed() < Duration::from_millis(1500));
    assert!(
        matches!(&err, Error::Transport(t) if t.timed_out),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 1);
    assert!(err.idempotency_token().is_some());

    // Shared between threads.
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let c = client.clone();
            std::thread::spawn(move || c.call(message()).expect("sent").message_id)
        })
        .collect();
    let mut ids: Vec<i64> = threads
        .into_iter()
        .map(|t| t.join().expect("thread"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 4);

    // Called from inside an async runtime: an error, not a panic or a blocked runtime thread.
    let inside = rt.block_on(async { client.call(message()) });
    let e = inside.expect_err("inside a runtime");
    assert!(
        matches!(&e, Error::Config(c) if matches!(c.kind, volcengine_openapi::ConfigErrorKind::Blocking { .. })),
        "{e:?}"
    );
    assert!(e.to_string().contains("inside an async runtime"), "{e}");

    // The same types as the async client: a typed client's runtime client, wrapped.
    let typed = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .build()
        .expect("client");
    let wrapped = blocking::Client::new(typed.runtime().clone()).expect("wrapped");
    assert!(wrapped.call(message()).expect("sent").message_id > 0);
    // Dropped inside an async context: no panic.
    rt.block_on(async move { drop(wrapped) });
    drop(server);
}
