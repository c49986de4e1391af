//! Per-call control and what changes between attempts, against the fake server: a credentials
//! provider whose session token changes between attempts, the whole-call deadline when the server
//! stalls, the attempts and idempotency token an error reports (and retrying an ambiguous failure
//! with that token), and the call span's fields as a subscriber sees them.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use volcengine_fake::{test_credentials, FakeServer, Fault};
use volcengine_openapi::credentials::{provide_fn, ProvidedCredentials, REFRESH_MARGIN};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{actions, CallOptions, Client, Credentials, Error, RateLimit, RetryPolicy};

fn message() -> SendMessageRequest {
    SendMessageRequest::new(SendMessageRequired {
        app_id: 123456,
        sender: 10001,
        conversation_short_id: 7221856821303362000,
        msg_type: MsgType::TEXT,
        content: r#"{"text":"hi"}"#.into(),
    })
}

fn quick_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        ..RetryPolicy::default()
    }
}

fn client(server: &FakeServer) -> Client {
    Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .retry(quick_retries())
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_refreshing_provider_signs_each_attempt_with_its_new_token() {
    let server = Arc::new(FakeServer::start(actions()).await.expect("server"));
    let asked = Arc::new(AtomicU32::new(0));
    let (registry, counter) = (server.clone(), asked.clone());
    // An STS-like source: each answer carries a new session token, valid for less than the refresh
    // margin (so the client asks again before the next attempt); the server accepts only the newest.
    let provider = provide_fn(move || {
        let n = counter.fetch_add(1, Ordering::SeqCst);
        let c = Credentials::new("AKTProtating", "SKrotating")
            .with_session_token(format!("STS-token-{n}"));
        registry.add_credentials(c.clone());
        Ok(ProvidedCredentials::expiring_in(c, REFRESH_MARGIN / 2))
    });
    let c = Client::builder()
        .credentials_provider(provider)
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .retry(quick_retries())
        .build()
        .expect("client");
    server.push_faults([Fault::Status(500), Fault::Status(500)]);
    let sent = c.send_message(message()).await.expect("sent");
    assert_eq!(sent.attempts, 3);
    assert_eq!(asked.load(Ordering::SeqCst), 3, "asked before each attempt");
    // Only the third attempt reached verification (the faults answer first): it was signed with,
    // and carried, the third token, the only one the server knew by then.
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].signature_ok);
    assert!(received[0]
        .authorization
        .contains("Credential=AKTProtating/"));
    // The next call carries the fourth token: the server, knowing only that one, accepts it.
    c.send_message(message()).await.expect("sent again");
    assert_eq!(asked.load(Ordering::SeqCst), 4);
    assert!(server.received().iter().all(|r| r.signature_ok));
    // The cached credentials show in Debug without their secrets.
    let debug = format!("{c:?}");
    assert!(debug.contains("AKTProtating"), "{debug}");
    assert!(
        !debug.contains("SKrotating") && !debug.contains("STS-token"),
        "{debug}"
    );

    // Credentials valid for long are asked for once, however many attempts and calls.
    let asked = Arc::new(AtomicU32::new(0));
    let counter = asked.clone();
    let lasting = Client::builder()
        .credentials_provider(provide_fn(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(ProvidedCredentials::expiring_in(
                test_credentials(),
                Duration::from_secs(3600),
            ))
        }))
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .retry(quick_retries())
        .build()
        .expect("client");
    server.push_faults([Fault::Status(500)]);
    assert_eq!(
        lasting.send_message(message()).await.expect("a").attempts,
        2
    );
    lasting.send_message(message()).await.expect("b");
    assert_eq!(asked.load(Ordering::SeqCst), 1);

    // A provider that fails: a credentials error whose source is the provider's own error,
    // nothing sent.
    let failing = Client::builder()
        .credentials_provider(provide_fn(|| Err("the STS endpoint is unreachable".into())))
        .endpoint(server.url())
        .build()
        .expect("client");
    let before = server.request_count();
    let e = failing.send_message(message()).await.expect_err("no creds");
    assert!(matches!(e, Error::Credentials(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "credentials error: the credentials provider failed: the STS endpoint is unreachable"
    );
    let source = std::error::Error::source(&e).expect("the provider's error");
    assert_eq!(source.to_string(), "the STS endpoint is unreachable");
    assert_eq!(server.request_count(), before);
}

#[tokio::test]
async fn the_whole_call_deadline_ends_a_stalled_call_in_its_time() {
    let server = FakeServer::start(actions()).await.expect("server");
    let c = client(&server);
    // The server stalls past the deadline (and past nothing else: the attempt timeout is 2 s).
    server.push_faults([Fault::Delay(Duration::from_millis(1500))]);
    let started = Instant::now();
    let err = c
        .call_with(
            message(),
            &CallOptions::new().timeout(Duration::from_millis(300)),
        )
        .await
        .expect_err("deadline");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(300) && took < Duration::from_millis(900),
        "{took:?}"
    );
    let Error::Transport(t) = &err else {
        panic!("{err:?}")
    };
    assert!(t.timed_out && !t.connect, "{t:?}");
    assert!(err.to_string().contains("deadline"), "{err}");
    assert_eq!(err.attempts(), 1);
    let token = err
        .idempotency_token()
        .expect("SendMessage has a key")
        .to_string();
    assert!(
        err.is_ambiguous(),
        "the stalled request may still be carried out"
    );

    // A retried call stopped by its deadline during the second attempt reports two attempts.
    server.push_faults([
        Fault::Status(500),
        Fault::Delay(Duration::from_millis(1500)),
    ]);
    let err = c
        .call_with(
            message(),
            &CallOptions::new().timeout(Duration::from_millis(400)),
        )
        .await
        .expect_err("deadline");
    assert_eq!(err.attempts(), 2, "{err}");
    assert!(err.idempotency_token().is_some_and(|t| t != token));

    // The recipe: retry the ambiguous failure with its token. (Here the server dropped the stalled
    // request when the client hung up; had it carried it out, it would answer the retry with the
    // same result: see the next test.)
    let again = c
        .call_with(message(), &CallOptions::new().idempotency_token(&token))
        .await
        .expect("retried");
    assert_eq!(again.idempotency_token.as_deref(), Some(token.as_str()));
    let with_token = server
        .stored("messages")
        .into_iter()
        .filter(|m| m["ClientMsgId"] == serde_json::json!(token))
        .count();
    assert_eq!(with_token, 1, "sent once");
}

