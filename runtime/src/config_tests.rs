//! Unit tests of [`crate::config`]: parsing the file and resolving the sources.
use super::*;
use std::collections::HashMap;

fn parse(text: &str) -> Result<ConfigFile, Error> {
    ConfigFile::parse(Path::new("/home/u/.volc/config"), text)
}

#[test]
fn the_go_sdk_file_and_profiles_parse() {
    let f = parse(
        r#"{"ak": "AK1", "sk": "SK1", "other": [1, {"x": 2}],
            "profiles": {"s": {"ak": "AK2", "sk": "SK2", "session_token": "T",
                         "region": "ap-singapore-1", "endpoint": "http://h", "k": 5}}}"#,
    )
    .expect("parses");
    assert_eq!(
        f.default.credentials().expect("creds"),
        Credentials::new("AK1", "SK1")
    );
    let s = f.profile(Some("s")).expect("s");
    assert_eq!(
        s.credentials().expect("creds"),
        Credentials::new("AK2", "SK2").with_session_token("T")
    );
    assert_eq!(s.region.as_deref(), Some("ap-singapore-1"));
    assert_eq!(f.profile(Some("default")).expect("default"), &f.default);
    let e = f.profile(Some("t")).expect_err("no t").to_string();
    assert!(e.contains("no profile `t` (profiles: s)"), "{e}");
    assert!(!format!("{f:?}").contains("SK"), "{f:?}");
}

#[test]
fn wrong_types_and_bad_json_name_the_place_not_the_value() {
    let e = parse("{\n  \"ak\": \"AK\",\n  \"sk\": 123456789\n}")
        .expect_err("number")
        .to_string();
    assert!(
        e.starts_with("configuration error: configuration file /home/u/.volc/config: expected a string, found a number at line 3 column"),
        "{e}"
    );
    assert!(!e.contains("123456789"), "{e}");
    let e = parse(r#"{"profiles": {"p": "secret-text"}}"#)
        .expect_err("string profile")
        .to_string();
    assert!(
        e.contains("expected an object, found a string at line 1"),
        "{e}"
    );
    assert!(!e.contains("secret-text"), "{e}");
    let e = parse(r#"{"profiles": "x"}"#)
        .expect_err("profiles")
        .to_string();
    assert!(
        e.contains("expected an object of profiles, found a string"),
        "{e}"
    );
    let e = parse("{\"ak\": \"AK\",}")
        .expect_err("trailing comma")
        .to_string();
    assert!(e.contains("line 1 column"), "{e}");
    let e = parse("[]").expect_err("array").to_string();
    assert!(e.contains("expected an object, found an array"), "{e}");
}

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

fn given<'a>(file: &'a FileChoice) -> Given<'a> {
    Given {
        credentials: false,
        region: None,
        endpoint: None,
        edition: None,
        profile: None,
        file,
    }
}

#[test]
fn nothing_found_lists_the_sources_tried() {
    let off = FileChoice::Off;
    let e = resolve(&given(&off), &env(&[("VOLC_ACCESSKEY", "AKonly")]))
        .expect_err("none")
        .to_string();
    assert!(e.contains("the builder (no credentials given)"), "{e}");
    assert!(
        e.contains("the environment (VOLC_ACCESSKEY set, VOLC_SECRETKEY not set)"),
        "{e}"
    );
    assert!(e.contains("no configuration file (turned off)"), "{e}");
    assert!(!e.contains("AKonly"), "{e}");
    let missing = FileChoice::Path("/nonexistent/volc/config".into());
    let e = resolve(&given(&missing), &env(&[]))
        .expect_err("none")
        .to_string();
    assert!(
        e.contains("the file /nonexistent/volc/config (not found)"),
        "{e}"
    );
    let mut g = given(&missing);
    g.profile = Some("p");
    let e = resolve(&g, &env(&[])).expect_err("profile").to_string();
    assert!(e.contains("profile `p` is selected"), "{e}");
}

