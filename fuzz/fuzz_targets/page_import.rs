//! The page importer: any bytes as a Markdown page, never a panic; a draft reads back as an action
//! file. See `importers/tests/fuzz_checks/mod.rs`.
#![no_main]

#[path = "../../importers/tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_checks::page_import(data);
});
