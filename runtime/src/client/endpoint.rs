//! Where requests go: the region's host from the service's table, or an explicit endpoint.

use crate::error::Error;
use crate::service::RegionInfo;

/// A resolved endpoint: parsed once, when the client is built.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    /// `scheme://host[:port]`.
    pub origin: String,
    /// The path, `/` when the endpoint has none.
    pub path: String,
    /// `origin` and `path`, parsed: every request's URL is this one with its query set.
    pub base_url: reqwest::Url,
    /// The headers signed besides the signer's own: `Host`, then `Content-Type` (sent with a JSON
    /// body only, so signed as the first one or both).
    pub sign_headers: [(String, String); 2],
    /// The `Host` header's value, checked once: every attempt sends a copy that shares its bytes.
    pub host_value: reqwest::header::HeaderValue,
}

impl Endpoint {
    /// The endpoint of `region` in `regions` (or `explicit`, when given).
    pub fn resolve(
        regions: &[RegionInfo],
        region: &str,
        explicit: Option<&str>,
    ) -> Result<Self, Error> {
        let base = match explicit {
            Some(e) => e.to_string(),
            None => match regions
                .iter()
                .find(|r| r.name == region || r.aliases.contains(&region))
            {
                Some(r) => format!("https://{}", r.host),
                None => {
                    let known: Vec<&str> = regions.iter().map(|r| r.name).collect();
                    return Err(Error::Config(format!(
                        "unknown region `{region}` (known: {})",
                        known.join(", ")
                    )));
                }
            },
        };
        let url = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("bad endpoint `{base}`: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::Config(format!(
                "bad endpoint `{base}`: needs http(s)://host"
            )));
        }
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            (None, _) => String::new(),
        };
        let mut path = url.path().to_string();
        if path.is_empty() {
            path = "/".into();
        }
        let origin = format!("{}://{host}", url.scheme());
        let base_url = reqwest::Url::parse(&format!("{origin}{path}"))
            .map_err(|e| Error::Config(format!("bad endpoint `{base}`: {e}")))?;
        let host_value = reqwest::header::HeaderValue::from_str(&host).map_err(|_| {
            Error::Config(format!(
                "bad endpoint `{base}`: its host is not a valid Host header"
            ))
        })?;
        Ok(Self {
            host_value,
            origin,
            path,
            base_url,
            sign_headers: [
                ("Host".to_string(), host),
                ("Content-Type".to_string(), "application/json".to_string()),
            ],
        })
    }
}
