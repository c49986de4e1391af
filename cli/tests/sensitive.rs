//! Secrets marked `sensitive` in the spec never reach what `volc-rtc` shows: `--dry-run` prints the
//! request with them masked, and `--debug` logs it masked while the server receives them.

use std::process::{Command, Output, Stdio};

use serde_json::Value;
use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::actions;

const SECRET: &str = "sk-NEVER-PRINTED-42";
const TOKEN: &str = "sts-NEVER-PRINTED-43";

fn request() -> String {
    serde_json::json!({
        "AppId": "app1", "BusinessId": "b1", "RoomId": "room1", "TaskId": "task1",
        "StorageConfig": {"Type": 2, "CustomConfig": {
            "AccessKey": "ak-NEVER-PRINTED-41", "SecretKey": SECRET, "SecurityToken": TOKEN,
            "Bucket": "bucket1", "Vendor": 1
        }}
    })
    .to_string()
}

fn run(server: &FakeServer, flag: &str) -> Output {
    let creds = test_credentials();
    Command::new(env!("CARGO_BIN_EXE_volc-rtc"))
        .env("VOLC_ACCESSKEY", creds.access_key())
        .env("VOLC_SECRETKEY", creds.secret_key().expose())
        .env_remove("VOLC_SESSION_TOKEN")
        .env_remove("VOLC_PROFILE")
        .env_remove("VOLC_REGION")
        .stdin(Stdio::null())
        .args([
            "start-record",
            "--endpoint",
            &server.url(),
            "--json",
            &request(),
            flag,
        ])
        .output()
        .unwrap_or_else(|e| panic!("volc-rtc runs: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn assert_masked(shown: &str) {
    for secret in ["ak-NEVER-PRINTED-41", SECRET, TOKEN] {
        assert!(!shown.contains(secret), "{secret} shown in:\n{shown}");
    }
}

#[test]
fn dry_run_and_debug_mask_the_storage_secrets() {
    let rt = tokio::runtime::Runtime::new().unwrap_or_else(|e| panic!("{e}"));
    let server = rt
        .block_on(FakeServer::start(actions()))
        .unwrap_or_else(|e| panic!("{e}"));

    let out = run(&server, "--dry-run");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_masked(&stdout);
    assert_masked(&stderr);
    let body: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}: {stdout}"));
    // The shape is the wire's: Type beside the one object, only the secrets masked.
    assert_eq!(body["StorageConfig"]["Type"], 2, "{stdout}");
    let custom = &body["StorageConfig"]["CustomConfig"];
    assert_eq!(custom["SecretKey"], "***", "{stdout}");
    assert_eq!(custom["AccessKey"], "***", "{stdout}");
    assert_eq!(custom["SecurityToken"], "***", "{stdout}");
    assert_eq!(custom["Bucket"], "bucket1", "{stdout}");
    assert_eq!(server.request_count(), 0, "a dry run sends nothing");

    let out = run(&server, "--debug");
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("\"SecretKey\":\"***\""), "{stderr}");
    assert_masked(&stderr);
    assert_masked(&stdout);
    assert_eq!(server.request_count(), 1, "--debug sends");
}
