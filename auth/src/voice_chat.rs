//! Conversational-AI (VoiceChat) server messages: subtitles and other agent messages POSTed to
//! the `ServerMessageUrl` you passed to `StartVoiceChat`.
//!
//! The body is `{"message": <base64>, "signature": <the ServerMessageSignature you passed>}`; the
//! decoded message is a frame:
//!
//! ```text
//! magic (4 bytes) + length (u32, big-endian) + JSON (length bytes)
//! ```
//!
//! The magic is `subv` for VoiceChat subtitles ([`Magic::SUBTITLE`]); other magics are kept as
//! they come ([`Magic`] is the four bytes). The stored documentation (the StartVoiceChat tables)
//! gives neither the other magics nor the subtitle JSON's fields, so the payload is raw JSON. (The
//! official demo's client code, volcengine/rtc-aigc-demo `src/utils/handler.ts`, reads `conv` for
//! agent state, `tool` for function calls, and subtitles as `{"data": [{"text", "definite",
//! "userId", "paragraph", ...}]}`; that is client-side and not relied on here.)
//!
//! The `signature` is not a MAC: it is your static string sent back. It is compared in constant
//! time before anything else is decoded.
//!
//! ```
//! use volcengine_rtc_auth::voice_chat::{decode_server_message, Magic, ServerMessageSignature};
//! # use base64::Engine as _;
//! # let frame = [&b"subv"[..], &7u32.to_be_bytes(), br#"{"a":1}"#].concat();
//! # let body = format!(r#"{{"message":"{}","signature":"s3cret"}}"#,
//! #     base64::engine::general_purpose::STANDARD.encode(&frame));
//! let expected = ServerMessageSignature::new("s3cret");
//! let frame = decode_server_message(body.as_bytes(), &expected)?;
//! assert_eq!(frame.magic, Magic::SUBTITLE);
//! assert_eq!(frame.payload["a"], 1);
//! # Ok::<(), volcengine_rtc_auth::voice_chat::ServerMessageError>(())
//! ```

use std::fmt;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use crate::callback::{string_fields, EnvelopeError};
use crate::secret::{ct_eq, secret_type};

/// The largest body [`decode_server_message`] reads: 1 MiB.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// The length of a frame's header: magic and length.
pub const HEADER_LEN: usize = 8;

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

/// A frame's 4-byte magic.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Magic(pub [u8; 4]);

impl Magic {
    /// `subv`: a VoiceChat subtitle.
    pub const SUBTITLE: Self = Self(*b"subv");
}

impl fmt::Debug for Magic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Magic({:?})", self.to_string())
    }
}

/// The four bytes as text, with non-printable bytes escaped (`\x00`).
impl fmt::Display for Magic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &b in &self.0 {
            if b.is_ascii_graphic() || b == b' ' {
                write!(f, "{}", char::from(b))?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

/// A decoded frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The magic.
    pub magic: Magic,
    /// The JSON.
    pub payload: serde_json::Value,
}

impl Frame {
    /// Whether it is a subtitle (`subv`).
    pub fn is_subtitle(&self) -> bool {
        self.magic == Magic::SUBTITLE
    }
}

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

/// Decodes a frame: magic, big-endian length (which must be exactly the rest), JSON.
pub fn decode_frame(binary: &[u8]) -> Result<Frame, ServerMessageError> {
    let (Some(magic), Some(len), Some(json)) = (
        binary.get(..4),
        binary.get(4..HEADER_LEN),
        binary.get(HEADER_LEN..),
    ) else {
        return Err(ServerMessageError::TooShort { len: binary.len() });
    };
    let mut m = [0u8; 4];
    m.copy_from_slice(magic);
    let declared = u32::from_be_bytes([len[0], len[1], len[2], len[3]]);
    if u64::from(declared) != json.len() as u64 {
        return Err(ServerMessageError::LengthMismatch {
            declared,
            actual: json.len(),
        });
    }
    let payload = serde_json::from_slice(json).map_err(|e| ServerMessageError::BadJson {
        reason: e.to_string(),
    })?;
    Ok(Frame {
        magic: Magic(m),
        payload,
    })
}

/// Reads a server-message body (at most [`DEFAULT_MAX_BODY`] bytes), checks its `signature`
/// against `expected` (constant time), and decodes its frame.
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
    let fields = string_fields(body, max, &BODY_FIELDS)?;
    let (Some(message), Some(signature)) = (fields.first(), fields.get(1)) else {
        return Err(EnvelopeError::MissingField { field: "message" }.into());
    };
    if !ct_eq(signature.as_bytes(), expected.bytes()) {
        return Err(ServerMessageError::BadSignature);
    }
    let binary = BASE64
        .decode(message)
        .map_err(|e| ServerMessageError::BadBase64 {
            reason: e.to_string(),
        })?;
    decode_frame(&binary)
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
