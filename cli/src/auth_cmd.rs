//! `volc-rtc token ...` and `volc-rtc callback ...`: room tokens and server callbacks
//! (crate `volcengine-rtc-auth`), parsed with clap.
//!
//! ```text
//! volc-rtc token create --app-id ID (--room ROOM | --any-room | --messaging-login) --user USER
//!          [--expire-at UNIX] [--publish UNTIL] [--subscribe UNTIL] [--privilege N:UNTIL]...
//!          [--nonce N] [--issued-at UNIX] [--allow-any-ids]
//! volc-rtc token inspect TOKEN
//! volc-rtc token verify TOKEN [--now UNIX] [--require publish|subscribe|N]...
//! volc-rtc callback verify [--print] [--max-body BYTES] [--app-id ID] [--freshness SECS [--now UNIX]]
//!          (the body on stdin)
//! volc-rtc callback sign --event-type TYPE --data JSON [--app-id ID] [--event-time RFC3339 | --now UNIX]
//!          [--event-id ID] [--nonce N] [--noce]
//! ```
//!
//! UNTIL and UNIX are Unix seconds; `0` means no expiry (of its own, for a privilege). The AppKey
//! comes from `VOLC_RTC_APP_KEY` and the callback secret from `VOLC_RTC_CALLBACK_SECRET`, never
//! from an argument, and neither is ever printed.
//!
//! Exit status: 0 success (the token or callback is valid); 1 the token or callback is malformed
//! or not valid (bad signature, expired, a required privilege missing or expired), the reason on
//! stderr; 2 usage; 5 configuration (a variable not set, stdin unreadable).

use std::io::Read;

use clap::{ArgGroup, Args, Parser, Subcommand};
use volcengine_rtc::callbacks::rtc::Event;
use volcengine_rtc_auth::callback::DEFAULT_MAX_BODY;
use volcengine_rtc_auth::{
    AccessToken, AppId, AppKey, CallbackSecret, EnvelopeBuilder, Privilege, Room, TokenBuilder,
    Verifier,
};

/// The AppKey's environment variable.
pub const APP_KEY_VAR: &str = "VOLC_RTC_APP_KEY";
/// The callback secret's environment variable.
pub const CALLBACK_SECRET_VAR: &str = "VOLC_RTC_CALLBACK_SECRET";

const INVALID: i32 = 1;
const USAGE: i32 = 2;
const CONFIG: i32 = 5;

#[derive(Parser, Debug)]
#[command(name = "volc-rtc", about = "Room tokens and server callbacks")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Room tokens (AccessToken 001). The AppKey comes from VOLC_RTC_APP_KEY.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Server callbacks (RTC and IM). The secret comes from VOLC_RTC_CALLBACK_SECRET.
    #[command(subcommand)]
    Callback(CallbackCommand),
}

/// `volc-rtc token ...`: room tokens (AccessToken 001). The AppKey comes from VOLC_RTC_APP_KEY.
#[derive(clap::Args, Debug)]
pub struct TokenArgs {
    #[command(subcommand)]
    command: TokenCommand,
}

/// `volc-rtc callback ...`: server callbacks (RTC and IM). The secret comes from
/// VOLC_RTC_CALLBACK_SECRET.
#[derive(clap::Args, Debug)]
pub struct CallbackArgs {
    #[command(subcommand)]
    command: CallbackCommand,
}

impl TokenArgs {
    /// Runs the command; answers the exit status.
    pub fn exit_status(self) -> i32 {
        dispatch(Command::Token(self.command))
    }
}

impl CallbackArgs {
    /// Runs the command; answers the exit status.
    pub fn exit_status(self) -> i32 {
        dispatch(Command::Callback(self.command))
    }
}

