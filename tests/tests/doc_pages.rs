//! The vendor's references to its other pages (`[1167931#region]`, a page number and an optional
//! anchor) reach users as addresses (`service.yaml`'s `doc_pages`): in the registry's descriptions
//! (what `volc-rtc --help` prints) and in the generated crate's docs, none is left as a bare number.

use std::path::Path;

/// The first bare page reference in `text` (backslash escapes and code spans ignored): `[` 5 to 10
/// digits, an optional `#anchor`, `]`.
fn bare_reference(text: &str) -> Option<String> {
    let text: String = text
        .replace('\\', "")
        .split('`')
        .step_by(2)
        .collect::<Vec<_>>()
        .join(" ");
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        rest = &rest[open + 1..];
        let Some(close) = rest.find(']') else { break };
        let inner = &rest[..close];
        let page = inner.split('#').next().unwrap_or_default();
        if (5..=10).contains(&page.len()) && page.bytes().all(|b| b.is_ascii_digit()) {
            return Some(format!("[{inner}]"));
        }
    }
    None
}

#[test]
fn the_detector_finds_bare_references() {
    assert_eq!(
        bare_reference("see the table \\[1167931\\#region\\]").as_deref(),
        Some("[1167931#region]")
    );
    assert_eq!(bare_reference("[155125]").as_deref(), Some("[155125]"));
    assert_eq!(bare_reference("[1] [x] (https://a/1167931#region)"), None);
    assert_eq!(bare_reference("- Example: `[111111]`"), None);
}

#[test]
fn registry_descriptions_show_page_addresses() {
    let mut texts = 0;
    for entry in volcengine_rtc::actions() {
        let info = entry.info;
        let mut all = vec![info.description_zh, info.description_en];
        for f in info.fields {
            all.extend([f.description_zh, f.description_en]);
        }
        for text in all {
            texts += 1;
            assert_eq!(bare_reference(text), None, "{}: {text}", info.command);
        }
    }
    assert!(texts > 0);
}

#[test]
fn generated_docs_show_page_addresses() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated/src");
    let files = integration_tests::scratch::files_below(&src, "rs").expect("reads generated/src");
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("reads a generated file");
        for (n, line) in text.lines().enumerate() {
            let doc = line.trim_start();
            if doc.starts_with("///") || doc.starts_with("//!") {
                assert_eq!(
                    bare_reference(doc),
                    None,
                    "{}:{}: {doc}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
}
