//! The `volc-rtc` binary itself: its command tree and help come from the registry, its exit codes
//! follow the error kinds, nothing is sent on a usage error or a dry run, and a subcommand really
//! calls the fake server.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use serde_json::{json, Value};
use volcengine_fake::{test_credentials, FakeServer, Fault};
use volcengine_rtc::actions;

const MESSAGE: &str = r#"{"AppId":1,"Sender":10,"ConversationShortId":1,"MsgType":10001,"Content":"{\"text\":\"hi\"}"}"#;

fn bin() -> Command {
    let creds = test_credentials();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_volc-rtc"));
    cmd.env("VOLC_ACCESSKEY", creds.access_key())
        .env("VOLC_SECRETKEY", creds.secret_key().expose())
        .env_remove("VOLC_SESSION_TOKEN")
        .env_remove("VOLC_PROFILE")
        .env_remove("VOLC_ENDPOINT")
        .env_remove("VOLC_REGION")
        .stdin(Stdio::null());
    cmd
}

fn volc_rtc(args: &[&str]) -> Output {
    bin().args(args).output().expect("volc-rtc runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn fake() -> (tokio::runtime::Runtime, FakeServer) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = rt.block_on(FakeServer::start(actions())).expect("server");
    (rt, server)
}

/// A fresh directory under the system's temporary directory.
fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "volc-rtc-test-{}-{name}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn no_panic(out: &Output) {
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "a panic: {err}");
}

