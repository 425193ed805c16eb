//! Run-time switches a test turns on a running controller, for the faults Jenkins users meet:
//! answers that take seconds (a loaded controller), an API token revoked from the web UI while
//! a client uses it, and a queue item that disappears (gone from the queue before any client
//! saw it leave: a restart drops it, or a clean-up plugin). It also counts the requests in
//! flight per path, so a test can tell whether a client piles up polls.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Switches {
    latency_ms: AtomicU64,
    revoked: Mutex<BTreeSet<String>>,
    /// Per URL path: (in flight now, most ever at once).
    in_flight: Mutex<BTreeMap<String, (usize, usize)>>,
}

/// Counts a request as in flight until dropped.
pub struct InFlight<'a> {
    switches: &'a Switches,
    path: String,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        let mut m = lock(&self.switches.in_flight);
        if let Some(n) = m.get_mut(&self.path) {
            n.0 = n.0.saturating_sub(1);
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Switches {
    pub fn set_latency(&self, d: Duration) {
        let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        self.latency_ms.store(ms, Ordering::Relaxed);
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms.load(Ordering::Relaxed))
    }

    /// Revokes `user`'s API token (Jenkins then answers 401 to it, as to a wrong one), or
    /// gives it back.
    pub fn set_token_revoked(&self, user: &str, revoked: bool) {
        let mut set = lock(&self.revoked);
        if revoked {
            set.insert(user.to_string());
        } else {
            set.remove(user);
        }
    }

    pub fn token_revoked(&self, user: &str) -> bool {
        lock(&self.revoked).contains(user)
    }

    pub fn enter(&self, path: &str) -> InFlight<'_> {
        let mut m = lock(&self.in_flight);
        let n = m.entry(path.to_string()).or_default();
        n.0 += 1;
        n.1 = n.1.max(n.0);
        InFlight {
            switches: self,
            path: path.to_string(),
        }
    }

    /// The most requests ever in flight at once, per path.
    pub fn most_in_flight(&self) -> BTreeMap<String, usize> {
        lock(&self.in_flight)
            .iter()
            .map(|(p, (_, most))| (p.clone(), *most))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_flight_counts_overlapping_requests_per_path() {
        let s = Switches::default();
        let a = s.enter("/api/json");
        let b = s.enter("/api/json");
        drop(s.enter("/queue/api/json"));
        drop((a, b));
        drop(s.enter("/api/json"));
        let most = s.most_in_flight();
        assert_eq!(most["/api/json"], 2);
        assert_eq!(most["/queue/api/json"], 1);
    }

    #[test]
    fn a_revoked_token_is_revoked_until_given_back() {
        let s = Switches::default();
        s.set_token_revoked("admin", true);
        assert!(s.token_revoked("admin") && !s.token_revoked("viewer"));
        s.set_token_revoked("admin", false);
        assert!(!s.token_revoked("admin"));
    }
}
