//! `cargo xtask codegen [--check] [--no-cache]`: both generated crates (the SDK and the shapes
//! fixture's) from their specs, written or checked.

use std::process::ExitCode;
use std::time::Instant;

use crate::layout;

/// Regenerates (or, with `check`, checks) both generated crates; with `cached`, through the
/// cache in `target/codegen-cache` (see codegen/src/cache.rs).
pub fn codegen(root: &std::path::Path, check: bool, cached: bool) -> ExitCode {
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
