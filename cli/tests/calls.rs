//! An action's subcommand: its exit codes follow the error kinds, nothing is sent on a usage error
//! or a dry run, flags and `--json` send the same request, and a call really reaches the fake
//! server (with an ambiguous failure's idempotency token, and a profile's credentials).

mod common;

use std::io::Write;
use std::process::Stdio;

use common::*;
use serde_json::{json, Value};
use volcengine_fake::{test_credentials, Fault};

#[test]
fn usage_and_validation_errors_exit_2_before_any_request() {
    let (_rt, server) = fake();
    let url = server.url();
    let with_unknown = MESSAGE.replace("\"AppId\"", "\"Foo\":1,\"AppId\"");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["no-such-action", "--json", "{}"], "no-such-action"),
        (
            vec!["send-message", "--json", "{not json"],
            "--json is not JSON",
        ),
        (
            vec!["send-message", "--json", "[1]"],
            "--json must be a JSON object",
        ),
        // The bug of the hand-made parser: an unknown flag was ignored and the message sent.
        (
            vec![
                "send-message",
                "--json",
                MESSAGE,
                "--dry-run",
                "--output",
                "text",
            ],
            "invalid value 'text'",
        ),
        (
            vec!["send-message", "--json", MESSAGE, "--bogus", "1"],
            "--bogus",
        ),
        // A flag's value is not taken for another flag.
        (vec!["send-message", "--json", "--app-id", "1"], "--json"),
        (
            vec!["send-message", "--json", &with_unknown],
            "Foo: unknown field",
        ),
        (
            vec!["send-message", "--json", MESSAGE, "--app-id", "x"],
            "--app-id (AppId): `x` is not an integer",
        ),
        (
            vec![
                "send-message",
                "--json",
                MESSAGE,
                "--mentioned-users",
                "1",
                "--mentioned-users",
                "y",
            ],
            "--mentioned-users (MentionedUsers)",
        ),
        (
            vec!["send-message", "--json", MESSAGE, "--ext", "{"],
            "--ext (Ext)",
        ),
        (
            vec!["send-message", "--app-id", "1"],
            "Sender: missing required field",
        ),
        (
            vec!["send-message", "--json", MESSAGE, "--priority", "9"],
            "Priority: 9 is not one of the documented values",
        ),
        (
            vec!["send-message", "--json", MESSAGE, "--timeout", "-1"],
            "--timeout",
        ),
        (
            vec!["send-message", "--json", MESSAGE, "--version"],
            "--version",
        ),
        (vec!["fake-server", "--bogus"], "--bogus"),
        (vec!["completions", "tcsh"], "tcsh"),
        (vec![], "Usage"),
    ];
    for (args, needle) in cases {
        let mut full = args.clone();
        if args.first() == Some(&"send-message") {
            full.extend(["--endpoint", &url]);
        }
        let out = volc_rtc(&full);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{full:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains(needle),
            "{full:?}: {}",
            text(&out.stderr)
        );
        no_panic(&out);
    }
    assert_eq!(server.request_count(), 0, "nothing was sent");
    assert!(server.stored("messages").is_empty());
}

