//! Room tokens: the AccessToken, version `"001"`, that RTC clients join rooms with.
//!
//! An app server mints tokens locally from its AppId and AppKey; no OpenAPI call is involved. The
//! layout, as the official implementations (Node `token.js`, Java `AccessToken.java`, Go `token.go`,
//! C++) write it, all integers little-endian:
//!
//! ```text
//! token   = "001" + AppId (24 ASCII characters) + base64_standard_padded(content)
//! content = u16(len(msg)) + msg + u16(32) + HMAC-SHA256(key = AppKey bytes, data = msg)
//! msg     = u32(nonce) + u32(issuedAt) + u32(expireAt)
//!         + u16(len(RoomId)) + RoomId (UTF-8) + u16(len(UserId)) + UserId (UTF-8)
//!         + u16(count) + { u16(privilege) + u32(privilegeExpireAt) }*   (ascending privilege)
//! ```
//!
//! Times are Unix seconds, `0` meaning "no expiry of its own"; the token's own expiry bounds every
//! privilege. The AppId is not covered by the signature (as in the official code): compare
//! [`AccessToken::app_id`] with yours if you serve several apps with one key.
//!
//! # Ids
//!
//! Volcengine's clients accept room and user ids matching `^[a-zA-Z0-9@._-]{1,128}$`, and
//! [`TokenBuilder`] checks that by default. The official token code itself writes any UTF-8
//! string; [`TokenBuilder::allow_any_ids`] turns the check off (to mint tokens for ids minted
//! elsewhere, or for test vectors with non-ASCII ids). The wildcard room `"*"` and the messaging-login
//! room `""` are never ids: they are the named choices [`Room::Any`] and [`Room::MessagingLogin`].
//! [`AccessToken::parse`] accepts any UTF-8 id, as the official parsers do.
//!
//! # Privilege order
//!
//! Minting writes privileges in ascending unsigned order (as the Node and Go code do). The official
//! Java code keys its map by a *signed* `short`, so a privilege number of 32768 or more comes first
//! there; parsing accepts any order (the signature covers the bytes as written) but rejects a
//! privilege listed twice, which no official implementation can write.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::secret::{ct_eq, secret_type};

/// The token format version this crate reads and writes: the first three characters of a token.
pub const VERSION: &str = "001";
/// The length of an AppId, in (ASCII) characters.
pub const APP_ID_LEN: usize = 24;
/// The longest room or user id the clients accept (and [`TokenBuilder`] allows by default).
pub const MAX_ID_LEN: usize = 128;
/// The length of the signature (HMAC-SHA256), in bytes.
pub const SIGNATURE_LEN: usize = 32;

const PREFIX_LEN: usize = VERSION.len() + APP_ID_LEN;

secret_type!(
    /// An app's AppKey, the HMAC key of its room tokens (from the RTC console). Its `Debug` and
    /// `Display` print `<redacted>`; it never appears in an error.
    AppKey
);

/// An RTC AppId: exactly [`APP_ID_LEN`] (24) printable ASCII characters, as it is written verbatim
/// into every token.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AppId(String);

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

/// Why a token could not be minted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The RoomId does not match `^[a-zA-Z0-9@._-]{1,128}$` (see [`TokenBuilder::allow_any_ids`]).
    InvalidRoomId(IdError),
    /// The UserId does not match `^[a-zA-Z0-9@._-]{1,128}$` (see [`TokenBuilder::allow_any_ids`]).
    InvalidUserId(IdError),
    /// `Room::Id("*")` or `Room::Id("")`: these RoomIds mean something else, and are asked for by
    /// name.
    ReservedRoomId {
        /// The RoomId given.
        room_id: &'static str,
        /// What to write instead.
        use_instead: &'static str,
    },
    /// An id longer than the format's 65,535 bytes.
    FieldTooLong {
        /// `"room id"` or `"user id"`.
        field: &'static str,
        /// Its length in bytes.
        len: usize,
    },
    /// The signed message would be longer than the format's 65,535 bytes.
    TokenTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// A time (Unix seconds) past what the format's 32 bits hold (2106-02-07).
    TimeOutOfRange {
        /// Which time.
        field: &'static str,
        /// The value given.
        value: u64,
    },
}

