//! `cargo xtask dedupe-types`' rule: types of the same wire shape merge even when their wording
//! differs, the shared type taking each field's fullest wording.

use std::path::PathBuf;

use importers::dedupe::{dedupe, DedupeOptions};

fn action(name: &str, region_desc: &str, x_en: &str, doc_type: &str, order_xy: bool) -> String {
    let x = format!("      - {{name: X, doc_type: {doc_type}, type: i32, required: true, description: {{zh: 横坐标, en: \"{x_en}\"}}}}\n");
    let y = "      - {name: Y, doc_type: Integer, type: i32, required: false, description: {zh: 纵坐标, en: Y}}\n";
    let fields = if order_xy {
        format!("{x}{y}")
    } else {
        format!("{y}{x}")
    };
    format!(
        "action: {name}\nversion: \"2024-01-01\"\nfamily: rtc\nmethod: POST\nparams_in: body\n\
         description: {{zh: 动作, en: An action.}}\nsource: written\n\
         request:\n  - {{name: Region, doc_type: Object of Region, type: Region, required: true, description: {{zh: 区域, en: A region}}}}\n\
         types:\n  Region:\n    kind: object\n    description: {{zh: 区域, en: \"{region_desc}\"}}\n    fields:\n{fields}\
         examples:\n  - source: written\n    request: {{Region: {{X: 1}}}}\n"
    )
}

#[test]
fn same_wire_shape_merges_despite_wording() {
    let dir = std::env::temp_dir().join(format!("dedupe-wording-{}", std::process::id()));
    let actions = dir.join("api-spec/actions/rtc");
    std::fs::create_dir_all(&actions).unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(dir.join("api-spec/types")).unwrap_or_else(|e| panic!("{e}"));
    let files = [
        (
            "A.yaml",
            action("A", "A region of A.", "X", "Integer", true),
        ),
        (
            "B.yaml",
            action(
                "B",
                "A region of B.",
                "The horizontal position, in pixels",
                "Long",
                false,
            ),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(actions.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    }
    let spec = dir.join("api-spec");
    let out: PathBuf = spec.join("types/rtc.yaml");
    let report = dedupe(&DedupeOptions {
        spec: spec.clone(),
        family: "rtc".into(),
        types_out: out.clone(),
        write: true,
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.shared.len(), 1, "{:?}", report.shared);
    assert_eq!(report.shared[0].name, "Region");
    assert_eq!(report.shared[0].members.len(), 2);
    let shared = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        shared.contains("The horizontal position, in pixels"),
        "the fullest wording: {shared}"
    );
    for (name, _) in &files {
        let text = std::fs::read_to_string(actions.join(name)).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !text.contains("kind: object"),
            "{name} keeps no local Region: {text}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
