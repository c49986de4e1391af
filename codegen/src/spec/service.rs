//! `api-spec/service.yaml`: the service, its regions, editions, families, groups and error codes.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Text;

/// `api-spec/service.yaml`: what every action of the service shares.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    /// The service name used in the signature's credential scope (`rtc`).
    pub service: String,
    /// The generated crate's package name (default `volcengine-<service>`); also the product name
    /// in the default `User-Agent`.
    #[serde(default)]
    pub package: Option<String>,
    /// What the service is.
    pub description: Text,
    /// Where the facts in this file come from.
    pub source: String,
    /// The region used when the caller names none.
    pub default_region: String,
    /// Regions and their hosts.
    pub regions: Vec<Region>,
    /// Action families; each is a module and a cargo feature of the generated crate.
    pub families: Vec<Family>,
    /// Groups of actions inside families; each is a cargo feature (enabling its family).
    #[serde(default)]
    pub groups: Vec<Group>,
    /// The common error codes the service documents.
    #[serde(default)]
    pub errors: Vec<ErrorCode>,
    /// Other editions of the same API (BytePlus, the international one): their hosts, regions,
    /// signing name, the families they serve and where their pages document actions differently.
    #[serde(default)]
    pub editions: Vec<Edition>,
    /// Rate limits several actions share: one budget of requests per second for all of them
    /// together. An action draws from one with `limits.shared: <name>`.
    #[serde(default)]
    pub rate_limits: Vec<SharedRateLimit>,
    /// Where the vendor's page references in descriptions lead. The vendor's texts refer to its
    /// other pages by number, `[1167931#region]` (a page of 5 to 10 digits, then an optional
    /// `#anchor`); with this set, the generated docs and the registry's descriptions show such a
    /// reference as the page's address.
    #[serde(default)]
    pub doc_pages: Option<DocPages>,
}

/// How a page number in a description becomes the page's address.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocPages {
    /// The address of a page, with `{page}` where its number goes
    /// (`https://www.volcengine.com/docs/6348/{page}`); the reference's `#anchor` is appended.
    pub url: String,
    /// Where the addressing is documented.
    pub source: String,
}

/// A documented rate limit shared by several actions (e.g. four messaging actions that together
/// may be called 500 times per second). Its description is stated once, here; each action that
/// draws from it names it in `limits.shared`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedRateLimit {
    /// The limit's name (lowercase letters, digits, `-` and `_`), as actions name it in
    /// `limits.shared`.
    pub name: String,
    /// Requests per second, for all the actions that draw from it together (enforced client-side
    /// by default).
    pub qps: u32,
    /// The limit as the pages state it.
    pub description: Text,
    /// Where the limit is documented.
    pub source: String,
}

/// Another edition of the service's API: the same actions and signer at another host, selected by
/// name (`Client::builder().edition("byteplus")`, `volc-rtc --edition byteplus`, the profile's
/// `edition` key).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The name callers select it by, lowercase (`byteplus`).
    pub name: String,
    /// What the edition is.
    pub description: Text,
    /// Where the facts of this entry come from.
    pub source: String,
    /// The service name in the edition's credential scope.
    pub service: String,
    /// The region used when the caller names none.
    pub default_region: String,
    /// The edition's regions and hosts.
    pub regions: Vec<Region>,
    /// The families the edition serves (calls of other families are refused before any I/O).
    pub families: Vec<String>,
    /// Actions the edition's pages document differently (another version, spelling or field name).
    #[serde(default)]
    pub differences: Vec<EditionDifference>,
}

/// Where an edition's page documents an action differently from the spec.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditionDifference {
    /// The action, as the spec names it.
    pub action: String,
    /// The edition's spelling of the action's name, where it differs (`StartWebCast`).
    #[serde(default)]
    pub spelled: Option<String>,
    /// A field, by its path in the spec (`Result.RoomExists`, `AgentConfig.TargetUserId`).
    #[serde(default)]
    pub field: Option<String>,
    /// The edition's spelling of that field (`RoomExist`, `TargetUserID`).
    #[serde(default)]
    pub field_spelled: Option<String>,
    /// The versions the edition's pages document the action at, where not the spec's.
    #[serde(default)]
    pub versions: Vec<String>,
    /// The edition's page.
    pub source: String,
}

/// One region of the service.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// The signing region, e.g. `cn-north-1`.
    pub name: String,
    /// The API host for that region, e.g. `rtc.volcengineapi.com`.
    pub host: String,
    /// What the region is.
    pub description: Text,
    /// Other names a caller may use for this region (e.g. an older name).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// An action family (`im`, `rtc`): a module and a cargo feature.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// Module and feature name, lowercase.
    pub name: String,
    /// What the family is.
    pub description: Text,
    /// The error code the family's actions answer for a malformed or invalid request (the fake
    /// server answers it too).
    pub invalid_request_code: String,
    /// The signing region of this family's actions where it differs from the region's own name:
    /// region name (as in `regions`) to the region written into the signature's credential scope.
    #[serde(default)]
    pub signing_regions: BTreeMap<String, String>,
    /// Where `signing_regions` comes from.
    #[serde(default)]
    pub signing_regions_source: Option<String>,
}

/// A group of actions within a family: a cargo feature of the generated crate.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Feature name, lowercase with `-` (e.g. `rtc-recording`).
    pub name: String,
    /// The family the group's actions belong to.
    pub family: String,
    /// What the group is.
    pub description: Text,
}

/// A documented error code.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorCode {
    /// `ResponseMetadata.Error.Code` as sent.
    pub code: String,
    /// `ResponseMetadata.Error.CodeN`, where documented (gateway errors).
    #[serde(default)]
    pub code_n: Option<u32>,
    /// The HTTP status documented with the code, if any.
    #[serde(default)]
    pub http_status: Option<u16>,
    /// What the code means.
    pub description: Text,
    /// A retry may succeed (server-side trouble), independent of idempotency.
    #[serde(default)]
    pub retryable: bool,
    /// The request was throttled and was not processed: always safe to retry after a pause.
    #[serde(default)]
    pub throttling: bool,
    /// The request was rejected because its signature's time is off: the client corrects its clock.
    #[serde(default)]
    pub clock_skew: bool,
    /// Where the code is documented.
    pub source: String,
}
