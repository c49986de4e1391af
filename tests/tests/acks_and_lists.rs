//! Acknowledgement results (`result_type: ack`) and list getters on answers: StopRecord answers an
//! `Ack` (no `Option` to handle) through the client and the fake server, GetRecordTask answers its
//! task (not an `Option`), every documented acknowledgement decodes, and an answer's optional list
//! reads as a slice.

use std::time::Duration;

use volcengine_fake::{test_credentials, FakeServer};
use volcengine_openapi::{Ack, RateLimit};
use volcengine_rtc::rtc::get_record_task::{
    GetRecordTaskRequest, GetRecordTaskRequired, RecordTask,
};
use volcengine_rtc::rtc::get_room_online_users::GetRoomOnlineUsersResult;
use volcengine_rtc::rtc::kick_user::KickUserResult;
use volcengine_rtc::rtc::start_record::{
    RecordStorageConfig, StartRecordRequest, StartRecordRequired,
};
use volcengine_rtc::rtc::stop_record::{StopRecordRequest, StopRecordRequired};
use volcengine_rtc::rtc::types::{VodConfig, VodConfigRequired};
use volcengine_rtc::Client;

#[tokio::test]
async fn stop_record_answers_an_ack() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let client = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    // The fake keeps recording tasks: stopping needs one started.
    let started = client
        .start_record(StartRecordRequest::new(StartRecordRequired {
            app_id: "app1".into(),
            room_id: "room1".into(),
            task_id: "task1".into(),
            storage_config: RecordStorageConfig::Vod(VodConfig::new(VodConfigRequired {
                account_id: "200000000".into(),
                space: "recordings".into(),
            })),
        }))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(started.result.text(), Some("ok"));
    let request = StopRecordRequest::new(StopRecordRequired {
        app_id: "app1".into(),
        room_id: "room1".into(),
        task_id: "task1".into(),
    });
    let answer = client
        .stop_record(request)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let ack: &Ack = &answer.result;
    assert_eq!(ack.text(), Some("ok"));
    // A Get...Task call answers its task, not an `Option` of it: the stopped task reads as ended.
    let got = client
        .get_record_task(GetRecordTaskRequest::new(GetRecordTaskRequired {
            app_id: "app1".into(),
            room_id: "room1".into(),
            task_id: "task1".into(),
        }))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let task: &RecordTask = &got.result.record_task;
    assert_eq!(task.status.map(|s| s.0), Some(3), "{task:?}");
}

#[test]
fn every_acknowledgement_decodes_and_lists_read_as_slices() {
    for json in [r#""ok""#, r#""success""#, "null", "{}"] {
        let ack: Result<Ack, _> = serde_json::from_str(json);
        assert!(ack.is_ok(), "{json}");
    }
    // An object whose one member echoes "success" (KickUser's page) acknowledges with that text.
    let kicked: KickUserResult = serde_json::from_value(serde_json::json!({"message": "success"}))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kicked.text(), Some("success"));
    let absent: GetRoomOnlineUsersResult =
        serde_json::from_value(serde_json::json!({})).unwrap_or_else(|e| panic!("{e}"));
    assert!(absent.visible_user_list_or_empty().is_empty());
    let present: GetRoomOnlineUsersResult =
        serde_json::from_value(serde_json::json!({"VisibleUserList": ["u1", "u2"]}))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(present.visible_user_list_or_empty(), ["u1", "u2"]);
}
