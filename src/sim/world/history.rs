//! The seeded Helm history of a stage, replayed from what happened before the world started:
//! the namespace's first install, then each deploy and uninstall build of the team's Jenkins in
//! start order against the values history of its config repo (for a team without deploy jobs,
//! a `helmfile apply` by hand after each commit). A build writes a revision for each release
//! whose values changed since its latest one (`APPS=<app>`: that one, changed or not), with
//! the build named in the description; the revision fails when the pods its values describe
//! cannot come up. What each build did is kept for its console.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;

use super::catalog::{Behaviour, Team};
use super::releases::chart_for;
use super::workload_spec::{computed, workload_spec, WorkloadSpec};
use crate::sim::config_repo::{files_at, values_in, ValuesCommit};
use crate::sim::deploy_plan::{DeployRun, ReleaseStep, StepKind};
use crate::sim::helm_store::{OpTimes, Outcome, ReleaseHistory};
use crate::sim::jenkins::engine::HistoryRun;

/// What the replay leaves of one release.
pub(super) struct Replayed {
    pub history: ReleaseHistory,
    /// The pods its latest revision describes, and when that template was rolled out.
    pub spec: WorkloadSpec,
    pub rolled_at: Timestamp,
}

/// A history build's run and whether it succeeded.
pub(super) type RunRecord = ((String, u32), Arc<DeployRun>, bool);

pub(super) struct StageReplay {
    /// By app index; an app missing here is not installed at the world's start.
    pub releases: BTreeMap<usize, Replayed>,
    pub runs: Vec<RunRecord>,
}

struct Ctx<'a> {
    team: &'a Team,
    stage: &'a str,
    ns: String,
    commits: &'a [ValuesCommit],
    /// The world's start: everything replayed ended before it.
    start: Timestamp,
}

impl Ctx<'_> {
    fn release(&self, ai: usize) -> String {
        format!("{}-{}", self.team.name, self.team.apps[ai].short)
    }

    fn values(&self, files: &BTreeMap<String, String>, ai: usize) -> Value {
        values_in(files, self.team, ai, self.stage)
    }

    fn spec(&self, ai: usize, values: &Value) -> WorkloadSpec {
        let app = &self.team.apps[ai];
        let release = self.release(ai);
        let credentials = format!("{release}-db-credentials");
        let exists = |s: &str| s == credentials;
        let computed = computed(&chart_for(app).default_values, values);
        workload_spec(&self.team.name, app, &release, &computed, &exists)
    }
}

/// Why history builds that failed on their own failed (before they changed anything): the
/// weather of a real cluster and chart repository.
const TRANSIENT: &[&str] = &[
    "Error: Kubernetes cluster unreachable: Get \"https://kubernetes.default.svc/version\": net/http: TLS handshake timeout",
    "Error: failed to download chart: GET https://charts.example.com/index.yaml: 502 Bad Gateway",
    "Error: helm-diff: rpc error: code = Unavailable desc = connection reset by peer",
];