#[derive(Subcommand, Debug)]
enum TokenCommand {
    /// Mint a token and print it alone on stdout.
    Create(CreateArgs),
    /// Print a token's fields as JSON (no key needed; nothing is verified).
    Inspect {
        /// The token.
        token: String,
    },
    /// Exit 0 when the token's signature is the AppKey's and it has not expired.
    Verify {
        /// The token.
        token: String,
        /// The clock, Unix seconds (default: now).
        #[arg(long, value_name = "UNIX")]
        now: Option<u64>,
        /// A privilege that must be granted at that time: publish, subscribe or a number.
        #[arg(long, value_name = "PRIVILEGE", value_parser = parse_privilege)]
        require: Vec<Privilege>,
    },
}

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("room_choice").required(true).args(["room", "any_room", "messaging_login"])))]
struct CreateArgs {
    /// The AppId (24 characters).
    #[arg(long, value_name = "ID")]
    app_id: String,
    /// The RoomId.
    #[arg(long, value_name = "ROOM")]
    room: Option<String>,
    /// A wildcard token, valid in any room (RoomId "*").
    #[arg(long)]
    any_room: bool,
    /// The token for logging in to real-time messaging (RoomId "").
    #[arg(long)]
    messaging_login: bool,
    /// The UserId.
    #[arg(long, value_name = "USER")]
    user: String,
    /// When the token expires, Unix seconds (0: never).
    #[arg(long, value_name = "UNIX", default_value_t = 0)]
    expire_at: u32,
    /// Grant publishing (with audio, video and data) until then (0: no expiry of its own).
    #[arg(long, value_name = "UNTIL")]
    publish: Option<u32>,
    /// Grant subscribing until then (0: no expiry of its own).
    #[arg(long, value_name = "UNTIL")]
    subscribe: Option<u32>,
    /// Grant any privilege number until then, as N:UNTIL (repeatable).
    #[arg(long, value_name = "N:UNTIL", value_parser = parse_privilege_until)]
    privilege: Vec<(Privilege, u32)>,
    /// The nonce (default: random).
    #[arg(long, value_name = "N")]
    nonce: Option<u32>,
    /// The issue time, Unix seconds (default: now).
    #[arg(long, value_name = "UNIX")]
    issued_at: Option<u32>,
    /// Accept any UTF-8 ids, not only `^[a-zA-Z0-9@._-]{1,128}$` (clients refuse such ids).
    #[arg(long)]
    allow_any_ids: bool,
}

#[derive(Subcommand, Debug)]
enum CallbackCommand {
    /// Read a callback body on stdin; exit 0 when its signature is the secret's (and, as asked, its
    /// AppId and EventTime fit).
    Verify(VerifyCallbackArgs),
    /// Print a signed callback body for an event type and EventData (for testing a webhook).
    Sign(SignCallbackArgs),
}

#[derive(Args, Debug)]
struct VerifyCallbackArgs {
    /// Print the envelope and its event, decoded by type (typed where the spec documents it).
    #[arg(long)]
    print: bool,
    /// The largest body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BODY)]
    max_body: usize,
    /// Refuse a callback for another AppId.
    #[arg(long, value_name = "ID")]
    app_id: Option<String>,
    /// Refuse a callback whose EventTime is more than SECS from now.
    #[arg(long, value_name = "SECS")]
    freshness: Option<u64>,
    /// The time now for --freshness, Unix seconds (default: the clock).
    #[arg(long, value_name = "UNIX")]
    now: Option<i64>,
}

#[derive(Args, Debug)]
struct SignCallbackArgs {
    /// EventType, e.g. RecordStarted.
    #[arg(long, value_name = "TYPE")]
    event_type: String,
    /// EventData: a JSON document (signed exactly as given).
    #[arg(long, value_name = "JSON")]
    data: String,
    /// AppId.
    #[arg(long, value_name = "ID", default_value = "")]
    app_id: String,
    /// EventTime as text (default: now, RFC 3339).
    #[arg(long, value_name = "RFC3339", conflicts_with = "now")]
    event_time: Option<String>,
    /// EventTime from Unix seconds.
    #[arg(long, value_name = "UNIX")]
    now: Option<i64>,
    /// EventId (default: fresh, random).
    #[arg(long, value_name = "ID")]
    event_id: Option<String>,
    /// Nonce (default: four random digits).
    #[arg(long, value_name = "N")]
    nonce: Option<String>,
    /// Spell the nonce's key `Noce`, as BytePlus pages do.
    #[arg(long)]
    noce: bool,
}

