//! The writer's scalar rules, flow layout and comments.

use std::collections::BTreeMap;

use serde_json::Value;

use super::emit::flow;
use super::scalar::{scalar, text_value};

#[test]
fn scalars_read_back_as_written() {
    for s in [
        "plain",
        "- x",
        "a: b",
        "",
        "2020-12-01",
        "[图片]",
        "a #b",
        "TODO: x",
        "消息：`0`",
        " lead",
        "x,y",
        "{k}",
        "'q'",
        "\"q\"",
        "a\\b",
        "~",
        "true",
        "no",
        "1e3",
        "0x1F",
        "null",
        "\u{1b}[31m",
    ] {
        for in_flow in [false, true] {
            let yaml = format!("k: {}", scalar(s, in_flow));
            let v: BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(v["k"], s, "{yaml}");
        }
    }
    let v = serde_json::json!({"a b": [1, "x, y", {"k": "v: w"}], "n": null});
    let yaml = format!("k: {}", flow(&serde_yaml::to_value(&v).unwrap()));
    let back: BTreeMap<String, Value> = serde_yaml::from_str(&yaml).unwrap();
    assert_eq!(back["k"], v, "{yaml}");
}

#[test]
fn long_text_is_a_block_and_reads_back() {
    let long = "word ".repeat(60).trim_end().to_string();
    let (head, lines) = text_value(&long, 2, 8);
    assert_eq!(head, ">-");
    assert!(lines.len() > 2 && lines.iter().all(|l| l.chars().count() <= 96));
    let several = "第一行\n\n* 0：合流\n  indented";
    let (head, lines) = text_value(several, 0, 4);
    assert_eq!((head.as_str(), lines.len()), ("|-", 4));
    // Not representable as a block: quoted.
    for s in [
        "trailing \nspace",
        " lead\nx",
        "ends\n",
        "two  spaces ".repeat(30).as_str(),
    ] {
        let (head, lines) = text_value(s, 0, 4);
        assert!(head.starts_with('"') && lines.is_empty(), "{s:?}: {head}");
    }
}
