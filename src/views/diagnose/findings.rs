//! What diagnose lists: the failing pods and Helm releases of a scope, each with its one-line
//! why, worst first. Built from the world's compact rows whenever it is needed (no copy kept,
//! so it is always as live as the watches). No ratatui, no I/O.

use jiff::{SignedDuration, Timestamp};

use crate::app::world::{Stage, World};
use crate::cluster::health::Health;
use crate::cluster::human_duration::age_since;
use crate::cluster::pod_row::PodRow;
use crate::helm::{ReleaseRow, ReleaseStatus};
use crate::views::pods::PodScope;

/// A pod that restarted this recently is listed even while it runs: a crash loop between two
/// crashes is still a crash loop, and it should not blink in and out of the list.
pub const RECENT_RESTART: SignedDuration = SignedDuration::from_mins(10);

/// A release operation running longer than this is most likely dead, and Helm refuses every
/// other operation on the release until someone ends it.
pub const STUCK_PENDING: SignedDuration = SignedDuration::from_mins(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    Pod(&'a PodRow),
    Release(&'a ReleaseRow),
    /// A PersistentVolumeClaim that is not Bound.
    Claim(&'a crate::cluster::resource::ResourceRow),
}

/// Identity of a finding, to keep the selection on it while the list changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FindingKey {
    pub release: bool,
    pub namespace: String,
    pub name: String,
}

/// Where `enter` takes the user for a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// The container died before: its previous log says why.
    PreviousLog,
    /// The pod ran once and stopped (a failed job): its log says why.
    Log,
    /// It never ran (scheduling, image, config): the events say why.
    Events,
    /// A release: its history says which revision failed, and why.
    ReleaseHistory,
    /// A claim: describe shows its events (the provisioner's why).
    ClaimEvents,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding<'a> {
    pub subject: Subject<'a>,
    pub namespace: &'a str,
    /// The stage part of the namespace (`qa` of `payments-qa`).
    pub stage: &'a str,
    pub name: &'a str,
    /// For ranking and colour: a running pod that just restarted counts as `Warn`.
    pub health: Health,
    pub why: String,
    restarts: i64,
    recency: Option<Timestamp>,
}

/// The counts of the scope line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub pods: usize,
    pub failing: usize,
    pub restarting: usize,
    pub releases: usize,
    pub releases_failed: usize,
    pub releases_pending: usize,
}

impl Finding<'_> {
    pub fn key(&self) -> FindingKey {
        FindingKey {
            release: matches!(self.subject, Subject::Release(_)),
            namespace: self.namespace.to_string(),
            name: self.name.to_string(),
        }
    }

    pub fn pod(&self) -> Option<&PodRow> {
        match self.subject {
            Subject::Pod(p) => Some(p),
            Subject::Release(_) | Subject::Claim(_) => None,
        }
    }

    pub fn evidence(&self) -> Evidence {
        let p = match self.subject {
            Subject::Pod(p) => p,
            Subject::Release(_) => return Evidence::ReleaseHistory,
            Subject::Claim(_) => return Evidence::ClaimEvents,
        };
        if p.restarts > 0 || p.last_termination.is_some() {
            Evidence::PreviousLog
        } else if ran_and_failed(p) {
            Evidence::Log
        } else {
            Evidence::Events
        }
    }

    /// The text `/` matches.
    pub fn haystack(&self) -> String {
        format!("{} {} {}", self.namespace, self.name, self.why)
    }
}

/// A pod whose containers ran and ended badly without a restart (a job's pod): the current
/// container's log is the evidence. An evicted pod's containers are gone, so it is not one.
fn ran_and_failed(p: &PodRow) -> bool {
    let s = p.status.strip_prefix("Init:").unwrap_or(&p.status);
    matches!(s, "Error" | "OOMKilled") || s.starts_with("ExitCode:") || s.starts_with("Signal:")
}

/// A pod stuck before its containers ever ran: waiting for a node, an image, a Secret.
fn never_ran(p: &PodRow) -> bool {
    let s = p.status.as_str();
    s.starts_with("Init:")
        || matches!(
            s,
            "Pending"
                | "ContainerCreating"
                | "PodInitializing"
                | "SchedulingGated"
                | "ImagePullBackOff"
                | "ErrImagePull"
                | "InvalidImageName"
                | "CreateContainerConfigError"
                | "CreateContainerError"
        )
}

