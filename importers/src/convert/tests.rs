//! Unit tests of the conversion rules.

use super::examples::string_example;
use super::naming::{singular, strip_item};
use super::types::map_type;
use super::*;

#[test]
fn singular_forms() {
    assert_eq!(singular("Regions"), "Region");
    assert_eq!(singular("Policies"), "Policy");
    assert_eq!(singular("StreamList"), "StreamList");
    assert_eq!(singular("Status"), "Status");
    assert_eq!(singular("Addresses"), "Address");
    assert_eq!(singular("Data"), "Data");
    assert_eq!(singular("TargetStreams"), "TargetStream");
    assert_eq!(
        strip_item("LayoutCustomLayoutRegionsItem"),
        "LayoutCustomLayoutRegion"
    );
    assert_eq!(strip_item("Item"), "");
}

#[test]
fn maps_go_types() {
    let none = |_: &str| None;
    let t = |s: GoType| map_type(&s, &none);
    let named = |n: &str| GoType::Named(n.into());
    let ptr = |t: GoType| GoType::Pointer(Box::new(t));
    assert_eq!(t(ptr(named("int64"))).unwrap(), "i64");
    assert_eq!(t(named("int")).unwrap(), "i64");
    assert_eq!(t(ptr(named("float32"))).unwrap(), "f32");
    assert_eq!(
        t(GoType::Slice(Box::new(ptr(named("string"))))).unwrap(),
        "list<string>"
    );
    assert_eq!(
        t(GoType::Map(
            Box::new(named("string")),
            Box::new(named("int64"))
        ))
        .unwrap(),
        "map<string,i64>"
    );
    assert_eq!(t(GoType::Interface).unwrap(), "json");
    assert!(t(named("time.Time")).unwrap_err().contains("time.Time"));
}

#[test]
fn string_examples() {
    assert_eq!(string_example("AppId"), "your_app_id");
    assert_eq!(string_example("RoomId"), "Room1");
    assert_eq!(string_example("BusinessId"), "Business1");
    assert_eq!(string_example("PushURL"), "https://example.com/");
    assert_eq!(string_example("Message"), "your_message");
}

#[test]
fn value_lists_read_as_the_spec_check_rule_sees_them() {
    use super::enum_values::{lead, matches, parse_values, value_name};
    use serde_json::json;
    let text = "录制模式。支持取值及含义如下：\n* 0 ：合流录制，\n* 1 ：单流录制。\n默认值为 0。";
    let values = parse_values(text, "i32").unwrap();
    assert_eq!(
        values,
        [
            (json!(0), "合流录制".to_string()),
            (json!(1), "单流录制".to_string())
        ]
    );
    assert_eq!(lead(text), "录制模式。");
    // Inline, English, strings.
    assert_eq!(
        parse_values("Formats, `mp4`: MP4 files; `hls`: HLS.", "string").unwrap(),
        [
            (json!("mp4"), "MP4 files".to_string()),
            (json!("hls"), "HLS".to_string())
        ]
    );
    assert_eq!(value_name(&json!("mp4")), ("Mp4".to_string(), false));
    assert_eq!(value_name(&json!(-1)), ("ValueMinus1".to_string(), true));
    // What cannot make an enum says why.
    let e = parse_values("* \"a\"：甲\n* \"b\"：乙", "i32").unwrap_err();
    assert!(e.contains("not an integer"), "{e}");
    let e = parse_values("* 0：甲\n* 0：乙", "i32").unwrap_err();
    assert!(e.contains("twice"), "{e}");
    // An enum of the spec stands for a list with the same values and agreeing meanings, or
    // with the same name and values.
    let spec: codegen::spec::TypeDef = serde_yaml::from_str(
        "kind: enum\nbase: i32\ndescription: {zh: 录制模式。, en: The mode.}\nvalues:\n  - {value: 0, name: Mixed, description: {zh: 合流录制：房间内的流合成一个文件, en: Mixed.}}\n  - {value: 1, name: Single, description: {zh: 单流录制, en: Single.}}\n",
    )
    .unwrap();
    assert!(matches(&spec, None, "i32", &values));
    assert!(matches(&spec, None, "i64", &values), "integer bases agree");
    assert!(!matches(&spec, None, "string", &values));
    let other = [
        (json!(0), "补最后一帧".to_string()),
        (json!(1), "补黑帧".to_string()),
    ];
    assert!(!matches(&spec, None, "i32", &other));
    assert!(matches(&spec, Some("RecordMode"), "i32", &other));
    assert!(!matches(&spec, None, "i32", &values[..1]));
    assert!(matches(&spec, Some("RecordMode"), "i32", &values[..1]));
    assert!(!matches(&spec, Some("RecordMode"), "i32", &other[..1]));
    let reworded = [(json!(1), "单流录制。每路流一个文件".to_string())];
    assert!(matches(&spec, Some("RecordMode"), "i32", &reworded));
}
