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
