//! Staleness, one way for every source: since when it has been failing and its last error.
//! A watch that broke (`app::world::WatchState`) and a poll that fails (`jenkins::fetched`)
//! both keep showing their last data and say how old it is from this.

use jiff::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost<E> {
    /// The first failure of the current run of failures: how stale the data shown is.
    pub since: Timestamp,
    /// The latest failure.
    pub error: E,
}

impl<E> Lost<E> {
    /// Records a failure in `slot`, keeping the moment the failures began.
    pub fn record(slot: &mut Option<Lost<E>>, error: E, now: Timestamp) {
        match slot {
            Some(l) => l.error = error,
            None => *slot = Some(Lost { since: now, error }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_failures_keeps_its_first_moment_and_its_last_error() {
        let t0: Timestamp = "2026-11-20T10:00:00Z".parse().unwrap();
        let t1: Timestamp = "2026-11-20T10:00:30Z".parse().unwrap();
        let mut slot = None;
        Lost::record(&mut slot, "refused", t0);
        Lost::record(&mut slot, "timeout", t1);
        assert_eq!(
            slot,
            Some(Lost {
                since: t0,
                error: "timeout"
            })
        );
    }
}
