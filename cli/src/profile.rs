//! Credential profiles, a stand-in until the runtime reads profiles itself: swap
//! [`profile_credentials`] for the runtime's function then, nothing else in the command uses the
//! file.
//!
//! The file is `$HOME/.volc/config`, JSON, in either form (or both):
//!
//! ```json
//! {"ak": "AK...", "sk": "SK..."}
//! {"profiles": {"prod": {"ak": "AK...", "sk": "SK...", "region": "cn-north-1", "endpoint": "https://..."},
//!               "intl": {"ak": "AK...", "sk": "SK...", "edition": "byteplus"}}}
//! ```
//!
//! The top-level keys are the profile `default`. A profile may also hold `session_token`.

use std::path::PathBuf;

use serde_json::Value;
use volcengine_rtc::Credentials;

/// What a profile gives: credentials, and optionally a region and an endpoint (the command's own
/// `--region` / `--endpoint` win over them).
#[derive(Debug, Clone)]
pub struct Profile {
    /// Access key, secret key, optional session token.
    pub credentials: Credentials,
    /// Region.
    pub region: Option<String>,
    /// Base URL.
    pub endpoint: Option<String>,
    /// Edition (`byteplus`).
    pub edition: Option<String>,
}

/// The configuration file: `$HOME/.volc/config`.
pub fn config_path() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    Some(PathBuf::from(home).join(".volc").join("config"))
}

/// The profile `name` of the configuration file. The error says what is missing or malformed
/// (and never shows a secret).
pub fn profile_credentials(name: &str) -> Result<Profile, String> {
    let path = config_path().ok_or("no profile file: $HOME is not set")?;
    // Bounded, regular files only: a FIFO or `/dev/zero` here is an error, not a hang.
    let text = volcengine_openapi::config::read_file(&path)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no profile file {}", path.display()))?;
    let root: Value = serde_json::from_str(&text)
        .map_err(|e| format!("the profile file {} is not JSON: {e}", path.display()))?;
    let entry = match root.get("profiles").and_then(|p| p.get(name)) {
        Some(p) => p,
        None if name == "default" && root.get("ak").is_some() => &root,
        None => {
            return Err(format!(
                "no profile `{name}` in {} (expected {{\"profiles\": {{\"{name}\": {{\"ak\": ..., \"sk\": ...}}}}}})",
                path.display()
            ))
        }
    };
    let text_of = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_string);
    let (Some(ak), Some(sk)) = (text_of("ak"), text_of("sk")) else {
        return Err(format!(
            "profile `{name}` in {} needs the text keys \"ak\" and \"sk\"",
            path.display()
        ));
    };
    let mut credentials = Credentials::new(ak, sk);
    if let Some(token) = text_of("session_token").filter(|t| !t.is_empty()) {
        credentials = credentials.with_session_token(token);
    }
    Ok(Profile {
        credentials,
        region: text_of("region"),
        endpoint: text_of("endpoint"),
        edition: text_of("edition"),
    })
}
