//! The world's clock: starts at a chosen instant (fixed in tests, "now" in the demo) and then
//! runs with real time, so ages grow and follow-streams tick like a live cluster.

use std::time::Instant;

use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone, Copy)]
pub struct SimClock {
    start: Timestamp,
    started: Instant,
}

impl SimClock {
    pub fn starting_at(start: Timestamp) -> Self {
        SimClock {
            start,
            started: Instant::now(),
        }
    }

    pub fn now(&self) -> Timestamp {
        let elapsed = SignedDuration::try_from(self.started.elapsed()).unwrap_or_default();
        self.start + elapsed
    }

    /// The instant the world started at: seeded history is laid out before it.
    pub fn start(&self) -> Timestamp {
        self.start
    }
}
