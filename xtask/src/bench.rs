//! `cargo xtask bench`: the generator's speed on synthetic specs and the generated crate's build
//! cost per action. (The runtime's ratios come from `cargo bench -p volc-bench --bench runtime`,
//! which `cargo xtask bench` runs first; they include figure 7, the comparison with the official
//! Python and Node SDKs, which installs them into `target/peers/` or skips those it cannot.)
//!
//! Synthetic specs are made from the real one: the 60 real action files, cycled, each copy renamed
//! (`SendMessage` → `SendMessageCopy3`), with the real service and shared types. So a synthetic
//! action is as big and as varied as a real one.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// What a bench run measures; `--quick` trims both to a smoke run.
pub struct Options {
    /// Synthetic spec sizes for the generator's speed.
    pub generator_sizes: Vec<usize>,
    /// Action counts for the build cost (1 = SendMessage alone, 60 = the real spec).
    pub build_sizes: Vec<usize>,
    /// Also measure release builds.
    pub release: bool,
    /// Measure build cost at all.
    pub build: bool,
    /// A short run: the runtime bench gets `VOLC_BENCH_QUICK=1` too.
    pub quick: bool,
}

/// Builds a spec directory of `n` actions under `dir`, from the real spec at `real`.
/// `n == 1` is SendMessage alone; up to the spec's size it takes real actions in file-name order,
/// SendMessage first; beyond that, renamed copies.
pub fn synthetic_spec(real: &Path, dir: &Path, n: usize) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("types"))?;
    std::fs::copy(real.join("service.yaml"), dir.join("service.yaml"))?;
    for entry in std::fs::read_dir(real.join("types"))? {
        let p = entry?.path();
        if let Some(name) = p.file_name() {
            std::fs::copy(&p, dir.join("types").join(name))?;
        }
    }
    let mut actions: Vec<PathBuf> = Vec::new();
    for family in ["im", "rtc"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(real.join("actions").join(family))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        files.sort();
        actions.extend(files);
    }
    // SendMessage first, so that n = 1 is the seed action alone.
    actions.sort_by_key(|p| !p.ends_with("im/SendMessage.yaml"));
    for i in 0..n {
        let src = &actions[i % actions.len()];
        let copy = i / actions.len();
        let family = src
            .parent()
            .and_then(Path::file_name)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = src
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(src)?;
        let (name, text) = if copy == 0 {
            (stem.clone(), text)
        } else {
            // A renamed copy: its `action` (and `rust_name`, for versions side by side) get a
            // suffix, so that every copy is an action of its own.
            let mut out = String::with_capacity(text.len() + 32);
            for line in text.lines() {
                if let Some(action) = line.strip_prefix("action: ") {
                    out.push_str(&format!("action: {}Copy{copy}", action.trim()));
                } else if let Some(rust) = line.strip_prefix("rust_name: ") {
                    out.push_str(&format!("rust_name: {}_copy{copy}", rust.trim()));
                } else {
                    out.push_str(line);
                }
                out.push('\n');
            }
            (format!("{stem}Copy{copy}"), out)
        };
        let out = dir.join("actions").join(&family);
        std::fs::create_dir_all(&out)?;
        std::fs::write(out.join(format!("{name}.yaml")), text)?;
    }
    Ok(())
}

