//! De-duplication by `EventId`: delivery is at least once (up to 3 deliveries of one event).

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};

/// Remembers the last `capacity` `EventId`s, to drop redeliveries. Bounded: the oldest id is
/// forgotten when a new one would exceed the capacity. Needs `&mut self`; [`SharedDedup`] is the
/// thread-safe one.
///
/// Call it after [`Envelope::verify`](crate::Envelope::verify) (so unsigned bodies cannot fill it), and call
/// [`Dedup::forget`] if handling the event failed and you answer non-200, so the redelivery is
/// handled.
#[derive(Clone, Debug)]
pub struct Dedup {
    capacity: usize,
    seen: HashSet<Arc<str>>,
    order: VecDeque<Arc<str>>,
}

impl Dedup {
    /// Remembers up to `capacity` ids (at least 1).
    pub fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        Self {
            capacity,
            seen: HashSet::with_capacity(capacity.min(1 << 16)),
            order: VecDeque::with_capacity(capacity.min(1 << 16)),
        }
    }

    /// `true` the first time `event_id` is seen (and remembers it), `false` while it is
    /// remembered.
    pub fn first_time(&mut self, event_id: &str) -> bool {
        if self.seen.contains(event_id) {
            return false;
        }
        while self.order.len() >= self.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.seen.remove(&old);
                }
                None => break,
            }
        }
        let id: Arc<str> = Arc::from(event_id);
        self.seen.insert(Arc::clone(&id));
        self.order.push_back(id);
        true
    }

    /// Forgets `event_id`, so its next delivery counts as the first. `true` if it was remembered.
    pub fn forget(&mut self, event_id: &str) -> bool {
        if !self.seen.remove(event_id) {
            return false;
        }
        if let Some(i) = self.order.iter().position(|id| &**id == event_id) {
            self.order.remove(i);
        }
        true
    }

    /// How many ids are remembered.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The most it remembers.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

/// [`Dedup`] behind a mutex, for handlers running on several threads (share it in an `Arc`).
#[derive(Debug)]
pub struct SharedDedup {
    inner: Mutex<Dedup>,
}

impl SharedDedup {
    /// Remembers up to `capacity` ids (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Dedup::new(capacity)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Dedup> {
        // A panic elsewhere while holding the lock leaves the set consistent: keep using it.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// [`Dedup::first_time`].
    pub fn first_time(&self, event_id: &str) -> bool {
        self.lock().first_time(event_id)
    }

    /// [`Dedup::forget`].
    pub fn forget(&self, event_id: &str) -> bool {
        self.lock().forget(event_id)
    }

    /// [`Dedup::len`].
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// [`Dedup::is_empty`].
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_is_bounded_and_evicts_the_oldest() {
        let mut d = Dedup::new(2);
        assert!(d.first_time("a"));
        assert!(!d.first_time("a"));
        assert!(d.first_time("b"));
        assert!(d.first_time("c")); // evicts a
        assert_eq!(d.len(), 2);
        assert!(!d.first_time("b"));
        assert!(d.first_time("a")); // a was forgotten; evicts b
        assert!(d.forget("a"));
        assert!(!d.forget("a"));
        assert!(d.first_time("a"));
        assert_eq!(Dedup::new(0).capacity(), 1);
    }

    #[test]
    fn shared_dedup_across_threads() {
        let d = Arc::new(SharedDedup::new(1000));
        let firsts: usize = (0..4)
            .map(|_| {
                let d = Arc::clone(&d);
                std::thread::spawn(move || {
                    (0..100).filter(|i| d.first_time(&i.to_string())).count()
                })
            })
            .map(|h| h.join().unwrap())
            .sum();
        assert_eq!(firsts, 100);
        assert_eq!(d.len(), 100);
    }
}
