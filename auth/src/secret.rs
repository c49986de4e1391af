//! The crate's secrets (app key, callback secret, server-message signature): each a role of its own
//! over the workspace's one secret type, [`volcengine_secret::Secret`] (printed as `***`, compared
//! in constant time, zeroed when dropped).

pub(crate) use volcengine_secret::ct_eq;

/// Defines a secret role: a newtype over [`volcengine_secret::Secret`], so that an app key cannot be
/// passed where a callback secret is expected.
macro_rules! secret_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct $name(volcengine_secret::Secret);

        impl $name {
            /// Wraps the secret. It is used as its UTF-8 bytes.
            pub fn new(secret: impl Into<String>) -> Self {
                Self(volcengine_secret::Secret::new(secret))
            }

            /// The secret's bytes, for the crate's own MACs and comparisons.
            #[allow(dead_code)]
            pub(crate) fn bytes(&self) -> &[u8] {
                self.0.expose_bytes()
            }

            /// The secret itself, for the crate's own hashing.
            #[allow(dead_code)]
            pub(crate) fn text(&self) -> &str {
                self.0.expose()
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.0)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }
    };
}
pub(crate) use secret_type;
