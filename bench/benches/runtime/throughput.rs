//! Figure 3: throughput against raw reqwest, on one loopback server answering a fixed envelope.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use std::convert::Infallible;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Instant;

use crate::alloc::{counted, set_role, CLIENT, COUNTING, SERVER};
use crate::report::{median, Report};
use crate::sign::{bench_client, message, raw_reqwest};

pub(crate) const ENVELOPE: &[u8] = br#"{"ResponseMetadata":{"RequestId":"bench-request","Action":"SendMessage","Version":"2020-12-01","Service":"rtc","Region":"cn-north-1"},"Result":{"MessageId":7171391232210504000}}"#;

/// What the loopback server has seen: connections accepted, requests answered, and requests whose
/// `Authorization` header is an HMAC-SHA256 signature (`HMAC-SHA256 Credential=...`).
#[derive(Default)]
pub(crate) struct ServerStats {
    pub(crate) connections: AtomicU64,
    pub(crate) requests: AtomicU64,
    pub(crate) signed: AtomicU64,
}

impl ServerStats {
    /// (connections, requests, signed) so far.
    pub(crate) fn snapshot(&self) -> (u64, u64, u64) {
        (
            self.connections.load(Relaxed),
            self.requests.load(Relaxed),
            self.signed.load(Relaxed),
        )
    }
}

/// Reads each request's body, answers [`ENVELOPE`]; counts connections, requests and signed
/// requests in `stats` (three relaxed atomic additions: the signature itself is not checked).
pub(crate) async fn fixed_server(listener: tokio::net::TcpListener, stats: Arc<ServerStats>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        stats.connections.fetch_add(1, Relaxed);
        let stats = stats.clone();
        tokio::spawn(async move {
            let svc =
                hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let stats = stats.clone();
                    async move {
                        let signed = req
                            .headers()
                            .get(hyper::header::AUTHORIZATION)
                            .is_some_and(|v| v.as_bytes().starts_with(b"HMAC-SHA256 Credential="));
                        let _ = req.into_body().collect().await;
                        stats.requests.fetch_add(1, Relaxed);
                        if signed {
                            stats.signed.fetch_add(1, Relaxed);
                        }
                        let mut resp =
                            hyper::Response::new(Full::new(Bytes::from_static(ENVELOPE)));
                        resp.headers_mut().insert(
                            hyper::header::CONTENT_TYPE,
                            hyper::header::HeaderValue::from_static("application/json"),
                        );
                        Ok::<_, Infallible>(resp)
                    }
                });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), svc)
                .await;
        });
    }
}

/// Starts [`fixed_server`] on a loopback port in `rt`; answers its URL and its counters.
pub(crate) fn start_fixed_server(rt: &tokio::runtime::Runtime) -> (String, Arc<ServerStats>) {
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("binds");
    let addr = listener.local_addr().expect("address");
    let stats = Arc::new(ServerStats::default());
    rt.spawn(fixed_server(listener, stats.clone()));
    (format!("http://{addr}"), stats)
}

pub(crate) fn runtime(role: usize, name: &str) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name(name)
        .on_thread_start(move || set_role(role))
        .enable_all()
        .build()
        .expect("runtime")
}

