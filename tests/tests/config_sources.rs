//! Where the client's credentials, region and endpoint come from: the builder, the environment
//! (`VOLC_*`), the file the official Go SDK reads (`$HOME/.volc/config`) with named profiles, and
//! their precedence; a malformed file.
//!
//! The process environment is shared by every test of a binary: this binary has one test, which
//! changes it step by step.

use std::path::Path;

use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{Client, Credentials, Error};

const VARS: &[&str] = &[
    "VOLC_ACCESSKEY",
    "VOLC_SECRETKEY",
    "VOLC_SESSION_TOKEN",
    "VOLC_REGION",
    "VOLC_ENDPOINT",
    "VOLC_PROFILE",
];

/// Every secret value below: none may show in a client's `Debug` or in an error.
const SECRETS: &[&str] = &[
    "SKfile",
    "SKstaging",
    "STSstaging",
    "SKenv",
    "STSenv",
    "SKbuilder",
    "SKother",
    "SK-secret-value",
    "987654321",
];

fn message() -> SendMessageRequest {
    SendMessageRequest::new(SendMessageRequired {
        app_id: 1,
        sender: 2,
        conversation_short_id: 3,
        msg_type: MsgType::TEXT,
        content: "hi".into(),
    })
}

/// What a built client signs with and sends to: (access key, session token, region, URL origin).
fn seen(built: Result<Client, Error>) -> (String, Option<String>, String, String) {
    let client = built.expect("client");
    let debug = format!("{client:?}");
    assert!(!SECRETS.iter().any(|s| debug.contains(s)), "{debug}");
    let prepared = client.prepare_signed(message()).expect("prepared");
    let auth = prepared.headers["authorization"].to_str().expect("ascii");
    let ak = auth
        .split("Credential=")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("credential")
        .to_string();
    let token = prepared
        .headers
        .get("x-security-token")
        .map(|v| v.to_str().expect("ascii").to_string());
    let url = reqwest::Url::parse(&prepared.url).expect("url");
    let origin = url.origin().ascii_serialization();
    (ak, token, client.region().to_string(), origin)
}

fn set(vars: &[(&str, &str)]) {
    for v in VARS {
        std::env::remove_var(v);
    }
    for (k, v) in vars {
        std::env::set_var(k, v);
    }
}

fn write(home: &Path, text: &str) {
    std::fs::create_dir_all(home.join(".volc")).expect("dir");
    std::fs::write(home.join(".volc").join("config"), text).expect("write");
}

