//! The client against hostile or broken servers (a loopback server in the test): answers are read
//! in bounded memory (the builder's limit and the call's, an announced length over it not read at
//! all), a too-large answer fails its attempt and is retried only when the action is replay-safe;
//! server text in errors is escaped and cut; an empty `Error` is a broken envelope; a refused
//! connection offers no idempotency token; a deadline that passes before sending says nothing was
//! sent; idempotency tokens are checked before any I/O.

use std::time::Duration;

use integration_tests::loopback::{Answer, Loopback};
use serde_json::Value;
use volcengine_fake::test_credentials;
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

fn client(url: &str) -> volcengine_rtc::ClientBuilder {
    Client::builder()
        .credentials(test_credentials())
        .endpoint(url)
        .rate_limit(RateLimit::Off)
        .retry(RetryPolicy {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(10),
            ..RetryPolicy::default()
        })
        .no_config_file()
}

fn too_large(err: &Error) -> &volcengine_openapi::AnswerTooLargeError {
    match err {
        Error::AnswerTooLarge(e) => e,
        other => panic!("not AnswerTooLarge: {other:?}"),
    }
}

#[tokio::test]
async fn an_endless_answer_stops_at_the_builders_limit_and_a_replay_safe_call_tries_again() {
    let server = Loopback::start(Answer::Endless).expect("server");
    let c = client(&server.url)
        .max_answer_bytes(256 * 1024)
        .build()
        .expect("client");
    let err = c.send_message(message()).await.expect_err("too large");
    let e = too_large(&err);
    assert_eq!((e.limit, e.announced, e.status), (256 * 1024, None, 200));
    // SendMessage carries an idempotency key: replay-safe, so its two attempts were made.
    assert_eq!(server.requests(), 2);
    assert_eq!(err.attempts(), 2);
    assert!(err.is_ambiguous() && err.idempotency_token().is_some());
    assert!(
        err.to_string()
            .contains("larger than the limit of 262144 bytes"),
        "{err}"
    );
}

#[tokio::test]
async fn a_too_large_answer_is_not_retried_when_the_action_is_not_replay_safe() {
    let server = Loopback::start(Answer::Endless).expect("server");
    let c = client(&server.url).build().expect("client");
    let entry = actions()
        .iter()
        .find(|e| !e.operation.is_idempotent() && !e.info.example_request.is_empty())
        .expect("an action that is not replay-safe");
    let example: Value = serde_json::from_str(entry.info.example_request).expect("example");
    let options = CallOptions::new().max_answer_bytes(4096);
    let err = (entry.call_json)(c.runtime(), example, &options)
        .await
        .expect_err("too large");
    assert_eq!(too_large(&err).limit, 4096, "the call's limit wins");
    assert_eq!(
        server.requests(),
        1,
        "{} was sent once",
        entry.operation.action
    );
}

#[tokio::test]
async fn an_announced_length_over_the_limit_is_not_read_and_a_small_answer_still_is() {
    let server = Loopback::start(Answer::Announced(1 << 40)).expect("server");
    let c = client(&server.url).build().expect("client");
    let err = c.send_message(message()).await.expect_err("too large");
    assert_eq!(too_large(&err).announced, Some(1 << 40));
    assert_eq!(
        too_large(&err).limit,
        volcengine_openapi::client::DEFAULT_MAX_ANSWER_BYTES
    );

    let body = br#"{"ResponseMetadata":{"RequestId":"r"},"Result":{"MessageId":7}}"#.to_vec();
    let len = body.len() as u64;
    let server = Loopback::start(Answer::Fixed { status: 200, body }).expect("server");
    let c = client(&server.url).build().expect("client");
    let options = CallOptions::new().max_answer_bytes(len);
    let ok = c
        .call_with(message(), &options)
        .await
        .expect("exactly at the limit");
    assert_eq!(ok.message_id, 7);
    let options = CallOptions::new().max_answer_bytes(len - 1);
    let err = c
        .call_with(message(), &options)
        .await
        .expect_err("one byte over");
    assert_eq!(too_large(&err).limit, len - 1);
}

