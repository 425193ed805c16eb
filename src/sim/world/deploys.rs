//! What deploy and uninstall runs do to the cluster (see `sim::deploy_plan` for how a run is
//! planned). `helmfile apply` writes each changed release's `pending-upgrade` (or
//! `pending-install`) revision when its Apply stage starts and rolls the pods its values
//! describe; when `--wait` ends the revision becomes `deployed` (the previous one
//! `superseded`) or, if the pods never came up, `failed`; a stopped run's releases fail with
//! `context canceled`. `destroy` uninstalls: the Secrets go, and so do the Deployments,
//! ReplicaSets, Services and pods.

use jiff::Timestamp;
use serde_json::Value;

use super::catalog::{App, Behaviour};
use super::releases::chart_for;
use super::workload_spec::{computed, workload_spec, WorkloadSpec};
use super::{rollout, Inner, World, Writes};
use crate::helm::release::ReleaseStatus;
use crate::sim::deploy_plan::{DeployRun, StepKind};
use crate::sim::helm_store::{ChartSpec, OpTimes, Outcome, ReleaseHistory, SecretWrite};
use crate::sim::kinds::Kind;

/// The deployed state of a release as a run plans against it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseHead {
    pub revision: u32,
    pub chart_version: String,
    /// The user-supplied values of the latest revision.
    pub values: Value,
    pub failed: bool,
    /// An operation is under way (a pending revision, or a run waiting for pods).
    pub pending: bool,
}

/// An install or upgrade waiting for its pods: what it writes when the wait ends.
pub(super) struct Waiting {
    /// The history as it stands once the operation ended as planned.
    after: ReleaseHistory,
    end: Vec<SecretWrite>,
    /// To redo the operation as failed when the run is stopped.
    chart: ChartSpec,
    values: Value,
    started: Timestamp,
    /// The run that started it (`payments/deploy-qa #91`).
    run: String,
}

fn record(writes: Vec<SecretWrite>, w: &mut Writes) {
    for s in writes {
        match s {
            SecretWrite::Create(secret) | SecretWrite::Update(secret) => {
                w.put(
                    Kind::Secret,
                    serde_json::to_value(secret).unwrap_or_default(),
                );
            }
            SecretWrite::Delete { namespace, name } => {
                w.deletes.push((Kind::Secret, namespace, name));
            }
        }
    }
}

fn secret_exists<'a>(world: &'a World, ns: &str) -> impl Fn(&str) -> bool + 'a {
    let ns = ns.to_string();
    move |name: &str| world.store.get(Kind::Secret, &ns, name).is_some()
}

/// The chart with the version the Helmfile pins (the repo holds it: see `deploy_plan`).
fn chart(app: &App, version: &str) -> ChartSpec {
    let mut c = chart_for(app);
    if !version.is_empty() {
        c.version = version.to_string();
    }
    c
}

impl World {
    /// The latest revision of a release, if it has one.
    pub fn release_head(&self, ns: &str, name: &str) -> Option<ReleaseHead> {
        let inner = self.inner.lock().expect("world lock");
        let key = (ns.to_string(), name.to_string());
        let latest = inner.releases.get(&key)?.latest()?.clone();
        Some(ReleaseHead {
            revision: latest.version,
            chart_version: latest.chart.metadata.version.clone(),
            values: Value::Object(latest.config.clone()),
            failed: latest.info.status == ReleaseStatus::Failed,
            pending: latest.info.status.is_pending()
                || inner.waits.contains_key(&key)
                || inner.reserved.contains_key(&key),
        })
    }

    /// A run was planned: the releases it will change are held until its Apply stage starts
    /// (or it ends without one), so that a run planned meanwhile finds them busy.
    pub fn reserve(&self, run: &DeployRun, by: &str) {
        let mut inner = self.inner.lock().expect("world lock");
        for step in &run.releases {
            if matches!(step.kind, StepKind::Upgrade { .. } | StepKind::Delete) {
                inner
                    .reserved
                    .entry((step.namespace.clone(), step.name.clone()))
                    .or_insert_with(|| by.to_string());
            }
        }
    }

    /// The pods `values` (user-supplied) would give `app` as `release` in `ns`.
    pub fn workload_for(&self, app: &App, ns: &str, release: &str, values: &Value) -> WorkloadSpec {
        let team = ns.split_once('-').map(|(t, _)| t).unwrap_or(ns);
        let computed = computed(&chart_for(app).default_values, values);
        workload_spec(team, app, release, &computed, &secret_exists(self, ns))
    }

