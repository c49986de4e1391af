//! End to end over loopback HTTP (and TLS): the generated client against the fake server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use volcengine_fake::test_credentials;
use volcengine_fake::{FakeServer, Fault};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{actions, Client, Error, RateLimit, RetryPolicy};

fn message(content: &str) -> SendMessageRequest {
    SendMessageRequest::new(SendMessageRequired {
        app_id: 123456,
        sender: 10001,
        conversation_short_id: 7221856821303362000,
        msg_type: MsgType::TEXT,
        content: content.to_string(),
    })
}

fn client(server: &FakeServer) -> Client {
    Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
            ..RetryPolicy::default()
        })
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

#[tokio::test]
async fn send_message_is_signed_stored_and_answered() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = client(&server);
    let sent = c
        .send_message(message(r#"{"text":"hi"}"#).mentioned_users(vec![1, 2]))
        .await
        .expect("sent");
    assert!(
        sent.message_id >= 7_171_391_232_210_504_000,
        "ids are large i64s: {}",
        sent.message_id
    );
    assert!(sent.request_id().starts_with("fake-"));
    assert_eq!(sent.attempts, 1);
    let stored = server.stored("messages");
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["MentionedUsers"], serde_json::json!([1, 2]));
    assert_eq!(
        stored[0]["ConversationShortId"],
        serde_json::json!(7221856821303362000i64)
    );
    assert_eq!(
        stored[0]["_Result"]["MessageId"],
        serde_json::json!(sent.message_id)
    );
    let token = sent.idempotency_token.clone().expect("token filled");
    assert_eq!(stored[0]["ClientMsgId"], serde_json::json!(token));
    let received = server.received();
    assert!(received.iter().all(|r| r.signature_ok));
    assert!(received[0]
        .authorization
        .contains("SignedHeaders=content-type;host;x-content-sha256;x-date"));
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_with_a_typed_error() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = Client::builder()
        .credentials(volcengine_rtc::Credentials::new(
            test_credentials().access_key(),
            "wrong-secret",
        ))
        .endpoint(server.url())
        .build()
        .expect("client");
    let err = c.send_message(message("x")).await.expect_err("rejected");
    let api = err.as_api().expect("api error");
    assert_eq!(api.code, "SignatureDoesNotMatch");
    assert_eq!(api.code_n, Some(100010));
    assert_eq!(api.http_status, 401);
    assert!(err.request_id().is_some());
    assert!(!err.to_string().contains("wrong-secret"));
    assert!(server.stored("messages").is_empty());
}

#[tokio::test]
async fn invalid_requests_are_rejected_before_any_io() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = client(&server);
    let mut req = message("x").priority(volcengine_rtc::im::send_message::Priority(9));
    req.ref_msg_info = Some(
        volcengine_rtc::im::send_message::RefMsgInfo::default()
            .hint("h")
            .status(volcengine_rtc::im::send_message::RefMsgStatus::RECALLED)
            .referenced_message_type(MsgType(42)),
    );
    let err = c.send_message(req).await.expect_err("invalid");
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err}")
    };
    let paths: Vec<&str> = v.violations.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "RefMsgInfo.ReferencedMessageType",
            "RefMsgInfo.ReferencedMessageType",
            "RefMsgInfo.Status",
            "Priority"
        ]
    );
    assert!(
        err.to_string()
            .contains("RefMsgInfo.Status: not accepted by SendMessage"),
        "{err}"
    );
    assert_eq!(server.request_count(), 0, "nothing reached the server");
}

#[tokio::test]
async fn membership_errors_are_typed_and_not_retried() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    server.require_membership(true);
    let c = client(&server);
    let err = c
        .send_message(message("x"))
        .await
        .expect_err("not a member");
    let api = err.as_api().expect("api error");
    assert_eq!(
        api.code,
        volcengine_rtc::service::codes::PARTICIPANT_NOT_IN_CONVERSATION
    );
    assert_eq!(
        api.http_status, 200,
        "an error inside a 200 answer is still an error"
    );
    assert!(!err.is_retryable());
    assert_eq!(server.request_count(), 1);
    server.add_member(7221856821303362000, 10001);
    c.send_message(message("x")).await.expect("member now");
}

