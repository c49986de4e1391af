//! Parsing: a token string into its fields ([`AccessToken`]), checking its form only.

use base64::Engine as _;

use super::errors::ParseError;
use super::ids::{AppId, AppIdError, Privilege, Room};
use super::{APP_ID_LEN, PREFIX_LEN, SIGNATURE_LEN, VERSION};

/// A parsed token: every field, and the signed bytes its signature covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessToken {
    app_id: AppId,
    nonce: u32,
    issued_at: u32,
    pub(super) expire_at: u32,
    room: Room,
    user_id: String,
    privileges: Vec<(Privilege, u32)>,
    pub(super) signature: [u8; SIGNATURE_LEN],
    pub(super) msg: Vec<u8>,
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
            let privilege = Privilege::new(r.u16("privilege")?);
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
