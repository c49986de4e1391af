//! Unit tests of the page importer: each feature on a small page in the vendor's layout.

use serde_json::Value;

use codegen::spec::{ActionSpec, ExampleSource, Method, Placement, TypeKind};

use super::json::repair_json;
use super::*;

/// A page in the vendor's layout around the given request and response sections.
fn page(request: &str, rest: &str) -> String {
    format!(
        "---\nkeywords: 实时音视频\n---\n\n测试接口。\n## 注意事项\nQPS 不得超过 20。\n## 请求说明\n- 请求方式：**POST**\n- 请求地址：**https://rtc.volcengineapi.com?Action=DoIt&Version=2020-12-01**\n## 请求参数\n### Query\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| Action | String | 是 | `DoIt` | 接口名称。 |\n| Version | String | 是 | `2020-12-01` | 接口版本。 |\n{request}{rest}"
    )
}

fn body(rows: &str) -> String {
    format!("### Body\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n{rows}")
}

const RESULT: &str = "## 返回参数\n| 参数 | 类型 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- |\n| Id | Long | `7` | 编号 |\n";

fn opts() -> Options {
    Options {
        family: Some("im".into()),
        source: "test.md".into(),
        ..Default::default()
    }
}

fn import(text: &str) -> Draft {
    import_page(text, &opts()).unwrap_or_else(|e| panic!("{e}"))
}

fn has_note(d: &Draft, part: &str) -> bool {
    d.notes.iter().any(|n| n.message.contains(part))
}

#[test]
fn continuation_rows_give_a_value_list_and_more_description() {
    let rows = "| AppId | Integer | 是 | `000001` | 应用 |\n| Level | Integer | 否 | `1` | 等级。 |\\\n|  |  |  |  | - `0`：低。 |\\\n|  |  |  |  | - `1`：高。 |\\\n|  |  |  |  | 仅对直播群有效。 |\n";
    let d = import(&page(&body(rows), RESULT));
    let f = &d.spec.request[1];
    assert_eq!((f.name.as_str(), f.ty.as_str()), ("Level", "Level"));
    assert_eq!(f.doc_type, "Integer");
    assert_eq!(f.description.zh, "等级。\n仅对直播群有效。");
    assert_eq!(f.description.en, TODO_EN);
    assert_eq!(f.example, Some(Value::from(1)));
    let e = &d.spec.types["Level"];
    assert_eq!(e.kind, TypeKind::Enum);
    assert_eq!(e.base.as_deref(), Some("i32"));
    let values: Vec<(Value, &str, &str)> = e
        .values
        .iter()
        .map(|v| (v.value.clone(), v.name.as_str(), v.description.zh.as_str()))
        .collect();
    assert_eq!(
        values,
        vec![
            (Value::from(0), "Value0", "低。"),
            (Value::from(1), "Value1", "高。")
        ]
    );
    assert!(d
        .placeholder_names
        .contains(&("Level".to_string(), "Value0".to_string())));
    let yaml = d.to_yaml().unwrap();
    let line = yaml
        .lines()
        .find(|l| l.contains("name: Value0"))
        .unwrap_or_default();
    assert!(
        line.ends_with("  # TODO: name it after its description"),
        "{yaml}"
    );
    // `000001` is 1; the whole example is written from the column (the page has none).
    assert_eq!(d.spec.request[0].example, Some(Value::from(1)));
    assert_eq!(d.spec.limits.qps, Some(20));
    assert_eq!(d.spec.action, "DoIt");
    assert_eq!(d.spec.description.zh, "测试接口。");
}

#[test]
fn value_lists_on_bool_fields_stay_in_the_description() {
    let rows = "| On | Boolean | 否 | `true` | 开关。 |\\\n|  |  |  |  | - `true`：开。 |\\\n|  |  |  |  | - `false`：关。 |\n";
    let d = import(&page(&body(rows), RESULT));
    let f = &d.spec.request[0];
    assert_eq!(f.ty, "bool");
    assert_eq!(f.description.zh, "开关。\n- `true`：开。\n- `false`：关。");
    assert!(has_note(&d, "stays in the description"));
}