#[test]
fn list_names_every_action_of_the_registry_with_a_description() {
    let out = volc_rtc(&["list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let listed: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let expected: Vec<&str> = actions().iter().map(|e| e.info.command).collect();
    assert_eq!(listed, expected);
    let send = stdout
        .lines()
        .find(|l| l.starts_with("send-message "))
        .expect("send-message listed");
    assert!(
        send.contains("SendMessage") && send.contains("Sends a message"),
        "{send}"
    );

    let out = volc_rtc(&["list", "--family", "rtc"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let families: Vec<&str> = text(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|c| {
            let e = actions()
                .iter()
                .find(|e| e.info.command == c)
                .expect("an action");
            e.operation.family.name
        })
        .collect();
    assert!(!families.is_empty());
    assert!(families.iter().all(|f| *f == "rtc"), "{families:?}");
    assert_eq!(
        volc_rtc(&["list", "--family", "nope"]).status.code(),
        Some(2)
    );
}

#[test]
fn help_of_every_action_shows_its_name_version_descriptions_and_fields() {
    for e in actions() {
        for args in [vec![e.info.command, "--help"], vec!["help", e.info.command]] {
            let out = volc_rtc(&args);
            let help = text(&out.stdout);
            assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
            for needle in [
                e.info.command,
                e.operation.action,
                e.operation.version,
                e.info.description_en.trim(),
                e.info.description_zh.trim(),
            ] {
                // The help wraps long lines: compare without line breaks and indentation.
                let flat = |s: &str| s.split_whitespace().collect::<String>();
                assert!(
                    flat(&help).contains(&flat(needle)),
                    "{args:?}: `{needle}` missing from\n{help}"
                );
            }
            for f in e.info.fields {
                assert!(help.contains(f.name), "{args:?}: field {} missing", f.name);
                assert!(help.contains(f.ty), "{args:?}: type {} missing", f.ty);
                if !f.example.is_empty() {
                    assert!(help.contains(f.example), "{args:?}: example of {}", f.name);
                }
            }
            if !e.info.limits.is_empty() {
                assert!(help.contains("Limits:"), "{args:?}: limits missing");
            }
            assert!(help.contains("required"), "{args:?}");
            assert!(help.contains("Exit status"), "{args:?}");
        }
    }
    // The general help names the exit statuses too.
    let out = volc_rtc(&["--help"]);
    assert!(out.status.success());
    for code in [
        "0  success",
        "2  usage",
        "3  the API",
        "4  transport",
        "5  configuration",
    ] {
        assert!(text(&out.stdout).contains(code), "{code}");
    }
}

#[test]
fn the_skeleton_of_every_action_is_a_request_to_fill_in() {
    for e in actions() {
        let out = volc_rtc(&[e.info.command, "--skeleton"]);
        assert!(
            out.status.success(),
            "{}: {}",
            e.info.command,
            text(&out.stderr)
        );
        let skeleton: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let keys: Vec<&String> = skeleton.as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), e.info.fields.len(), "{}", e.info.command);
        for f in e.info.fields {
            assert!(
                skeleton.get(f.name).is_some(),
                "{}: {}",
                e.info.command,
                f.name
            );
        }
        // Required fields come first.
        let stdout = text(&out.stdout);
        let position = |name: &str| stdout.find(&format!("\"{name}\":")).expect("key");
        if let (Some(last_required), Some(first_optional)) = (
            e.info
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| position(f.name))
                .max(),
            e.info
                .fields
                .iter()
                .filter(|f| !f.required)
                .map(|f| position(f.name))
                .min(),
        ) {
            assert!(last_required < first_optional, "{}", e.info.command);
        }
        // As filled in from the spec's examples, it is a valid request.
        assert!(
            (e.check_request)(&skeleton).is_ok(),
            "{}: {:?}",
            e.info.command,
            (e.check_request)(&skeleton)
        );
    }
    let out = volc_rtc(&["send-message", "--skeleton", "--output", "yaml"]);
    assert!(out.status.success());
    let yaml: serde_yaml::Value = serde_yaml::from_slice(&out.stdout).expect("YAML");
    assert!(yaml.get("AppId").is_some());
    assert!(text(&out.stdout).contains("# i32 required"));
}

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
fn a_closed_pipe_ends_the_program_quietly() {
    for args in [
        vec!["list"],
        vec!["completions", "zsh"],
        vec!["send-message", "--help"],
    ] {
        let mut child: Child = bin()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        reader.read_line(&mut line).expect("one line");
        assert!(!line.is_empty());
        drop(reader);
        let out = child.wait_with_output().expect("exits");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
    }
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

#[test]
fn the_fake_server_subcommand_listens_where_asked_with_faults() {
    let dir = temp_dir("faults");
    let faults = dir.join("faults.json");
    std::fs::write(
        &faults,
        r#"[{"status":403,"code":"AccessDenied"},{"delay_ms":10}]"#,
    )
    .expect("written");
    let mut child = bin()
        .args(["fake-server", "--addr", "localhost:0", "--faults"])
        .arg(&faults)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut lines = Vec::new();
    for _ in 0..4 {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a line");
        lines.push(line.trim().to_string());
    }
    let url = lines[0].rsplit(' ').next().expect("URL").to_string();
    assert!(
        url.starts_with("http://") && !url.ends_with(":0"),
        "{lines:?}"
    );
    let c = test_credentials();
    assert!(
        lines.contains(&format!("export VOLC_ACCESSKEY={}", c.access_key())),
        "{lines:?}"
    );
    assert!(lines.contains(&format!(
        "export VOLC_SECRETKEY={}",
        c.secret_key().expose()
    )));

    let first = volc_rtc(&["send-message", "--endpoint", &url, "--json", MESSAGE]);
    let second = volc_rtc(&["send-message", "--endpoint", &url, "--json", MESSAGE]);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(first.status.code(), Some(3), "{}", text(&first.stderr));
    assert!(text(&first.stderr).contains("code: AccessDenied"));
    assert!(second.status.success(), "{}", text(&second.stderr));

    std::fs::write(&faults, r#"[{"bogus":1}]"#).expect("written");
    let out = bin()
        .args(["fake-server", "--addr", "127.0.0.1:0", "--faults"])
        .arg(&faults)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown key `bogus`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn completions_and_version() {
    let out = volc_rtc(&["completions", "bash"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    assert!(script.contains("complete -F"), "a bash completion script");
    assert!(script.contains("send-message") && script.contains("--app-id"));
    for shell in ["zsh", "fish"] {
        let out = volc_rtc(&["completions", shell]);
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }

    let out = volc_rtc(&["--version"]);
    assert!(out.status.success());
    let version = text(&out.stdout);
    assert!(
        version.starts_with(&format!("volc-rtc {} (", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    assert!(
        version.contains(&format!("{} actions", actions().len())),
        "{version}"
    );
    let out = volc_rtc(&["-V"]);
    assert_eq!(
        text(&out.stdout).trim(),
        format!("volc-rtc {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn demo_still_sends_to_its_own_fake_server() {
    let out = volc_rtc(&["demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("<- Result: "));
}
