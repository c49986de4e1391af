//! `cargo xtask import-go-model` and `cargo xtask spec-drift` on the project's own small Go model
//! fixtures (`tests/fixtures/go-model/`, not the vendor's files).

mod common;

use std::path::Path;

use codegen::spec::{PagingStyle, TypesFile};
use importers::{self as import, ImportOptions, Status, TODO_EN};

use common::*;

#[test]
fn imports_actions_fields_types_and_examples() {
    let spec = spec_dir("import");
    let report = import(&spec, "v20231101");
    let written: Vec<&str> = report
        .files
        .iter()
        .filter(|f| f.status == Status::Written)
        .map(|f| f.file.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        written,
        [
            "BanRoomUser.yaml",
            "GetRoomStats.yaml",
            "KickUser.yaml",
            "ListRoomEvents.yaml",
            "StartPushMixedStreamToCDN.yaml",
            "rtc_v20231101.yaml"
        ]
    );
    assert_eq!(report.unmapped(), 0, "{report}");
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("model.go:238: struct UnusedThing is used by no action")),
        "{report}"
    );

    // A body action with a string result and a multi-line comment.
    let kick = read_action(&spec, "KickUser.yaml");
    assert_eq!(
        (
            kick.action.as_str(),
            kick.version.as_str(),
            kick.family.as_str()
        ),
        ("KickUser", "2023-11-01", "rtc")
    );
    assert_eq!(
        format!("{:?} {:?}", kick.method, kick.params_in),
        "POST Body"
    );
    assert!(kick.draft && !kick.read_only && kick.rust_name.is_none());
    assert_eq!(
        names(&kick.request),
        ["AppId", "RoomId", "UserId", "Reason"]
    );
    let req: Vec<bool> = kick.request.iter().map(|f| f.required).collect();
    assert_eq!(req, [true, true, true, false]);
    let reason = field(&kick.request, "Reason");
    assert_eq!(
        (reason.ty.as_str(), reason.doc_type.as_str()),
        ("string", "String")
    );
    assert_eq!(reason.description.zh, "移出原因。\n最长 128 个字符。");
    assert_eq!(reason.description.en, TODO_EN);
    assert_eq!(
        field(&kick.request, "AppId").description.zh,
        "应用的唯一标志"
    );
    assert_eq!(kick.description.en, TODO_EN);
    assert_eq!(kick.result_type.as_deref(), Some("string"));
    assert!(kick.result_optional && kick.result.is_empty());
    assert!(
        kick.source.starts_with("volc-sdk-golang service/rtc/v20231101/model.go (commit 26924eb540519b3cc5a9c6e8dae6f610c74d86ea), structs KickUserBody"),
        "{}",
        kick.source
    );
    let ex = &kick.examples[0];
    assert_eq!(
        ex.request,
        serde_json::json!({"AppId": "your_app_id", "RoomId": "Room1", "UserId": "User1", "Reason": "your_reason"})
    );
    assert_eq!(ex.result, Some(serde_json::json!("ok")));

    // A query GET action: struct result, paging, nested list of structs, float32, a family type.
    let stats = read_action(&spec, "GetRoomStats.yaml");
    assert_eq!(
        format!("{:?} {:?}", stats.method, stats.params_in),
        "GET Query"
    );
    assert!(stats.read_only && stats.result_optional && stats.result_type.is_none());
    let paging = stats.paging.as_ref().expect("paging");
    assert_eq!(paging.style, PagingStyle::PageNumber);
    assert_eq!(
        (
            paging.items.as_str(),
            paging.page.as_deref(),
            paging.size.as_deref(),
            paging.total.as_deref()
        ),
        ("Users", Some("PageNum"), Some("PageSize"), Some("Total"))
    );
    assert_eq!(names(&stats.result), ["Total", "LastEvent", "Users"]);
    assert!(field(&stats.result, "Total").required);
    assert_eq!(field(&stats.result, "Users").ty, "list<User>");
    assert_eq!(field(&stats.result, "LastEvent").ty, "RoomEvent");
    assert_eq!(
        stats.types.keys().collect::<Vec<_>>(),
        ["StreamType", "User", "UserStream"]
    );
    let user = &stats.types["User"];
    let score = field(&user.fields, "Score");
    assert_eq!(
        (score.ty.as_str(), score.doc_type.as_str()),
        ("f32", "Float")
    );
    assert_eq!(field(&user.fields, "Streams").ty, "list<UserStream>");
    let stream_type = field(&stats.types["UserStream"].fields, "StreamType");
    assert!(stream_type.required);
    // Its value list is an enum of the action (no other action lists it), the values named for
    // a person to rename, the meanings its Chinese text.
    assert_eq!(
        (stream_type.ty.as_str(), stream_type.doc_type.as_str()),
        ("StreamType", "Integer")
    );
    assert_eq!(stream_type.example, Some(serde_json::json!(0)));
    let e = &stats.types["StreamType"];
    assert_eq!(
        (e.kind, e.base.as_deref(), e.description.zh.as_str()),
        (codegen::spec::TypeKind::Enum, Some("i32"), "流的类型。")
    );
    let values: Vec<(String, &str, &str)> = e
        .values
        .iter()
        .map(|v| {
            (
                v.value.to_string(),
                v.name.as_str(),
                v.description.zh.as_str(),
            )
        })
        .collect();
    assert_eq!(
        values,
        [
            ("0".to_string(), "Value0", "普通音视频流"),
            ("1".to_string(), "Value1", "屏幕流")
        ]
    );
    assert!(e.values.iter().all(|v| v.description.en == TODO_EN));
    assert_eq!(
        stream_type.description.zh,
        "流的类型。\n* 0：普通音视频流\n* 1：屏幕流"
    );
    assert_eq!(
        field(&stats.types["UserStream"].fields, "Bitrate")
            .description
            .zh,
        ""
    );
    let result = stats.examples[0].result.as_ref().unwrap();
    assert_eq!(result["Total"], 1);
    assert_eq!(result["Users"][0]["UserId"], "User1");

    // The struct two actions use is a family type, defined once.
    let text = std::fs::read_to_string(spec.join("types/rtc_v20231101.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../schema/types.schema.json\n"));
    let types: TypesFile = serde_yaml::from_str(&text).unwrap();
    assert_eq!(types.family, "rtc");
    assert_eq!(types.types.keys().collect::<Vec<_>>(), ["RoomEvent"]);
    assert_eq!(types.types["RoomEvent"].description.zh, "房间事件");
    let events = read_action(&spec, "ListRoomEvents.yaml");
    assert_eq!(field(&events.result, "Events").ty, "list<RoomEvent>");
    assert!(events.types.is_empty() && !events.result_optional);
    assert_eq!(
        events.examples[0].result.as_ref().unwrap()["Events"][0]["Name"],
        "your_name"
    );

    // Acronyms as the vendor writes them; nested type names.
    let push = read_action(&spec, "StartPushMixedStreamToCDN.yaml");
    assert_eq!(push.action, "StartPushMixedStreamToCDN");
    assert_eq!(
        names(&push.request),
        ["AppId", "PushURL", "TaskId", "Control", "Layout"]
    );
    assert_eq!(
        push.types.keys().collect::<Vec<_>>(),
        [
            "Control",
            "Layout",
            "LayoutRegion",
            "LayoutRegionSourceCrop"
        ]
    );
    assert_eq!(
        field(&push.types["Layout"].fields, "Regions").ty,
        "list<LayoutRegion>"
    );
    assert_eq!(
        field(
            &push.types["LayoutRegionSourceCrop"].fields,
            "WidthProportion"
        )
        .ty,
        "f32"
    );
    assert_eq!(
        push.types["LayoutRegionSourceCrop"].description.zh,
        "裁剪参数"
    );
    let ex = &push.examples[0].request;
    assert_eq!(
        (ex["AppId"].as_str(), ex["TaskId"].as_str()),
        (Some("your_app_id"), Some("Task1"))
    );
    assert_eq!(ex["Layout"]["Regions"][0]["UserId"], "User1");
    assert_eq!(
        push.examples[0].result,
        Some(serde_json::json!({"Message": "your_message"}))
    );
    let events_p2p = field(&events.result, "P2PResult");
    assert_eq!(events_p2p.ty, "string");

    // No Result at all; interface{} and map fields.
    let ban = read_action(&spec, "BanRoomUser.yaml");
    assert!(ban.result_optional && ban.result.is_empty() && ban.result_type.is_none());
    assert!(ban.examples[0].result.is_none());
    let extra = field(&ban.request, "Extra");
    assert_eq!(
        (extra.ty.as_str(), extra.doc_type.as_str()),
        ("json", "Object")
    );
    assert_eq!(field(&ban.request, "Ext").ty, "map<string,string>");
}

