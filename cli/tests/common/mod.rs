//! Helpers shared by the command line's tests: the binary with the fake server's credentials, a
//! fake server, temporary directories.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::actions;

/// A SendMessage request that validates.
pub const MESSAGE: &str = r#"{"AppId":1,"Sender":10,"ConversationShortId":1,"MsgType":10001,"Content":"{\"text\":\"hi\"}"}"#;

pub fn bin() -> Command {
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

pub fn volc_rtc(args: &[&str]) -> Output {
    bin().args(args).output().expect("volc-rtc runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn fake() -> (tokio::runtime::Runtime, FakeServer) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let server = rt.block_on(FakeServer::start(actions())).expect("server");
    (rt, server)
}

/// A fresh directory under the system's temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "volc-rtc-test-{}-{name}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub fn no_panic(out: &Output) {
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "a panic: {err}");
}
