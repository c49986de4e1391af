//! Malformed specs: every case in `tests/fixtures/malformed/` must give exactly its located errors.
//!
//! The corpus and its naming convention are described in `tests/fixtures/malformed/README.md`.
//! `UPDATE_MALFORMED=1 cargo test -p integration-tests --test malformed_spec` rewrites the `.errors`
//! files from what the loader reports; review every changed line before committing it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The corpus must hold at least this many malformed cases (the control case not counted).
const MIN_CASES: usize = 40;

/// The case that must load cleanly; `service_` and `types_` cases use it as their action.
const VALID: &str = "000_valid";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/malformed")
}

/// One case: `NNN_name.yaml` (a single file) or `NNN_name/` (a tree laid over the spec root).
struct Case {
    stem: String,
    source: PathBuf,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(corpus()).expect("corpus folder") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let stem = if path.is_dir() {
            name.clone()
        } else if let Some(stem) = name.strip_suffix(".yaml") {
            stem.to_string()
        } else {
            assert!(
                name == "README.md" || name.ends_with(".errors"),
                "unexpected file in the corpus: {name}"
            );
            continue;
        };
        let (number, rest) = stem.split_once('_').unwrap_or(("", ""));
        assert!(
            number.len() == 3 && number.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty(),
            "case `{name}` is not named NNN_name"
        );
        out.push(Case { stem, source: path });
    }
    out.sort_by(|a, b| a.stem.cmp(&b.stem));
    out
}

/// Builds the case's spec in a temporary directory and loads it.
fn run(case: &Case) -> (Result<(), Vec<codegen::SpecError>>, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "volc-malformed-{}-{}",
        std::process::id(),
        case.stem
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let spec = dir.join("api-spec");
    let actions = spec.join("actions/im");
    std::fs::create_dir_all(&actions).expect("mkdir");
    std::fs::create_dir_all(spec.join("types")).expect("mkdir");
    let shapes = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shapes/api-spec");
    std::fs::copy(shapes.join("service.yaml"), spec.join("service.yaml")).expect("copy");
    let kind = case.stem.split_once('_').map_or("", |(_, rest)| rest);
    let file_name = format!("{}.yaml", case.stem);
    let valid = corpus().join(format!("{VALID}.yaml"));
    if case.source.is_dir() {
        integration_tests::scratch::copy_dir(&case.source, &spec).expect("copies the case");
    } else if kind.starts_with("service_") {
        std::fs::copy(&case.source, spec.join("service.yaml")).expect("copy");
        std::fs::copy(&valid, actions.join(format!("{VALID}.yaml"))).expect("copy");
    } else if kind.starts_with("types_") {
        std::fs::copy(&case.source, spec.join("types/im.yaml")).expect("copy");
        std::fs::copy(&valid, actions.join(format!("{VALID}.yaml"))).expect("copy");
    } else {
        std::fs::copy(&case.source, actions.join(file_name)).expect("copy");
    }
    let result = codegen::load_spec(&spec).map(|_| ()).map_err(|e| e.0);
    (result, dir)
}

/// The error as a line, with the temporary directory (should it appear in a message) made neutral.
fn line_of(e: &codegen::SpecError, dir: &Path) -> String {
    e.to_string()
        .replace(&dir.display().to_string(), "$TMP")
        .replace(&std::env::temp_dir().display().to_string(), "$TMP")
}

/// The line of the spec file (`text`) an error points at, with a caret under its column.
fn pointer(e: &codegen::SpecError, text: &str) -> String {
    let line = text.lines().nth(e.line.saturating_sub(1)).unwrap_or("");
    let caret: String = line
        .chars()
        .take(e.column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("        | {line}\n        | {caret}^")
}

#[test]
fn malformed_specs_give_exactly_their_located_errors() {
    let update = std::env::var_os("UPDATE_MALFORMED").is_some_and(|v| v == "1");
    let cases = cases();
    let mut failures = String::new();
    let mut malformed = 0;
    for case in &cases {
        let expected_path = corpus().join(format!("{}.errors", case.stem));
        let (result, dir) = run(case);
        let errors = result.err().unwrap_or_default();
        let got: Vec<String> = errors.iter().map(|e| line_of(e, &dir)).collect();
        let texts: Vec<String> = errors
            .iter()
            .map(|e| std::fs::read_to_string(dir.join(&e.file)).unwrap_or_default())
            .collect();
        let pointers: Vec<String> = errors
            .iter()
            .zip(&texts)
            .map(|(e, t)| pointer(e, t))
            .collect();
        let _ = std::fs::remove_dir_all(&dir);

        if case.stem == VALID {
            assert!(got.is_empty(), "{VALID} must load cleanly: {got:#?}");
        } else {
            malformed += 1;
            if got.is_empty() {
                let _ = writeln!(failures, "{}: loaded without error", case.stem);
            }
            for (e, text) in errors.iter().zip(&texts) {
                let in_file = (1..=text.lines().count() + 1).contains(&e.line) && e.column >= 1;
                if !in_file || !e.file.starts_with("api-spec/") {
                    let _ = writeln!(failures, "{}: error not located: {e}", case.stem);
                }
                // Only a file that is not YAML or not a mapping, or a missing top-level key, has no path.
                let whole_file = ["not valid YAML", "missing field", "invalid type"]
                    .iter()
                    .any(|m| e.message.starts_with(m));
                if e.path.is_empty() && !whole_file {
                    let _ = writeln!(failures, "{}: error without a field path: {e}", case.stem);
                }
            }
        }
        if update {
            eprintln!("{}:", case.stem);
            for (g, p) in got.iter().zip(&pointers) {
                eprintln!("    {g}\n{p}");
            }
            let mut text = got.join("\n");
            if !text.is_empty() {
                text.push('\n');
            }
            std::fs::write(&expected_path, text).expect("write .errors");
            continue;
        }
        let expected: Vec<String> = match std::fs::read_to_string(&expected_path) {
            Ok(t) => t.lines().map(str::to_string).collect(),
            Err(_) => {
                let _ = writeln!(
                    failures,
                    "{}: no {}.errors (run with UPDATE_MALFORMED=1 and review it)",
                    case.stem, case.stem
                );
                continue;
            }
        };
        if got != expected {
            let _ = writeln!(
                failures,
                "{}: {} error(s) expected, {} reported",
                case.stem,
                expected.len(),
                got.len()
            );
            for e in expected.iter().filter(|e| !got.contains(e)) {
                let _ = writeln!(failures, "  - {e}");
            }
            for (g, p) in got.iter().zip(&pointers) {
                let mark = if expected.contains(g) { ' ' } else { '+' };
                let _ = writeln!(failures, "  {mark} {g}\n{p}");
            }
        }
    }
    for entry in std::fs::read_dir(corpus()).expect("corpus folder") {
        let name = entry.expect("entry").file_name();
        let name = name.to_string_lossy();
        if let Some(stem) = name.strip_suffix(".errors") {
            if !cases.iter().any(|c| c.stem == stem) {
                let _ = writeln!(failures, "{name}: no case of that name");
            }
        }
    }
    assert!(
        malformed >= MIN_CASES,
        "the corpus has {malformed} malformed cases, at least {MIN_CASES} are required"
    );
    assert!(
        failures.is_empty(),
        "malformed-spec corpus mismatches (- expected, not reported; + reported, not expected):\n{failures}"
    );
}
