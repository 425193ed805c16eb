//! The runner's helmfile half: deploy or uninstall a stage with `helmfile` from the team's
//! clone (one task per stage, `TaskKey::Deploy`), and cancel it. The read-only guard and the
//! protected-stage check are made here again, whatever a view asked.

use std::ffi::OsString;
use std::time::Duration;

use tokio::sync::oneshot;

use super::{Runner, TaskKey};
use crate::app::effect::helmfile::HelmfileEffect;
use crate::outbox::Outbox;
use crate::repo::deploy_task::{self, HelmfileDeploy};
use crate::repo::helmfile::run::{HelmfileEvent, HelmfileMsg};

/// SIGINT → SIGTERM (and SIGTERM → SIGKILL) when a run is cancelled.
pub const GRACE: Duration = Duration::from_secs(10);

impl Runner {
    /// Where `helmfile` and `helm` are looked up (the process's PATH by default); tests pass a
    /// directory of stand-in scripts here instead of changing the process's environment.
    pub fn set_tool_path(&mut self, path: Option<OsString>) {
        self.tool_path = path;
    }

    /// The grace period of a cancel (tests make it short).
    pub fn set_helmfile_grace(&mut self, grace: Duration) {
        self.helmfile_grace = grace;
    }

    pub(super) fn run_helmfile(&mut self, effect: HelmfileEffect) {
        let out: Outbox<HelmfileMsg> = Outbox::new(self.tx.clone());
        let (team, namespace, stage, kind, confirmed) = match effect {
            HelmfileEffect::Cancel { namespace } => {
                if let Some(c) = self.helmfile_cancel.remove(&namespace) {
                    let _ = c.send(());
                }
                return;
            }
            HelmfileEffect::Run {
                team,
                namespace,
                stage,
                kind,
                confirmed,
            } => (team, namespace, stage, kind, confirmed),
        };
        let refuse = |why: String| {
            let out = out.clone();
            let namespace = namespace.clone();
            tokio::spawn(async move {
                out.send(HelmfileMsg {
                    namespace,
                    event: HelmfileEvent::Refused(why),
                })
                .await;
            });
        };
        let verb = kind.helmfile_verb();
        if self.readonly {
            return refuse(format!(
                "read-only mode: helmfile {verb} of {namespace} refused (started with --readonly or readonly: true)"
            ));
        }
        if self.protected.contains(&namespace) && confirmed.as_deref() != Some(namespace.as_str()) {
            return refuse(format!(
                "helmfile {verb} changes the protected stage {namespace}: type {namespace} to confirm; nothing was started"
            ));
        }
        let Some(t) = self.repos.get(&team).cloned() else {
            return refuse(format!(
                "no config repo for team {team}: add teams[{team}].repo (url, branch, path) to the config"
            ));
        };
        let (cancel, cancelled) = oneshot::channel();
        self.helmfile_cancel.insert(namespace.clone(), cancel);
        let d = HelmfileDeploy {
            namespace: namespace.clone(),
            stage,
            verb,
            path_var: self.tool_path.clone(),
            grace: self.helmfile_grace,
        };
        self.spawn(
            TaskKey::Deploy(namespace),
            deploy_task::deploy(t, d, cancelled, out),
        );
    }
}