#[test]
fn nested_types_come_from_their_tables() {
    let rows = "| Ref | Object of [RefInfo](#refinfo) | 否 | `-` | 引用。只需传入 `Id`。 |\n| Items | Array of [Item](#item) | 是 | `-` | 条目 |\n| Ext | JSON Map | 否 | `{\"k\":\"v\"}` | 扩展，key 的数据类型为 String，value 的数据类型为 String。 |\n| Any | JSON Map | 否 | `-` | 任意 |\n\n### RefInfo\n\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| Id | Long | 是 | `000013` | 编号 |\n| Hint | String | 否 | `[图片]` | 提示 |\n### Item\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| Name | String | 是 | `123` | 名称 |\n";
    let d = import(&page(&body(rows), RESULT));
    let r = &d.spec.request;
    assert_eq!(r[0].doc_type, "Object of RefInfo");
    assert_eq!(r[0].ty, "RefInfo");
    assert_eq!(r[0].example, None);
    assert_eq!(r[1].doc_type, "Array of Item");
    assert_eq!(r[1].ty, "list<Item>");
    assert_eq!(r[2].ty, "map<string,string>");
    assert_eq!(r[3].ty, "map<string,json>");
    let refinfo = &d.spec.types["RefInfo"];
    assert_eq!(refinfo.kind, TypeKind::Object);
    assert_eq!(refinfo.description.zh, "引用。");
    let f: Vec<(&str, &str, bool, Option<Value>)> = refinfo
        .fields
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.ty.as_str(),
                f.required,
                f.example.clone(),
            )
        })
        .collect();
    assert_eq!(
        f,
        vec![
            ("Id", "i64", true, Some(Value::from(13))),
            ("Hint", "string", false, Some(Value::from("[图片]")))
        ]
    );
    // A string field's example that reads as a number stays the text.
    assert_eq!(
        d.spec.types["Item"].fields[0].example,
        Some(Value::from("123"))
    );
    // The result table has no 是否必选 column.
    assert!(d.spec.result[0].required);
    assert!(has_note(&d, "no required column (是否必选/Required)"));
}

#[test]
fn a_missing_nested_table_is_noted_and_typed_json() {
    let rows = "| Ref | Object of [RefInfo](#refinfo) | 否 | `-` | 引用 |\n";
    let d = import(&page(&body(rows), RESULT));
    assert_eq!(d.spec.request[0].ty, "json");
    assert!(has_note(&d, "no table describes `RefInfo`"));
}

#[test]
fn a_query_only_get_page() {
    let text = "---\nx: 1\n---\n\n查询房间。\n## 请求说明\n- 请求方式：**GET**\n- 请求地址：**https://rtc.volcengineapi.com?Action=GetRoom&Version=2023-11-01**\n## 请求参数\n### Query\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| Action | String | 是 | `GetRoom` | 接口名称。 |\n| Version | String | 是 | `2023-11-01` | 接口版本。 |\n| AppId | String | 是 | `661e` | 应用 |\n| RoomId | String | 是 | `Room1` | 房间 |\n| Limit | Integer | 否 | `10` | 数量 |\n## 返回参数\n| 参数 | 类型 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- |\n| Total | Integer | `1` | 总数 |\n## 请求示例\n```json\nGET https://rtc.volcengineapi.com?Action=GetRoom&Version=2023-11-01&AppId=661e&RoomId=Room1&Limit=010\n```\n## 返回示例\n```json\n{\"ResponseMetadata\": {\"RequestId\": \"r\"}, \"Result\": {\"Total\": 1}}\n```\n";
    let d = import_page(
        text,
        &Options {
            family: Some("rtc".into()),
            ..opts()
        },
    )
    .unwrap();
    let s = &d.spec;
    assert_eq!((s.method, s.params_in), (Method::GET, Placement::Query));
    assert_eq!(
        (s.action.as_str(), s.version.as_str()),
        ("GetRoom", "2023-11-01")
    );
    let names: Vec<&str> = s.request.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["AppId", "RoomId", "Limit"]);
    let e = &s.examples[0];
    assert_eq!(e.source, ExampleSource::Page);
    assert_eq!(
        e.request,
        serde_json::json!({"AppId": "661e", "RoomId": "Room1", "Limit": 10})
    );
    assert_eq!(e.result, Some(serde_json::json!({"Total": 1})));
    assert_eq!(s.limits.qps, None);
}

