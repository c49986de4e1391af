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
use std::time::Duration;

mod build_cost;
mod generator;

use build_cost::build_cost;
use generator::{generator, incremental};

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
pub(super) fn cpu_time() -> Duration {
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

pub(super) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Least-squares line through `points`: (slope, intercept).
pub(super) fn fit(points: &[(f64, f64)]) -> (f64, f64) {
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

pub(super) fn verdict(ok: bool) -> &'static str {
    if ok {
        "OK"
    } else {
        "MISS"
    }
}

/// The build profile the figures come from.
pub(super) fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "dev, with the generator's crates optimised"
    } else {
        "release"
    }
}

/// Copies the directory `from` into `to`, recursively.
pub(super) fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
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

/// Runs every benchmark; answers the number of missed targets.
pub fn run(root: &Path, opts: &Options, runtime: bool) -> Result<usize, String> {
    let mut misses = 0;
    if runtime {
        println!("## Runtime (cargo bench -p volc-bench --bench runtime)");
        let cargo = crate::checks::cargo();
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