/// A time as the token format holds it (32 bits), or the error naming it.
fn fit(field: &'static str, value: u64) -> Result<u32, BuildError> {
    u32::try_from(value).map_err(|_| BuildError::TimeOutOfRange { field, value })
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidRoomId(e) => write!(f, "invalid RoomId: {e}"),
            Self::InvalidUserId(e) => write!(f, "invalid UserId: {e}"),
            Self::ReservedRoomId {
                room_id,
                use_instead,
            } => write!(
                f,
                "RoomId {room_id:?} is reserved: use {use_instead} to ask for it"
            ),
            Self::FieldTooLong { field, len } => write!(
                f,
                "the {field} has {len} bytes, the token format allows 65535"
            ),
            Self::TokenTooLong { len } => write!(
                f,
                "the token message would have {len} bytes, the format allows 65535"
            ),
            Self::TimeOutOfRange { field, value } => write!(
                f,
                "{field} {value} is past the token format's last time, {} (2106-02-07)",
                u32::MAX
            ),
        }
    }
}

impl std::error::Error for BuildError {}

/// Mints a room token, as the official `AccessToken` does.
///
/// ```
/// use volcengine_rtc_auth::{AppId, AppKey, Privilege, Room, TokenBuilder};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let token = TokenBuilder::new(AppId::new("123456781234567812345678")?, Room::id("room1"), "alice")
///     .expire_at(1_900_000_000)          // the token itself
///     .publish(1_800_000_000)            // 0 plus 1, 2, 3 (audio, video, data), same expiry
///     .subscribe(0)                      // 0: bounded only by the token's expiry
///     .privilege(Privilege::new(7), 0)   // any other number
///     .sign(&AppKey::new("app key"))?;
/// # let _ = token; Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct TokenBuilder {
    app_id: AppId,
    room: Room,
    user_id: String,
    expire_at: u64,
    privileges: BTreeMap<u16, u64>,
    nonce: Option<u32>,
    issued_at: Option<u64>,
    any_ids: bool,
}

impl TokenBuilder {
    /// A token for `user_id` in `room`, with no privileges and no expiry yet.
    pub fn new(app_id: AppId, room: Room, user_id: impl Into<String>) -> Self {
        Self {
            app_id,
            room,
            user_id: user_id.into(),
            expire_at: 0,
            privileges: BTreeMap::new(),
            nonce: None,
            issued_at: None,
            any_ids: false,
        }
    }

    /// When the token expires (Unix seconds; the default `0` is never). It bounds every
    /// privilege's own expiry.
    ///
    /// Every time in this crate is Unix seconds as `u64`; the token format holds 32 bits, so a
    /// time after 2106-02-07 is a [`BuildError::TimeOutOfRange`] when signing.
    pub fn expire_at(mut self, unix_seconds: u64) -> Self {
        self.expire_at = unix_seconds;
        self
    }

    /// Adds publishing (privilege 0) until `unix_seconds` (`0`: no expiry of its own), and with it
    /// audio, video and data publishing (1, 2, 3) with the same expiry, as the official
    /// `AddPrivilege(PrivPublishStream, ...)` does.
    pub fn publish(self, unix_seconds: u64) -> Self {
        self.privilege(Privilege::PUBLISH_STREAM, unix_seconds)
    }

    /// Adds subscribing (privilege 4) until `unix_seconds` (`0`: no expiry of its own).
    pub fn subscribe(self, unix_seconds: u64) -> Self {
        self.privilege(Privilege::SUBSCRIBE_STREAM, unix_seconds)
    }

    /// Adds (or replaces) any privilege with its own expiry (`0`: none). As in the official code,
    /// [`Privilege::PUBLISH_STREAM`] also sets 1, 2 and 3; a later call for 1, 2 or 3 overrides
    /// that one's expiry.
    pub fn privilege(mut self, privilege: Privilege, unix_seconds: u64) -> Self {
        self.privileges.insert(privilege.number(), unix_seconds);
        if privilege == Privilege::PUBLISH_STREAM {
            for p in [
                Privilege::PUBLISH_AUDIO_STREAM,
                Privilege::PUBLISH_VIDEO_STREAM,
                Privilege::PUBLISH_DATA_STREAM,
            ] {
                self.privileges.insert(p.number(), unix_seconds);
            }
        }
        self
    }

    /// Sets the nonce (default: a fresh random number per token). For reproducible tokens.
    pub fn nonce(mut self, nonce: u32) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// Sets the issue time (default: the system clock when [`TokenBuilder::sign`] runs). For
    /// reproducible tokens.
    pub fn issued_at(mut self, unix_seconds: u64) -> Self {
        self.issued_at = Some(unix_seconds);
        self
    }

