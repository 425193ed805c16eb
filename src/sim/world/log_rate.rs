//! A container that writes its log at a fixed byte rate (`demo serve --log-rate 1MB`): lines of
//! [`LINE_BYTES`] numbered from 0, so a reader can count what it lost (a gap in the numbers) and
//! how far behind it is (the line's own time against the clock). Like the app logs, line `k` is
//! a pure function of `k` and the run's start: any window costs only its own lines.

use jiff::{SignedDuration, Timestamp};

use super::logs::Instance;
use super::pod::{CState, SimPod};
use super::{Inner, World};
use crate::sim::kinds::Kind;

/// Every line's length, its newline included (the kubelet's timestamp prefix not counted).
pub const LINE_BYTES: u64 = 100;
/// The kubelet keeps ~10 MiB of a container's log: what is older is rotated away.
const RETAINED_BYTES: u64 = 10 * 1024 * 1024;
/// The pod written by [`World::add_log_rate_pod`], in the first team's dev stage.
pub const POD: &str = "log-firehose";

/// The offset of line `k` from the run's start.
fn offset(k: u64, rate: u64) -> SignedDuration {
    let nanos = i128::from(k) * i128::from(LINE_BYTES) * 1_000_000_000 / i128::from(rate.max(1));
    SignedDuration::from_nanos(i64::try_from(nanos).unwrap_or(i64::MAX))
}

/// The first line written at or after `offset` from the start.
fn first_at(since_start: SignedDuration, rate: u64) -> u64 {
    let nanos = since_start.as_nanos().max(0);
    let per = i128::from(LINE_BYTES) * 1_000_000_000;
    let k = (nanos * i128::from(rate.max(1)) + per - 1) / per;
    u64::try_from(k).unwrap_or(u64::MAX)
}

/// Line `k`: its time, level, number, then filler up to [`LINE_BYTES`] with the newline.
fn text(k: u64, t: Timestamp) -> String {
    let mut s = format!(
        "{} INFO log-rate seq={k:010} ",
        t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
    );
    const FILLER: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let want = LINE_BYTES as usize - 1;
    let mut i = 0;
    while s.len() < want {
        s.push(FILLER[i % FILLER.len()] as char);
        i += 1;
    }
    s.truncate(want);
    s
}

/// Lines written in `[from, to)` (never past the run's end), oldest first; what the kubelet
/// would have rotated away by `to` is not there.
pub fn lines(
    inst: &Instance,
    rate: u64,
    from: Timestamp,
    to: Timestamp,
) -> Vec<(Timestamp, String)> {
    let to = match inst.end {
        Some((end, _)) if end < to => end,
        _ => to,
    };
    let from = from.max(inst.start);
    if to <= from {
        return Vec::new();
    }
    let end = first_at(to.duration_since(inst.start), rate);
    let kept = RETAINED_BYTES / LINE_BYTES;
    let first = first_at(from.duration_since(inst.start), rate).max(end.saturating_sub(kept));
    (first..end)
        .map(|k| {
            let t = inst.start + offset(k, rate);
            (t, text(k, t))
        })
        .collect()
}

/// When the first line after `t` is written.
pub fn next_line_after(inst: &Instance, rate: u64, t: Timestamp) -> Timestamp {
    let since = t.duration_since(inst.start);
    let mut k = first_at(since, rate);
    if inst.start + offset(k, rate) <= t {
        k += 1;
    }
    let at = inst.start + offset(k, rate);
    match inst.end {
        Some((end, _)) => at.min(end),
        None => at,
    }
}

impl World {
    /// Starts pod [`POD`] in `namespace`: a copy of a healthy one-container pod running there,
    /// owned by nothing (as `kubectl run` makes one), whose container writes `rate` bytes of
    /// numbered lines a second for as long as the world runs. Returns its name.
    pub fn add_log_rate_pod(&self, namespace: &str, rate: u64) -> Result<String, String> {
        let now = self.store.clock.now();
        let mut inner = self.inner.lock().expect("world lock");
        let mut pod = template(&inner, namespace)
            .ok_or_else(|| format!("no running one-container pod in {namespace} to copy"))?;
        pod.name = POD.to_string();
        pod.uid = format!(
            "00000000-0000-4000-8000-{:012x}",
            pod.seed & 0xffff_ffff_ffff
        );
        pod.owner = None;
        pod.labels = [("run".to_string(), POD.to_string())].into();
        pod.created = now;
        pod.started = Some(now);
        let c = &mut pod.containers[0];
        c.name = "firehose".to_string();
        c.app = POD.to_string();
        c.state = CState::Running { started: now };
        c.restarts = 0;
        c.last = None;
        c.planned_end = None;
        c.log_rate = Some(rate.max(1));
        let json = pod.to_json();
        inner.pods.insert(pod.key(), pod);
        drop(inner);
        self.store.put(Kind::Pod, json);
        Ok(POD.to_string())
    }
}

fn template(inner: &Inner, namespace: &str) -> Option<SimPod> {
    inner
        .pods
        .values()
        .find(|p| {
            p.ns == namespace
                && p.deletion.is_none()
                && p.containers.len() == 1
                && p.all_ready()
                && p.containers[0].planned_end.is_none()
                && matches!(p.containers[0].state, CState::Running { .. })
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(rate: u64) -> Instance {
        Instance {
            app: POD.into(),
            lang: super::super::logs::Lang::Go,
            seed: 1,
            start: "2026-11-24T10:00:00Z".parse().unwrap(),
            end: None,
            rate: Some(rate),
        }
    }

    #[test]
    fn a_second_holds_the_rate_in_numbered_lines_of_the_same_length() {
        let i = inst(1_000_000);
        let a = i.start + SignedDuration::from_secs(5);
        let second = lines(&i, 1_000_000, a, a + SignedDuration::from_secs(1));
        assert_eq!(second.len(), 10_000);
        assert!(second.iter().all(|(_, l)| l.len() as u64 + 1 == LINE_BYTES));
        assert!(second[0].1.contains("seq=0000050000 "), "{}", second[0].1);
        assert!(second[9_999].1.contains("seq=0000059999 "));
        // Windows tile: the next one starts where this one ended, nothing twice or skipped.
        let next = lines(
            &i,
            1_000_000,
            a + SignedDuration::from_secs(1),
            a + SignedDuration::from_secs(2),
        );
        assert!(next[0].1.contains("seq=0000060000 "));
    }

    #[test]
    fn the_next_line_follows_the_last_one_and_old_lines_are_rotated_away() {
        let i = inst(1_000_000);
        let t = i.start + SignedDuration::from_millis(10);
        let next = next_line_after(&i, 1_000_000, t);
        assert_eq!(next, i.start + SignedDuration::from_micros(10_100));
        // An hour at 1 MB/s is 3.6 GB: only the last ~10 MiB are kept.
        let hour = i.start + SignedDuration::from_secs(3600);
        let all = lines(&i, 1_000_000, i.start, hour);
        assert_eq!(all.len() as u64, RETAINED_BYTES / LINE_BYTES);
        assert!(all.last().unwrap().1.contains("seq=0035999999 "));
    }
}
