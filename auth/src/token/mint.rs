//! Minting: [`TokenBuilder`] writes the signed message and signs it with the AppKey.

use std::collections::BTreeMap;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::errors::BuildError;
use super::ids::{check_id, AppId, AppKey, Privilege, Room};
use super::{PREFIX_LEN, SIGNATURE_LEN, VERSION};

/// A time as the token format holds it (32 bits), or the error naming it.
fn fit(field: &'static str, value: u64) -> Result<u32, BuildError> {
    u32::try_from(value).map_err(|_| BuildError::TimeOutOfRange { field, value })
}

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

pub(super) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; SIGNATURE_LEN] {
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
