//! What a service is, as data: its signing name, regions, families and error codes.
//!
//! A generated SDK crate emits one static [`ServiceInfo`] for its service; every
//! [`Operation`](crate::Operation) points at it and at its [`FamilyInfo`]. The runtime reads them
//! and names no service of its own, so that any Volcengine OpenAPI service can be called through it.

/// A Volcengine OpenAPI service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The service name in the signature's credential scope (`rtc`, `vod`, ...).
    pub name: &'static str,
    /// The region used when the caller names none.
    pub default_region: &'static str,
    /// Regions and their hosts.
    pub regions: &'static [RegionInfo],
    /// Documented error codes and what a client should do with them.
    pub error_codes: &'static [ErrorCodeInfo],
    /// The product name in the default `User-Agent` (`volcengine-rtc-rust/0.1.0`).
    pub user_agent: &'static str,
    /// Other editions of the same API (BytePlus): selected by name, each with its own hosts,
    /// regions and signing name.
    pub editions: &'static [EditionInfo],
}

impl ServiceInfo {
    /// The region with this name or alias.
    pub fn region(&self, name: &str) -> Option<&'static RegionInfo> {
        self.regions
            .iter()
            .find(|r| r.name == name || r.aliases.contains(&name))
    }

    /// The edition of this name.
    pub fn edition(&self, name: &str) -> Option<&'static EditionInfo> {
        self.editions.iter().find(|e| e.name == name)
    }

    /// What the service documents of an error code.
    pub fn error_code(&self, code: &str) -> Option<&'static ErrorCodeInfo> {
        self.error_codes.iter().find(|e| e.code == code)
    }
}

/// Another edition of a service's API: the same actions and signer, at its own hosts.
///
/// The default edition is the [`ServiceInfo`] itself; a client built with
/// [`ClientBuilder::edition`](crate::ClientBuilder::edition) takes its hosts, default region and
/// signing name from here, and refuses calls of families the edition does not serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EditionInfo {
    /// The name callers select it by (`byteplus`).
    pub name: &'static str,
    /// The service name in the edition's credential scope.
    pub service: &'static str,
    /// The region used when the caller names none.
    pub default_region: &'static str,
    /// The edition's regions and hosts.
    pub regions: &'static [RegionInfo],
    /// The families the edition serves.
    pub families: &'static [&'static str],
    /// Chinese description.
    pub description_zh: &'static str,
    /// English description.
    pub description_en: &'static str,
}

impl EditionInfo {
    /// The region with this name or alias.
    pub fn region(&self, name: &str) -> Option<&'static RegionInfo> {
        self.regions
            .iter()
            .find(|r| r.name == name || r.aliases.contains(&name))
    }

    /// Whether the edition serves the family of this name.
    pub fn serves(&self, family: &str) -> bool {
        self.families.contains(&family)
    }
}

/// A family of actions (a module of the generated crate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FamilyInfo {
    /// Module and feature name.
    pub name: &'static str,
    /// The code the family's actions answer for an invalid request.
    pub invalid_request_code: &'static str,
    /// Region name to signing region, where the family signs a region under another name.
    pub signing_regions: &'static [(&'static str, &'static str)],
}

impl FamilyInfo {
    /// The region written into the signature of this family's calls to `region`.
    pub fn signing_region<'a>(&self, region: &'a str) -> &'a str
    where
        'static: 'a,
    {
        self.signing_regions
            .iter()
            .find(|(r, _)| *r == region)
            .map_or(region, |(_, s)| *s)
    }
}

/// A region and its host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    /// Region name, as callers configure it and (unless a family says otherwise) as it is signed.
    pub name: &'static str,
    /// Other names accepted for the region.
    pub aliases: &'static [&'static str],
    /// API host.
    pub host: &'static str,
    /// Chinese description.
    pub description_zh: &'static str,
    /// English description.
    pub description_en: &'static str,
}

/// What a service documents of an error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCodeInfo {
    /// `Error.Code`.
    pub code: &'static str,
    /// `Error.CodeN`, where documented.
    pub code_n: Option<u32>,
    /// Documented HTTP status.
    pub http_status: Option<u16>,
    /// Server-side trouble: a retry may succeed.
    pub retryable: bool,
    /// Throttled: not processed, safe to retry after a pause.
    pub throttling: bool,
    /// The request's time is off.
    pub clock_skew: bool,
    /// Chinese description.
    pub description_zh: &'static str,
    /// English description.
    pub description_en: &'static str,
}
