//! `cargo xtask test` (every check and test, what CI runs) and the checks it runs that are xtask's
//! own: no unwrap outside tests, the layout rules, installing from the package.

use std::process::ExitCode;

use crate::{install, rules, unwraps};

/// A check: its name, cargo's arguments, extra environment.
type Step<'a> = (&'a str, Vec<&'a str>, &'a [(&'a str, &'a str)]);

/// `cargo xtask no-unwrap`: no unwrap/expect outside tests in the hand-written crates.
pub fn no_unwrap(root: &std::path::Path) -> ExitCode {
    println!(
        "==> no unwrap/expect outside tests ({})",
        unwraps::CRATES.join(", ")
    );
    match unwraps::check(root) {
        Ok(files) => {
            println!("{files} files checked");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in &problems {
                eprintln!("{p}");
            }
            eprintln!(
                "{} problem(s): return an error instead of unwrapping, or list a call that cannot \
                 fail in xtask/unwrap-allow.txt with the reason",
                problems.len()
            );
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask rules`: the layout rules (file sizes, module cycles; see `rules/mod.rs`).
pub fn rules(root: &std::path::Path, graph: bool) -> ExitCode {
    if graph {
        for src in rules::ACYCLIC {
            match rules::cycles::graph(&root.join(src)) {
                Ok(g) => {
                    println!("{src}:");
                    for (m, to) in &g {
                        let to: Vec<&str> = to.iter().map(|t| rules::cycles::display(t)).collect();
                        println!("  {} -> {}", rules::cycles::display(m), to.join(", "));
                    }
                }
                Err(e) => eprintln!("{src}: {e}"),
            }
        }
    }
    println!(
        "==> layout rules: files at most {} lines ({} in tests), no import cycle in {}",
        rules::sizes::MAX,
        rules::sizes::MAX_TEST,
        rules::ACYCLIC.join(", ")
    );
    match rules::check(root) {
        Ok(f) => {
            for n in &f.notes {
                println!("{n}");
            }
            for p in &f.problems {
                eprintln!("{p}");
            }
            println!(
                "{} files, and {} modules with {} imports between them, checked",
                f.files, f.modules, f.edges
            );
            if f.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                eprintln!(
                    "{} problem(s): split the file by concern, or break the cycle (ARCHITECTURE.md)",
                    f.problems.len()
                );
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("layout rules: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs every check, stopping at the first that fails.
pub fn run_all(root: &std::path::Path) -> ExitCode {
    if crate::codegen_cmd::codegen(root, true, false) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    if crate::public_api(root, true) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    if no_unwrap(root) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    if rules(root, false) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    let steps: Vec<Step> = vec![
        ("rustfmt", vec!["fmt", "--all", "--check"], &[]),
        (
            "clippy",
            vec![
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
        ("tests", vec!["test", "--workspace", "--all-features"], &[]),
        (
            "rustdoc",
            vec!["doc", "--workspace", "--no-deps", "--all-features"],
            &[("RUSTDOCFLAGS", "-D warnings")],
        ),
    ];
    for (name, args, env) in steps {
        if !cargo_step(root, name, &args, env) {
            return ExitCode::FAILURE;
        }
    }
    if package(root) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    println!("all checks passed");
    ExitCode::SUCCESS
}

/// `cargo xtask package`: every published crate packages and its package builds on its own
/// (`cargo package`, verified; VERSIONING.md), then `volc-rtc` installs from its package.
pub fn package(root: &std::path::Path) -> ExitCode {
    match install::clear_unpacked_packages() {
        Ok(0) => {}
        Ok(n) => println!("removed {n} unpacked copies of earlier packages from cargo's home"),
        Err(e) => {
            eprintln!("cannot remove the unpacked copies of earlier packages: {e}");
            return ExitCode::FAILURE;
        }
    }
    let args: Vec<&str> = ["package", "--allow-dirty"]
        .into_iter()
        .chain(crate::public_api::published().flat_map(|p| ["-p", p]))
        .collect();
    if cargo_step(root, "package", &args, &[]) {
        package_install(root)
    } else {
        ExitCode::FAILURE
    }
}

/// The cargo that runs xtask (`$CARGO`), else `cargo`.
pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs `cargo <args>` in `root` with `env` as the step `name`, saying what runs and what failed.
fn cargo_step(root: &std::path::Path, name: &str, args: &[&str], env: &[(&str, &str)]) -> bool {
    println!("==> {name}: cargo {}", args.join(" "));
    let mut cmd = std::process::Command::new(cargo());
    cmd.args(args).current_dir(root);
    for (k, v) in env {
        cmd.env(k, v);
    }
    match cmd.status() {
        Ok(s) if s.success() => true,
        Ok(s) => {
            eprintln!("{name} failed ({s})");
            false
        }
        Err(e) => {
            eprintln!("cannot run cargo for {name}: {e}");
            false
        }
    }
}

/// `cargo xtask package-install`: `volc-rtc` installs from its package and its demo runs.
pub fn package_install(root: &std::path::Path) -> ExitCode {
    println!("==> package-install: cargo install volc-rtc from its package, then its demo");
    match install::run(root, &cargo()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("package-install failed: {e}");
            ExitCode::FAILURE
        }
    }
}
