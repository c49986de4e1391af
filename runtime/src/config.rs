//! Configuration from the environment and the configuration file, and its precedence.
//!
//! # Where each setting comes from
//!
//! Each setting is resolved on its own, the first source that sets it winning:
//!
//! | setting | 1. builder | 2. environment | 3. file profile | 4. otherwise |
//! | --- | --- | --- | --- | --- |
//! | credentials | `.credentials()` / `.credentials_provider()` | `VOLC_ACCESSKEY` + `VOLC_SECRETKEY` (+ `VOLC_SESSION_TOKEN`) | `ak` + `sk` (+ `session_token`) | an error listing the sources tried |
//! | region | `.region()` | `VOLC_REGION` | `region` | the service's default region |
//! | endpoint | `.endpoint()` | `VOLC_ENDPOINT` | `endpoint` | the region's host |
//! | edition | `.edition()` | `VOLC_EDITION` | `edition` | the service's own (`default`) |
//!
//! The environment's credentials count only when both keys are set (as in the official Go SDK).
//!
//! # The file
//!
//! `$HOME/.volc/config` (`%USERPROFILE%` when `HOME` is unset), the file the official Go SDK reads:
//! a JSON object whose top-level `ak` and `sk` are the credentials. This crate reads more from it,
//! in a way that keeps it readable by the Go SDK:
//!
//! ```json
//! {
//!   "ak": "AKLT...", "sk": "...", "region": "cn-north-1",
//!   "profiles": {
//!     "staging": { "ak": "AKLT...", "sk": "...", "session_token": "...",
//!                  "region": "ap-singapore-1", "endpoint": "https://staging.example.com" }
//!   }
//! }
//! ```
//!
//! The top-level keys (`ak`, `sk`, `session_token`, `region`, `endpoint`) are the default
//! profile (also named `default`, unless `profiles` has one of that name); `profiles` holds named
//! ones, each with the same keys (a named profile takes nothing from the default one). The builder's `.profile(name)`, else `VOLC_PROFILE`, selects a named
//! profile; a profile selected that way must exist. Unknown keys are ignored; a value of the wrong
//! type, or text that is not JSON, is an [`Error::Config`] naming the file, the line and the column
//! (and never the value). A missing file is no error. The file is read only when a named profile is
//! selected or the builder and the environment leave a setting open; `.config_file(path)` reads
//! another file, `.no_config_file()` none.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

mod file;
pub use file::{read_file, MAX_FILE_BYTES};

use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::error::Error;
use crate::signer::{Credentials, Secret};

/// The access key variable.
pub const ENV_ACCESS_KEY: &str = "VOLC_ACCESSKEY";
/// The secret key variable.
pub const ENV_SECRET_KEY: &str = "VOLC_SECRETKEY";
/// The session token variable (optional).
pub const ENV_SESSION_TOKEN: &str = "VOLC_SESSION_TOKEN";
/// The region variable.
pub const ENV_REGION: &str = "VOLC_REGION";
/// The endpoint variable.
pub const ENV_ENDPOINT: &str = "VOLC_ENDPOINT";
/// The edition variable (`byteplus`; see [`ClientBuilder::edition`](crate::ClientBuilder::edition)).
pub const ENV_EDITION: &str = "VOLC_EDITION";
/// The variable selecting a named profile of the file.
pub const ENV_PROFILE: &str = "VOLC_PROFILE";

/// One profile of the configuration file. Its `Debug` shows no secret.
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Profile {
    /// `ak`: the access key id.
    pub access_key: Option<String>,
    /// `sk`: the secret key.
    pub secret_key: Option<Secret>,
    /// `session_token`: an STS session token.
    pub session_token: Option<Secret>,
    /// `region`.
    pub region: Option<String>,
    /// `endpoint`: a base URL.
    pub endpoint: Option<String>,
    /// `edition`: another edition of the service's API (`byteplus`).
    pub edition: Option<String>,
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key)
            .field("session_token", &self.session_token)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("edition", &self.edition)
            .finish()
    }
}

