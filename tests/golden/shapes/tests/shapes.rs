//! Tests of the shapes fixture's generated crate: each shape the spec format supports behaves. (The
//! calls through the registry and the fake server are in `tests/tests/second_service.rs`.)

use shapes_golden::im::deep::{DeepRequest, DeepRequired};
use shapes_golden::im::get_thing::{GetThingRequest, GetThingRequired, GetThingResult};
use shapes_golden::im::types::{Color, Leaf, LeafRequired, Level};
use shapes_golden::im::{deep, deep_v20231101, post_query};
use volcengine_openapi::client::prepare;
use volcengine_openapi::{Action, Method, Placement, Violations};

#[test]
fn get_with_query_parameters_keeps_wire_names() {
    let req = GetThingRequest::new(GetThingRequired {
        app_id: "app1".into(),
    })
    .page(2)
    .color(Color::DARK_BLUE);
    let op = <GetThingRequest as Action>::OPERATION;
    assert_eq!((op.method, op.placement), (Method::Get, Placement::Query));
    let (query, body) = prepare(op, &req).expect("prepares");
    assert!(body.is_empty());
    let mut pairs = query.clone();
    pairs.sort();
    assert_eq!(
        pairs,
        vec![
            ("AppID".into(), "app1".into()),
            ("Color".into(), "dark-blue".into()),
            ("page".into(), "2".into())
        ]
    );
}

#[test]
fn post_with_query_and_no_body_and_an_empty_result() {
    let req = post_query::PostQueryRequest::new(post_query::PostQueryRequired {
        room_id: "r1".into(),
    });
    let op = <post_query::PostQueryRequest as Action>::OPERATION;
    assert_eq!((op.method, op.placement), (Method::Post, Placement::Query));
    let (query, body) = prepare(op, &req).expect("prepares");
    assert!(body.is_empty());
    assert_eq!(query, vec![("RoomId".to_string(), "r1".to_string())]);
    let empty: post_query::PostQueryResult = serde_json::from_str("{}").expect("empty result");
    assert_eq!(empty, post_query::PostQueryResult::default());
}

#[test]
fn nested_objects_lists_maps_and_enums_validate_with_paths() {
    let bad_leaf = Leaf::new(LeafRequired { value: 500 });
    let req = DeepRequest::new(DeepRequired {
        outer: deep::Outer::new(deep::OuterRequired {
            middle: deep::Middle::default().leaf(bad_leaf.clone()),
        }),
    })
    .items(vec![
        Leaf::new(LeafRequired { value: 1 }),
        bad_leaf.clone(),
        bad_leaf.clone(),
        bad_leaf,
    ])
    .mode(deep::Mode(7));
    let v = Violations::of(&req);
    let paths: Vec<&str> = v.iter().map(|x| x.path.as_str()).collect();
    assert_eq!(
        paths,
        vec![
            "Outer.Middle.Leaf.Value",
            "Items[1].Value",
            "Items[2].Value",
            "Items[3].Value",
            "Items",
            "Mode"
        ],
        "{v:?}"
    );
    assert!(v[0].message.contains("outside 0..=100"), "{}", v[0].message);
    assert!(v[4].message.contains("length 4"), "{}", v[4].message);
}

