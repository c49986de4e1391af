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
//! type, or text that is not JSON, is an [`Error::Config`] ([`ConfigErrorKind::File`]) naming the
//! file, the line and the column (and never the value), with the parser's error as its source.
//! Finding no credentials anywhere is an [`Error::Credentials`] listing each source tried. A missing file is no error. The file is read only when a named profile is
//! selected or the builder and the environment leave a setting open; `.config_file(path)` reads
//! another file, `.no_config_file()` none.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

mod file;
mod parse;
pub use file::{read_file, MAX_FILE_BYTES};
use parse::TopLevel;

use crate::error::{
    ConfigErrorKind, CredentialsError, CredentialsErrorKind, Error, SettingSource, SourceTried,
};
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
        let top: TopLevel = serde_json::from_str(text).map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let message = e.to_string();
            let suffix = format!(" at line {line} column {column}");
            let reason = message
                .strip_suffix(&suffix)
                .unwrap_or(&message)
                .to_string();
            let kind = ConfigErrorKind::File {
                path: path.to_path_buf(),
                line: (line > 0).then_some(line),
                column: (line > 0).then_some(column),
                reason,
            };
            Error::config_from(kind, e)
        })?;
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
        self.profile_selected_by(name, SettingSource::Builder)
    }

    /// [`profile`](Self::profile), naming who selected the profile in the error.
    fn profile_selected_by(
        &self,
        name: Option<&str>,
        selected_by: SettingSource,
    ) -> Result<&Profile, Error> {
        let name = match name {
            None => return Ok(&self.default),
            Some("default") if !self.profiles.contains_key("default") => return Ok(&self.default),
            Some(name) => name,
        };
        self.profiles.get(name).ok_or_else(|| {
            Error::config(ConfigErrorKind::UnknownProfile {
                path: self.path.clone(),
                name: name.to_string(),
                selected_by,
                known: self.profiles.keys().cloned().collect(),
            })
        })
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
    pub region: Option<(String, SettingSource)>,
    pub endpoint: Option<(String, SettingSource)>,
    pub edition: Option<(String, SettingSource)>,
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
    let mut tried = vec![SourceTried::new(
        SettingSource::Builder,
        "no credentials given",
    )];
    let from_env = |name: &str| nonempty(env, name).map(|v| (v, SettingSource::Environment));
    if !given.credentials {
        match (nonempty(env, ENV_ACCESS_KEY), nonempty(env, ENV_SECRET_KEY)) {
            (Some(ak), Some(sk)) => {
                let c = Credentials::new(ak, sk);
                out.credentials = Some(match nonempty(env, ENV_SESSION_TOKEN) {
                    Some(t) => c.with_session_token(t),
                    None => c,
                });
            }
            (ak, sk) => tried.push(SourceTried::new(
                SettingSource::Environment,
                format!(
                    "{ENV_ACCESS_KEY} {}, {ENV_SECRET_KEY} {}",
                    if ak.is_some() { "set" } else { "not set" },
                    if sk.is_some() { "set" } else { "not set" },
                ),
            )),
        }
    }
    if given.region.is_none() {
        out.region = from_env(ENV_REGION);
    }
    if given.endpoint.is_none() {
        out.endpoint = from_env(ENV_ENDPOINT);
    }
    if given.edition.is_none() {
        out.edition = from_env(ENV_EDITION);
    }
    let (profile_name, selected_by) = match given.profile {
        Some(p) => (Some(p.to_string()), SettingSource::Builder),
        None => (nonempty(env, ENV_PROFILE), SettingSource::Environment),
    };
    let open = (!given.credentials && out.credentials.is_none())
        || (given.region.is_none() && out.region.is_none())
        || (given.endpoint.is_none() && out.endpoint.is_none());
    let path = match given.file {
        FileChoice::Off => None,
        FileChoice::Path(p) => Some(p.clone()),
        FileChoice::Default => home_config(env),
    };
    let no_file = |reason: String| match &profile_name {
        Some(name) => Err(Error::config(ConfigErrorKind::NoFileForProfile {
            name: name.clone(),
            selected_by: selected_by.clone(),
            reason,
        })),
        None => Ok(()),
    };
    let file_source = |path: Option<&Path>| SettingSource::File {
        path: path.map(Path::to_path_buf),
        profile: profile_name.clone(),
    };
    match &path {
        None => {
            let reason = match given.file {
                FileChoice::Off => "turned off",
                _ => "HOME is not set",
            };
            no_file(reason.to_string())?;
            tried.push(SourceTried::new(file_source(None), reason));
        }
        Some(path) if open || profile_name.is_some() => match ConfigFile::load(path)? {
            None => {
                no_file(format!("the file {} does not exist", path.display()))?;
                tried.push(SourceTried::new(file_source(Some(path)), "not found"));
            }
            Some(file) => {
                let p = file.profile_selected_by(profile_name.as_deref(), selected_by.clone())?;
                let source = file_source(Some(path));
                if !given.credentials && out.credentials.is_none() {
                    match p.credentials() {
                        Ok(c) => out.credentials = Some(c),
                        Err(why) => tried.push(SourceTried::new(source.clone(), why)),
                    }
                }
                let from_file = |v: &Option<String>| {
                    v.clone()
                        .filter(|v| !v.is_empty())
                        .map(|v| (v, source.clone()))
                };
                if given.region.is_none() && out.region.is_none() {
                    out.region = from_file(&p.region);
                }
                if given.endpoint.is_none() && out.endpoint.is_none() {
                    out.endpoint = from_file(&p.endpoint);
                }
                if given.edition.is_none() && out.edition.is_none() {
                    out.edition = from_file(&p.edition);
                }
            }
        },
        Some(_) => {}
    }
    if !given.credentials && out.credentials.is_none() {
        return Err(CredentialsError::new(CredentialsErrorKind::NotFound { tried }).into());
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
