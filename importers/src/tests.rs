//! Unit tests of the Go model importer's helpers.

use super::files::{parse_lenient, upstream_path};
use std::path::Path;

use codegen::spec::ActionSpec;

#[test]
fn unknown_keys_are_set_aside_with_a_note() {
    let text = "action: A\nversion: '2023-11-01'\nfamily: rtc\nmethod: POST\nparams_in: body\ndescription: {zh: '', en: ''}\nsource: s\nfuture_key: 1\nrequest:\n  - {name: X, doc_type: string, type: string, required: true, description: {zh: '', en: ''}, later: 2}\nexamples: []\n";
    let (spec, notes) = parse_lenient::<ActionSpec>(text).unwrap();
    assert_eq!(spec.request[0].name, "X");
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("`future_key`"), "{notes:?}");
    assert!(notes[1].contains("`later`"), "{notes:?}");
    let e = parse_lenient::<ActionSpec>("action: A\n").unwrap_err();
    assert!(e.contains("missing field"), "{e}");
}

#[test]
fn upstream_paths() {
    assert_eq!(
        upstream_path(Path::new("x/rtc/v20231101/model.go"), "rtc"),
        "service/rtc/v20231101/model.go"
    );
    assert_eq!(
        upstream_path(Path::new("x/im/model.go"), "im"),
        "service/im/model.go"
    );
}
