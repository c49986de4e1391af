//! Callback envelopes and VoiceChat server messages: never panic; what parses re-serialises to
//! itself and verifies with its own expected signature. See `auth/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../auth/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_checks::callback_envelope(data);
});
