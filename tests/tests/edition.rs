//! The BytePlus edition from the Rust builder: `Client::builder().edition("byteplus")` signs for
//! `open.byteplusapi.com`, region `ap-singapore-1`, service `rtc` (all from `service.yaml`'s
//! `editions`), refuses the families the edition does not serve before any I/O, and an unknown
//! edition is a configuration error naming the known ones.

use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::rtc::{StopRecordRequest, StopRecordRequired};
use volcengine_rtc::{Client, ConfigErrorKind, Credentials, Error};

fn stop_record() -> StopRecordRequest {
    StopRecordRequest::new(StopRecordRequired {
        app_id: "app".into(),
        room_id: "room".into(),
        task_id: "task".into(),
    })
}

fn builder() -> volcengine_rtc::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKLTedition", "secret"))
        .no_config_file()
}

#[test]
fn the_byteplus_edition_signs_for_its_host_region_and_service() {
    let client = builder().edition("byteplus").build().expect("client");
    assert_eq!(client.region(), "ap-singapore-1");
    assert_eq!(client.edition().map(|e| e.name), Some("byteplus"));
    let prepared = client.prepare_signed(stop_record()).expect("prepared");
    let url = reqwest::Url::parse(&prepared.url).expect("url");
    assert_eq!(url.host_str(), Some("open.byteplusapi.com"));
    assert_eq!(url.scheme(), "https");
    assert_eq!(prepared.headers["host"], "open.byteplusapi.com");
    let auth = prepared.headers["authorization"].to_str().expect("ascii");
    let scope = auth
        .split("Credential=AKLTedition/")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .expect("credential scope");
    assert!(scope.ends_with("/ap-singapore-1/rtc/request"), "{auth}");
}

#[test]
fn the_default_edition_is_volcengine_s_and_default_names_it() {
    for b in [builder(), builder().edition("default")] {
        let client = b.build().expect("client");
        assert!(client.edition().is_none());
        let prepared = client.prepare_signed(stop_record()).expect("prepared");
        assert!(
            prepared.url.starts_with("https://rtc.volcengineapi.com/"),
            "{}",
            prepared.url
        );
        let auth = prepared.headers["authorization"].to_str().expect("ascii");
        assert!(auth.contains("/cn-north-1/rtc/request"), "{auth}");
    }
}

#[test]
fn a_family_the_edition_does_not_serve_is_refused_before_any_io() {
    let client = builder().edition("byteplus").build().expect("client");
    let message = SendMessageRequest::new(SendMessageRequired {
        app_id: 1,
        sender: 2,
        conversation_short_id: 3,
        msg_type: MsgType::TEXT,
        content: "hi".into(),
    });
    match client.prepare_signed(message) {
        Err(Error::Config(e)) => {
            assert!(
                matches!(
                    e.kind,
                    ConfigErrorKind::EditionWithoutFamily { family: "im", .. }
                ),
                "{e:?}"
            );
            let msg = e.to_string();
            assert!(msg.contains("does not serve the `im` family"), "{msg}")
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn an_unknown_edition_names_the_known_ones() {
    match builder().edition("nowhere").build() {
        Err(Error::Config(e)) => {
            let msg = e.to_string();
            assert!(
                msg.contains("unknown edition `nowhere` (from the builder)"),
                "{msg}"
            );
            assert!(msg.contains("default, byteplus"), "{msg}");
        }
        other => panic!(
            "expected a configuration error, got {:?}",
            other.map(|_| ())
        ),
    }
}

#[test]
fn the_edition_s_region_table_is_its_own() {
    // Volcengine's other region is no BytePlus region.
    match builder().edition("byteplus").region("cn-north-1").build() {
        Err(Error::Config(e)) => {
            let msg = e.to_string();
            assert!(
                msg.contains("unknown region `cn-north-1` (from the builder)"),
                "{msg}"
            )
        }
        other => panic!(
            "expected a configuration error, got {:?}",
            other.map(|_| ())
        ),
    }
    // An explicit endpoint still wins (a fake server), signed with the edition's region.
    let client = builder()
        .edition("byteplus")
        .endpoint("http://127.0.0.1:9")
        .build()
        .expect("client");
    let prepared = client.prepare_signed(stop_record()).expect("prepared");
    assert!(prepared.url.starts_with("http://127.0.0.1:9/"));
    let auth = prepared.headers["authorization"].to_str().expect("ascii");
    assert!(auth.contains("/ap-singapore-1/rtc/request"), "{auth}");
}
