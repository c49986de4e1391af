//! Reading a file's comments and carrying them to a rewritten file.

use serde_yaml::Value;

use super::*;

const FILE: &str = "\
# yaml-language-server: $schema=../../schema/action.schema.json
# About the file.
action: X
description:
  zh: |-
    # not a comment: text of a block
    第二行
  en: 'It''s # not a comment either'
source: https://example.com/page#anchor
request:
# Before A.
- name: A
  type: string  # trailing on A's type
- name: B  # trailing on B
  example: \"x # y\"
types:
  Mode:
    values:
    # Before value 2.
    - {value: 2, name: TWO}
# The end.
";

#[test]
fn comments_are_read_at_their_nodes_and_text_is_not_a_comment() {
    let c = read(FILE);
    assert_eq!(
        c.before,
        [
            ("action".to_string(), vec!["About the file.".to_string()]),
            ("request[0]".to_string(), vec!["Before A.".to_string()]),
            (
                "types.Mode.values[0]".to_string(),
                vec!["Before value 2.".to_string()]
            ),
        ]
    );
    assert_eq!(
        c.after,
        [
            (
                "request[0].type".to_string(),
                "trailing on A's type".to_string()
            ),
            ("request[1]".to_string(), "trailing on B".to_string()),
        ]
    );
    assert_eq!(c.footer, ["The end."]);
    assert_eq!(c.len(), 6);
}

#[test]
fn list_items_are_found_again_by_name_or_value() {
    let c = read(FILE);
    let old: Value = serde_yaml::from_str(FILE).unwrap();
    // B moves first, A is gone, the enum gains a value before 2.
    let new: Value = serde_yaml::from_str(
        "action: X\nrequest:\n- name: B\n- name: C\ntypes:\n  Mode:\n    values:\n    - {value: 1}\n    - {value: 2}\n",
    )
    .unwrap();
    let (placed, lost) = carry(&c, &old, &new);
    assert_eq!(placed.before["action"], ["About the file."]);
    assert_eq!(placed.before["types.Mode.values[1]"], ["Before value 2."]);
    assert_eq!(placed.after["request[0]"], "trailing on B");
    assert_eq!(placed.footer, ["The end."]);
    assert_eq!(lost, ["Before A.", "trailing on A's type"]);
}

#[test]
fn a_comment_the_writer_did_not_write_is_missing() {
    let mut c = Comments::default();
    c.before.insert("a".into(), vec!["kept".into()]);
    c.after.insert("b".into(), "dropped".into());
    assert_eq!(missing(&c, "# kept\na: 1\nb: 2\n"), ["dropped"]);
}

#[test]
fn comment_splitting_respects_quotes_and_words() {
    assert_eq!(split_comment("a: b # c"), ("a: b ", Some("c")));
    assert_eq!(split_comment("a: \"b # c\""), ("a: \"b # c\"", None));
    assert_eq!(split_comment("a: it's # c"), ("a: it's ", Some("c")));
    assert_eq!(split_comment("a: x#y"), ("a: x#y", None));
    assert_eq!(
        split_comment("- 'a ''#'' b' # c"),
        ("- 'a ''#'' b' ", Some("c"))
    );
    assert!(opens_block("zh: |-") && opens_block("- >") && opens_block("en: |2+"));
    assert!(!opens_block("a: x|") && !opens_block("a: |x"));
}