/// Applies the values at `at` to the apps `only` names (all if None): one `helmfile apply`
/// (or `helm upgrade --install` of one app when `single`). Returns the steps and whether all
/// releases came up.
#[allow(clippy::too_many_arguments)]
fn apply(
    cx: &Ctx,
    state: &mut BTreeMap<usize, Replayed>,
    only: Option<&str>,
    single: bool,
    at: Timestamp,
    (started, finished): (Timestamp, Timestamp),
    by: Option<&str>,
) -> (Vec<ReleaseStep>, bool) {
    let files = files_at(cx.commits, at);
    let mut steps = Vec::new();
    let mut ok = true;
    for (ai, app) in cx.team.apps.iter().enumerate() {
        if only.is_some_and(|a| a != app.short) {
            continue;
        }
        let values = cx.values(&files, ai);
        let spec = cx.spec(ai, &values);
        let before = state.get(&ai).and_then(|r| r.history.latest().cloned());
        let old_values = before.as_ref().map(|r| Value::Object(r.config.clone()));
        let changed = old_values.as_ref() != Some(&values);
        if !changed && !single {
            steps.push(step(
                cx,
                ai,
                &values,
                old_values.as_ref(),
                StepKind::Unchanged {
                    revision: before.as_ref().map_or(0, |r| r.version),
                },
                None,
                before.is_some(),
            ));
            continue;
        }
        let chart = chart_for(app);
        let outcome = if spec.behaviour == Behaviour::Healthy {
            Outcome::Succeeded
        } else {
            ok = false;
            Outcome::Failed("context deadline exceeded".into())
        };
        // A run still waiting at the world's start is history: it ended just before.
        let finished = finished.min(cx.start - SignedDuration::from_secs(1));
        let times = OpTimes::new(started.min(finished), finished);
        let entry = state.remove(&ai);
        let mut h = entry
            .as_ref()
            .map(|r| r.history.clone())
            .unwrap_or_else(|| ReleaseHistory::new(cx.release(ai), cx.ns.clone()));
        h.set_description(by.map(|b| format!("Deployed by {b}")));
        let fresh = h.latest().is_none();
        let done = if fresh {
            h.install(&chart, values.clone(), times, outcome)
        } else {
            h.upgrade(&chart, values.clone(), times, outcome)
        };
        h.set_description(None);
        if done.is_err() {
            if let Some(e) = entry {
                state.insert(ai, e);
            }
            continue;
        }
        let revision = h.latest().map_or(1, |r| r.version);
        let rolled_at = match &entry {
            Some(e) if e.spec == spec => e.rolled_at,
            _ => started,
        };
        steps.push(step(
            cx,
            ai,
            &values,
            old_values.as_ref(),
            StepKind::Upgrade { revision },
            spec.why.clone(),
            !fresh,
        ));
        state.insert(
            ai,
            Replayed {
                history: h,
                spec,
                rolled_at,
            },
        );
    }
    (steps, ok)
}

fn step(
    cx: &Ctx,
    ai: usize,
    values: &Value,
    before: Option<&Value>,
    kind: StepKind,
    failure: Option<String>,
    deployed: bool,
) -> ReleaseStep {
    let app = &cx.team.apps[ai];
    let mut changed = Vec::new();
    if let Some(b) = before {
        crate::sim::deploy_plan::diff_keys("", b, values, &mut changed);
    }
    ReleaseStep {
        name: cx.release(ai),
        namespace: cx.ns.clone(),
        chart: format!("{}/{}", cx.team.name, app.short),
        version: app.chart_version.to_string(),
        app: Some(app.clone()),
        kind,
        // A history run is never carried out (it happened before the world started): its
        // console tells the changed keys and images, so the values themselves are not kept, a
        // large world would hold one copy per release per build.
        values: Value::Null,
        // The images the pods run, as the Deployment's template has them.
        image_before: before.map(|b| cx.spec(ai, b).image),
        image_after: Some(cx.spec(ai, values).image),
        changed,
        deployed,
        failure,
    }
}

fn run_of(cx: &Ctx, destroy: bool, single: bool, releases: Vec<ReleaseStep>) -> DeployRun {
    DeployRun {
        team: cx.team.name.clone(),
        stage: cx.stage.to_string(),
        destroy,
        commit: String::new(),
        subject: String::new(),
        error: None,
        releases,
        single,
        timeout: 120,
    }
}

/// Applies each commit after `first` once `delay` has passed since its push (taking `secs`),
/// as long as that is before `until`: deploys by hand, or by builds Jenkins no longer keeps.
fn apply_commits(
    cx: &Ctx,
    state: &mut BTreeMap<usize, Replayed>,
    first: Timestamp,
    (delay, secs): (SignedDuration, i64),
    until: Timestamp,
) {
    for c in cx.commits.iter().filter(|c| c.at > first) {
        let at = c.at + delay;
        if at >= until {
            break;
        }
        let window = (at, at + SignedDuration::from_secs(secs));
        apply(cx, state, None, false, at, window, None);
    }
}

