//! The fake server's shared state: credentials, stored requests and records, faults, the clock,
//! and the RTC room's configuration.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;
use volcengine_openapi::registry::ActionEntry;
use volcengine_openapi::signer::{Credentials, KeyCache};

use crate::records::{Behaviour, Collections};
use crate::{Fault, Received};

/// How many requests (and answers per idempotency key, received entries, records per
/// collection) a fake server keeps by default; see [`crate::FakeServer::retain_cap`].
pub const DEFAULT_RETAIN_CAP: usize = 10_000;

/// Fake-server state, shared by its connections.
#[derive(Debug)]
pub struct FakeState {
    pub(crate) credentials: Mutex<HashMap<String, Credentials>>,
    pub(crate) stored: Mutex<BTreeMap<String, VecDeque<Value>>>,
    pub(crate) answered: Mutex<HashMap<(String, String), Value>>,
    /// The keys of `answered`, oldest first (for the retention cap).
    pub(crate) answered_order: Mutex<VecDeque<(String, String)>>,
    pub(crate) members: Mutex<HashSet<(i64, i64)>>,
    pub(crate) check_membership: AtomicBool,
    /// Whether requests, answers per idempotency key and the received log are kept.
    pub(crate) retain: AtomicBool,
    pub(crate) faults: Mutex<VecDeque<Fault>>,
    pub(crate) injected: Mutex<BTreeMap<&'static str, u64>>,
    pub(crate) random: Mutex<Option<RandomFaults>>,
    pub(crate) received: Mutex<VecDeque<Received>>,
    pub(crate) clock_skew: AtomicI64,
    pub(crate) next_id: AtomicI64,
    pub(crate) requests: AtomicU64,
    pub(crate) keys: KeyCache,
    pub(crate) actions: &'static [ActionEntry],
    /// Each action's record behaviour, by (action, version).
    pub(crate) behaviours: HashMap<(&'static str, &'static str), Behaviour>,
    pub(crate) records: Mutex<Collections>,
    /// The RTC room: the app whose tokens `/__fake/join` checks, and where callbacks go.
    pub(crate) room: Mutex<Option<crate::RoomConfig>>,
    /// The most requests, answers per idempotency key, received entries and records per
    /// collection kept (the oldest are dropped first): memory stays bounded.
    pub(crate) retain_cap: std::sync::atomic::AtomicUsize,
    /// Results set by tests, by action: answered instead of the example.
    pub(crate) answers: Mutex<HashMap<String, Value>>,
}

#[derive(Debug)]
pub(crate) struct RandomFaults {
    pub(crate) percent: u32,
    pub(crate) state: u64,
    pub(crate) mix: Vec<Fault>,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl FakeState {
    /// The region the envelope reports: the served service's default.
    pub(crate) fn region(&self) -> &'static str {
        self.actions
            .first()
            .map_or("", |e| e.operation.service.default_region)
    }

    pub(crate) fn new(credentials: Credentials, actions: &'static [ActionEntry]) -> Self {
        let mut creds = HashMap::new();
        creds.insert(credentials.access_key().to_string(), credentials);
        Self {
            credentials: Mutex::new(creds),
            stored: Mutex::default(),
            answered: Mutex::default(),
            answered_order: Mutex::default(),
            members: Mutex::default(),
            check_membership: AtomicBool::new(false),
            retain: AtomicBool::new(true),
            faults: Mutex::default(),
            injected: Mutex::default(),
            random: Mutex::new(None),
            received: Mutex::default(),
            clock_skew: AtomicI64::new(0),
            next_id: AtomicI64::new(7_171_391_232_210_504_000),
            requests: AtomicU64::new(0),
            actions,
            behaviours: actions
                .iter()
                .map(|e| {
                    (
                        (e.operation.action, e.operation.version),
                        Behaviour::parse(e.info.fake_json),
                    )
                })
                .collect(),
            records: Mutex::default(),
            room: Mutex::new(None),
            retain_cap: std::sync::atomic::AtomicUsize::new(DEFAULT_RETAIN_CAP),
            answers: Mutex::default(),
            keys: KeyCache::default(),
        }
    }

    pub(crate) fn next_fault(&self) -> Option<Fault> {
        let fault = self.draw_fault()?;
        *lock(&self.injected).entry(fault.kind()).or_default() += 1;
        Some(fault)
    }

    fn draw_fault(&self) -> Option<Fault> {
        if let Some(f) = lock(&self.faults).pop_front() {
            return Some(f);
        }
        let mut random = lock(&self.random);
        let r = random.as_mut()?;
        // xorshift64*
        let mut x = r.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        r.state = x;
        let n = x.wrapping_mul(0x2545_f491_4f6c_dd1d);
        if (n % 100) as u32 >= r.percent || r.mix.is_empty() {
            return None;
        }
        Some(r.mix[((n >> 32) % r.mix.len() as u64) as usize].clone())
    }

    pub(crate) fn now(&self) -> i64 {
        let local = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        local + self.clock_skew.load(Ordering::Relaxed)
    }
}
