//! One type per shape for callback events too: the same-shape lint reads events (two events with
//! the same `EventData` shape, or an event type of the shape of another event's fields, are a
//! finding located at the later one), the real spec has none (UserLeaveRoom and
//! InvisibleUserLeaveRoom name one type, `UserLeft`, with `data`), and `data` must name an object
//! type of the family's events.

use std::path::{Path, PathBuf};

use codegen::lint::{lint, Rule};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let p = entry.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

/// The shapes fixture's spec, copied to a scratch directory, with `extra` event files added.
fn fixture_with(name: &str, extra: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!(
            "codegen-event-shapes-{}-{name}",
            std::process::id()
        ))
        .join("api-spec");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("tests/fixtures/shapes/api-spec"), &dir);
    for (file, text) in extra {
        std::fs::write(dir.join("callbacks/rtc").join(file), text).expect("write");
    }
    dir
}

fn same_shape(dir: &Path) -> Vec<String> {
    let spec = codegen::load_spec(dir).unwrap_or_else(|e| panic!("{e}"));
    lint(dir, &spec)
        .into_iter()
        .filter(|f| f.rule == Rule::SameShape && f.at.file.contains("/callbacks/"))
        .map(|f| f.to_string())
        .collect()
}

/// ShapeFinished's fields, again.
const TWIN: &str = r#"event: ShapeRepeated
description: {zh: 重复, en: The same EventData as ShapeFinished.}
source: test
fields:
  - {name: ShapeId, doc_type: String, type: string, required: true, description: {zh: 形状, en: The shape.}}
  - {name: Sides, doc_type: Int32, type: i32, required: false, description: {zh: 边数, en: Sides.}}
  - {name: Mood, doc_type: String, type: ShapeMood, required: false, description: {zh: 心情, en: Mood.}}
  - {name: Tags, doc_type: Array of String, type: "list<string>", required: false, description: {zh: 标签, en: Tags.}}
  - {name: StorageKey, doc_type: String, type: string, required: false, sensitive: true, description: {zh: 密钥, en: Key.}}
"#;

#[test]
fn the_real_spec_has_one_type_per_event_shape() {
    let found = same_shape(&root().join("api-spec"));
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn two_events_of_one_shape_are_a_finding() {
    let dir = fixture_with("twin", &[("ShapeRepeated.yaml", TWIN)]);
    let found = same_shape(&dir);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("ShapeRepeated.yaml:4:")
            && found[0].contains("ShapeFinished.yaml")
            && found[0].contains("`data`"),
        "{}",
        found[0]
    );
}

#[test]
fn an_event_naming_a_shared_type_is_no_finding_and_decodes_as_it() {
    // ShapeRepeated names a type of ShapeShared's instead of repeating the fields.
    let shared = r#"event: ShapeShared
description: {zh: 共享, en: Shares its type.}
source: test
data: SharedShape
types:
  SharedShape:
    kind: object
    description: {zh: 形状, en: A shape.}
    fields:
      - {name: Corner, doc_type: String, type: string, required: true, description: {zh: 角, en: A corner.}}
"#;
    let repeated = "event: ShapeRepeated\ndescription: {zh: 重复, en: Again.}\nsource: test\ndata: SharedShape\n";
    let dir = fixture_with(
        "shared",
        &[
            ("ShapeShared.yaml", shared),
            ("ShapeRepeated.yaml", repeated),
        ],
    );
    assert!(same_shape(&dir).is_empty());
    let spec = codegen::load_spec(&dir).expect("loads");
    let files = codegen::generate(&spec, &codegen::Layout::sources("out")).expect("generates");
    let rtc = files
        .iter()
        .find(|f| f.path.ends_with("callbacks/rtc.rs"))
        .expect("callbacks module");
    let text = rtc.contents.replace(char::is_whitespace, "");
    assert!(
        text.contains("ShapeRepeated(SharedShape)"),
        "{}",
        rtc.contents
    );
    assert!(text.contains("ShapeShared(SharedShape)"));
    assert!(!text.contains("pubstructShapeRepeated"));
}

#[test]
fn data_must_name_an_object_type_and_excludes_fields() {
    for (name, text, says) in [
        (
            "missing",
            "event: ShapeRepeated\ndescription: {zh: 重复, en: Again.}\nsource: test\ndata: NoSuchType\n",
            "`data: NoSuchType` must name an object type",
        ),
        (
            "enum",
            "event: ShapeRepeated\ndescription: {zh: 重复, en: Again.}\nsource: test\ndata: ShapeMood\n",
            "`data: ShapeMood` must name an object type",
        ),
        (
            "both",
            &format!("{TWIN}data: ShapeMood\n"),
            "not both",
        ),
    ] {
        let dir = fixture_with(name, &[("ShapeRepeated.yaml", text)]);
        let e = codegen::load_spec(&dir).expect_err(name).to_string();
        assert!(e.contains("ShapeRepeated.yaml") && e.contains(says), "{name}: {e}");
    }
}