    /// Accepts any UTF-8 room and user id (including an empty user id), not only
    /// `^[a-zA-Z0-9@._-]{1,128}$`. The official token code checks nothing, but Volcengine's clients
    /// refuse such ids when joining: use this for ids you know are accepted elsewhere, or for test
    /// vectors. `Room::Id("*")` and `Room::Id("")` stay refused: ask for [`Room::Any`] or
    /// [`Room::MessagingLogin`] by name.
    pub fn allow_any_ids(mut self) -> Self {
        self.any_ids = true;
        self
    }

    /// The signed message (`msg` in the layout), after the checks.
    fn message(&self, nonce: u32, issued_at: u32) -> Result<Vec<u8>, BuildError> {
        match &self.room {
            Room::Id(id) if id == "*" => {
                return Err(BuildError::ReservedRoomId {
                    room_id: "*",
                    use_instead: "Room::Any",
                })
            }
            Room::Id(id) if id.is_empty() => {
                return Err(BuildError::ReservedRoomId {
                    room_id: "",
                    use_instead: "Room::MessagingLogin",
                })
            }
            Room::Id(id) if !self.any_ids => check_id(id).map_err(BuildError::InvalidRoomId)?,
            _ => {}
        }
        if !self.any_ids {
            check_id(&self.user_id).map_err(BuildError::InvalidUserId)?;
        }
        let room = self.room.as_str().as_bytes();
        let user = self.user_id.as_bytes();
        let room_len = u16::try_from(room.len()).map_err(|_| BuildError::FieldTooLong {
            field: "room id",
            len: room.len(),
        })?;
        let user_len = u16::try_from(user.len()).map_err(|_| BuildError::FieldTooLong {
            field: "user id",
            len: user.len(),
        })?;
        let len = 12 + 2 + room.len() + 2 + user.len() + 2 + 6 * self.privileges.len();
        if len > usize::from(u16::MAX) {
            return Err(BuildError::TokenTooLong { len });
        }
        // At most 65,536 keys, and 6 bytes each would already be too long: the count fits.
        let count =
            u16::try_from(self.privileges.len()).map_err(|_| BuildError::TokenTooLong { len })?;
        let mut msg = Vec::with_capacity(len);
        msg.extend_from_slice(&nonce.to_le_bytes());
        msg.extend_from_slice(&issued_at.to_le_bytes());
        msg.extend_from_slice(&fit("expire_at", self.expire_at)?.to_le_bytes());
        msg.extend_from_slice(&room_len.to_le_bytes());
        msg.extend_from_slice(room);
        msg.extend_from_slice(&user_len.to_le_bytes());
        msg.extend_from_slice(user);
        msg.extend_from_slice(&count.to_le_bytes());
        for (privilege, expire_at) in &self.privileges {
            msg.extend_from_slice(&privilege.to_le_bytes());
            msg.extend_from_slice(&fit("a privilege's expiry", *expire_at)?.to_le_bytes());
        }
        Ok(msg)
    }

    /// Signs with `key` and returns the token string.
    pub fn sign(&self, key: &AppKey) -> Result<String, BuildError> {
        let nonce = self.nonce.unwrap_or_else(random_nonce);
        let issued_at = match self.issued_at {
            Some(t) => fit("issued_at", t)?,
            None => now_u32(),
        };
        let msg = self.message(nonce, issued_at)?;
        let signature = hmac_sha256(key.bytes(), &msg);
        // Both lengths fit: `message` checked msg's, the signature's is 32.
        let msg_len =
            u16::try_from(msg.len()).map_err(|_| BuildError::TokenTooLong { len: msg.len() })?;
        let mut content = Vec::with_capacity(2 + msg.len() + 2 + SIGNATURE_LEN);
        content.extend_from_slice(&msg_len.to_le_bytes());
        content.extend_from_slice(&msg);
        content.extend_from_slice(&(SIGNATURE_LEN as u16).to_le_bytes());
        content.extend_from_slice(&signature);
        let mut token = String::with_capacity(PREFIX_LEN + content.len().div_ceil(3) * 4);
        token.push_str(VERSION);
        token.push_str(self.app_id.as_str());
        base64::engine::general_purpose::STANDARD.encode_string(&content, &mut token);
        Ok(token)
    }
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; SIGNATURE_LEN] {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => <Hmac<Sha256> as Mac>::new(&Default::default()),
    };
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn now_u32() -> u32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    u32::try_from(secs).unwrap_or(u32::MAX)
}

