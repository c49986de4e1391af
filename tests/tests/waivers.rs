//! `CallOptions::allow_violation`: the explicit way to send what the client-side checks refuse
//! (a value the vendor accepts before the spec does), and only at the paths named.

use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::im::send_message::RefMsgInfo;
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{actions, CallOptions, Client, Error, RateLimit};

/// A message quoting a message of a type the spec's list for quotes does not have (10002).
fn quoting_a_sticker() -> SendMessageRequest {
    SendMessageRequest::new(SendMessageRequired {
        app_id: 123456,
        sender: 10001,
        conversation_short_id: 7221856821303362000,
        msg_type: MsgType::TEXT,
        content: r#"{"text":"hi"}"#.into(),
    })
    .ref_msg_info(RefMsgInfo::default().referenced_message_type(10002))
}

async fn setup() -> (FakeServer, Client) {
    let server = FakeServer::start(actions()).await.expect("server");
    let client = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .build()
        .expect("client");
    (server, client)
}

#[tokio::test]
async fn without_a_waiver_the_violation_stops_the_call_before_any_io() {
    let (server, client) = setup().await;
    let err = client
        .call_with(quoting_a_sticker(), &CallOptions::new())
        .await
        .expect_err("refused");
    let Error::Validation(v) = &err else {
        panic!("not a validation error: {err}");
    };
    let paths: Vec<&str> = v.violations.iter().map(|v| v.path.as_str()).collect();
    assert!(!paths.is_empty(), "{err}");
    assert!(
        paths
            .iter()
            .all(|p| *p == "RefMsgInfo.ReferencedMessageType"),
        "{err}"
    );
    assert_eq!(server.received().len(), 0);
}

#[tokio::test]
async fn a_waiver_at_the_path_or_above_it_sends_the_request() {
    for waiver in ["RefMsgInfo.ReferencedMessageType", "RefMsgInfo"] {
        let (server, client) = setup().await;
        let options = CallOptions::new().allow_violation(waiver);
        // The fake server checks as the service does, so it answers with an error of its own: what
        // matters here is that the request left the client.
        let _ = client.call_with(quoting_a_sticker(), &options).await;
        assert_eq!(server.received().len(), 1, "waiver {waiver}");
    }
}

#[tokio::test]
async fn a_waiver_elsewhere_or_of_a_prefix_that_is_not_a_path_waives_nothing() {
    for waiver in ["Content", "RefMsg", "RefMsgInfo.Referenced"] {
        let (server, client) = setup().await;
        let options = CallOptions::new().allow_violation(waiver);
        let err = client
            .call_with(quoting_a_sticker(), &options)
            .await
            .expect_err("still refused");
        assert!(
            matches!(err, Error::Validation(_)),
            "waiver {waiver}: {err}"
        );
        assert_eq!(server.received().len(), 0, "waiver {waiver}");
    }
}
