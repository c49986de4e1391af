//! The hand-written runtime: signing, the client, errors, validation, the registry and the fake
//! server. It knows no action by name: everything action-specific arrives as generated data.

pub mod client;
#[doc(hidden)]
pub mod de;
pub mod error;
#[cfg(feature = "fake-server")]
pub mod fake;
pub(crate) mod json;
pub mod operation;
#[cfg(feature = "registry")]
pub mod registry;
pub mod signer;
pub mod validate;