/// A random `u32` from the operating system's CSPRNG (the nonce need not be secret: the signature
/// covers it; it makes two tokens minted in the same second differ).
fn random_nonce() -> u32 {
    let mut bytes = [0u8; 4];
    crate::callback::fill_random(&mut bytes);
    u32::from_le_bytes(bytes)
}

/// Why a string is not a well-formed token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// Shorter than `"001"`, the AppId and any content.
    TooShort {
        /// Its length in bytes.
        len: usize,
    },
    /// It does not start with version `"001"`.
    WrongVersion {
        /// Its first three characters.
        found: String,
    },
    /// The 24 characters after the version are not an AppId.
    BadAppId(AppIdError),
    /// The rest is not standard, padded, canonical base64.
    BadBase64 {
        /// What the decoder said.
        reason: String,
    },
    /// The content ends inside a field.
    Truncated {
        /// The field (`"message"`, `"signature length"`, `"user id"`, `"privilege expiry"`, ...).
        field: &'static str,
        /// The bytes it needs.
        needed: usize,
        /// The bytes left.
        available: usize,
    },
    /// The signature's declared length is not 32.
    BadSignatureLength {
        /// The declared length.
        len: usize,
    },
    /// Bytes after the last field of the content or of the signed message.
    TrailingBytes {
        /// `"signature"` (after the content) or `"privileges"` (inside the signed message).
        after: &'static str,
        /// How many.
        count: usize,
    },
    /// An id that is not UTF-8.
    NonUtf8 {
        /// `"room id"` or `"user id"`.
        field: &'static str,
    },
    /// A privilege listed twice (with possibly different expiries).
    DuplicatePrivilege {
        /// The privilege.
        privilege: Privilege,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooShort { len } => write!(
                f,
                "a token is \"{VERSION}\", a {APP_ID_LEN}-character AppId and base64 content; this one has only {len} bytes"
            ),
            Self::WrongVersion { found } => {
                write!(f, "a token starts with version \"{VERSION}\", not {found:?}")
            }
            Self::BadAppId(e) => write!(f, "bad AppId in the token: {e}"),
            Self::BadBase64 { reason } => write!(f, "the token's content is not base64: {reason}"),
            Self::Truncated {
                field,
                needed,
                available,
            } => write!(
                f,
                "the token ends inside the {field}: it needs {needed} bytes, {available} are left"
            ),
            Self::BadSignatureLength { len } => write!(
                f,
                "the token's signature has length {len}, not {SIGNATURE_LEN}"
            ),
            Self::TrailingBytes { after, count } => {
                write!(f, "{count} unexpected bytes after the token's {after}")
            }
            Self::NonUtf8 { field } => write!(f, "the token's {field} is not UTF-8"),
            Self::DuplicatePrivilege { privilege } => {
                write!(f, "the token lists {privilege} twice")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Why a well-formed token is not valid.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyError {
    /// The signature is not the AppKey's.
    BadSignature,
    /// The token expired (`now > expire_at`, `expire_at != 0`).
    Expired {
        /// The token's expiry.
        expire_at: u32,
        /// The clock it was checked against.
        now: u64,
    },
    /// A required privilege is not in the token.
    PrivilegeMissing {
        /// The privilege.
        privilege: Privilege,
    },
    /// A required privilege's own expiry has passed.
    PrivilegeExpired {
        /// The privilege.
        privilege: Privilege,
        /// Its expiry.
        expire_at: u32,
        /// The clock it was checked against.
        now: u64,
    },
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadSignature => f.write_str("the token's signature does not match the AppKey"),
            Self::Expired { expire_at, now } => {
                write!(f, "the token expired at {expire_at} (now {now})")
            }
            Self::PrivilegeMissing { privilege } => {
                write!(f, "the token does not grant {privilege}")
            }
            Self::PrivilegeExpired {
                privilege,
                expire_at,
                now,
            } => write!(f, "{privilege} expired at {expire_at} (now {now})"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// A token that is malformed or not valid: what [`verify_token`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    /// Not a well-formed token.
    Parse(ParseError),
    /// Well-formed, not valid.
    Verify(VerifyError),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parse(e) => e.fmt(f),
            Self::Verify(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Parse(e) => Some(e),
            Self::Verify(e) => Some(e),
        }
    }
}

impl From<ParseError> for TokenError {
    fn from(e: ParseError) -> Self {
        Self::Parse(e)
    }
}

impl From<VerifyError> for TokenError {
    fn from(e: VerifyError) -> Self {
        Self::Verify(e)
    }
}

/// Parses `token` and checks its signature and expiry ([`AccessToken::verify`]) at `now` (Unix
/// seconds).
pub fn verify_token(token: &str, key: &AppKey, now: u64) -> Result<AccessToken, TokenError> {
    let parsed = AccessToken::parse(token)?;
    parsed.verify(key, now)?;
    Ok(parsed)
}

/// A parsed token: every field, and the signed bytes its signature covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessToken {
    app_id: AppId,
    nonce: u32,
    issued_at: u32,
    expire_at: u32,
    room: Room,
    user_id: String,
    privileges: Vec<(Privilege, u32)>,
    signature: [u8; SIGNATURE_LEN],
    msg: Vec<u8>,
}

/// Reads the little-endian fields of the token content.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], ParseError> {
        if self.rest.len() < n {
            return Err(ParseError::Truncated {
                field,
                needed: n,
                available: self.rest.len(),
            });
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn u16(&mut self, field: &'static str) -> Result<u16, ParseError> {
        let b = self.take(2, field)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self, field: &'static str) -> Result<u32, ParseError> {
        let b = self.take(4, field)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn string(
        &mut self,
        length_field: &'static str,
        field: &'static str,
    ) -> Result<String, ParseError> {
        let len = self.u16(length_field)?;
        let bytes = self.take(usize::from(len), field)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| ParseError::NonUtf8 { field })
    }

    fn end(&self, after: &'static str) -> Result<(), ParseError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(ParseError::TrailingBytes {
                after,
                count: self.rest.len(),
            })
        }
    }
}

