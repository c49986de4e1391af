//! Hostile input and hostile servers against the binary: every action of the registry fed `{}`,
//! `null`, a repeated key and an out-of-range number (exit 2, every violation named, nothing
//! sent); bad idempotency tokens and timeouts; a server answering an endless body (under a memory
//! limit), terminal escapes or megabytes in its message, an empty `Error`; a refused connection; a
//! full stdout; an endpoint with a password.

mod common;

use std::process::Stdio;

use common::*;
use integration_tests::loopback::{Answer, Loopback};
use serde_json::Value;
use volcengine_openapi::registry::ValueKind;
use volcengine_rtc::actions;

/// A number no integer type holds (over `u64::MAX`), and one no `f32` holds.
const HUGE_INTEGER: &str = "18446744073709551616";
const HUGE_F32: &str = "-1e39";

/// The example request's text with its first key given twice, and that key.
fn with_repeated_key(example: &Value) -> Option<(String, String)> {
    let obj = example.as_object()?;
    let (key, value) = obj.iter().next()?;
    let rest = serde_json::to_string(example).ok()?;
    let text = format!("{{{}:{value},{}", Value::String(key.clone()), &rest[1..]);
    Some((text, key.clone()))
}

/// The example with a top-level numeric field (or list of numbers) set out of its type's range,
/// and that field's name.
fn with_out_of_range(
    entry: &volcengine_rtc::ActionEntry,
    example: &Value,
) -> Option<(String, String)> {
    let field = entry.info.fields.iter().find(|f| {
        let kind = if f.kind == ValueKind::List {
            f.item_kind
        } else {
            Some(f.kind)
        };
        kind == Some(ValueKind::Integer) || f.ty == "f32" || f.ty == "list<f32>"
    })?;
    let number = if field.ty.contains("f32") {
        HUGE_F32
    } else {
        HUGE_INTEGER
    };
    let value = if field.kind == ValueKind::List {
        format!("[{number}]")
    } else {
        number.to_string()
    };
    let mut obj = example.as_object().cloned().unwrap_or_default();
    obj.remove(field.name);
    let rest = serde_json::to_string(&Value::Object(obj)).ok()?;
    let sep = if rest == "{}" { "" } else { "," };
    let text = format!(
        "{{{}:{value}{sep}{}",
        Value::String(field.name.into()),
        &rest[1..]
    );
    Some((text, field.name.to_string()))
}

fn expect_rejected(args: &[&str], needles: &[String]) {
    let out = volc_rtc(args);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    no_panic(&out);
    for needle in needles {
        assert!(
            stderr.contains(needle.as_str()),
            "{args:?}: no `{needle}` in {stderr}"
        );
    }
}

#[test]
fn every_action_rejects_hostile_json_naming_each_violation_and_sends_nothing() {
    let server = Loopback::start(Answer::Endless).expect("server");
    let (mut repeated, mut out_of_range) = (0, 0);
    for entry in actions() {
        let cmd = entry.info.command;
        let base = ["--endpoint", server.url.as_str(), "--json"];
        let run = |json: &str, needles: &[String]| {
            let mut args = vec![cmd];
            args.extend(base);
            args.push(json);
            expect_rejected(&args, needles);
        };
        let required: Vec<String> = entry
            .info
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| format!("{}: missing required field", f.name))
            .collect();
        if !required.is_empty() {
            run("{}", &required);
        }
        run("null", &["--json must be a JSON object".to_string()]);
        let example: Value = serde_json::from_str(entry.info.example_request).expect("example");
        if let Some((json, key)) = with_repeated_key(&example) {
            repeated += 1;
            run(&json, &[format!("{key}: duplicate key")]);
        }
        if let Some((json, field)) = with_out_of_range(entry, &example) {
            out_of_range += 1;
            run(&json, &[field.clone(), "out of range".to_string()]);
        }
    }
    assert!(
        repeated > 0 && out_of_range > 0,
        "{repeated} {out_of_range}"
    );
    assert_eq!(server.requests(), 0, "nothing was sent");
}

#[test]
fn bad_idempotency_tokens_and_timeouts_exit_2_naming_the_allowed_range() {
    let (_rt, server) = fake();
    let url = server.url();
    let send = |extra: &[&str]| {
        let mut args = vec!["send-message", "--endpoint", &url, "--json", MESSAGE];
        args.extend(extra);
        args.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (send(&["--idempotency-token", ""]), "empty or blank"),
        (send(&["--idempotency-token", "  \t"]), "empty or blank"),
        (send(&["--idempotency-token", "a\nb"]), "control characters"),
        (
            send(&["--idempotency-token", "a\u{1b}[2J"]),
            "control characters",
        ),
        (
            send(&["--client-msg-id", "AAA", "--idempotency-token", "BBB"]),
            "ClientMsgId: AAA differs from --idempotency-token BBB",
        ),
        (send(&["--timeout", "1e30"]), "0.001..=86400"),
        (send(&["--timeout", "0.0000000001"]), "0.001..=86400"),
        (send(&["--timeout", "inf"]), "0.001..=86400"),
        (send(&["--timeout", "NaN"]), "0.001..=86400"),
        (send(&["--timeout", "-1"]), "0.001..=86400"),
        (send(&["--max-answer-bytes", "1"]), "1024..=4294967296"),
        (
            send(&["--max-answer-bytes", "99999999999999999999999"]),
            "--max-answer-bytes",
        ),
    ];
    for (args, needle) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        expect_rejected(&args, &[needle.to_string()]);
    }
    assert_eq!(server.request_count(), 0, "nothing was sent");
    // The same token twice is one token.
    let out = volc_rtc(
        &send(&["--client-msg-id", "same-1", "--idempotency-token", "same-1"])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(server.stored("messages")[0]["ClientMsgId"], "same-1");
}