/// Replays the stage's history from the namespace's creation to `start`.
pub(super) fn replay(
    team: &Team,
    stage: &str,
    (created, start): (Timestamp, Timestamp),
    commits: &[ValuesCommit],
    runs: &[HistoryRun],
) -> StageReplay {
    let cx = Ctx {
        team,
        stage,
        ns: team.namespace(stage),
        commits,
        start,
    };
    let mut state = BTreeMap::new();
    let first = created + SignedDuration::from_mins(10);
    apply(
        &cx,
        &mut state,
        None,
        false,
        first,
        (first, first + SignedDuration::from_secs(45)),
        None,
    );
    let mut out = Vec::new();
    if team.deploys_by_jenkins() {
        // Before the oldest build Jenkins still keeps, builds it has discarded deployed each
        // change a couple of hours after it was pushed.
        let kept_from = runs
            .iter()
            .filter(|r| r.stage == stage)
            .map(|r| r.start)
            .min()
            .unwrap_or(start);
        apply_commits(
            &cx,
            &mut state,
            first,
            (SignedDuration::from_hours(2), 90),
            kept_from,
        );
        for r in runs.iter().filter(|r| r.stage == stage && r.start <= first) {
            // Before the stage existed: Helm could not write into a missing namespace.
            let mut run = run_of(&cx, r.destroy, r.app.is_some(), Vec::new());
            run.error = Some(format!(
                "Error: create: failed to create: namespaces \"{}\" not found",
                cx.ns
            ));
            out.push(((r.job.clone(), r.number), Arc::new(run), false));
        }
        for r in runs.iter().filter(|r| r.stage == stage && r.start > first) {
            let key = (r.job.clone(), r.number);
            let window = (
                r.start + SignedDuration::from_secs(12),
                (r.end - SignedDuration::from_secs(2)).max(r.start + SignedDuration::from_secs(13)),
            );
            let by = format!("{}/{} #{}", team.name, r.job, r.number);
            if r.destroy {
                if !(r.confirmed && r.planned_ok) {
                    continue;
                }
                let gone: Vec<ReleaseStep> = state
                    .iter()
                    .map(|(ai, rep)| {
                        let v = rep
                            .history
                            .latest()
                            .map(|l| Value::Object(l.config.clone()))
                            .unwrap_or_default();
                        step(&cx, *ai, &v, Some(&v), StepKind::Delete, None, true)
                    })
                    .collect();
                state.clear();
                out.push((key, Arc::new(run_of(&cx, true, false, gone)), true));
                continue;
            }
            if !r.planned_ok {
                let mut run = run_of(&cx, false, r.app.is_some(), Vec::new());
                run.error = Some(TRANSIENT[r.number as usize % TRANSIENT.len()].replace(
                    "charts.example.com",
                    &format!("charts.{}.example.com", team.name),
                ));
                out.push((key, Arc::new(run), false));
                continue;
            }
            if r.dry {
                // Only the diff: a copy of the state takes the apply and is thrown away.
                let mut scratch: BTreeMap<usize, Replayed> = state
                    .iter()
                    .map(|(k, v)| {
                        (
                            *k,
                            Replayed {
                                history: v.history.clone(),
                                spec: v.spec.clone(),
                                rolled_at: v.rolled_at,
                            },
                        )
                    })
                    .collect();
                let (steps, _) = apply(
                    &cx,
                    &mut scratch,
                    r.app.as_deref(),
                    r.app.is_some(),
                    r.start,
                    window,
                    None,
                );
                out.push((
                    key,
                    Arc::new(run_of(&cx, false, r.app.is_some(), steps)),
                    true,
                ));
                continue;
            }
            let (steps, ok) = apply(
                &cx,
                &mut state,
                r.app.as_deref(),
                r.app.is_some(),
                r.start,
                window,
                Some(&by),
            );
            out.push((
                key,
                Arc::new(run_of(&cx, false, r.app.is_some(), steps)),
                ok,
            ));
        }
    } else {
        // No deploy jobs: someone runs `helmfile -e <stage> apply` after each commit.
        apply_commits(
            &cx,
            &mut state,
            first,
            (SignedDuration::from_mins(15), 60),
            start,
        );
    }
    StageReplay {
        releases: state,
        runs: out,
    }
}