#[test]
fn the_environment_beats_the_file_and_the_builder_beats_both() {
    let dir = std::env::temp_dir().join(format!("volc-config-unit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("config");
    std::fs::write(
        &path,
        r#"{"ak": "AKfile", "sk": "SKfile", "region": "file-region", "endpoint": "http://file",
            "profiles": {"p": {"ak": "AKp", "sk": "SKp", "region": "p-region"}}}"#,
    )
    .expect("write");
    let file = FileChoice::Path(path);
    let r = resolve(&given(&file), &env(&[])).expect("file");
    assert_eq!(r.credentials.expect("c").access_key(), "AKfile");
    assert_eq!(
        r.region.as_ref().map(|(v, _)| v.as_str()),
        Some("file-region")
    );
    assert_eq!(
        r.endpoint.as_ref().map(|(v, _)| v.as_str()),
        Some("http://file")
    );
    let vars = [
        ("VOLC_ACCESSKEY", "AKenv"),
        ("VOLC_SECRETKEY", "SKenv"),
        ("VOLC_REGION", "env-region"),
        ("VOLC_PROFILE", "p"),
    ];
    let r = resolve(&given(&file), &env(&vars)).expect("env");
    assert_eq!(r.credentials.expect("c").access_key(), "AKenv");
    assert_eq!(
        r.region.as_ref().map(|(v, _)| v.as_str()),
        Some("env-region")
    );
    assert!(r.endpoint.is_none(), "profile p has no endpoint");
    let mut g = given(&file);
    g.credentials = true;
    g.region = Some("builder-region");
    g.profile = Some("p");
    let r = resolve(&g, &env(&[("VOLC_PROFILE", "nonexistent")])).expect("builder");
    assert!(r.credentials.is_none() && r.region.is_none());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn errors_are_typed_and_keep_their_sources() {
    use crate::error::{ConfigErrorKind, CredentialsErrorKind};
    use std::error::Error as _;
    // A parse error: file, line and column as fields, serde_json's error as the source.
    let e = parse("{\n  \"sk\": 123456789\n}").expect_err("number");
    match &e {
        Error::Config(c) => match &c.kind {
            ConfigErrorKind::File {
                path,
                line,
                column,
                reason,
            } => {
                assert_eq!(path, Path::new("/home/u/.volc/config"));
                assert_eq!((*line, column.is_some()), (Some(2), true));
                assert_eq!(reason, "expected a string, found a number");
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let source = e.source().expect("the parser's error");
    assert!(source.is::<serde_json::Error>(), "{source:?}");
    assert!(!source.to_string().contains("123456789"), "{source}");

    // An unknown profile names who selected it.
    let dir = std::env::temp_dir().join(format!("volc-config-typed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("config");
    std::fs::write(
        &path,
        r#"{"profiles": {"a": {"region": "r", "sk": "SKsecret"}}}"#,
    )
    .expect("write");
    let file = FileChoice::Path(path.clone());
    let e = resolve(&given(&file), &env(&[("VOLC_PROFILE", "b")])).expect_err("no b");
    match e.as_config().map(|c| &c.kind) {
        Some(ConfigErrorKind::UnknownProfile {
            name,
            selected_by,
            known,
            ..
        }) => {
            assert_eq!(name, "b");
            assert_eq!(selected_by, &SettingSource::Environment);
            assert_eq!(known, &["a".to_string()]);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string().ends_with("selected by the environment"),
        "{e}"
    );

    // No credentials: each source tried, typed, and never a secret.
    let mut g = given(&file);
    g.profile = Some("a");
    let e = resolve(&g, &env(&[])).expect_err("a has no ak");
    match e.as_credentials().map(|c| &c.kind) {
        Some(CredentialsErrorKind::NotFound { tried }) => {
            let sources: Vec<&SettingSource> = tried.iter().map(|t| &t.source).collect();
            assert_eq!(
                sources,
                [
                    &SettingSource::Builder,
                    &SettingSource::Environment,
                    &SettingSource::File {
                        path: Some(path.clone()),
                        profile: Some("a".into())
                    }
                ]
            );
            assert_eq!(tried[2].why, "`sk` without `ak`");
        }
        other => panic!("{other:?}"),
    }
    assert!(e.source().is_none(), "nothing underneath: {e:?}");
    assert!(!e.to_string().contains("SKsecret") && !format!("{e:?}").contains("SKsecret"));
    assert!(
        e.to_string()
            .starts_with("credentials error: no credentials found; tried the builder"),
        "{e}"
    );

    // A file that is not a regular file keeps no source; one that cannot be read keeps the I/O
    // error.
    let e = ConfigFile::load(&dir).expect_err("a directory");
    assert!(e.to_string().contains("not a regular file"), "{e}");
    std::fs::write(&path, [0xff, 0xfe]).expect("write");
    let e = ConfigFile::load(&path).expect_err("not UTF-8");
    assert!(
        e.source().is_some_and(|s| s.is::<std::str::Utf8Error>()),
        "{e:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
