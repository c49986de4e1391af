//! The envelope as the pages describe it: `Nonce` or `Noce`, a lenient `EventTime`, the AppId and
//! freshness checks with an injected clock, replays, signing (checked by the independent
//! `vectors/verify_callback.py`), and every kind of bad input as a typed error.

use std::time::Duration;

use volcengine_rtc::callbacks::rtc::{Event, LeaveReason, RunStage, VoiceChatEventType};
use volcengine_rtc_auth::{
    parse_event_time, CallbackError, CallbackSecret, Envelope, EnvelopeBuilder, EnvelopeError,
    EventError, Verifier,
};

const NOW: i64 = 1_750_000_000;

fn secret() -> CallbackSecret {
    CallbackSecret::new("s3cret")
}

fn signed(event_type: &str, data: &str) -> Envelope {
    EnvelopeBuilder::new(event_type, data)
        .app_id("app1")
        .event_time_unix(NOW)
        .sign(&secret())
}

fn verifier() -> Verifier {
    Verifier::new(secret())
        .app_id("app1")
        .freshness(Duration::from_secs(300))
        .clock(|| NOW + 10)
        .dedup(100)
}

#[test]
fn noce_is_read_as_the_nonce() {
    let e = signed("UserLeaveRoom", r#"{"RoomId":"r","UserId":"u"}"#);
    let body = e.to_json().replace("\"Nonce\"", "\"Noce\"");
    let got = verifier()
        .verify(body.as_bytes())
        .expect("a Noce envelope verifies");
    assert_eq!(got.nonce, e.nonce);
    // Both spellings at once is ambiguous.
    let both = e.to_json().replace("\"Nonce\"", "\"Noce\":\"1\",\"Nonce\"");
    assert_eq!(
        Envelope::parse(both.as_bytes()),
        Err(EnvelopeError::DuplicateField {
            field: "Nonce/Noce"
        })
    );
}

#[test]
fn event_time_is_read_leniently() {
    assert_eq!(
        parse_event_time("1970-07-01T 00:00:00.000000000 Z"),
        Ok(15_638_400)
    );
    assert_eq!(
        parse_event_time("2025-06-15T15:06:40+08:00"),
        Ok(1_749_971_200)
    );
    assert_eq!(
        parse_event_time("2025-06-15t07:06:40.5z"),
        Ok(1_749_971_200)
    );
    for bad in [
        "",
        "yesterday",
        "2025-13-01T00:00:00Z",
        "1750000000",
        &"9".repeat(100),
    ] {
        let e = parse_event_time(bad).unwrap_err();
        assert!(e.to_string().contains("RFC 3339"), "{e}");
    }
}

#[test]
fn app_id_freshness_and_replays_are_typed_errors() {
    let v = verifier();
    let e = signed("RecordStarted", "{}");
    assert!(v.verify(e.to_json().as_bytes()).is_ok());
    assert_eq!(
        v.verify(e.to_json().as_bytes()),
        Err(CallbackError::Replayed {
            event_id: e.event_id.clone()
        })
    );
    assert!(v.forget(&e.event_id));
    assert!(
        v.verify(e.to_json().as_bytes()).is_ok(),
        "forgotten: handled again"
    );

    let other_app = EnvelopeBuilder::new("RecordStarted", "{}")
        .app_id("app2")
        .event_time_unix(NOW)
        .sign(&secret());
    assert!(matches!(
        v.verify(other_app.to_json().as_bytes()),
        Err(CallbackError::WrongAppId { .. })
    ));
    for (t, fresh) in [(NOW - 290, true), (NOW - 400, false), (NOW + 400, false)] {
        let e = EnvelopeBuilder::new("X", "{}")
            .app_id("app1")
            .event_time_unix(t)
            .sign(&secret());
        let got = v.verify(e.to_json().as_bytes());
        assert_eq!(got.is_ok(), fresh, "{t}: {got:?}");
        if !fresh {
            assert!(matches!(
                got,
                Err(CallbackError::NotFresh { window: 300, .. })
            ));
        }
    }
    let odd = EnvelopeBuilder::new("X", "{}")
        .app_id("app1")
        .event_time("soon")
        .sign(&secret());
    assert!(matches!(
        v.verify(odd.to_json().as_bytes()),
        Err(CallbackError::EventTime(_))
    ));
    // A bad signature is found before anything reaches the replay memory.
    let mut forged = signed("RecordStarted", "{}");
    forged.signature = "0".repeat(64);
    assert_eq!(
        v.verify(forged.to_json().as_bytes()),
        Err(CallbackError::BadSignature)
    );
}

#[test]
fn bad_bodies_are_typed_errors() {
    let v = verifier();
    let too_big = vec![b' '; (1 << 20) + 1];
    assert!(matches!(
        v.verify(&too_big),
        Err(CallbackError::Envelope(EnvelopeError::BodyTooLarge { .. }))
    ));
    assert!(matches!(
        v.verify(b"<html>"),
        Err(CallbackError::Envelope(EnvelopeError::Json { .. }))
    ));
    assert!(matches!(
        v.verify(br#"{"EventType":"X"}"#),
        Err(CallbackError::Envelope(EnvelopeError::MissingField {
            field: "EventData"
        }))
    ));
    // Signed, but EventData is not of the documented shape, or not JSON.
    for (data, missing) in [
        (r#"{"AppId":"a","TaskId":"t","Code":0}"#, "RoomId"),
        (
            r#"{"AppId":"a","RoomId":"r","TaskId":"t","Code":"zero"}"#,
            "invalid type",
        ),
    ] {
        let e = signed("RecordStarted", data);
        let envelope = v.verify(e.to_json().as_bytes()).unwrap();
        let Err(EventError::WrongShape { reason, .. }) = envelope.event::<Event>() else {
            panic!("{data}")
        };
        assert!(reason.contains(missing), "{reason}");
    }
    let e = signed("RecordStarted", "not json");
    let envelope = v.verify(e.to_json().as_bytes()).unwrap();
    assert!(matches!(
        envelope.event::<Event>(),
        Err(EventError::NotJson { .. })
    ));
}

#[test]
fn documented_events_decode_typed() {
    let e = signed(
        "VoiceChat",
        r#"{"AppId":"a","RoomId":"r","TaskId":"t","UserID":"u","RoundID":2,"EventTime":1611736812853,
            "EventType":1,"RunStage":"asr","ErrorInfo":{"Errorcode":1003001,"Reason":"asr"},"New":1}"#,
    );
    let Ok(Event::VoiceChat(vc)) = e.event::<Event>() else {
        panic!()
    };
    assert_eq!(vc.event_type, VoiceChatEventType::ERROR);
    assert_eq!(vc.run_stage, Some(RunStage::ASR));
    assert_eq!(vc.error_info.and_then(|i| i.errorcode), Some(1_003_001));
    let e = signed(
        "InvisibleUserLeaveRoom",
        r#"{"RoomId":"r","UserId":"u","Reason":"connectionLost"}"#,
    );
    let Ok(Event::InvisibleUserLeaveRoom(left)) = e.event::<Event>() else {
        panic!()
    };
    assert_eq!(left.reason, Some(LeaveReason::CONNECTION_LOST));
    // Undocumented: a named variant with the JSON; unknown: the type name kept.
    let e = signed("TranscodeStarted", r#"{"a":1}"#);
    assert!(matches!(e.event::<Event>(), Ok(Event::TranscodeStarted(d)) if d["a"] == 1));
    let e = signed("Brand New", r#"[1]"#);
    assert!(
        matches!(e.event::<Event>(), Ok(Event::Unknown { event_type, .. }) if event_type == "Brand New")
    );
    assert_eq!(Event::EVENT_TYPES.len(), 21);
}

/// The signer's output is accepted by the independent Python implementation of the documented
/// algorithm (with both spellings of the nonce), and a changed byte is not.
#[test]
fn signed_envelopes_pass_the_independent_check() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/verify_callback.py");
    let run = |body: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .env("VOLC_RTC_CALLBACK_SECRET", "s3cret")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 runs (the vectors need it)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(body.as_bytes())
            .unwrap();
        child.wait().unwrap().success()
    };
    let e = signed("RecordStarted", r#"{"RoomId":"房间 1","TaskId":"t"}"#);
    assert!(run(&e.to_json()));
    assert!(run(&e.to_json().replace("\"Nonce\"", "\"Noce\"")));
    assert!(!run(&e.to_json().replace("房间 1", "房间 2")));
}
