// A request is built with `new` and setters, never as a struct literal: the spec may add optional
// fields (a minor change, VERSIONING.md), and a literal would stop compiling then.
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};

fn main() {
    let built = SendMessageRequest::new(SendMessageRequired {
        app_id: 1,
        sender: 2,
        conversation_short_id: 3,
        msg_type: MsgType::TEXT,
        content: String::new(),
    });
    let _literal = SendMessageRequest { ..built };
}
