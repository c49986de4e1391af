//! The ids a token names: the AppId, the room, the user id's rules, the privileges, and the AppKey
//! that signs it.

use std::fmt;

use super::{APP_ID_LEN, MAX_ID_LEN};
use crate::secret::secret_type;

secret_type!(
    /// An app's AppKey, the HMAC key of its room tokens (from the RTC console). Its `Debug` and
    /// `Display` print `***`; it never appears in an error.
    AppKey
);

/// An RTC AppId: exactly [`APP_ID_LEN`] (24) printable ASCII characters, as it is written verbatim
/// into every token.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppId(pub(super) String);

impl AppId {
    /// Checks and wraps an AppId.
    pub fn new(app_id: impl Into<String>) -> Result<Self, AppIdError> {
        let app_id = app_id.into();
        check_app_id(&app_id)?;
        Ok(Self(app_id))
    }

    /// The AppId.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AppId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for AppId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for AppId {
    type Err = AppIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

fn check_app_id(s: &str) -> Result<(), AppIdError> {
    if let Some((index, ch)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii_graphic()) {
        return Err(AppIdError::BadCharacter { index, ch });
    }
    if s.len() != APP_ID_LEN {
        return Err(AppIdError::WrongLength { len: s.len() });
    }
    Ok(())
}

/// Why a string is not an AppId.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AppIdError {
    /// Not 24 characters long.
    WrongLength {
        /// Its length in characters.
        len: usize,
    },
    /// A character that is not printable ASCII (`!` to `~`).
    BadCharacter {
        /// Its position, in characters.
        index: usize,
        /// The character.
        ch: char,
    },
}

impl fmt::Display for AppIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongLength { len } => write!(
                f,
                "an AppId is {APP_ID_LEN} characters long, this one has {len}"
            ),
            Self::BadCharacter { index, ch } => write!(
                f,
                "an AppId is printable ASCII, character {index} is {ch:?}"
            ),
        }
    }
}

impl std::error::Error for AppIdError {}

/// The room a token is for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Room {
    /// One room, by its RoomId.
    Id(String),
    /// Any room: the wildcard RoomId `"*"`. Such a token lets its user into every room of the app;
    /// use with care.
    Any,
    /// No room: the empty RoomId `""`, the token for logging in to the real-time messaging (RTS)
    /// service.
    MessagingLogin,
}

impl Room {
    /// `Room::Id(id)`.
    pub fn id(id: impl Into<String>) -> Self {
        Self::Id(id.into())
    }

    /// The RoomId as written in the token: the id, `"*"` or `""`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Id(id) => id,
            Self::Any => "*",
            Self::MessagingLogin => "",
        }
    }

    /// The room a token's RoomId names: `"*"` is [`Room::Any`], `""` is [`Room::MessagingLogin`].
    pub fn from_room_id(room_id: &str) -> Self {
        match room_id {
            "*" => Self::Any,
            "" => Self::MessagingLogin,
            id => Self::Id(id.to_string()),
        }
    }

    /// `"id"`, `"any"` or `"messaging_login"`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Id(_) => "id",
            Self::Any => "any",
            Self::MessagingLogin => "messaging_login",
        }
    }
}

/// A privilege number in a token. The official code names 0 to 4; any other `u16` can be written
/// and read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Privilege(u16);

impl Privilege {
    /// 0, `PrivPublishStream`: publish. Adding it also adds 1, 2 and 3 with the same expiry.
    pub const PUBLISH_STREAM: Self = Self(0);
    /// 1, publish audio (added with [`Privilege::PUBLISH_STREAM`]; the official code does not export it).
    pub const PUBLISH_AUDIO_STREAM: Self = Self(1);
    /// 2, publish video (added with [`Privilege::PUBLISH_STREAM`]; the official code does not export it).
    pub const PUBLISH_VIDEO_STREAM: Self = Self(2);
    /// 3, publish data (added with [`Privilege::PUBLISH_STREAM`]; the official code does not export it).
    pub const PUBLISH_DATA_STREAM: Self = Self(3);
    /// 4, `PrivSubscribeStream`: subscribe.
    pub const SUBSCRIBE_STREAM: Self = Self(4);

    /// The privilege with this number.
    pub const fn new(number: u16) -> Self {
        Self(number)
    }

    /// Its number.
    pub const fn number(self) -> u16 {
        self.0
    }

    /// The official name of 0 to 4 (`PublishStream`, `PublishAudioStream`, `PublishVideoStream`,
    /// `PublishDataStream`, `SubscribeStream`), `None` for other numbers.
    pub fn name(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "PublishStream",
            1 => "PublishAudioStream",
            2 => "PublishVideoStream",
            3 => "PublishDataStream",
            4 => "SubscribeStream",
            _ => return None,
        })
    }
}

impl fmt::Display for Privilege {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({})", self.0),
            None => write!(f, "privilege {}", self.0),
        }
    }
}

impl From<u16> for Privilege {
    fn from(number: u16) -> Self {
        Self(number)
    }
}

/// Why a room or user id does not match `^[a-zA-Z0-9@._-]{1,128}$`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdError {
    /// The id is empty.
    Empty,
    /// Longer than [`MAX_ID_LEN`] characters.
    TooLong {
        /// Its length in characters.
        len: usize,
    },
    /// A character other than `a-z A-Z 0-9 @ . _ -`.
    BadCharacter {
        /// Its position, in characters.
        index: usize,
        /// The character.
        ch: char,
    },
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("it is empty"),
            Self::TooLong { len } => write!(
                f,
                "it has {len} characters, at most {MAX_ID_LEN} are allowed"
            ),
            Self::BadCharacter { index, ch } => write!(
                f,
                "character {index} is {ch:?}; only a-z A-Z 0-9 @ . _ - are allowed"
            ),
        }
    }
}

impl std::error::Error for IdError {}

/// Checks an id against `^[a-zA-Z0-9@._-]{1,128}$`, the pattern Volcengine's clients accept.
pub fn check_id(id: &str) -> Result<(), IdError> {
    if id.is_empty() {
        return Err(IdError::Empty);
    }
    if let Some((index, ch)) = id
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '_' | '-')))
    {
        return Err(IdError::BadCharacter { index, ch });
    }
    if id.len() > MAX_ID_LEN {
        return Err(IdError::TooLong { len: id.len() });
    }
    Ok(())
}
