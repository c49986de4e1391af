//! Signing-key derivation and its cache.

use std::fmt;
use std::sync::Mutex;

use hmac::Mac;

use super::credentials::Secret;
use super::HmacSha256;

/// Caches the derived signing key per (date, secret key, region, service).
#[derive(Default)]
pub struct KeyCache {
    slot: Mutex<Option<CachedKey>>,
}

struct CachedKey {
    date: String,
    secret: Secret,
    region: String,
    service: String,
    key: [u8; 32],
    /// HMAC keyed with `key`: its inner and outer pads already hashed, so that each signature
    /// clones it instead of hashing them again.
    mac: HmacSha256,
}

impl Drop for CachedKey {
    fn drop(&mut self) {
        // The derived key signs for the whole day: overwrite it when it leaves the cache. (The
        // HMAC state keyed with it cannot be zeroed through the `hmac` crate's API.)
        zeroize::Zeroize::zeroize(&mut self.key);
    }
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyCache")
    }
}

impl KeyCache {
    /// The signing key, derived at most once per (date, secret, region, service).
    pub fn key(&self, secret: &Secret, date: &str, region: &str, service: &str) -> [u8; 32] {
        self.with(secret, date, region, service, |c| c.key)
    }

    /// An HMAC keyed with the signing key, ready for the string to sign.
    pub(crate) fn mac(
        &self,
        secret: &Secret,
        date: &str,
        region: &str,
        service: &str,
    ) -> HmacSha256 {
        self.with(secret, date, region, service, |c| c.mac.clone())
    }

    fn with<T>(
        &self,
        secret: &Secret,
        date: &str,
        region: &str,
        service: &str,
        f: impl FnOnce(&CachedKey) -> T,
    ) -> T {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = slot.as_ref() {
            if c.date == date && c.secret == *secret && c.region == region && c.service == service {
                return f(c);
            }
        }
        let key = derive_key(secret.expose(), date, region, service);
        f(slot.insert(CachedKey {
            date: date.to_string(),
            secret: secret.clone(),
            region: region.to_string(),
            service: service.to_string(),
            key,
            mac: keyed(&key),
        }))
    }
}

pub(crate) fn keyed(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length: this cannot fail.
    <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC(SK, date), region), service), "request")`.
pub fn derive_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac(secret.as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"request")
}
