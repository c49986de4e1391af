//! `CallbackEventType` (the events a callback configuration subscribes to, `EventList`) takes its
//! values from the callback files (`values_from: callbacks`): every documented event is one of its
//! constants, and a type the spec does not list is still accepted (the enum is open).

use volcengine_rtc::rtc::types::CallbackEventType;

#[test]
fn every_documented_event_is_a_constant() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec/callbacks/rtc");
    let mut events = 0;
    for entry in std::fs::read_dir(&dir).expect("reads the rtc callback files") {
        let path = entry.expect("an entry").path();
        let Some(event) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "yaml") {
            events += 1;
            let value = CallbackEventType::from(event.to_string());
            assert!(
                value.is_known(),
                "{event} is not a constant: {}",
                CallbackEventType::DOCUMENTED
            );
            assert_eq!(value.name(), Some(event));
        }
    }
    assert!(events > 0);
    assert!(!CallbackEventType::from("SomeFutureEvent").is_known());
}

#[test]
fn event_lists_take_the_constants_and_others() {
    use volcengine_rtc::rtc::CreateCallbackRequest;
    let body = serde_json::json!({
        "AppID": "app1", "BusinessId": "b1", "URL": "https://example.com/cb", "SecretKey": "s",
        "EventList": ["RecordStarted", "SomeFutureEvent"]
    });
    let request: CreateCallbackRequest = serde_json::from_value(body).expect("a request");
    assert_eq!(
        request.event_list,
        [
            CallbackEventType::RECORD_STARTED,
            CallbackEventType::from("SomeFutureEvent")
        ]
    );
}
