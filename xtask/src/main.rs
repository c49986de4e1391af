//! `cargo xtask codegen [--check]`: regenerate the `volcengine-rtc` crate from `api-spec/`.
//!
//! - `cargo xtask codegen [--no-cache]` writes the generated files under `generated/src/api/` and
//!   `api-spec/schema/` (only those whose contents changed), and deletes files there that the spec
//!   no longer produces. It is incremental: a file whose inputs did not change since the last run
//!   is taken from `target/codegen-cache/` instead of being emitted and formatted again (see
//!   codegen/src/cache.rs); `--no-cache` emits everything.
//! - `cargo xtask codegen --check` changes nothing and exits non-zero naming each stale file. It
//!   always generates in full, without the cache, so that it is exact by construction.
//! - `cargo xtask spec-check [--deny RULE ...] [--quiet]` loads and checks the spec, printing every
//!   error, then the curation findings of `codegen::lint` (warnings, errors for denied rules).
//! - `cargo xtask bench [--quick] [--no-runtime] [--no-build] [--no-release]` prints every benchmark figure
//!   (see BENCHMARKS.md): the runtime ratios, the generator's speed on synthetic specs and the
//!   generated crate's build cost per action.
//! - `cargo xtask import-page FILE.md [--out FILE] [--family F]` writes a draft action file from a
//!   Volcengine API page (see `import_page.rs`).
//! - `cargo xtask import-go-model --model PATH/model.go --config PATH/config.go --family rtc --out DIR
//!   [--action NAME ...] [--spec DIR] [--types-out FILE]` writes draft action files from the vendor's Go
//!   SDK model, or updates existing ones (see the `importers` crate).
//! - `cargo xtask spec-drift --model PATH/model.go --config PATH/config.go --family rtc [--spec api-spec]`
//!   lists the differences between the model and the spec not recorded in `deviations` (exit 1 if any).
//! - `cargo xtask dedupe-types [--family rtc] [--out FILE] [--write]` moves the object types several
//!   action files define alike into `api-spec/types/<family>.yaml` (rule: importers/src/dedupe.rs).
//! - `cargo xtask test` runs every check and test: the staleness check, rustfmt, clippy with
//!   `-D warnings`, the whole test suite (unit, golden, trybuild, end to end, doc tests), the
//!   packages (`cargo package`, verified), rustdoc with warnings denied, and `volc-rtc` installed
//!   from its package running its demo (`cargo xtask package-install` alone).

