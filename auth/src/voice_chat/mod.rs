//! Conversational-AI (VoiceChat) server messages: subtitles, the agent's conversation state and
//! function-call requests POSTed to the `ServerMessageUrl` / `ServerMessageURLForRTS` you passed to
//! `StartVoiceChat` (and subtitles of `StartSubtitle`).
//!
//! The body is `{"message": <base64>, "signature": <the ServerMessageSignature you passed>}`; the
//! decoded message is a frame:
//!
//! ```text
//! magic (4 bytes) + length (u32, big-endian) + JSON (length bytes)
//! ```
//!
//! [`decode_message`] checks the signature and decodes the frame by its magic into a typed
//! [`ServerMessage`]: `subv` (VoiceChat subtitles) and `subt` (`StartSubtitle` subtitles) into
//! [`Subtitles`], `conv` into [`ConversationState`], `tool` into [`ToolCalls`], with the fields
//! the documentation gives (callbacks.md §5: VE 1337284, 1402679, 1415216, and the official client
//! volcengine/rtc-aigc-demo for `conv`'s stage codes and `tool`'s OpenAI-style shape). Another magic
//! is [`ServerMessage::Unknown`], its bytes kept. One endpoint can take them all (the pages ask for
//! one URL for subtitles and state). [`decode_server_message`] gives the frame as untyped JSON.
//!
//! The framing is decoded by hand rather than from spec data: it is one fixed binary layout, not a
//! family of JSON events, and the four payloads belong to the vendor's message protocol, not to an
//! app's OpenAPI surface.
//!
//! The `signature` is not a MAC: it is your static string sent back. It is compared in constant
//! time before anything else is decoded.
//!
//! ```
//! use volcengine_rtc_auth::voice_chat::{
//!     decode_message, encode_frame, server_message_body, Magic, ServerMessage,
//!     ServerMessageSignature, StageCode,
//! };
//!
//! let expected = ServerMessageSignature::new("s3cret");
//! // What the service POSTs (built here as a test would).
//! let json = br#"{"TaskId":"t1","UserID":"u1","RoundID":0,"Stage":{"Code":2,"Description":"thinking"}}"#;
//! let body = server_message_body(&encode_frame(Magic::CONVERSATION_STATE, json)?, &expected);
//!
//! match decode_message(body.as_bytes(), &expected)? {
//!     ServerMessage::ConversationState(c) => assert_eq!(c.stage.code, StageCode::THINKING),
//!     ServerMessage::Subtitle(s) => println!("{}", s.data[0].text),
//!     other => println!("{:?}", other.magic()),
//! }
//! # Ok::<(), volcengine_rtc_auth::voice_chat::ServerMessageError>(())
//! ```

use std::fmt;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use crate::callback::{string_fields, EnvelopeError};
use crate::secret::{ct_eq, secret_type};

mod frame;
mod payload;

pub use frame::{decode_frame, encode_frame, split_frame, Frame, Magic, HEADER_LEN};
pub use payload::{
    ConversationState, ServerMessage, Stage, StageCode, SubtitleLine, Subtitles, ToolCall,
    ToolCalls, ToolFunction,
};

/// The largest body [`decode_server_message`] reads: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

const BODY_FIELDS: [&str; 2] = ["message", "signature"];

/// Standard alphabet; padding optional (the sender's padding is not documented).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

secret_type!(
    /// The `ServerMessageSignature` you passed to `StartVoiceChat`, which every server message
    /// carries back as its `signature`. Its `Debug` and `Display` print `***`; it never
    /// appears in an error.
    ServerMessageSignature
);

/// Why a server message was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerMessageError {
    /// The body is not a `{"message", "signature"}` object of strings (too large, not JSON, a
    /// field missing, twice or not a string).
    Body(EnvelopeError),
    /// `signature` is not the expected string.
    BadSignature,
    /// `message` is not base64.
    BadBase64 {
        /// What the decoder said.
        reason: String,
    },
    /// The frame is shorter than its 8-byte header.
    TooShort {
        /// Its length.
        len: usize,
    },
    /// The header's length is not the number of bytes after it.
    LengthMismatch {
        /// The length in the header.
        declared: u32,
        /// The bytes after the header.
        actual: usize,
    },
    /// The payload is not JSON.
    BadJson {
        /// What the parser said.
        reason: String,
    },
    /// The payload of a documented magic is JSON, but not of its documented shape (a field
    /// missing or wrongly typed).
    WrongShape {
        /// The frame's magic.
        magic: Magic,
        /// What the decoder said.
        reason: String,
    },
    /// A payload too long to frame (more than `u32::MAX` bytes; [`encode_frame`]).
    TooLong {
        /// Its length.
        len: usize,
    },
    /// Not the magic asked for ([`decode_subtitle`]).
    WrongMagic {
        /// The one found.
        found: Magic,
        /// The one expected.
        expected: Magic,
    },
}

