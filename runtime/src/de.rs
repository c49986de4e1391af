//! What the generated serde impls share: an object's visitor, reading its keys without allocating
//! and its entries, the error for a missing required field, writing an optional field, and the
//! tagged form of a union's variant.

use std::fmt;

/// An object key: borrowed from the input where it can be, owned where it had escapes.
#[derive(Debug)]
pub enum Key<'de> {
    /// A key borrowed from the input.
    Borrowed(&'de str),
    /// A key that had to be unescaped.
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A generated object's decoding from a JSON object's entries; its `Deserialize` is
/// [`object`]. One small impl per type instead of a visitor type with its own impls: the serde
/// boilerplate lives here once, which is much of what the generated crate costs to compile.
pub trait FromMap<'de>: Sized {
    /// What serde's "invalid type" error says was expected (`` a `Name` object ``).
    const EXPECTING: &'static str;
    /// Reads the object from its entries: unknown keys skipped, a repeated key's last value kept.
    fn from_map<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize` of a generated object: a JSON object only, read by [`FromMap::from_map`].
pub fn object<'de, T: FromMap<'de>, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct ObjectVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: FromMap<'de>> serde::de::Visitor<'de> for ObjectVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(T::EXPECTING)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// Reads the current entry's value into an optional field (`null` is `None`).
pub fn field<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut T,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Reads the current entry's value into a required field's slot (`null` is an invalid value).
pub fn required_field<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the current entry's value (an unknown key).
pub fn skip<'de, A: serde::de::MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>()?;
    Ok(())
}

/// A required field's value, or serde's "missing field" error naming it.
pub fn required<T, E: serde::de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// A generated `Serialize` in progress: serde's `SerializeStruct` state, or the first error. After
/// an error no more calls reach the serializer and [`end`] answers the error, as a derived impl's
/// `?` does; the generated code needs no `?` per field (whose desugaring is most of what a derived
/// impl costs to type-check).
pub struct StructWriter<S: serde::ser::SerializeStruct> {
    state: Result<S, S::Error>,
}

/// Starts writing a struct from `Serializer::serialize_struct`'s answer.
pub fn writer<S: serde::ser::SerializeStruct>(state: Result<S, S::Error>) -> StructWriter<S> {
    StructWriter { state }
}

/// Writes a field (`serialize_field` under its wire name).
pub fn write<S, T>(w: &mut StructWriter<S>, key: &'static str, value: &T)
where
    S: serde::ser::SerializeStruct,
    T: serde::Serialize + ?Sized,
{
    if let Ok(state) = &mut w.state {
        if let Err(e) = state.serialize_field(key, value) {
            w.state = Err(e);
        }
    }
}

/// Writes an optional field as serde's derive does with `skip_serializing_if =
/// "Option::is_none"`: the `Option` itself when it is `Some`, `skip_field` when it is `None`.
pub fn write_optional<S, T>(w: &mut StructWriter<S>, key: &'static str, value: &Option<T>)
where
    S: serde::ser::SerializeStruct,
    T: serde::Serialize,
{
    if let Ok(state) = &mut w.state {
        let r = if value.is_some() {
            state.serialize_field(key, value)
        } else {
            state.skip_field(key)
        };
        if let Err(e) = r {
            w.state = Err(e);
        }
    }
}

/// Ends the struct: serde's `end`, or the first error.
pub fn end<S: serde::ser::SerializeStruct>(w: StructWriter<S>) -> Result<S::Ok, S::Error> {
    w.state?.end()
}

/// How many of the optional fields are present: the length a generated `Serialize` announces is
/// the required fields plus these.
pub fn present(fields: &[bool]) -> usize {
    fields.iter().filter(|p| **p).count()
}

/// Serialises a union's variant: its discriminator field `tag_field` with the value `tag`, then the
/// variant's own fields.
pub fn serialize_tagged<S, T>(
    serializer: S,
    tag_field: &str,
    tag: &str,
    variant: &T,
) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize + ?Sized,
{
    use serde::ser::Error as _;
    use serde::Serialize as _;
    let mut value = serde_json::to_value(variant).map_err(S::Error::custom)?;
    match value.as_object_mut() {
        Some(obj) => {
            obj.insert(tag_field.to_owned(), serde_json::Value::from(tag));
        }
        None => {
            return Err(S::Error::custom(
                "a union variant must serialise as an object",
            ))
        }
    }
    value.serialize(serializer)
}

/// The string value of a union's discriminator field, if the value is an object that has one.
pub fn tag<'a>(value: &'a serde_json::Value, tag_field: &str) -> Option<&'a str> {
    value.get(tag_field).and_then(|t| t.as_str())
}

/// Which of `variants` a union's discriminator field `tag_field` names, by index.
pub fn variant(value: &serde_json::Value, tag_field: &str, variants: &[&str]) -> Option<usize> {
    let t = tag(value, tag_field)?;
    variants.iter().position(|v| *v == t)
}
