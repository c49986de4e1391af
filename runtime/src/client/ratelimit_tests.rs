//! The limiter's buckets: an action's own, a shared one drawn by several actions, and which
//! policy applies which.

use std::time::Instant;

use super::RateLimiter;
use crate::client::policy::RateLimit;
use crate::operation::{Method, Operation, Placement, SharedRateLimit};
use crate::service::{FamilyInfo, ServiceInfo};

static SERVICE: ServiceInfo = ServiceInfo {
    name: "things",
    default_region: "cn-north-1",
    regions: &[],
    error_codes: &[],
    user_agent: "ratelimit-test",
    editions: &[],
};
static FAMILY: FamilyInfo = FamilyInfo {
    name: "things",
    invalid_request_code: "InvalidParameter",
    signing_regions: &[],
};
static TOGETHER: SharedRateLimit = SharedRateLimit {
    name: "together",
    qps: 2,
};

const fn op(
    action: &'static str,
    qps: Option<u32>,
    shared: Option<&'static SharedRateLimit>,
) -> Operation {
    Operation {
        service: &SERVICE,
        family: &FAMILY,
        action,
        version: "2024-01-01",
        method: Method::Post,
        placement: Placement::Body,
        qps,
        shared_limit: shared,
        idempotency_key: None,
        read_only: false,
        replay_safe: false,
    }
}

static SEND_ONE: Operation = op("SendOne", Some(10), Some(&TOGETHER));
static SEND_TWO: Operation = op("SendTwo", Some(10), Some(&TOGETHER));
static ALONE: Operation = op("Alone", Some(10), None);

/// The offsets from `now` at which the calls may start, in milliseconds.
fn starts(limiter: &RateLimiter, calls: &[&Operation], limit: RateLimit) -> Vec<u128> {
    let now = Instant::now();
    calls
        .iter()
        .map(|op| {
            limiter
                .reserve(op, limit, now)
                .map_or(0, |s| s.duration_since(now).as_millis())
        })
        .collect()
}

#[test]
fn two_actions_sharing_a_limit_draw_from_one_bucket() {
    let limiter = RateLimiter::new(RateLimit::Documented);
    // Own limits allow 10/s each; together they are held to 2/s: one slot every 500 ms,
    // whichever of the two actions takes it.
    let got = starts(
        &limiter,
        &[&SEND_ONE, &SEND_TWO, &SEND_ONE, &SEND_TWO],
        RateLimit::Documented,
    );
    assert_eq!(got, [0, 500, 1000, 1500]);
}

#[test]
fn an_action_outside_the_shared_limit_keeps_its_own_bucket() {
    let limiter = RateLimiter::new(RateLimit::Documented);
    let got = starts(
        &limiter,
        &[&SEND_ONE, &SEND_TWO, &ALONE, &ALONE],
        RateLimit::Documented,
    );
    assert_eq!(got, [0, 500, 0, 100]);
}

#[test]
fn the_own_limit_still_applies_when_stricter_than_the_shared_one() {
    static SLOW: Operation = op("Slow", Some(1), Some(&TOGETHER));
    let limiter = RateLimiter::new(RateLimit::Documented);
    let got = starts(&limiter, &[&SLOW, &SLOW, &SEND_ONE], RateLimit::Documented);
    // Slow's own 1/s spaces its calls by a second; SendOne then waits for the shared slot.
    assert_eq!(got, [0, 1000, 1500]);
}

#[test]
fn a_fixed_rate_is_per_action_and_off_is_off() {
    let limiter = RateLimiter::new(RateLimit::Documented);
    let got = starts(&limiter, &[&SEND_ONE, &SEND_TWO], RateLimit::PerSecond(4));
    assert_eq!(
        got,
        [0, 0],
        "a fixed rate replaces the documented shared limit"
    );
    let got = starts(&limiter, &[&SEND_ONE, &SEND_TWO], RateLimit::Off);
    assert_eq!(got, [0, 0]);
}
