//! `cargo xtask import-go-model` and `cargo xtask spec-drift`: thin commands over
//! the `importers` crate (the parsing, mapping, merging and comparing live there).
//!
//! ```text
//! cargo xtask import-go-model --model PATH/model.go --config PATH/config.go --family rtc --out DIR
//!     [--action NAME ...] [--spec DIR] [--types-out FILE] [--commit SHA]
//! cargo xtask spec-drift --model PATH/model.go --config PATH/config.go --family rtc
//!     [--spec api-spec] [--action NAME ...]
//! ```
//!
//! Exit status: 0 done (import) or no undocumented drift; 1 undocumented drift; 2 usage or input
//! errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use importers as import;

/// Usage of `import-go-model`.
pub const IMPORT_USAGE: &str = "cargo xtask import-go-model --model PATH/model.go --config PATH/config.go --family rtc --out DIR [--action NAME ...] [--spec DIR] [--types-out FILE] [--commit SHA]";
/// Usage of `spec-drift`.
pub const DRIFT_USAGE: &str = "cargo xtask spec-drift --model PATH/model.go --config PATH/config.go --family rtc [--spec api-spec] [--action NAME ...]";

/// The flags both commands take, parsed by hand: `--name value`, `--action` repeatable.
#[derive(Default)]
struct Flags {
    model: Option<PathBuf>,
    config: Option<PathBuf>,
    family: Option<String>,
    out: Option<PathBuf>,
    spec: Option<PathBuf>,
    types_out: Option<PathBuf>,
    commit: Option<String>,
    actions: Vec<String>,
}

fn parse_flags(args: &[String], allowed: &[&str]) -> Result<Flags, String> {
    let mut f = Flags::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
            _ => (a.as_str(), None),
        };
        if !allowed.contains(&name) {
            return Err(format!("unknown option `{a}`"));
        }
        let value = match inline {
            Some(v) => v,
            None => it
                .next()
                .cloned()
                .ok_or_else(|| format!("`{name}` needs a value"))?,
        };
        match name {
            "--model" => f.model = Some(value.into()),
            "--config" => f.config = Some(value.into()),
            "--family" => f.family = Some(value),
            "--out" => f.out = Some(value.into()),
            "--spec" => f.spec = Some(value.into()),
            "--types-out" => f.types_out = Some(value.into()),
            "--commit" => f.commit = Some(value),
            "--action" => f.actions.push(value),
            _ => unreachable!("checked against `allowed`"),
        }
    }
    Ok(f)
}

fn need<T>(v: Option<T>, name: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("`{name}` is required"))
}

/// `cargo xtask import-go-model ...` (`args` after the command name).
pub fn import_go_model(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!(
            "usage: {IMPORT_USAGE}\n\nNames of nested types:\n{}\n\nread_only: true for actions named {}...",
            import::convert::NAMING_RULES,
            import::convert::READ_ONLY_PREFIXES.join("/")
        );
        return ExitCode::SUCCESS;
    }
    let allowed = [
        "--model",
        "--config",
        "--family",
        "--out",
        "--spec",
        "--types-out",
        "--commit",
        "--action",
    ];
    let opts = match parse_flags(args, &allowed).and_then(|f| {
        Ok(import::ImportOptions {
            model: need(f.model, "--model")?,
            config: need(f.config, "--config")?,
            family: need(f.family, "--family")?,
            out: need(f.out, "--out")?,
            actions: f.actions,
            spec: f.spec,
            types_out: f.types_out,
            commit: f
                .commit
                .unwrap_or_else(|| import::DEFAULT_COMMIT.to_string()),
        })
    }) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}; usage: {IMPORT_USAGE}");
            return ExitCode::from(2);
        }
    };
    match import::import_go_model(&opts) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("import-go-model: {e}");
            ExitCode::from(2)
        }
    }
}

/// `cargo xtask spec-drift ...` (`args` after the command name); `--spec` defaults to the
/// workspace's `api-spec`.
pub fn spec_drift(args: &[String], root: &Path) -> ExitCode {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("usage: {DRIFT_USAGE}");
        return ExitCode::SUCCESS;
    }
    let allowed = ["--model", "--config", "--family", "--spec", "--action"];
    let opts = match parse_flags(args, &allowed).and_then(|f| {
        Ok(import::DriftOptions {
            model: need(f.model, "--model")?,
            config: need(f.config, "--config")?,
            family: need(f.family, "--family")?,
            spec: f.spec.unwrap_or_else(|| root.join("api-spec")),
            actions: f.actions,
        })
    }) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}; usage: {DRIFT_USAGE}");
            return ExitCode::from(2);
        }
    };
    match import::spec_drift(&opts) {
        Ok(report) => {
            println!("{report}");
            if report.undocumented() == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("spec-drift: {e}");
            ExitCode::from(2)
        }
    }
}
