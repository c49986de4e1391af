//! Integration tests live in `tests/`. The library holds what they share with the fuzz targets in
//! `fuzz/`: [`fuzz_checks`], the properties each target asserts; [`loopback`], a hostile server;
//! and [`scratch`], scratch copies of spec directories.

pub mod fuzz_checks;
pub mod loopback;
pub mod scratch;

/// Every Rust example of the README, compiled as a doc test (`cargo test --doc -p integration-tests`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeExamples;
