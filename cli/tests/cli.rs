//! The `volc-rtc` binary itself: its command table comes from the registry, its exit codes follow
//! the error kinds, and a subcommand really calls the fake server.

use std::process::{Command, Output};

use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::actions;

fn volc_rtc(args: &[&str]) -> Output {
    let creds = test_credentials();
    Command::new(env!("CARGO_BIN_EXE_volc-rtc"))
        .args(args)
        .env("VOLC_ACCESSKEY", creds.access_key())
        .env("VOLC_SECRETKEY", creds.secret_key().expose())
        .env_remove("VOLC_SESSION_TOKEN")
        .output()
        .expect("volc-rtc runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_names_every_action_of_the_registry() {
    let out = volc_rtc(&["list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed: Vec<String> = text(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    let expected: Vec<&str> = actions().iter().map(|e| e.info.command).collect();
    assert_eq!(listed, expected);
    assert!(listed.iter().any(|c| c == "send-message"));
}

#[test]
fn usage_and_validation_errors_exit_2_before_any_request() {
    let out = volc_rtc(&["no-such-action", "--json", "{}"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("unknown command `no-such-action`"));

    let out = volc_rtc(&["send-message", "--json", "{not json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--json is not JSON"));

    // An endpoint nobody listens on: a validation error must come before any connection attempt.
    let out = volc_rtc(&[
        "send-message",
        "--endpoint",
        "http://127.0.0.1:9",
        "--json",
        r#"{"AppId":1,"Sender":10,"ConversationShortId":1,"MsgType":10001,"Content":"x","Priority":9}"#,
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Priority: 9 is not one of the documented values"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_subcommand_calls_the_fake_server_and_prints_the_result() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = rt.block_on(FakeServer::start(actions())).expect("server");
    let url = server.url();
    let out = volc_rtc(&[
        "send-message",
        "--endpoint",
        &url,
        "--json",
        r#"{"AppId":1,"Sender":10,"ConversationShortId":1,"MsgType":10001,"Content":"{\"text\":\"hi\"}"}"#,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let stored = server.stored("messages");
    assert_eq!(stored.len(), 1);
    assert_eq!(result["MessageId"], stored[0]["_Result"]["MessageId"]);
    assert_eq!(stored[0]["Content"], r#"{"text":"hi"}"#);

    // A wrong secret: the API's error, exit 3, with the code on stderr.
    let out = Command::new(env!("CARGO_BIN_EXE_volc-rtc"))
        .args(["send-message", "--endpoint", &url, "--json"])
        .arg(r#"{"AppId":1,"Sender":10,"ConversationShortId":1,"MsgType":10001,"Content":"x"}"#)
        .env("VOLC_ACCESSKEY", test_credentials().access_key())
        .env("VOLC_SECRETKEY", "not-the-secret")
        .output()
        .expect("volc-rtc runs");
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("code: SignatureDoesNotMatch"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !text(&out.stderr).contains("not-the-secret"),
        "the secret is never printed"
    );
    drop(server);
}
