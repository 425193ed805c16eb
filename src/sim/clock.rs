//! The world's clock: starts at a chosen instant (fixed in tests, "now" in the demo) and then
//! runs with real time, so ages grow and follow-streams tick like a live cluster. Tests may jump
//! it forward (`advance`) instead of sleeping: every part of the world that reads this clock
//! (the cluster's clockwork, the simulated Jenkins) then sees the same later instant.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone)]
pub struct SimClock {
    start: Timestamp,
    started: Instant,
    /// Nanoseconds added by `advance`, shared by every copy of this clock.
    skew_ns: Arc<AtomicI64>,
}

impl SimClock {
    pub fn starting_at(start: Timestamp) -> Self {
        SimClock {
            start,
            started: Instant::now(),
            skew_ns: Arc::new(AtomicI64::new(0)),
        }
    }

    pub fn now(&self) -> Timestamp {
        let elapsed = SignedDuration::try_from(self.started.elapsed()).unwrap_or_default();
        let skew = SignedDuration::from_nanos(self.skew_ns.load(Ordering::SeqCst));
        self.start + elapsed + skew
    }

    /// The instant the world started at: seeded history is laid out before it.
    pub fn start(&self) -> Timestamp {
        self.start
    }

    /// Jumps the clock forward (tests: "five minutes later" without waiting five minutes).
    /// Negative durations are ignored: the world's time never runs backwards.
    pub fn advance(&self, by: SignedDuration) {
        let ns = by.as_nanos().clamp(0, i64::MAX as i128) as i64;
        self.skew_ns.fetch_add(ns, Ordering::SeqCst);
    }
}
