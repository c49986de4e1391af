//! Tests of the shapes fixture's generated crate: each shape the spec format supports behaves. (The
//! calls through the registry and the fake server are in `tests/tests/second_service.rs`.)

use shapes_golden::im::deep::{DeepRequest, DeepRequired};
use shapes_golden::im::get_thing::{GetThingRequest, GetThingRequired, GetThingResult};
use shapes_golden::im::types::{Color, Leaf, LeafRequired, Level};
use shapes_golden::im::{deep, deep_v20231101, post_query};
use volcengine_openapi::client::prepare;
use volcengine_openapi::{Action, Method, Placement, Violations};

#[allow(unused_imports)]
use shapes_golden::im::get_thing;

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
    // The constraint kinds added with floats, multiples, bytes, patterns, items and unions.
    let violations = |err: shapes_golden::Error| -> Vec<String> {
        let shapes_golden::Error::Validation(v) = &err else {
            panic!("{err}")
        };
        v.violations.iter().map(|x| x.to_string()).collect()
    };
    use shapes_golden::im::measure::{MeasureRequest, MeasureRequired};
    let err = client
        .call(
            MeasureRequest::new(MeasureRequired { ratio: -0.5 })
                .step(1.25)
                .width(3)
                .name("x")
                .tags(vec!["Ab".to_string()]),
        )
        .await
        .expect_err("invalid");
    assert_eq!(
        violations(err),
        [
            "Ratio: -0.5 is outside 0..=1.5",
            "Step: 1.25 is not a multiple of 0.5",
            "Width: 3 is not a multiple of 2",
            "Name: length 1 is outside 2..=4",
            "Name: 1 bytes (UTF-8) is outside 2..=9",
            "Tags[0]: \"Ab\" does not match the pattern `[a-z]+`",
        ]
    );
    use shapes_golden::rtc::start_thing_to_cdn::StartThingToCdnRequest;
    use shapes_golden::rtc::StartThingToCdnRequired;
    let err = client
        .start_thing_to_cdn(StartThingToCdnRequest::new(StartThingToCdnRequired {
            task_id: "任务任务-12345".into(),
        }))
        .await
        .expect_err("invalid");
    assert_eq!(
        violations(err),
        [
            "TaskId: 18 bytes (UTF-8) is outside ..=16",
            "TaskId: \"任务任务-12345\" does not match the pattern `[A-Za-z0-9_-]+`",
        ]
    );
    use shapes_golden::rtc::start_chat::{CustomConfig, CustomConfigRequired, LLMConfig};
    use shapes_golden::rtc::{StartChatRequest, StartChatRequired};
    let err = client
        .start_chat(StartChatRequest::new(StartChatRequired {
            room_id: "r".into(),
            llm_config: LLMConfig::CustomLlm(CustomConfig::new(CustomConfigRequired {
                url: "http://plain".into(),
            })),
        }))
        .await
        .expect_err("invalid");
    assert_eq!(
        violations(err),
        ["LLMConfig.Url: \"http://plain\" does not match the pattern `https://.+`"]
    );
    assert_eq!(
        received.load(Ordering::SeqCst),
        0,
        "nothing reached the network"
    );
}

/// Wire names with acronyms are sent verbatim; the Rust names derive from them.
#[test]
fn acronym_wire_names_are_sent_verbatim() {
    use shapes_golden::im::p2p_send_message::{P2PResult, P2pSendMessageRequest};
    use shapes_golden::rtc::start_thing_to_cdn::StartThingToCdnRequest;
    let op = <StartThingToCdnRequest as Action>::OPERATION;
    assert_eq!((op.action, op.version), ("StartThingToCDN", "2023-11-01"));
    assert!(op.replay_safe && op.is_idempotent());
    let op = <P2pSendMessageRequest as Action>::OPERATION;
    assert_eq!(op.action, "P2PSendMessage");
    let r =
        P2PResult::new(shapes_golden::im::p2p_send_message::P2PResultRequired { delivered: true });
    assert!(r.delivered);
}

