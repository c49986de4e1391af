//! Configuration and credential errors: what is wrong, where the setting came from, and the
//! underlying error (a file's parse error, the credentials provider's own error) as `source()`.

use std::fmt;
use std::path::PathBuf;

use super::Error;
use crate::text::{shown, MESSAGE_CHARS, SHORT_CHARS};

/// An underlying error kept as a `source()`.
type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Where a setting (or credentials) came from, or was looked for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingSource {
    /// The client builder.
    Builder,
    /// The environment (`VOLC_*` variables).
    Environment,
    /// The configuration file (its path, when one is known) and the profile read (`None`: the
    /// default profile).
    File {
        /// The file (`None`: no file is read; shown as "no configuration file").
        path: Option<PathBuf>,
        /// The named profile, or `None` for the default one.
        profile: Option<String>,
    },
}

impl fmt::Display for SettingSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingSource::Builder => f.write_str("the builder"),
            SettingSource::Environment => f.write_str("the environment"),
            SettingSource::File { path, profile } => {
                match path {
                    Some(p) => write!(f, "the file {}", p.display())?,
                    None => f.write_str("no configuration file")?,
                }
                match profile {
                    Some(p) => write!(f, ", profile `{}`", shown(p, SHORT_CHARS)),
                    None => Ok(()),
                }
            }
        }
    }
}

/// The client is misconfigured: no call was sent. Never carries a secret.
#[derive(Debug)]
#[non_exhaustive]
pub struct ConfigError {
    /// What is wrong.
    pub kind: ConfigErrorKind,
    pub(crate) source: Option<Cause>,
}

/// What is wrong with the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// The configuration file cannot be used: unreadable, not a regular file, too large, not
    /// UTF-8, or not the JSON expected (then with the line and column, never the value).
    File {
        /// The file.
        path: PathBuf,
        /// The line (1-based), when the problem is in the text.
        line: Option<usize>,
        /// The column (1-based), when the problem is in the text.
        column: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// The selected profile is not in the file.
    UnknownProfile {
        /// The file.
        path: PathBuf,
        /// The profile selected.
        name: String,
        /// Who selected it: the builder or the environment (`VOLC_PROFILE`).
        selected_by: SettingSource,
        /// The profiles the file has.
        known: Vec<String>,
    },
    /// A profile is selected, but no configuration file is read.
    NoFileForProfile {
        /// The profile selected.
        name: String,
        /// Who selected it: the builder or the environment (`VOLC_PROFILE`).
        selected_by: SettingSource,
        /// Why there is no file (turned off, no home directory, does not exist).
        reason: String,
    },
    /// The region is not in the service's (or the edition's) region table.
    UnknownRegion {
        /// The region.
        region: String,
        /// Where it was set (`None`: the service's default).
        from: Option<SettingSource>,
        /// The regions known.
        known: Vec<&'static str>,
    },
    /// No edition of the service has this name.
    UnknownEdition {
        /// The name.
        name: String,
        /// Where it was set.
        from: SettingSource,
        /// The editions known (`default` included).
        known: Vec<&'static str>,
    },
    /// The endpoint is not an `http(s)://host` URL.
    BadEndpoint {
        /// The endpoint, without any user or password it held.
        endpoint: String,
        /// Where it was set.
        from: SettingSource,
        /// What is wrong.
        reason: String,
    },
    /// The edition targeted does not serve the action's family.
    EditionWithoutFamily {
        /// The edition.
        edition: &'static str,
        /// The family.
        family: &'static str,
        /// The action called.
        action: &'static str,
        /// The families the edition serves.
        serves: Vec<&'static str>,
    },
    /// A header would not be valid HTTP (a control character in the access key, the session
    /// token or the endpoint's host); the header is named, never its value.
    InvalidHeader {
        /// The action called.
        action: &'static str,
        /// Its version.
        version: &'static str,
        /// The header.
        header: String,
    },
    /// The request could not be serialised (the serde error is the source).
    Serialize {
        /// The action called.
        action: &'static str,
        /// Its version.
        version: &'static str,
    },
    /// A result could not be rendered as JSON (the serde error is the source).
    RenderResult,
    /// The HTTP client could not be built: a bad root certificate, or the TLS setup (the
    /// underlying error is the source).
    HttpClient {
        /// What failed.
        reason: String,
    },
    /// The blocking client cannot run here (inside an async runtime), or its runtime could not
    /// start or is gone.
    Blocking {
        /// What happened.
        reason: String,
    },
}