#[tokio::test]
async fn an_error_reports_its_attempts_and_idempotency_token() {
    let server = FakeServer::start(actions()).await.expect("server");
    let c = client(&server);
    // Every attempt is stored and then dropped: ambiguous, retried under the same key, three times.
    server.push_faults([
        Fault::DropAfterStore,
        Fault::DropAfterStore,
        Fault::DropAfterStore,
    ]);
    let err = c.send_message(message()).await.expect_err("dropped");
    assert_eq!(err.attempts(), 3, "{err}");
    assert!(err.is_ambiguous());
    let token = err.idempotency_token().expect("token").to_string();
    assert!(err
        .to_string()
        .contains(&format!("idempotency token {token}")));
    let keys: Vec<_> = server
        .received()
        .into_iter()
        .map(|r| r.idempotency_key)
        .collect();
    assert_eq!(
        keys,
        vec![Some(token.clone()); 3],
        "one key for every attempt"
    );
    let ok = c
        .call_with(message(), &CallOptions::new().idempotency_token(&token))
        .await
        .expect("retried with the token");
    assert_eq!(ok.attempts, 1);
    assert_eq!(server.stored("messages").len(), 1, "stored once");

    // Per-call retry rules: none, so one attempt.
    server.push_faults([Fault::Status(500)]);
    let err = c
        .call_with(message(), &CallOptions::new().retry(RetryPolicy::none()))
        .await
        .expect_err("500");
    assert_eq!(err.attempts(), 1);
    assert_eq!(err.status(), Some(500));
    assert!(err.request_id().is_some());
}

/// A span's or event's name (or level) and its fields, as text.
type Recorded = (String, Vec<(String, String)>);

