//! The one secret string type of the Volcengine SDK crates.
//!
//! A [`Secret`] holds a secret key, a session token, an app key or a callback secret:
//!
//! - `Debug` and `Display` print `***`, so a secret never reaches a log, an error or a dry run;
//! - `==` runs in constant time ([`subtle`]), as does [`ct_eq`] for the MACs and signatures
//!   derived from secrets;
//! - its bytes are overwritten when it is dropped ([`zeroize`]), also the spare capacity of the
//!   string it was made from.
//!
//! ```
//! use volcengine_secret::Secret;
//!
//! let key = Secret::new("s3cret");
//! assert_eq!(format!("{key:?} {key}"), "*** ***");
//! assert_eq!(key.expose(), "s3cret");
//! assert!(key == Secret::new("s3cret"));
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// What a secret prints as.
pub const MASK: &str = "***";

/// A secret string: printed as `***`, compared in constant time, zeroed when dropped.
///
/// Cloning copies the secret (each copy is zeroed when it is dropped).
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret (used as its UTF-8 bytes).
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself, for signing and hashing. Never print it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The secret's bytes (see [`expose`](Self::expose)).
    pub fn expose_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Whether the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Self {
        Self(secret)
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Self {
        Self(secret.to_string())
    }
}

/// Constant time: the time depends on the lengths only.
impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        ct_eq(self.expose_bytes(), other.expose_bytes())
    }
}

impl Eq for Secret {}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ZeroizeOnDrop for Secret {}

/// `a == b` in time that depends only on the lengths (which are not secret where this is used: a
/// MAC's or a digest's length is fixed, and a presented signature's length is the caller's own).
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_as_a_mask_and_compared_by_value() {
        let s = Secret::new("the-secret");
        assert_eq!(format!("{s:?}"), "***");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(***)");
        assert_eq!(s, Secret::from("the-secret"));
        assert_ne!(s, Secret::from("the-secreT"));
        assert_ne!(s, Secret::from("the-secret!"));
        assert!(Secret::default().is_empty());
        assert!(ct_eq(b"abc", b"abc") && !ct_eq(b"abc", b"abd") && !ct_eq(b"abc", b"ab"));
    }
}
