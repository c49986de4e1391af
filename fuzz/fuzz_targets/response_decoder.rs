//! The client's answer path for every action: a typed value or a typed error, never a panic. See
//! `integration_tests::fuzz_checks::response_decoder`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    integration_tests::fuzz_checks::response_decoder(data);
});