#[test]
fn older_versions_get_versioned_files_and_a_rust_name() {
    // Newest first, as the vendor run does.
    let spec = spec_dir("versions");
    import(&spec, "v20231101");
    let report = import(&spec, "v20201201");
    assert!(
        report.to_string().contains("BanRoomUser.2020-12-01.yaml"),
        "{report}"
    );
    let old = read_action(&spec, "BanRoomUser.2020-12-01.yaml");
    assert_eq!(old.version, "2020-12-01");
    assert_eq!(old.rust_name.as_deref(), Some("ban_room_user_v20201201"));
    assert_eq!(names(&old.request), ["AppId", "RoomId", "Token"]);
    assert_eq!(old.result_type.as_deref(), Some("string"));
    assert!(!old.result_optional);
    let new = read_action(&spec, "BanRoomUser.yaml");
    assert_eq!(
        (new.version.as_str(), new.rust_name.as_deref()),
        ("2023-11-01", None)
    );
    let kick_old = read_action(&spec, "KickUser.2020-12-01.yaml");
    assert_eq!(kick_old.rust_name.as_deref(), Some("kick_user_v20201201"));
    assert_eq!(names(&kick_old.result), ["message"]);

    // Oldest first: the newer version takes the plain name and the older file moves.
    let spec = spec_dir("versions-reverse");
    import(&spec, "v20201201");
    let report = import(&spec, "v20231101");
    assert!(
        report.files.iter().any(
            |f| matches!(&f.status, Status::Moved { from } if from.ends_with("/BanRoomUser.yaml"))
                && f.file.ends_with("/BanRoomUser.2020-12-01.yaml")
        ),
        "{report}"
    );
    assert_eq!(read_action(&spec, "BanRoomUser.yaml").version, "2023-11-01");
    let old = read_action(&spec, "BanRoomUser.2020-12-01.yaml");
    assert_eq!(old.rust_name.as_deref(), Some("ban_room_user_v20201201"));
}

