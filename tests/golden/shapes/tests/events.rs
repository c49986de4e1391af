//! Adding an event is YAML only: `tests/fixtures/shapes/api-spec/callbacks/rtc/ShapeFinished.yaml`
//! alone makes `ShapeFinished` a typed variant of the fixture's `Event`, decoded from a signed
//! envelope; `ShapeVanished` (no fields) a variant carrying JSON.

use shapes_golden::callbacks::rtc::{Event, ShapeMood};
use volcengine_rtc_auth::{CallbackSecret, EnvelopeBuilder, Verifier};

#[test]
fn an_event_added_as_yaml_decodes_typed() {
    let secret = CallbackSecret::new("s");
    let body = EnvelopeBuilder::new(
        "ShapeFinished",
        r#"{"ShapeId":"sq","Sides":4,"Mood":"happy","Tags":["a"],"Later":true}"#,
    )
    .sign(&secret)
    .to_json();
    let envelope = Verifier::new(secret).verify(body.as_bytes()).unwrap();
    let Ok(Event::ShapeFinished(e)) = envelope.event::<Event>() else {
        panic!("{:?}", envelope.event::<Event>())
    };
    assert_eq!(e.shape_id, "sq");
    assert_eq!(e.sides, Some(4));
    assert_eq!(e.mood, Some(ShapeMood::HAPPY));
    assert_eq!(e.tags.as_deref(), Some(&["a".to_string()][..]));
    assert!(matches!(
        Event::decode("ShapeVanished", r#"{"x":1}"#),
        Ok(Event::ShapeVanished(v)) if v["x"] == 1
    ));
    assert!(Event::decode("ShapeFinished", r#"{"Sides":4}"#).is_err());
    assert_eq!(Event::EVENT_TYPES, ["ShapeFinished", "ShapeVanished"]);
}

#[test]
fn a_sensitive_event_field_is_masked_in_debug() {
    let Ok(Event::ShapeFinished(e)) = Event::decode(
        "ShapeFinished",
        r#"{"ShapeId":"sq","StorageKey":"hunter2-secret"}"#,
    ) else {
        panic!("decodes")
    };
    assert_eq!(e.storage_key.as_deref(), Some("hunter2-secret"));
    // Tools that print events as JSON mask these paths.
    let event = Event::ShapeFinished(e.clone());
    assert_eq!(event.sensitive_paths(), ["StorageKey"]);
    let mut json = serde_json::to_value(&event).unwrap();
    volcengine_openapi::sensitive::mask_json(&mut json, event.sensitive_paths());
    assert_eq!(json["StorageKey"], "***");
    assert!(Event::decode("ShapeVanished", "{}")
        .unwrap()
        .sensitive_paths()
        .is_empty());
    for shown in [
        format!("{e:?}"),
        format!("{:?}", Event::ShapeFinished(e.clone())),
    ] {
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("storage_key: Some(***)"), "{shown}");
        assert!(shown.contains("shape_id: \"sq\""), "{shown}");
    }
    // Absent, it shows as absent.
    let Ok(Event::ShapeFinished(e)) = Event::decode("ShapeFinished", r#"{"ShapeId":"sq"}"#) else {
        panic!("decodes")
    };
    assert!(format!("{e:?}").contains("storage_key: None"));
}