#[tokio::test]
async fn server_text_in_an_error_is_escaped_and_cut() {
    let message_text = format!("\u{1b}[2J\r\nforged\n{}", "x".repeat(5 << 20));
    let server =
        Loopback::start(Answer::api_error("Code\u{1b}[31m", &message_text)).expect("server");
    let c = client(&server.url).build().expect("client");
    let err = c.send_message(message()).await.expect_err("API error");
    let shown = err.to_string();
    assert!(!shown.contains('\u{1b}') && !shown.contains('\r') && !shown.contains('\n'));
    assert!(shown.contains("\\u{1b}[2J\\r\\nforged"), "{shown:.200}");
    assert!(shown.len() < 4096, "{} bytes", shown.len());
    assert!(shown.contains(&format!("(cut: {} bytes in all)", message_text.len())));
    // The typed error keeps the whole message for a program that wants it.
    assert_eq!(err.as_api().expect("api").message, message_text);
}

#[tokio::test]
async fn an_empty_error_is_a_broken_envelope_not_an_api_error() {
    let body = br#"{"ResponseMetadata":{"RequestId":"r","Error":{}}}"#.to_vec();
    let server = Loopback::start(Answer::Fixed { status: 200, body }).expect("server");
    let c = client(&server.url)
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let err = c.send_message(message()).await.expect_err("broken");
    assert!(matches!(err, Error::Http(_)), "{err:?}");
    assert!(err.to_string().contains("no Code"), "{err}");
    assert!(err.is_ambiguous(), "a 200 may have been carried out");
}

#[tokio::test]
async fn a_refused_connection_offers_no_token_and_an_early_deadline_says_nothing_was_sent() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let c = client(&format!("http://127.0.0.1:{port}"))
        .build()
        .expect("client");
    let err = c.send_message(message()).await.expect_err("refused");
    assert!(!err.is_ambiguous(), "{err:?}");
    assert!(!err.to_string().contains("idempotency token"), "{err}");

    // One request per second: the second call waits for the limiter past its deadline, unsent.
    let body = br#"{"ResponseMetadata":{"RequestId":"r"},"Result":{"MessageId":1}}"#.to_vec();
    let server = Loopback::start(Answer::Fixed { status: 200, body }).expect("server");
    let c = client(&server.url)
        .rate_limit(RateLimit::PerSecond(1))
        .build()
        .expect("client");
    c.send_message(message()).await.expect("first");
    let options = CallOptions::new().timeout(Duration::from_millis(50));
    let err = c
        .call_with(message(), &options)
        .await
        .expect_err("deadline");
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert!(!err.is_ambiguous(), "{err:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn bad_or_conflicting_idempotency_tokens_are_violations_before_any_io() {
    let server = Loopback::start(Answer::Endless).expect("server");
    let c = client(&server.url).build().expect("client");
    for token in ["", "   ", "a\nb", "x\u{1b}y"] {
        let options = CallOptions::new().idempotency_token(token);
        let err = c
            .call_with(message(), &options)
            .await
            .expect_err("bad token");
        let Error::Validation(v) = &err else {
            panic!("{token:?}: {err:?}")
        };
        assert_eq!(v.violations[0].path, "ClientMsgId", "{err}");
    }
    let mut own = message();
    own.client_msg_id = Some("AAA".into());
    let options = CallOptions::new().idempotency_token("BBB");
    let err = c.call_with(own, &options).await.expect_err("two tokens");
    assert!(
        err.to_string()
            .contains("ClientMsgId: the request holds AAA"),
        "{err}"
    );
    let mut blank = message();
    blank.client_msg_id = Some(" \t".into());
    assert!(matches!(
        c.send_message(blank).await,
        Err(Error::Validation(_))
    ));
    assert_eq!(server.requests(), 0);
}
