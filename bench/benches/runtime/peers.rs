//! Figure 5 (figure 7 of BENCHMARKS.md): this crate's client against the official Python and
//! Node SDKs, each in a process of its own.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Instant;

use crate::alloc::SERVER;
use crate::report::{median, Report};
use crate::sign::{bench_client, message};
use crate::throughput::{drive, process_cpu_ns, runtime, start_fixed_server};

/// The peer versions measured (installed from PyPI and npm into `target/peers/`).
pub(crate) const PYTHON_SDK: &str = "volcengine==1.0.229";
pub(crate) const NODE_SDK: &str = "@volcengine/openapi@1.36.2";

/// The argument that makes this bench binary the Rust peer (`runtime rust-peer URL CALLS C WARMUP`).
pub(crate) const RUST_PEER_ARG: &str = "rust-peer";

/// The Rust peer: `calls` SendMessage calls through `volcengine_rtc::Client`, `c` in flight (after
/// `warmup` calls), on a runtime as `#[tokio::main]` builds it (multi-threaded, one worker per core).
/// Prints the line the other peers print; cpu_s is the whole process's CPU over the measured calls.
pub(crate) fn rust_peer(args: &[String]) {
    let [url, calls, c, warmup] = args else {
        panic!("usage: runtime {RUST_PEER_ARG} URL CALLS CONCURRENCY WARMUP");
    };
    let num = |s: &String| s.parse::<usize>().expect("a number");
    let (calls, c, warmup) = (num(calls), num(c).max(1), num(warmup));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = bench_client(url);
    let counter = Arc::new(AtomicUsize::new(0));
    let call = move || {
        let (client, i) = (client.clone(), counter.fetch_add(1, Relaxed));
        async move {
            let sent = client.send_message(message(i)).await.expect("client send");
            assert_ne!(sent.message_id, 0, "the answer's Result decodes");
        }
    };
    rt.block_on(drive(warmup, c, call.clone()));
    let (cpu0, t0) = (process_cpu_ns(), Instant::now());
    rt.block_on(drive(calls, c, call));
    let (wall, cpu) = (t0.elapsed().as_secs_f64(), (process_cpu_ns() - cpu0) / 1e9);
    println!(
        "PEER_RESULT peer=rust calls={calls} warmup={warmup} concurrency={c} wall_s={wall:.6} cpu_s={cpu:.6} sdk=volcengine-rtc/{} http=reqwest",
        env!("CARGO_PKG_VERSION")
    );
}

/// A peer that could be installed: how to run its script.
pub(crate) struct Peer {
    pub(crate) name: &'static str,
    pub(crate) program: std::path::PathBuf,
    pub(crate) script: Option<std::path::PathBuf>,
    pub(crate) env: Vec<(&'static str, String)>,
    /// Its measured calls, as a share of the Rust peer's (the Python SDK is slow).
    pub(crate) share: usize,
}

/// The variables a peer process keeps of this one's environment: the rest (cargo's) is cleared, so
/// that every peer runs in a user's ordinary environment (requests, for one, scans the whole
/// environment for proxy settings on every call).
pub(crate) const PEER_ENV: [&str; 4] = ["PATH", "HOME", "LANG", "TMPDIR"];

impl Peer {
    pub(crate) fn command_line(&self, url: &str, calls: usize, c: usize, warmup: usize) -> String {
        let mut parts = vec!["env -i".to_string()];
        parts.extend(
            PEER_ENV
                .iter()
                .filter(|k| std::env::var_os(k).is_some())
                .map(|k| format!("{k}=\"${k}\"")),
        );
        parts.extend(self.env.iter().map(|(k, v)| format!("{k}={v}")));
        parts.push(self.program.display().to_string());
        parts.extend(self.script.iter().map(|s| s.display().to_string()));
        if self.script.is_none() {
            parts.push(RUST_PEER_ARG.into());
        }
        parts.extend([
            url.to_string(),
            calls.to_string(),
            c.to_string(),
            warmup.to_string(),
        ]);
        parts.join(" ")
    }

    /// Runs the peer once; answers its result line's fields.
    pub(crate) fn run(
        &self,
        url: &str,
        calls: usize,
        c: usize,
        warmup: usize,
    ) -> Result<std::collections::HashMap<String, String>, String> {
        let mut cmd = std::process::Command::new(&self.program);
        cmd.args(&self.script);
        if self.script.is_none() {
            cmd.arg(RUST_PEER_ARG);
        }
        cmd.args([
            url.to_string(),
            calls.to_string(),
            c.to_string(),
            warmup.to_string(),
        ]);
        cmd.env_clear();
        for k in PEER_ENV {
            if let Some(v) = std::env::var_os(k) {
                cmd.env(k, v);
            }
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        let out = cmd
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.program.display()))?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
            return Err(format!("{} ({})", out.status, last.unwrap_or("no output")));
        }
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("PEER_RESULT "))
            .ok_or_else(|| "no PEER_RESULT line".to_string())?;
        Ok(line
            .split_whitespace()
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect())
    }
}

