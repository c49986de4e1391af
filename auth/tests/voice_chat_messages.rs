//! The typed VoiceChat server messages: frames built as the pages describe them (callbacks.md §5)
//! decode to their documented fields, by magic, through one endpoint; hostile frames and bodies
//! are typed errors.

use serde_json::json;
use volcengine_rtc_auth::voice_chat::{
    decode_message, decode_message_with_limit, encode_frame, server_message_body, split_frame,
    Magic, ServerMessage, ServerMessageError, ServerMessageSignature, StageCode, HEADER_LEN,
};
use volcengine_rtc_auth::EnvelopeError;

fn sig() -> ServerMessageSignature {
    ServerMessageSignature::new("my-ServerMessageSignature")
}

/// A frame as the service writes it: magic, big-endian length, JSON.
fn frame(magic: &[u8; 4], json: serde_json::Value) -> Vec<u8> {
    let payload = json.to_string().into_bytes();
    let mut out = magic.to_vec();
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(&payload);
    out
}

/// The frame POSTed as the service does, decoded as an app server would.
fn received(frame: &[u8]) -> Result<ServerMessage, ServerMessageError> {
    decode_message(server_message_body(frame, &sig()).as_bytes(), &sig())
}

#[test]
fn subtitles_of_an_agent_and_of_a_subtitle_task() {
    // VE 1337284: {type: "subtitle", data: [{text, language, userId, sequence, definite, paragraph}]}.
    let doc = json!({"type": "subtitle", "data": [
        {"text": "你好", "language": "zh", "userId": "user1", "sequence": 3, "definite": true, "paragraph": false},
        {"text": "Hi", "userId": "bot1", "definite": false, "paragraph": true, "later": [1]}
    ]});
    let ServerMessage::Subtitle(s) = received(&frame(b"subv", doc.clone())).unwrap() else {
        panic!("subv is a subtitle")
    };
    assert_eq!(s.kind.as_deref(), Some("subtitle"));
    assert_eq!(s.data.len(), 2);
    let (a, b) = (&s.data[0], &s.data[1]);
    assert_eq!((a.text.as_str(), a.user_id.as_str()), ("你好", "user1"));
    assert_eq!((a.language.as_deref(), a.sequence), (Some("zh"), Some(3)));
    assert!(a.definite && !a.paragraph);
    assert_eq!((b.language.as_deref(), b.sequence), (None, None));
    assert!(!b.definite && b.paragraph);
    // `subt` (StartSubtitle) carries the same JSON.
    let ServerMessage::RoomSubtitle(t) = received(&frame(b"subt", doc)).unwrap() else {
        panic!("subt is a room subtitle")
    };
    assert_eq!(t, s);
}

#[test]
fn the_conversation_state() {
    // VE 1415216: {TaskId, UserID, RoundID, EventTime (ms), Stage {Code, Description}}.
    let m = received(&frame(
        b"conv",
        json!({"TaskId": "task1", "UserID": "user1", "RoundID": 2, "EventTime": 1611736812853i64,
               "Stage": {"Code": 3, "Description": "speaking"}}),
    ))
    .unwrap();
    assert_eq!(m.magic(), Magic::CONVERSATION_STATE);
    let ServerMessage::ConversationState(c) = m else {
        panic!("conv")
    };
    assert_eq!(c.task_id, "task1");
    assert_eq!(c.user_id.as_deref(), Some("user1"));
    assert_eq!(
        (c.round_id, c.event_time_ms),
        (Some(2), Some(1_611_736_812_853))
    );
    assert_eq!(c.stage.code, StageCode::SPEAKING);
    assert_eq!(c.stage.code.name(), Some("Speaking"));
    assert_eq!(c.stage.description.as_deref(), Some("speaking"));
    // An undocumented code decodes, without a name.
    let Ok(ServerMessage::ConversationState(c)) = received(&frame(
        b"conv",
        json!({"TaskId": "t", "Stage": {"Code": 99}}),
    )) else {
        panic!("an open code")
    };
    assert_eq!((c.stage.code, c.stage.code.name()), (StageCode(99), None));
    assert_eq!(StageCode(-1).name(), None);
}

#[test]
fn a_function_call_request() {
    let m = received(&frame(
        b"tool",
        json!({"tool_calls": [{"id": "call_cx", "type": "function",
               "function": {"name": "get_weather", "arguments": "{\"city\":\"Beijing\"}"}}]}),
    ))
    .unwrap();
    let ServerMessage::ToolCalls(t) = m else {
        panic!("tool")
    };
    let call = &t.tool_calls[0];
    assert_eq!(
        (call.id.as_str(), call.kind.as_deref()),
        ("call_cx", Some("function"))
    );
    assert_eq!(call.function.name, "get_weather");
    assert_eq!(
        call.function.arguments,
        Some(json!("{\"city\":\"Beijing\"}"))
    );
}

#[test]
fn an_unknown_magic_keeps_its_bytes() {
    let raw = [&b"func"[..], &3u32.to_be_bytes(), b"\x00\xff{"].concat();
    let m = received(&raw).unwrap();
    assert_eq!(
        m,
        ServerMessage::Unknown {
            magic: Magic(*b"func"),
            payload: b"\x00\xff{".to_vec()
        }
    );
    assert_eq!(m.payload_bytes(), b"\x00\xff{");
    assert_eq!(encode_frame(m.magic(), &m.payload_bytes()).unwrap(), raw);
}

