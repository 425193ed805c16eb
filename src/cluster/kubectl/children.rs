//! The kubectl children alive now, by process id, so that every way out of the cockpit stops
//! them: a normal quit drops their tasks (`kill_on_drop`), and the paths that never drop
//! anything — a panic of the loop's thread, a signal — call [`stop_all`] before the terminal
//! is restored.

use std::collections::BTreeSet;
use std::sync::Mutex;

static CHILDREN: Mutex<BTreeSet<u32>> = Mutex::new(BTreeSet::new());

fn children() -> std::sync::MutexGuard<'static, BTreeSet<u32>> {
    CHILDREN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub fn register(pid: u32) {
    children().insert(pid);
}

pub fn unregister(pid: u32) {
    children().remove(&pid);
}

/// How many children are alive (tests).
pub fn count() -> usize {
    children().len()
}

/// SIGTERM to every child still alive.
pub fn stop_all() {
    for pid in std::mem::take(&mut *children()) {
        if let Ok(pid) = i32::try_from(pid) {
            // SAFETY: kill(2) on a pid we spawned has no memory-safety preconditions.
            unsafe {
                libc::kill(pid, libc::SIGTERM);
            }
        }
    }
}
