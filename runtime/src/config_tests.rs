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
    assert_eq!(r.region.as_deref(), Some("file-region"));
    assert_eq!(r.endpoint.as_deref(), Some("http://file"));
    let vars = [
        ("VOLC_ACCESSKEY", "AKenv"),
        ("VOLC_SECRETKEY", "SKenv"),
        ("VOLC_REGION", "env-region"),
        ("VOLC_PROFILE", "p"),
    ];
    let r = resolve(&given(&file), &env(&vars)).expect("env");
    assert_eq!(r.credentials.expect("c").access_key(), "AKenv");
    assert_eq!(r.region.as_deref(), Some("env-region"));
    assert_eq!(r.endpoint, None, "profile p has no endpoint");
    let mut g = given(&file);
    g.credentials = true;
    g.region = Some("builder-region");
    g.profile = Some("p");
    let r = resolve(&g, &env(&[("VOLC_PROFILE", "nonexistent")])).expect("builder");
    assert!(r.credentials.is_none() && r.region.is_none());
    std::fs::remove_dir_all(&dir).ok();
}