impl Profile {
    /// The profile's credentials, when it has both keys; otherwise what it lacks.
    pub fn credentials(&self) -> Result<Credentials, &'static str> {
        let ak = self.access_key.as_deref().filter(|s| !s.is_empty());
        let sk = self
            .secret_key
            .as_ref()
            .map(Secret::expose)
            .filter(|s| !s.is_empty());
        match (ak, sk) {
            (Some(ak), Some(sk)) => {
                let c = Credentials::new(ak, sk);
                Ok(match &self.session_token {
                    Some(t) if !t.expose().is_empty() => c.with_session_token(t.expose()),
                    _ => c,
                })
            }
            (None, None) => Err("no `ak` and `sk`"),
            (Some(_), None) => Err("`ak` without `sk`"),
            (None, Some(_)) => Err("`sk` without `ak`"),
        }
    }
}

/// The configuration file, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The top-level keys.
    pub default: Profile,
    /// The named profiles.
    pub profiles: BTreeMap<String, Profile>,
}

impl ConfigFile {
    /// `$HOME/.volc/config` (or under `%USERPROFILE%`), when a home directory is known.
    pub fn default_path() -> Option<PathBuf> {
        let home = std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .or_else(|| std::env::var_os("USERPROFILE").filter(|h| !h.is_empty()))?;
        Some(PathBuf::from(home).join(".volc").join("config"))
    }

    /// Reads and parses the file at `path`: `Ok(None)` when it does not exist. Only a regular
    /// file of at most [`MAX_FILE_BYTES`] is read (see [`read_file`]).
    pub fn load(path: &Path) -> Result<Option<Self>, Error> {
        match read_file(path)? {
            Some(text) => Self::parse(path, &text).map(Some),
            None => Ok(None),
        }
    }

    /// Parses `text` as the file at `path` (named in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Self, Error> {
        let top: TopLevel = serde_json::from_str(text)
            .map_err(|e| Error::Config(format!("configuration file {}: {e}", path.display())))?;
        Ok(Self {
            path: path.to_path_buf(),
            default: top.default,
            profiles: top.profiles,
        })
    }

    /// The default profile (`None`), or the named one: an error naming the profiles there are when
    /// it does not exist. The name `default` is the top-level keys unless `profiles` has a
    /// profile of that name.
    pub fn profile(&self, name: Option<&str>) -> Result<&Profile, Error> {
        let name = match name {
            None => return Ok(&self.default),
            Some("default") if !self.profiles.contains_key("default") => return Ok(&self.default),
            Some(name) => name,
        };
        self.profiles.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            Error::Config(format!(
                "configuration file {}: no profile `{name}` (profiles: {})",
                self.path.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ))
        })
    }
}

struct TopLevel {
    default: Profile,
    profiles: BTreeMap<String, Profile>,
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

/// Which file a builder reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum FileChoice {
    /// `$HOME/.volc/config`.
    #[default]
    Default,
    /// This file.
    Path(PathBuf),
    /// None.
    Off,
}

/// What the builder was given, for resolution.
pub(crate) struct Given<'a> {
    pub credentials: bool,
    pub region: Option<&'a str>,
    pub endpoint: Option<&'a str>,
    pub edition: Option<&'a str>,
    pub profile: Option<&'a str>,
    pub file: &'a FileChoice,
}

/// Settings resolved from the environment and the file (the builder's own win over them).
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    pub credentials: Option<Credentials>,
    pub region: Option<String>,
    pub endpoint: Option<String>,
    pub edition: Option<String>,
}

fn nonempty(env: &dyn Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    env(name).filter(|v| !v.is_empty())
}

