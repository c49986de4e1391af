//! The fake server as a user meets it: state declared in the spec (`fake.records`, `paging`), so
//! that what one call does is what the next one sees. A conversation is created, members are added,
//! 25 messages are sent and paged back 10 at a time to the end, one is recalled and one deleted.

use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::im::types::{ConversationType, MsgType};
use volcengine_rtc::im::*;
use volcengine_rtc::Client;

const APP: i32 = 7;
const OWNER: i64 = 1001;
const GUEST: i64 = 1002;

fn client(server: &FakeServer) -> Client {
    Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .build()
        .expect("client")
}

async fn page(c: &Client, conversation: i64, cursor: i64) -> GetConversationMessagesResult {
    c.get_conversation_messages(GetConversationMessagesRequest::new(
        GetConversationMessagesRequired {
            app_id: APP,
            conversation_short_id: conversation,
            cursor,
            limit: 10,
        },
    ))
    .await
    .expect("page")
    .into_result()
}

async fn all_messages(
    c: &Client,
    conversation: i64,
) -> Vec<volcengine_rtc::im::types::MessageInfo> {
    let mut cursor = 0;
    let mut out = Vec::new();
    for _ in 0..100 {
        let p = page(c, conversation, cursor).await;
        out.extend(p.messages);
        if !p.has_more {
            return out;
        }
        cursor = p.new_cursor;
    }
    panic!("paging did not end");
}

#[tokio::test]
async fn create_add_members_send_page_recall_and_delete() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    server.require_membership(true);
    let c = client(&server);

    let created = c
        .create_conversation(CreateConversationRequest::new(CreateConversationRequired {
            app_id: APP,
            conversation_core_info: create_conversation::NewConversationInfo::new(
                create_conversation::NewConversationInfoRequired {
                    conversation_type: ConversationType::GROUP,
                },
            ),
            owner_user_id: OWNER,
        }))
        .await
        .expect("created");
    let id = created.conversation_short_id;
    let info = &created.conversation_info;
    assert_eq!(info.conversation_short_id, id, "one id everywhere");
    assert_eq!(info.conversation_id, created.conversation_id);
    assert_eq!(created.conversation_id, id.to_string());
    assert!(server.is_member(id, OWNER), "the owner is a member");
    assert!(!server.is_member(id, GUEST));

    // Not a member yet: refused.
    let send = |sender: i64, n: usize| {
        SendMessageRequest::new(SendMessageRequired {
            app_id: APP,
            sender,
            conversation_short_id: id,
            msg_type: MsgType::TEXT,
            content: format!(r#"{{"text":"message {n}"}}"#),
        })
    };
    let refused = c
        .send_message(send(GUEST, 0))
        .await
        .expect_err("not a member");
    assert_eq!(
        refused.as_api().map(|e| e.code.as_str()),
        Some("ParticipantNotInConversation")
    );

    c.batch_add_conversation_participant(BatchAddConversationParticipantRequest::new(
        BatchAddConversationParticipantRequired {
            app_id: APP,
            conversation_short_id: id,
            operator: OWNER,
            participant_infos: vec![batch_add_conversation_participant::NewParticipantInfo::new(
                batch_add_conversation_participant::NewParticipantInfoRequired {
                    participant_user_id: GUEST,
                },
            )],
        },
    ))
    .await
    .expect("added");
    assert!(
        server.is_member(id, GUEST),
        "participants added become members"
    );

    let mut sent = Vec::new();
    for n in 0..25 {
        let sender = if n % 2 == 0 { OWNER } else { GUEST };
        sent.push(
            c.send_message(send(sender, n))
                .await
                .expect("sent")
                .message_id,
        );
    }

    // Paging: 10, 10, 5, then the end.
    let first = page(&c, id, 0).await;
    assert_eq!((first.messages.len(), first.has_more), (10, true));
    let second = page(&c, id, first.new_cursor).await;
    assert_eq!((second.messages.len(), second.has_more), (10, true));
    let third = page(&c, id, second.new_cursor).await;
    assert_eq!((third.messages.len(), third.has_more), (5, false));

    let listed = all_messages(&c, id).await;
    let ids: Vec<i64> = listed.iter().map(|m| m.message_id).collect();
    assert_eq!(ids, sent, "every message, in the order sent");
    assert!(listed[3].content.contains("message 3"));
    assert_eq!(listed[3].sender, GUEST);
    assert!(listed.iter().all(|m| m.status == 0));

    // Recall one: still listed, recalled. Delete another: gone.
    c.recall_message(RecallMessageRequest::new(RecallMessageRequired {
        app_id: APP,
        conversation_short_id: id,
        message_id: sent[4],
        participant_user_id: OWNER,
    }))
    .await
    .expect("recalled");
    c.delete_conversation_message(DeleteConversationMessageRequest::new(
        DeleteConversationMessageRequired {
            app_id: APP,
            conversation_short_id: id,
            message_id: sent[5],
        },
    ))
    .await
    .expect("deleted");
    let listed = all_messages(&c, id).await;
    assert_eq!(listed.len(), 24);
    assert!(listed.iter().all(|m| m.message_id != sent[5]));
    let recalled = listed
        .iter()
        .find(|m| m.message_id == sent[4])
        .expect("kept");
    assert_eq!(recalled.status, 3);

    // A message that does not exist cannot be recalled.
    let missing = c
        .recall_message(RecallMessageRequest::new(RecallMessageRequired {
            app_id: APP,
            conversation_short_id: id,
            message_id: 1,
            participant_user_id: OWNER,
        }))
        .await
        .expect_err("missing");
    assert_eq!(
        missing.as_api().map(|e| e.code.as_str()),
        Some("MessageNotFound")
    );
    // Another conversation has no messages.
    assert!(all_messages(&c, id + 1).await.is_empty());
}

