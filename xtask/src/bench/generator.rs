//! The generator's figures: its speed on the real spec and on synthetic ones (how it scales with
//! the number of actions), and an incremental run after one action file changed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{copy_dir, cpu_time, ms, profile, synthetic_spec, verdict, Options};

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
