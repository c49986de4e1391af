//! Retry safety as the spec records it, for every action (none is named here): an action the spec
//! calls replay-safe (`replay_safe`: a caller-chosen task id cannot start a second task; the vendor
//! documents that starting a running task again answers success) whose answer is lost is replayed
//! once and the caller sees the success; an action that is neither read-only, replay-safe nor keyed
//! is never replayed, and its error says the outcome is ambiguous.

use std::time::Duration;

use volcengine_fake::{test_credentials, FakeServer, Fault};
use volcengine_rtc::{actions, CallOptions, Client, Error, RateLimit, RetryPolicy};

fn client(server: &FakeServer) -> Client {
    Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(2),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_replay_safe_action_whose_answer_was_lost_is_replayed_once_and_succeeds() {
    let mut checked = 0;
    for entry in actions().iter().filter(|e| {
        let op = e.operation;
        op.replay_safe && !op.read_only && op.idempotency_key.is_none()
    }) {
        // A server of its own per action: a fault left unused by a refusal cannot leak onward.
        let server = FakeServer::start(actions()).await.expect("server");
        let c = client(&server);
        let request: serde_json::Value =
            serde_json::from_str(entry.info.example_request).expect("example");
        server.push_faults([Fault::DropAfterStore]);
        let before = server.request_count();
        let answer = (entry.call_json)(c.runtime(), request, &CallOptions::default()).await;
        let op = entry.operation;
        let sent = server.request_count() - before;
        match answer {
            Ok(_) => assert_eq!(
                sent, 2,
                "{}: the request whose answer was lost, and one replay",
                op.action
            ),
            // A record the example does not create: refused as the spec declares. A refusal
            // stores nothing, so no answer was lost (one request), or it came after the replay.
            Err(Error::Api(e))
                if entry
                    .info
                    .fake_json
                    .contains(&format!("\"not_found\":\"{}\"", e.code)) =>
            {
                assert!((1..=2).contains(&sent), "{}: {sent} requests", op.action)
            }
            Err(e) => panic!("{} {}: {e}", op.action, op.version),
        }
        checked += 1;
    }
    assert!(checked > 0, "the spec has replay-safe actions");
}

#[tokio::test]
async fn an_action_that_is_not_replay_safe_is_not_replayed_and_says_so() {
    let server = FakeServer::start(actions()).await.expect("server");
    let c = client(&server);
    let mut checked = 0;
    for entry in actions().iter().filter(|e| !e.operation.is_idempotent()) {
        let request: serde_json::Value =
            serde_json::from_str(entry.info.example_request).expect("example");
        server.push_faults([Fault::DropAfterStore]);
        let before = server.request_count();
        let err = (entry.call_json)(c.runtime(), request, &CallOptions::default())
            .await
            .expect_err("the answer was lost");
        let op = entry.operation;
        assert_eq!(
            server.request_count() - before,
            1,
            "{}: sent once",
            op.action
        );
        // A record the example does not create is refused (answered, so not lost): nothing to retry.
        if let Error::Api(e) = &err {
            if entry
                .info
                .fake_json
                .contains(&format!("\"not_found\":\"{}\"", e.code))
            {
                continue;
            }
        }
        assert!(err.is_ambiguous(), "{}: {err}", op.action);
        assert_eq!(err.attempts(), 1, "{}", op.action);
        checked += 1;
    }
    assert!(checked > 0, "the spec has actions that are not replay-safe");
}
