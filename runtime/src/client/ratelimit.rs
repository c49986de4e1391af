//! Client-side rate limiting: each action's documented QPS and the documented limits several
//! actions share, a fixed rate per action, or none.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::policy::RateLimit;
use crate::operation::Operation;

/// A budget of requests: one action's own, or one shared by several actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Bucket {
    /// The action of this name (every version of it).
    Action(&'static str),
    /// The shared limit of this name.
    Shared(&'static str),
}

/// Spaces the requests of each bucket by its interval: a request takes the next slot of every
/// bucket it draws from (its action's and, under [`RateLimit::Documented`], its shared limit's).
pub(crate) struct RateLimiter {
    limit: RateLimit,
    /// Per bucket: the earliest instant the next request may start.
    slots: Mutex<HashMap<Bucket, Instant>>,
}

impl RateLimiter {
    pub fn new(limit: RateLimit) -> Self {
        Self {
            limit,
            slots: Mutex::new(HashMap::new()),
        }
    }

    pub fn limit(&self) -> RateLimit {
        self.limit
    }

    /// The buckets `op` draws from under `limit`, each with its interval between requests.
    fn buckets(limit: RateLimit, op: &Operation) -> Vec<(Bucket, Duration)> {
        let own = match limit {
            RateLimit::Off => None,
            RateLimit::PerSecond(q) => Some(q),
            RateLimit::Documented => op.qps,
        };
        // A shared limit is part of the documented policy: a fixed rate per action replaces it.
        let shared = match limit {
            RateLimit::Documented => op.shared_limit,
            _ => None,
        };
        let interval = |q: u32| Duration::from_secs(1) / q;
        own.filter(|q| *q > 0)
            .map(|q| (Bucket::Action(op.action), interval(q)))
            .into_iter()
            .chain(
                shared
                    .filter(|s| s.qps > 0)
                    .map(|s| (Bucket::Shared(s.name), interval(s.qps))),
            )
            .collect()
    }

    /// Takes the next slot of every bucket `op` draws from under `limit`, as of `now`: the instant
    /// the request may start (`None`: no limit applies).
    fn reserve(&self, op: &Operation, limit: RateLimit, now: Instant) -> Option<Instant> {
        let buckets = Self::buckets(limit, op);
        if buckets.is_empty() {
            return None;
        }
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let start = buckets
            .iter()
            .filter_map(|(b, _)| slots.get(b).copied())
            .fold(now, Instant::max);
        for (b, interval) in &buckets {
            slots.insert(*b, start + *interval);
        }
        Some(start)
    }

    /// Waits for the action's next slot under `limit` (the client's, or one call's own).
    pub async fn wait(&self, op: &'static Operation, limit: Option<RateLimit>) {
        let limit = limit.unwrap_or(self.limit);
        if let Some(start) = self.reserve(op, limit, Instant::now()) {
            if start > Instant::now() {
                tokio::time::sleep_until(start.into()).await;
            }
        }
    }
}

#[cfg(test)]
#[path = "ratelimit_tests.rs"]
mod tests;