/// Runs `cmd` quietly; answers the last line of its error output when it fails.
pub(crate) fn install_step(cmd: &mut std::process::Command) -> Result<(), String> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
    Err(format!(
        "{name} failed ({}): {}",
        out.status,
        last.unwrap_or("no output").trim()
    ))
}

/// `target/` (the cargo target dir this bench binary was built in: target/<profile>/deps/runtime-*).
pub(crate) fn target_dir() -> std::path::PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .filter(|t| t.join("CACHEDIR.TAG").exists())
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// The Python peer: a venv with [`PYTHON_SDK`] under `target/peers/`, made once and reused.
pub(crate) fn python_peer(peers: &std::path::Path) -> Result<Peer, String> {
    let dir = peers.join(format!("python-{}", PYTHON_SDK.replace("==", "-")));
    let python = dir.join("venv/bin/python");
    let marker = dir.join(".installed");
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let system = std::env::var("VOLC_BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
        println!("peers: installing {PYTHON_SDK} into {}", dir.display());
        install_step(
            std::process::Command::new(&system)
                .args(["-m", "venv"])
                .arg(dir.join("venv")),
        )?;
        install_step(std::process::Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            PYTHON_SDK,
        ]))?;
        std::fs::write(&marker, PYTHON_SDK).map_err(|e| e.to_string())?;
    }
    Ok(Peer {
        name: "python",
        program: python,
        script: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/python_peer.py")),
        env: Vec::new(),
        share: 4,
    })
}

/// The Node peer: [`NODE_SDK`] installed with npm under `target/peers/`, once and reused.
pub(crate) fn node_peer(peers: &std::path::Path) -> Result<Peer, String> {
    let dir = peers.join(format!(
        "node-{}",
        NODE_SDK.trim_start_matches('@').replace(['/', '@'], "-")
    ));
    let marker = dir.join(".installed");
    let node = std::env::var("VOLC_BENCH_NODE").unwrap_or_else(|_| "node".into());
    install_step(std::process::Command::new(&node).arg("--version"))?;
    if !marker.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        println!("peers: installing {NODE_SDK} into {}", dir.display());
        install_step(
            std::process::Command::new("npm")
                .arg("install")
                .arg("--prefix")
                .arg(&dir)
                .args([
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",
                    "--loglevel=error",
                    NODE_SDK,
                ]),
        )?;
        std::fs::write(&marker, NODE_SDK).map_err(|e| e.to_string())?;
    }
    Ok(Peer {
        name: "node",
        program: node.into(),
        script: Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("peers/node_peer.js")),
        env: vec![("NODE_PATH", dir.join("node_modules").display().to_string())],
        share: 1,
    })
}

/// The command that reproduces this run's figures: the VOLC_BENCH_ variables it was given.
pub(crate) fn bench_command(only: &str) -> String {
    let mut vars: Vec<String> = std::env::vars()
        .filter(|(k, _)| k.starts_with("VOLC_BENCH_") && k != "VOLC_BENCH_ONLY")
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    vars.sort();
    vars.push(format!("VOLC_BENCH_ONLY={only}"));
    format!(
        "{} cargo bench -p volc-bench --bench runtime",
        vars.join(" ")
    )
}

/// Medians over the rounds of one peer at one concurrency.
#[derive(Default)]
pub(crate) struct PeerFigures {
    pub(crate) rate: Vec<f64>,
    pub(crate) cpu_us: Vec<f64>,
    pub(crate) calls: usize,
    pub(crate) detail: String,
}

