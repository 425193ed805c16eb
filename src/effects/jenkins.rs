//! The runner's Jenkins half: one client per team (from the config), one keyed task per slot
//! (the latest replaces the old; leaving a screen stops its slot), and the read-only guard for
//! the writes (trigger, stop, reload).

use std::collections::HashMap;

use super::{Runner, TaskKey};
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot, TriggerProgress};
use crate::app::msg::Msg;
use crate::config::DeployJobs;
use crate::jenkins::reload::ReloadPhase;
use crate::jenkins::{poll, ErrorKind, JenkinsClient, JenkinsError};
use crate::outbox::Outbox;

impl Runner {
    /// The teams' Jenkins clients (launch builds them from the config).
    pub fn set_jenkins(&mut self, clients: HashMap<String, JenkinsClient>) {
        self.jenkins = clients;
    }

    /// Refuse every write (`--readonly`).
    pub fn set_readonly(&mut self, readonly: bool) {
        self.readonly = readonly;
    }

    /// Namespaces of protected stages (`payments-prod`).
    pub fn set_protected(&mut self, namespaces: Vec<String>) {
        self.protected = namespaces.into_iter().collect();
    }

    /// Each team's deploy and uninstall jobs: which stages a triggered job changes.
    pub fn set_deploy_jobs(&mut self, jobs: std::collections::BTreeMap<String, DeployJobs>) {
        self.deploy_jobs = jobs;
    }

    /// The protected namespace a trigger would change without the user having typed its name.
    /// The target is decided here from the job and its parameters (the team's job templates,
    /// its stage parameter, the `deploy-<stage>` convention), not taken from the view: a
    /// `STAGE`-parameterised job deploying `prod` needs `prod` typed like `deploy-prod` does.
    pub(super) fn unconfirmed_protected(&self, effect: &JenkinsEffect) -> Option<String> {
        let JenkinsEffect::TriggerBuild {
            team,
            job,
            params,
            confirmed,
            deploy,
            ..
        } = effect
        else {
            return None;
        };
        let jobs = self.deploy_jobs.get(team).cloned().unwrap_or_default();
        let mut targets: Vec<String> = jobs
            .targets(&job.full_name(), params)
            .into_iter()
            .map(|s| format!("{team}-{s}"))
            .collect();
        targets.extend(deploy.iter().cloned());
        targets
            .into_iter()
            .find(|ns| self.protected.contains(ns) && confirmed.as_deref() != Some(ns.as_str()))
    }

    pub(super) fn run_jenkins(&mut self, effect: JenkinsEffect) {
        let tx = Outbox::new(self.tx.clone());
        if effect.is_write() && self.readonly {
            self.refuse_write(&effect);
            return;
        }
        if let Some(ns) = self.unconfirmed_protected(&effect) {
            self.refuse_unconfirmed(&effect, &ns);
            return;
        }
        let team = match &effect {
            JenkinsEffect::PollJobs { team, .. }
            | JenkinsEffect::PollLabels { team, .. }
            | JenkinsEffect::PollJob { team, .. }
            | JenkinsEffect::PollStageBuilds { team, .. }
            | JenkinsEffect::PollBuild { team, .. }
            | JenkinsEffect::FollowConsole { team, .. }
            | JenkinsEffect::LoadParams { team, .. }
            | JenkinsEffect::TriggerBuild { team, .. }
            | JenkinsEffect::StopBuild { team, .. }
            | JenkinsEffect::FollowDeploy { team, .. }
            | JenkinsEffect::ReloadJcasc { team, .. } => team.clone(),
            JenkinsEffect::Stop(slot) => {
                self.stop(&TaskKey::Jenkins(*slot));
                return;
            }
        };
        let Some(c) = self.jenkins.get(&team).cloned() else {
            self.no_jenkins(&team, effect);
            return;
        };
        let key = |s: JenkinsSlot| TaskKey::Jenkins(s);
        match effect {
            JenkinsEffect::PollJobs {
                expanded,
                generation,
                ..
            } => self.spawn(
                key(JenkinsSlot::Jobs),
                poll::poll_jobs(c, expanded, generation, tx),
            ),
            JenkinsEffect::PollLabels {
                labels, generation, ..
            } => self.spawn(
                key(JenkinsSlot::Labels),
                poll::poll_labels(c, labels, generation, tx),
            ),
            JenkinsEffect::PollStageBuilds {
                jobs, generation, ..
            } => self.spawn(
                key(JenkinsSlot::StageBuilds),
                poll::poll_stage_builds(c, jobs, generation, tx),
            ),
            JenkinsEffect::PollJob {
                job,
                limit,
                generation,
                ..
            } => self.spawn(
                key(JenkinsSlot::Job),
                poll::poll_job(c, job, limit, generation, tx),
            ),
            JenkinsEffect::PollBuild {
                job,
                number,
                generation,
                ..
            } => self.spawn(
                key(JenkinsSlot::Build),
                poll::poll_build(c, job, number, generation, tx),
            ),
            JenkinsEffect::FollowConsole {
                job,
                number,
                generation,
                ..
            } => self.spawn(
                key(JenkinsSlot::Console),
                poll::follow_console(c, job, number, generation, tx),
            ),
            JenkinsEffect::LoadParams {
                job, generation, ..
            } => self.spawn(
                key(JenkinsSlot::Trigger),
                poll::load_params(c, job, generation, tx),
            ),
            JenkinsEffect::TriggerBuild {
                job,
                params,
                parameterized,
                generation,
                deploy,
                ..
            } => self.spawn(
                // A deploy's queue item is followed by the stage's task: the form is gone.
                deploy.map_or(key(JenkinsSlot::Trigger), TaskKey::Deploy),
                poll::trigger(c, job, params, parameterized, generation, tx),
            ),
            JenkinsEffect::FollowDeploy {
                namespace,
                job,
                number,
                generation,
                ..
            } => {
                let console =
                    poll::follow_console(c.clone(), job.clone(), number, generation, tx.clone());
                let build = poll::poll_build(c, job, number, generation, tx);
                self.spawn(TaskKey::Deploy(namespace), async move {
                    tokio::join!(build, console);
                });
            }
            JenkinsEffect::StopBuild { job, number, .. } => {
                tokio::spawn(poll::stop_build(c, job, number, tx));
            }
            JenkinsEffect::ReloadJcasc { generation, .. } => {
                self.spawn(key(JenkinsSlot::Reload), poll::reload(c, generation, tx))
            }
            JenkinsEffect::Stop(_) => {}
        }
    }

