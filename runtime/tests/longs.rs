//! `LongsAsStrings`: 64-bit integers become strings at any depth; nothing else changes.

use std::collections::BTreeMap;

use serde::Serialize;
use volcengine_openapi::longs::LongsAsStrings;

#[derive(Serialize)]
struct Inner {
    id: u64,
    small: u32,
}

#[derive(Serialize)]
struct Outer {
    id: i64,
    neg: i64,
    count: i32,
    ratio: f64,
    name: String,
    absent: Option<i64>,
    present: Option<i64>,
    list: Vec<i64>,
    nested: Vec<Inner>,
    map: BTreeMap<String, i64>,
    tuple: (i64, i8),
    flag: bool,
}

#[test]
fn every_64_bit_integer_is_a_string_and_nothing_else_changes() {
    let value = Outer {
        id: 9_007_199_254_740_993, // 2^53 + 1: a double would round it
        neg: i64::MIN,
        count: -7,
        ratio: 0.5,
        name: "n".into(),
        absent: None,
        present: Some(1),
        list: vec![1, i64::MAX],
        nested: vec![Inner {
            id: u64::MAX,
            small: 3,
        }],
        map: BTreeMap::from([("k".to_string(), 42)]),
        tuple: (5, 6),
        flag: true,
    };
    let json = serde_json::to_value(LongsAsStrings(&value)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "id": "9007199254740993",
            "neg": "-9223372036854775808",
            "count": -7,
            "ratio": 0.5,
            "name": "n",
            "absent": null,
            "present": "1",
            "list": ["1", "9223372036854775807"],
            "nested": [{"id": "18446744073709551615", "small": 3}],
            "map": {"k": "42"},
            "tuple": ["5", 6],
            "flag": true,
        })
    );
    // The plain serialisation is untouched.
    let plain = serde_json::to_value(&value).unwrap();
    assert_eq!(plain["id"], serde_json::json!(9_007_199_254_740_993_i64));
}
