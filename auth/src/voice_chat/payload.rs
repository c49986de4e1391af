//! The typed payloads of the documented server messages (callbacks.md §5): subtitles (`subv`,
//! `subt`), the agent's conversation state (`conv`) and function-call requests (`tool`). Fields
//! the documentation names are typed; unknown fields are ignored (messages gain fields over time);
//! a frame of another magic is kept as it came.

use serde::{Deserialize, Serialize};

use super::frame::{split_frame, Magic};
use super::ServerMessageError;

/// A server message, decoded by its magic.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ServerMessage {
    /// `subv`: subtitles of a VoiceChat agent task.
    Subtitle(Subtitles),
    /// `subt`: subtitles of a `StartSubtitle` task (the same JSON as `subv`).
    RoomSubtitle(Subtitles),
    /// `conv`: the agent's conversation state.
    ConversationState(ConversationState),
    /// `tool`: the agent asks your server to run functions.
    ToolCalls(ToolCalls),
    /// A magic the documentation does not name (yet), with its payload bytes as they came (not
    /// necessarily JSON).
    Unknown {
        /// The magic.
        magic: Magic,
        /// The bytes after the header.
        payload: Vec<u8>,
    },
}

/// The JSON of a subtitle message (`subv`, `subt`): `{"type": "subtitle", "data": [...]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Subtitles {
    /// `type`: `subtitle`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `data`: the sentences, in order.
    pub data: Vec<SubtitleLine>,
}

/// One subtitle sentence (`data[]` of a subtitle message).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SubtitleLine {
    /// `text`: the text so far.
    pub text: String,
    /// `userId`: who spoke (a user, or the agent's `UserId`).
    #[serde(rename = "userId")]
    pub user_id: String,
    /// `language`: the text's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// `sequence`: the sentence's sequence number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sequence: Option<i64>,
    /// `definite`: whether the text is final (a later message does not change it); absent, false.
    #[serde(default)]
    pub definite: bool,
    /// `paragraph`: whether the sentence is complete; absent, false.
    #[serde(default)]
    pub paragraph: bool,
}

/// The JSON of a conversation-state message (`conv`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ConversationState {
    /// `TaskId`: the agent task.
    #[serde(rename = "TaskId")]
    pub task_id: String,
    /// `UserID`: the user the agent talks with (capital `ID`, as documented).
    #[serde(rename = "UserID", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `RoundID`: the dialogue round, from 0.
    #[serde(rename = "RoundID", default, skip_serializing_if = "Option::is_none")]
    pub round_id: Option<i64>,
    /// `EventTime`: when, in Unix milliseconds.
    #[serde(rename = "EventTime", default, skip_serializing_if = "Option::is_none")]
    pub event_time_ms: Option<i64>,
    /// `Stage`: the agent's stage.
    #[serde(rename = "Stage")]
    pub stage: Stage,
}

/// `Stage` of a conversation-state message.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Stage {
    /// `Code`.
    #[serde(rename = "Code")]
    pub code: StageCode,
    /// `Description`: the stage in words.
    #[serde(
        rename = "Description",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub description: Option<String>,
}

/// The agent's stage (`Stage.Code`). Open: any value decodes; the documented ones are constants
/// (the doc table is cut after 2; 3-5 are the official client's, volcengine/rtc-aigc-demo).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StageCode(pub i64);

impl StageCode {
    /// 0: unknown.
    pub const UNKNOWN: Self = Self(0);
    /// 1: listening.
    pub const LISTENING: Self = Self(1);
    /// 2: thinking.
    pub const THINKING: Self = Self(2);
    /// 3: speaking.
    pub const SPEAKING: Self = Self(3);
    /// 4: interrupted.
    pub const INTERRUPTED: Self = Self(4);
    /// 5: finished.
    pub const FINISHED: Self = Self(5);

    /// The documented name of this code, if it is a documented one.
    pub fn name(self) -> Option<&'static str> {
        const NAMES: [&str; 6] = [
            "Unknown",
            "Listening",
            "Thinking",
            "Speaking",
            "Interrupted",
            "Finished",
        ];
        usize::try_from(self.0)
            .ok()
            .and_then(|i| NAMES.get(i).copied())
    }
}

/// The JSON of a function-call message (`tool`), OpenAI-style: `{"tool_calls": [...]}`. Answer
/// each call with `UpdateVoiceChat` (`Command: function`, `Message: {"ToolCallID", "Content"}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolCalls {
    /// `tool_calls`: the calls asked for.
    pub tool_calls: Vec<ToolCall>,
}

/// One function call (`tool_calls[]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolCall {
    /// `id`: answer with it as `ToolCallID`.
    pub id: String,
    /// `type`: `function`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// `function`: what to call.
    pub function: ToolFunction,
}

/// `function` of a function call.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ToolFunction {
    /// `name`: the function's name, as configured in `FunctionCallingConfig`.
    pub name: String,
    /// `arguments`: the call's arguments (OpenAI-style, a JSON text; kept as sent, since the
    /// server-side page is cut before the format).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arguments: Option<serde_json::Value>,
}

impl ServerMessage {
    /// Decodes a frame (magic, big-endian length, payload) by its magic: a documented magic's
    /// payload must be JSON ([`ServerMessageError::BadJson`]) of the documented shape
    /// ([`ServerMessageError::WrongShape`]); another magic is [`ServerMessage::Unknown`].
    pub fn from_frame(binary: &[u8]) -> Result<Self, ServerMessageError> {
        let (magic, payload) = split_frame(binary)?;
        fn typed<T: serde::de::DeserializeOwned>(
            magic: Magic,
            json: &[u8],
        ) -> Result<T, ServerMessageError> {
            let value: serde_json::Value =
                serde_json::from_slice(json).map_err(|e| ServerMessageError::BadJson {
                    reason: e.to_string(),
                })?;
            serde_json::from_value(value).map_err(|e| ServerMessageError::WrongShape {
                magic,
                reason: e.to_string(),
            })
        }
        Ok(match magic {
            Magic::SUBTITLE => Self::Subtitle(typed(magic, payload)?),
            Magic::ROOM_SUBTITLE => Self::RoomSubtitle(typed(magic, payload)?),
            Magic::CONVERSATION_STATE => Self::ConversationState(typed(magic, payload)?),
            Magic::TOOL_CALLS => Self::ToolCalls(typed(magic, payload)?),
            _ => Self::Unknown {
                magic,
                payload: payload.to_vec(),
            },
        })
    }

    /// The frame's magic.
    pub fn magic(&self) -> Magic {
        match self {
            Self::Subtitle(_) => Magic::SUBTITLE,
            Self::RoomSubtitle(_) => Magic::ROOM_SUBTITLE,
            Self::ConversationState(_) => Magic::CONVERSATION_STATE,
            Self::ToolCalls(_) => Magic::TOOL_CALLS,
            Self::Unknown { magic, .. } => *magic,
        }
    }

    /// The payload as JSON text (a typed payload re-serialised; an unknown one's bytes as they
    /// came): with [`Self::magic`], what [`super::encode_frame`] frames back.
    pub fn payload_bytes(&self) -> Vec<u8> {
        let json = match self {
            Self::Subtitle(s) | Self::RoomSubtitle(s) => serde_json::to_vec(s),
            Self::ConversationState(c) => serde_json::to_vec(c),
            Self::ToolCalls(t) => serde_json::to_vec(t),
            Self::Unknown { payload, .. } => return payload.clone(),
        };
        // Plain structs of strings, numbers and JSON values always serialise.
        json.unwrap_or_default()
    }
}
