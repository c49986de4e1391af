//! Secret strings: redacted in `Debug` and `Display`, compared only in constant time, overwritten
//! (best effort) when dropped.

use subtle::ConstantTimeEq;

/// Defines a secret newtype over a `String`.
macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(String);

        impl $name {
            /// Wraps the secret. It is used as its UTF-8 bytes.
            pub fn new(secret: impl Into<String>) -> Self {
                Self(secret.into())
            }

            /// The secret's bytes, for the crate's own MACs and comparisons.
            #[allow(dead_code)]
            pub(crate) fn bytes(&self) -> &[u8] {
                self.0.as_bytes()
            }

            /// The secret itself, for the crate's own hashing.
            #[allow(dead_code)]
            pub(crate) fn text(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!(stringify!($name), "(<redacted>)"))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("<redacted>")
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                let mut bytes = std::mem::take(&mut self.0).into_bytes();
                bytes.iter_mut().for_each(|b| *b = 0);
                std::hint::black_box(&bytes);
            }
        }
    };
}
pub(crate) use secret_type;

/// `a == b` in time that depends only on the lengths (which are not secret here: a MAC's or a
/// digest's length is fixed, and a static signature's length is what an attacker controls anyway).
pub(crate) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}
