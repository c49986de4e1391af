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

/// JSON text read as [`serde_json::from_str`] reads it into a [`Value`], except that a key given
/// twice in one object is not silently resolved (serde_json keeps the last): each repeat is a
/// [`Violation`](crate::validate::Violation) with its path (`Users[0].UserId`). The value keeps
/// the first occurrence. A syntax error is the `Err`.
pub fn from_str_checked(
    text: &str,
) -> Result<(Value, Vec<crate::validate::Violation>), serde_json::Error> {
    use serde::de::DeserializeSeed;
    let repeats = std::cell::RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Checked {
        path: String::new(),
        repeats: &repeats,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok((value, repeats.into_inner()))
}

/// A value being read at `path`, noting repeated keys.
struct Checked<'a> {
    path: String,
    repeats: &'a std::cell::RefCell<Vec<crate::validate::Violation>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Checked<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Checked<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let seed = Checked {
                path: format!("{}[{}]", self.path, items.len()),
                repeats: self.repeats,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut obj = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.path.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.path)
            };
            let seed = Checked {
                path: path.clone(),
                repeats: self.repeats,
            };
            let value = map.next_value_seed(seed)?;
            if obj.contains_key(&key) {
                self.repeats.borrow_mut().push(crate::validate::Violation {
                    path,
                    message: "duplicate key: given more than once in the same object".into(),
                });
            } else {
                obj.insert(key, value);
            }
        }
        Ok(Value::Object(obj))
    }
}