/// Process CPU time (user + system) of this process so far.
fn cpu_time() -> Duration {
    // /proc/self/stat fields 14 and 15: utime and stime in clock ticks (100 per second on Linux).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

/// One generator run: load + check, emit + format, write into a scratch root.
struct GenRun {
    actions: usize,
    load: Duration,
    emit: Duration,
    write: Duration,
    cpu: Duration,
    phases: codegen::Timings,
}

impl GenRun {
    fn total(&self) -> Duration {
        self.load + self.emit + self.write
    }
}

fn generator_run(spec_dir: &Path, out_root: &Path) -> Result<GenRun, String> {
    let cpu0 = cpu_time();
    let t0 = Instant::now();
    let spec = codegen::load_spec(spec_dir).map_err(|e| e.to_string())?;
    let t1 = Instant::now();
    let (files, phases) = codegen::generate_with(
        &spec,
        &crate::layout::generated(),
        &codegen::Options::default(),
    )?;
    let t2 = Instant::now();
    let _ = std::fs::remove_dir_all(out_root);
    codegen::write_or_check(out_root, &files, &[crate::layout::API_DIR], false)
        .map_err(|e| e.to_string())?;
    let t3 = Instant::now();
    Ok(GenRun {
        actions: spec.families.iter().map(|f| f.actions.len()).sum(),
        load: t1 - t0,
        emit: t2 - t1,
        write: t3 - t2,
        cpu: cpu_time().saturating_sub(cpu0),
        phases,
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Least-squares line through `points`: (slope, intercept).
fn fit(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    let (sx, sy) = points
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / n, sy / n);
    let sxx: f64 = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
    let sxy: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (slope, my - slope * mx)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "OK"
    } else {
        "MISS"
    }
}

/// Generator speed: the real spec and synthetic ones; answers the number of missed targets.
pub fn generator(root: &Path, opts: &Options) -> Result<usize, String> {
    let scratch = root.join("target/xtask-bench");
    let real = root.join("api-spec");
    println!(
        "\n## Generator speed (load + check + emit + format + write; this binary's profile: {})",
        profile()
    );
    println!(
        "{:>7} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9} {:>12}",
        "actions",
        "load ms",
        "emit ms",
        "write ms",
        "total ms",
        "cpu ms",
        "ms/action",
        "x per-action@first"
    );
    let mut misses = 0;
    let mut first_per_action = None;
    let mut phase_rows: Vec<(String, GenRun)> = Vec::new();
    let mut runs: Vec<(String, PathBuf)> = vec![("real".into(), real.clone())];
    for n in &opts.generator_sizes {
        let dir = scratch.join(format!("spec-{n}"));
        synthetic_spec(&real, &dir, *n).map_err(|e| format!("synthetic spec: {e}"))?;
        runs.push((format!("{n}"), dir));
    }
    for (label, dir) in &runs {
        // Best of three: the machine is shared; the minimum is the least disturbed run.
        let mut best: Option<GenRun> = None;
        for _ in 0..3 {
            let r = generator_run(dir, &scratch.join("out"))?;
            if best.as_ref().is_none_or(|b| r.total() < b.total()) {
                best = Some(r);
            }
        }
        let Some(r) = best else { continue };
        let per_action = ms(r.total()) / r.actions.max(1) as f64;
        let growth = match (label.as_str(), first_per_action) {
            ("real", _) => String::from("-"),
            (_, None) => {
                first_per_action = Some(per_action);
                String::from("1.00x")
            }
            (_, Some(f)) => format!("{:.2}x", per_action / f),
        };
        println!(
            "{:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>10.0} {:>9.3} {:>12}   ({label})",
            r.actions,
            ms(r.load),
            ms(r.emit),
            ms(r.write),
            ms(r.total()),
            ms(r.cpu),
            per_action,
            growth
        );
        if r.actions == 1000 {
            let ok = r.total() < Duration::from_millis(500);
            misses += usize::from(!ok);
            println!(
                "generator/1000 actions  {:.0} ms   target < 500 ms   {}",
                ms(r.total()),
                verdict(ok)
            );
        }
        phase_rows.push((label.clone(), r));
    }
    println!(
        "(growth: ms per action relative to the smallest synthetic spec; ~1.00x means linear)"
    );
    println!(
        "\nWhere the emit time went (the same best runs; per-file phases summed over threads):"
    );
    println!(
        "{:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}",
        "actions", "lower ms", "tokens ms", "parse ms", "print ms", "other ms", "emit wall ms"
    );
    for (label, r) in &phase_rows {
        let p = &r.phases;
        let other = p.key + p.cache_io;
        println!(
            "{:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>11.1}   ({label})",
            r.actions,
            ms(p.lower),
            ms(p.tokens),
            ms(p.parse),
            ms(p.print),
            ms(other),
            ms(p.emit_wall)
        );
    }
    Ok(misses)
}

/// Incremental regeneration: the whole real spec, with a warm cache, after one action file
/// changed (SendMessage's description); answers the number of missed targets.
pub fn incremental(root: &Path) -> Result<usize, String> {
    let scratch = root.join("target/xtask-bench/incremental");
    let spec_dir = scratch.join("api-spec");
    let out = scratch.join("out");
    let options = codegen::Options {
        cache_dir: Some(scratch.join("cache")),
    };
    let _ = std::fs::remove_dir_all(&scratch);
    copy_dir(&root.join("api-spec"), &spec_dir).map_err(|e| format!("copying the spec: {e}"))?;
    let run = |spec_dir: &Path, options: &codegen::Options| {
        let t0 = Instant::now();
        let spec = codegen::load_spec_cached(spec_dir, options.cache_dir.as_deref())
            .map_err(|e| e.to_string())?;
        let t1 = Instant::now();
        let (files, phases) = codegen::generate_with(&spec, &crate::layout::generated(), options)?;
        let t2 = Instant::now();
        let outcome = codegen::write_or_check(&out, &files, &[crate::layout::API_DIR], false)
            .map_err(|e| e.to_string())?;
        let t3 = Instant::now();
        Ok::<_, String>((files, phases, outcome, [t1 - t0, t2 - t1, t3 - t2]))
    };
    // The first run fills the cache and the output directory.
    run(&spec_dir, &options)?;
    let action = spec_dir.join("actions/im/SendMessage.yaml");
    let original = std::fs::read_to_string(&action).map_err(|e| e.to_string())?;
    println!(
        "\n## Incremental regeneration (the whole real spec, warm cache, after one action file changed)"
    );
    let mut best: Option<(Duration, [Duration; 3], codegen::Timings, usize)> = None;
    let mut identical = true;
    for round in 0..5 {
        // A new description each round, so that each run sees a change.
        let edited = original.replacen(
            "description:\n  zh: ",
            &format!("description:\n  zh: 第 {round} 次修改。"),
            1,
        );
        std::fs::write(&action, &edited).map_err(|e| e.to_string())?;
        let (files, phases, outcome, times) = run(&spec_dir, &options)?;
        let total: Duration = times.iter().sum();
        // Exact: the same files as a full generation of the edited spec.
        let spec = codegen::load_spec(&spec_dir).map_err(|e| e.to_string())?;
        identical &= codegen::generate(&spec, &crate::layout::generated())? == files;
        if best.as_ref().is_none_or(|b| total < b.0) {
            best = Some((total, times, phases, outcome.stale.len()));
        }
    }
    let Some((total, [load, emit, write], p, written)) = best else {
        return Ok(0);
    };
    println!(
        "load {:.1} ms, emit {:.1} ms ({} emitted, {} from the cache; lower {:.1}, hash {:.1}, tokens {:.1}, parse {:.1}, print {:.1}, cache {:.1}), write {:.1} ms ({written} written)",
        ms(load),
        ms(emit),
        p.emitted,
        p.reused,
        ms(p.lower),
        ms(p.key),
        ms(p.tokens),
        ms(p.parse),
        ms(p.print),
        ms(p.cache_io),
        ms(write),
    );
    let ok = total < Duration::from_millis(100) && identical;
    println!(
        "generator/incremental one action changed  {:.0} ms   target < 100 ms   {}{}",
        ms(total),
        verdict(ok),
        if identical {
            ""
        } else {
            "   (NOT identical to a full generation)"
        }
    );
    Ok(usize::from(!ok))
}

fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "dev, with the generator's crates optimised"
    } else {
        "release"
    }
}