#[test]
fn an_endless_answer_under_a_memory_limit_fails_with_the_size_limit_not_an_abort() {
    let server = Loopback::start(Answer::Endless).expect("server");
    let bin = env!("CARGO_BIN_EXE_volc-rtc");
    let out = bin_in_shell(
        "ulimit -v 1000000; exec \"$0\" \"$@\"",
        bin,
        &[
            "send-message",
            "--endpoint",
            &server.url,
            "--json",
            MESSAGE,
            "--timeout",
            "5",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(
        stderr.contains("larger than the limit of 16777216 bytes"),
        "{stderr}"
    );
    // The answer may have come from a request that was carried out: the token is there to retry.
    assert!(stderr.contains("idempotency token: "), "{stderr}");
}

fn bin_in_shell(script: &str, bin: &str, args: &[&str]) -> std::process::Output {
    let creds = volcengine_fake::test_credentials();
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(bin)
        .args(args)
        .env("VOLC_ACCESSKEY", creds.access_key())
        .env("VOLC_SECRETKEY", creds.secret_key().expose())
        .env_remove("VOLC_ENDPOINT")
        .stdin(Stdio::null())
        .output()
        .expect("sh runs")
}

#[test]
fn server_text_reaches_the_terminal_escaped_cut_and_once() {
    let forged = "\u{1b}[2J\r\nerror: forged line\n";
    let message = format!("{forged}{}", "x".repeat(5 << 20));
    let server = Loopback::start(Answer::api_error("Bad\u{1b}[31mCode", &message)).expect("server");
    let out = volc_rtc(&["send-message", "--endpoint", &server.url, "--json", MESSAGE]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        !out.stderr.contains(&0x1b),
        "an ESC byte reached stderr: {stderr:?}"
    );
    assert!(
        !stderr.lines().any(|l| l.starts_with("error: forged")),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("forged line").count(),
        1,
        "printed once: {stderr}"
    );
    assert!(
        stderr.contains("bytes in all)"),
        "the cut is stated: {stderr}"
    );
    assert!(stderr.len() < 20_000, "{} bytes on stderr", stderr.len());
}

#[test]
fn an_empty_error_and_a_refused_connection_say_what_happened() {
    let empty = br#"{"ResponseMetadata":{"RequestId":"r","Error":{}}}"#.to_vec();
    let server = Loopback::start(Answer::Fixed {
        status: 200,
        body: empty,
    })
    .expect("server");
    let out = volc_rtc(&["send-message", "--endpoint", &server.url, "--json", MESSAGE]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("no Code"), "{stderr}");

    // A port nobody listens on: nothing reached a server, so no token is offered for a retry.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let out = volc_rtc(&["send-message", "--endpoint", &url, "--json", MESSAGE]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    assert!(!stderr.contains("idempotency token"), "{stderr}");
    assert!(!stderr.contains("may have reached"), "{stderr}");
}

#[test]
fn a_full_stdout_after_a_send_keeps_the_result_and_token_on_stderr() {
    let (_rt, server) = fake();
    let url = server.url();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = bin()
        .args(["send-message", "--endpoint", &url, "--json", MESSAGE])
        .stdout(full)
        .output()
        .expect("runs");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{stderr}");
    let stored = server.stored("messages");
    assert_eq!(stored.len(), 1);
    let token = stored[0]["ClientMsgId"].as_str().expect("token");
    assert!(
        stderr.contains(&format!("idempotency token: {token}")),
        "{stderr}"
    );
    let id = stored[0]["_Result"]["MessageId"].to_string();
    assert!(
        stderr.contains(&id),
        "the MessageId {id} is on stderr: {stderr}"
    );
}

#[test]
fn configuration_errors_exit_5_without_echoing_a_password() {
    let out = volc_rtc(&[
        "send-message",
        "--endpoint",
        "http://user:hunter2@host:bad",
        "--json",
        MESSAGE,
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
    assert!(stderr.contains("***@host"), "{stderr}");

    let out = volc_rtc(&["fake-server", "--addr", "no:such:address"]);
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
}
