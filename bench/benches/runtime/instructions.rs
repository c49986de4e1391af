//! Instruction counts: the same work as the timed figures, counted by valgrind's callgrind, which
//! counts the same for the same binary and input whatever else the machine is doing.
//!
//! The bench runs itself under callgrind once per probe (`VOLC_BENCH_PROBE=<name>`), with
//! collection on only inside the probe's function, and reads the total from callgrind's output.
//! Client and raw-reqwest calls go to a loopback server in this (parent) process, so only the
//! client side is counted: the calling thread runs a current-thread runtime, and so reqwest's
//! connection tasks too.
//!
//! Callgrind runs no SHA instructions of the CPU (SHA-NI): SHA-256 runs in software there, so
//! signing weighs more in these counts than in the timed figures.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::alloc::SERVER;
use crate::report::Report;
use crate::sign::{bench_client, message, raw_reqwest, with_sign_request, Floor, TOKEN, X_DATE};
use crate::throughput::{drive, runtime, start_fixed_server};
use std::hint::black_box;
use volcengine_openapi::signer::{sign, KeyCache, SignRequest};
use volcengine_rtc::im::SendMessageRequest;
use volcengine_rtc::{Client, Credentials};

/// Iterations per probe.
const SIGN_N: usize = 2_000;
const CALL_N: usize = 500;
/// Calls per probe at 64 in flight.
const CALL_N64: usize = 1_280;

/// Where a probe child is told to send its calls.
const URL_VAR: &str = "VOLC_BENCH_PROBE_URL";

/// In a probe child: runs the probe named by `VOLC_BENCH_PROBE` and answers true.
pub fn run_probe_child() -> bool {
    let Ok(name) = std::env::var("VOLC_BENCH_PROBE") else {
        return false;
    };
    let url = std::env::var(URL_VAR).unwrap_or_default();
    match name.as_str() {
        "sign" | "floor" => sign_probes(&name),
        "prepare" | "prepare_floor" => prepare_probes(&name),
        "client" | "raw" | "client64" | "raw64" => call_probes(&name, &url),
        other => eprintln!("unknown probe {other}"),
    }
    true
}

fn sign_probes(name: &str) {
    let body = serde_json::to_vec(&message(0).client_msg_id(TOKEN)).expect("serialises");
    with_sign_request(&body, |creds, req| {
        let cache = KeyCache::default();
        let floor = Floor::new(creds, req);
        // Warm: the key is derived and the buffers grown before counting.
        black_box(sign(creds, req, &cache));
        if name == "sign" {
            probe_sign(SIGN_N, creds, req, &cache);
        } else {
            probe_floor(SIGN_N, &floor);
        }
    });
}

#[inline(never)]
fn probe_sign(n: usize, creds: &Credentials, req: &SignRequest<'_>, cache: &KeyCache) {
    for _ in 0..n {
        let sig = sign(black_box(creds), black_box(req), cache);
        for h in sig.headers(X_DATE, creds) {
            black_box(h);
        }
    }
}

#[inline(never)]
fn probe_floor(n: usize, floor: &Floor) {
    for _ in 0..n {
        floor.once();
    }
}

fn prepare_probes(name: &str) {
    let client = bench_client("http://127.0.0.1:9");
    let template = message(0);
    let with_token = template.clone().client_msg_id(TOKEN);
    let body = serde_json::to_vec(&with_token).expect("serialises");
    let floor = with_sign_request(&body, Floor::new);
    black_box(client.prepare_signed(template.clone()).expect("prepares"));
    let requests: Vec<SendMessageRequest> =
        std::iter::repeat_n(&template, SIGN_N).cloned().collect();
    if name == "prepare" {
        probe_prepare(&client, requests);
    } else {
        probe_prepare_floor(SIGN_N, &with_token, &floor);
    }
}

#[inline(never)]
fn probe_prepare(client: &Client, requests: Vec<SendMessageRequest>) {
    for r in requests {
        black_box(client.prepare_signed(black_box(r)).expect("prepares"));
    }
}

#[inline(never)]
fn probe_prepare_floor(n: usize, request: &SendMessageRequest, floor: &Floor) {
    for _ in 0..n {
        black_box(serde_json::to_vec(black_box(request)).expect("serialises"));
        floor.once();
    }
}

