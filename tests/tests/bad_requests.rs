//! Bad requests are rejected before any network I/O, listing every violation with its path.
//!
//! The client's endpoint is a plain TCP listener that counts connections and bytes: each test
//! asserts the exact violations and that not one byte reached it. One test per constraint kind, plus
//! a sweep over every constrained request field of every action in `api-spec/`, driven by the spec.

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use volcengine_fake::test_credentials;
use volcengine_rtc::registry::find;
use volcengine_rtc::{Client, Error, RateLimit, RetryPolicy};

/// A listener that records what reaches it.
struct Sink {
    url: String,
    connections: Arc<AtomicUsize>,
    bytes: Arc<AtomicUsize>,
}

impl Sink {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let connections = Arc::new(AtomicUsize::new(0));
        let bytes = Arc::new(AtomicUsize::new(0));
        let (c, b) = (connections.clone(), bytes.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                c.fetch_add(1, Ordering::SeqCst);
                let mut buf = [0u8; 4096];
                while let Ok(n) = stream.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    b.fetch_add(n, Ordering::SeqCst);
                }
            }
        });
        Sink {
            url,
            connections,
            bytes,
        }
    }

    fn client(&self) -> Client {
        Client::builder()
            .credentials(test_credentials())
            .endpoint(&self.url)
            .rate_limit(RateLimit::Off)
            .retry(RetryPolicy::none())
            .build()
            .expect("client")
    }

    fn assert_untouched(&self, what: &str) {
        assert_eq!(
            (
                self.connections.load(Ordering::SeqCst),
                self.bytes.load(Ordering::SeqCst)
            ),
            (0, 0),
            "{what}: something reached the network"
        );
    }
}

/// The spec's example request of `action`, with `edit` applied.
fn example(action: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let entry = find(action, None).unwrap_or_else(|| panic!("no action {action}"));
    let mut v: Value = serde_json::from_str(entry.info.example_request).expect("example");
    edit(&mut v);
    v
}

/// Calls `action` with `request` against a sink; answers the violations as `path: message` lines,
/// after checking that nothing was sent.
async fn violations(action: &str, request: Value) -> Vec<String> {
    let sink = Sink::start();
    let client = sink.client();
    let entry = find(action, None).expect("action");
    let outcome = (entry.call_json)(
        client.runtime(),
        request,
        &volcengine_rtc::CallOptions::default(),
    )
    .await;
    sink.assert_untouched(action);
    match outcome {
        Err(Error::Validation(v)) => {
            assert_eq!(v.action, action);
            v.violations.iter().map(|x| x.to_string()).collect()
        }
        Err(other) => panic!("{action}: expected a validation error, got {other}"),
        Ok(v) => panic!("{action}: an invalid request was answered: {v}"),
    }
}

#[tokio::test]
async fn below_a_minimum() {
    let got = violations(
        "GetConversationSetting",
        example("GetConversationSetting", |v| {
            v["ParticipantUserId"] = json!(0)
        }),
    )
    .await;
    assert_eq!(got, ["ParticipantUserId: 0 is outside 1.."]);
}

#[tokio::test]
async fn above_a_maximum_and_below_a_minimum_of_a_range() {
    let got = violations(
        "UserBroadcast",
        example("UserBroadcast", |v| v["MsgTTL"] = json!(604_801)),
    )
    .await;
    assert_eq!(got, ["MsgTTL: 604801 is outside 1..=604800"]);
    let got = violations(
        "UserBroadcast",
        example("UserBroadcast", |v| v["MsgTTL"] = json!(0)),
    )
    .await;
    assert_eq!(got, ["MsgTTL: 0 is outside 1..=604800"]);
}

#[tokio::test]
async fn too_many_items_in_a_list() {
    let got = violations(
        "UnRegisterUsers",
        example("UnRegisterUsers", |v| {
            v["UserIds"] = json!((1..=11).collect::<Vec<i64>>())
        }),
    )
    .await;
    assert_eq!(got, ["UserIds: length 11 is outside ..=10"]);
}

#[tokio::test]
async fn a_value_outside_a_one_of_set_inside_a_nested_object() {
    // SendMessage's RefMsgInfo accepts only ReferencedMessageId and Hint, so a referenced type is
    // reported twice: not in the documented set, and not accepted by this action.
    let got = violations(
        "SendMessage",
        example("SendMessage", |v| {
            v["RefMsgInfo"] = json!({"ReferencedMessageType": 42})
        }),
    )
    .await;
    assert_eq!(
        got,
        [
            "RefMsgInfo.ReferencedMessageType: 42 is not one of [10001, 10003, 10004, 10005, 10006, 10012]",
            "RefMsgInfo.ReferencedMessageType: not accepted by SendMessage (2020-12-01): it takes only ReferencedMessageId, Hint",
        ]
    );
}

