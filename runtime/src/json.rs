//! The one way typed values cross to and from JSON, to keep the crate cheap to build.
//!
//! serde code is instantiated once per (type, serializer) and (type, deserializer) pair. The client
//! must write bytes and read text anyway; routing every other conversion (to and from
//! [`serde_json::Value`]) through those same two paths, with the `Value` step done by non-generic
//! code, halves the serde code compiled per action.

use serde::Serialize;
use serde_json::Value;

/// `serde_json::to_value`, through the byte serializer the client sends with.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, serde_json::Error> {
    let bytes = serde_json::to_vec(value)?;
    serde_json::from_slice(&bytes)
}

#[cfg(feature = "registry")]
/// `serde_json::from_value`, through the text deserializer the client decodes answers with.
pub fn from_value<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    let text = serde_json::to_string(value)?;
    serde_json::from_str(&text).map_err(|e| {
        // A position in text this function made up means nothing to the caller: drop it.
        let message = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        match message.strip_suffix(&suffix) {
            Some(bare) => <serde_json::Error as serde::de::Error>::custom(bare),
            None => e,
        }
    })
}
