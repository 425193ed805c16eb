//! What the simulated Jenkins' deploy and uninstall jobs do to the cluster when they succeed:
//! `helmfile -e <stage> apply` writes a new revision of each release as Helm does (an install if
//! the release was uninstalled) and rolls its pods; `destroy` uninstalls the releases (their
//! revision Secrets are deleted). The workloads of an uninstalled release keep running: the
//! simulation does not remove Deployments.

use jiff::Timestamp;

use super::dynamics::begin_delete;
use super::releases::{chart_for, values};
use super::{World, Writes};
use crate::sim::helm_store::{OpTimes, Outcome, SecretWrite};
use crate::sim::kinds::Kind;

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

impl World {
    /// `helm upgrade --install` of `releases` (names like `payments-api`) in `<team>-<stage>`,
    /// with image tag `tag`, between `started` and `finished`; then the releases' pods roll.
    /// Returns how many releases got a new revision.
    pub fn helm_apply(
        &self,
        team: &str,
        stage: &str,
        releases: &[String],
        tag: &str,
        started: Timestamp,
        finished: Timestamp,
    ) -> usize {
        let Some(t) = self.teams.iter().find(|t| t.name == team) else {
            return 0;
        };
        let ns = t.namespace(stage);
        let mut inner = self.inner.lock().expect("world lock");
        let mut w = Writes::default();
        let mut done = 0;
        for app in &t.apps {
            let release = format!("{team}-{}", app.short);
            if !releases.contains(&release) {
                continue;
            }
            let Some(h) = inner.releases.get_mut(&(ns.clone(), release.clone())) else {
                continue;
            };
            let chart = chart_for(app);
            let vals = values(t, app, stage, &format!("{}-{tag}", app.app_version));
            let times = OpTimes::new(started, finished);
            let result = if h.latest().is_none() {
                h.install(&chart, vals, times, Outcome::Succeeded)
            } else {
                h.upgrade(&chart, vals, times, Outcome::Succeeded)
            };
            if let Ok(writes) = result {
                record(writes, &mut w);
                done += 1;
            }
            let pods: Vec<String> = inner
                .pods
                .iter()
                .filter(|((pns, _), p)| {
                    *pns == ns
                        && p.deletion.is_none()
                        && p.owner.as_ref().is_some_and(|o| {
                            o.name.rsplit_once('-').is_some_and(|(d, _)| d == release)
                        })
                })
                .map(|((_, name), _)| name.clone())
                .collect();
            for pod in pods {
                begin_delete(&mut inner, &ns, &pod, finished, &mut w);
            }
        }
        w.flush_deployments(&inner);
        drop(inner);
        w.apply(&self.store);
        done
    }

    /// `helm uninstall` of `releases` in `<team>-<stage>`: every revision Secret is deleted.
    /// Returns how many releases were uninstalled.
    pub fn helm_destroy(
        &self,
        team: &str,
        stage: &str,
        releases: &[String],
        started: Timestamp,
        finished: Timestamp,
    ) -> usize {
        let ns = format!("{team}-{stage}");
        let mut inner = self.inner.lock().expect("world lock");
        let mut w = Writes::default();
        let mut done = 0;
        for release in releases {
            let Some(h) = inner.releases.get_mut(&(ns.clone(), release.clone())) else {
                continue;
            };
            if let Ok(writes) = h.uninstall(false, OpTimes::new(started, finished)) {
                record(writes, &mut w);
                done += 1;
            }
        }
        drop(inner);
        w.apply(&self.store);
        done
    }
}
