//! What the `page_import` fuzz target asserts, shared by the target (`fuzz/fuzz_targets/page_import.rs`
//! includes this file by path) and the smoke run (`importers/tests/page_fuzz_smoke.rs`).

use codegen::spec::ActionSpec;
use importers::page::{import_page, Options};

/// Any bytes as a page (lossily decoded when not UTF-8), imported with the family given and with
/// it guessed: never a panic; a refusal says why; a draft writes YAML that reads back as an action
/// file with the draft's action, version and field names, and its counts match its content.
pub fn page_import(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for family in [Some("rtc".to_string()), None] {
        let opts = Options {
            family: family.clone(),
            source: "fuzz.md".into(),
            host_families: [("open.byteplusapi.com".to_string(), vec!["rtc".to_string()])].into(),
            ..Options::default()
        };
        let draft = match import_page(&text, &opts) {
            Ok(d) => d,
            Err(e) => {
                assert!(!e.message.is_empty(), "a refusal without a message");
                continue;
            }
        };
        if let Some(f) = &family {
            assert_eq!(&draft.spec.family, f);
        }
        let yaml = draft
            .to_yaml()
            .unwrap_or_else(|e| panic!("the draft cannot be written: {e}"));
        let back: ActionSpec = serde_yaml::from_str(&yaml)
            .unwrap_or_else(|e| panic!("the draft does not read back: {e}\n{yaml}"));
        assert_eq!(back.action, draft.spec.action);
        assert_eq!(back.version, draft.spec.version);
        let names = |fields: &[codegen::spec::Field]| -> Vec<String> {
            fields.iter().map(|f| f.name.clone()).collect()
        };
        assert_eq!(names(&back.request), names(&draft.spec.request));
        assert_eq!(names(&back.result), names(&draft.spec.result));
        assert_eq!(back.types.len(), draft.spec.types.len());
        let counts = draft.counts();
        assert_eq!(counts.warnings, draft.notes.len());
        assert_eq!(counts.types, draft.spec.types.len());
        assert!(counts.fields >= draft.spec.request.len() + draft.spec.result.len());
    }
}
