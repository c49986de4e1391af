//! Runtime benchmarks, printed as ratios against floors measured side by side in the same process.
//!
//! The machine is shared and noisy, so absolute times do not hold from run to run; ratios do. Each
//! figure is measured interleaved with its floor (alternating batches, or alternating runs for
//! throughput) and reported as the median of the per-round ratios, with medians of the absolute
//! figures for context.
//!
//! 1. `sign/floor`: `signer::sign` with a key cache plus `Signature::headers`, against SHA-256 of the
//!    body + SHA-256 of as many bytes as the canonical request + one HMAC-SHA256 with a derived key.
//! 2. `prepare/floor`: `Client::prepare_signed` (validation, idempotency token, serialisation,
//!    signing, headers: the client's whole pre-send path) against `serde_json::to_vec` of the same
//!    request plus the signing floor of figure 1 over its bytes.
//! 3. `client/raw`: calls per second of `Client::send_message` against a bare `reqwest::Client`
//!    posting the same bytes with the same headers, to the same loopback server, at 1 and 64 in flight.
//! 4. Memory over many sequential calls to the `FakeServer` (not retaining requests): RSS at 10%, 50%
//!    and 100% of the calls, and bytes and allocations per call, client side and server side apart.
//! 5. `peers` (figure 7): this crate's client against the official Python SDK (PyPI `volcengine`)
//!    and Node SDK (npm `@volcengine/openapi`), installed into `target/peers/` on first use and
//!    scripted by `bench/peers/*`, each in a process of its own (the Rust side is this binary run as
//!    `runtime rust-peer URL CALLS C WARMUP`), against one loopback server in this process: calls
//!    per second and the client process's CPU per call, 1 and 64 in flight. A peer that cannot be
//!    installed or run is skipped with a one-line `SKIP` message.
//!
//! Environment (all optional): `VOLC_BENCH_QUICK=1` (everything small), `VOLC_BENCH_ROUNDS` (sign and
//! prepare rounds of 100 iterations each, 1001), `VOLC_BENCH_CALLS_C1` (5000), `VOLC_BENCH_CALLS_C64` (20000),
//! `VOLC_BENCH_PAIRS` (raw/client run pairs per concurrency, 5), `VOLC_BENCH_MEM_CALLS` (100000),
//! `VOLC_BENCH_PEER_CALLS_C1` (8000), `VOLC_BENCH_PEER_CALLS_C64` (20000; the Python peer makes a
//! quarter of these), `VOLC_BENCH_PEER_ROUNDS` (3), `VOLC_BENCH_PYTHON` (python3), `VOLC_BENCH_NODE`
//! (node), `VOLC_BENCH_ONLY` (comma-separated parts to run: `sign`, `prepare`, `throughput`,
//! `memory`, `peers`, `instructions`).
//!
//! Instruction counts (valgrind's callgrind, when installed) of figures 1 to 3: the same ratios
//! in instructions, which do not move with the machine's load (see `instructions.rs`).

use std::time::Instant;

mod alloc;
mod instructions;
mod memory;
mod peers;
mod prepare;
mod report;
mod sign;
mod throughput;

use memory::bench_memory;
use peers::{bench_command, bench_peers, rust_peer, RUST_PEER_ARG};
use prepare::bench_prepare;
use report::{env_usize, Report};
use sign::bench_sign;
use throughput::bench_throughput;

fn main() {
    // A probe child of the instruction counts (run under callgrind by the parent).
    if instructions::run_probe_child() {
        return;
    }
    // The bench binary is also the Rust peer of the `peers` section, run as a process of its own.
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(RUST_PEER_ARG) {
        rust_peer(&args[2..]);
        return;
    }
    // `cargo bench` passes `--bench`; a filter is not supported.
    let rounds = env_usize("VOLC_BENCH_ROUNDS", 1001, 201);
    let c1 = env_usize("VOLC_BENCH_CALLS_C1", 5_000, 500);
    let c64 = env_usize("VOLC_BENCH_CALLS_C64", 20_000, 2_000);
    let pairs = env_usize("VOLC_BENCH_PAIRS", 5, 3);
    let mem = env_usize("VOLC_BENCH_MEM_CALLS", 100_000, 10_000);
    let peer_c1 = env_usize("VOLC_BENCH_PEER_CALLS_C1", 8_000, 2_000);
    let peer_c64 = env_usize("VOLC_BENCH_PEER_CALLS_C64", 20_000, 4_000);
    let peer_rounds = env_usize("VOLC_BENCH_PEER_ROUNDS", 3, 1);
    let started = Instant::now();

    // `VOLC_BENCH_ONLY=sign,prepare,throughput,memory` runs only those parts (for profiling).
    let only = std::env::var("VOLC_BENCH_ONLY").unwrap_or_default();
    let run = |part: &str| only.is_empty() || only.split(',').any(|p| p.trim() == part);

    // Memory first, so that the peak RSS it reports is its own and not the throughput runs'.
    let mut memory = Report::default();
    if run("memory") {
        bench_memory(&mut memory, mem.max(10));
    }
    let mut report = Report::default();
    if run("sign") {
        bench_sign(&mut report, rounds);
    }
    if run("prepare") {
        bench_prepare(&mut report, rounds);
    }
    if run("throughput") {
        bench_throughput(&mut report, &[(1, c1), (64, c64)], pairs.max(1));
    }
    if run("instructions") {
        instructions::bench_instructions(&mut report);
    }
    if run("peers") {
        bench_peers(
            &mut report,
            &[(1, peer_c1.max(1)), (64, peer_c64.max(64))],
            peer_rounds.max(1),
        );
    }

    report.lines.append(&mut memory.lines);
    report.ok += memory.ok;
    report.miss += memory.miss;
    for line in &report.lines {
        println!("{line}");
    }
    println!(
        "summary: {} OK, {} MISS ({:.1} s)",
        report.ok,
        report.miss,
        started.elapsed().as_secs_f64()
    );
    let parts = [
        "memory",
        "sign",
        "prepare",
        "throughput",
        "instructions",
        "peers",
    ];
    println!("reproduce one part:");
    for part in parts.into_iter().filter(|p| run(p)) {
        println!("  {}", bench_command(part));
    }
}
