//! The binary frame of a server message: a 4-byte magic, a 4-byte big-endian length, and that
//! many bytes of payload (JSON for every documented magic). Reading it never allocates more than
//! the input: the declared length must be exactly the bytes that follow.

use std::fmt;

use super::ServerMessageError;

/// The length of a frame's header: magic and length.
pub const HEADER_LEN: usize = 8;

/// A frame's 4-byte magic.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Magic(pub [u8; 4]);

impl Magic {
    /// `subv`: a VoiceChat subtitle (`StartVoiceChat`'s `SubtitleConfig.ServerMessageUrl`).
    pub const SUBTITLE: Self = Self(*b"subv");
    /// `subt`: a subtitle of a `StartSubtitle` task (not an agent's); the same JSON as `subv`.
    pub const ROOM_SUBTITLE: Self = Self(*b"subt");
    /// `conv`: the agent's conversation state (`AgentConfig.ServerMessageURLForRTS`, with
    /// `EnableConversationStateCallback`).
    pub const CONVERSATION_STATE: Self = Self(*b"conv");
    /// `tool`: a function-call request of the agent (`FunctionCallingConfig.ServerMessageUrl`).
    pub const TOOL_CALLS: Self = Self(*b"tool");
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

/// A decoded frame whose payload is JSON (see [`super::ServerMessage`] for the typed payloads).
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

/// Splits a frame into its magic and payload bytes: the header's big-endian length must be
/// exactly the number of bytes after the header.
pub fn split_frame(binary: &[u8]) -> Result<(Magic, &[u8]), ServerMessageError> {
    let (Some(magic), Some(len), Some(rest)) = (
        binary.get(..4),
        binary.get(4..HEADER_LEN),
        binary.get(HEADER_LEN..),
    ) else {
        return Err(ServerMessageError::TooShort { len: binary.len() });
    };
    let mut m = [0u8; 4];
    m.copy_from_slice(magic);
    let declared = u32::from_be_bytes([len[0], len[1], len[2], len[3]]);
    if u64::from(declared) != rest.len() as u64 {
        return Err(ServerMessageError::LengthMismatch {
            declared,
            actual: rest.len(),
        });
    }
    Ok((Magic(m), rest))
}

/// Decodes a frame: magic, big-endian length (which must be exactly the rest), JSON.
pub fn decode_frame(binary: &[u8]) -> Result<Frame, ServerMessageError> {
    let (magic, json) = split_frame(binary)?;
    let payload = serde_json::from_slice(json).map_err(|e| ServerMessageError::BadJson {
        reason: e.to_string(),
    })?;
    Ok(Frame { magic, payload })
}

/// Writes a frame: `magic`, the payload's length (big-endian), the payload. A payload longer than
/// `u32::MAX` bytes cannot be framed: [`ServerMessageError::TooLong`].
pub fn encode_frame(magic: Magic, payload: &[u8]) -> Result<Vec<u8>, ServerMessageError> {
    let len = u32::try_from(payload.len())
        .map_err(|_| ServerMessageError::TooLong { len: payload.len() })?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&magic.0);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    Ok(out)
}