#[test]
fn a_typed_message_reframes_to_itself() {
    for f in [
        frame(b"subv", json!({"data": [{"text": "x", "userId": "u"}]})),
        frame(b"conv", json!({"TaskId": "t", "Stage": {"Code": 1}})),
        frame(
            b"tool",
            json!({"tool_calls": [{"id": "a", "function": {"name": "f", "arguments": {"k": [1, null]}}}]}),
        ),
    ] {
        let m = ServerMessage::from_frame(&f).unwrap();
        let again = encode_frame(m.magic(), &m.payload_bytes()).unwrap();
        assert_eq!(ServerMessage::from_frame(&again).unwrap(), m);
    }
}

#[test]
fn documented_magics_with_the_wrong_shape_are_typed_errors() {
    let cases = [
        (b"subv", json!({"type": "subtitle"})),
        (b"subv", json!({"data": [{"text": 1, "userId": "u"}]})),
        (b"subt", json!({"data": [{"text": "x"}]})),
        (b"conv", json!({"TaskId": "t"})),
        (b"conv", json!({"TaskId": "t", "Stage": {"Code": "2"}})),
        (b"conv", json!({"TaskId": 5, "Stage": {"Code": 2}})),
        (
            b"tool",
            json!({"tool_calls": [{"function": {"name": "f"}}]}),
        ),
        (b"tool", json!([])),
    ];
    for (magic, json) in cases {
        match received(&frame(magic, json.clone())) {
            Err(ServerMessageError::WrongShape { magic: m, reason }) => {
                assert_eq!(m, Magic(*magic));
                assert!(!reason.is_empty());
            }
            other => panic!("{json}: {other:?}"),
        }
    }
    let not_json = [&b"conv"[..], &2u32.to_be_bytes(), b"{x"].concat();
    assert!(matches!(
        received(&not_json),
        Err(ServerMessageError::BadJson { .. })
    ));
    // Nesting beyond serde_json's limit: an error, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep = [
        &b"conv"[..],
        &(deep.len() as u32).to_be_bytes(),
        deep.as_bytes(),
    ]
    .concat();
    assert!(matches!(
        ServerMessage::from_frame(&deep),
        Err(ServerMessageError::BadJson { .. })
    ));
}

#[test]
fn hostile_frames_are_bounded_typed_errors() {
    for n in 0..HEADER_LEN {
        assert_eq!(
            ServerMessage::from_frame(&b"subv\0\0\0\0"[..n]),
            Err(ServerMessageError::TooShort { len: n })
        );
    }
    // A declared length far beyond the bytes: refused without allocating it.
    assert_eq!(
        ServerMessage::from_frame(b"conv\xff\xff\xff\xff{}"),
        Err(ServerMessageError::LengthMismatch {
            declared: u32::MAX,
            actual: 2
        })
    );
    // Fewer and more bytes than declared.
    assert!(matches!(
        split_frame(b"subv\0\0\0\x03{}"),
        Err(ServerMessageError::LengthMismatch {
            declared: 3,
            actual: 2
        })
    ));
    assert!(matches!(
        split_frame(b"subv\0\0\0\x01{}"),
        Err(ServerMessageError::LengthMismatch {
            declared: 1,
            actual: 2
        })
    ));
    // An empty payload of a documented magic is not JSON.
    assert!(matches!(
        ServerMessage::from_frame(b"tool\0\0\0\0"),
        Err(ServerMessageError::BadJson { .. })
    ));
}

#[test]
fn hostile_bodies_are_refused_before_the_frame_is_read() {
    let f = frame(b"conv", json!({"TaskId": "t", "Stage": {"Code": 1}}));
    let body = server_message_body(&f, &sig());
    // Another signature, even one differing in the last byte.
    assert_eq!(
        decode_message(
            body.as_bytes(),
            &ServerMessageSignature::new("my-ServerMessageSignaturE")
        ),
        Err(ServerMessageError::BadSignature)
    );
    assert_eq!(
        decode_message_with_limit(body.as_bytes(), &sig(), 16),
        Err(ServerMessageError::Body(EnvelopeError::BodyTooLarge {
            len: body.len(),
            max: 16
        }))
    );
    let not_base64 = r#"{"message":"%%%","signature":"my-ServerMessageSignature"}"#;
    assert!(matches!(
        decode_message(not_base64.as_bytes(), &sig()),
        Err(ServerMessageError::BadBase64 { .. })
    ));
    for bad in [
        &b""[..],
        b"[]",
        b"{\"message\":1}",
        b"{\"signature\":\"x\"}",
        b"\xff",
    ] {
        let e = decode_message(bad, &sig()).expect_err("refused");
        assert!(!e.to_string().contains("my-ServerMessageSignature"), "{e}");
    }
}

#[test]
fn errors_say_what_is_wrong() {
    let e = received(&frame(b"conv", json!({"TaskId": "t"}))).unwrap_err();
    assert!(
        e.to_string().contains("conv") && e.to_string().contains("Stage"),
        "{e}"
    );
    assert!(ServerMessageError::TooLong { len: 1 << 33 }
        .to_string()
        .contains("too long"));
}