impl fmt::Display for ServerMessageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Body(e) => write!(f, "server message: {e}"),
            Self::BadSignature => {
                f.write_str("the server message's signature is not the expected string")
            }
            Self::BadBase64 { reason } => {
                write!(f, "the server message's `message` is not base64: {reason}")
            }
            Self::TooShort { len } => write!(
                f,
                "the server message's frame has {len} bytes, shorter than its {HEADER_LEN}-byte header"
            ),
            Self::LengthMismatch { declared, actual } => write!(
                f,
                "the server message's frame declares {declared} bytes of JSON but carries {actual}"
            ),
            Self::BadJson { reason } => {
                write!(f, "the server message's payload is not JSON: {reason}")
            }
            Self::WrongShape { magic, reason } => write!(
                f,
                "the server message's {magic} payload is not of the documented shape: {reason}"
            ),
            Self::TooLong { len } => write!(
                f,
                "a payload of {len} bytes is too long for a frame (at most {} bytes)",
                u32::MAX
            ),
            Self::WrongMagic { found, expected } => write!(
                f,
                "the server message's magic is {found:?}, expected {expected:?}"
            ),
        }
    }
}

impl std::error::Error for ServerMessageError {}

impl From<EnvelopeError> for ServerMessageError {
    fn from(e: EnvelopeError) -> Self {
        Self::Body(e)
    }
}

/// Reads a server-message body (at most [`DEFAULT_MAX_BODY`] bytes), checks its `signature`
/// against `expected` (constant time), and decodes its frame by its magic into a typed
/// [`ServerMessage`].
pub fn decode_message(
    body: &[u8],
    expected: &ServerMessageSignature,
) -> Result<ServerMessage, ServerMessageError> {
    decode_message_with_limit(body, expected, DEFAULT_MAX_BODY)
}

/// [`decode_message`] with a body limit of `max` bytes.
pub fn decode_message_with_limit(
    body: &[u8],
    expected: &ServerMessageSignature,
    max: usize,
) -> Result<ServerMessage, ServerMessageError> {
    ServerMessage::from_frame(&frame_bytes(body, expected, max)?)
}

/// The body the service POSTs for `frame` (see [`encode_frame`]): `{"message": <base64>,
/// "signature": ...}`. For tests and tools that play the service.
pub fn server_message_body(frame: &[u8], signature: &ServerMessageSignature) -> String {
    serde_json::json!({
        "message": base64::engine::general_purpose::STANDARD.encode(frame),
        "signature": signature.text(),
    })
    .to_string()
}

/// The checked body's frame bytes.
fn frame_bytes(
    body: &[u8],
    expected: &ServerMessageSignature,
    max: usize,
) -> Result<Vec<u8>, ServerMessageError> {
    let fields = string_fields(body, max, &BODY_FIELDS)?;
    let (Some(message), Some(signature)) = (fields.first(), fields.get(1)) else {
        return Err(EnvelopeError::MissingField { field: "message" }.into());
    };
    if !ct_eq(signature.as_bytes(), expected.bytes()) {
        return Err(ServerMessageError::BadSignature);
    }
    BASE64
        .decode(message)
        .map_err(|e| ServerMessageError::BadBase64 {
            reason: e.to_string(),
        })
}

/// Reads a server-message body (at most [`DEFAULT_MAX_BODY`] bytes), checks its `signature`
/// against `expected` (constant time), and decodes its frame as untyped JSON.
pub fn decode_server_message(
    body: &[u8],
    expected: &ServerMessageSignature,
) -> Result<Frame, ServerMessageError> {
    decode_server_message_with_limit(body, expected, DEFAULT_MAX_BODY)
}

/// [`decode_server_message`] with a body limit of `max` bytes.
pub fn decode_server_message_with_limit(
    body: &[u8],
    expected: &ServerMessageSignature,
    max: usize,
) -> Result<Frame, ServerMessageError> {
    decode_frame(&frame_bytes(body, expected, max)?)
}

/// [`decode_server_message`] for a subtitle: the frame's magic must be `subv`; its JSON is
/// returned.
pub fn decode_subtitle(
    body: &[u8],
    expected: &ServerMessageSignature,
) -> Result<serde_json::Value, ServerMessageError> {
    let frame = decode_server_message(body, expected)?;
    if frame.magic != Magic::SUBTITLE {
        return Err(ServerMessageError::WrongMagic {
            found: frame.magic,
            expected: Magic::SUBTITLE,
        });
    }
    Ok(frame.payload)
}
