//! Figure 2: the client's pre-send path against serialisation alone.

use std::hint::black_box;
use std::time::Instant;
use volcengine_rtc::im::SendMessageRequest;

use crate::alloc::allocations_per;
use crate::report::{interleave, timed, Report, BATCH};
use crate::sign::{bench_client, message, with_sign_request, Floor, TOKEN};

pub(crate) fn bench_prepare(report: &mut Report, rounds: usize) {
    let client = bench_client("http://127.0.0.1:9");
    // The caller's request has no ClientMsgId: the client fills one in. The baseline serialises the
    // request with a token already in, so both produce the same bytes.
    let template = message(0);
    let with_token = template.clone().client_msg_id(TOKEN);
    let batch = BATCH;
    let mut pool: Vec<SendMessageRequest> = Vec::with_capacity(batch);
    let mut pool_tok: Vec<SendMessageRequest> = Vec::with_capacity(batch);
    let run = |pool: &mut Vec<SendMessageRequest>, template: &SendMessageRequest, n: usize| {
        pool.clear();
        pool.extend(std::iter::repeat_n(template, n).cloned());
        let t = Instant::now();
        for r in pool.drain(..) {
            black_box(client.prepare_signed(black_box(r)).expect("prepares"));
        }
        t.elapsed()
    };
    // The floor: serialising the request and the cryptographic work of signing its bytes.
    let body = serde_json::to_vec(&with_token).expect("serialises");
    let floor_work = with_sign_request(&body, Floor::new);
    let to_vec = |n: usize| {
        timed(n, || {
            black_box(serde_json::to_vec(black_box(&with_token)).expect("serialises"));
            floor_work.once();
        })
    };
    let fresh = interleave(rounds, batch, |n| run(&mut pool, &template, n), to_vec);
    let preset = interleave(
        rounds,
        batch,
        |n| run(&mut pool_tok, &with_token, n),
        to_vec,
    );

    let (allocs, bytes) = allocations_per(
        1000,
        || {
            std::iter::repeat_n(&template, 1000)
                .cloned()
                .collect::<Vec<_>>()
        },
        |reqs| {
            let r = reqs.pop().expect("one request per iteration");
            black_box(client.prepare_signed(r).expect("prepares"));
        },
    );
    report.ratio(
        "prepare/floor",
        fresh.ratio,
        1.5,
        false,
        format!(
            "prepare_signed {:.0} ns, to_vec + signing floor {:.0} ns; {allocs:.1} allocs, {bytes:.0} B per prepare",
            fresh.a_ns,
            fresh.b_ns,
        ),
    );
    report.info(
        "prepare, token given",
        format!("{:.2}x", preset.ratio),
        format!(
            "of the floor: {:.0} ns when the caller sets ClientMsgId (no token drawn)",
            preset.a_ns
        ),
    );
}
