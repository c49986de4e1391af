//! The spec loader: YAML in (a bundle of spec files), never a panic, every rejection a located error,
//! every accepted spec generates. See `integration_tests::fuzz_checks::spec_loader`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    integration_tests::fuzz_checks::spec_loader(data);
});