/// Per pod of `ns`, the newest failing readiness (or liveness) probe the kubelet reported: the
/// why of a pod that runs but is not ready. Read from the stage's events, which diagnose
/// watches while it is on screen (`EVENT_CELLS`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE).
fn probe_failures(world: &World, ns: &str) -> std::collections::HashMap<String, String> {
    use crate::cluster::resource::{Cell, ResourceKey, ResourceKind};
    let mut newest: std::collections::HashMap<String, (Option<Timestamp>, String)> =
        std::collections::HashMap::new();
    let key = ResourceKey::new(ResourceKind::Event, Some(ns));
    let Some(set) = world.resources.get(&key) else {
        return std::collections::HashMap::new();
    };
    fn text(c: Option<&Cell>) -> Option<&str> {
        match c {
            Some(Cell::Text(t)) => Some(t.as_str()),
            _ => None,
        }
    }
    for r in set.rows.values().filter(|r| r.warning) {
        let (Some("Unhealthy"), Some(object), Some(message)) =
            (text(r.cells.get(2)), text(r.cells.get(3)), text(r.cells.get(4)))
        else {
            continue;
        };
        let Some(pod) = object.strip_prefix("pod/") else {
            continue;
        };
        let entry = newest
            .entry(pod.to_string())
            .or_insert((None, String::new()));
        if entry.1.is_empty() || r.when > entry.0 {
            *entry = (r.when, message.to_string());
        }
    }
    newest.into_iter().map(|(k, (_, m))| (k, m)).collect()
}

/// The failing things of `scope`, worst first (severity, then restarts, then the most recent),
/// and the scope's counts.
pub fn findings<'a>(
    world: &'a World,
    scope: &PodScope,
    now: Timestamp,
) -> (Vec<Finding<'a>>, Tally) {
    let mut out = Vec::new();
    let mut tally = Tally::default();
    for stage in world
        .stages
        .values()
        .filter(|s| scope.covers(world, &s.namespace))
    {
        tally.pods += stage.pods.len();
        let probes = probe_failures(world, &stage.namespace);
        for p in stage.pods.values() {
            let health = if p.health.is_failing() {
                tally.failing += 1;
                p.health
            } else if p
                .last_restart
                .is_some_and(|t| now.duration_since(t) <= RECENT_RESTART)
            {
                tally.restarting += 1;
                Health::Warn
            } else {
                continue;
            };
            out.push(Finding {
                subject: Subject::Pod(p),
                namespace: &stage.namespace,
                stage: &stage.stage,
                name: &p.name,
                health,
                why: with_probe(pod_why(p, now), p, probes.get(&p.name)),
                restarts: p.restarts,
                recency: p
                    .last_restart
                    .max(p.last_termination.as_ref().and_then(|t| t.finished_at))
                    .or(p.created),
            });
        }
        release_findings(stage, now, &mut out, &mut tally);
        claim_findings(world, stage, now, &mut out);
    }
    out.sort_by(|a, b| {
        b.health
            .severity()
            .cmp(&a.health.severity())
            .then_with(|| b.restarts.cmp(&a.restarts))
            .then_with(|| b.recency.cmp(&a.recency))
            .then_with(|| a.namespace.cmp(b.namespace))
            .then_with(|| a.name.cmp(b.name))
    });
    (out, tally)
}

/// Claims of the stage that are not Bound (from the claim watch diagnose runs): a Pending one
/// keeps its pods from starting, a Lost one has lost its volume.
fn claim_findings<'a>(world: &'a World, stage: &'a Stage, now: Timestamp, out: &mut Vec<Finding<'a>>) {
    use crate::cluster::resource::{Cell, ResourceKey, ResourceKind};
    let key = ResourceKey::new(ResourceKind::PersistentVolumeClaim, Some(&stage.namespace));
    let Some(set) = world.resources.get(&key) else {
        return;
    };
    for r in set.rows.values() {
        let text = |i: usize| match r.cells.get(i) {
            Some(Cell::Text(t)) => t.clone(),
            _ => String::new(),
        };
        // kubectl's cells: STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS …
        let (status, class) = (text(0), text(4));
        let health = match status.as_str() {
            "Pending" => Health::Pending,
            "Lost" => Health::Failed,
            _ => continue,
        };
        let since = r.created.map(|t| age_since(Some(t), now)).unwrap_or_default();
        let users: Vec<&str> = stage
            .pods
            .values()
            .filter(|p| p.claims.contains(&r.name))
            .map(|p| p.name.as_str())
            .collect();
        let mut why = if status == "Lost" {
            "claim Lost: its volume is gone".to_string()
        } else if class.is_empty() {
            format!("claim Pending for {since}: no storage class")
        } else {
            format!("claim Pending for {since} (storage class {class})")
        };
        if !users.is_empty() {
            why.push_str(&format!("; {} wait(s) for it", users.join(", ")));
        }
        out.push(Finding {
            subject: Subject::Claim(r),
            namespace: &stage.namespace,
            stage: &stage.stage,
            name: &r.name,
            health,
            why,
            restarts: 0,
            recency: r.created,
        });
    }
}

