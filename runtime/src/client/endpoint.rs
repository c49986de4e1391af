//! Where requests go: the region's host from the service's table, or an explicit endpoint.

use crate::error::{ConfigErrorKind, Error, SettingSource};
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
    /// The endpoint of `region` in `regions` (or `explicit`, when given); `region_from` and the
    /// explicit endpoint's source are named in errors.
    pub fn resolve(
        regions: &[RegionInfo],
        region: &str,
        region_from: Option<&SettingSource>,
        explicit: Option<(&str, &SettingSource)>,
    ) -> Result<Self, Error> {
        let (base, from) = match explicit {
            Some((e, from)) => (e.to_string(), from.clone()),
            None => match regions
                .iter()
                .find(|r| r.name == region || r.aliases.contains(&region))
            {
                Some(r) => (
                    format!("https://{}", r.host),
                    region_from.cloned().unwrap_or(SettingSource::Builder),
                ),
                None => {
                    return Err(Error::config(ConfigErrorKind::UnknownRegion {
                        region: region.to_string(),
                        from: region_from.cloned(),
                        known: regions.iter().map(|r| r.name).collect(),
                    }));
                }
            },
        };
        // Errors show the endpoint without its user and password, if it has any.
        let shown = redacted(&base);
        let bad = |reason: &str| ConfigErrorKind::BadEndpoint {
            endpoint: shown.clone(),
            from: from.clone(),
            reason: reason.to_string(),
        };
        let url =
            reqwest::Url::parse(&base).map_err(|e| Error::config_from(bad(&e.to_string()), e))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::config(bad("needs http(s)://host")));
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
            .map_err(|e| Error::config_from(bad(&e.to_string()), e))?;
        let host_value = reqwest::header::HeaderValue::from_str(&host)
            .map_err(|_| Error::config(bad("its host is not a valid Host header")))?;
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

/// `url` with the user information of its authority (`user:password@`) replaced by `***@`, read
/// as text: it need not parse.
pub(crate) fn redacted(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[start..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &rest[at..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_password_of_an_endpoint_is_never_shown() {
        assert_eq!(
            super::redacted("http://user:s3cret@host:bad/x"),
            "http://***@host:bad/x"
        );
        assert_eq!(super::redacted("https://host/a@b"), "https://host/a@b");
        assert_eq!(super::redacted("u:p@h"), "***@h");
    }

    #[test]
    fn endpoint_and_region_errors_are_typed_name_their_source_and_keep_the_cause() {
        use crate::error::{ConfigErrorKind, Error, SettingSource};
        use crate::service::RegionInfo;
        use std::error::Error as _;
        let regions = [RegionInfo {
            name: "cn-north-1",
            aliases: &[],
            host: "h.example.com",
            description_zh: "",
            description_en: "",
        }];
        let env = SettingSource::Environment;
        let e =
            super::Endpoint::resolve(&regions, "x", None, Some(("http://u:s3cret@h:99999", &env)))
                .expect_err("bad port");
        let Error::Config(c) = &e else {
            panic!("{e:?}")
        };
        assert!(
            matches!(&c.kind, ConfigErrorKind::BadEndpoint { endpoint, from, .. }
                if endpoint == "http://***@h:99999" && *from == SettingSource::Environment),
            "{c:?}"
        );
        let text = format!("{e} {e:?}");
        assert!(!text.contains("s3cret"), "{text}");
        assert!(e.to_string().contains("(from the environment)"), "{e}");
        assert_eq!(
            e.source().map(|s| s.to_string()).as_deref(),
            Some("invalid port number"),
            "the URL parser's error"
        );

        let file = SettingSource::File {
            path: Some("/h/.volc/config".into()),
            profile: Some("p".into()),
        };
        let e =
            super::Endpoint::resolve(&regions, "mars-1", Some(&file), None).expect_err("region");
        assert_eq!(
            e.to_string(),
            "configuration error: unknown region `mars-1` (from the file /h/.volc/config, profile `p`) (known: cn-north-1)"
        );
        assert!(e.source().is_none(), "no cause underneath: {e:?}");
    }
}
