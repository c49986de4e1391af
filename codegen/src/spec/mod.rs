//! The spec format: the Rust types that `api-spec/*.yaml` deserialises into.
//!
//! These types are the single definition of the format: loading uses them (strictly: unknown keys are
//! errors) and `cargo xtask codegen` derives the checked-in JSON Schemas under `api-spec/schema/` from
//! them, so editors validate and complete the YAML.
//!
//! Three kinds of file:
//! - `api-spec/service.yaml`: [`ServiceSpec`], the signing service name, regions, families and error codes.
//! - `api-spec/types/<family>.yaml`: [`TypesFile`], named types shared by the actions of one family.
//! - `api-spec/actions/<family>/<Action>.yaml` (any name ending in `.yaml`): [`ActionSpec`], one action.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod action;
mod fake;
mod fields;
mod service;

pub use action::{
    ActionSpec, Deviation, Example, ExampleSource, Limits, Method, Paging, PagingStyle, Placement,
    Rate,
};
pub use fake::{FakeBehaviour, FakeCallback, FakeMembers, FakeOp, FakeRecords, Membership};
pub use fields::{
    Condition, ConditionKind, Constraints, EnumValue, Field, TypeDef, TypeKind, TypesFile,
    UnionVariant,
};
pub use service::{
    DocPages, Edition, EditionDifference, ErrorCode, Family, Group, Region, ServiceSpec,
    SharedRateLimit,
};

/// Text in both languages: the source's Chinese verbatim and an English rendering.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// The Chinese text, verbatim from the source page or table.
    pub zh: String,
    /// An English rendering of the same text.
    pub en: String,
}
