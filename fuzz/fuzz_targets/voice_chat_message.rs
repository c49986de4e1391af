//! VoiceChat server-message frames, typed by magic (`subv`, `subt`, `conv`, `tool`, unknown):
//! never panic; what decodes re-frames to itself. See `auth/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../auth/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_checks::voice_chat_message(data);
});
