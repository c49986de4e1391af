//! `cargo xtask spec-check [--deny RULE ...] [--quiet]`: loads and checks the spec (every error,
//! located), then runs the curation rules of `codegen::lint` and prints each finding with its file,
//! line, column and field path, and a count per rule. Findings of the rules in
//! `codegen::lint::DENIED`, or named with `--deny`, fail the command; the others are warnings.

use std::path::Path;
use std::process::ExitCode;

use codegen::lint::{lint, Rule, DENIED};

/// Runs the check; `deny` names more rules whose findings are errors.
pub fn run(root: &Path, deny: &[String], quiet: bool) -> ExitCode {
    let mut denied: Vec<Rule> = DENIED.to_vec();
    for name in deny {
        match Rule::from_name(name) {
            Some(r) => denied.push(r),
            None => {
                let known: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                eprintln!("unknown rule `{name}` (rules: {})", known.join(", "));
                return ExitCode::from(2);
            }
        }
    }
    let spec_dir = root.join("api-spec");
    let spec = match codegen::load_spec(&spec_dir) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let n: usize = spec.families.iter().map(|f| f.actions.len()).sum();
    let findings = lint(&spec_dir, &spec);
    let mut failed = false;
    for f in &findings {
        let level = if denied.contains(&f.rule) {
            failed = true;
            "error"
        } else {
            "warning"
        };
        if !quiet || level == "error" {
            println!("{level}: {f}");
        }
    }
    println!("spec OK: {n} actions in {} files", spec.files.len());
    for rule in Rule::ALL {
        let count = findings.iter().filter(|f| f.rule == rule).count();
        let level = if denied.contains(&rule) {
            "error"
        } else {
            "warning"
        };
        println!("{rule}: {count} finding(s) ({level})");
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