fn parse_privilege(s: &str) -> Result<Privilege, String> {
    match s {
        "publish" => Ok(Privilege::PUBLISH_STREAM),
        "subscribe" => Ok(Privilege::SUBSCRIBE_STREAM),
        n => n
            .parse::<u16>()
            .map(Privilege::new)
            .map_err(|_| format!("{n:?} is not publish, subscribe or a number 0-65535")),
    }
}

fn parse_privilege_until(s: &str) -> Result<(Privilege, u32), String> {
    let (n, until) = s
        .split_once(':')
        .ok_or_else(|| format!("{s:?} is not N:UNTIL"))?;
    let p = parse_privilege(n)?;
    let until = until
        .parse::<u32>()
        .map_err(|_| format!("{until:?} is not Unix seconds"))?;
    Ok((p, until))
}

fn dispatch(command: Command) -> i32 {
    match command {
        Command::Token(TokenCommand::Create(a)) => create(a),
        Command::Token(TokenCommand::Inspect { token }) => inspect(&token),
        Command::Token(TokenCommand::Verify {
            token,
            now,
            require,
        }) => verify(&token, now, &require),
        Command::Callback(CallbackCommand::Verify(a)) => callback_verify(a),
        Command::Callback(CallbackCommand::Sign(a)) => callback_sign(a),
    }
}

fn fail(code: i32, msg: impl std::fmt::Display) -> i32 {
    eprintln!("error: {msg}");
    code
}