#[tokio::test]
async fn a_test_can_set_an_answer_and_read_the_records() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = client(&server);
    server.set_answer("SendMessage", serde_json::json!({"MessageId": 42}));
    let sent = c
        .send_message(SendMessageRequest::new(SendMessageRequired {
            app_id: APP,
            sender: OWNER,
            conversation_short_id: 9,
            msg_type: MsgType::TEXT,
            content: "{}".into(),
        }))
        .await
        .expect("sent");
    // `new_ids` still mints a fresh id over the set answer; the record keeps what was answered.
    let records = server.records("messages");
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["MessageId"], serde_json::json!(sent.message_id));
    assert_eq!(records[0]["ConversationShortId"], serde_json::json!(9));
}

/// An RTC task started is reported by its Get*Task action by (AppId, RoomId, TaskId), running, and
/// after its Stop* action as ended: declared in the spec (`fake.records`), through the registry.
#[tokio::test]
async fn a_started_task_is_reported_until_stopped() {
    let server = FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = client(&server);
    let call = |action: &'static str, request: serde_json::Value| {
        let c = c.clone();
        async move {
            let entry = volcengine_rtc::registry::find(action, None).expect("in the spec");
            (entry.call_json)(
                c.runtime(),
                request,
                &volcengine_rtc::CallOptions::default(),
            )
            .await
            .unwrap_or_else(|e| panic!("{action}: {e}"))
        }
    };
    let example = |action: &str| -> serde_json::Value {
        let entry = volcengine_rtc::registry::find(action, None).expect("in the spec");
        serde_json::from_str(entry.info.example_request).expect("json")
    };
    let task = serde_json::json!({"AppId": "app1", "RoomId": "room1", "TaskId": "task1"});
    let mut start = example("StartRecord");
    for k in ["AppId", "RoomId", "TaskId"] {
        start[k] = task[k].clone();
    }
    assert_eq!(call("StartRecord", start).await, serde_json::json!("ok"));
    let running = call("GetRecordTask", task.clone()).await;
    assert_eq!(
        running["RecordTask"]["Status"],
        serde_json::json!(2),
        "{running}"
    );
    call("StopRecord", task.clone()).await;
    let stopped = call("GetRecordTask", task.clone()).await;
    assert_eq!(
        stopped["RecordTask"]["Status"],
        serde_json::json!(3),
        "{stopped}"
    );
    assert_eq!(
        stopped["RecordTask"]["StopReason"],
        serde_json::json!("StopByAPI")
    );
    assert_eq!(server.records("record_tasks").len(), 1);
}