/// Runs `n` calls of `call`, `c` in flight; answers calls per second.
pub(crate) async fn drive<F, Fut>(n: usize, c: usize, call: F) -> f64
where
    F: Fn() -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..c)
        .map(|_| {
            let (next, call) = (next.clone(), call.clone());
            tokio::spawn(async move {
                while next.fetch_add(1, Relaxed) < n {
                    call().await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("worker");
    }
    n as f64 / start.elapsed().as_secs_f64()
}

pub(crate) fn bench_throughput(report: &mut Report, calls: &[(usize, usize)], pairs: usize) {
    let server_rt = runtime(SERVER, "bench-server");
    let client_rt = runtime(CLIENT, "bench-client");
    let (url, _stats) = start_fixed_server(&server_rt);

    let client = bench_client(&url);
    let template = message(0);
    // The exact bytes and headers the client sends (its signature is not checked by the server).
    let prepared = client.prepare_signed(template.clone()).expect("prepares");
    let headers = prepared.headers.clone();
    let raw = raw_reqwest();
    let raw_url = prepared.url.clone();
    let body = prepared.body.clone();

    let raw_call = {
        let (raw, headers, raw_url, body) = (raw.clone(), headers.clone(), raw_url.clone(), body);
        move || {
            let rb = raw
                .post(&raw_url)
                .headers(headers.clone())
                .body(body.clone());
            async move {
                let resp = rb.send().await.expect("raw send");
                assert_eq!(resp.status(), 200);
                black_box(resp.bytes().await.expect("raw body"));
            }
        }
    };
    let entered = client_rt.enter();
    let future_size = std::mem::size_of_val(&client.send_message(template.clone()));
    drop(entered);
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

    for &(c, n) in calls {
        // Warm up both pools to `c` connections.
        client_rt.block_on(drive(c.max(1) * 20, c, raw_call.clone()));
        client_rt.block_on(drive(c.max(1) * 20, c, client_call.clone()));
        // `VOLC_BENCH_SIDE=client` (or `raw`) measures one side alone (the other is only warmed
        // up): a check on what interleaving does to the two.
        if let Ok(side) = std::env::var("VOLC_BENCH_SIDE") {
            let (mut rates, mut cpus) = (Vec::new(), Vec::new());
            for _ in 0..pairs {
                let (rate, cpu) = if side == "raw" {
                    cpu_per_call(n, || client_rt.block_on(drive(n, c, raw_call.clone())))
                } else {
                    cpu_per_call(n, || client_rt.block_on(drive(n, c, client_call.clone())))
                };
                rates.push(rate);
                cpus.push(cpu);
            }
            report.info(
                &format!("{side} alone c={c}"),
                format!("{:.0}/s", median(&mut rates)),
                format!(
                    "calls per second, median of {pairs} runs of {n}; CPU per call, both ends: {:.1} us",
                    median(&mut cpus) / 1000.0
                ),
            );
            continue;
        }
        let (mut rv, mut cv, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        let (mut raw_cpu, mut client_cpu) = (Vec::new(), Vec::new());
        for _ in 0..pairs {
            let (r, r_cpu) = cpu_per_call(n, || client_rt.block_on(drive(n, c, raw_call.clone())));
            let (k, k_cpu) =
                cpu_per_call(n, || client_rt.block_on(drive(n, c, client_call.clone())));
            rv.push(r);
            cv.push(k);
            ratios.push(k / r);
            raw_cpu.push(r_cpu);
            client_cpu.push(k_cpu);
        }
        let ratio = median(&mut ratios);
        report.percent(
            &format!("client/raw c={c}"),
            ratio * 100.0,
            95.0,
            true,
            format!(
                "client {:.0} calls/s, raw reqwest {:.0} calls/s (medians of {pairs} alternating runs of {n} calls); CPU per call, both ends: client {:.1} us, raw {:.1} us",
                median(&mut cv),
                median(&mut rv),
                median(&mut client_cpu) / 1000.0,
                median(&mut raw_cpu) / 1000.0,
            ),
        );
    }
    // Allocation per call, client threads only, side by side: the client's against raw reqwest's
    // own (the floor any reqwest-based client stands on).
    let allocated = |call: &dyn Fn() -> f64| {
        let before = counted(CLIENT);
        COUNTING.store(true, Relaxed);
        call();
        COUNTING.store(false, Relaxed);
        let after = counted(CLIENT);
        (after.0 - before.0, after.1 - before.1)
    };
    let n = 1000;
    let raw_alloc = allocated(&|| client_rt.block_on(drive(n, 1, raw_call.clone())));
    let client_alloc = allocated(&|| client_rt.block_on(drive(n, 1, client_call.clone())));
    let per = |x: u64| x as f64 / n as f64;
    report.info(
        "allocs/call vs raw",
        format!("{:.1}", per(client_alloc.0) / per(raw_alloc.0).max(1.0)),
        format!(
            "client {:.1} allocations, {:.0} B per call; raw reqwest {:.1}, {:.0} B (client threads, 1 in flight)",
            per(client_alloc.0),
            per(client_alloc.1),
            per(raw_alloc.0),
            per(raw_alloc.1)
        ),
    );
    report.info(
        "call future",
        format!("{future_size} B"),
        "size of the future `send_message` answers (it lives in the caller's task)".into(),
    );
    drop(client_rt);
    drop(server_rt);
}

/// CPU time used so far by all of this process's threads, in ns (from `/proc/self/task/*/schedstat`).
pub(crate) fn process_cpu_ns() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return f64::NAN;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .sum()
}

/// Runs `f` (which makes `n` calls and answers calls per second); answers that and the CPU time
/// of the whole process per call, in ns: a figure that other load on the machine does not inflate.
pub(crate) fn cpu_per_call(n: usize, f: impl FnOnce() -> f64) -> (f64, f64) {
    let before = process_cpu_ns();
    let rate = f();
    (rate, (process_cpu_ns() - before) / n as f64)
}
