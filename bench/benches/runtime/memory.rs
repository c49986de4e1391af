//! Figure 4: memory over many sequential calls to the fake server.

use std::hint::black_box;
use std::sync::atomic::Ordering::Relaxed;
use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::{Client, RateLimit};

use crate::alloc::{counted, CLIENT, COUNTING, SERVER};
use crate::report::Report;
use crate::sign::message;
use crate::throughput::runtime;

/// (VmHWM, VmRSS) in KiB.
pub(crate) fn rss() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

pub(crate) struct Checkpoint {
    pub(crate) calls: usize,
    pub(crate) hwm: u64,
    pub(crate) rss: u64,
    pub(crate) client: (u64, u64),
    pub(crate) server: (u64, u64),
}

pub(crate) fn bench_memory(report: &mut Report, total: usize) {
    let server_rt = runtime(SERVER, "fake-server");
    let client_rt = runtime(CLIENT, "fake-client");
    let fake = server_rt
        .block_on(FakeServer::start(volcengine_rtc::actions()))
        .expect("fake server");
    fake.retain_requests(false);
    let client = Client::builder()
        .credentials(test_credentials())
        .endpoint(fake.url())
        .rate_limit(RateLimit::Off)
        .build()
        .expect("client");
    let marks = [total / 10, total / 2, total];
    COUNTING.store(true, Relaxed);
    let checkpoints = client_rt.block_on(async move {
        tokio::spawn(async move {
            let mut out = Vec::new();
            for i in 0..total {
                let sent = client
                    .send_message(message(i))
                    .await
                    .expect("send to the fake server");
                black_box(sent.message_id);
                if marks.contains(&(i + 1)) {
                    let (hwm, rss) = rss();
                    out.push(Checkpoint {
                        calls: i + 1,
                        hwm,
                        rss,
                        client: counted(CLIENT),
                        server: counted(SERVER),
                    });
                }
            }
            out
        })
        .await
        .expect("memory run")
    });
    COUNTING.store(false, Relaxed);
    let served = fake.request_count();
    drop(fake);
    drop(client_rt);
    drop(server_rt);
    assert_eq!(served as usize, total, "every call reached the fake server");
    let (first, last) = (&checkpoints[0], &checkpoints[checkpoints.len() - 1]);
    let mib = |k: u64| k as f64 / 1024.0;
    let growth = (last.rss as f64 / first.rss as f64 - 1.0) * 100.0;
    let hwm_growth = (last.hwm as f64 / first.hwm as f64 - 1.0) * 100.0;
    let rss_list = checkpoints
        .iter()
        .map(|c| format!("{}k {:.1}", c.calls / 1000, mib(c.rss)))
        .collect::<Vec<_>>()
        .join(", ");
    let hwm_list = checkpoints
        .iter()
        .map(|c| format!("{}k {:.1}", c.calls / 1000, mib(c.hwm)))
        .collect::<Vec<_>>()
        .join(", ");
    report.percent(
        &format!("rss growth {}k->{}k", first.calls / 1000, last.calls / 1000),
        growth,
        10.0,
        false,
        format!("VmRSS MiB at {rss_list}"),
    );
    report.percent(
        &format!(
            "peak growth {}k->{}k",
            first.calls / 1000,
            last.calls / 1000
        ),
        hwm_growth,
        10.0,
        false,
        format!("VmHWM MiB at {hwm_list}"),
    );
    // Steady state: from the first checkpoint to the last.
    let calls = (last.calls - first.calls) as f64;
    let per =
        |a: (u64, u64), b: (u64, u64)| ((b.0 - a.0) as f64 / calls, (b.1 - a.1) as f64 / calls);
    let (ca, cb) = per(first.client, last.client);
    let (sa, sb) = per(first.server, last.server);
    report.info(
        "client allocs/call",
        format!("{ca:.1}"),
        format!(
            "{cb:.0} B allocated per call, client threads only (caller, reqwest connection tasks)"
        ),
    );
    report.info(
        "server allocs/call",
        format!("{sa:.1}"),
        format!(
            "{sb:.0} B allocated per call by the fake server (signature check, decode, answer)"
        ),
    );
}
