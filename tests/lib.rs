//! Integration tests live in `tests/`. The library holds what they share with the fuzz targets in
//! `fuzz/`: [`fuzz_checks`], the properties each target asserts; and [`loopback`], a hostile server.

pub mod fuzz_checks;
pub mod loopback;

/// Every Rust example of the README, compiled as a doc test (`cargo test --doc -p integration-tests`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
