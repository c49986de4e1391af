//! Reading a JSON object's string fields in one pass, in bounded memory, with a typed error for
//! every way the body can be wrong (not JSON, not an object, a field missing, twice, or not a
//! string).

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::EnvelopeError;

/// A JSON value's kind, or the string it is.
enum StrOrKind {
    Str(String),
    Kind(&'static str),
}

impl<'de> de::Deserialize<'de> for StrOrKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor).map(|k| match k {
            Kind::Str(s) => StrOrKind::Str(s),
            Kind::Other(kind) => StrOrKind::Kind(kind),
            Kind::Object(_) => StrOrKind::Kind("object"),
        })
    }
}

/// What [`KindVisitor`] found: a string, an object (with its fields for the top level), or
/// another kind.
enum Kind {
    Str(String),
    Object(Box<Slots>),
    Other(&'static str),
}

/// The wanted fields as found.
struct Slots {
    fields: &'static [&'static str],
    values: Vec<Option<StrOrKind>>,
    duplicate: Option<&'static str>,
}

/// Visits any JSON value, noting its kind.
struct KindVisitor;

/// Visits the top-level value; an object's wanted fields are collected.
struct TopVisitor(&'static [&'static str]);

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

macro_rules! scalar_visits {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Kind, E> {
            Ok(Kind::Other("boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Kind, E> {
            Ok(Kind::Other("number"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Kind, E> {
            Ok(Kind::Other("number"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Kind, E> {
            Ok(Kind::Other("number"))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
            Ok(Kind::Other("null"))
        }
        fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
            Ok(Kind::Other("null"))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Kind, A::Error> {
            drain_seq(seq)?;
            Ok(Kind::Other("array"))
        }
    };
}

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    scalar_visits!();

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Kind::Other("object"))
    }
}

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    scalar_visits!();

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Kind, E> {
        Ok(Kind::Other("string"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let fields = self.0;
        let mut slots = Slots {
            fields,
            values: fields.iter().map(|_| None).collect(),
            duplicate: None,
        };
        while let Some(key) = map.next_key::<String>()? {
            match fields.iter().position(|f| *f == key) {
                Some(i) if slots.values[i].is_some() => {
                    slots.duplicate = slots.duplicate.or(Some(fields[i]));
                    map.next_value::<IgnoredAny>()?;
                }
                Some(i) => slots.values[i] = Some(map.next_value::<StrOrKind>()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Kind::Object(Box::new(slots)))
    }
}

impl<'de> de::DeserializeSeed<'de> for TopVisitor {
    type Value = Kind;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads a JSON object of at most `max` bytes whose `fields`, where present, must be strings
/// (other fields are ignored), in the order of `fields`; a missing one is `None`.
pub(crate) fn optional_string_fields(
    body: &[u8],
    max: usize,
    fields: &'static [&'static str],
) -> Result<Vec<Option<String>>, EnvelopeError> {
    if body.len() > max {
        return Err(EnvelopeError::BodyTooLarge {
            len: body.len(),
            max,
        });
    }
    let json = |e: serde_json::Error| EnvelopeError::Json {
        reason: e.to_string(),
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let top = de::DeserializeSeed::deserialize(TopVisitor(fields), &mut de).map_err(json)?;
    de.end().map_err(json)?;
    let slots = match top {
        Kind::Object(slots) => slots,
        Kind::Str(_) => return Err(EnvelopeError::NotAnObject { found: "string" }),
        Kind::Other(found) => return Err(EnvelopeError::NotAnObject { found }),
    };
    if let Some(field) = slots.duplicate {
        return Err(EnvelopeError::DuplicateField { field });
    }
    slots
        .values
        .into_iter()
        .zip(slots.fields)
        .map(|(value, &field)| match value {
            None => Ok(None),
            Some(StrOrKind::Kind(found)) => Err(EnvelopeError::NotAString { field, found }),
            Some(StrOrKind::Str(s)) => Ok(Some(s)),
        })
        .collect()
}

/// [`optional_string_fields`], every field required.
pub(crate) fn string_fields(
    body: &[u8],
    max: usize,
    fields: &'static [&'static str],
) -> Result<Vec<String>, EnvelopeError> {
    optional_string_fields(body, max, fields)?
        .into_iter()
        .zip(fields)
        .map(|(v, &field)| v.ok_or(EnvelopeError::MissingField { field }))
        .collect()
}
