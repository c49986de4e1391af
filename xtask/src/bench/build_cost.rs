//! The generated crate's build cost per action: a scratch workspace with a synthetic API of each
//! size, built clean.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::{copy_dir, fit, synthetic_spec, verdict, Options};

/// The generated crate's clean build time with `n` actions, debug and release.
pub fn build_cost(root: &Path, opts: &Options) -> Result<usize, String> {
    let scratch = root.join("target/xtask-bench/build");
    let ws = scratch.join("ws");
    let target = scratch.join("target");
    make_workspace(root, &ws)?;
    let cargo = crate::checks::cargo();
    let mut profiles = vec![("debug", false)];
    if opts.release {
        profiles.push(("release", true));
    }
    println!("\n## Build cost of the generated crate (clean build of volcengine-rtc alone, dependencies prebuilt)");
    let mut misses = 0;
    for (name, release) in &profiles {
        let mut points = Vec::new();
        for n in &opts.build_sizes {
            write_api(root, &ws, *n)?;
            // The first round also builds the dependencies (not counted); of the other two, the
            // faster counts.
            let mut best = None;
            for round in 0..3 {
                let mut clean = Command::new(&cargo);
                clean
                    .args(["clean", "-p", "volcengine-rtc"])
                    .current_dir(&ws)
                    .env("CARGO_TARGET_DIR", &target);
                if *release {
                    clean.arg("--release");
                }
                run_quiet(clean)?;
                let mut build = Command::new(&cargo);
                build
                    .args(["build", "--offline", "-p", "volcengine-rtc", "--lib"])
                    .current_dir(&ws)
                    // As a dependency is built: from scratch, not incrementally.
                    .env("CARGO_INCREMENTAL", "0")
                    .env("CARGO_TARGET_DIR", &target);
                if *release {
                    build.arg("--release");
                }
                let t = Instant::now();
                run_quiet(build)?;
                let took = t.elapsed();
                if round > 0 && best.is_none_or(|b| took < b) {
                    best = Some(took);
                }
            }
            let took = best.unwrap_or_default();
            println!("{name:>7}: {n:>4} actions  {:>8.2} s", took.as_secs_f64());
            points.push((*n as f64, took.as_secs_f64() * 1e3));
        }
        let (slope, intercept) = fit(&points);
        let ok = slope <= 25.0;
        if !*release {
            misses += usize::from(!ok);
        }
        println!(
            "build/{name} per action  {slope:.1} ms/action (intercept {intercept:.0} ms){}",
            if *release {
                String::from("   (no target for release)")
            } else {
                format!("   target <= 25 ms/action   {}", verdict(ok))
            }
        );
        if let (Some(one), Some(sixty)) = (
            points.iter().find(|(x, _)| *x == 1.0),
            points.iter().find(|(x, _)| *x == 60.0),
        ) {
            println!(
                "build/{name} SendMessage alone {:.2} s, all 60 {:.2} s: {:.1} ms per added action",
                one.1 / 1e3,
                sixty.1 / 1e3,
                (sixty.1 - one.1) / 59.0
            );
        }
    }
    Ok(misses)
}

fn run_quiet(mut cmd: Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{:?} failed: {}",
            cmd.get_args().collect::<Vec<_>>(),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The crates the generated crate builds on, copied into the scratch workspace as members.
const BASE_CRATES: &[&str] = &["runtime", "secret", "auth"];

/// A scratch workspace holding the generated crate's manifest (its sources are written per run),
/// copies of the crates it depends on, the real workspace's dependency table and lock file.
fn make_workspace(root: &Path, ws: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| format!("scratch workspace: {e}");
    let _ = std::fs::remove_dir_all(ws.join("generated/src"));
    for dir in BASE_CRATES {
        let _ = std::fs::remove_dir_all(ws.join(dir));
    }
    std::fs::create_dir_all(ws.join("generated/src")).map_err(io)?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(io)?;
    // Keep [workspace.package], [workspace.dependencies] and the profiles; the members above.
    let members: Vec<String> = std::iter::once("generated")
        .chain(BASE_CRATES.iter().copied())
        .map(|m| format!("{m:?}"))
        .collect();
    let mut out = format!(
        "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        members.join(", ")
    );
    let mut keep = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            keep = line.starts_with("[workspace.package]")
                || line.starts_with("[workspace.dependencies]")
                || line.starts_with("[workspace.lints")
                || line.starts_with("[profile");
        }
        // The workspace's own crates that the scratch one does not hold.
        let key = line.split(['=', ' ', '.']).next().unwrap_or_default();
        let other_member =
            ["codegen", "importers", "volcengine-rtc", "volcengine-fake"].contains(&key);
        if keep && !other_member {
            out.push_str(line);
            out.push('\n');
        }
    }
    std::fs::write(ws.join("Cargo.toml"), out).map_err(io)?;
    std::fs::copy(root.join("Cargo.lock"), ws.join("Cargo.lock")).map_err(io)?;
    std::fs::copy(
        root.join("generated/Cargo.toml"),
        ws.join("generated/Cargo.toml"),
    )
    .map_err(io)?;
    for dir in BASE_CRATES {
        copy_dir(&root.join(dir), &ws.join(dir)).map_err(io)?;
        // Their dev-dependencies may name crates the scratch workspace does not hold.
        let path = ws.join(dir).join("Cargo.toml");
        let text = std::fs::read_to_string(&path).map_err(io)?;
        std::fs::write(&path, without_dev_dependencies(&text)).map_err(io)?;
    }
    Ok(())
}

/// A manifest without its `[dev-dependencies]`, examples, tests and benches (none is built here).
fn without_dev_dependencies(manifest: &str) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            skip = line.starts_with("[dev-dependencies")
                || line.starts_with("[[example]]")
                || line.starts_with("[[test]]")
                || line.starts_with("[[bench]]");
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Generates the api module for `n` actions into the scratch workspace.
fn write_api(root: &Path, ws: &Path, n: usize) -> Result<(), String> {
    let spec_dir = root.join(format!("target/xtask-bench/build/spec-{n}"));
    synthetic_spec(&root.join("api-spec"), &spec_dir, n).map_err(|e| e.to_string())?;
    let spec = codegen::load_spec(&spec_dir).map_err(|e| e.to_string())?;
    let files: Vec<_> = codegen::generate(&spec, &crate::layout::generated())?
        .into_iter()
        .filter(|f| f.path.starts_with(crate::layout::API_DIR))
        .collect();
    // The scratch crate lives at ws/generated, like the real one at root/generated.
    codegen::write_or_check(ws, &files, &[crate::layout::API_DIR], false)
        .map_err(|e| e.to_string())?;
    Ok(())
}
