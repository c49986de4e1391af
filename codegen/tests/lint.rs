//! The curation rules of `codegen::lint` on a fixture with one finding of each
//! (tests/fixtures/lint), and the rules the real spec must already pass (`lint::DENIED`).

use std::path::{Path, PathBuf};

use codegen::lint::{enumerated_values, is_go_type, lint, Finding, Rule, DENIED};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn findings(dir: &Path) -> Vec<Finding> {
    let spec = codegen::load_spec(dir).unwrap_or_else(|e| panic!("{e}"));
    lint(dir, &spec)
}

#[test]
fn one_finding_per_rule_each_located() {
    let dir = root().join("tests/fixtures/lint/api-spec");
    let found = findings(&dir);
    let lines: Vec<String> = found.iter().map(|f| f.to_string()).collect();
    assert_eq!(found.len(), 4, "{lines:#?}");
    let of = |rule: Rule| {
        found
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("no {rule} finding in {lines:#?}"))
    };
    let e = of(Rule::EnumDescription);
    assert_eq!(e.at.file, "api-spec/actions/rtc/Lint.yaml");
    assert_eq!(e.at.path, "request[0].description");
    assert_eq!(e.at.line, 14, "{e}");
    assert!(
        e.at.message.contains("`RecordMode`") && e.at.message.contains("(0, 1)"),
        "{e}"
    );
    let g = of(Rule::GoDocType);
    assert_eq!(g.at.path, "request[4].doc_type");
    assert!(g.at.message.contains("*int32"), "{g}");
    let u = of(Rule::UnusedRateLimit);
    assert_eq!(u.at.file, "api-spec/service.yaml");
    assert_eq!(u.at.path, "rate_limits[0].name");
    assert!(u.at.message.contains("`nobody-draws`"), "{u}");
    let s = of(Rule::SameShape);
    assert_eq!(s.at.path, "types.Area");
    assert!(
        s.at.message.contains("`Region`") && s.at.message.contains("types/rtc.yaml"),
        "{s}"
    );
}

#[test]
fn value_lists_are_read_in_both_languages() {
    assert_eq!(
        enumerated_values("取值：\n- 0：单流\n- 1：合流").0,
        ["0", "1"]
    );
    assert_eq!(
        enumerated_values("* 0: TOS\n* 1: VOD\n* 2: S3").0,
        ["0", "1", "2"]
    );
    assert_eq!(enumerated_values("模式。0：单流；1：合流").0, ["0", "1"]);
    assert_eq!(
        enumerated_values("`mp4`: MP4 file\n`hls`: HLS").0,
        ["mp4", "hls"]
    );
    assert!(enumerated_values("Values: 0: off").1);
    assert!(enumerated_values("取值范围 [0, 100]").0.is_empty());
    assert!(enumerated_values("starts at 10:30, ends at 11:00")
        .0
        .is_empty());
    assert!(is_go_type("[]*StartRecordBodyTargetStreamsStreamList"));
    assert!(!is_go_type("Array of Stream"));
}

#[test]
fn the_spec_has_no_finding_of_a_denied_rule() {
    let dir = root().join("api-spec");
    let denied: Vec<String> = findings(&dir)
        .into_iter()
        .filter(|f| DENIED.contains(&f.rule))
        .map(|f| f.to_string())
        .collect();
    assert!(denied.is_empty(), "{denied:#?}");
}
