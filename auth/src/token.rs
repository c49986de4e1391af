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

mod errors;
mod ids;
mod mint;
mod parse;
mod verify;

pub use errors::{BuildError, ParseError, TokenError, VerifyError};
pub use ids::{check_id, AppId, AppIdError, AppKey, IdError, Privilege, Room};
pub use mint::TokenBuilder;
pub use parse::AccessToken;
pub use verify::verify_token;

/// The token format version this crate reads and writes: the first three characters of a token.
pub const VERSION: &str = "001";
/// The length of an AppId, in (ASCII) characters.
pub const APP_ID_LEN: usize = 24;
/// The longest room or user id the clients accept (and [`TokenBuilder`] allows by default).
pub const MAX_ID_LEN: usize = 128;
/// The length of the signature (HMAC-SHA256), in bytes.
pub const SIGNATURE_LEN: usize = 32;

const PREFIX_LEN: usize = VERSION.len() + APP_ID_LEN;

#[cfg(test)]
mod tests;
