//! The VoiceChat server-message vectors of `vectors/callbacks.json` (made by
//! `vectors/make_callback_vectors.py`), good and bad, each bad one with its specific error.

use serde::Deserialize;
use serde_json::Value;
use volcengine_rtc_auth::voice_chat::{
    decode_frame, decode_server_message, decode_server_message_with_limit, decode_subtitle, Magic,
    ServerMessageError, ServerMessageSignature, DEFAULT_MAX_BODY,
};
use volcengine_rtc_auth::EnvelopeError;

#[derive(Deserialize)]
struct Doc {
    server_message_signature: String,
    server_messages: Vec<Good>,
    bad_server_messages: Vec<Bad>,
}

#[derive(Deserialize)]
struct Good {
    name: String,
    body: String,
    magic: String,
    payload: Value,
}

#[derive(Deserialize)]
struct Bad {
    name: String,
    body: String,
    error: Value,
}

fn doc() -> Doc {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/callbacks.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("callbacks.json")
}

#[test]
fn good_messages_decode() {
    let doc = doc();
    let sig = ServerMessageSignature::new(doc.server_message_signature.as_str());
    for m in &doc.server_messages {
        let frame = decode_server_message(m.body.as_bytes(), &sig)
            .unwrap_or_else(|e| panic!("{}: {e}", m.name));
        assert_eq!(frame.magic.to_string(), m.magic, "{}", m.name);
        assert_eq!(frame.payload, m.payload, "{}", m.name);
        assert_eq!(frame.is_subtitle(), m.magic == "subv");
        let subtitle = decode_subtitle(m.body.as_bytes(), &sig);
        if m.magic == "subv" {
            assert_eq!(subtitle.unwrap(), m.payload);
        } else {
            assert_eq!(
                subtitle,
                Err(ServerMessageError::WrongMagic {
                    found: frame.magic,
                    expected: Magic::SUBTITLE
                })
            );
        }
    }
}

#[test]
fn bad_messages_get_their_specific_errors() {
    let doc = doc();
    let sig = ServerMessageSignature::new(doc.server_message_signature.as_str());
    assert!(doc.bad_server_messages.len() >= 15);
    for b in &doc.bad_server_messages {
        let got = decode_server_message(b.body.as_bytes(), &sig);
        let e = &b.error;
        let s = |k: &str| e[k].as_str().unwrap().to_string();
        let n = |k: &str| e[k].as_u64().unwrap();
        let ok = match (&got, e["kind"].as_str().unwrap()) {
            (Err(ServerMessageError::BadSignature), "BadSignature") => true,
            (Err(ServerMessageError::BadBase64 { .. }), "BadBase64") => true,
            (Err(ServerMessageError::TooShort { len }), "TooShort") => *len as u64 == n("len"),
            (Err(ServerMessageError::LengthMismatch { declared, actual }), "LengthMismatch") => {
                u64::from(*declared) == n("declared") && *actual as u64 == n("actual")
            }
            (Err(ServerMessageError::BadJson { .. }), "BadJson") => true,
            (
                Err(ServerMessageError::Body(EnvelopeError::MissingField { field })),
                "MissingField",
            ) => *field == s("field"),
            (
                Err(ServerMessageError::Body(EnvelopeError::NotAString { field, found })),
                "NotAString",
            ) => *field == s("field") && *found == s("found"),
            (Err(ServerMessageError::Body(EnvelopeError::Json { .. })), "Json") => true,
            _ => false,
        };
        assert!(ok, "{}: expected {e}, got {got:?}", b.name);
        if let Err(err) = &got {
            assert!(!err.to_string().contains(&doc.server_message_signature));
        }
    }
}

#[test]
fn the_signature_is_checked_before_the_message_is_decoded() {
    let doc = doc();
    // A wrong signature on a message that is not even base64: BadSignature, not BadBase64.
    let body = r#"{"message":"***","signature":"nope"}"#;
    let sig = ServerMessageSignature::new(doc.server_message_signature.as_str());
    assert_eq!(
        decode_server_message(body.as_bytes(), &sig),
        Err(ServerMessageError::BadSignature)
    );
}

#[test]
fn size_limit() {
    let doc = doc();
    let sig = ServerMessageSignature::new(doc.server_message_signature.as_str());
    let m = &doc.server_messages[0];
    assert_eq!(
        decode_server_message_with_limit(m.body.as_bytes(), &sig, 10),
        Err(ServerMessageError::Body(EnvelopeError::BodyTooLarge {
            len: m.body.len(),
            max: 10
        }))
    );
    let huge = vec![b' '; DEFAULT_MAX_BODY + 1];
    assert!(matches!(
        decode_server_message(&huge, &sig),
        Err(ServerMessageError::Body(EnvelopeError::BodyTooLarge { .. }))
    ));
}

#[test]
fn frames_directly() {
    assert_eq!(
        decode_frame(b"subv"),
        Err(ServerMessageError::TooShort { len: 4 })
    );
    let mut f = b"subv".to_vec();
    f.extend_from_slice(&2u32.to_be_bytes());
    f.extend_from_slice(b"[]");
    let frame = decode_frame(&f).unwrap();
    assert_eq!(frame.payload, serde_json::json!([]));
    // Little-endian length (a known bad port): a mismatch.
    let mut le = b"subv".to_vec();
    le.extend_from_slice(&2u32.to_le_bytes());
    le.extend_from_slice(b"[]");
    assert_eq!(
        decode_frame(&le),
        Err(ServerMessageError::LengthMismatch {
            declared: 0x0200_0000,
            actual: 2
        })
    );
    assert_eq!(Magic(*b"a\0\xffz").to_string(), "a\\x00\\xffz");
    assert_eq!(
        format!("{:?}", ServerMessageSignature::new("x")),
        "ServerMessageSignature(***)"
    );
}
