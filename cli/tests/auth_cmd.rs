//! `volc-rtc token ...` and `volc-rtc callback ...`, run as the built binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const APP_ID: &str = "123456781234567812345678";
const KEY: &str = "the-app-key-never-printed";
const SECRET: &str = "cb-secret-0123456789"; // the secret of most vectors/callbacks.json bodies

fn run(args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_volc-rtc"));
    cmd.args(args)
        .env_remove("VOLC_RTC_APP_KEY")
        .env_remove("VOLC_RTC_CALLBACK_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("volc-rtc runs");
    if let Some(mut input) = child.stdin.take() {
        if let Some(bytes) = stdin {
            input.write_all(bytes).expect("stdin");
        }
    }
    let out = child.wait_with_output().expect("volc-rtc ends");
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.contains(KEY), "the AppKey is never printed: {text}");
        assert!(
            !text.contains(SECRET),
            "the callback secret is never printed: {text}"
        );
    }
    out
}

fn token_cmd(args: &[&str]) -> Output {
    run(args, &[("VOLC_RTC_APP_KEY", KEY)], None)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn create(extra: &[&str]) -> String {
    let mut args = vec!["token", "create", "--app-id", APP_ID, "--user", "alice"];
    args.extend_from_slice(extra);
    let out = token_cmd(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "the token alone: {stdout:?}");
    stdout.trim_end().to_string()
}

#[test]
fn create_then_verify_round_trips() {
    let token = create(&[
        "--room",
        "room-1",
        "--expire-at",
        "4000000000",
        "--publish",
        "0",
        "--subscribe",
        "3900000000",
        "--privilege",
        "7:0",
    ]);
    assert!(token.starts_with(&format!("001{APP_ID}")));
    let out = token_cmd(&["token", "verify", &token]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let out = token_cmd(&[
        "token",
        "verify",
        &token,
        "--now",
        "3950000000",
        "--require",
        "publish",
        "--require",
        "7",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Subscribe has expired at that time, publishing has not.
    let out = token_cmd(&[
        "token",
        "verify",
        &token,
        "--now",
        "3950000000",
        "--require",
        "subscribe",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("expired"),
        "{}",
        text(&out.stderr)
    );
    // The token itself has expired.
    let out = token_cmd(&["token", "verify", &token, "--now", "4000000001"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("the token expired at 4000000000"));
    // A privilege it does not have.
    let out = token_cmd(&["token", "verify", &token, "--now", "1", "--require", "9"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("does not grant"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn create_matches_the_official_vector() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../auth/vectors/tokens.json");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("tokens.json")).expect("JSON");
    let v = &doc["vectors"][0];
    assert_eq!(v["name"], "publish_and_subscribe");
    let out = run(
        &[
            "token",
            "create",
            "--app-id",
            v["app_id"].as_str().unwrap(),
            "--room",
            v["room"].as_str().unwrap(),
            "--user",
            v["user"].as_str().unwrap(),
            "--expire-at",
            "1750003600",
            "--subscribe",
            "0",
            "--publish",
            "1750003600",
            "--nonce",
            "305419896",
            "--issued-at",
            "1750000000",
        ],
        &[("VOLC_RTC_APP_KEY", v["app_key"].as_str().unwrap())],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim_end(), v["token"].as_str().unwrap());
}

#[test]
fn room_choices_are_explicit() {
    let any = create(&["--any-room", "--subscribe", "0"]);
    let login = create(&["--messaging-login"]);
    for (token, kind, room) in [(&any, "any", "*"), (&login, "messaging_login", "")] {
        let out = run(&["token", "inspect", token], &[], None);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["room_kind"], kind);
        assert_eq!(json["room_id"], room);
    }
    for room in ["*", ""] {
        let out = token_cmd(&[
            "token", "create", "--app-id", APP_ID, "--user", "u", "--room", room,
        ]);
        assert_eq!(out.status.code(), Some(2), "{room:?}");
        assert!(
            text(&out.stderr).contains("--any-room")
                || text(&out.stderr).contains("--messaging-login")
        );
    }
    let out = token_cmd(&["token", "create", "--app-id", APP_ID, "--user", "u"]);
    assert_eq!(out.status.code(), Some(2));
    let out = token_cmd(&[
        "token",
        "create",
        "--app-id",
        APP_ID,
        "--user",
        "u",
        "--any-room",
        "--messaging-login",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn ids_are_checked_unless_allowed() {
    let out = token_cmd(&[
        "token", "create", "--app-id", APP_ID, "--user", "用户", "--room", "r",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("invalid UserId"),
        "{}",
        text(&out.stderr)
    );
    let token = create(&["--room", "会议室", "--allow-any-ids"]);
    let out = run(&["token", "inspect", &token], &[], None);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["room_id"], "会议室");
    let out = token_cmd(&[
        "token", "create", "--app-id", "short", "--user", "u", "--room", "r",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--app-id"));
}

#[test]
fn inspect_prints_the_fields_as_json() {
    let token = create(&[
        "--room",
        "r1",
        "--expire-at",
        "1800000000",
        "--subscribe",
        "0",
        "--nonce",
        "42",
        "--issued-at",
        "1700000000",
    ]);
    let out = run(&["token", "inspect", &token], &[], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["version"], "001");
    assert_eq!(json["app_id"], APP_ID);
    assert_eq!(json["nonce"], 42);
    assert_eq!(json["issued_at"], 1_700_000_000);
    assert_eq!(json["expire_at"], 1_800_000_000);
    assert_eq!(json["room_id"], "r1");
    assert_eq!(json["user_id"], "alice");
    assert_eq!(
        json["privileges"],
        serde_json::json!([{"privilege": 4, "name": "SubscribeStream", "expire_at": 0}])
    );
    assert_eq!(json["signature"].as_str().unwrap().len(), 64);

    let out = run(&["token", "inspect", "002abc"], &[], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("malformed token"));
}

#[test]
fn a_tampered_token_fails_verify() {
    let token = create(&["--room", "r1", "--subscribe", "0"]);
    // Change one character of the signed content (not the padding, not the AppId).
    let mut chars: Vec<char> = token.chars().collect();
    let i = 40;
    chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
    let tampered: String = chars.into_iter().collect();
    let out = token_cmd(&["token", "verify", &tampered]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("error:"));

    // The right token with the wrong key.
    let out = run(
        &["token", "verify", &token],
        &[("VOLC_RTC_APP_KEY", "another key")],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("signature does not match"),
        "{}",
        text(&out.stderr)
    );
    // Malformed.
    let out = token_cmd(&["token", "verify", &token[..token.len() - 4]]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("malformed token"));
}

#[test]
fn the_key_comes_only_from_the_environment() {
    let out = run(
        &[
            "token", "create", "--app-id", APP_ID, "--user", "u", "--room", "r",
        ],
        &[],
        None,
    );
    assert_eq!(out.status.code(), Some(5));
    assert!(text(&out.stderr).contains("VOLC_RTC_APP_KEY is not set"));
    let out = run(&["token", "verify", "001x"], &[], None);
    assert_eq!(out.status.code(), Some(5));
    let out = token_cmd(&["token", "create", "--app-key", KEY]);
    assert_eq!(out.status.code(), Some(2));
}

fn callbacks() -> serde_json::Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../auth/vectors/callbacks.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).expect("callbacks.json")).expect("JSON")
}

#[test]
fn callback_verify_valid_and_tampered() {
    let doc = callbacks();
    let v = &doc["callbacks"][0];
    assert_eq!(v["secret"], SECRET);
    let body = v["body"].as_str().unwrap().as_bytes();
    let env = [("VOLC_RTC_CALLBACK_SECRET", SECRET)];

    let out = run(&["callback", "verify"], &env, Some(body));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());

    let out = run(&["callback", "verify", "--print"], &env, Some(body));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["EventType"], "UserLeaveRoom");
    assert_eq!(json["EventId"], "evt-0001");
    assert_eq!(json["Event"]["UserId"], "alice");
    assert_eq!(json["Event"]["Reason"], "userLeave");
    assert!(json["EventError"].is_null());

    let tampered = String::from_utf8(body.to_vec())
        .unwrap()
        .replace("alice", "mallory");
    let out = run(
        &["callback", "verify", "--print"],
        &env,
        Some(tampered.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains("Signature does not match"),
        "{}",
        text(&out.stderr)
    );

    let out = run(
        &["callback", "verify"],
        &[("VOLC_RTC_CALLBACK_SECRET", "wrong")],
        Some(body),
    );
    assert_eq!(out.status.code(), Some(1));

    let out = run(&["callback", "verify"], &env, Some(b"{\"EventType\":1}"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("`EventType` is a number"),
        "{}",
        text(&out.stderr)
    );

    let out = run(
        &["callback", "verify", "--max-body", "10"],
        &env,
        Some(body),
    );
    assert_eq!(out.status.code(), Some(1));
    // Only the limit is stated: reading stopped past it, so the body's size is not known.
    assert!(
        text(&out.stderr).contains("larger than the limit of 10 bytes")
            && !text(&out.stderr).contains("has 11 bytes"),
        "{}",
        text(&out.stderr)
    );

    let out = run(&["callback", "verify"], &[], Some(body));
    assert_eq!(out.status.code(), Some(5));
    assert!(text(&out.stderr).contains("VOLC_RTC_CALLBACK_SECRET is not set"));
}

#[test]
fn callback_print_of_an_untyped_and_an_undecodable_event() {
    let doc = callbacks();
    let env = [("VOLC_RTC_CALLBACK_SECRET", SECRET)];
    let by_name = |name: &str| {
        doc["callbacks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == name)
            .unwrap()["body"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let out = run(
        &["callback", "verify", "--print"],
        &env,
        Some(by_name("untyped_event").as_bytes()),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["EventType"], "ExampleUntypedEvent");
    assert_eq!(json["Event"]["TaskId"], "t-1");

    let out = run(
        &["callback", "verify", "--print"],
        &env,
        Some(by_name("empty_event_data").as_bytes()),
    );
    assert!(
        out.status.success(),
        "signed, so valid: {}",
        text(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(json["Event"].is_null());
    assert!(json["EventError"].as_str().unwrap().contains("not JSON"));
}
