//! Fault injection for tests and demos: `--faults SPEC`.
//!
//! SPEC is a comma-separated list of `key=value`:
//! - `drop-watches=DUR`   break every watch connection DUR after it started (e.g. `10s`, `500ms`)
//! - `drop-logs=DUR`      break every follow log stream DUR after it started (the connection is
//!   cut mid-stream, as a proxy or a node restart would)
//! - `gone-on-resume=P`   a watch that resumes from a resourceVersion gets the in-stream 410 Expired
//!   ERROR event with probability P (0..1), forcing the client to re-list
//! - `error-rate=P`       answer resource requests with 500 InternalError with probability P
//! - `latency=DUR`        add DUR before every response
//! - `history=N`          keep only N changes per kind for watch resumption (default 10000)
//!
//! Tests also switch faults at run time: `set_outage` (every resource request a 500),
//! `set_stall` (every answer and open watch held, not one byte sent, until lifted) and
//! `set_forbidden` (every request in one namespace refused with the apiserver's 403 Status, as
//! when a RoleBinding is removed).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Faults {
    pub drop_watches: Option<Duration>,
    pub drop_logs: Option<Duration>,
    pub gone_on_resume: f64,
    pub error_rate: f64,
    pub latency: Option<Duration>,
    pub history: Option<usize>,
    rolls: AtomicU64,
    /// Set by tests at run time: every resource request fails as in an apiserver outage.
    outage: std::sync::atomic::AtomicBool,
    /// How many watches `drop-watches` has broken, so a test can tell the fault happened.
    watches_dropped: AtomicU64,
    /// Set by tests at run time: the server holds every answer and every open stream (a hung
    /// apiserver or a proxy that stopped forwarding), sending not one byte until it is lifted.
    stall: tokio::sync::watch::Sender<bool>,
    /// Set by tests at run time: namespaces where every request is refused (403).
    forbidden: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("invalid --faults {0}")]
pub struct FaultSpecError(String);

pub fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit() && c != '.')?);
    let n: f64 = num.parse().ok()?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        _ => return None,
    };
    (secs >= 0.0).then(|| Duration::from_secs_f64(secs))
}

fn parse_prob(key: &str, v: &str) -> Result<f64, FaultSpecError> {
    v.parse::<f64>()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| FaultSpecError(format!("{key}={v}: expected a probability from 0 to 1")))
}

impl Faults {
    pub fn parse(spec: &str) -> Result<Self, FaultSpecError> {
        let mut f = Faults::default();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (k, v) = item
                .split_once('=')
                .ok_or_else(|| FaultSpecError(format!("{item:?}: expected key=value")))?;
            let dur = || {
                parse_duration(v).ok_or_else(|| {
                    FaultSpecError(format!(
                        "{k}={v}: expected a duration like 10s, 500ms or 2m"
                    ))
                })
            };
            match k {
                "drop-watches" => f.drop_watches = Some(dur()?),
                "drop-logs" => f.drop_logs = Some(dur()?),
                "latency" => f.latency = Some(dur()?),
                "gone-on-resume" => f.gone_on_resume = parse_prob(k, v)?,
                "error-rate" => f.error_rate = parse_prob(k, v)?,
                "history" => {
                    f.history = Some(v.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                        FaultSpecError(format!("{k}={v}: expected a positive number"))
                    })?)
                }
                _ => {
                    return Err(FaultSpecError(format!(
                        "unknown fault {k:?} (known: drop-watches, drop-logs, gone-on-resume, error-rate, latency, history)"
                    )))
                }
            }
        }
        Ok(f)
    }

    /// Starts or ends an outage (tests of how clients live through one).
    pub fn set_outage(&self, on: bool) {
        self.outage.store(on, Ordering::Relaxed);
    }

    pub fn in_outage(&self) -> bool {
        self.outage.load(Ordering::Relaxed)
    }

    /// Starts or lifts a stall (tests of how clients notice a server that stopped answering).
    pub fn set_stall(&self, on: bool) {
        self.stall.send_replace(on);
    }

    pub fn stalled(&self) -> bool {
        *self.stall.borrow()
    }

    /// Returns once no stall is on: held answers then go out as if nothing had happened.
    pub async fn hold_while_stalled(&self) {
        let mut rx = self.stall.subscribe();
        let _ = rx.wait_for(|on| !*on).await;
    }

    /// Returns when a stall starts (at once if one is on).
    pub async fn stall_begins(&self) {
        let mut rx = self.stall.subscribe();
        let _ = rx.wait_for(|on| *on).await;
    }

    /// Refuses (or allows again) every request in `namespace`, as RBAC does when the caller's
    /// RoleBinding there is removed (or restored). Watches already open go on, as on a real
    /// apiserver, until they end.
    pub fn set_forbidden(&self, namespace: &str, on: bool) {
        let mut set = self.forbidden.lock().unwrap_or_else(|p| p.into_inner());
        if on {
            set.insert(namespace.to_string());
        } else {
            set.remove(namespace);
        }
    }

    pub fn forbids(&self, namespace: &str) -> bool {
        let set = self.forbidden.lock().unwrap_or_else(|p| p.into_inner());
        set.contains(namespace)
    }

    /// Some namespace is refused: a list across all namespaces is refused too (RBAC grants
    /// a cluster-wide list only to whom every namespace is open).
    pub fn forbids_any(&self) -> bool {
        let set = self.forbidden.lock().unwrap_or_else(|p| p.into_inner());
        !set.is_empty()
    }

    pub fn note_watch_dropped(&self) {
        self.watches_dropped.fetch_add(1, Ordering::Relaxed);
    }

    pub fn watches_dropped(&self) -> u64 {
        self.watches_dropped.load(Ordering::Relaxed)
    }

    /// A cheap, reproducible coin: a counter through a mixing function.
    pub fn roll(&self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        let n = self.rolls.fetch_add(1, Ordering::Relaxed);
        let mut x = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 31;
        (x as f64 / u64::MAX as f64) < p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_fault() {
        let f = Faults::parse(
            "drop-watches=10s,gone-on-resume=1,error-rate=0.05,latency=50ms,history=100,drop-logs=2s",
        )
        .unwrap();
        assert_eq!(f.drop_logs, Some(Duration::from_secs(2)));
        assert_eq!(f.drop_watches, Some(Duration::from_secs(10)));
        assert_eq!(f.latency, Some(Duration::from_millis(50)));
        assert_eq!(f.gone_on_resume, 1.0);
        assert_eq!(f.error_rate, 0.05);
        assert_eq!(f.history, Some(100));
        assert!(f.roll(1.0));
        assert!(!f.roll(0.0));
    }

    #[test]
    fn a_namespace_is_forbidden_until_allowed_again() {
        let f = Faults::default();
        assert!(!f.forbids("payments-qa"));
        f.set_forbidden("payments-qa", true);
        assert!(f.forbids("payments-qa") && !f.forbids("payments-dev"));
        f.set_forbidden("payments-qa", false);
        assert!(!f.forbids("payments-qa"));
    }

    #[test]
    fn rejects_bad_specs() {
        assert!(Faults::parse("drop-watches").is_err());
        assert!(Faults::parse("error-rate=2").is_err());
        assert!(Faults::parse("latency=fast").is_err());
        assert!(Faults::parse("explode=1").is_err());
        assert!(Faults::parse("").is_ok());
    }
}
