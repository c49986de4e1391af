//! What minting, parsing and verifying a token fail with. None of them carries a secret.

use std::fmt;

use super::ids::{AppIdError, IdError, Privilege};
use super::{APP_ID_LEN, SIGNATURE_LEN, VERSION};

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

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::InvalidRoomId(e) | Self::InvalidUserId(e) => Some(e),
            _ => None,
        }
    }
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

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::BadAppId(e) => Some(e),
            _ => None,
        }
    }
}

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
