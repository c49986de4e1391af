//! [`Ack`]: the `Result` of an action that only acknowledges (`"ok"`, `"success"`, `{}`,
//! `{"Message": "success"}`, `null` or absent on success), so that a call answers a value a user need not unwrap.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// An acknowledgement: the call succeeded. Whatever the service sent as the `Result` (`"ok"`,
/// `"success"`, an empty object, `null`, nothing) is kept as received, for logs and tools.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ack {
    received: Value,
}

impl Ack {
    /// The `Result` as received (`Value::Null` when it was absent).
    pub fn received(&self) -> &Value {
        &self.received
    }

    /// The text the service acknowledged with, when it sent text: a string `Result` (`"ok"`,
    /// `"success"`), or the one member of an object `Result` when that is a string
    /// (`{"Message": "success"}`).
    pub fn text(&self) -> Option<&str> {
        match &self.received {
            Value::String(s) => Some(s),
            Value::Object(map) if map.len() == 1 => map.values().next().and_then(Value::as_str),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Ack {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Any value acknowledges: the answer's envelope already said the call succeeded.
        Ok(Ack {
            received: Option::<Value>::deserialize(d)?.unwrap_or(Value::Null),
        })
    }
}

impl Serialize for Ack {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.received.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_acknowledgement_decodes() {
        for (json, text) in [
            ("\"ok\"", Some("ok")),
            ("\"success\"", Some("success")),
            ("null", None),
            ("{}", None),
            (r#"{"Message":"success"}"#, Some("success")),
            (r#"{"Extra":1,"Message":"success"}"#, None),
        ] {
            let ack: Ack = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(ack.text(), text);
            assert_eq!(serde_json::to_string(&ack).unwrap_or_default(), json);
        }
    }
}