#[tokio::test]
async fn a_field_the_action_does_not_accept() {
    let got = violations(
        "SendMessage",
        example("SendMessage", |v| {
            v["RefMsgInfo"] = json!({"ReferencedMessageId": 1, "Hint": "h", "Status": 1})
        }),
    )
    .await;
    assert_eq!(
        got,
        ["RefMsgInfo.Status: not accepted by SendMessage (2020-12-01): it takes only ReferencedMessageId, Hint"]
    );
}

#[tokio::test]
async fn an_undocumented_value_of_a_closed_enum() {
    let got = violations(
        "SendMessage",
        example("SendMessage", |v| v["Priority"] = json!(9)),
    )
    .await;
    assert_eq!(
        got,
        ["Priority: 9 is not one of the documented values: LOW (0), NORMAL (1), HIGH (2)"]
    );
}

#[tokio::test]
async fn a_missing_required_field() {
    let got = violations(
        "SendMessage",
        example("SendMessage", |v| {
            v.as_object_mut().expect("object").remove("Content");
        }),
    )
    .await;
    assert_eq!(got, ["Content: missing required field"]);
}

#[tokio::test]
async fn a_value_of_the_wrong_type() {
    let got = violations(
        "SendMessage",
        example("SendMessage", |v| v["AppId"] = json!("not a number")),
    )
    .await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("invalid type: string \"not a number\", expected i32"),
        "{got:?}"
    );
}

#[tokio::test]
async fn every_violation_of_one_request_is_listed() {
    let got = violations(
        "SendMessage",
        example("SendMessage", |v| {
            v["Priority"] = json!(9);
            v["RefMsgInfo"] = json!({"Status": 1});
        }),
    )
    .await;
    assert_eq!(
        got,
        [
            "RefMsgInfo.Status: not accepted by SendMessage (2020-12-01): it takes only ReferencedMessageId, Hint",
            "Priority: 9 is not one of the documented values: LOW (0), NORMAL (1), HIGH (2)",
        ]
    );
}

/// A value that breaks `c` for a field of type `ty`, with the message it must produce.
fn breaking_values(ty: &str, c: &codegen::spec::Constraints) -> Vec<(Value, String)> {
    let mut out = Vec::new();
    let bounds = |lo: Option<i64>, hi: Option<i64>| match (lo, hi) {
        (Some(lo), Some(hi)) => format!("{lo}..={hi}"),
        (Some(lo), None) => format!("{lo}.."),
        (None, Some(hi)) => format!("..={hi}"),
        (None, None) => "..".into(),
    };
    // The real spec's numeric bounds are on integer fields.
    let (min, max) = (
        c.min.as_ref().and_then(|n| n.as_i64()),
        c.max.as_ref().and_then(|n| n.as_i64()),
    );
    if let Some(lo) = min {
        out.push((
            json!(lo - 1),
            format!("{} is outside {}", lo - 1, bounds(min, max)),
        ));
    }
    if let Some(hi) = max {
        out.push((
            json!(hi + 1),
            format!("{} is outside {}", hi + 1, bounds(min, max)),
        ));
    }
    let (lo, hi) = (c.min_len.map(i64::from), c.max_len.map(i64::from));
    let sized = |n: usize| -> Value {
        if ty == "string" {
            json!("x".repeat(n))
        } else {
            json!(vec![1; n])
        }
    };
    if let Some(min) = c.min_len.filter(|m| *m > 0) {
        let n = min as usize - 1;
        out.push((
            sized(n),
            format!("length {n} is outside {}", bounds(lo, hi)),
        ));
    }
    if let Some(max) = c.max_len {
        let n = max as usize + 1;
        out.push((
            sized(n),
            format!("length {n} is outside {}", bounds(lo, hi)),
        ));
    }
    out
}

