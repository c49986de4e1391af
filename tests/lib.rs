//! Integration tests live in `tests/`. The library holds what they share with the fuzz targets in
//! `fuzz/`: [`fuzz_checks`], the properties each target asserts.

pub mod fuzz_checks;
