//! The generated callback event decoders (`volcengine_rtc::callbacks::rtc::Event`), the lenient
//! `EventTime` reader and the `Verifier`: never panic; a decoded event re-serialises and decodes to
//! itself. See `auth/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../auth/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_checks::callback_event(data);
});
