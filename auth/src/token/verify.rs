//! Verifying: a parsed token's signature (in constant time), its expiry and its privileges.

use super::errors::{TokenError, VerifyError};
use super::ids::{AppKey, Privilege};
use super::mint::hmac_sha256;
use super::parse::AccessToken;
use crate::secret::ct_eq;

/// Parses `token` and checks its signature and expiry ([`AccessToken::verify`]) at `now` (Unix
/// seconds).
pub fn verify_token(token: &str, key: &AppKey, now: u64) -> Result<AccessToken, TokenError> {
    let parsed = AccessToken::parse(token)?;
    parsed.verify(key, now)?;
    Ok(parsed)
}

impl AccessToken {
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