impl ConfigError {
    /// An error of `kind` without an underlying cause.
    pub fn new(kind: ConfigErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// The same error, keeping its cause (returned by `source()`).
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

fn list(items: &[impl AsRef<str>]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    let shown_items: Vec<String> = items
        .iter()
        .map(|s| shown(s.as_ref(), SHORT_CHARS).to_string())
        .collect();
    shown_items.join(", ")
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ConfigErrorKind::File {
                path,
                line,
                column,
                reason,
            } => {
                write!(
                    f,
                    "configuration file {}: {}",
                    path.display(),
                    shown(reason, MESSAGE_CHARS)
                )?;
                match (line, column) {
                    (Some(l), Some(c)) => write!(f, " at line {l} column {c}"),
                    (Some(l), None) => write!(f, " at line {l}"),
                    _ => self.write_cause(f),
                }
            }
            ConfigErrorKind::UnknownProfile {
                path,
                name,
                selected_by,
                known,
            } => write!(
                f,
                "configuration file {}: no profile `{}` (profiles: {}), selected by {selected_by}",
                path.display(),
                shown(name, SHORT_CHARS),
                list(known)
            ),
            ConfigErrorKind::NoFileForProfile {
                name,
                selected_by,
                reason,
            } => write!(
                f,
                "profile `{}` is selected (by {selected_by}), but no configuration file is read ({reason})",
                shown(name, SHORT_CHARS)
            ),
            ConfigErrorKind::UnknownRegion {
                region,
                from,
                known,
            } => {
                write!(f, "unknown region `{}`", shown(region, SHORT_CHARS))?;
                if let Some(from) = from {
                    write!(f, " (from {from})")?;
                }
                write!(f, " (known: {})", list(known))
            }
            ConfigErrorKind::UnknownEdition { name, from, known } => write!(
                f,
                "unknown edition `{}` (from {from}) (known: default{}{})",
                shown(name, SHORT_CHARS),
                if known.is_empty() { "" } else { ", " },
                known.join(", ")
            ),
            ConfigErrorKind::BadEndpoint {
                endpoint,
                from,
                reason,
            } => write!(
                f,
                "bad endpoint `{}` (from {from}): {reason}",
                shown(endpoint, MESSAGE_CHARS)
            ),
            ConfigErrorKind::EditionWithoutFamily {
                edition,
                family,
                action,
                serves,
            } => write!(
                f,
                "edition `{edition}` does not serve the `{family}` family ({action} is not available there; it serves {})",
                serves.join(", ")
            ),
            ConfigErrorKind::InvalidHeader {
                action,
                version,
                header,
            } => write!(
                f,
                "{action} ({version}): the {header} header would not be valid HTTP (check the credentials and endpoint)"
            ),
            ConfigErrorKind::Serialize { action, version } => {
                write!(f, "{action} ({version}): cannot serialise the request")?;
                self.write_cause(f)
            }
            ConfigErrorKind::RenderResult => {
                f.write_str("cannot render the result")?;
                self.write_cause(f)
            }
            ConfigErrorKind::HttpClient { reason } => {
                write!(f, "{reason}")?;
                self.write_cause(f)
            }
            ConfigErrorKind::Blocking { reason } => {
                write!(f, "{reason}")?;
                self.write_cause(f)
            }
        }
    }
}

impl ConfigError {
    /// `: <cause>` for the kinds whose message is mostly their cause's.
    fn write_cause(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(s) => write!(f, ": {}", shown(&s.to_string(), MESSAGE_CHARS)),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// No credentials could be had: none found, or the provider failed. Never carries a secret.
#[derive(Debug)]
#[non_exhaustive]
pub struct CredentialsError {
    /// What happened.
    pub kind: CredentialsErrorKind,
    pub(crate) source: Option<Cause>,
}

/// Why there are no credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// No source had credentials: each source tried, with why it had none.
    NotFound {
        /// The sources tried, in order.
        tried: Vec<SourceTried>,
    },
    /// The credentials provider failed, and no valid credentials were cached (its error is the
    /// source).
    Provider,
    /// The credentials provider has not been asked yet (signing without I/O before any call).
    NotProvidedYet,
}

/// One source of credentials that was tried, and why it had none.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SourceTried {
    /// The source.
    pub source: SettingSource,
    /// Why it had no credentials (e.g. `VOLC_ACCESSKEY set, VOLC_SECRETKEY not set`).
    pub why: String,
}

impl SourceTried {
    /// `source` had no credentials, because `why`.
    pub fn new(source: SettingSource, why: impl Into<String>) -> Self {
        Self {
            source,
            why: why.into(),
        }
    }
}

impl CredentialsError {
    /// An error of `kind` without an underlying cause.
    pub fn new(kind: CredentialsErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// The provider failed with `source` (returned by `source()`).
    pub fn provider(source: Cause) -> Self {
        Self {
            kind: CredentialsErrorKind::Provider,
            source: Some(source),
        }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            CredentialsErrorKind::NotFound { tried } => {
                f.write_str("no credentials found; tried ")?;
                for (i, t) in tried.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{} ({})", t.source, t.why)?;
                }
                Ok(())
            }
            CredentialsErrorKind::Provider => {
                f.write_str("the credentials provider failed")?;
                match &self.source {
                    Some(s) => write!(f, ": {}", shown(&s.to_string(), MESSAGE_CHARS)),
                    None => Ok(()),
                }
            }
            CredentialsErrorKind::NotProvidedYet => {
                f.write_str("the credentials provider has not been asked yet: no request was sent")
            }
        }
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

impl Error {
    /// A configuration error of `kind`.
    pub(crate) fn config(kind: ConfigErrorKind) -> Self {
        Error::Config(Box::new(ConfigError::new(kind)))
    }

    /// A configuration error of `kind` caused by `source`.
    pub(crate) fn config_from(
        kind: ConfigErrorKind,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Error::Config(Box::new(ConfigError::new(kind).with_source(source)))
    }

    /// The configuration error, when the client is misconfigured.
    pub fn as_config(&self) -> Option<&ConfigError> {
        match self {
            Error::Config(e) => Some(e),
            _ => None,
        }
    }

    /// The credentials error, when no credentials could be had.
    pub fn as_credentials(&self) -> Option<&CredentialsError> {
        match self {
            Error::Credentials(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(Box::new(e))
    }
}

impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(Box::new(e))
    }
}
