//! Load scenarios for the benchmarks (`demo serve --big-team`, `--huge-namespace`,
//! `--bulk-releases`, `--churn`, `--log-rate`): bulk objects written into the store beside the
//! default world, which stays exactly as it is (its story and the tests on it do not move).
//!
//! A bulk pod is a copy of one of the team's real running pods (same spec and status shape as
//! the world writes them, so every client reads it as it reads the others) under a name of its
//! own, owned by a ReplicaSet of its own. The world's clockwork does not know them: they run
//! steadily, and change only by the churn, which restarts their container one after the other
//! at a fixed rate, independent of the crash clockwork.

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use serde_json::{json, Value};

use super::helm_samples::bulk_release_secrets;
use super::kinds::Kind;
use super::store::Store;
use super::world::World;

/// What to add to the default world.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scenario {
    /// Bulk pods spread over the first team's stages (`payments`: one big team).
    pub big_team: usize,
    /// Bulk pods in one namespace of their own, `advisory-load` (a stage of `advisory`).
    pub huge_namespace: usize,
    /// Releases × revisions in `payments-bench`, as Helm writes them.
    pub bulk_releases: Option<(usize, u32)>,
    /// Pod events per second, steady, over the bulk pods (or the world's when there are none).
    pub churn: u32,
    /// Bytes a second written to the log of pod `log-firehose` in the first team's dev stage.
    pub log_rate: Option<u64>,
}

/// The namespace of `--huge-namespace`.
pub const HUGE_NAMESPACE: &str = "advisory-load";
/// The namespace of `--bulk-releases`.
pub const RELEASES_NAMESPACE: &str = "payments-bench";

impl Scenario {
    pub fn is_empty(&self) -> bool {
        *self == Scenario::default()
    }
}

/// The bulk pods written, by (namespace, name): what the churn goes over.
pub type BulkPods = Vec<(String, String)>;

/// How often the churn marks its first pod (see [`marked`]).
const MARKER_EVERY: Duration = Duration::from_millis(500);

/// The namespace of `--log-rate`'s pod: the first team's dev stage (`payments-dev`).
pub fn log_rate_namespace(world: &World) -> String {
    world
        .teams
        .first()
        .map(|t| t.namespace("dev"))
        .unwrap_or_default()
}

/// Writes the scenario's objects into the store.
pub fn populate(world: &World, s: &Scenario) -> BulkPods {
    let store = world.store();
    let mut pods = Vec::new();
    if let Some(team) = world.teams.first() {
        let stages: Vec<String> = team.stages().iter().map(|s| team.namespace(s)).collect();
        for (i, ns) in stages.iter().enumerate() {
            // The remainder goes to the first stages.
            let n = s.big_team / stages.len() + usize::from(i < s.big_team % stages.len());
            pods.extend(bulk_pods(store, ns, ns, n));
        }
    }
    if s.huge_namespace > 0 {
        let template = world
            .teams
            .get(1)
            .or(world.teams.first())
            .map(|t| t.namespace(&t.stages()[0]))
            .unwrap_or_default();
        namespace(store, HUGE_NAMESPACE);
        pods.extend(bulk_pods(
            store,
            &template,
            HUGE_NAMESPACE,
            s.huge_namespace,
        ));
    }
    if let Some(rate) = s.log_rate {
        let ns = log_rate_namespace(world);
        if let Err(e) = world.add_log_rate_pod(&ns, rate) {
            tracing::warn!("no log-rate pod: {e}");
        }
    }
    if let Some((releases, revisions)) = s.bulk_releases {
        namespace(store, RELEASES_NAMESPACE);
        let now = store.clock.now();
        for secret in bulk_release_secrets(RELEASES_NAMESPACE, releases, revisions, now) {
            let v = serde_json::to_value(secret).expect("a Secret serializes");
            store.put(Kind::Secret, v);
        }
    }
    pods
}

