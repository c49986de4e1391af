//! The service's facts, lowered: what the crate-level files (the facade, the service module, the
//! manifest and README) are emitted from, with every doc text rendered.

use std::collections::BTreeMap;

use super::Text;

/// `service.yaml`, lowered.
#[derive(Debug)]
pub struct ServiceItem {
    /// The service name in the signature's credential scope.
    pub name: String,
    /// The generated crate's package name.
    pub package: String,
    /// The service's description, rendered (the crate docs' opening).
    pub doc: String,
    /// The service's description as the spec writes it (the manifest and README).
    pub description: Text,
    /// The region used when none is configured.
    pub default_region: String,
    /// Regions and their hosts.
    pub regions: Vec<RegionItem>,
    /// Other editions of the API.
    pub editions: Vec<EditionItem>,
    /// The documentation of the editions table, rendered.
    pub editions_doc: String,
    /// Documented error codes.
    pub errors: Vec<ErrorCodeItem>,
    /// The action families, in `service.yaml` order.
    pub families: Vec<FamilyInfo>,
    /// The crate docs' table rows of the family and group features, rendered.
    pub family_rows: String,
    /// The rate limits several actions share.
    pub rate_limits: Vec<RateLimitItem>,
}

/// A rate limit several actions share (`rate_limits`).
#[derive(Debug)]
pub struct RateLimitItem {
    /// Its name in the spec.
    pub name: String,
    /// The service module's static for it (`RATE_LIMIT_RTC_MESSAGING`).
    pub static_name: String,
    /// Requests per second, for all its actions together.
    pub qps: u32,
    /// Its doc, rendered (the limit's text, stated once).
    pub doc: String,
}

/// A region.
#[derive(Debug)]
pub struct RegionItem {
    /// Its name.
    pub name: String,
    /// Other names it is known by.
    pub aliases: Vec<String>,
    /// Its host.
    pub host: String,
    /// Its description, as the spec writes it.
    pub description: Text,
}

/// Another edition of the API.
#[derive(Debug)]
pub struct EditionItem {
    /// Its name.
    pub name: String,
    /// The service name it signs as.
    pub service: String,
    /// Its default region.
    pub default_region: String,
    /// Its regions.
    pub regions: Vec<RegionItem>,
    /// The families it serves.
    pub families: Vec<String>,
    /// Its description, as the spec writes it.
    pub description: Text,
}

/// A documented error code.
#[derive(Debug)]
pub struct ErrorCodeItem {
    /// The code (`ResponseMetadata.Error.Code`).
    pub code: String,
    /// Its constant's name in `service::codes`.
    pub constant: String,
    /// The numeric code.
    pub code_n: Option<u32>,
    /// The HTTP status it comes with.
    pub http_status: Option<u16>,
    /// Worth retrying.
    pub retryable: bool,
    /// A throttling answer.
    pub throttling: bool,
    /// A clock-skew answer.
    pub clock_skew: bool,
    /// Its description, as the spec writes it.
    pub description: Text,
    /// The constant's doc, rendered.
    pub doc: String,
}

/// An action family, as the service module and the features see it.
#[derive(Debug)]
pub struct FamilyInfo {
    /// Module and feature name.
    pub name: String,
    /// The error code of an invalid request in this family.
    pub invalid_request_code: String,
    /// Signing regions by region.
    pub signing_regions: BTreeMap<String, String>,
    /// The doc of its `FAMILY_..` static, rendered.
    pub doc: String,
    /// Its description, as the spec writes it (the manifest and README).
    pub description: Text,
    /// The cargo features its module is compiled under: its own and each of its groups'.
    pub features: Vec<String>,
    /// Its groups.
    pub groups: Vec<GroupItem>,
}

/// A group of a family's actions: a cargo feature.
#[derive(Debug)]
pub struct GroupItem {
    /// The feature's name.
    pub name: String,
    /// Its description, as the spec writes it.
    pub description: Text,
}

/// Where the crate comes from: every spec file and its hash.
#[derive(Debug)]
pub struct Provenance {
    /// Every spec file read, sorted.
    pub files: Vec<String>,
    /// SHA-256 over every spec file's name and SHA-256.
    pub hash: String,
    /// SHA-256 of each spec file's bytes, by name.
    pub file_hashes: BTreeMap<String, [u8; 32]>,
    /// The service file (`service.yaml`'s name as read).
    pub service_file: String,
}
