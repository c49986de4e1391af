//! What the `token_parse`, `callback_envelope`, `callback_event` and `voice_chat_message` fuzz
//! targets assert, shared by the targets in
//! `fuzz/fuzz_targets/` (which include this file by path) and `auth/tests/fuzz_smoke.rs`.
//!
//! Beyond "never panics": whatever parses is exactly what was given (a token re-encodes to the very
//! string; an envelope re-serialises to an equal envelope), what a parser refuses has a message, and
//! the verifiers accept what they should.
#![allow(dead_code)]

use base64::Engine as _;
use volcengine_rtc::callbacks::rtc::Event;
use volcengine_rtc_auth::callback::DEFAULT_MAX_BODY;
use volcengine_rtc_auth::voice_chat::{
    self, ServerMessage, ServerMessageError, ServerMessageSignature,
};
use volcengine_rtc_auth::{
    AccessToken, AppKey, CallbackEvent, CallbackSecret, Envelope, EnvelopeBuilder, EnvelopeError,
    EventError, Privilege, RawEvent, Room, TokenBuilder, Verifier,
};

/// Any bytes as a token string (lossily, when not UTF-8).
pub fn token_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let t = match AccessToken::parse(&text) {
        Ok(t) => t,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    // Exactly the input: version, AppId, canonical base64 of exactly the content read.
    let mut content = (t.signed_message().len() as u16).to_le_bytes().to_vec();
    content.extend_from_slice(t.signed_message());
    content.extend_from_slice(&32u16.to_le_bytes());
    content.extend_from_slice(t.signature());
    let again = format!(
        "{}{}{}",
        t.version(),
        t.app_id(),
        base64::engine::general_purpose::STANDARD.encode(&content)
    );
    assert_eq!(again, text, "a parsed token re-encodes to itself");
    assert_eq!(t.app_id().as_str().len(), 24);

    // Checking never panics, and agrees with itself.
    let key = AppKey::new("fuzz key");
    let verdict = t.verify(&key, t.issued_at());
    assert!(verdict.is_err() || t.verify_signature(&key).is_ok());
    for p in [0u16, 1, 4, 7, u16::MAX] {
        let p = Privilege::new(p);
        let allowed = t.allows(p, 1_750_000_000);
        assert!(!allowed || t.privilege_expiry(p).is_some());
    }
    assert!(serde_json::to_string(&t).is_ok());

    // The builder writes the same message from the same fields (when the token is one the builder
    // can write: privileges ascending, and 0 only with 1, 2, 3).
    let ps = t.privileges();
    let ascending = ps.windows(2).all(|w| w[0].0 < w[1].0);
    let publish_complete = t.privilege_expiry(Privilege::PUBLISH_STREAM).is_none()
        || (1..=3).all(|n| t.privilege_expiry(Privilege::new(n)).is_some());
    if ascending && publish_complete {
        let room = match t.room() {
            Room::Id(id) => Room::id(id.as_str()),
            other => other.clone(),
        };
        let mut b = TokenBuilder::new(t.app_id().clone(), room, t.user_id())
            .allow_any_ids()
            .nonce(t.nonce())
            .issued_at(t.issued_at())
            .expire_at(t.expire_at());
        for &(p, e) in ps {
            b = b.privilege(p, e.into());
        }
        // Overrides of 1-3 come after 0 in ascending order, so the expiries are the token's.
        let minted = b.sign(&key).expect("the builder writes any parsed token");
        let back = AccessToken::parse(&minted).expect("a minted token parses");
        assert_eq!(back.signed_message(), t.signed_message());
        assert!(back.verify_signature(&key).is_ok());
    }
}