fn namespace(store: &Store, name: &str) {
    store.put(
        Kind::Namespace,
        json!({"metadata": {"name": name, "labels": {"kubernetes.io/metadata.name": name}},
               "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}),
    );
}

/// `n` copies of a running pod of `from`, in `into`, under a ReplicaSet `bulk-<hash>`.
fn bulk_pods(store: &Store, from: &str, into: &str, n: usize) -> BulkPods {
    if n == 0 {
        return Vec::new();
    }
    let (_, candidates) = store.snapshot(Kind::Pod, Some(from), None, |o| {
        o.field("status.phase") == "Running"
    });
    let Some(template) = candidates.first().map(|o| o.value()) else {
        tracing::warn!("no running pod in {from} to copy: no bulk pods for {into}");
        return Vec::new();
    };
    // A pod-template-hash as the ReplicaSet controller makes one: ten of [a-z0-9], here from
    // the namespace's name.
    let hash = into.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let alphabet = b"bcdfghjklmnpqrstvwxz2456789";
    let suffix: String = (0..10)
        .map(|i| alphabet[((hash >> (i * 6)) % alphabet.len() as u64) as usize] as char)
        .collect();
    let rs = format!("bulk-{suffix}");
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("{rs}-{i:05}");
        let mut v = template.clone();
        let meta = &mut v["metadata"];
        meta["name"] = json!(name);
        meta["namespace"] = json!(into);
        meta["generateName"] = json!(format!("{rs}-"));
        for k in ["uid", "resourceVersion", "creationTimestamp"] {
            if let Some(m) = meta.as_object_mut() {
                m.remove(k);
            }
        }
        meta["labels"] = json!({"app.kubernetes.io/name": "bulk", "pod-template-hash": rs.trim_start_matches("bulk-")});
        meta["ownerReferences"] = json!([{
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs,
            "uid": format!("00000000-0000-4000-8000-{:012x}", hash & 0xffff_ffff_ffff),
            "controller": true, "blockOwnerDeletion": true
        }]);
        store.put(Kind::Pod, v);
        out.push((into.to_string(), name));
    }
    out
}

/// Restarts the bulk pods' first container one after the other, `rate` times a second, until
/// the task is dropped: steady MODIFIED events, whatever the world's clockwork does.
pub fn start_churn(
    world: Arc<World>,
    mut pods: BulkPods,
    rate: u32,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if rate == 0 {
            return;
        }
        let store = world.store().clone();
        if pods.is_empty() {
            let (_, all) = store.snapshot(Kind::Pod, None, None, |o| {
                o.field("status.phase") == "Running"
            });
            // The log-rate pod keeps its one run: a restart would start its log over.
            pods = all
                .iter()
                .filter(|o| o.name != super::world::log_rate::POD)
                .map(|o| (o.namespace.clone(), o.name.clone()))
                .collect();
        }
        if pods.is_empty() {
            return;
        }
        // Ticks of 10 ms (or fewer at low rates): the events are spread, not bursts of a second.
        let ticks_per_sec = rate.clamp(1, 100);
        let mut tick = tokio::time::interval(Duration::from_secs(1) / ticks_per_sec);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        let mut next = 0usize;
        let mut sent: u64 = 0;
        let started = tokio::time::Instant::now();
        let mut marked_at = started;
        loop {
            tick.tick().await;
            if marked_at.elapsed() >= MARKER_EVERY {
                marked_at = tokio::time::Instant::now();
                let (ns, name) = &pods[0];
                if let Some(o) = store.get(Kind::Pod, ns, name) {
                    store.put(Kind::Pod, marked(o.value(), std::time::SystemTime::now()));
                }
            }
            // As many as the rate owes by now: steady even when a tick came late.
            let due = (started.elapsed().as_secs_f64() * f64::from(rate)) as u64;
            let owed = due.saturating_sub(sent);
            for _ in 0..owed {
                let (ns, name) = &pods[next % pods.len()];
                next += 1;
                if let Some(o) = store.get(Kind::Pod, ns, name) {
                    store.put(Kind::Pod, restarted(o.value(), store.clock.now()));
                }
            }
            sent += owed;
        }
    })
}

/// The marker the benchmark times event → screen with: the first container waits with the
/// reason `M` + the write's wall-clock milliseconds modulo 10^6 (six digits: fits the STATUS
/// column, wraps every 16 minutes, far longer than any lag). A reader that sees it on screen
/// knows when it was written without asking anyone.
pub fn marked(mut v: Value, at: std::time::SystemTime) -> Value {
    let ms = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() % 1_000_000);
    if let Some(c) = v
        .pointer_mut("/status/containerStatuses/0")
        .and_then(Value::as_object_mut)
    {
        c.insert(
            "state".into(),
            json!({"waiting": {"reason": format!("M{ms:06}"),
                               "message": "benchmark marker: the write's time in milliseconds"}}),
        );
    }
    v
}

/// The pod with its first container restarted: one more restart, running since `now`.
fn restarted(mut v: Value, now: Timestamp) -> Value {
    let at = now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    if let Some(c) = v
        .pointer_mut("/status/containerStatuses/0")
        .and_then(Value::as_object_mut)
    {
        let n = c.get("restartCount").and_then(Value::as_u64).unwrap_or(0);
        let last = c.get("state").cloned();
        c.insert("restartCount".into(), json!(n + 1));
        if let Some(Value::Object(mut last)) = last {
            if let Some(Value::Object(r)) = last.remove("running") {
                let started = r.get("startedAt").cloned().unwrap_or(json!(at));
                c.insert(
                    "lastState".into(),
                    json!({"terminated": {"exitCode": 0, "reason": "Completed",
                                          "startedAt": started, "finishedAt": at}}),
                );
            }
        }
        c.insert("state".into(), json!({"running": {"startedAt": at}}));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_carries_its_writes_milliseconds() {
        let pod = json!({"status": {"containerStatuses": [{"name": "app", "restartCount": 2,
            "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}]}});
        let at = std::time::UNIX_EPOCH + Duration::from_millis(1_764_000_123_456);
        let v = marked(pod, at);
        let c = &v["status"]["containerStatuses"][0];
        assert_eq!(c["state"]["waiting"]["reason"], "M123456");
        assert_eq!(c["restartCount"], 2);
    }

    #[test]
    fn a_restart_counts_and_keeps_the_last_run() {
        let pod = json!({"status": {"containerStatuses": [{"name": "app", "restartCount": 2,
            "state": {"running": {"startedAt": "2026-01-01T00:00:00Z"}}}]}});
        let now: Timestamp = "2026-01-01T00:05:00Z".parse().unwrap();
        let v = restarted(pod, now);
        let c = &v["status"]["containerStatuses"][0];
        assert_eq!(c["restartCount"], 3);
        assert_eq!(c["state"]["running"]["startedAt"], "2026-01-01T00:05:00Z");
        assert_eq!(
            c["lastState"]["terminated"]["startedAt"],
            "2026-01-01T00:00:00Z"
        );
    }
}