fn call_probes(name: &str, url: &str) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = bench_client(url);
    let template = message(0);
    let prepared = client.prepare_signed(template.clone()).expect("prepares");
    let raw = raw_reqwest();
    let raw_call = {
        let (raw, url, headers, body) = (
            raw.clone(),
            prepared.url.clone(),
            prepared.headers.clone(),
            prepared.body.clone(),
        );
        move || {
            let rb = raw.post(&url).headers(headers.clone()).body(body.clone());
            async move {
                let resp = rb.send().await.expect("raw send");
                assert_eq!(resp.status(), 200);
                black_box(resp.bytes().await.expect("raw body"));
            }
        }
    };
    let client_call = {
        let client = client.clone();
        move || {
            let (client, req) = (client.clone(), template.clone());
            async move {
                let sent = client.send_message(req).await.expect("client send");
                black_box(sent.message_id);
            }
        }
    };
    let c = if name.ends_with("64") { 64 } else { 1 };
    // Warm: `c` connections open, every lazy initialisation done.
    rt.block_on(drive(20 * c, c, raw_call.clone()));
    rt.block_on(drive(20 * c, c, client_call.clone()));
    let n = if c == 1 { CALL_N } else { CALL_N64 };
    if name.starts_with("client") {
        probe_calls(&rt, n, c, client_call);
    } else {
        probe_calls(&rt, n, c, raw_call);
    }
}

/// Each probe runs in a valgrind process of its own, so one function serves the client's and raw
/// reqwest's calls.
#[inline(never)]
fn probe_calls<F, Fut>(rt: &tokio::runtime::Runtime, n: usize, c: usize, call: F)
where
    F: Fn() -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    rt.block_on(drive(n, c, call));
}