#[tokio::test]
async fn every_constrained_request_field_in_the_spec_is_checked_before_io() {
    let spec = codegen::load_spec(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec"))
        .expect("spec loads");
    let mut checked = 0;
    for family in &spec.families {
        for action in &family.actions {
            for field in &action.spec.request {
                // Lists of objects get a list of integers, which fails decoding instead: only
                // lists of scalars and scalars are swept here (nested objects have their own tests).
                let scalar_items = !field.ty.starts_with("list<")
                    || matches!(field.ty.as_str(), "list<i32>" | "list<i64>");
                if !scalar_items {
                    continue;
                }
                for (bad, message) in breaking_values(&field.ty, &field.constraints) {
                    let name = &action.spec.action;
                    let request = example(name, |v| v[&field.name] = bad.clone());
                    let got = violations(name, request).await;
                    assert_eq!(
                        got,
                        [format!("{}: {message}", field.name)],
                        "{name}.{} = {bad}",
                        field.name
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(
        checked >= 15,
        "the sweep covers the spec's constraints: {checked}"
    );
}

/// JSON requests lose nothing: every structural error names its path, all of them are listed (not
/// only the first), a missing required field is named where it is missing, and an unknown field is
/// rejected with the closest known name.
#[test]
fn json_requests_list_every_error_with_its_path_and_suggest_unknown_fields() {
    let entry = find("SendMessage", None).expect("SendMessage");
    let request = json!({
        "AppId": "not a number",
        "Sender": 10,
        "MsgType": 10001,
        "Content": "c",
        "Priorty": 2,
        "RefMsgInfo": {"ReferencedMessageId": "x", "Hint": "h"}
    });
    let violations = entry.check(&request).expect_err("invalid");
    let got: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
    let has = |path: &str, text: &str| {
        got.iter()
            .any(|g| g.starts_with(&format!("{path}: ")) && g.contains(text))
    };
    assert!(has("AppId", "invalid type: string"), "{got:?}");
    assert!(
        has("RefMsgInfo.ReferencedMessageId", "invalid type"),
        "{got:?}"
    );
    assert!(
        has("ConversationShortId", "missing required field"),
        "{got:?}"
    );
    assert!(has("Priorty", "did you mean `Priority`"), "{got:?}");
    assert_eq!(got.len(), 4, "{got:?}");
}

#[tokio::test]
async fn a_field_required_or_allowed_only_for_some_values_of_another() {
    // `Message` and `InterruptMode` are required for ExternalTextToSpeech (`required_when`);
    // `ImageConfig` is allowed only with ExternalTextToLLM (`only_when`).
    let got = violations(
        "UpdateVoiceChat",
        example("UpdateVoiceChat", |v| {
            v["Command"] = json!("ExternalTextToSpeech");
            let o = v.as_object_mut().expect("an object");
            o.remove("Message");
            o.remove("InterruptMode");
        }),
    )
    .await;
    assert_eq!(
        got,
        [
            "Message: required when Command is \"function\", \"ExternalTextToSpeech\", \"ExternalPromptsForLLM\", \"ExternalTextToLLM\"",
            "InterruptMode: required when Command is \"ExternalTextToSpeech\", \"ExternalTextToLLM\"",
            "ImageConfig: allowed only when Command is \"ExternalTextToLLM\"",
        ]
    );
    // The example itself (ExternalTextToLLM with all three) and a bare interrupt are fine.
    let valid = |request: Value| {
        let typed: volcengine_rtc::rtc::UpdateVoiceChatRequest =
            serde_json::from_value(request).expect("a request");
        volcengine_openapi::validate::Violations::of(&typed)
    };
    assert_eq!(valid(example("UpdateVoiceChat", |_| {})), []);
    let interrupt = example("UpdateVoiceChat", |v| {
        v["Command"] = json!("interrupt");
        let o = v.as_object_mut().expect("an object");
        for k in ["Message", "InterruptMode", "ImageConfig"] {
            o.remove(k);
        }
    });
    assert_eq!(valid(interrupt), []);
}

#[tokio::test]
async fn a_field_forbidden_for_some_values_of_another() {
    // ExcludeStreams must be empty when TranscodeMode is 1 (remux): `forbidden_when`.
    let excluded = json!([{"RoomId": "Room1", "UserId": "User2", "Index": 1}]);
    let got = violations(
        "StartPushPublicStream",
        example("StartPushPublicStream", |v| {
            v["TranscodeMode"] = json!(1);
            v["ExcludeStreams"] = excluded.clone();
        }),
    )
    .await;
    assert_eq!(got, ["ExcludeStreams: not allowed when TranscodeMode is 1"]);
    // Absent (the default, transcode) or 0, it is allowed.
    for mode in [None, Some(0)] {
        let request = example("StartPushPublicStream", |v| {
            v["ExcludeStreams"] = excluded.clone();
            match mode {
                Some(m) => v["TranscodeMode"] = json!(m),
                None => {
                    v.as_object_mut()
                        .expect("an object")
                        .remove("TranscodeMode");
                }
            }
        });
        let typed: volcengine_rtc::rtc::StartPushPublicStreamRequest =
            serde_json::from_value(request).expect("a request");
        assert_eq!(
            volcengine_openapi::validate::Violations::of(&typed),
            [],
            "{mode:?}"
        );
    }
}

#[tokio::test]
async fn one_of_two_optional_fields_is_required() {
    // TaskId and UserId are both optional, but one must be given: `required_when` UserId is null.
    let without = |fields: &[&str]| {
        example("GetPushMixedStreamToCDNTask", |v| {
            let o = v.as_object_mut().expect("an object");
            for f in fields {
                o.remove(*f);
            }
        })
    };
    let got = violations(
        "GetPushMixedStreamToCDNTask",
        without(&["TaskId", "UserId"]),
    )
    .await;
    assert_eq!(got, ["TaskId: required when UserId is absent"]);
    for fields in [&["TaskId"][..], &["UserId"][..]] {
        let mut request = without(fields);
        if fields == ["TaskId"] {
            request["UserId"] = json!("User1");
        } else {
            request["TaskId"] = json!("Task1");
        }
        let typed: volcengine_rtc::rtc::GetPushMixedStreamToCdnTaskRequest =
            serde_json::from_value(request).expect("a request");
        assert_eq!(
            volcengine_openapi::validate::Violations::of(&typed),
            [],
            "{fields:?}"
        );
    }
}