fn answer(result: Option<&str>) -> Vec<u8> {
    let meta = r#"{"RequestId":"r","Action":"A","Version":"v","Service":"shapes","Region":"test-north-1"}"#;
    match result {
        Some(r) => format!(r#"{{"ResponseMetadata":{meta},"Result":{r}}}"#),
        None => format!(r#"{{"ResponseMetadata":{meta}}}"#),
    }
    .into_bytes()
}

/// A `Result` that is not an object: a string, and an optional named type (absent, `null` or present).
#[test]
fn non_object_results_decode() {
    use shapes_golden::im::p2p_send_message::P2pSendMessageRequest;
    use shapes_golden::rtc::start_thing_to_cdn::{StartThingToCdnRequest, StartThingToCdnResult};
    use volcengine_openapi::client::decode_answer;
    let op = <StartThingToCdnRequest as Action>::OPERATION;
    let ok = decode_answer::<StartThingToCdnResult>(op, 200, &answer(Some(r#""ok""#)))
        .expect("a string Result");
    assert_eq!(ok.result, "ok");
    let missing = decode_answer::<StartThingToCdnResult>(op, 200, &answer(None))
        .expect_err("a required string Result");
    assert!(
        missing.to_string().contains("does not match the spec"),
        "{missing}"
    );

    type P2p = <P2pSendMessageRequest as Action>::Result;
    let op = <P2pSendMessageRequest as Action>::OPERATION;
    let absent = decode_answer::<P2p>(op, 200, &answer(None)).expect("absent");
    assert_eq!(absent.result, None);
    let null = decode_answer::<P2p>(op, 200, &answer(Some("null"))).expect("null");
    assert_eq!(null.result, None);
    let some = decode_answer::<P2p>(op, 200, &answer(Some(r#"{"Delivered":true}"#))).expect("some");
    assert!(some.result.expect("present").delivered);
}

/// Every new constraint kind, checked by the generated `Validate` impl with a clear message.
#[test]
fn float_multiple_byte_pattern_and_item_constraints_validate() {
    use shapes_golden::im::measure::{MeasureRequest, MeasureRequired};
    let ok = MeasureRequest::new(MeasureRequired { ratio: 1.5 })
        .step(-2.5)
        .width(640)
        .name("名字")
        .tags(vec!["ab".to_string()])
        .scores(
            [("a".to_string(), 100i64)]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .grid(vec![vec![2, 4]]);
    assert_eq!(Violations::of(&ok), vec![]);
    let bad = MeasureRequest::new(MeasureRequired { ratio: 1.6 })
        .step(0.75)
        .width(641)
        .name("名字名字")
        .tags(vec![
            "ab".to_string(),
            "A1".to_string(),
            "abcdefghi".to_string(),
        ])
        .scores(
            [("x".to_string(), -1i64)]
                .into_iter()
                .collect::<std::collections::BTreeMap<_, _>>(),
        )
        .grid(vec![vec![2, 3, 4]]);
    let got: Vec<String> = Violations::of(&bad).iter().map(|v| v.to_string()).collect();
    assert_eq!(
        got,
        [
            "Ratio: 1.6 is outside 0..=1.5",
            "Step: 0.75 is not a multiple of 0.5",
            "Width: 641 is not a multiple of 2",
            "Name: 12 bytes (UTF-8) is outside 2..=9",
            "Tags[1]: \"A1\" does not match the pattern `[a-z]+`",
            "Tags[2]: length 9 is outside ..=8",
            "Scores.x: -1 is outside 0..=100",
            "Grid[0][1]: 3 is not a multiple of 2",
            "Grid[0]: length 3 is outside ..=2",
        ]
    );
    let nan = MeasureRequest::new(MeasureRequired { ratio: f32::NAN });
    assert_eq!(Violations::of(&nan).len(), 1, "NaN is outside every range");
}

/// Enum values print their documented name beside the wire value; closed enums list them in
/// validation messages.
#[test]
fn enum_values_print_name_and_wire_value() {
    assert_eq!(
        format!("{:?}", Color::DARK_BLUE),
        "Color::DARK_BLUE (\"dark-blue\")"
    );
    assert_eq!(Color::DARK_BLUE.to_string(), "DARK_BLUE (\"dark-blue\")");
    assert_eq!(format!("{:?}", Color::from("purple")), "Color(\"purple\")");
    assert_eq!(Color::from("purple").to_string(), "purple");
    assert_eq!(format!("{:?}", deep::Mode::ON), "Mode::ON (1)");
    assert_eq!(format!("{:?}", deep::Mode(7)), "Mode(7)");
    let req = DeepRequest::new(DeepRequired {
        outer: deep::Outer::new(deep::OuterRequired {
            middle: deep::Middle::default(),
        }),
    })
    .mode(deep::Mode(7));
    let got: Vec<String> = Violations::of(&req).iter().map(|v| v.to_string()).collect();
    assert_eq!(
        got,
        ["Mode: 7 is not one of the documented values: OFF (0), ON (1)"]
    );
}

/// A union: each variant serialises with its discriminator and decodes by it; an unknown
/// discriminator is kept as JSON; validation delegates to the variant.
#[test]
fn union_variants_and_the_fallback() {
    use shapes_golden::rtc::start_chat::{
        ArkConfig, ArkConfigRequired, CustomConfig, CustomConfigRequired, LLMConfig,
        StartChatRequest, StartChatRequired, StartChatResult,
    };
    let ark = LLMConfig::from(
        ArkConfig::new(ArkConfigRequired {
            end_point_id: "ep".into(),
        })
        .temperature(0.5f32),
    );
    let custom = LLMConfig::CustomLlm(CustomConfig::new(CustomConfigRequired {
        url: "https://x".into(),
    }));
    let req = StartChatRequest::new(StartChatRequired {
        room_id: "r".into(),
        llm_config: ark.clone(),
    })
    .fallbacks(vec![custom.clone()]);
    let (_, body) = prepare(<StartChatRequest as Action>::OPERATION, &req).expect("prepares");
    let sent: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(
        sent,
        serde_json::json!({
            "RoomId": "r",
            "LLMConfig": {"Mode": "ArkV3", "EndPointId": "ep", "Temperature": 0.5},
            "Fallbacks": [{"Mode": "CustomLLM", "Url": "https://x"}]
        })
    );
    let r: StartChatResult =
        serde_json::from_str(r#"{"Echo":{"Mode":"CustomLLM","Url":"https://y","Extra":1}}"#)
            .expect("decodes");
    assert_eq!(
        r.echo,
        Some(LLMConfig::CustomLlm(CustomConfig::new(
            CustomConfigRequired {
                url: "https://y".into()
            }
        )))
    );
    let r: StartChatResult =
        serde_json::from_str(r#"{"Echo":{"Mode":"ArkV3","EndPointId":"e"}}"#).expect("decodes");
    assert!(matches!(r.echo, Some(LLMConfig::ArkV3(ref a)) if a.end_point_id == "e"));
    let r: StartChatResult =
        serde_json::from_str(r#"{"Echo":{"Mode":"Doubao","Model":"m"}}"#).expect("decodes");
    assert_eq!(
        r.echo,
        Some(LLMConfig::Other(
            serde_json::json!({"Mode": "Doubao", "Model": "m"})
        ))
    );
    let bad = serde_json::from_str::<StartChatResult>(r#"{"Echo":{"Mode":"ArkV3"}}"#)
        .expect_err("a variant's required field");
    assert!(bad.to_string().contains("EndPointId"), "{bad}");

    let req = StartChatRequest::new(StartChatRequired {
        room_id: "r".into(),
        llm_config: LLMConfig::CustomLlm(CustomConfig::new(CustomConfigRequired {
            url: "ftp://x".into(),
        })),
    })
    .fallbacks(vec![
        LLMConfig::from(
            ArkConfig::new(ArkConfigRequired {
                end_point_id: String::new(),
            })
            .temperature(2.0f32),
        ),
        LLMConfig::Other(serde_json::json!({"Model": "m"})),
    ]);
    let got: Vec<String> = Violations::of(&req).iter().map(|v| v.to_string()).collect();
    assert_eq!(
        got,
        [
            "LLMConfig.Url: \"ftp://x\" does not match the pattern `https://.+`",
            "Fallbacks[0].EndPointId: length 0 is outside 1..",
            "Fallbacks[0].Temperature: 2 is outside 0..=1",
            "Fallbacks[1].Mode: required: the discriminator of LLMConfig, a string",
        ]
    );
}

/// Spec types may take the names the generated code uses (`Error`, `Value`, `Response`, `Option`,
/// `Result`, `Some`, `String`): every path it writes is fully qualified.
#[test]
fn types_named_like_std_and_runtime_items_work() {
    use shapes_golden::im::reserved::{
        Error, ErrorRequired, Option as Opt, ReservedRequest, ReservedRequired, ReservedResult,
        Response, Result as Res, ResultRequired, Some as Several, Value,
    };
    use shapes_golden::im::types::String as Text;
    let req = ReservedRequest::new(ReservedRequired {
        error: Error::new(ErrorRequired { code: "c".into() })
            .detail(Res::new(ResultRequired { ok: true })),
    })
    .value(Value::A)
    .option(Opt::ONE)
    .some(Several(8))
    .texts(vec![Text::HELLO]);
    assert_eq!(Violations::of(&req), vec![]);
    let (_, body) = prepare(<ReservedRequest as Action>::OPERATION, &req).expect("prepares");
    let sent: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(
        sent,
        serde_json::json!({"Error": {"Code": "c", "Detail": {"Ok": true}}, "Value": "a", "Option": 1, "Some": 8, "Texts": ["hello"]})
    );
    let bad = ReservedRequest::new(ReservedRequired {
        error: Error::new(ErrorRequired {
            code: String::new(),
        }),
    })
    .option(Opt(2));
    let got: Vec<String> = Violations::of(&bad).iter().map(|v| v.to_string()).collect();
    assert_eq!(
        got,
        [
            "Error.Code: length 0 is outside 1..",
            "Option: 2 is not one of the documented values: ONE (1)"
        ]
    );
    let r: ReservedResult =
        serde_json::from_str(r#"{"Response":{"Kind":"Result","Ok":true}}"#).expect("decodes");
    assert_eq!(
        r.response,
        std::option::Option::Some(Response::Result(Res::new(ResultRequired { ok: true })))
    );
}