#[tokio::test]
async fn retries_reuse_the_idempotency_key_so_nothing_is_sent_twice() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    server.push_faults([Fault::DropAfterStore, Fault::Status(500)]);
    let c = client(&server);
    let sent = c
        .send_message(message("once"))
        .await
        .expect("sent after retries");
    assert_eq!(sent.attempts, 3);
    let stored = server.stored("messages");
    assert_eq!(stored.len(), 1, "stored exactly once");
    assert_eq!(
        stored[0]["_Result"]["MessageId"],
        serde_json::json!(sent.message_id),
        "the retry got the first answer"
    );
    let keys: Vec<_> = server
        .received()
        .into_iter()
        .filter_map(|r| r.idempotency_key)
        .collect();
    assert_eq!(
        keys.len(),
        2,
        "two attempts reached the handler after the signature check"
    );
    assert!(keys
        .iter()
        .all(|k| Some(k) == sent.idempotency_token.as_ref()));
}

#[tokio::test]
async fn throttling_is_retried_and_injected_tokens_are_used() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    server.push_faults([Fault::Status(429)]);
    let n = Arc::new(AtomicUsize::new(0));
    let n2 = n.clone();
    let c = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .idempotency_tokens(move || format!("token-{}", n2.fetch_add(1, Ordering::SeqCst)))
        .build()
        .expect("client");
    let sent = c.send_message(message("x")).await.expect("sent");
    assert_eq!(sent.attempts, 2);
    assert_eq!(sent.idempotency_token.as_deref(), Some("token-0"));
    assert_eq!(n.load(Ordering::SeqCst), 1, "one token per logical call");
}

#[tokio::test]
async fn a_request_that_is_not_idempotent_is_not_replayed_after_a_500() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let entry = actions()
        .iter()
        .find(|e| !e.operation.is_idempotent() && e.operation.family.name == "im")
        .expect("one");
    server.push_faults([Fault::Status(500)]);
    let c = client(&server);
    let request: serde_json::Value =
        serde_json::from_str(entry.info.example_request).expect("json");
    let err = (entry.call_json)(
        c.runtime(),
        request,
        &volcengine_rtc::CallOptions::default(),
    )
    .await
    .expect_err("500");
    assert_eq!(err.status(), Some(500));
    assert_eq!(
        server.request_count(),
        1,
        "{} was not replayed",
        entry.operation.action
    );
}

#[tokio::test]
async fn bad_answers_become_typed_errors() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    server.push_faults([Fault::NonJson(502)]);
    let err = c.send_message(message("x")).await.expect_err("non-json");
    let Error::Http(h) = &err else {
        panic!("{err}")
    };
    assert_eq!(h.status, 502);
    assert!(h.body_excerpt.contains("Bad Gateway"));
    server.push_faults([Fault::Truncated]);
    let err = c.send_message(message("y")).await.expect_err("truncated");
    assert!(matches!(err, Error::Http(_)), "{err}");
    server.push_faults([Fault::DropBeforeStore]);
    let err = c.send_message(message("z")).await.expect_err("dropped");
    assert!(matches!(err, Error::Transport(_)), "{err}");
}

#[tokio::test]
async fn timeouts_are_transport_errors_then_retried() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    server.push_faults([Fault::Delay(Duration::from_millis(800))]);
    let c = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client");
    let sent = c.send_message(message("slow")).await.expect("retried");
    assert!(sent.attempts >= 2);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        server.stored("messages").len(),
        1,
        "the delayed attempt and the retry share one ClientMsgId"
    );
}

#[tokio::test]
async fn clock_skew_is_corrected_once() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    server.set_clock_skew(3600);
    let c = client(&server);
    let sent = c.send_message(message("late")).await.expect("corrected");
    assert_eq!(
        sent.attempts, 1,
        "the skew retry does not count as a failed attempt"
    );
    assert_eq!(server.request_count(), 2);
    c.send_message(message("again")).await.expect("offset kept");
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn the_documented_qps_is_enforced_by_waiting() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::PerSecond(20))
        .build()
        .expect("client");
    let start = Instant::now();
    for i in 0..6 {
        c.send_message(message(&format!("m{i}")))
            .await
            .expect("sent");
    }
    assert!(
        start.elapsed() >= Duration::from_millis(240),
        "6 calls at 20/s take at least 250 ms: {:?}",
        start.elapsed()
    );
    assert_eq!(server.stored("messages").len(), 6);
}

