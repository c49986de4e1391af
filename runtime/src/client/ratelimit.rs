//! Client-side rate limiting: each action's documented QPS, a fixed rate, or none.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::policy::RateLimit;
use crate::operation::Operation;

/// Spaces the requests of each action by its interval.
pub(crate) struct RateLimiter {
    limit: RateLimit,
    /// Per action: the earliest instant the next request may start.
    slots: Mutex<HashMap<&'static str, Instant>>,
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

    /// The requests per second allowed for `op` under `limit` (`None`: unlimited).
    fn qps(limit: RateLimit, op: &Operation) -> Option<u32> {
        match limit {
            RateLimit::Off => None,
            RateLimit::PerSecond(q) => Some(q),
            RateLimit::Documented => op.qps,
        }
        .filter(|q| *q > 0)
    }

    /// Waits for the action's next slot under `limit` (the client's, or one call's own).
    pub async fn wait(&self, op: &'static Operation, limit: Option<RateLimit>) {
        let Some(qps) = Self::qps(limit.unwrap_or(self.limit), op) else {
            return;
        };
        let interval = Duration::from_secs(1) / qps;
        let start = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let slot = slots.entry(op.action).or_insert(now);
            let start = (*slot).max(now);
            *slot = start + interval;
            start
        };
        if start > Instant::now() {
            tokio::time::sleep_until(start.into()).await;
        }
    }
}
