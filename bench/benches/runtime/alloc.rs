//! A counting allocator: allocations and bytes, by the role of the allocating thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};

/// Thread roles: 0 anything else, 1 client, 2 server.
pub(crate) const OTHER: usize = 0;
pub(crate) const CLIENT: usize = 1;
pub(crate) const SERVER: usize = 2;

pub(crate) struct Counter {
    pub(crate) allocs: AtomicU64,
    pub(crate) bytes: AtomicU64,
}

/// One counter per role, each on its own cache line so threads of different roles do not contend.
#[repr(align(128))]
pub(crate) struct Padded(Counter);

pub(crate) static COUNTERS: [Padded; 3] = [const {
    Padded(Counter {
        allocs: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
    })
}; 3];

thread_local! {
    static ROLE: Cell<usize> = const { Cell::new(OTHER) };
}

/// Counting is on only while allocations are being measured, so that timed loops pay for the system
/// allocator alone (not for the counters' atomic additions).
pub(crate) static COUNTING: AtomicBool = AtomicBool::new(false);

/// Allocations and bytes per iteration of `f`, run `n` times on this thread (after `setup`).
pub(crate) fn allocations_per<S>(
    n: usize,
    setup: impl FnOnce() -> S,
    mut f: impl FnMut(&mut S),
) -> (f64, f64) {
    set_role(CLIENT);
    let mut state = setup();
    let before = counted(CLIENT);
    COUNTING.store(true, Relaxed);
    for _ in 0..n {
        f(&mut state);
    }
    COUNTING.store(false, Relaxed);
    let after = counted(CLIENT);
    set_role(OTHER);
    (
        (after.0 - before.0) as f64 / n as f64,
        (after.1 - before.1) as f64 / n as f64,
    )
}

pub(crate) fn set_role(role: usize) {
    ROLE.with(|r| r.set(role));
}

#[inline]
pub(crate) fn count(size: usize) {
    if !COUNTING.load(Relaxed) {
        return;
    }
    let role = ROLE.try_with(Cell::get).unwrap_or(OTHER);
    let c = &COUNTERS[role].0;
    c.allocs.fetch_add(1, Relaxed);
    c.bytes.fetch_add(size as u64, Relaxed);
}

/// `System`, counting every allocation and reallocation (a reallocation counts as one allocation of
/// its new size).
pub(crate) struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
pub(crate) static GLOBAL: Counting = Counting;

/// (allocations, bytes) so far by threads of `role`.
pub(crate) fn counted(role: usize) -> (u64, u64) {
    let c = &COUNTERS[role].0;
    (c.allocs.load(Relaxed), c.bytes.load(Relaxed))
}