#[test]
fn invalid_example_json_is_repaired() {
    let rows = "| AppId | Integer | 是 | `000000` | 应用 |\n| Ids | Array of Long | 否 | `[1,2]` | 编号 |\n";
    let examples = "## 请求示例\n```json\nPOST https://rtc.volcengineapi.com?Action=DoIt&Version=2020-12-01\n{\n    \"AppId\":000000, // the app\n    \"Ids\": [1, 2,],\n}\n```\n## 返回示例\n```json\n{\"Result\": {\"Id\": 0007}}\n```\n";
    let d = import(&page(&body(rows), &format!("{RESULT}{examples}")));
    let e = &d.spec.examples[0];
    assert_eq!(e.source, ExampleSource::Page);
    assert_eq!(e.request, serde_json::json!({"AppId": 0, "Ids": [1, 2]}));
    assert_eq!(e.result, Some(serde_json::json!({"Id": 7})));
    assert!(has_note(&d, "leading zeros"));
    assert!(has_note(&d, "trailing commas"));
    assert!(has_note(&d, "comments"));
    assert!(d
        .to_yaml()
        .unwrap()
        .contains("# The page's example is not JSON as written; repaired"));
}

#[test]
fn invalid_example_json_beyond_repair_is_reported_and_written_from_the_tables() {
    let rows = "| AppId | Integer | 是 | `000000` | 应用 |\n| Name | String | 是 | `-` | 名称 |\n| Ids | Array of Long | 否 | `[1,2]` | 编号 |\n";
    let examples = "## 请求示例\n```json\nPOST https://rtc.volcengineapi.com?Action=DoIt&Version=2020-12-01\n{\n    \"AppId\": 1,\n    \"Ids\": [1 2]\n}\n```\n";
    let d = import(&page(&body(rows), &format!("{RESULT}{examples}")));
    let e = &d.spec.examples[0];
    assert_eq!(e.source, ExampleSource::Written);
    assert_eq!(
        e.request,
        serde_json::json!({"AppId": 0, "Name": "", "Ids": [1, 2]})
    );
    assert_eq!(e.result, Some(serde_json::json!({"Id": 7})));
    let bad = d
        .notes
        .iter()
        .find(|n| n.message.contains("not JSON, and not repaired"))
        .expect("the fault is noted");
    // The page's line of the fault: `"Ids": [1 2]` is line 32 of the page.
    assert_eq!(bad.line, 32, "{bad}");
    assert!(has_note(&d, "placeholder values for Name"));
    assert!(has_note(&d, "no response example"));
}

#[test]
fn missing_sections_are_reported() {
    let text = "---\nx: 1\n---\n\n测试。\n## 请求参数\n### Body\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| AppId | Integer | 是 | `1` | 应用 |\n| Query | String | 是 | `q` | 查询 |\n";
    // No URL: the action comes from nowhere.
    let e = import_page(text, &opts()).unwrap_err();
    assert!(e.message.contains("no action name"), "{e}");
    let text = text.replace(
        "## 请求参数",
        "## 请求说明\n- 请求地址：**https://rtc.volcengineapi.com?Action=DoIt&Version=2020-12-01**\n## 请求参数",
    );
    let d = import(&text);
    assert!(has_note(&d, "no request method stated"));
    assert!(has_note(&d, "no 返回参数 section"));
    assert!(has_note(&d, "no request example"));
    assert!(has_note(&d, "no response example"));
    assert_eq!(d.spec.method, Method::POST);
    assert!(d.spec.result.is_empty());
    assert_eq!(d.spec.examples[0].source, ExampleSource::Written);
    assert_eq!(
        d.spec.examples[0].request,
        serde_json::json!({"AppId": 1, "Query": "q"})
    );
}

#[test]
fn the_family_is_the_flag_or_a_guess_or_an_error() {
    let text = page(&body("| AppId | Integer | 是 | `1` | 应用 |\n"), RESULT);
    let no_flag = Options {
        family: None,
        ..opts()
    };
    let e = import_page(&text, &no_flag).unwrap_err();
    assert!(e.message.contains("pass --family"), "{e}");
    assert_eq!(e.line, 10, "located at the URL");
    let linked =
        format!("{text}## 错误码\n见[公共错误码](https://www.volcengine.com/docs/6348/412253)。\n");
    let d = import_page(&linked, &no_flag).unwrap();
    assert_eq!(d.spec.family, "im");
    assert!(has_note(&d, "guessed"));
    let known = Options {
        family: None,
        known_actions: [("DoIt".to_string(), "rtc".to_string())].into(),
        ..opts()
    };
    assert_eq!(import_page(&linked, &known).unwrap().spec.family, "rtc");
    let flagged = Options {
        family: Some("rtc".into()),
        ..known
    };
    assert_eq!(import_page(&linked, &flagged).unwrap().spec.family, "rtc");
}

