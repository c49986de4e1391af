//! The configuration file's JSON, read by hand-written visitors so that a value of the wrong type
//! is reported by its kind, never by its text (a misplaced secret must not reach an error).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::Profile;
use crate::signer::Secret;

/// The whole file: the default profile (its top-level keys) and the named ones.
pub(super) struct TopLevel {
    pub(super) default: Profile,
    pub(super) profiles: BTreeMap<String, Profile>,
}

/// The kind of a JSON value that was not the one expected, never the value itself.
fn found<E: de::Error>(expected: &str, kind: &str) -> E {
    E::custom(format_args!("expected {expected}, found {kind}"))
}

/// Visits one JSON value expecting `$expected` from `visit_map` (or `visit_str`), rejecting
/// every other kind by name only.
macro_rules! reject_other_kinds {
    ($expected:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(found($expected, "a boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(found($expected, "a number"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(found($expected, "a number"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(found($expected, "a number"))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
            Err(found($expected, "an array"))
        }
    };
}

/// A string value; `null` counts as absent.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Option<String>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(found("a string", "an object"))
    }
    reject_other_kinds!("a string");
}

struct TextValue(Option<String>);
impl<'de> de::Deserialize<'de> for TextValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Text).map(TextValue)
    }
}

/// A profile object; at the top level, also `profiles`.
struct ProfileVisitor {
    top: bool,
}

impl<'de> Visitor<'de> for ProfileVisitor {
    type Value = (Profile, BTreeMap<String, Profile>);
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(found("an object", "a string"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(found("an object", "null"))
    }
    reject_other_kinds!("an object");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut p = Profile::default();
        let mut profiles = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let text = |map: &mut A| map.next_value::<TextValue>().map(|t| t.0);
            match key.as_str() {
                "ak" => p.access_key = text(&mut map)?,
                "sk" => p.secret_key = text(&mut map)?.map(Secret::new),
                "session_token" => p.session_token = text(&mut map)?.map(Secret::new),
                "region" => p.region = text(&mut map)?,
                "endpoint" => p.endpoint = text(&mut map)?,
                "edition" => p.edition = text(&mut map)?,
                "profiles" if self.top => profiles = map.next_value::<Profiles>()?.0,
                // Unknown keys are kept readable for other tools: skipped, whatever they hold.
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok((p, profiles))
    }
}

impl<'de> de::Deserialize<'de> for TopLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (default, profiles) = d.deserialize_any(ProfileVisitor { top: true })?;
        Ok(TopLevel { default, profiles })
    }
}

struct NamedProfile(Profile);
impl<'de> de::Deserialize<'de> for NamedProfile {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ProfileVisitor { top: false })
            .map(|(p, _)| NamedProfile(p))
    }
}

struct Profiles(BTreeMap<String, Profile>);
struct ProfilesVisitor;
impl<'de> Visitor<'de> for ProfilesVisitor {
    type Value = BTreeMap<String, Profile>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of profiles")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Err(found("an object of profiles", "a string"))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(BTreeMap::new())
    }
    reject_other_kinds!("an object of profiles");
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(name) = map.next_key::<String>()? {
            let p = map.next_value::<NamedProfile>()?;
            out.insert(name, p.0);
        }
        Ok(out)
    }
}
impl<'de> de::Deserialize<'de> for Profiles {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ProfilesVisitor).map(Profiles)
    }
}