#[test]
fn unknown_enum_values_decode_in_responses() {
    let r: GetThingResult =
        serde_json::from_str(r#"{"Names":["a"],"Color":"purple","Extra":1}"#).expect("decodes");
    assert!(!r.color.as_ref().expect("color").is_known());
    let d: deep::DeepResult = serde_json::from_str(r#"{"Level":99}"#).expect("decodes");
    assert_eq!(d.level, Some(Level(99)));
    assert_eq!(Level::ONE.name(), Some("One"));
}

#[test]
fn two_versions_live_side_by_side() {
    let a = <deep::DeepRequest as Action>::OPERATION;
    let b = <deep_v20231101::DeepV20231101Request as Action>::OPERATION;
    assert_eq!(a.action, b.action);
    assert_eq!((a.version, b.version), ("2020-12-01", "2023-11-01"));
}

#[test]
fn idempotency_key_slot_is_generated() {
    let mut req = DeepRequest::new(DeepRequired {
        outer: deep::Outer::new(deep::OuterRequired {
            middle: deep::Middle::default(),
        }),
    });
    *req.idempotency_token().expect("slot") = Some("t".into());
    assert_eq!(req.token.as_deref(), Some("t"));
}

#[test]
fn generated_deserialize_reads_objects_only_and_names_missing_fields() {
    let leaf: Leaf =
        serde_json::from_str(r#"{"Value": 1, "Extra": [1, {"a": 2}], "Value": 2, "Tags": null}"#)
            .expect("decodes");
    assert_eq!(leaf.value, 2, "a repeated key keeps its last value");
    assert_eq!(leaf.tags, None, "null is an absent optional field");
    let escaped: Leaf = serde_json::from_str(r#"{"Val\u0075e": 3}"#).expect("escaped key");
    assert_eq!(escaped.value, 3);
    let missing = serde_json::from_str::<Leaf>(r#"{"Tags": {"a": 1}}"#).expect_err("missing");
    assert!(
        missing.to_string().contains("missing field `Value`"),
        "{missing}"
    );
    let array = serde_json::from_str::<Leaf>("[1]").expect_err("not an object");
    assert!(array.to_string().contains("a `Leaf` object"), "{array}");
    let wrong = serde_json::from_str::<Leaf>(r#"{"Value": "x"}"#).expect_err("wrong type");
    assert!(wrong.to_string().contains("expected i64"), "{wrong}");
    let empty: post_query::PostQueryResult =
        serde_json::from_str(r#"{"Anything": [1, 2]}"#).expect("an empty result skips keys");
    assert_eq!(empty, post_query::PostQueryResult::default());
}

/// The constraint kinds the real spec does not use (a string's length, nested list items, a closed
/// enum inside a nested object), checked through the client against a listener that counts bytes:
/// every violation is listed and nothing is sent.
#[tokio::test]
async fn fixture_constraints_are_checked_through_the_client_before_any_byte() {
    use std::io::Read;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let received = Arc::new(AtomicUsize::new(0));
    let counter = received.clone();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buf = [0u8; 1024];
            while let Ok(n) = stream.read(&mut buf) {
                if n == 0 {
                    break;
                }
                counter.fetch_add(n, Ordering::SeqCst);
            }
        }
    });
    let client = shapes_golden::Client::builder()
        .credentials(shapes_golden::Credentials::new("AK", "SK"))
        .endpoint(url)
        .build()
        .expect("client");

    let err = client
        .call(
            GetThingRequest::new(GetThingRequired {
                app_id: String::new(),
            })
            .page(0),
        )
        .await
        .expect_err("invalid");
    let shapes_golden::Error::Validation(v) = &err else {
        panic!("{err}")
    };
    let got: Vec<String> = v.violations.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        got,
        ["AppID: length 0 is outside 1..", "page: 0 is outside 1.."]
    );

    let bad = Leaf::new(LeafRequired { value: -1 });
    let err = client
        .call(
            DeepRequest::new(DeepRequired {
                outer: deep::Outer::new(deep::OuterRequired {
                    middle: deep::Middle::default().leaf(bad.clone()),
                }),
            })
            .items(vec![bad.clone(), bad.clone(), bad.clone(), bad]),
        )
        .await
        .expect_err("invalid");
    let shapes_golden::Error::Validation(v) = &err else {
        panic!("{err}")
    };
    let got: Vec<String> = v.violations.iter().map(|x| x.to_string()).collect();
    assert_eq!(
        got,
        [
            "Outer.Middle.Leaf.Value: -1 is outside 0..=100",
            "Items[0].Value: -1 is outside 0..=100",
            "Items[1].Value: -1 is outside 0..=100",
            "Items[2].Value: -1 is outside 0..=100",
            "Items[3].Value: -1 is outside 0..=100",
            "Items: length 4 is outside ..=3",
        ]
    );
    assert_eq!(
        received.load(Ordering::SeqCst),
        0,
        "nothing reached the network"
    );
}