fn env_secret(var: &str) -> Result<String, i32> {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() => Ok(v),
        _ => Err(fail(CONFIG, format!("{var} is not set"))),
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn create(a: CreateArgs) -> i32 {
    let key = match env_secret(APP_KEY_VAR) {
        Ok(k) => AppKey::new(k),
        Err(code) => return code,
    };
    let app_id = match AppId::new(a.app_id.as_str()) {
        Ok(id) => id,
        Err(e) => return fail(USAGE, format!("--app-id: {e}")),
    };
    let room = match (a.room, a.any_room, a.messaging_login) {
        (Some(r), _, _) if r == "*" => {
            return fail(
                USAGE,
                "--room \"*\": ask for a wildcard token with --any-room",
            )
        }
        (Some(r), _, _) if r.is_empty() => {
            return fail(
                USAGE,
                "--room \"\": ask for the messaging-login token with --messaging-login",
            )
        }
        (Some(r), _, _) => Room::Id(r),
        (None, true, _) => Room::Any,
        _ => Room::MessagingLogin,
    };
    let mut b = TokenBuilder::new(app_id, room, a.user).expire_at(a.expire_at.into());
    if let Some(until) = a.publish {
        b = b.publish(until.into());
    }
    if let Some(until) = a.subscribe {
        b = b.subscribe(until.into());
    }
    for (p, until) in a.privilege {
        b = b.privilege(p, until.into());
    }
    if let Some(n) = a.nonce {
        b = b.nonce(n);
    }
    if let Some(t) = a.issued_at {
        b = b.issued_at(t.into());
    }
    if a.allow_any_ids {
        b = b.allow_any_ids();
    }
    match b.sign(&key) {
        Ok(token) => {
            println!("{token}");
            0
        }
        Err(e) => fail(USAGE, e),
    }
}

fn inspect(token: &str) -> i32 {
    match AccessToken::parse(token) {
        Ok(t) => match serde_json::to_string_pretty(&t) {
            Ok(json) => {
                println!("{json}");
                0
            }
            Err(e) => fail(INVALID, e),
        },
        Err(e) => fail(INVALID, format!("malformed token: {e}")),
    }
}

fn verify(token: &str, now_arg: Option<u64>, require: &[Privilege]) -> i32 {
    let key = match env_secret(APP_KEY_VAR) {
        Ok(k) => AppKey::new(k),
        Err(code) => return code,
    };
    let t = match AccessToken::parse(token) {
        Ok(t) => t,
        Err(e) => return fail(INVALID, format!("malformed token: {e}")),
    };
    match t.verify_privileges(&key, now_arg.unwrap_or_else(now), require) {
        Ok(()) => {
            eprintln!(
                "valid: user {:?}, room {:?}, expires {}",
                t.user_id(),
                t.room().as_str(),
                if t.expire_at() == 0 {
                    "never".to_string()
                } else {
                    t.expire_at().to_string()
                }
            );
            0
        }
        Err(e) => fail(INVALID, format!("invalid token: {e}")),
    }
}

fn callback_verify(a: VerifyCallbackArgs) -> i32 {
    let secret = match env_secret(CALLBACK_SECRET_VAR) {
        Ok(s) => CallbackSecret::new(s),
        Err(code) => return code,
    };
    let max_body = a.max_body;
    let mut body = Vec::new();
    // One byte more than the limit, so an oversized body is reported as such.
    let limit = u64::try_from(max_body)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    if let Err(e) = std::io::stdin().take(limit).read_to_end(&mut body) {
        return fail(CONFIG, format!("reading stdin: {e}"));
    }
    let mut verifier = Verifier::new(secret).max_body(max_body);
    if let Some(id) = a.app_id {
        verifier = verifier.app_id(id);
    }
    if let Some(secs) = a.freshness {
        verifier = verifier.freshness(std::time::Duration::from_secs(secs));
    }
    if let Some(now) = a.now {
        verifier = verifier.clock(move || now);
    }
    let envelope = match verifier.verify(&body) {
        Ok(e) => e,
        Err(e) => return fail(INVALID, format!("invalid callback: {e}")),
    };
    if a.print {
        let (event, debug, event_error) = match envelope.event::<Event>() {
            Ok(event) => {
                // Secrets an event carries (`sensitive` in its spec) print masked, as in Debug.
                let mut json = serde_json::to_value(&event).ok();
                if let Some(v) = json.as_mut() {
                    volcengine_openapi::sensitive::mask_json(v, event.sensitive_paths());
                }
                (json, Some(format!("{event:?}")), None)
            }
            Err(e) => (None, None, Some(e.to_string())),
        };
        let out = serde_json::json!({
            "EventType": envelope.event_type,
            "EventId": envelope.event_id,
            "EventTime": envelope.event_time,
            "AppId": envelope.app_id,
            "Version": envelope.version,
            "Nonce": envelope.nonce,
            "Event": event,
            "Typed": debug,
            "EventError": event_error,
        });
        match serde_json::to_string_pretty(&out) {
            Ok(json) => println!("{json}"),
            Err(e) => return fail(INVALID, e),
        }
    } else {
        eprintln!("valid: {} {}", envelope.event_type, envelope.event_id);
    }
    0
}

fn callback_sign(a: SignCallbackArgs) -> i32 {
    let secret = match env_secret(CALLBACK_SECRET_VAR) {
        Ok(s) => CallbackSecret::new(s),
        Err(code) => return code,
    };
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&a.data) {
        return fail(USAGE, format!("--data is not JSON: {e}"));
    }
    let mut b = EnvelopeBuilder::new(a.event_type, a.data).app_id(a.app_id);
    if let Some(t) = a.event_time {
        b = b.event_time(t);
    }
    if let Some(now) = a.now {
        b = b.event_time_unix(now);
    }
    if let Some(id) = a.event_id {
        b = b.event_id(id);
    }
    if let Some(n) = a.nonce {
        b = b.nonce(n);
    }
    let envelope = b.sign(&secret);
    let mut body = match serde_json::to_value(&envelope) {
        Ok(v) => v,
        Err(e) => return fail(INVALID, e),
    };
    if a.noce {
        if let Some(o) = body.as_object_mut() {
            if let Some(n) = o.remove("Nonce") {
                o.insert("Noce".into(), n);
            }
        }
    }
    println!("{body}");
    0
}
