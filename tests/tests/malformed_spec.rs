//! Malformed specs: each fixture must give exactly its located errors.

use std::path::Path;

/// Writes a one-action spec whose action file is `action`, loads it, returns the errors as lines.
fn errors_of(name: &str, action: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("volc-malformed-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let spec = dir.join("api-spec");
    std::fs::create_dir_all(spec.join("actions/im")).expect("mkdir");
    let service = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes/api-spec/service.yaml"),
    )
    .expect("service");
    std::fs::write(spec.join("service.yaml"), service).expect("write");
    std::fs::write(spec.join("actions/im/A.yaml"), action).expect("write");
    let result = codegen::load_spec(&spec);
    let _ = std::fs::remove_dir_all(&dir);
    match result {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|e| e.to_string()).collect(),
    }
}

const HEAD: &str = "action: A\nversion: \"2020-12-01\"\nfamily: im\nmethod: POST\nparams_in: body\ndescription: {zh: 甲, en: A}\nsource: test\n";
const EXAMPLE: &str = "examples:\n  - {source: written, request: {X: 1}}\n";

fn field(extra: &str) -> String {
    format!("{HEAD}request:\n  - {{name: X, doc_type: Integer, type: i32, required: true, description: {{zh: 甲, en: x}}{extra}}}\n{EXAMPLE}")
}

#[test]
fn malformed_specs_give_located_errors() {
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        ("ok", field(""), vec![]),
        ("bad_yaml", format!("{HEAD}request: [\n"), vec!["api-spec/actions/im/A.yaml:9:1: (file): not valid YAML"]),
        ("unknown_key", field(", colour: red"), vec!["api-spec/actions/im/A.yaml:9:90: request[0].colour: unknown field `colour`"]),
        ("unknown_type", field("").replace("type: i32", "type: Thing"), vec!["api-spec/actions/im/A.yaml:9:40: request[0].type: unknown type `Thing`", "api-spec/actions/im/A.yaml:11:32: examples[0].request: X: unknown type `Thing`"]),
        ("bad_type_word", field("").replace("type: i32", "type: long"), vec!["api-spec/actions/im/A.yaml:9:40: request[0].type: unknown type `long`"]),
        ("bad_example", field(", example: abc"), vec!["api-spec/actions/im/A.yaml:9:99: request[0].example: example does not fit: X: \"abc\" is not an i32"]),
        ("keyword", field("").replace("name: X", "name: Type").replace("{X: 1}", "{Type: 1}"), vec!["api-spec/actions/im/A.yaml:9:12: request[0].name: field `Type` becomes `type`, a Rust keyword"]),
        ("bad_version", field("").replace("\"2020-12-01\"", "\"v1\""), vec!["api-spec/actions/im/A.yaml:2:10: version: version `v1` must be a date"]),
        ("missing_version", field("").replace("version: \"2020-12-01\"\n", ""), vec!["api-spec/actions/im/A.yaml:1:7: (file): missing field `version`"]),
        ("get_with_body", field("").replace("method: POST", "method: GET"), vec!["api-spec/actions/im/A.yaml:5:12: params_in: a GET request has no body"]),
        (
            "duplicate_and_colliding",
            format!("{HEAD}request:\n  - {{name: X, doc_type: I, type: i32, required: false, description: {{zh: a, en: a}}}}\n  - {{name: X, doc_type: I, type: i32, required: false, description: {{zh: a, en: a}}}}\n  - {{name: AppId, doc_type: I, type: i32, required: false, description: {{zh: a, en: a}}}}\n  - {{name: AppID, doc_type: I, type: i32, required: false, description: {{zh: a, en: a}}}}\n{EXAMPLE}"),
            vec![
                "api-spec/actions/im/A.yaml:10:12: request[1].name: duplicate field `X`",
                "api-spec/actions/im/A.yaml:10:12: request[1].name: field `X` collides with request[0]",
                "api-spec/actions/im/A.yaml:12:12: request[3].name: field `AppID` collides with request[2] after case conversion (both `app_id`)",
            ],
        ),
        (
            "two_bad_fields_both_reported",
            format!("{HEAD}request:\n  - {{name: X, doc_type: I, type: i32, required: nope, description: {{zh: a, en: a}}}}\n  - {{name: Y, doc_type: I, type: i32, required: false, description: {{zh: a, en: a}}, bogus: 1}}\n{EXAMPLE}"),
            vec!["A.yaml:9:49: request[0].required: invalid type", "A.yaml:10:85: request[1].bogus: unknown field `bogus`"],
        ),
        (
            "bad_enum",
            format!("{HEAD}request:\n  - {{name: X, doc_type: I, type: E, required: true, description: {{zh: a, en: a}}}}\ntypes:\n  E:\n    kind: enum\n    base: i32\n    description: {{zh: a, en: a}}\n    values:\n      - {{value: abc, name: A, description: {{zh: a, en: a}}}}\n      - {{value: 1, name: B, description: {{zh: a, en: a}}}}\n      - {{value: 1, name: C, description: {{zh: a, en: a}}}}\n{EXAMPLE}"),
            vec![
                "api-spec/actions/im/A.yaml:16:17: types.E.values[0].value: \"abc\" does not fit the enum's base type i32",
                "api-spec/actions/im/A.yaml:18:17: types.E.values[2].value: duplicate enum value 1",
            ],
        ),
    ];
    for (name, text, expected) in cases {
        let got = errors_of(name, &text);
        assert_eq!(got.len(), expected.len(), "{name}: {got:#?}");
        for (g, e) in got.iter().zip(&expected) {
            assert!(g.contains(e), "{name}: expected `{e}` in `{g}`");
        }
    }
}