#[test]
fn dry_run_prints_the_signed_request_masked_and_sends_nothing() {
    let (_rt, server) = fake();
    let out = bin()
        .args([
            "send-message",
            "--endpoint",
            &server.url(),
            "--json",
            MESSAGE,
            "--dry-run",
        ])
        .env("VOLC_SESSION_TOKEN", "session-token-never-shown")
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    let first = stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("POST http://127.0.0.1:")
            && first.ends_with("/?Action=SendMessage&Version=2020-12-01"),
        "{stdout}"
    );
    let auth = stdout
        .lines()
        .find(|l| l.starts_with("authorization: "))
        .expect("Authorization printed");
    assert!(auth.contains("Credential=AKLTfake-access-key/"), "{auth}");
    assert!(auth.ends_with("Signature=***"), "{auth}");
    assert!(stdout.contains("x-security-token: ***"), "{stdout}");
    assert!(stdout.contains("x-date: "), "{stdout}");
    let body: Value =
        serde_json::from_str(stdout.lines().last().unwrap_or_default()).expect("body");
    assert_eq!(body["Content"], r#"{"text":"hi"}"#);
    // The idempotency key is filled and named, so the same request can be sent later.
    let token = body["ClientMsgId"].as_str().expect("ClientMsgId filled");
    assert!(
        stderr.contains(&format!("--idempotency-token {token}")),
        "{stderr}"
    );
    for secret in [
        test_credentials().secret_key().expose(),
        "session-token-never-shown",
    ] {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{secret} printed"
        );
    }
    assert_eq!(server.request_count(), 0, "a dry run sends nothing");

    // --idempotency-token sets the key.
    let out = volc_rtc(&[
        "send-message",
        "--endpoint",
        &server.url(),
        "--json",
        MESSAGE,
        "--dry-run",
        "--idempotency-token",
        "my-token",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(r#""ClientMsgId":"my-token""#));
    assert_eq!(server.request_count(), 0);
}

#[test]
fn debug_writes_the_exchange_to_stderr_masked() {
    let (_rt, server) = fake();
    // With a session token (which the fake server does not know: it answers 401).
    let out = bin()
        .args([
            "send-message",
            "--endpoint",
            &server.url(),
            "--json",
            MESSAGE,
            "--debug",
        ])
        .env("VOLC_SESSION_TOKEN", "session-token-never-shown")
        .output()
        .expect("runs");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("> POST http://127.0.0.1:"), "{stderr}");
    assert!(stderr.contains("Signature=***"), "{stderr}");
    assert!(stderr.contains("x-security-token: ***"), "{stderr}");
    for secret in [
        test_credentials().secret_key().expose(),
        "session-token-never-shown",
    ] {
        assert!(!stderr.contains(secret) && !text(&out.stdout).contains(secret));
    }

    let out = volc_rtc(&[
        "send-message",
        "--endpoint",
        &server.url(),
        "--json",
        MESSAGE,
        "--debug",
    ]);
    let stderr = text(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("< Result: "), "{stderr}");
    assert!(!stderr.contains(test_credentials().secret_key().expose()));
    let stored = server.stored("messages");
    assert_eq!(stored.len(), 1);
    // What the log showed is what was sent: the same idempotency key.
    let key = stored[0]["ClientMsgId"].as_str().expect("key");
    assert!(stderr.contains(key), "{stderr}");
    serde_json::from_slice::<Value>(&out.stdout).expect("the Result alone on stdout");
}

#[test]
fn a_subcommand_calls_the_fake_server_and_prints_the_result() {
    let (_rt, server) = fake();
    let url = server.url();
    let out = volc_rtc(&["send-message", "--endpoint", &url, "--json", MESSAGE]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let stored = server.stored("messages");
    assert_eq!(stored.len(), 1);
    assert_eq!(result["MessageId"], stored[0]["_Result"]["MessageId"]);
    assert_eq!(stored[0]["Content"], r#"{"text":"hi"}"#);

    // --output yaml, and the request from stdin.
    let mut child = bin()
        .args([
            "send-message",
            "--endpoint",
            &url,
            "--json",
            "-",
            "--output",
            "yaml",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(MESSAGE.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("exits");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let yaml: serde_yaml::Value = serde_yaml::from_slice(&out.stdout).expect("YAML on stdout");
    let stored = server.stored("messages");
    assert_eq!(stored.len(), 2);
    assert_eq!(
        yaml["MessageId"].as_i64(),
        stored[1]["_Result"]["MessageId"].as_i64(),
        "{}",
        text(&out.stdout)
    );
    assert!(
        serde_json::from_slice::<Value>(&out.stdout).is_err(),
        "YAML, not JSON"
    );

    // A wrong secret: the API's error, exit 3, with the code on stderr.
    let out = bin()
        .args(["send-message", "--endpoint", &url, "--json", MESSAGE])
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

    // No credentials at all: a configuration error.
    let out = bin()
        .args(["send-message", "--endpoint", &url, "--json", MESSAGE])
        .env_remove("VOLC_ACCESSKEY")
        .env_remove("VOLC_SECRETKEY")
        .env("HOME", temp_dir("nohome"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
}

/// The request the server stored, without what differs from call to call.
fn comparable(mut stored: Value) -> Value {
    let obj = stored.as_object_mut().expect("object");
    obj.remove("_Result");
    obj.remove("ClientMsgId");
    stored
}

#[test]
fn field_flags_send_the_same_request_as_json() {
    let (_rt, server) = fake();
    let url = server.url();
    let full = json!({
        "AppId": 1, "Sender": -10, "ConversationShortId": 7221856821303362000_i64, "MsgType": 10001,
        "Content": "{\"text\":\"hi\"}", "MentionedUsers": [111111, 222222],
        "RefMsgInfo": {"ReferencedMessageId": 13, "Hint": "[图片]"},
        "Ext": {"k": "v"}, "CreateTime": 1666613688658_i64, "Priority": 1
    });
    let json_text = full.to_string();
    let by_json = volc_rtc(&["send-message", "--endpoint", &url, "--json", &json_text]);
    assert!(by_json.status.success(), "{}", text(&by_json.stderr));

    let by_flags = volc_rtc(&[
        "send-message",
        "--endpoint",
        &url,
        "--app-id",
        "1",
        "--sender",
        "-10",
        "--conversation-short-id",
        "7221856821303362000",
        "--msg-type",
        "10001",
        "--content",
        r#"{"text":"hi"}"#,
        "--mentioned-users",
        "111111",
        "--mentioned-users",
        "222222",
        "--ref-msg-info",
        r#"{"ReferencedMessageId":13,"Hint":"[图片]"}"#,
        "--ext",
        r#"{"k":"v"}"#,
        "--create-time=1666613688658",
        "--priority",
        "1",
    ]);
    assert!(by_flags.status.success(), "{}", text(&by_flags.stderr));

    // Both, flags over --json keys; a list as one JSON array.
    let both = volc_rtc(&[
        "send-message", "--endpoint", &url,
        "--json", &json!({"AppId": 99, "Sender": -10, "ConversationShortId": 7221856821303362000_i64,
            "MsgType": 10001, "Content": "replaced", "Ext": {"k": "v"}, "CreateTime": 1666613688658_i64,
            "Priority": 1}).to_string(),
        "--app-id", "1", "--content", r#"{"text":"hi"}"#, "--mentioned-users", "[111111,222222]",
        "--ref-msg-info", r#"{"ReferencedMessageId":13,"Hint":"[图片]"}"#,
    ]);
    assert!(both.status.success(), "{}", text(&both.stderr));

    let stored = server.stored("messages");
    assert_eq!(stored.len(), 3);
    let first = comparable(stored[0].clone());
    assert_eq!(first["Sender"], -10);
    assert_eq!(first["MentionedUsers"], json!([111111, 222222]));
    assert_eq!(comparable(stored[1].clone()), first);
    assert_eq!(comparable(stored[2].clone()), first);
}

#[test]
fn an_ambiguous_failure_names_its_idempotency_token_and_a_retry_with_it_sends_nothing_twice() {
    let (_rt, server) = fake();
    let url = server.url();
    // Every attempt of the first call reaches the server and loses its answer.
    server.push_faults([
        Fault::DropAfterStore,
        Fault::DropAfterStore,
        Fault::DropAfterStore,
    ]);
    let out = volc_rtc(&["send-message", "--endpoint", &url, "--json", MESSAGE]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    let token = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("idempotency token: "))
        .unwrap_or_else(|| panic!("no token in {stderr}"))
        .to_string();
    assert!(
        stderr.contains(&format!("--idempotency-token {token}")),
        "{stderr}"
    );
    assert_eq!(
        server.stored("messages").len(),
        1,
        "the message went through once"
    );

    let out = volc_rtc(&[
        "send-message",
        "--endpoint",
        &url,
        "--json",
        MESSAGE,
        "--idempotency-token",
        &token,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let result: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let stored = server.stored("messages");
    assert_eq!(stored.len(), 1, "the retry did not send the message again");
    assert_eq!(stored[0]["ClientMsgId"], token.as_str());
    assert_eq!(result["MessageId"], stored[0]["_Result"]["MessageId"]);
}

#[test]
fn credentials_from_a_profile() {
    let (_rt, server) = fake();
    let home = temp_dir("home");
    std::fs::create_dir_all(home.join(".volc")).expect("dir");
    let c = test_credentials();
    std::fs::write(
        home.join(".volc/config"),
        json!({"profiles": {"test": {"ak": c.access_key(), "sk": c.secret_key().expose(),
            "endpoint": server.url()}}})
        .to_string(),
    )
    .expect("config written");
    let run = |profile: &str| {
        bin()
            .args(["send-message", "--json", MESSAGE, "--profile", profile])
            .env_remove("VOLC_ACCESSKEY")
            .env_remove("VOLC_SECRETKEY")
            .env("HOME", &home)
            .output()
            .expect("runs")
    };
    let out = run("test");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(server.stored("messages").len(), 1);
    let out = run("missing");
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("no profile `missing`"));
}
