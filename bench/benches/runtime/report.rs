//! Configuration from the environment, and the report: figures, ratios against targets, medians
//! and interleaved measurement.

use std::time::{Duration, Instant};

pub(crate) fn env_usize(name: &str, default: usize, quick: usize) -> usize {
    if let Some(v) = std::env::var(name).ok().and_then(|v| v.parse().ok()) {
        return v;
    }
    if std::env::var("VOLC_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0") {
        quick
    } else {
        default
    }
}

#[derive(Default)]
pub(crate) struct Report {
    pub(crate) lines: Vec<String>,
    pub(crate) ok: usize,
    pub(crate) miss: usize,
}

impl Report {
    /// A figure with a target: `ratio <= max` (or `>= min` when `at_least`).
    pub(crate) fn ratio(
        &mut self,
        name: &str,
        ratio: f64,
        target: f64,
        at_least: bool,
        context: String,
    ) {
        let pass = if at_least {
            ratio >= target
        } else {
            ratio <= target
        };
        let (op, verdict) = (if at_least { ">=" } else { "<=" }, self.verdict(pass));
        self.lines.push(format!(
            "{name:<24}{ratio:>8.2}x   target {op} {target:.2}x   {verdict:<4}   {context}"
        ));
    }

    /// A percentage with a target.
    pub(crate) fn percent(
        &mut self,
        name: &str,
        pct: f64,
        target: f64,
        at_least: bool,
        context: String,
    ) {
        let pass = if at_least {
            pct >= target
        } else {
            pct < target
        };
        let (op, verdict) = (if at_least { ">=" } else { "< " }, self.verdict(pass));
        self.lines.push(format!(
            "{name:<24}{pct:>7.1}%    target {op} {target:.1}%   {verdict:<4}   {context}"
        ));
    }

    /// A figure for context only.
    pub(crate) fn info(&mut self, name: &str, value: String, context: String) {
        self.lines.push(format!(
            "{name:<24}{value:>8}    {:<20}   {context}",
            "(info)"
        ));
    }

    pub(crate) fn verdict(&mut self, pass: bool) -> &'static str {
        if pass {
            self.ok += 1;
            "OK"
        } else {
            self.miss += 1;
            "MISS"
        }
    }
}

pub(crate) fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Iterations per timed batch: short enough (about 0.1 to 0.5 ms) that most batches run without
/// being preempted on a loaded machine, so the median round is an undisturbed one.
pub(crate) const BATCH: usize = 100;

/// How long `n` runs of `f` take.
pub(crate) fn timed(n: usize, mut f: impl FnMut()) -> Duration {
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed()
}

/// Medians of two alternately measured figures (ns per iteration) and of their per-round ratio a/b.
pub(crate) struct Pair {
    pub(crate) a_ns: f64,
    pub(crate) b_ns: f64,
    pub(crate) ratio: f64,
}

/// Runs `a` and `b` over `batch` iterations each, alternately (the order flips every round), for
/// `rounds` rounds after one warm-up round. Each closure times its own loop, so setup stays outside.
pub(crate) fn interleave(
    rounds: usize,
    batch: usize,
    mut a: impl FnMut(usize) -> Duration,
    mut b: impl FnMut(usize) -> Duration,
) -> Pair {
    a(batch);
    b(batch);
    let (mut av, mut bv, mut rv) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (ta, tb) = if round % 2 == 0 {
            let ta = a(batch);
            (ta, b(batch))
        } else {
            let tb = b(batch);
            (a(batch), tb)
        };
        let (na, nb) = (
            ta.as_nanos() as f64 / batch as f64,
            tb.as_nanos() as f64 / batch as f64,
        );
        av.push(na);
        bv.push(nb);
        rv.push(na / nb);
    }
    Pair {
        a_ns: median(&mut av),
        b_ns: median(&mut bv),
        ratio: median(&mut rv),
    }
}