impl AccessToken {
    /// Reads a token string into its fields. It checks the form only: the signature and the
    /// expiry are [`AccessToken::verify`]'s. Any UTF-8 ids are accepted, privileges in any order.
    pub fn parse(token: &str) -> Result<Self, ParseError> {
        if !token.starts_with(VERSION) {
            if token.len() < VERSION.len() && VERSION.starts_with(token) {
                return Err(ParseError::TooShort { len: token.len() });
            }
            return Err(ParseError::WrongVersion {
                found: token.chars().take(VERSION.len()).collect(),
            });
        }
        if token.len() <= PREFIX_LEN {
            return Err(ParseError::TooShort { len: token.len() });
        }
        let after_version = &token[VERSION.len()..];
        let mut app_id = String::with_capacity(APP_ID_LEN);
        for (index, ch) in after_version.chars().take(APP_ID_LEN).enumerate() {
            if !ch.is_ascii_graphic() {
                return Err(ParseError::BadAppId(AppIdError::BadCharacter { index, ch }));
            }
            app_id.push(ch);
        }
        // 24 ASCII characters, so byte 27 starts a character.
        let encoded = token.get(PREFIX_LEN..).unwrap_or_default();
        let content = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| ParseError::BadBase64 {
                reason: e.to_string(),
            })?;

        let mut outer = Reader { rest: &content };
        let msg_len = outer.u16("message length")?;
        let msg = outer.take(usize::from(msg_len), "message")?;
        let sig_len = outer.u16("signature length")?;
        if usize::from(sig_len) != SIGNATURE_LEN {
            return Err(ParseError::BadSignatureLength {
                len: usize::from(sig_len),
            });
        }
        let sig = outer.take(SIGNATURE_LEN, "signature")?;
        outer.end("signature")?;
        let mut signature = [0u8; SIGNATURE_LEN];
        signature.copy_from_slice(sig);

        let mut r = Reader { rest: msg };
        let nonce = r.u32("nonce")?;
        let issued_at = r.u32("issued_at")?;
        let expire_at = r.u32("expire_at")?;
        let room_id = r.string("room id length", "room id")?;
        let user_id = r.string("user id length", "user id")?;
        let count = r.u16("privilege count")?;
        let mut privileges: Vec<(Privilege, u32)> =
            Vec::with_capacity(usize::from(count).min(1024));
        for _ in 0..count {
            let privilege = Privilege(r.u16("privilege")?);
            let until = r.u32("privilege expiry")?;
            if privileges.iter().any(|(p, _)| *p == privilege) {
                return Err(ParseError::DuplicatePrivilege { privilege });
            }
            privileges.push((privilege, until));
        }
        r.end("privileges")?;