    /// The answer a write gets in read-only mode: its own failure, in the words of the guard
    /// (the app shows it where the write was asked for, and as a notice).
    /// No view may skip the protected-stage check: it is made again here.
    fn refuse_unconfirmed(&self, effect: &JenkinsEffect, ns: &str) {
        let JenkinsEffect::TriggerBuild {
            job, generation, ..
        } = effect
        else {
            return;
        };
        let error = JenkinsError::new(
            ErrorKind::Protected,
            format!(
                "{job} changes the protected stage {ns}: type {ns} to confirm; nothing was started"
            ),
        );
        let reply = Msg::Jenkins(JenkinsMsg::Trigger {
            generation: *generation,
            progress: TriggerProgress::Failed(error),
        });
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(reply).await;
        });
    }

    fn refuse_write(&self, effect: &JenkinsEffect) {
        let error = |what: String| {
            JenkinsError::new(
                ErrorKind::ReadOnly,
                format!(
                    "read-only mode: {what} refused (started with --readonly or readonly: true)"
                ),
            )
        };
        let reply = match effect.clone() {
            JenkinsEffect::TriggerBuild {
                job, generation, ..
            } => JenkinsMsg::Trigger {
                generation,
                progress: TriggerProgress::Failed(error(format!("build {job}"))),
            },
            JenkinsEffect::StopBuild { team, job, number } => JenkinsMsg::BuildStopped {
                team,
                result: Err(error(format!("stop {job} #{number}"))),
                job,
                number,
            },
            JenkinsEffect::ReloadJcasc { team, generation } => JenkinsMsg::Reload {
                phase: ReloadPhase::Failed(error(format!(
                    "Update configuration of {team}'s Jenkins"
                ))),
                team,
                generation,
            },
            _ => return,
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(Msg::Jenkins(reply)).await;
        });
    }

    /// A team without `jenkins:` in the config: the view says which key to add.
    fn no_jenkins(&self, team: &str, effect: JenkinsEffect) {
        let e = JenkinsError::new(
            ErrorKind::Token,
            format!("no Jenkins for team {team}: add teams[{team}].jenkins (url, user, token_file) to the config"),
        );
        let reply = match effect {
            JenkinsEffect::PollJobs {
                team, generation, ..
            } => JenkinsMsg::JobsPolled {
                team,
                generation,
                result: Err(e),
            },
            JenkinsEffect::PollLabels {
                team, generation, ..
            } => JenkinsMsg::LabelsPolled {
                team,
                generation,
                result: Err(e),
            },
            JenkinsEffect::PollJob { generation, .. } => JenkinsMsg::JobPolled {
                generation,
                result: Err(e),
            },
            JenkinsEffect::PollStageBuilds { generation, .. } => JenkinsMsg::StageBuildsPolled {
                generation,
                result: Err(e),
            },
            JenkinsEffect::PollBuild { generation, .. } => JenkinsMsg::BuildPolled {
                generation,
                result: Err(e),
            },
            JenkinsEffect::FollowConsole { generation, .. } => JenkinsMsg::ConsoleFailed {
                generation,
                error: e,
                retrying: false,
            },
            JenkinsEffect::LoadParams { generation, .. } => JenkinsMsg::ParamsLoaded {
                generation,
                result: Err(e),
            },
            JenkinsEffect::TriggerBuild { generation, .. } => JenkinsMsg::Trigger {
                generation,
                progress: TriggerProgress::Failed(e),
            },
            JenkinsEffect::StopBuild { team, job, number } => JenkinsMsg::BuildStopped {
                team,
                job,
                number,
                result: Err(e),
            },
            JenkinsEffect::FollowDeploy { generation, .. } => JenkinsMsg::BuildPolled {
                generation,
                result: Err(e),
            },
            JenkinsEffect::ReloadJcasc { team, generation } => JenkinsMsg::Reload {
                team,
                generation,
                phase: ReloadPhase::Failed(e),
            },
            JenkinsEffect::Stop(_) => return,
        };
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(Msg::Jenkins(reply)).await;
        });
    }
}