/// A subscriber that keeps the fields of the runtime's spans (as created and as recorded later)
/// and counts its events.
#[derive(Default)]
struct Capture {
    max: Option<tracing::Level>,
    next: AtomicU64,
    spans: Mutex<HashMap<u64, Recorded>>,
    events: Mutex<Vec<Recorded>>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0
            .push((field.name().to_string(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push((field.name().to_string(), value.to_string()));
    }
}

fn ours(meta: &tracing::Metadata<'_>) -> bool {
    meta.target().starts_with("volcengine_openapi")
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, meta: &tracing::Metadata<'_>) -> bool {
        self.max.is_some_and(|max| *meta.level() <= max)
    }
    fn new_span(&self, attrs: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        if ours(attrs.metadata()) {
            let mut fields = Vec::new();
            attrs.record(&mut Fields(&mut fields));
            self.spans
                .lock()
                .expect("lock")
                .insert(id, (attrs.metadata().name().to_string(), fields));
        }
        tracing::span::Id::from_u64(id)
    }
    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        if let Some((_, fields)) = self.spans.lock().expect("lock").get_mut(&span.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if ours(event.metadata()) {
            let mut fields = Vec::new();
            event.record(&mut Fields(&mut fields));
            self.events
                .lock()
                .expect("lock")
                .push((event.metadata().level().to_string(), fields));
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_call_span_records_attempts_outcome_and_request_id() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let capture = Arc::new(Capture {
        max: Some(tracing::Level::DEBUG),
        ..Capture::default()
    });
    let (ok_id, err_id) = {
        let _guard = tracing::subscriber::set_default(capture.clone());
        rt.block_on(async {
            let server = FakeServer::start(actions()).await.expect("server");
            let c = client(&server);
            server.push_faults([Fault::Status(500)]);
            let ok = c.send_message(message()).await.expect("sent");
            server.push_faults([Fault::Status(500)]);
            let err = c
                .call_with(message(), &CallOptions::new().retry(RetryPolicy::none()))
                .await
                .expect_err("500");
            (
                ok.request_id().to_string(),
                err.request_id().expect("id").to_string(),
            )
        })
    };
    let spans = capture.spans.lock().expect("lock");
    let calls: Vec<&Vec<(String, String)>> = spans
        .values()
        .filter(|(name, _)| name == "call")
        .map(|(_, f)| f)
        .collect();
    assert_eq!(calls.len(), 2, "{spans:?}");
    let by_id = |id: &str| {
        calls
            .iter()
            .find(|f| field(f, "request_id") == Some(id))
            .unwrap_or_else(|| panic!("no call span with request id {id}: {calls:?}"))
    };
    let ok = by_id(&ok_id);
    assert_eq!(field(ok, "service"), Some("rtc"));
    assert_eq!(field(ok, "action"), Some("SendMessage"));
    assert_eq!(field(ok, "version"), Some("2020-12-01"));
    assert_eq!(field(ok, "attempts"), Some("2"));
    assert_eq!(field(ok, "outcome"), Some("ok"));
    let err = by_id(&err_id);
    assert_eq!(field(err, "attempts"), Some("1"));
    assert_eq!(field(err, "outcome"), Some("error"));
    let attempts = spans.values().filter(|(n, _)| n == "attempt").count();
    assert_eq!(attempts, 3, "one debug span per attempt");
    let events = capture.events.lock().expect("lock");
    let signed: Vec<_> = events
        .iter()
        .filter(|(_, f)| field(f, "message") == Some("signed request"))
        .collect();
    assert_eq!(signed.len(), 3, "one signed-request event per attempt");
    let headers = field(&signed[0].1, "headers").expect("headers");
    assert!(headers.contains("Signature=***"), "{headers}");
    assert!(!headers.contains("fake-secret-key"), "{headers}");
}

#[test]
fn nothing_is_recorded_when_tracing_is_off() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // A subscriber that takes warnings only: no span, no event of a call with a retry reaches it.
    let capture = Arc::new(Capture {
        max: Some(tracing::Level::WARN),
        ..Capture::default()
    });
    {
        let _guard = tracing::subscriber::set_default(capture.clone());
        rt.block_on(async {
            let server = FakeServer::start(actions()).await.expect("server");
            let c = client(&server);
            server.push_faults([Fault::Status(500)]);
            assert_eq!(c.send_message(message()).await.expect("sent").attempts, 2);
        });
    }
    assert!(capture.spans.lock().expect("lock").is_empty());
    assert!(capture.events.lock().expect("lock").is_empty());
    assert_eq!(capture.next.load(Ordering::SeqCst), 0, "no span at all");
}