fn config_error(built: Result<Client, Error>) -> String {
    match built {
        Err(e @ (Error::Config(_) | Error::Credentials(_))) => {
            let text = format!("{e} {e:?}");
            assert!(!SECRETS.iter().any(|s| text.contains(s)), "{text}");
            e.to_string()
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn credential_sources_precedence_and_malformed_files() {
    let home = std::env::temp_dir().join(format!("volc-config-sources-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("home");
    std::env::set_var("HOME", &home);
    set(&[]);
    let default_host = "https://rtc.volcengineapi.com".to_string();

    // Nothing anywhere: the error lists every source tried, and no value.
    let e = config_error(Client::builder().build());
    assert!(e.contains("no credentials found"), "{e}");
    assert!(e.contains("the builder (no credentials given)"), "{e}");
    assert!(
        e.contains("the environment (VOLC_ACCESSKEY not set, VOLC_SECRETKEY not set)"),
        "{e}"
    );
    assert!(e.contains(".volc/config (not found)"), "{e}");

    // The Go SDK's file, exactly as it writes it.
    write(&home, r#"{"ak": "AKfile", "sk": "SKfile"}"#);
    assert_eq!(
        seen(Client::builder().build()),
        (
            "AKfile".into(),
            None,
            "cn-north-1".into(),
            default_host.clone()
        )
    );

    // The extended file: the default profile's region and endpoint, named profiles.
    write(
        &home,
        r#"{
          "ak": "AKfile", "sk": "SKfile", "region": "ap-southeast-1",
          "comment": "unknown keys are ignored", "other": {"nested": [1, 2]},
          "profiles": {
            "staging": {"ak": "AKstaging", "sk": "SKstaging", "session_token": "STSstaging",
                        "endpoint": "http://127.0.0.1:9"},
            "partial": {"ak": "AKpartial"}
          }
        }"#,
    );
    assert_eq!(
        seen(Client::builder().build()),
        (
            "AKfile".into(),
            None,
            // `ap-southeast-1` is an alias: the client names the region by its own name.
            "ap-singapore-1".into(),
            "https://open-ap-singapore-1.volcengineapi.com".into()
        )
    );
    let staging = (
        "AKstaging".to_string(),
        Some("STSstaging".to_string()),
        "cn-north-1".to_string(),
        "http://127.0.0.1:9".to_string(),
    );
    assert_eq!(seen(Client::builder().profile("staging").build()), staging);
    set(&[("VOLC_PROFILE", "staging")]);
    assert_eq!(seen(Client::builder().build()), staging);
    // The builder's profile over VOLC_PROFILE; a profile selected must exist.
    let e = config_error(Client::builder().profile("prod").build());
    assert!(
        e.contains("no profile `prod` (profiles: partial, staging)"),
        "{e}"
    );
    set(&[("VOLC_PROFILE", "nope")]);
    let e = config_error(Client::builder().build());
    assert!(e.contains("no profile `nope`"), "{e}");
    // An incomplete profile is reported among the sources tried.
    let e = config_error(Client::builder().profile("partial").build());
    assert!(e.contains("profile `partial` (`ak` without `sk`)"), "{e}");
    set(&[]);

    // The environment over the file, setting by setting.
    set(&[
        ("VOLC_ACCESSKEY", "AKenv"),
        ("VOLC_SECRETKEY", "SKenv"),
        ("VOLC_SESSION_TOKEN", "STSenv"),
    ]);
    assert_eq!(
        seen(Client::builder().build()),
        (
            "AKenv".into(),
            Some("STSenv".into()),
            "ap-singapore-1".into(),
            "https://open-ap-singapore-1.volcengineapi.com".into()
        )
    );
    set(&[
        ("VOLC_ACCESSKEY", "AKenv"),
        ("VOLC_SECRETKEY", "SKenv"),
        ("VOLC_REGION", "cn-north-1"),
        ("VOLC_ENDPOINT", "http://127.0.0.1:7"),
        ("VOLC_PROFILE", "staging"),
    ]);
    assert_eq!(
        seen(Client::builder().build()),
        (
            "AKenv".into(),
            None,
            "cn-north-1".into(),
            "http://127.0.0.1:7".into()
        )
    );
    // Half the environment's keys count for nothing (as in the Go SDK): the file's are used.
    set(&[("VOLC_ACCESSKEY", "AKenv")]);
    assert_eq!(seen(Client::builder().build()).0, "AKfile");

    // The builder over everything.
    set(&[
        ("VOLC_ACCESSKEY", "AKenv"),
        ("VOLC_SECRETKEY", "SKenv"),
        ("VOLC_REGION", "cn-north-1"),
        ("VOLC_ENDPOINT", "http://127.0.0.1:7"),
    ]);
    assert_eq!(
        seen(
            Client::builder()
                .credentials(Credentials::new("AKbuilder", "SKbuilder"))
                .region("ap-southeast-1")
                .endpoint("http://127.0.0.1:8")
                .build()
        ),
        (
            "AKbuilder".into(),
            None,
            "ap-singapore-1".into(),
            "http://127.0.0.1:8".into()
        )
    );
    // Region from the builder, endpoint still from the environment: each setting on its own.
    assert_eq!(
        seen(Client::builder().region("ap-southeast-1").build()).3,
        "http://127.0.0.1:7"
    );

    // Another file, or none.
    set(&[]);
    let other = home.join("other-config");
    std::fs::write(&other, r#"{"ak": "AKother", "sk": "SKother"}"#).expect("write");
    assert_eq!(
        seen(Client::builder().config_file(&other).build()).0,
        "AKother"
    );
    let e = config_error(Client::builder().no_config_file().build());
    assert!(e.contains("no configuration file (turned off)"), "{e}");

    // A malformed file: the file, the line and column, what is wrong; never the value.
    let path = home.join(".volc").join("config");
    write(&home, "{\n  \"ak\": \"AKfile\",\n  \"sk\": 987654321\n}\n");
    let e = config_error(Client::builder().build());
    assert!(
        e.contains(&format!(
            "configuration file {}: expected a string, found a number at line 3 column",
            path.display()
        )),
        "{e}"
    );
    assert!(!e.contains("987654321"), "{e}");
    write(&home, "{\"ak\": \"AKfile\", \"sk\": \"SK-secret-value\",,}");
    let e = config_error(Client::builder().build());
    assert!(e.contains(&path.display().to_string()), "{e}");
    assert!(
        e.contains("key must be a string at line 1 column 42"),
        "{e}"
    );
    assert!(!e.contains("SK-secret-value"), "{e}");
    write(
        &home,
        r#"{"ak": "AK", "sk": "SK", "profiles": {"p": ["SK-secret-value"]}}"#,
    );
    let e = config_error(Client::builder().build());
    assert!(e.contains("expected an object, found an array"), "{e}");
    assert!(!e.contains("SK-secret-value"), "{e}");
    // The builder and the environment set everything: the file is not read.
    assert_eq!(
        seen(
            Client::builder()
                .credentials(Credentials::new("AKbuilder", "SKbuilder"))
                .endpoint("http://127.0.0.1:8")
                .region("cn-north-1")
                .build()
        )
        .0,
        "AKbuilder"
    );

    std::fs::remove_dir_all(&home).ok();
}