mod bench;
mod import;
mod import_page;
mod install;
mod layout;
mod public_api;
mod spec_check;
mod unwraps;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// The project's tasks.
#[derive(clap::Parser, Debug)]
#[command(
    name = "cargo xtask",
    about = "The project's tasks: regenerate, check, test, benchmark, import"
)]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(clap::Subcommand, Debug)]
enum Task {
    /// Regenerate the generated crates and the format's JSON Schemas from the spec
    Codegen {
        /// Change nothing; exit non-zero naming each stale file (always a full generation, the
        /// cache neither read nor written)
        #[arg(long)]
        check: bool,
        /// Emit every file, neither reading nor writing the cache in target/codegen-cache
        #[arg(long)]
        no_cache: bool,
    },
    /// Every check and test (what CI runs)
    Test,
    /// Install `volc-rtc` from its package in target/package (after `cargo package`) and run its
    /// demo (one of `test`'s checks)
    PackageInstall,
    /// Check that no hand-written crate calls unwrap/expect outside its tests (one of `test`'s
    /// checks; the exceptions: xtask/unwrap-allow.txt)
    NoUnwrap,
    /// Write the public-API listings of the published crates (api/*.txt)
    PublicApi {
        /// Change nothing; exit non-zero naming each stale listing
        #[arg(long)]
        check: bool,
    },
    /// Load and check the spec, printing every error, then every curation finding (enum-description,
    /// go-doc-type, same-shape) with a count per rule
    SpecCheck {
        /// Make this rule's findings errors (repeatable; rules already denied are listed in
        /// codegen::lint::DENIED)
        #[arg(long)]
        deny: Vec<String>,
        /// Print only the counts and the errors, not each warning
        #[arg(long)]
        quiet: bool,
    },
    /// Print every benchmark figure beside its target (see BENCHMARKS.md)
    Bench {
        /// A short run (fewer sizes, no release build)
        #[arg(long)]
        quick: bool,
        /// Skip the runtime benchmark
        #[arg(long)]
        no_runtime: bool,
        /// Skip the build-cost measurement
        #[arg(long)]
        no_build: bool,
        /// Skip the release build slope
        #[arg(long)]
        no_release: bool,
        /// The spec sizes of the build-cost measurement (default: 1, the whole spec, and 500
        /// unless --quick), e.g. `--build-sizes 1,60`
        #[arg(long, value_delimiter = ',')]
        build_sizes: Vec<usize>,
    },
    /// Write a draft action file from a Volcengine API page: FILE.md [--out FILE] [--family F]
    ImportPage {
        /// The page and its options (see `cargo xtask import-page --help`)
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Write or update draft action files from an official Go SDK model (see its --help)
    ImportGoModel {
        /// The model, config and options (see `cargo xtask import-go-model --help`)
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// List differences between the spec and an official Go SDK model (see its --help)
    SpecDrift {
        /// The model, config and options (see `cargo xtask spec-drift --help`)
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Move the object types several action files of a family define alike into one shared
    /// types file (the rule: importers/src/dedupe.rs); prints the groups, writes with --write
    DedupeTypes {
        /// The family
        #[arg(long, default_value = "rtc")]
        family: String,
        /// The shared types file (default: api-spec/types/FAMILY.yaml)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Rewrite the action files and the types file (else only report)
        #[arg(long)]
        write: bool,
    },
}

fn main() -> ExitCode {
    let cli = match <Cli as clap::Parser>::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let root = workspace_root();
    match cli.task {
        Task::Codegen { check, no_cache } => codegen(&root, check, !check && !no_cache),
        Task::Test => run_all_checks(&root),
        Task::PackageInstall => package_install(&root),
        Task::NoUnwrap => no_unwrap(&root),
        Task::PublicApi { check } => public_api(&root, check),
        Task::Bench {
            quick,
            no_runtime,
            no_build,
            no_release,
            build_sizes,
        } => {
            let opts = bench::Options {
                generator_sizes: if quick {
                    vec![100, 1000]
                } else {
                    vec![100, 1000, 5000]
                },
                // SendMessage alone, the whole spec, and (full run) a synthetic 500.
                build_sizes: if !build_sizes.is_empty() {
                    build_sizes
                } else {
                    let whole = codegen::load_spec(&root.join("api-spec"))
                        .map(|s| s.families.iter().map(|f| f.actions.len()).sum::<usize>())
                        .unwrap_or(60);
                    if quick {
                        vec![1, whole]
                    } else {
                        vec![1, whole, 500]
                    }
                },
                release: !quick && !no_release,
                build: !no_build,
                quick,
            };
            match bench::run(&root, &opts, !no_runtime) {
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
        Task::ImportPage { args } => import_page::run(&root, &args),
        Task::SpecCheck { deny, quiet } => spec_check::run(&root, &deny, quiet),
        Task::ImportGoModel { args } => import::import_go_model(&args),
        Task::SpecDrift { args } => import::spec_drift(&args, &root),
        Task::DedupeTypes { family, out, write } => dedupe_types(&root, family, out, write),
    }
}

fn dedupe_types(
    root: &std::path::Path,
    family: String,
    out: Option<PathBuf>,
    write: bool,
) -> ExitCode {
    let spec = root.join("api-spec");
    let types_out = out.unwrap_or_else(|| spec.join("types").join(format!("{family}.yaml")));
    let opts = importers::dedupe::DedupeOptions {
        spec,
        family,
        types_out,
        write,
    };
    match importers::dedupe::dedupe(&opts) {
        Ok(report) => {
            for s in &report.shared {
                let members: Vec<String> =
                    s.members.iter().map(|(f, n)| format!("{f}:{n}")).collect();
                println!("{}  <- {}", s.name, members.join(", "));
            }
            println!(
                "{} shared types replace {} local ones in {} action files{}",
                report.shared.len(),
                report.saved() + report.shared.len(),
                report.files.len(),
                if write {
                    ""
                } else {
                    " (dry run: --write to apply)"
                }
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("dedupe-types: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Regenerates (or, with `check`, checks) both generated crates; with `cached`, through the
/// cache in `target/codegen-cache` (see codegen/src/cache.rs).
fn codegen(root: &std::path::Path, check: bool, cached: bool) -> ExitCode {
    let options = codegen::Options {
        cache_dir: cached.then(|| root.join("target/codegen-cache")),
    };
    let started = Instant::now();
    let spec = match codegen::load_spec_cached(&root.join("api-spec"), options.cache_dir.as_deref())
    {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let (files, mut timings) = match codegen::generate_with(&spec, &layout::generated(), &options) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("generation failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut outcome = match codegen::write_or_check(
        root,
        &files,
        &[layout::API_DIR, layout::SCHEMA_DIR],
        check,
    ) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("cannot write the generated files: {e}");
            return ExitCode::FAILURE;
        }
    };
    // The shapes fixture's crate (a second, synthetic service) is generated output too.
    let shapes = codegen::load_spec_cached(
        &root.join(layout::SHAPES_SPEC),
        options.cache_dir.as_deref(),
    )
    .map_err(|e| e.to_string())
    .and_then(|spec| {
        codegen::generate_with(
            &spec,
            &codegen::Layout::sources(layout::SHAPES_CRATE),
            &options,
        )
    });
    let shapes_dir = format!("{}/src", layout::SHAPES_CRATE);
    match shapes.map(|(files, t)| {
        timings.emitted += t.emitted;
        timings.reused += t.reused;
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
        let reused = if cached {
            format!(
                " ({} emitted, {} unchanged from the cache)",
                timings.emitted, timings.reused
            )
        } else {
            String::new()
        };
        println!(
            "generated {actions} actions into {} files in {elapsed:.2?}{reused}",
            files.len()
        );
        ExitCode::SUCCESS
    }
}

/// `cargo xtask public-api [--check]`.
fn public_api(root: &std::path::Path, check: bool) -> ExitCode {
    match public_api::run(root, check) {
        Ok(stale) if stale.is_empty() => {
            println!("the public-API listings are up to date");
            ExitCode::SUCCESS
        }
        Ok(stale) => {
            for f in &stale {
                println!("{} {f}", if check { "stale:" } else { "wrote" });
            }
            if check {
                eprintln!(
                    "the public API changed: run `cargo xtask public-api` and review the diff"
                );
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("public-api: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A check: its name, cargo's arguments, extra environment.
type Step<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);

/// `cargo xtask no-unwrap`: no unwrap/expect outside tests in the hand-written crates.
fn no_unwrap(root: &std::path::Path) -> ExitCode {
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

/// Runs every check, stopping at the first that fails.
fn run_all_checks(root: &std::path::Path) -> ExitCode {
    if codegen(root, true, false) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    if public_api(root, true) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    if no_unwrap(root) != ExitCode::SUCCESS {
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
        // Every published crate packages and its package builds on its own (VERSIONING.md).
        (
            "package",
            &[
                "package",
                "--allow-dirty",
                "-p",
                "volcengine-secret",
                "-p",
                "volcengine-openapi",
                "-p",
                "volcengine-rtc",
                "-p",
                "volcengine-rtc-auth",
                "-p",
                "volcengine-fake",
                "-p",
                "volc-rtc",
            ],
            &[],
        ),
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
    if package_install(root) != ExitCode::SUCCESS {
        return ExitCode::FAILURE;
    }
    println!("all checks passed");
    ExitCode::SUCCESS
}

/// `cargo xtask package-install`: `volc-rtc` installs from its package and its demo runs.
fn package_install(root: &std::path::Path) -> ExitCode {
    println!("==> package-install: cargo install volc-rtc from its package, then its demo");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    match install::run(root, &cargo) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("package-install failed: {e}");
            ExitCode::FAILURE
        }
    }
}