/// Instructions per iteration of probe `name` (`n` iterations), or why it could not be counted.
fn count(
    exe: &Path,
    dir: &Path,
    name: &str,
    function: &str,
    n: usize,
    url: &str,
) -> Result<Count, String> {
    let out = dir.join(format!("callgrind.{name}.out"));
    let status = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--collect-atstart=no")
        .arg(format!(
            "--toggle-collect=runtime::instructions::{function}*"
        ))
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(exe)
        .arg("--bench")
        .env("VOLC_BENCH_PROBE", name)
        .env(URL_VAR, url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    if !status.success() {
        return Err(format!("valgrind exited with {status} for probe {name}"));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let (total, sha) = totals(&text).ok_or_else(|| format!("{}: no totals", out.display()))?;
    if total == 0 {
        return Err(format!("probe {name}: nothing was counted"));
    }
    Ok(Count {
        total: total as f64 / n as f64,
        sha: sha as f64 / n as f64,
    })
}

/// Instructions per iteration: all of them, and those of SHA-256's compression function.
#[derive(Clone, Copy)]
struct Count {
    total: f64,
    sha: f64,
}

impl Count {
    fn outside_sha(self) -> f64 {
        self.total - self.sha
    }
}

/// The total of a callgrind output file, and the self cost of SHA-256's block function in it.
/// Format: `fn=(id) name` opens a function's block (later `fn=(id)` alone); a line of numbers is a
/// cost of the current function, except the one right after a `calls=` line (a call's inclusive
/// cost, which is its callee's).
fn totals(text: &str) -> Option<(u64, u64)> {
    let mut names: std::collections::HashMap<String, String> = Default::default();
    let mut total = None;
    let mut sha = 0u64;
    let mut in_sha = false;
    let mut after_call = false;
    for line in text.lines() {
        if let Some(v) = line
            .strip_prefix("totals:")
            .or_else(|| line.strip_prefix("summary:"))
        {
            total = v.split_whitespace().next()?.parse().ok();
            continue;
        }
        if let Some(rest) = line
            .strip_prefix("fn=")
            .or_else(|| line.strip_prefix("cfn="))
        {
            // `(id) name` defines the id; `(id)` refers to it.
            let name = match rest.split_once(' ') {
                Some((id, name)) => {
                    names.insert(id.to_string(), name.to_string());
                    name.to_string()
                }
                None => names.get(rest).cloned().unwrap_or_default(),
            };
            if line.starts_with("fn=") {
                in_sha = name.contains("sha256::compress") || name.contains("sha256::soft");
            }
            continue;
        }
        if line.starts_with("calls=") {
            after_call = true;
            continue;
        }
        let first = line.split_whitespace().next().unwrap_or("");
        let is_cost = !first.is_empty()
            && first
                .trim_start_matches(['+', '-', '*'])
                .bytes()
                .all(|b| b.is_ascii_digit());
        if is_cost {
            if !after_call && in_sha {
                sha += line
                    .split_whitespace()
                    .nth(1)
                    .and_then(|c| c.parse::<u64>().ok())
                    .unwrap_or(0);
            }
            after_call = false;
        }
    }
    Some((total?, sha))
}

/// The instruction-count figures, beside the timed ones.
pub fn bench_instructions(report: &mut Report) {
    let have_valgrind = Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_valgrind {
        report.info(
            "instructions",
            "SKIP".into(),
            "valgrind is not installed: no instruction counts".into(),
        );
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        report.info(
            "instructions",
            "SKIP".into(),
            "no path to this binary".into(),
        );
        return;
    };
    let dir: PathBuf =
        std::env::temp_dir().join(format!("volc-bench-callgrind-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        report.info(
            "instructions",
            "SKIP".into(),
            format!("{}: {e}", dir.display()),
        );
        return;
    }
    // The loopback server, in this process: the probes count the client side only.
    let server_rt = runtime(SERVER, "probe-server");
    let (url, _stats) = start_fixed_server(&server_rt);

    let counts = (|| -> Result<[Count; 8], String> {
        Ok([
            count(&exe, &dir, "sign", "probe_sign", SIGN_N, &url)?,
            count(&exe, &dir, "floor", "probe_floor", SIGN_N, &url)?,
            count(&exe, &dir, "prepare", "probe_prepare", SIGN_N, &url)?,
            count(
                &exe,
                &dir,
                "prepare_floor",
                "probe_prepare_floor",
                SIGN_N,
                &url,
            )?,
            count(&exe, &dir, "client", "probe_calls", CALL_N, &url)?,
            count(&exe, &dir, "raw", "probe_calls", CALL_N, &url)?,
            count(&exe, &dir, "client64", "probe_calls", CALL_N64, &url)?,
            count(&exe, &dir, "raw64", "probe_calls", CALL_N64, &url)?,
        ])
    })();
    let _ = std::fs::remove_dir_all(&dir);
    drop(server_rt);
    let [sign_i, floor_i, prepare_i, prepare_floor_i, client_i, raw_i, client64_i, raw64_i] =
        match counts {
            Ok(c) => c,
            Err(e) => {
                report.info("instructions", "SKIP".into(), e);
                return;
            }
        };
    report.ratio(
        "sign/floor (instr)",
        sign_i.total / floor_i.total,
        1.25,
        false,
        format!(
            "callgrind: {:.0} vs {:.0} instructions per signature; outside SHA-256's block function (which callgrind runs in software): {:.0} vs {:.0}",
            sign_i.total,
            floor_i.total,
            sign_i.outside_sha(),
            floor_i.outside_sha()
        ),
    );
    report.ratio(
        "prepare/floor (instr)",
        prepare_i.total / prepare_floor_i.total,
        1.5,
        false,
        format!(
            "callgrind: {:.0} vs {:.0} instructions (to_vec + signing floor); outside SHA-256: {:.0} vs {:.0}",
            prepare_i.total,
            prepare_floor_i.total,
            prepare_i.outside_sha(),
            prepare_floor_i.outside_sha()
        ),
    );
    report.percent(
        "raw/client c=64 (instr)",
        raw64_i.outside_sha() / client64_i.outside_sha() * 100.0,
        95.0,
        true,
        format!(
            "the same with 64 calls in flight on one thread: raw reqwest {:.0}, client {:.0} instructions per call outside SHA-256",
            raw64_i.outside_sha(),
            client64_i.outside_sha(),
        ),
    );
    report.percent(
        "raw/client (instr)",
        raw_i.outside_sha() / client_i.outside_sha() * 100.0,
        95.0,
        true,
        format!(
            "callgrind, client side of one sequential call, outside SHA-256: raw reqwest {:.0}, client {:.0} instructions (all: {:.0} vs {:.0}; the client's extra work is serialising, signing and decoding)",
            raw_i.outside_sha(),
            client_i.outside_sha(),
            raw_i.total,
            client_i.total
        ),
    );
}
