//! Growth without breakage (VERSIONING.md): a user's crate that compiles against the generated
//! code keeps compiling after the spec changes VERSIONING.md calls minor — an optional request
//! field, a result field, a nested object's field, enum values, a union variant, an action and an
//! event added — and stops compiling after a breaking one (the control that shows the check can
//! fail).
//!
//! The shapes fixture (every shape of the format, a few actions) stands in for the whole spec, so
//! the three `cargo check` runs stay small. The user's code is `tests/fixtures/growth/user.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

/// Rewrites one spec file, asserting that the edit applies.
fn edit(spec: &Path, file: &str, from: &str, to: &str) {
    let path = spec.join(file);
    let text = std::fs::read_to_string(&path).expect("reads the spec file");
    assert!(text.contains(from), "{file} holds {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("writes the spec file");
}

/// Generates the fixture's crate from `spec` into `dir/gen` (sources only; the manifest below).
fn generate(spec: &Path, dir: &Path) {
    let gen = dir.join("gen");
    let _ = std::fs::remove_dir_all(gen.join("src"));
    let loaded = codegen::load_spec(spec).unwrap_or_else(|e| panic!("{e}"));
    let layout = codegen::Layout {
        crate_dir: "gen".into(),
        schema_dir: None,
        manifest: false,
    };
    for file in codegen::generate(&loaded, &layout).expect("generates") {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&path, &file.contents).expect("writes generated code");
    }
}

/// The scratch workspace: the generated crate and the user's crate, outside this workspace.
fn scaffold(dir: &Path) {
    let root = root();
    let dep = |name: &str| format!("{{ path = {:?} }}", root.join(name).display().to_string());
    std::fs::create_dir_all(dir.join("gen")).expect("mkdir");
    std::fs::write(
        dir.join("gen/Cargo.toml"),
        format!(
            "[package]\nname = \"shapes-golden\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [features]\ndefault = [\"im\", \"rtc\"]\nim = []\nrtc = []\nserde = []\n\
             registry = [\"serde\", \"volcengine-openapi/registry\"]\n\n\
             [dependencies]\nvolcengine-openapi = {}\nvolcengine-rtc-auth = {}\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = {{ version = \"1\", features = [\"raw_value\"] }}\n",
            dep("runtime"),
            dep("auth"),
        ),
    )
    .expect("writes the generated crate's manifest");
    std::fs::create_dir_all(dir.join("user/src")).expect("mkdir");
    std::fs::write(
        dir.join("user/Cargo.toml"),
        format!(
            "[package]\nname = \"growth-user\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nshapes-golden = {{ path = \"../gen\", features = [\"serde\"] }}\n\
             volcengine-openapi = {}\nserde_json = \"1\"\n",
            dep("runtime"),
        ),
    )
    .expect("writes the user's manifest");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nmembers = [\"gen\", \"user\"]\nresolver = \"2\"\n",
    )
    .expect("writes the scratch workspace");
    // The workspace's lock file: the same dependency versions, all already downloaded.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copies Cargo.lock");
    std::fs::copy(
        root.join("tests/fixtures/growth/user.rs"),
        dir.join("user/src/main.rs"),
    )
    .expect("copies the user's code");
}

/// `cargo check` of the user's crate: its success and its diagnostics.
fn check(dir: &Path) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["check", "--offline", "--quiet", "--package", "growth-user"])
        .current_dir(dir)
        // One target directory for every run: the dependencies are checked once.
        .env("CARGO_TARGET_DIR", root().join("target/growth"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("runs cargo");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn minor_spec_changes_keep_a_users_crate_compiling_and_a_breaking_one_does_not() {
    let dir = std::env::temp_dir().join(format!("growth-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let spec = dir.join("api-spec");
    integration_tests::scratch::copy_dir(&root().join("tests/fixtures/shapes/api-spec"), &spec)
        .expect("copies the spec");
    scaffold(&dir);

    generate(&spec, &dir);
    let (ok, errors) = check(&dir);
    assert!(
        ok,
        "the user's crate compiles against today's spec:\n{errors}"
    );

    // An optional request field and a result field.
    edit(
        &spec,
        "actions/im/GetThing.yaml",
        "result:\n",
        "  - {name: Extra, doc_type: String, type: string, required: false, description: {zh: 新, en: New}}\nresult:\n",
    );
    edit(
        &spec,
        "actions/im/GetThing.yaml",
        "examples:\n",
        "  - {name: Total, doc_type: Integer, type: i32, required: false, description: {zh: 总数, en: Total}}\nexamples:\n",
    );
    // Enum values, and a nested object's optional field.
    edit(
        &spec,
        "types/im.yaml",
        "      - {value: dark-blue,",
        "      - {value: green, name: Green, description: {zh: 绿, en: Green}}\n      - {value: dark-blue,",
    );
    edit(
        &spec,
        "types/im.yaml",
        "      - {value: 1, name: One,",
        "      - {value: 2, name: Two, description: {zh: 二, en: Two}}\n      - {value: 1, name: One,",
    );
    edit(
        &spec,
        "types/im.yaml",
        "      - {name: Tags,",
        "      - {name: Note, doc_type: String, type: string, required: false, description: {zh: 注, en: Note}}\n      - {name: Tags,",
    );
    // A union variant (with its object), and a field of a union's object.
    edit(
        &spec,
        "actions/rtc/StartChat.yaml",
        "      - {value: CustomLLM,",
        "      - {value: LocalLLM, type: CustomConfig, description: {zh: 本地, en: A local LLM}}\n      - {value: CustomLLM,",
    );
    edit(
        &spec,
        "actions/rtc/StartChat.yaml",
        "      - {name: Temperature,",
        "      - {name: TopP, doc_type: Float, type: f32, required: false, description: {zh: 采样, en: Top p}}\n      - {name: Temperature,",
    );
    // An action and a callback event.
    let ping = std::fs::read_to_string(spec.join("actions/rtc/Ping.yaml")).expect("reads");
    std::fs::write(
        spec.join("actions/rtc/Pong.yaml"),
        ping.replace("action: Ping", "action: Pong"),
    )
    .expect("writes an action");
    let vanished =
        std::fs::read_to_string(spec.join("callbacks/rtc/ShapeVanished.yaml")).expect("reads");
    std::fs::write(
        spec.join("callbacks/rtc/ShapeAppeared.yaml"),
        vanished.replace("event: ShapeVanished", "event: ShapeAppeared"),
    )
    .expect("writes an event");

    generate(&spec, &dir);
    let generated =
        std::fs::read_to_string(dir.join("gen/src/api/im/get_thing.rs")).expect("reads");
    assert!(
        generated.contains("pub extra:"),
        "the new field is generated"
    );
    assert!(
        dir.join("gen/src/api/rtc/pong.rs").exists(),
        "the new action is generated"
    );
    let (ok, errors) = check(&dir);
    assert!(ok, "minor spec changes break the user's crate:\n{errors}");

    // The control: an optional field made required is breaking (VERSIONING.md), and the check sees it.
    edit(
        &spec,
        "actions/im/GetThing.yaml",
        "{name: page, doc_type: Integer, type: i32, required: false",
        "{name: page, doc_type: Integer, type: i32, required: true",
    );
    generate(&spec, &dir);
    let (ok, errors) = check(&dir);
    assert!(!ok, "a breaking change is caught");
    assert!(
        errors.contains("page"),
        "the error names the field:\n{errors}"
    );

    let _ = std::fs::remove_dir_all(&dir);
}
