use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::SendMessageRequired;

fn main() {
    // Required fields are named: a positional (tuple-like) construction does not exist.
    let _ = SendMessageRequired(1, 10001, 7221856821303362000, MsgType::TEXT, String::new());
}