/// The generated crate's clean build time with `n` actions, debug and release.
pub fn build_cost(root: &Path, opts: &Options) -> Result<usize, String> {
    let scratch = root.join("target/xtask-bench/build");
    let ws = scratch.join("ws");
    let target = scratch.join("target");
    make_workspace(root, &ws)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
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

/// A scratch workspace holding the generated crate's manifest (its sources are written per run),
/// a copy of the runtime crate it depends on, the real workspace's dependency table and lock file.
fn make_workspace(root: &Path, ws: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| format!("scratch workspace: {e}");
    let _ = std::fs::remove_dir_all(ws.join("generated/src"));
    let _ = std::fs::remove_dir_all(ws.join("runtime"));
    std::fs::create_dir_all(ws.join("generated/src")).map_err(io)?;
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(io)?;
    // Keep [workspace.package], [workspace.dependencies] and the profiles; two members.
    let mut out =
        String::from("[workspace]\nresolver = \"2\"\nmembers = [\"generated\", \"runtime\"]\n");
    let mut keep = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            keep = line.starts_with("[workspace.package]")
                || line.starts_with("[workspace.dependencies]")
                || line.starts_with("[profile");
        }
        let other_member = ["codegen", "volcengine-rtc", "volcengine-fake"]
            .iter()
            .any(|m| line.starts_with(m));
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
    copy_dir(&root.join("runtime"), &ws.join("runtime")).map_err(io)?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let p = entry?.path();
        let Some(name) = p.file_name() else { continue };
        if p.is_dir() {
            copy_dir(&p, &to.join(name))?;
        } else {
            std::fs::copy(&p, to.join(name))?;
        }
    }
    Ok(())
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

/// Runs every benchmark; answers the number of missed targets.
pub fn run(root: &Path, opts: &Options, runtime: bool) -> Result<usize, String> {
    let mut misses = 0;
    if runtime {
        println!("## Runtime (cargo bench -p volc-bench --bench runtime)");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut child = Command::new(&cargo)
            .args(["bench", "-p", "volc-bench", "--bench", "runtime"])
            .current_dir(root)
            .envs(opts.quick.then_some(("VOLC_BENCH_QUICK", "1")))
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run cargo bench: {e}"))?;
        // Echo the bench's lines as they come, counting the figures that miss their target.
        if let Some(out) = child.stdout.take() {
            use std::io::BufRead;
            for line in std::io::BufReader::new(out).lines() {
                let line = line.map_err(|e| format!("reading the bench's output: {e}"))?;
                println!("{line}");
                if line.contains(" MISS ") || line.ends_with(" MISS") {
                    misses += 1;
                }
            }
        }
        let status = child
            .wait()
            .map_err(|e| format!("cannot run cargo bench: {e}"))?;
        if !status.success() {
            return Err(format!("the runtime bench failed ({status})"));
        }
    }
    misses += generator(root, opts)?;
    misses += incremental(root)?;
    if opts.build {
        misses += build_cost(root, opts)?;
    }
    Ok(misses)
}