/// Resolves what the builder left open from `env` (a variable lookup) and the file, following the
/// precedence in the [module documentation](self).
pub(crate) fn resolve(
    given: &Given<'_>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Resolved, Error> {
    let mut out = Resolved::default();
    let mut tried = vec!["the builder (no credentials given)".to_string()];
    if !given.credentials {
        match (nonempty(env, ENV_ACCESS_KEY), nonempty(env, ENV_SECRET_KEY)) {
            (Some(ak), Some(sk)) => {
                let c = Credentials::new(ak, sk);
                out.credentials = Some(match nonempty(env, ENV_SESSION_TOKEN) {
                    Some(t) => c.with_session_token(t),
                    None => c,
                });
            }
            (ak, sk) => tried.push(format!(
                "the environment ({ENV_ACCESS_KEY} {}, {ENV_SECRET_KEY} {})",
                if ak.is_some() { "set" } else { "not set" },
                if sk.is_some() { "set" } else { "not set" },
            )),
        }
    }
    if given.region.is_none() {
        out.region = nonempty(env, ENV_REGION);
    }
    if given.endpoint.is_none() {
        out.endpoint = nonempty(env, ENV_ENDPOINT);
    }
    if given.edition.is_none() {
        out.edition = nonempty(env, ENV_EDITION);
    }
    let profile_name = given
        .profile
        .map(str::to_string)
        .or_else(|| nonempty(env, ENV_PROFILE));
    let open = (!given.credentials && out.credentials.is_none())
        || (given.region.is_none() && out.region.is_none())
        || (given.endpoint.is_none() && out.endpoint.is_none());
    let path = match given.file {
        FileChoice::Off => None,
        FileChoice::Path(p) => Some(p.clone()),
        FileChoice::Default => home_config(env),
    };
    let profile_label = match &profile_name {
        Some(n) => format!("profile `{n}`"),
        None => "the default profile".to_string(),
    };
    match &path {
        None if profile_name.is_some() => {
            return Err(Error::Config(format!(
                "{profile_label} is selected, but no configuration file is read ({})",
                if *given.file == FileChoice::Off {
                    "the builder turned it off"
                } else {
                    "HOME is not set"
                }
            )))
        }
        None => tried.push(match given.file {
            FileChoice::Off => "no configuration file (turned off)".to_string(),
            _ => "no configuration file (HOME is not set)".to_string(),
        }),
        Some(path) if open || profile_name.is_some() => match ConfigFile::load(path)? {
            None if profile_name.is_some() => {
                return Err(Error::Config(format!(
                    "{profile_label} is selected, but the configuration file {} does not exist",
                    path.display()
                )))
            }
            None => tried.push(format!("the file {} (not found)", path.display())),
            Some(file) => {
                let p = file.profile(profile_name.as_deref())?;
                if !given.credentials && out.credentials.is_none() {
                    match p.credentials() {
                        Ok(c) => out.credentials = Some(c),
                        Err(why) => tried.push(format!(
                            "the file {}, {profile_label} ({why})",
                            path.display()
                        )),
                    }
                }
                if given.region.is_none() && out.region.is_none() {
                    out.region = p.region.clone().filter(|r| !r.is_empty());
                }
                if given.endpoint.is_none() && out.endpoint.is_none() {
                    out.endpoint = p.endpoint.clone().filter(|e| !e.is_empty());
                }
                if given.edition.is_none() && out.edition.is_none() {
                    out.edition = p.edition.clone().filter(|e| !e.is_empty());
                }
            }
        },
        Some(_) => {}
    }
    if !given.credentials && out.credentials.is_none() {
        return Err(Error::Config(format!(
            "no credentials found; tried {}",
            tried.join("; ")
        )));
    }
    Ok(out)
}

fn home_config(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let home = nonempty(env, "HOME").or_else(|| nonempty(env, "USERPROFILE"))?;
    Some(PathBuf::from(home).join(".volc").join("config"))
}

/// The process environment, as [`resolve`] reads it.
pub(crate) fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