#[test]
fn a_shared_type_name_is_not_shadowed_and_std_names_are_fine() {
    let rows = "| Info | Object of [Error](#error) | 否 | `-` | 信息 |\n| Core | Object of [Core](#core) | 否 | `-` | 核心 |\n### Error\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| A | Integer | 否 | `1` | 甲 |\n### Core\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| B | Integer | 否 | `1` | 乙 |\n";
    let o = Options {
        shared_types: ["Core".to_string()].into(),
        ..opts()
    };
    let d = import_page(&page(&body(rows), RESULT), &o).unwrap();
    // The generator qualifies every path: a type may be called `Error`.
    assert_eq!(d.spec.request[0].ty, "Error");
    assert_eq!(d.spec.request[1].ty, "DoItCore");
    assert!(has_note(&d, "the family's types already have a `Core`"));
}

#[test]
fn a_reference_digest_reads_like_a_page() {
    let text = "# AddThing (Version 2020-12-01)\n\n> **Doc page:** https://www.volcengine.com/docs/6348/1\n\n- **Family:** IM (即时通讯)\n- **HTTP method:** POST\n- **URL:** `https://rtc.volcengineapi.com?Action=AddThing&Version=2020-12-01` (overseas: x)\n\n## Request\n\n### Query\n\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n|---|---|---|---|---|\n| Action | String | 是 | AddThing | 接口名称 |\n| Version | String | 是 | 2020-12-01 | 接口版本 |\n\n### Body (`AddThingBody`)\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| AppId | Integer | `int32` | 是 | 应用 |\n| Role | Long | `*int64` | 否 | 身份。<br>* 0：成员。<br>* 1：群主。 |\n\n## Response (`AddThingRes`)\n\nTop-level envelope:\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| ResponseMetadata | Object of ResponseMetadata | `M` | 是 | - |\n| Result | Object of Result | `*R` | 否 | - |\n\n#### ResponseMetadata — `M`\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| RequestId | String | `string` | 是 | 请求 ID |\n\n#### Result — `R`\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| FailedInfos | Array of FailedInfosItem | `[]F` | 是 | 失败的用户 |\n\n#### Result.FailedInfos — `F`\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| UserId | Long | `int64` | 是 | 用户 |\n\n## Notable features (auto-extracted)\n\n- Request: 2 fields\n";
    let d = import_page(
        text,
        &Options {
            family: None,
            ..opts()
        },
    )
    .unwrap();
    let s = &d.spec;
    assert_eq!(s.family, "im");
    assert_eq!(
        s.doc_url.as_deref(),
        Some("https://www.volcengine.com/docs/6348/1")
    );
    assert!(s.result_optional);
    assert_eq!(s.request[1].ty, "Role");
    assert_eq!(s.request[1].description.zh, "身份。");
    assert_eq!(s.types["Role"].base.as_deref(), Some("i64"));
    assert_eq!(s.types["Role"].values.len(), 2);
    assert_eq!(s.result.len(), 1);
    assert_eq!(s.result[0].ty, "list<FailedInfosItem>");
    assert_eq!(s.types["FailedInfosItem"].fields[0].name, "UserId");
    assert_eq!(s.examples[0].source, ExampleSource::Written);
    assert_eq!(
        s.examples[0].result,
        Some(serde_json::json!({"FailedInfos": []}))
    );
}

#[test]
fn json_repairs_leave_strings_alone() {
    let (fixed, repairs) = repair_json("{\"a\": \"000, ]\", \"b\": 007, \"c\": 0.5, \"d\": [0,],}");
    assert_eq!(
        serde_json::from_str::<Value>(&fixed).unwrap(),
        serde_json::json!({"a": "000, ]", "b": 7, "c": 0.5, "d": [0]})
    );
    assert_eq!(
        repairs,
        [
            "leading zeros of numbers dropped",
            "trailing commas removed"
        ]
    );
}

#[test]
fn the_seed_page_draft_reads_back_as_the_same_spec() {
    let text = include_str!("../../../tests/fixtures/pages/SendMessage.md");
    let d = import(text);
    let yaml = d.to_yaml().unwrap();
    let back: ActionSpec = serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&d.spec).unwrap()
    );
    assert!(back.draft);
    assert_eq!(back.source, "test.md");
}
