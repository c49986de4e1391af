//! `volc-rtc --edition byteplus` (and a profile's `edition` key, and `VOLC_EDITION`): a dry run
//! shows the BytePlus host and a credential scope for `ap-singapore-1` / `rtc`; a family the edition
//! does not serve (IM) is a configuration error, exit code 5, before anything is sent.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const RECORD: &str = r#"{"AppId":"app","RoomId":"room","TaskId":"task"}"#;
const MESSAGE: &str =
    r#"{"AppId":1,"Sender":10,"ConversationShortId":1,"MsgType":10001,"Content":"hi"}"#;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_volc-rtc"));
    cmd.env("VOLC_ACCESSKEY", "AKLTedition")
        .env("VOLC_SECRETKEY", "secret-never-shown")
        .env_remove("VOLC_SESSION_TOKEN")
        .env_remove("VOLC_PROFILE")
        .env_remove("VOLC_ENDPOINT")
        .env_remove("VOLC_REGION")
        .env_remove("VOLC_EDITION")
        .stdin(Stdio::null());
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Asserts a dry run aimed at BytePlus.
fn assert_byteplus(out: &Output) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    let first = stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "POST https://open.byteplusapi.com/?Action=StopRecord&Version=2023-11-01"
    );
    assert!(stdout.contains("host: open.byteplusapi.com"), "{stdout}");
    let auth = stdout
        .lines()
        .find(|l| l.starts_with("authorization: "))
        .expect("Authorization printed");
    let scope = auth
        .split("Credential=AKLTedition/")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .expect("scope");
    assert!(scope.ends_with("/ap-singapore-1/rtc/request"), "{auth}");
    assert!(!stdout.contains("secret-never-shown"));
}

#[test]
fn the_flag_targets_byteplus() {
    let out = bin()
        .args([
            "stop-record",
            "--edition",
            "byteplus",
            "--json",
            RECORD,
            "--dry-run",
        ])
        .output()
        .expect("runs");
    assert_byteplus(&out);
}

#[test]
fn the_variable_and_the_profile_key_target_byteplus() {
    let out = bin()
        .args(["stop-record", "--json", RECORD, "--dry-run"])
        .env("VOLC_EDITION", "byteplus")
        .output()
        .expect("runs");
    assert_byteplus(&out);

    let home: PathBuf =
        std::env::temp_dir().join(format!("volc-rtc-edition-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".volc")).expect("dir");
    std::fs::write(
        home.join(".volc").join("config"),
        r#"{"profiles": {"intl": {"ak": "AKLTedition", "sk": "secret-never-shown", "edition": "byteplus"}}}"#,
    )
    .expect("config");
    let out = bin()
        .args([
            "stop-record",
            "--profile",
            "intl",
            "--json",
            RECORD,
            "--dry-run",
        ])
        .env("HOME", &home)
        .output()
        .expect("runs");
    let _ = std::fs::remove_dir_all(&home);
    assert_byteplus(&out);
}

#[test]
fn a_family_byteplus_does_not_serve_is_refused() {
    let out = bin()
        .args([
            "send-message",
            "--edition",
            "byteplus",
            "--json",
            MESSAGE,
            "--dry-run",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(5), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(err.contains("does not serve the `im` family"), "{err}");
}

#[test]
fn an_unknown_edition_is_a_configuration_error() {
    let out = bin()
        .args([
            "stop-record",
            "--edition",
            "mars",
            "--json",
            RECORD,
            "--dry-run",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(5));
    assert!(text(&out.stderr).contains("unknown edition `mars`"));
}
