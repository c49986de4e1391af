//! `cargo xtask codegen [--check]`: regenerate the `volcengine-rtc` crate from `api-spec/`.
//!
//! - `cargo xtask codegen` writes the generated files under `generated/src/api/` and
//!   `api-spec/schema/`, and deletes files there that the spec no longer produces.
//! - `cargo xtask codegen --check` changes nothing and exits non-zero naming each stale file.
//! - `cargo xtask spec-check` only loads and checks the spec, printing every error.
//! - `cargo xtask bench [--quick] [--no-runtime] [--no-build] [--no-release]` prints every benchmark figure
//!   (see BENCHMARKS.md): the runtime ratios, the generator's speed on synthetic specs and the
//!   generated crate's build cost per action.
//! - `cargo xtask import-page FILE.md [--out FILE] [--family F]` writes a draft action file from a
//!   Volcengine API page (see `import_page.rs`).
//! - `cargo xtask import-go-model --model PATH/model.go --config PATH/config.go --family rtc --out DIR
//!   [--action NAME ...] [--spec DIR] [--types-out FILE]` writes draft action files from the vendor's Go
//!   SDK model, or updates existing ones (see `codegen::import`).
//! - `cargo xtask spec-drift --model PATH/model.go --config PATH/config.go --family rtc [--spec api-spec]`
//!   lists the differences between the model and the spec not recorded in `deviations` (exit 1 if any).
//! - `cargo xtask test` runs every check and test: the staleness check, rustfmt, clippy with
//!   `-D warnings`, the whole test suite (unit, golden, trybuild, end to end, doc tests) and rustdoc
//!   with warnings denied.

mod bench;
mod import;
mod import_page;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("codegen") => {
            let check = args.iter().any(|a| a == "--check");
            if let Some(bad) = args.iter().skip(1).find(|a| *a != "--check") {
                eprintln!("unknown option `{bad}`; usage: cargo xtask codegen [--check]");
                return ExitCode::from(2);
            }
            codegen(&root, check)
        }
        Some("test") => run_all_checks(&root),
        Some("bench") => {
            let flag = |f: &str| args.iter().any(|a| a == f);
            if let Some(bad) = args.iter().skip(1).find(|a| {
                !["--quick", "--no-runtime", "--no-build", "--no-release"].contains(&a.as_str())
            }) {
                eprintln!("unknown option `{bad}`; usage: cargo xtask bench [--quick] [--no-runtime] [--no-build] [--no-release]");
                return ExitCode::from(2);
            }
            let quick = flag("--quick");
            let opts = bench::Options {
                generator_sizes: if quick {
                    vec![100, 1000]
                } else {
                    vec![100, 1000, 5000]
                },
                build_sizes: if quick { vec![1, 60] } else { vec![1, 60, 300] },
                release: !quick && !flag("--no-release"),
                build: !flag("--no-build"),
            };
            match bench::run(&root, &opts, !flag("--no-runtime")) {
                Ok(0) => {
                    println!("\nevery figure met its target");
                    ExitCode::SUCCESS
                }
                Ok(n) => {
                    println!("\n{n} figure(s) missed a target (see MISS above)");
                    ExitCode::FAILURE
                }
                Err(e) => {
                    eprintln!("bench failed: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("import-page") => import_page::run(&root, &args[1..]),
        Some("spec-check") => match codegen::load_spec(&root.join("api-spec")) {
            Ok(spec) => {
                let n: usize = spec.families.iter().map(|f| f.actions.len()).sum();
                println!("spec OK: {n} actions in {} files", spec.files.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Some("import-go-model") => import::import_go_model(&args[1..]),
        Some("spec-drift") => import::spec_drift(&args[1..], &root),
        _ => {
            eprintln!(
                "usage: cargo xtask codegen [--check] | cargo xtask test | cargo xtask spec-check | cargo xtask bench [--quick] | cargo xtask import-page FILE.md [--out FILE] [--family FAMILY]\n       {}\n       {}",
                import::IMPORT_USAGE,
                import::DRIFT_USAGE
            );
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

fn codegen(root: &std::path::Path, check: bool) -> ExitCode {
    let started = Instant::now();
    let spec = match codegen::load_spec(&root.join("api-spec")) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let files = match codegen::generate(&spec) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("generation failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut outcome = match codegen::write_or_check(
        root,
        &files,
        &[codegen::emit::API_DIR, codegen::emit::SCHEMA_DIR],
        check,
    ) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("cannot write the generated files: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The shapes fixture's crate (a second, synthetic service) is generated output too.
    let shapes = codegen::load_spec(&root.join(codegen::emit::SHAPES_SPEC))
        .map_err(|e| e.to_string())
        .and_then(|spec| codegen::emit::generate_into(&spec, codegen::emit::SHAPES_CRATE, false));
    let shapes_dir = format!("{}/src", codegen::emit::SHAPES_CRATE);
    match shapes.map(|files| {
        codegen::write_or_check(root, &files, &[shapes_dir.as_str()], check)
            .map_err(|e| e.to_string())
    }) {
        Ok(Ok(o)) => {
            outcome.stale.extend(o.stale);
            outcome.extra.extend(o.extra);
        }
        Ok(Err(e)) | Err(e) => {
            eprintln!("the shapes fixture: {e}");
            return ExitCode::FAILURE;
        }
    }
    let elapsed = started.elapsed();
    let actions: usize = spec.families.iter().map(|f| f.actions.len()).sum();
    if check {
        if outcome.is_clean() {
            println!("generated code is up to date ({actions} actions, {} files, checked in {elapsed:.2?})", files.len());
            ExitCode::SUCCESS
        } else {
            for f in &outcome.stale {
                eprintln!("stale: {f}");
            }
            for f in &outcome.extra {
                eprintln!("no longer generated: {f}");
            }
            eprintln!("the generated code is out of date: run `cargo xtask codegen`");
            ExitCode::FAILURE
        }
    } else {
        for f in &outcome.stale {
            println!("wrote {f}");
        }
        for f in &outcome.extra {
            println!("deleted {f}");
        }
        println!(
            "generated {actions} actions into {} files in {elapsed:.2?}",
            files.len()
        );
        ExitCode::SUCCESS
    }
}

/// A check: its name, cargo's arguments, extra environment.
type Step<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

/// Runs every check, stopping at the first that fails.
fn run_all_checks(root: &std::path::Path) -> ExitCode {
    if codegen(root, true) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let steps: &[Step] = &[
        ("rustfmt", &["fmt", "--all", "--check"], &[]),
        (
            "clippy",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        ),
        ("tests", &["test", "--workspace", "--all-features"], &[]),
        (
            "rustdoc",
            &["doc", "--workspace", "--no-deps", "--all-features"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        ),
    ];
    for (name, args, env) in steps {
        println!("==> {name}: cargo {}", args.join(" "));
        let mut cmd = std::process::Command::new(&cargo);
        cmd.args(*args).current_dir(root);
        for (k, v) in *env {
            cmd.env(k, v);
        }
        match cmd.status() {
            Ok(s) if s.success() => {}
            Ok(s) => {
                eprintln!("{name} failed ({s})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("cannot run cargo for {name}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("all checks passed");
    ExitCode::SUCCESS
}
