use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};

fn main() {
    let _ = SendMessageRequest::new(SendMessageRequired {
        app_id: 1,
        conversation_short_id: 2,
        msg_type: MsgType::TEXT,
        content: String::new(),
    });
}