        Ok(Self {
            app_id: AppId(app_id),
            nonce,
            issued_at,
            expire_at,
            room: Room::from_room_id(&room_id),
            user_id,
            privileges,
            signature,
            msg: msg.to_vec(),
        })
    }

    /// The format version, `"001"`.
    pub fn version(&self) -> &'static str {
        VERSION
    }

    /// The AppId (not covered by the signature).
    pub fn app_id(&self) -> &AppId {
        &self.app_id
    }

    /// The nonce.
    pub fn nonce(&self) -> u32 {
        self.nonce
    }

    /// When the token was issued (Unix seconds).
    pub fn issued_at(&self) -> u64 {
        u64::from(self.issued_at)
    }

    /// When the token expires (Unix seconds, `0`: never).
    pub fn expire_at(&self) -> u64 {
        u64::from(self.expire_at)
    }

    /// The room.
    pub fn room(&self) -> &Room {
        &self.room
    }

    /// The UserId.
    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The privileges with their own expiries (`0`: none), in the token's order.
    pub fn privileges(&self) -> &[(Privilege, u32)] {
        &self.privileges
    }

    /// A privilege's own expiry (`Some(0)`: none of its own), `None` when the token lacks it.
    pub fn privilege_expiry(&self, privilege: Privilege) -> Option<u32> {
        self.privileges
            .iter()
            .find(|(p, _)| *p == privilege)
            .map(|(_, e)| *e)
    }

    /// The signature (HMAC-SHA256 of [`AccessToken::signed_message`]).
    pub fn signature(&self) -> &[u8; SIGNATURE_LEN] {
        &self.signature
    }

    /// The bytes the signature covers, as they are in the token.
    pub fn signed_message(&self) -> &[u8] {
        &self.msg
    }

    /// Whether the token's own expiry has passed at `now`: `expire_at != 0 && now > expire_at`
    /// (the official rule; a token is still valid in its expiry second).
    pub fn is_expired(&self, now: u64) -> bool {
        self.expire_at != 0 && now > u64::from(self.expire_at)
    }

    /// Whether the signature is `key`'s (compared in constant time).
    pub fn verify_signature(&self, key: &AppKey) -> Result<(), VerifyError> {
        let expected = hmac_sha256(key.bytes(), &self.msg);
        if ct_eq(&expected, &self.signature) {
            Ok(())
        } else {
            Err(VerifyError::BadSignature)
        }
    }

    /// Checks the signature against `key` (constant time), then the token's expiry at `now` (Unix
    /// seconds). The official `Verify` does the same, with the system clock.
    pub fn verify(&self, key: &AppKey, now: u64) -> Result<(), VerifyError> {
        self.verify_signature(key)?;
        if self.is_expired(now) {
            return Err(VerifyError::Expired {
                expire_at: self.expire_at,
                now,
            });
        }
        Ok(())
    }

    /// [`AccessToken::verify`], then that each of `required` is in the token and its own expiry
    /// has not passed at `now`.
    pub fn verify_privileges(
        &self,
        key: &AppKey,
        now: u64,
        required: &[Privilege],
    ) -> Result<(), VerifyError> {
        self.verify(key, now)?;
        for &privilege in required {
            match self.privilege_expiry(privilege) {
                None => return Err(VerifyError::PrivilegeMissing { privilege }),
                Some(expire_at) if expire_at != 0 && now > u64::from(expire_at) => {
                    return Err(VerifyError::PrivilegeExpired {
                        privilege,
                        expire_at,
                        now,
                    })
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// Whether the token grants `privilege` at `now`: it has it, neither its own expiry nor the
    /// token's has passed. The signature is NOT checked here: call [`AccessToken::verify`] first,
    /// or use [`AccessToken::verify_privileges`].
    pub fn allows(&self, privilege: Privilege, now: u64) -> bool {
        !self.is_expired(now)
            && self
                .privilege_expiry(privilege)
                .is_some_and(|e| e == 0 || now <= u64::from(e))
    }
}

/// The fields as JSON (what `volc-rtc token inspect` prints): `version`, `app_id`, `nonce`,
/// `issued_at`, `expire_at`, `room_kind` (`id`, `any`, `messaging_login`), `room_id`, `user_id`,
/// `privileges` (`[{privilege, name, expire_at}]`), `signature` (lowercase hex).
impl serde::Serialize for AccessToken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct PrivilegeView {
            privilege: u16,
            name: Option<&'static str>,
            expire_at: u32,
        }
        #[derive(serde::Serialize)]
        struct View<'a> {
            version: &'static str,
            app_id: &'a str,
            nonce: u32,
            issued_at: u32,
            expire_at: u32,
            room_kind: &'static str,
            room_id: &'a str,
            user_id: &'a str,
            privileges: Vec<PrivilegeView>,
            signature: String,
        }
        View {
            version: VERSION,
            app_id: self.app_id.as_str(),
            nonce: self.nonce,
            issued_at: self.issued_at,
            expire_at: self.expire_at,
            room_kind: self.room.kind(),
            room_id: self.room.as_str(),
            user_id: &self.user_id,
            privileges: self
                .privileges
                .iter()
                .map(|&(p, e)| PrivilegeView {
                    privilege: p.number(),
                    name: p.name(),
                    expire_at: e,
                })
                .collect(),
            signature: hex::encode(self.signature),
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> AppId {
        AppId::new("123456781234567812345678").unwrap()
    }

    #[test]
    fn ids_are_checked_by_default_and_reserved_rooms_always() {
        let key = AppKey::new("k");
        let b = |room: Room, user: &str| TokenBuilder::new(app(), room, user).nonce(1).issued_at(1);
        assert_eq!(
            b(Room::id("a b"), "u").sign(&key),
            Err(BuildError::InvalidRoomId(IdError::BadCharacter {
                index: 1,
                ch: ' '
            }))
        );
        assert_eq!(
            b(Room::id("r"), "").sign(&key),
            Err(BuildError::InvalidUserId(IdError::Empty))
        );
        assert_eq!(
            b(Room::id("r"), &"x".repeat(129)).sign(&key),
            Err(BuildError::InvalidUserId(IdError::TooLong { len: 129 }))
        );
        assert!(b(Room::id("r"), &"x".repeat(128)).sign(&key).is_ok());
        assert!(b(Room::id("房间"), "u").allow_any_ids().sign(&key).is_ok());
        for (id, instead) in [("*", "Room::Any"), ("", "Room::MessagingLogin")] {
            let err = b(Room::id(id), "u").allow_any_ids().sign(&key).unwrap_err();
            assert!(
                matches!(err, BuildError::ReservedRoomId { use_instead, .. } if use_instead == instead)
            );
        }
        assert!(b(Room::Any, "u").sign(&key).is_ok());
        assert!(b(Room::MessagingLogin, "u").sign(&key).is_ok());
        let long = "x".repeat(70_000);
        assert!(matches!(
            b(Room::id(long.as_str()), "u").allow_any_ids().sign(&key),
            Err(BuildError::FieldTooLong {
                field: "room id",
                len: 70_000
            })
        ));
        let big = "x".repeat(65_000);
        assert!(matches!(
            b(Room::id(big.as_str()), big.as_str())
                .allow_any_ids()
                .sign(&key),
            Err(BuildError::TokenTooLong { .. })
        ));
    }

    #[test]
    fn app_ids_are_checked() {
        assert_eq!(AppId::new("short"), Err(AppIdError::WrongLength { len: 5 }));
        assert_eq!(
            AppId::new("12345678123456781234567 "),
            Err(AppIdError::BadCharacter { index: 23, ch: ' ' })
        );
        assert!(matches!(
            AppId::new("12345678123456781234567é"),
            Err(AppIdError::BadCharacter { index: 23, .. })
        ));
    }

    #[test]
    fn secrets_are_redacted() {
        let key = AppKey::new("hunter2");
        assert_eq!(format!("{key:?}"), "AppKey(<redacted>)");
        assert_eq!(format!("{key}"), "<redacted>");
    }

    #[test]
    fn default_nonce_and_time_are_filled() {
        let key = AppKey::new("k");
        let t = TokenBuilder::new(app(), Room::id("r"), "u")
            .sign(&key)
            .unwrap();
        let p = AccessToken::parse(&t).unwrap();
        assert!(p.issued_at() > 1_700_000_000);
        p.verify(&key, p.issued_at()).unwrap();
    }
}
