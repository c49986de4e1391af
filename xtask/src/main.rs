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
//!   rustdoc with warnings denied, and the packages (`cargo xtask package` alone): `cargo package`,
//!   verified, then `volc-rtc` installed from its package running its demo (`cargo xtask
//!   package-install` alone).

mod bench;
mod checks;
mod codegen_cmd;
mod import;
mod import_page;
mod install;
mod layout;
mod public_api;
mod rules;
mod spec_check;
mod unwraps;

use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Package every published crate (`cargo package`, verified, after removing the copies of
    /// earlier packages that cargo keeps unpacked in its home), then install `volc-rtc` from its
    /// package and run its demo (one of `test`'s checks)
    Package,
    /// Install `volc-rtc` from its package in target/package (after `cargo package`) and run its
    /// demo (one of `test`'s checks)
    PackageInstall,
    /// Check that no hand-written crate calls unwrap/expect outside its tests (one of `test`'s
    /// checks; the exceptions: xtask/unwrap-allow.txt)
    NoUnwrap,
    /// Check the layout rules: no hand-written Rust file over 500 lines outside tests or over 650
    /// at all, no import cycle in codegen/src or runtime/src (one of `test`'s checks; known
    /// breaches being fixed: xtask/rules-allow.txt)
    Rules {
        /// Also print each checked crate's module graph, every import edge
        #[arg(long)]
        graph: bool,
    },
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
        Task::Codegen { check, no_cache } => {
            codegen_cmd::codegen(&root, check, !check && !no_cache)
        }
        Task::Test => checks::run_all(&root),
        Task::Package => checks::package(&root),
        Task::PackageInstall => checks::package_install(&root),
        Task::NoUnwrap => checks::no_unwrap(&root),
        Task::Rules { graph } => checks::rules(&root, graph),
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

/// `cargo xtask public-api [--check]`.
pub(crate) fn public_api(root: &std::path::Path, check: bool) -> ExitCode {
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