/// Every action of the spec: its example request goes through the generated client to the fake
/// server (signed, decoded into the generated type and validated there), and the example answer
/// decodes on the way back.
#[tokio::test]
async fn conformance_of_every_action_from_its_spec_example() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = client(&server);
    let mut checked = 0;
    for entry in actions() {
        let op = entry.operation;
        let request: serde_json::Value =
            serde_json::from_str(entry.info.example_request).expect("example json");
        (entry.check_request)(&request)
            .unwrap_or_else(|v| panic!("{}: example request invalid: {v:?}", op.action));
        let answer = (entry.call_json)(
            c.runtime(),
            request,
            &volcengine_rtc::CallOptions::default(),
        )
        .await;
        // An action that works on records the example does not create (a recall of a message
        // never sent) is refused with the code its record behaviour declares: accepted, decoded
        // and validated, then answered as the state says.
        let result = match answer {
            Err(volcengine_rtc::Error::Api(e))
                if entry
                    .info
                    .fake_json
                    .contains(&format!("\"not_found\":\"{}\"", e.code)) =>
            {
                checked += 1;
                continue;
            }
            other => other.unwrap_or_else(|e| panic!("{} {}: {e}", op.action, op.version)),
        };
        let expected: serde_json::Value =
            serde_json::from_str(entry.info.example_result).expect("result json");
        let typed = (entry.check_result)(&expected)
            .unwrap_or_else(|e| panic!("{}: example result: {e}", op.action));
        // Actions with record behaviours answer the fake server's state, not the example.
        if entry.info.fake.new_ids.is_empty() && !entry.info.fake_json.contains("\"records\"") {
            assert_eq!(
                result, typed,
                "{}: the answer is the spec's example result",
                op.action
            );
        }
        checked += 1;
    }
    assert_eq!(checked, actions().len());
    assert!(server.received().iter().all(|r| r.signature_ok));
    assert_eq!(server.received().len(), actions().len());
}

#[tokio::test]
async fn over_tls_with_a_self_signed_certificate() {
    use tokio_rustls::rustls;
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).expect("cert");
    let cert_der = cert.cert.der().clone();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(cert.key_pair.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(vec![cert_der], key)
    .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let fake = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let state = fake.state();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let (acceptor, state) = (acceptor.clone(), state.clone());
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(tcp).await {
                    volcengine_fake::serve_connection(state, tls).await;
                }
            });
        }
    });
    let c = Client::builder()
        .credentials(test_credentials())
        .endpoint(format!("https://localhost:{port}"))
        .add_root_certificate_pem(cert.cert.pem().as_bytes())
        .build()
        .expect("client");
    let sent = c
        .send_message(message("over tls"))
        .await
        .expect("sent over TLS");
    assert_eq!(fake.stored("messages").len(), 1);
    assert!(sent.message_id > 0);
    assert!(fake.received()[0]
        .authorization
        .contains("SignedHeaders=content-type;host"));
}

/// The region of a request's credential scope.
fn signed_region(authorization: &str) -> String {
    let credential = authorization
        .split("Credential=")
        .nth(1)
        .and_then(|c| c.split(',').next())
        .expect("credential");
    credential.split('/').nth(2).expect("region").to_string()
}

/// As the Go SDK signs them: RTC calls to the Singapore host with `ap-singapore-1`, IM calls to the
/// same host with `ap-southeast-1` (the IM family's signing region); the old region name
/// `ap-southeast-1` is an alias of `ap-singapore-1`.
#[tokio::test]
async fn singapore_is_signed_per_family() {
    let region = volcengine_rtc::service::SERVICE
        .region("ap-southeast-1")
        .expect("alias");
    assert_eq!(
        (region.name, region.host),
        ("ap-singapore-1", "open-ap-singapore-1.volcengineapi.com")
    );
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    for configured in ["ap-singapore-1", "ap-southeast-1"] {
        let c = Client::builder()
            .credentials(test_credentials())
            .endpoint(server.url())
            .region(configured)
            .rate_limit(RateLimit::Off)
            .build()
            .expect("client");
        assert_eq!(c.region(), "ap-singapore-1");
        c.send_message(message("sg")).await.expect("IM answered");
        let kick = volcengine_rtc::registry::find("KickUser", None).expect("KickUser");
        let request: serde_json::Value =
            serde_json::from_str(kick.info.example_request).expect("json");
        (kick.call_json)(
            c.runtime(),
            request,
            &volcengine_rtc::CallOptions::default(),
        )
        .await
        .expect("RTC answered");
    }
    let received = server.received();
    let regions: Vec<(String, String)> = received
        .iter()
        .map(|r| {
            assert!(r.signature_ok, "{}", r.action);
            (r.action.clone(), signed_region(&r.authorization))
        })
        .collect();
    let expected = ["SendMessage", "KickUser", "SendMessage", "KickUser"].map(|a| {
        let region = if a == "KickUser" {
            "ap-singapore-1"
        } else {
            "ap-southeast-1"
        };
        (a.to_string(), region.to_string())
    });
    assert_eq!(regions, expected);
}
