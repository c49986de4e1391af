//! `cargo xtask spec-drift` on the project's own small Go model fixtures (`tests/fixtures/go-model/`):
//! no drift right after an import, and each difference reported unless documented.

mod common;

use std::path::Path;

use codegen::spec::Deviation;

use common::*;

#[test]
fn no_drift_right_after_an_import() {
    let spec = spec_dir("drift-clean");
    import(&spec, "v20231101");
    import(&spec, "v20201201");
    for v in ["v20231101", "v20201201"] {
        let report = drift(&spec, v);
        assert_eq!(report.undocumented(), 0, "{report}");
        assert!(report.missing.is_empty() && report.extra.is_empty());
        assert!(
            report.actions.iter().all(|a| a.differences.is_empty()),
            "{report}"
        );
    }
    // The rtc family signs the Singapore host with its own region name, as the project's
    // service.yaml now says: no note.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec/service.yaml"),
        spec.join("service.yaml"),
    )
    .unwrap();
    let report = drift(&spec, "v20231101");
    assert_eq!(report.undocumented(), 0, "{report}");
    assert!(
        !report.notes.iter().any(|n| n.contains(
            "host open-ap-singapore-1.volcengineapi.com is signed with region ap-singapore-1 in the model"
        )),
        "{report}"
    );
}

#[test]
fn drift_reports_each_difference_and_skips_documented_ones() {
    let spec = spec_dir("drift");
    import(&spec, "v20231101");
    let mut kick = read_action(&spec, "KickUser.yaml");
    field_mut(&mut kick.request, "Reason").ty = "i32".into();
    kick.request.retain(|f| f.name != "UserId");
    let mut foo = kick.request[0].clone();
    foo.name = "Foo".into();
    kick.request.push(foo);
    field_mut(&mut kick.request, "RoomId").required = false;
    kick.result_optional = false;
    write_action(&spec, "KickUser.yaml", &kick);
    let mut stats = read_action(&spec, "GetRoomStats.yaml");
    field_mut(
        &mut stats.types.get_mut("UserStream").unwrap().fields,
        "Bitrate",
    )
    .ty = "i64".into();
    stats.method = codegen::spec::Method::POST;
    write_action(&spec, "GetRoomStats.yaml", &stats);
    std::fs::remove_file(spec.join("actions/rtc/ListRoomEvents.yaml")).unwrap();

    let report = drift(&spec, "v20231101");
    let text = report.to_string();
    assert_eq!(
        report.missing,
        [("ListRoomEvents".to_string(), Vec::new())],
        "{text}"
    );
    let diffs = |action: &str| -> Vec<(String, String)> {
        report
            .actions
            .iter()
            .find(|a| a.action == action)
            .unwrap()
            .differences
            .iter()
            .map(|d| (d.path.clone(), d.message.clone()))
            .collect()
    };
    assert_eq!(
        diffs("KickUser"),
        [
            (
                "result".to_string(),
                "result_optional: true in the model, false in the spec".to_string()
            ),
            (
                "request.RoomId".into(),
                "required: true in the model, false in the spec".into()
            ),
            (
                "request.UserId".into(),
                "in the model, not in the spec (string, required)".into()
            ),
            (
                "request.Reason".into(),
                "type: string in the model (String), i32 in the spec".into()
            ),
            ("request.Foo".into(), "in the spec, not in the model".into()),
        ],
        "{text}"
    );
    let stats_diffs = diffs("GetRoomStats");
    assert_eq!(
        stats_diffs[0],
        ("method".into(), "GET in the model, POST in the spec".into())
    );
    assert_eq!(
        stats_diffs[1],
        (
            "result.Users.Streams.Bitrate".into(),
            "type: f64 in the model (Float), i64 in the spec".into()
        ),
        "{text}"
    );
    assert_eq!(stats_diffs.len(), 2, "{text}");
    assert_eq!(report.undocumented(), 1 + 5 + 2, "{text}");
    assert_eq!(report.documented(), 0);

    // Recorded deviations are printed as documented and not counted.
    let deviation = |path: &str| Deviation {
        path: path.into(),
        reason: format!("deliberate: {path}"),
    };
    let mut kick = read_action(&spec, "KickUser.yaml");
    kick.deviations = vec![
        deviation("request.Reason"),
        deviation("request.Foo"),
        deviation("result"),
    ];
    write_action(&spec, "KickUser.yaml", &kick);
    let mut stats = read_action(&spec, "GetRoomStats.yaml");
    stats.deviations = vec![deviation("type.UserStream.Bitrate"), deviation("method")];
    write_action(&spec, "GetRoomStats.yaml", &stats);
    let report = drift(&spec, "v20231101");
    let text = report.to_string();
    assert_eq!(report.documented(), 5, "{text}");
    assert_eq!(report.undocumented(), 1 + 2, "{text}");
    assert!(text.contains("request.Reason: type: string in the model (String), i32 in the spec [documented: deliberate: request.Reason]"), "{text}");

    // An action of the model's version that the model does not have.
    let mut extra = read_action(&spec, "KickUser.yaml");
    extra.action = "RetiredAction".into();
    extra.deviations.clear();
    write_action(&spec, "RetiredAction.yaml", &extra);
    let report = drift(&spec, "v20231101");
    assert_eq!(report.extra.len(), 1, "{report}");
    assert_eq!(report.undocumented(), 1 + 2 + 1, "{report}");
    assert!(
        report
            .to_string()
            .contains("RetiredAction (api-spec/actions/rtc/RetiredAction.yaml): not in the model"),
        "{report}"
    );
    extra.deviations = vec![deviation("action")];
    write_action(&spec, "RetiredAction.yaml", &extra);
    let report = drift(&spec, "v20231101");
    assert_eq!(report.undocumented(), 1 + 2, "{report}");

    // `action` documents everything in the file.
    let mut kick = read_action(&spec, "KickUser.yaml");
    kick.deviations = vec![deviation("action")];
    write_action(&spec, "KickUser.yaml", &kick);
    let report = drift(&spec, "v20231101");
    assert_eq!(
        report.undocumented(),
        1,
        "only the missing action: {report}"
    );
}
