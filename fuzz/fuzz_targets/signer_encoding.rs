//! The signer's query and path encoders: RFC 3986 output, round trips, sorted canonical query. See
//! `integration_tests::fuzz_checks::signer_encoding`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    integration_tests::fuzz_checks::signer_encoding(data);
});