/// Any bytes as a callback body, and as a VoiceChat server message body and frame.
pub fn callback_envelope(data: &[u8]) {
    match Envelope::parse(data) {
        Ok(e) => {
            let secret = CallbackSecret::new("fuzz secret");
            let _ = e.verify(&secret);
            let expected = e.expected_signature(&secret);
            assert_eq!(expected.len(), 64);
            assert!(expected
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
            // Re-serialised, it parses to the same envelope; with the right signature, it verifies.
            let json = serde_json::to_vec(&e).expect("an envelope serialises");
            let mut again = Envelope::parse(&json).expect("a serialised envelope parses");
            assert_eq!(again, e);
            again.signature = expected;
            assert!(again.verify(&secret).is_ok());
            if let Ok(event) = e.event::<Event>() {
                assert!(serde_json::to_string(&event).is_ok());
                assert_eq!(event.event_type(), e.event_type);
            }
            let _ = e.event_time_unix();
        }
        Err(err) => {
            assert!(!err.to_string().is_empty());
            if data.len() > DEFAULT_MAX_BODY {
                assert!(matches!(err, EnvelopeError::BodyTooLarge { .. }));
            }
        }
    }
    let sig = ServerMessageSignature::new("static-signature-Ω");
    if let Err(e) = voice_chat::decode_server_message(data, &sig) {
        assert!(!e.to_string().is_empty());
    }
    match voice_chat::decode_frame(data) {
        Ok(_) => {
            let declared = u32::from_be_bytes([data[4], data[5], data[6], data[7]]);
            assert_eq!(declared as usize, data.len() - 8);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// Any bytes as `EventData` of every event type the spec knows (and of an unknown one), through
/// the generated decoders: never a panic; a decoded event re-serialises to JSON that decodes to the
/// same event; a refusal is `NotJson` exactly when the text is not JSON. The first byte also picks
/// an `EventTime` text for the lenient time reader and a signed envelope for the [`Verifier`].
pub fn callback_event(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let is_json = serde_json::from_str::<serde_json::Value>(&text).is_ok();
    for event_type in Event::EVENT_TYPES.iter().copied().chain(["NotAnEvent"]) {
        match Event::decode(event_type, &text) {
            Ok(event) => {
                assert!(is_json);
                assert_eq!(event.event_type(), event_type);
                let json = serde_json::to_string(&event).expect("an event serialises");
                let again = Event::decode(event_type, &json).expect("a serialised event decodes");
                assert_eq!(again, event);
            }
            Err(e @ EventError::NotJson { .. }) => {
                assert!(!is_json);
                assert!(!e.to_string().is_empty());
            }
            Err(e) => {
                assert!(is_json);
                assert!(!e.to_string().is_empty());
            }
        }
    }
    assert_eq!(RawEvent::decode("X", &text).is_ok(), is_json);
    let _ = volcengine_rtc_auth::parse_event_time(&text);
    // Signed, any EventData is accepted by the envelope checks; the decoders then judge it.
    let secret = CallbackSecret::new("fuzz secret");
    let body = EnvelopeBuilder::new("RecordStarted", text.as_ref())
        .app_id("app")
        .event_time_unix(1_750_000_000)
        .sign(&secret)
        .to_json();
    let verifier = Verifier::new(secret)
        .app_id("app")
        .freshness(std::time::Duration::from_secs(60))
        .clock(|| 1_750_000_030)
        .dedup(4);
    let envelope = verifier
        .verify(body.as_bytes())
        .expect("a signed envelope verifies");
    assert_eq!(
        envelope.event::<Event>().is_ok(),
        Event::decode("RecordStarted", &text).is_ok()
    );
    assert!(
        verifier.verify(body.as_bytes()).is_err(),
        "a replay is refused"
    );
}

/// Any bytes as a VoiceChat server-message frame, typed by its magic: never a panic; a decoded
/// message keeps its magic, re-frames to a frame that decodes to the same message, and an unknown
/// magic keeps its bytes exactly; a refusal is `TooShort` exactly when the header is incomplete.
/// The same bytes, base64'd into a body with the right signature, decode the same way; with a
/// wrong one, they are refused before being read.
pub fn voice_chat_message(data: &[u8]) {
    let decoded = ServerMessage::from_frame(data);
    match &decoded {
        Ok(m) => {
            assert_eq!(m.magic().0[..], data[..4]);
            if let ServerMessage::Unknown { payload, .. } = m {
                assert_eq!(payload[..], data[8..]);
            }
            let again = voice_chat::encode_frame(m.magic(), &m.payload_bytes())
                .expect("a decoded payload frames");
            assert_eq!(
                ServerMessage::from_frame(&again).as_ref(),
                Ok(m),
                "re-framed"
            );
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert_eq!(
                matches!(e, ServerMessageError::TooShort { .. }),
                data.len() < voice_chat::HEADER_LEN
            );
        }
    }
    let sig = ServerMessageSignature::new("static-signature-Ω");
    let body = voice_chat::server_message_body(data, &sig);
    assert_eq!(voice_chat::decode_message(body.as_bytes(), &sig), decoded);
    let wrong = ServerMessageSignature::new("another");
    assert_eq!(
        voice_chat::decode_message(body.as_bytes(), &wrong),
        Err(ServerMessageError::BadSignature)
    );
    // As a body itself: never a panic.
    if let Err(e) = voice_chat::decode_message(data, &sig) {
        assert!(!e.to_string().is_empty());
    }
}