    /// The Apply (or Destroy) stage of `run` starts at `at`; `wait_until` is when `--wait` ends
    /// if the pods come up. `by` names the build (`payments/deploy-qa #91`).
    pub fn begin_run(&self, run: &DeployRun, by: &str, at: Timestamp, wait_until: Timestamp) {
        let specs: Vec<Option<WorkloadSpec>> = run
            .releases
            .iter()
            .map(|s| {
                s.app
                    .as_ref()
                    .map(|a| self.workload_for(a, &s.namespace, &s.name, &s.values))
            })
            .collect();
        let mut inner = self.inner.lock().expect("world lock");
        inner.now = inner.now.max(at);
        inner.reserved.retain(|_, r| r != by);
        // A namespace being deleted takes nothing new (the API refuses Helm's writes).
        if inner.closed.contains(&run.namespace()) {
            return;
        }
        // A release that is missing its chart or held by another operation fails the apply
        // before any upgrade waits (the console prints no release as upgraded); uninstalls of
        // releases the Helmfile dropped still happen.
        let blocked = run
            .releases
            .iter()
            .any(|s| matches!(s.kind, StepKind::ChartMissing(_) | StepKind::Locked));
        let mut w = Writes::default();
        for (step, spec) in run.releases.iter().zip(specs) {
            let key = (step.namespace.clone(), step.name.clone());
            let held = inner.waits.get(&key).is_some_and(|wt| wt.run != by);
            if step.namespace.is_empty() || (held && !matches!(step.kind, StepKind::Delete)) {
                // Helm refuses a release with no namespace, and an upgrade of one another run
                // holds (an uninstall goes ahead).
                continue;
            }
            match (&step.kind, &step.app, spec) {
                (StepKind::Delete, _, _) => uninstall(&mut inner, &key, at, &mut w),
                (StepKind::Upgrade { .. }, Some(app), Some(spec)) if !blocked => {
                    let outcome = if spec.behaviour == Behaviour::Healthy {
                        Outcome::Succeeded
                    } else {
                        Outcome::Failed("context deadline exceeded".into())
                    };
                    let chart = chart(app, &step.version);
                    let mut h = inner
                        .releases
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| ReleaseHistory::new(&step.name, &step.namespace));
                    h.set_description(Some(format!("Deployed by {by}")));
                    let times = OpTimes::new(at, wait_until);
                    let staged = if h.latest().is_none() {
                        h.install_staged(&chart, step.values.clone(), times, outcome)
                    } else {
                        h.upgrade_staged(&chart, step.values.clone(), times, outcome)
                    };
                    let Ok(staged) = staged else { continue };
                    h.set_description(None);
                    record(staged.begin, &mut w);
                    inner.waits.insert(
                        key.clone(),
                        Waiting {
                            after: h,
                            end: staged.end,
                            chart,
                            values: step.values.clone(),
                            started: at,
                            run: by.to_string(),
                        },
                    );
                    rollout::apply(&mut inner, app, (&key.0, &key.1), &spec, at, &mut w);
                }
                _ => {}
            }
        }
        w.flush_deployments(&mut inner);
        drop(inner);
        w.apply(&self.store);
    }

    /// `--wait` of `by`'s operations ended at `at`: as planned, or (`stopped`) cut short.
    pub fn finish_run(&self, by: &str, at: Timestamp, stopped: bool) {
        let mut inner = self.inner.lock().expect("world lock");
        inner.now = inner.now.max(at);
        inner.reserved.retain(|_, r| r != by);
        let mut w = Writes::default();
        let keys: Vec<(String, String)> = inner
            .waits
            .iter()
            .filter(|(_, wt)| wt.run == by)
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            let Some(wt) = inner.waits.remove(&key) else {
                continue;
            };
            if !stopped {
                record(wt.end, &mut w);
                inner.releases.insert(key, wt.after);
                continue;
            }
            // Helm's wait was interrupted: the operation fails with the context's error.
            let mut h = inner
                .releases
                .get(&key)
                .cloned()
                .unwrap_or_else(|| ReleaseHistory::new(&key.1, &key.0));
            let times = OpTimes::new(wt.started, at);
            let failed = Outcome::Failed("context canceled".into());
            let staged = if h.latest().is_none() {
                h.install_staged(&wt.chart, wt.values, times, failed)
            } else {
                h.upgrade_staged(&wt.chart, wt.values, times, failed)
            };
            if let Ok(staged) = staged {
                record(staged.end, &mut w);
                inner.releases.insert(key, h);
            }
        }
        drop(inner);
        w.apply(&self.store);
    }
}

/// `helm uninstall`: the latest revision turns `uninstalling`, every Secret is deleted, and
/// the release's objects go.
fn uninstall(inner: &mut Inner, key: &(String, String), at: Timestamp, w: &mut Writes) {
    // An operation still waiting has written its pending revision: its history knows that
    // Secret too, so that nothing is left behind.
    let waiting = inner.waits.remove(key).map(|wt| wt.after);
    if let Some(mut h) = waiting.or_else(|| inner.releases.get(key).cloned()) {
        if let Ok(writes) = h.uninstall(false, OpTimes::new(at, at)) {
            record(writes, w);
        }
    }
    inner.releases.remove(key);
    rollout::remove(inner, &key.0, &key.1, at, w);
}