pub(crate) fn bench_peers(report: &mut Report, sizes: &[(usize, usize)], rounds: usize) {
    let peers_dir = target_dir().join("peers");
    let rust = Peer {
        name: "rust",
        program: std::env::current_exe().expect("this bench's path"),
        script: None,
        env: Vec::new(),
        share: 1,
    };
    let mut peers = vec![rust];
    let mut not_installed = Vec::new();
    for (name, peer) in [
        ("python", python_peer(&peers_dir)),
        ("node", node_peer(&peers_dir)),
    ] {
        match peer {
            Ok(p) => peers.push(p),
            Err(e) => {
                println!("peers: SKIP {name}: cannot install ({e})");
                not_installed.push((name, e));
            }
        }
    }

    let server_rt = runtime(SERVER, "peer-server");
    let (url, stats) = start_fixed_server(&server_rt);
    let mut figures: Vec<Vec<PeerFigures>> = (0..peers.len())
        .map(|_| sizes.iter().map(|_| PeerFigures::default()).collect())
        .collect();
    let mut failed = vec![None::<String>; peers.len()];
    for round in 0..rounds {
        for (ci, &(c, n)) in sizes.iter().enumerate() {
            // The order of the peers turns every round, so that none is always first.
            for k in 0..peers.len() {
                let pi = (k + round) % peers.len();
                let peer = &peers[pi];
                if failed[pi].is_some() {
                    continue;
                }
                let calls = (n / peer.share).max(1);
                let warmup = (calls / 10).max(4 * c).min(calls);
                if round == 0 {
                    println!(
                        "peers: {} c={c}: {}",
                        peer.name,
                        peer.command_line(&url, calls, c, warmup)
                    );
                }
                let before = stats.snapshot();
                let result = peer.run(&url, calls, c, warmup);
                let after = stats.snapshot();
                let (conns, requests, signed) =
                    (after.0 - before.0, after.1 - before.1, after.2 - before.2);
                let figures = &mut figures[pi][ci];
                let checked = result.and_then(|r| {
                    let field = |k: &str| {
                        r.get(k)
                            .and_then(|v| v.parse::<f64>().ok())
                            .ok_or_else(|| format!("no {k} in its result line"))
                    };
                    let (wall, cpu) = (field("wall_s")?, field("cpu_s")?);
                    let expected = (calls + warmup) as u64;
                    if requests != expected || signed != requests {
                        return Err(format!(
                            "the server saw {requests} requests ({signed} signed), expected {expected} signed"
                        ));
                    }
                    figures.rate.push(calls as f64 / wall);
                    figures.cpu_us.push(cpu * 1e6 / calls as f64);
                    figures.calls = calls;
                    let mut detail: Vec<String> = ["sdk", "http", "python", "node", "keepalive"]
                        .iter()
                        .filter_map(|k| Some(format!("{k}={}", r.get(*k)?)))
                        .collect();
                    detail.push(format!("{conns} connections for {expected} calls"));
                    figures.detail = detail.join(" ");
                    Ok(())
                });
                if let Err(e) = checked {
                    if pi == 0 {
                        panic!("the Rust peer failed: {e}");
                    }
                    println!("peers: SKIP {} (c={c}): {e}", peer.name);
                    failed[pi] = Some(e);
                }
            }
        }
    }
    drop(server_rt);

    // The table: medians over the rounds.
    println!("peers: SendMessage against one loopback server, CPU of the client process only; medians of {rounds} round(s)");
    println!(
        "peers: {:<8}{:>4}{:>8}{:>12}{:>14}   detail",
        "peer", "c", "calls", "calls/s", "CPU us/call"
    );
    let mut medians = vec![vec![None::<(f64, f64)>; sizes.len()]; peers.len()];
    for (pi, peer) in peers.iter().enumerate() {
        for (ci, &(c, _)) in sizes.iter().enumerate() {
            let f = &mut figures[pi][ci];
            if f.rate.is_empty() || failed[pi].is_some() {
                continue;
            }
            let (rate, cpu) = (median(&mut f.rate), median(&mut f.cpu_us));
            medians[pi][ci] = Some((rate, cpu));
            println!(
                "peers: {:<8}{c:>4}{:>8}{rate:>12.0}{cpu:>14.1}   {}",
                peer.name, f.calls, f.detail
            );
        }
    }
    for (pi, peer) in peers.iter().enumerate().skip(1) {
        for (ci, &(c, _)) in sizes.iter().enumerate() {
            let (Some((r_rate, r_cpu)), Some((p_rate, p_cpu))) = (medians[0][ci], medians[pi][ci])
            else {
                report.info(
                    &format!("rust/{} c={c}", peer.name),
                    "SKIP".into(),
                    format!(
                        "{} was not measured: {}",
                        peer.name,
                        failed[pi].as_deref().unwrap_or("no result")
                    ),
                );
                continue;
            };
            report.ratio(
                &format!("rust/{} calls/s c={c}", peer.name),
                r_rate / p_rate,
                1.0,
                true,
                format!(
                    "ahead: rust {r_rate:.0} calls/s, {} {p_rate:.0} calls/s",
                    peer.name
                ),
            );
            report.ratio(
                &format!("{}/rust CPU/call c={c}", peer.name),
                p_cpu / r_cpu,
                1.0,
                true,
                format!(
                    "ahead: rust {r_cpu:.1} us of CPU per call, {} {p_cpu:.1} us",
                    peer.name
                ),
            );
        }
    }
    for (name, e) in not_installed {
        report.info(
            &format!("rust/{name}"),
            "SKIP".into(),
            format!("{name} was not measured: cannot install ({e})"),
        );
    }
    report.info("peers command", String::new(), bench_command("peers"));
}
