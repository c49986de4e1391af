//! The workspace's layout: where the spec is and where the generated files go. xtask owns these
//! paths and passes them to the generator (`codegen::Layout`); the generator knows none.

/// The generated crate (relative to the workspace root).
pub const CRATE_DIR: &str = "generated";
/// The directory the generator owns in the generated crate: all of its sources.
pub const API_DIR: &str = "generated/src";
/// The generated JSON Schemas of the format.
pub const SCHEMA_DIR: &str = "api-spec/schema";
/// The shapes fixture's spec (a second, synthetic service exercising every shape of the format).
pub const SHAPES_SPEC: &str = "tests/fixtures/shapes/api-spec";
/// The shapes fixture's generated crate (checked in, compiled and tested).
pub const SHAPES_CRATE: &str = "tests/golden/shapes";

/// The `volcengine-rtc` crate: its sources, manifest and README, and the format's schemas.
pub fn generated() -> codegen::Layout {
    codegen::Layout {
        crate_dir: CRATE_DIR.into(),
        schema_dir: Some(SCHEMA_DIR.into()),
        manifest: true,
    }
}