fn release_findings<'a>(
    stage: &'a Stage,
    now: Timestamp,
    out: &mut Vec<Finding<'a>>,
    tally: &mut Tally,
) {
    for (name, r) in stage.current_releases() {
        if r.status == ReleaseStatus::Uninstalled {
            continue;
        }
        tally.releases += 1;
        let since = r.modified.map(|t| age_since(Some(t), now));
        let (health, why) = match r.status {
            ReleaseStatus::Failed => {
                tally.releases_failed += 1;
                let mut why = format!("release rev {} failed", r.revision);
                if let Some(s) = &since {
                    why.push_str(&format!(" {s} ago"));
                }
                // What runs now: the newest revision that did deploy, if any.
                let deployed = stage
                    .releases
                    .values()
                    .filter(|o| o.name == name && o.revision < r.revision)
                    .filter(|o| o.status == ReleaseStatus::Deployed)
                    .map(|o| o.revision)
                    .max();
                match deployed {
                    Some(rev) => why.push_str(&format!("; rev {rev} is still deployed")),
                    None => why.push_str("; no revision is deployed"),
                }
                (Health::Failed, why)
            }
            s if s.is_pending() => {
                tally.releases_pending += 1;
                let stuck = r
                    .modified
                    .is_some_and(|t| now.duration_since(t) > STUCK_PENDING);
                let mut why = format!("release rev {} {}", r.revision, s.as_str());
                if let Some(s) = &since {
                    why.push_str(&format!(" for {s}"));
                }
                if stuck {
                    why.push_str("; stuck? Helm refuses other operations until it ends");
                    (Health::Warn, why)
                } else {
                    (Health::Pending, why)
                }
            }
            _ => continue,
        };
        out.push(Finding {
            subject: Subject::Release(r),
            namespace: &stage.namespace,
            stage: &stage.stage,
            name,
            health,
            why,
            restarts: 0,
            recency: r.modified,
        });
    }
}

/// A running pod that is not ready: its failing probe says why (`Running, 0/1 ready:
/// Readiness probe failed: HTTP probe failed with statuscode: 503`).
fn with_probe(why: String, p: &PodRow, probe: Option<&String>) -> String {
    match probe {
        Some(m) if p.ready < p.total && p.status == "Running" => format!("{why}: {m}"),
        _ => why,
    }
}

/// `CrashLoopBackOff, 14 restarts, last exit 137 OOMKilled 2m ago` / `ImagePullBackOff: <the
/// waiting message>` / `Pending: 0/3 nodes are available: insufficient memory`.
pub fn pod_why(p: &PodRow, now: Timestamp) -> String {
    let mut facts = Vec::new();
    if p.ready < p.total && p.status == "Running" {
        facts.push(format!("{}/{} ready", p.ready, p.total));
    }
    if p.restarts > 0 {
        facts.push(format!(
            "{} restart{}",
            p.restarts,
            if p.restarts == 1 { "" } else { "s" }
        ));
    }
    if let Some(t) = &p.last_termination {
        let mut s = format!("last exit {}", t.exit_code);
        if !t.reason.is_empty() {
            s.push(' ');
            s.push_str(&t.reason);
        }
        if p.total > 1 {
            s.push_str(&format!(" ({})", t.container));
        }
        if let Some(f) = t.finished_at {
            s.push_str(&format!(" {} ago", age_since(Some(f), now)));
        }
        facts.push(s);
    }
    let mut why = p.status.clone();
    if p.restarts == 0 && p.last_termination.is_none() && p.created.is_some() {
        let age = age_since(p.created, now);
        if ran_and_failed(p) {
            facts.push(format!("pod created {age} ago"));
        } else if never_ran(p) {
            // It has been stuck like this since it was made.
            why.push_str(&format!(" for {age}"));
        }
    }
    if !facts.is_empty() {
        why.push_str(", ");
        why.push_str(&facts.join(", "));
    }
    // The kubelet's back-off message only repeats the status.
    let message = p
        .message
        .as_deref()
        .filter(|m| !(p.status == "CrashLoopBackOff" && m.starts_with("back-off")));
    if let Some(m) = message {
        why.push_str(": ");
        why.push_str(m);
    }
    why.split_whitespace().collect::<Vec<_>>().join(" ")
}
