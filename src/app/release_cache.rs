//! Decoded Helm release revisions, per (namespace, Secret name): a bounded cache (least recently
//! wanted goes first) plus the decodes in flight, each with the generation it was asked with so
//! that a late answer for a Secret that changed meanwhile is dropped.
//!
//! Only the app writes it: screens say which revisions they show, the app asks the runner for
//! those that are neither cached nor in flight, and results land here.

use std::collections::HashMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};

use crate::helm::{Release, ReleaseError};

/// Revisions kept decoded at most. A revision is some tens of KiB once the chart sources are
/// dropped, so this is a few MiB even for large releases.
pub const DEFAULT_CAPACITY: usize = 300;
/// And bytes at most: anyone who may write a Secret in a team namespace can make each revision
/// decode to tens of MiB (the decoder's cap is 32 MiB), and 300 of those would be gigabytes.
/// What the screen shows now is kept even past it (it would only be asked for again).
pub const DEFAULT_MAX_BYTES: usize = 128 << 20;

/// A fetch that failed (network, API) is tried again after this long if still wanted.
pub const RETRY_AFTER: SignedDuration = SignedDuration::from_secs(10);

/// (namespace, Secret name).
pub type RevisionKey = (String, String);

/// What a screen can show for a revision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decoded<'a> {
    /// Not decoded yet (asked for, or about to be).
    Pending,
    Ready(&'a Release),
    Failed(&'a ReleaseError),
}

#[derive(Debug, Clone)]
struct Entry {
    value: Result<Arc<Release>, ReleaseError>,
    /// The wanted-tick of the last time a screen showed it.
    used: u64,
    at: Timestamp,
    /// What it holds, about ([`Release::approx_bytes`]).
    bytes: usize,
}

#[derive(Debug, Clone)]
pub struct ReleaseCache {
    entries: HashMap<RevisionKey, Entry>,
    in_flight: HashMap<RevisionKey, u64>,
    tick: u64,
    capacity: usize,
    max_bytes: usize,
    bytes: usize,
}

impl Default for ReleaseCache {
    fn default() -> Self {
        ReleaseCache::with_capacity(DEFAULT_CAPACITY)
    }
}

impl ReleaseCache {
    pub fn with_capacity(capacity: usize) -> ReleaseCache {
        ReleaseCache::with_limits(capacity, DEFAULT_MAX_BYTES)
    }

    pub fn with_limits(capacity: usize, max_bytes: usize) -> ReleaseCache {
        ReleaseCache {
            entries: HashMap::new(),
            in_flight: HashMap::new(),
            tick: 0,
            capacity: capacity.max(1),
            max_bytes,
            bytes: 0,
        }
    }

    /// The bytes the decoded revisions hold, about.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    fn remove(&mut self, key: &RevisionKey) {
        if let Some(e) = self.entries.remove(key) {
            self.bytes -= e.bytes;
        }
    }

    pub fn get(&self, namespace: &str, secret: &str) -> Decoded<'_> {
        match self
            .entries
            .get(&(namespace.to_string(), secret.to_string()))
        {
            Some(Entry { value: Ok(r), .. }) => Decoded::Ready(r),
            Some(Entry { value: Err(e), .. }) => Decoded::Failed(e),
            None => Decoded::Pending,
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    pub fn is_in_flight(&self, namespace: &str, secret: &str) -> bool {
        self.in_flight
            .contains_key(&(namespace.to_string(), secret.to_string()))
    }

    /// A screen shows these revisions now: the cached ones count as used, failed fetches older
    /// than [`RETRY_AFTER`] are forgotten, and the rest are returned (without duplicates) to be
    /// asked for; the caller marks them with [`ReleaseCache::started`].
    pub fn wanted(&mut self, keys: Vec<RevisionKey>, now: Timestamp) -> Vec<RevisionKey> {
        self.tick += 1;
        let mut ask = Vec::new();
        for key in keys {
            if let Some(e) = self.entries.get_mut(&key) {
                let retry = matches!(&e.value, Err(err) if err.transient)
                    && now.duration_since(e.at) >= RETRY_AFTER;
                if !retry {
                    e.used = self.tick;
                    continue;
                }
                self.remove(&key);
            }
            if !self.in_flight.contains_key(&key) && !ask.contains(&key) {
                ask.push(key);
            }
        }
        ask
    }

    /// The user asked for the data again: failed fetches are forgotten, to be asked at once.
    pub fn forget_failed(&mut self) {
        self.entries.retain(|_, e| e.value.is_ok());
    }

    pub fn started(&mut self, key: RevisionKey, generation: u64) {
        self.in_flight.insert(key, generation);
    }

    /// Stores a result if it answers the decode in flight for its key; returns false (and
    /// stores nothing) for a stale one.
    pub fn finished(
        &mut self,
        key: RevisionKey,
        generation: u64,
        value: Result<Arc<Release>, ReleaseError>,
        now: Timestamp,
    ) -> bool {
        if self.in_flight.get(&key) != Some(&generation) {
            return false;
        }
        self.in_flight.remove(&key);
        let bytes = match &value {
            Ok(r) => r.approx_bytes(),
            Err(e) => e.text.len() + e.short.len(),
        };
        self.remove(&key);
        self.bytes += bytes;
        self.entries.insert(
            key,
            Entry {
                value,
                used: self.tick,
                at: now,
                bytes,
            },
        );
        self.evict();
        true
    }

    /// The Secret changed or went away: forget what was decoded and drop a decode in flight.
    pub fn invalidate(&mut self, namespace: &str, secret: &str) {
        let key = (namespace.to_string(), secret.to_string());
        self.remove(&key);
        self.in_flight.remove(&key);
    }

    /// Every revision of a namespace (its watch relisted from scratch).
    pub fn invalidate_namespace(&mut self, namespace: &str) {
        self.entries.retain(|(ns, _), _| ns != namespace);
        self.bytes = self.entries.values().map(|e| e.bytes).sum();
        self.in_flight.retain(|(ns, _), _| ns != namespace);
    }

    fn evict(&mut self) {
        while self.entries.len() > self.capacity || self.bytes > self.max_bytes {
            let over_count = self.entries.len() > self.capacity;
            let tick = self.tick;
            // Past the byte budget, only what no screen shows now goes: evicting a revision on
            // screen would have it asked for, decoded and evicted again, for ever.
            let oldest = self
                .entries
                .iter()
                .filter(|(_, e)| over_count || e.used < tick)
                .min_by(|a, b| a.1.used.cmp(&b.1.used).then_with(|| a.0.cmp(b.0)))
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => self.remove(&k),
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> RevisionKey {
        ("payments-qa".into(), s.into())
    }

    fn now() -> Timestamp {
        "2026-11-20T10:00:00Z".parse().unwrap()
    }

    fn rel(v: u32) -> Arc<Release> {
        Arc::new(Release {
            version: v,
            ..Release::default()
        })
    }

    #[test]
    fn asks_once_and_keeps_results() {
        let mut c = ReleaseCache::default();
        let ask = c.wanted(vec![key("a"), key("b"), key("a")], now());
        assert_eq!(ask, vec![key("a"), key("b")]);
        c.started(key("a"), 1);
        c.started(key("b"), 2);
        assert!(c.wanted(vec![key("a"), key("b")], now()).is_empty());
        assert!(c.finished(key("a"), 1, Ok(rel(1)), now()));
        assert!(matches!(c.get("payments-qa", "a"), Decoded::Ready(r) if r.version == 1));
        assert_eq!(c.get("payments-qa", "b"), Decoded::Pending);
        assert!(c.wanted(vec![key("a")], now()).is_empty());
    }

    #[test]
    fn stale_results_are_dropped() {
        let mut c = ReleaseCache::default();
        c.started(key("a"), 1);
        c.invalidate("payments-qa", "a");
        assert!(!c.finished(key("a"), 1, Ok(rel(1)), now()));
        c.started(key("a"), 2);
        assert!(!c.finished(key("a"), 1, Ok(rel(1)), now()));
        assert!(c.finished(key("a"), 2, Ok(rel(2)), now()));
        // Nobody asked.
        assert!(!c.finished(key("z"), 3, Ok(rel(3)), now()));
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn least_recently_wanted_goes_first() {
        let mut c = ReleaseCache::with_capacity(2);
        for (i, k) in ["a", "b"].into_iter().enumerate() {
            c.started(key(k), i as u64);
            c.finished(key(k), i as u64, Ok(rel(1)), now());
        }
        // `a` is on screen again, `b` is not.
        c.wanted(vec![key("a")], now());
        c.started(key("c"), 9);
        c.finished(key("c"), 9, Ok(rel(1)), now());
        assert_eq!(c.len(), 2);
        assert_eq!(c.get("payments-qa", "b"), Decoded::Pending);
        assert!(matches!(c.get("payments-qa", "a"), Decoded::Ready(_)));
    }

    fn big(v: u32, mib: usize) -> Arc<Release> {
        Arc::new(Release {
            version: v,
            manifest: "x".repeat(mib << 20),
            ..Release::default()
        })
    }

    /// Finding 2 of the reliability probe: the cache is bounded by bytes, not only by count.
    #[test]
    fn the_cache_is_bounded_by_bytes_keeping_what_is_on_screen() {
        let mut c = ReleaseCache::with_limits(300, 5 << 20);
        for (i, k) in ["a", "b", "c"].into_iter().enumerate() {
            c.wanted(vec![key(k)], now());
            c.started(key(k), i as u64);
            c.finished(key(k), i as u64, Ok(big(1, 2)), now());
        }
        // Three of 2 MiB do not fit 5 MiB: the least recently wanted went.
        assert_eq!(c.len(), 2);
        assert_eq!(c.get("payments-qa", "a"), Decoded::Pending);
        assert!(c.bytes() <= 5 << 20, "{}", c.bytes());
        // One larger than the whole budget stays while it is on screen.
        c.wanted(vec![key("huge")], now());
        c.started(key("huge"), 9);
        c.finished(key("huge"), 9, Ok(big(1, 8)), now());
        assert!(matches!(c.get("payments-qa", "huge"), Decoded::Ready(_)));
        assert_eq!(c.len(), 1);
        c.invalidate("payments-qa", "huge");
        assert_eq!(c.bytes(), 0);
    }

    #[test]
    fn bad_data_stays_failed_but_fetch_failures_are_retried() {
        let mut c = ReleaseCache::default();
        let bad = ReleaseError::decode(&crate::helm::DecodeError::NotGzip);
        c.started(key("bad"), 1);
        c.finished(key("bad"), 1, Err(bad.clone()), now());
        c.started(key("net"), 2);
        c.finished(key("net"), 2, Err(ReleaseError::fetch("timeout")), now());
        assert!(c.wanted(vec![key("bad"), key("net")], now()).is_empty());
        let later = now() + SignedDuration::from_secs(11);
        assert_eq!(
            c.wanted(vec![key("bad"), key("net")], later),
            vec![key("net")]
        );
        assert_eq!(c.get("payments-qa", "bad"), Decoded::Failed(&bad));
        // ctrl-r: asked again at once, whatever failed.
        c.forget_failed();
        assert_eq!(
            c.wanted(vec![key("bad"), key("net")], now()),
            vec![key("bad"), key("net")]
        );
    }
}
