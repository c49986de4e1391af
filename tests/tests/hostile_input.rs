//! Hostile input before any I/O: JSON with repeated keys (each a violation with its path), every
//! violation of a request listed together (unknown fields, type errors, missing fields,
//! constraints), a map's wrong value reported once, numbers out of their type's range (JSON and
//! typed), and configuration files that are not regular or too large.

use serde_json::{json, Value};
use volcengine_openapi::json::from_str_checked;
use volcengine_rtc::{actions, Client, Violation};

fn entry(action: &str) -> &'static volcengine_rtc::ActionEntry {
    volcengine_openapi::registry::find(actions(), action, None).expect("action")
}

fn paths(v: &[Violation]) -> Vec<(String, String)> {
    v.iter()
        .map(|v| (v.path.clone(), v.message.clone()))
        .collect()
}

#[test]
fn repeated_keys_are_violations_with_their_paths() {
    let (value, repeats) =
        from_str_checked(r#"{"AppId":1,"AppId":2,"L":[{"K":1,"K":{"Z":1,"Z":2}}]}"#).expect("JSON");
    let found: Vec<&str> = repeats.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(found, ["AppId", "L[0].K.Z", "L[0].K"]);
    assert_eq!(value["AppId"], 1, "the first occurrence is kept");
    assert!(from_str_checked(r#"{"a":1} x"#).is_err(), "trailing text");
    let (_, none) = from_str_checked(r#"{"a":{"a":1},"b":[{"a":1},{"a":2}]}"#).expect("JSON");
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn an_unknown_field_and_type_errors_are_all_reported_in_one_run() {
    let request = json!({
        "Bogus": 1, "AppId": "one", "Sender": [1], "MsgType": 10001,
        "ConversationShortId": 1, "Content": "{}", "Priority": 9
    });
    let violations = entry("SendMessage").check(&request).expect_err("invalid");
    let found = paths(&violations);
    for path in ["Bogus", "AppId", "Sender", "Priority"] {
        assert!(found.iter().any(|(p, _)| p == path), "{path} in {found:?}");
    }
    // Missing fields, too, beside the rest.
    let violations = entry("SendMessage")
        .check(&json!({"Bogus": 1, "AppId": "x"}))
        .expect_err("invalid");
    let found = paths(&violations);
    for path in ["Bogus", "AppId", "Sender", "Content"] {
        assert!(found.iter().any(|(p, _)| p == path), "{path} in {found:?}");
    }
}

#[test]
fn a_maps_wrong_value_is_one_type_error() {
    let mut request: Value =
        serde_json::from_str(entry("SendMessage").info.example_request).expect("example");
    request["Ext"] = json!({"k": 5});
    let violations = entry("SendMessage").check(&request).expect_err("invalid");
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].path, "Ext.k");
    assert!(
        violations[0].message.contains("invalid type"),
        "{violations:?}"
    );
}

#[test]
fn numbers_out_of_their_types_range_are_violations_naming_the_type() {
    let e = entry("StartPushPublicStream");
    let mut request: Value = serde_json::from_str(e.info.example_request).expect("example");
    request["Layout"]["CustomLayout"]["Regions"][0]["HeightProportion"] = json!(-1e39);
    request["Layout"]["CustomLayout"]["Regions"][0]["StreamIndex"] = json!(99_999_999_999_i64);
    let found = paths(&e.check(&request).expect_err("invalid"));
    let at = "Layout.CustomLayout.Regions[0].";
    assert!(
        found.contains(&(
            format!("{at}HeightProportion"),
            "-1e+39 is out of range for f32".into()
        )),
        "{found:?}"
    );
    assert!(
        found.contains(&(
            format!("{at}StreamIndex"),
            "99999999999 is out of range for i32".into()
        )),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn a_typed_infinity_or_nan_is_a_violation_not_a_null_sent() {
    use shapes_golden::im::measure::{MeasureRequest, MeasureRequired};
    use volcengine_openapi::Violations;
    // Ratio is a constrained f32 (0..=1.5), Step an f64 with its own constraints.
    let bad = MeasureRequest::new(MeasureRequired {
        ratio: f32::NEG_INFINITY,
    })
    .step(f64::NAN);
    let found = paths(&Violations::of(&bad));
    assert_eq!(
        found,
        [
            (
                "Ratio".into(),
                "-inf is out of range for f32 (not a finite number)".into()
            ),
            (
                "Step".into(),
                "NaN is out of range for f64 (not a finite number)".into()
            ),
        ],
        "one violation each, from the finiteness check alone"
    );
}

#[cfg(unix)]
#[test]
fn a_configuration_file_must_be_a_small_regular_file() {
    let dir = std::env::temp_dir().join(format!("volc-hostile-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let zero = dir.join("zero");
    let _ = std::fs::remove_file(&zero);
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let fifo = dir.join("fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let big = dir.join("big");
    std::fs::write(&big, vec![b' '; 2 << 20]).expect("big");
    let mut cases = vec![(zero, "not a regular file"), (big, "over")];
    if made.is_ok_and(|s| s.success()) {
        cases.push((fifo, "not a regular file"));
    }
    for (path, needle) in cases {
        let (tx, rx) = std::sync::mpsc::channel();
        let p = path.clone();
        std::thread::spawn(move || {
            let r = Client::builder().config_file(p).profile("x").build();
            let _ = tx.send(r.map(|_| ()).map_err(|e| e.to_string()));
        });
        let r = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("{} blocked", path.display()));
        let err = r.expect_err("rejected");
        assert!(err.contains(needle), "{}: {err}", path.display());
    }
}
