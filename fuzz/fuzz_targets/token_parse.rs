//! Room-token parsing: never panics; what parses re-encodes to the very input and is what the
//! builder writes from the same fields. See `auth/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../auth/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_checks::token_parse(data);
});