#[test]
fn a_second_run_changes_nothing() {
    let spec = spec_dir("idempotent");
    import(&spec, "v20231101");
    let before = std::fs::read_to_string(spec.join("actions/rtc/GetRoomStats.yaml")).unwrap();
    let report = import(&spec, "v20231101");
    assert!(
        report
            .files
            .iter()
            .all(|f| f.status == Status::Unchanged && f.changes.is_empty()),
        "{report}"
    );
    let after = std::fs::read_to_string(spec.join("actions/rtc/GetRoomStats.yaml")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn only_the_actions_asked_for() {
    let spec = spec_dir("only");
    let mut opts = options(&spec, "v20231101");
    opts.actions = vec!["KickUser".into()];
    let report = import::import_go_model(&opts).unwrap();
    assert_eq!(report.actions, 1, "{report}");
    assert!(spec.join("actions/rtc/KickUser.yaml").exists());
    assert!(!spec.join("actions/rtc/GetRoomStats.yaml").exists());
    opts.actions = vec!["NoSuchAction".into()];
    let e = import::import_go_model(&opts).unwrap_err();
    assert!(e.contains("NoSuchAction"), "{e}");
}

/// A copy of the v20231101 fixture with `edit` applied to its model.go.
#[test]
fn a_family_type_of_another_version_is_reused_when_the_same_and_renamed_when_not() {
    let spec = spec_dir("shared");
    import(&spec, "v20231101");
    let older = |c: String| c.replace("2023-11-01", "2023-06-01");
    // The same RoomEvent in an older version: reused, no new types file.
    let dir = edited_fixture("shared-same", |m| m, older);
    let report = import::import_go_model(&ImportOptions {
        model: dir.join("model.go"),
        config: dir.join("config.go"),
        ..options(&spec, "v20231101")
    })
    .unwrap();
    assert_eq!(report.reused, ["RoomEvent"], "{report}");
    assert!(!spec.join("types/rtc_v20230601.yaml").exists());
    let old = read_action(&spec, "GetRoomStats.2023-06-01.yaml");
    assert_eq!(old.rust_name.as_deref(), Some("get_room_stats_v20230601"));
    assert_eq!(field(&old.result, "LastEvent").ty, "RoomEvent");

    // A different RoomEvent: a new family type with the version appended.
    let spec = spec_dir("shared-differs");
    import(&spec, "v20231101");
    let dir = edited_fixture(
        "shared-differs",
        |m| {
            m.replace(
                "type RoomEvent struct {\n",
                "type RoomEvent struct {\n\n\t// 级别\n\tLevel *int32 `json:\"Level,omitempty\"`\n",
            )
        },
        older,
    );
    let report = import::import_go_model(&ImportOptions {
        model: dir.join("model.go"),
        config: dir.join("config.go"),
        ..options(&spec, "v20231101")
    })
    .unwrap();
    assert!(report.reused.is_empty(), "{report}");
    let text = std::fs::read_to_string(spec.join("types/rtc_v20230601.yaml")).unwrap();
    let types: TypesFile = serde_yaml::from_str(&text).unwrap();
    assert_eq!(
        types.types.keys().collect::<Vec<_>>(),
        ["RoomEventV20230601"]
    );
    assert_eq!(
        names(&types.types["RoomEventV20230601"].fields),
        ["Level", "Name", "Time"]
    );
    let old = read_action(&spec, "ListRoomEvents.2023-06-01.yaml");
    assert_eq!(field(&old.result, "Events").ty, "list<RoomEventV20230601>");
}

#[test]
fn update_mode_keeps_what_a_person_wrote_and_reports_each_change() {
    let spec = spec_dir("update");
    import(&spec, "v20231101");
    // A person finishes KickUser and renames a type of GetRoomStats.
    let mut kick = read_action(&spec, "KickUser.yaml");
    kick.draft = false;
    kick.description.en = "Removes a user from a room.".into();
    kick.doc_url = Some("https://www.volcengine.com/docs/6348/1188357".into());
    kick.limits.qps = Some(20);
    for f in &mut kick.request {
        f.description.en = format!("The {}.", f.name);
    }
    kick.request[3].constraints.max_len = Some(128);
    kick.request[3].source = Some("a person's note".into());
    kick.examples[0].request["Reason"] = serde_json::json!("spamming");
    kick.source = "a person's source text".into();
    write_action(&spec, "KickUser.yaml", &kick);
    let path = spec.join("actions/rtc/KickUser.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Comments: at the top, before a field that stays, before one the model removes, at a line's end.
    let comment_before = |text: &str, needle: &str, comment: &str| {
        let at = text.find(needle).unwrap();
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let indent = &text[start..at];
        let indent = &indent[..indent.len() - indent.trim_start().len()];
        format!("{}{indent}# {comment}\n{}", &text[..start], &text[start..])
    };
    let text = text.replacen("\n", "\n# A person's note.\n", 1);
    let text = comment_before(&text, "- name: Reason", "Why we kick.");
    let text = comment_before(&text, "- name: UserId", "About UserId.");
    let text = text.replacen("qps: 20", "qps: 20  # agreed with support", 1);
    std::fs::write(&path, text).unwrap();
    let mut stats = read_action(&spec, "GetRoomStats.yaml");
    let user = stats.types.remove("User").unwrap();
    stats.types.insert("RoomUser".into(), user);
    stats.result[2].ty = "list<RoomUser>".into();
    write_action(&spec, "GetRoomStats.yaml", &stats);

    // The model changes: a type, a new field, a removed field, a required flag, a zh text, a nested field.
    let dir = edited_model("update", |m| {
        let start = m.find("type KickUserBody struct {").unwrap();
        let end = start + m[start..].find("\n}\n").unwrap() + 3;
        let body = "type KickUserBody struct {

	// REQUIRED; 应用的唯一标识
	AppID string `json:\"AppId\"`

	// 房间 ID
	RoomID *string `json:\"RoomId,omitempty\"`

	// 移出原因。
	// 最长 128 个字符。
	Reason *int32 `json:\"Reason,omitempty\"`

	// 是否通知
	Notify *bool `json:\"Notify,omitempty\"`
}
";
        format!("{}{body}{}", &m[..start], &m[end..])
            .replace("Bitrate    *float64", "Bitrate    *int64")
    });
    let opts = ImportOptions {
        model: dir.join("model.go"),
        config: dir.join("config.go"),
        ..options(&spec, "v20231101")
    };
    let report = import::import_go_model(&opts).unwrap();
    let kick_report = report
        .files
        .iter()
        .find(|f| f.action == "KickUser")
        .unwrap();
    assert_eq!(kick_report.status, Status::Updated, "{report}");
    let changes = kick_report.changes.join("\n");
    for expected in [
        "request.Reason: type string → i32, doc_type String → Integer",
        "request.UserId: removed",
        "request.RoomId: required → optional",
        "request.AppId: zh updated",
        "request.Notify: added (bool, optional)",
        "draft: true",
        "a comment is not kept (its node is gone or written on one line): # About UserId.",
    ] {
        assert!(
            changes.contains(expected),
            "missing `{expected}` in:\n{changes}"
        );
    }
    let kick_text = std::fs::read_to_string(&path).unwrap();
    assert!(
        kick_text.starts_with(
            "# yaml-language-server: $schema=../../schema/action.schema.json\n# A person's note.\n"
        ),
        "{kick_text}"
    );
    let reason_at = kick_text.find("- name: Reason").unwrap();
    assert!(
        kick_text[..reason_at]
            .trim_end()
            .ends_with("# Why we kick."),
        "the comment stays before its field:\n{kick_text}"
    );
    assert!(!kick_text.contains("About UserId"), "{kick_text}");
    assert!(
        kick_text.contains("  qps: 20  # agreed with support\n"),
        "{kick_text}"
    );
    let kick = read_action(&spec, "KickUser.yaml");
    assert!(kick.draft, "a new field's English is a TODO again");
    assert_eq!(kick.description.en, "Removes a user from a room.");
    assert_eq!(
        kick.doc_url.as_deref(),
        Some("https://www.volcengine.com/docs/6348/1188357")
    );
    assert_eq!(kick.limits.qps, Some(20));
    assert_eq!(kick.source, "a person's source text");
    assert_eq!(
        names(&kick.request),
        ["AppId", "RoomId", "Reason", "Notify"]
    );
    let app = field(&kick.request, "AppId");
    assert_eq!(
        (app.description.zh.as_str(), app.description.en.as_str()),
        ("应用的唯一标识", "The AppId.")
    );
    let reason = field(&kick.request, "Reason");
    assert_eq!(
        (reason.ty.as_str(), reason.description.en.as_str()),
        ("i32", "The Reason.")
    );
    assert_eq!(reason.constraints.max_len, Some(128));
    assert_eq!(reason.source.as_deref(), Some("a person's note"));
    assert!(!field(&kick.request, "RoomId").required);
    assert_eq!(field(&kick.request, "Notify").description.en, TODO_EN);
    assert_eq!(
        kick.examples[0].request["Reason"], "spamming",
        "examples are kept"
    );

    // The renamed type keeps its name; its nested type's field changes type.
    let stats_report = report
        .files
        .iter()
        .find(|f| f.action == "GetRoomStats")
        .unwrap();
    assert_eq!(
        stats_report.changes,
        ["type.UserStream.Bitrate: type f64 → i64, doc_type Float → Long (check its example and constraints)"],
        "{report}"
    );
    let stats = read_action(&spec, "GetRoomStats.yaml");
    assert_eq!(
        stats.types.keys().collect::<Vec<_>>(),
        ["RoomUser", "StreamType", "UserStream"]
    );
    assert_eq!(field(&stats.result, "Users").ty, "list<RoomUser>");
    assert_eq!(
        field(&stats.types["UserStream"].fields, "Bitrate").ty,
        "i64"
    );
    let others: Vec<_> = report
        .files
        .iter()
        .filter(|f| f.action != "KickUser" && f.action != "GetRoomStats")
        .map(|f| &f.status)
        .collect();
    assert!(others.iter().all(|s| **s == Status::Unchanged), "{report}");
}

/// The imported files load with the generator's checks, except for what the format is still
/// gaining (the `f32` type, acronym names, examples of a `result_type`): those errors alone remain.
#[test]
fn the_output_loads_but_for_the_pending_format_features() {
    let spec = spec_dir("loads");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec/service.yaml"),
        spec.join("service.yaml"),
    )
    .unwrap();
    import(&spec, "v20231101");
    import(&spec, "v20201201");
    let Err(errors) = codegen::load_spec(&spec) else {
        return;
    };
    for e in &errors.0 {
        // A draft is refused as a draft (once per file) until a person finishes it.
        let pending = e.message.contains("this file is an importer draft")
            || e.message.contains("the English text still says TODO")
            || e.message.contains("unknown type `f32`")
            || e.message.contains("must be PascalCase")
            // The real service.yaml's editions name actions of the whole spec, not of this import.
            || (e.path.starts_with("editions[") && e.message.contains("unknown action"))
            || (e.path.starts_with("examples[0].result")
                && e.message.starts_with("expected an object"));
        assert!(pending, "{e}");
    }
}

#[test]
fn what_cannot_be_mapped_is_reported_with_its_line() {
    let spec = spec_dir("unmapped");
    let dir = edited_model("unmapped", |m| {
        m.replace(
            "\tReason *string `json:\"Reason,omitempty\"`\n",
            "\tReason *string `json:\"Reason,omitempty\"`\n\tWhen   *time.Time `json:\"When,omitempty\"`\n",
        )
    });
    let report = import::import_go_model(&ImportOptions {
        model: dir.join("model.go"),
        config: dir.join("config.go"),
        ..options(&spec, "v20231101")
    })
    .unwrap();
    let kick = report
        .files
        .iter()
        .find(|f| f.action == "KickUser")
        .unwrap();
    let line = std::fs::read_to_string(dir.join("model.go"))
        .unwrap()
        .lines()
        .position(|l| l.contains("When "))
        .unwrap()
        + 1;
    assert_eq!(
        kick.unmapped,
        [format!(
            "request.When ({}:{line}): unknown Go type `time.Time`; written as json",
            dir.join("model.go").display()
        )],
        "{report}"
    );
    assert_eq!(report.unmapped(), 1);
    let when = read_action(&spec, "KickUser.yaml")
        .request
        .into_iter()
        .find(|f| f.name == "When")
        .unwrap();
    assert_eq!((when.ty.as_str(), when.doc_type.as_str()), ("json", "JSON"));
    assert!(when.source.unwrap().contains("not mapped"));
}

#[test]
fn a_value_list_becomes_an_enum_or_a_marked_todo() {
    let spec = spec_dir("enums");
    let dir = edited_model("enums", |m| {
        m.replace(
            "\tReason *string `json:\"Reason,omitempty\"`\n",
            "\tReason *string `json:\"Reason,omitempty\"`\n\n\t// 文件格式：\n\t// * \"mp4\"：MP4 文件\n\t// * \"hls\"：HLS 文件\n\tFormat *int32 `json:\"Format,omitempty\"`\n",
        )
    });
    let report = import::import_go_model(&ImportOptions {
        model: dir.join("model.go"),
        config: dir.join("config.go"),
        ..options(&spec, "v20231101")
    })
    .unwrap();
    // Strings listed for an integer field: no enum, a TODO the spec-check rule still reports.
    assert_eq!(report.enums.unread, 1, "{report}");
    let kick = read_action(&spec, "KickUser.yaml");
    let format = field(&kick.request, "Format");
    assert_eq!(
        (format.ty.as_str(), format.doc_type.as_str()),
        ("i32", "Integer")
    );
    assert!(format.source.as_deref().unwrap().contains("importer: TODO"));
    assert!(codegen::lint::enum_description_finding(format).is_some());
    assert!(
        report
            .to_string()
            .contains("request.Format: `mp4` is not an integer"),
        "{report}"
    );
}
