//! Deploy and uninstall in the app: the keys and commands that start one (refused at the key
//! when read-only), the form that gives way to the deploy screen once the trigger is sent,
//! the Jenkins answers routed to the run, and the watches a followed run needs.

use std::collections::BTreeSet;

use super::deploy::{BuildPhase, DeployRun, Ended};
use super::effect::Effect;
use super::jenkins::{JenkinsEffect, JenkinsMsg};
use super::msg::Notice;
use super::nav::Screen;
use super::App;
use crate::config::{DeployKind, DeployMode};
use crate::jenkins::JobPath;
use crate::views::deploy::DeployState;
use crate::views::trigger::{DeployIntent, TriggerState};

impl App {
    fn say(&mut self, n: Notice) -> Vec<Effect> {
        self.notice = Some((n, self.now));
        Vec::new()
    }

    /// The one stage the user is looking at: the matrix's selected row, or the stage a screen
    /// is scoped to (pods, releases, a release, a pod, values of a stage).
    pub(super) fn stage_in_view(&self) -> Option<String> {
        let one = |v: &[String]| match v {
            [ns] => Some(ns.clone()),
            _ => None,
        };
        match self.top() {
            Screen::Stages(s) => s.selected_namespace(&self.world),
            Screen::Pods(p) => one(&p.scope.namespaces),
            Screen::Diagnose(d) => one(&d.scope.namespaces),
            Screen::Releases(r) => one(&r.scope.namespaces),
            Screen::Release(r) => Some(r.namespace.clone()),
            Screen::Pod(p) => Some(p.namespace.clone()),
            Screen::Deploy(d) => Some(d.namespace.clone()),
            Screen::Drift(d) => d.namespace(&self.world),
            Screen::Timeline(t) => Some(t.namespace.clone()),
            Screen::Cost(c) => c.selected_namespace(&self.world, self.now),
            Screen::Promotion(p) => p.namespace(&self.world),
            Screen::Values(v) => v
                .stage
                .as_ref()
                .map(|s| format!("{}-{s}", v.team))
                .filter(|ns| self.world.stages.contains_key(ns)),
            _ => None,
        }
    }

    /// `I`/`X`, `:deploy [stage]`, `:uninstall [stage]`.
    pub(super) fn start_deploy(&mut self, kind: DeployKind, arg: Option<&str>) -> Vec<Effect> {
        let namespace = match arg {
            Some(a) => match self.scope_for(Some(a)) {
                Some(s) if s.namespaces.len() == 1 => s.namespaces[0].clone(),
                Some(_) => {
                    return self.say(Notice::error(format!(
                        "{} one stage at a time: name it (:{} payments-qa)",
                        kind.verb(),
                        kind.verb()
                    )))
                }
                None => return Vec::new(),
            },
            None => match self.stage_in_view() {
                Some(ns) => ns,
                // Nothing in view: the latest run that is still going, if any.
                None => match self.latest_running() {
                    Some(ns) => return self.open_deploy(&ns),
                    None => {
                        return self.say(Notice::error(format!(
                            "{} which stage? select one, or :{} <stage>",
                            kind.verb(),
                            kind.verb()
                        )))
                    }
                },
            },
        };
        // A running one is followed, not started twice.
        if self
            .world
            .deploys
            .get(&namespace)
            .is_some_and(DeployRun::is_running)
        {
            if matches!(self.top(), Screen::Deploy(d) if d.namespace == namespace) {
                return Vec::new();
            }
            return self.open_deploy(&namespace);
        }
        if self.readonly {
            return self.say(Notice::error(format!(
                "read-only mode: {} of {namespace} refused (started with --readonly or readonly: true)",
                kind.verb()
            )));
        }
        let Some((team, stage)) = self
            .world
            .team_of(&namespace)
            .map(|(t, s)| (t.to_string(), s.to_string()))
        else {
            return self.say(Notice::error(format!("{namespace} is no team's stage")));
        };
        let jobs = self.world.deploy_jobs_of(&team);
        if jobs.mode == DeployMode::Helmfile {
            // Asked first on the deploy screen; the runner checks the tools and the clone.
            let protected = self.world.protected.contains(&namespace);
            return self.push(Screen::Deploy(DeployState::asking(
                &namespace, &team, &stage, kind, protected,
            )));
        }
        let job = JobPath::parse(&jobs.job(kind, &stage));
        let intent = DeployIntent {
            kind,
            namespace,
            prefill: self.stage_branch_prefill(&team, &stage, jobs.prefill(&stage)),
        };
        self.push(Screen::Trigger(TriggerState::for_deploy(
            &team, job, intent,
        )))
    }

    fn latest_running(&self) -> Option<String> {
        self.world
            .deploys
            .values()
            .filter(|r| r.is_running())
            .max_by_key(|r| r.started_at)
            .map(|r| r.namespace.clone())
    }

    /// The deploy screen of a stage's run (the one below is kept: esc goes back to it).
    pub(super) fn open_deploy(&mut self, namespace: &str) -> Vec<Effect> {
        self.push(Screen::Deploy(DeployState::new(namespace)))
    }

    /// A deploy form sent its trigger: the run starts and the form gives way to its screen.
    pub(super) fn deploys_started(&mut self, effects: &[Effect]) -> Vec<Effect> {
        let mut out = Vec::new();
        for e in effects {
            let Effect::Jenkins(JenkinsEffect::TriggerBuild {
                team,
                job,
                generation,
                deploy: Some(ns),
                ..
            }) = e
            else {
                continue;
            };
            let Screen::Trigger(t) = self.top() else {
                continue;
            };
            let Some(intent) = t.deploy.clone() else {
                continue;
            };
            let stage = self
                .world
                .team_of(ns)
                .map_or(String::new(), |(_, s)| s.to_string());
            let run = DeployRun::new(
                team,
                ns,
                &stage,
                intent.kind,
                job.clone(),
                *generation,
                self.now,
                self.world.stages.get(ns),
            );
            self.world.deploys.insert(ns.clone(), run);
            out.extend(self.replace_top(Screen::Deploy(DeployState::new(ns))));
        }
        out
    }

    /// Jenkins answers about a followed run (matched by its generation).
    pub(super) fn on_deploy_jenkins(&mut self, m: &JenkinsMsg) -> Vec<Effect> {
        let g = match m {
            JenkinsMsg::Trigger { generation, .. }
            | JenkinsMsg::BuildPolled { generation, .. }
            | JenkinsMsg::ConsoleRead { generation, .. }
            | JenkinsMsg::ConsoleFailed { generation, .. } => *generation,
            _ => return Vec::new(),
        };
        let Some(run) = self.world.deploys.values_mut().find(|r| r.generation == g) else {
            return Vec::new();
        };
        self.dirty = true;
        match m {
            JenkinsMsg::Trigger { progress, .. } => {
                if let Some(number) = run.on_trigger(progress) {
                    return vec![Effect::Jenkins(JenkinsEffect::FollowDeploy {
                        team: run.team.clone(),
                        namespace: run.namespace.clone(),
                        job: run.job.clone(),
                        number,
                        generation: g,
                    })];
                }
            }
            JenkinsMsg::BuildPolled { result, .. } => run.on_build(result),
            JenkinsMsg::ConsoleRead { chunk, .. } => run.on_console(chunk),
            JenkinsMsg::ConsoleFailed { error, .. } => run.poll_error = Some(error.clone()),
            _ => {}
        }
        Vec::new()
    }

    /// After every message: runs that reached their end keep it (and say so when their
    /// screen is not on top), and the Deployments of the stages being followed are watched —
    /// while the run goes on or its screen is open, no longer.
    pub(super) fn deploy_upkeep(&mut self) -> Vec<Effect> {
        let now = self.now;
        let mut said = None;
        for run in self.world.deploys.values_mut() {
            if run.ended.is_some() {
                continue;
            }
            if let Some(v) = run.verdict(self.world.stages.get(&run.namespace)) {
                let text = match &v {
                    Ended::Done => format!("{} of {}: done", run.kind.verb(), run.namespace),
                    Ended::Failed { what, .. } => {
                        format!("{} of {} failed: {what}", run.kind.verb(), run.namespace)
                    }
                    Ended::Aborted(why) => {
                        format!("{} of {} aborted: {why}", run.kind.verb(), run.namespace)
                    }
                };
                said = Some(if matches!(v, Ended::Done) {
                    Notice::info(text)
                } else {
                    Notice::error(text)
                });
                run.ended = Some((v, now));
                self.dirty = true;
            }
        }
        if let Some(n) = said {
            if !matches!(self.top(), Screen::Deploy(_)) {
                self.notice = Some((n, now));
            }
        }
        let shown: BTreeSet<&str> = self
            .stack
            .iter()
            .filter_map(|s| match s {
                Screen::Deploy(d) => Some(d.namespace.as_str()),
                _ => None,
            })
            .collect();
        let wanted: BTreeSet<String> = self
            .world
            .deploys
            .values()
            .filter(|r| r.kind == crate::config::DeployKind::Deploy)
            .filter(|r| !matches!(r.phase, BuildPhase::Refused(_) | BuildPhase::Cancelled))
            .filter(|r| r.helmfile.as_ref().is_none_or(|h| h.refused.is_none()))
            .filter(|r| r.is_running() || shown.contains(r.namespace.as_str()))
            .filter(|r| self.world.stages.contains_key(&r.namespace))
            .map(|r| r.namespace.clone())
            .collect();
        let mut effects = Vec::new();
        for ns in wanted.difference(&self.deploy_watched) {
            effects.push(Effect::WatchDeployments {
                namespace: ns.clone(),
            });
        }
        for ns in self.deploy_watched.difference(&wanted) {
            effects.push(Effect::StopDeployments {
                namespace: ns.clone(),
            });
            if let Some(s) = self.world.stages.get_mut(ns) {
                s.deployments.clear();
                s.deployments_watch = None;
            }
        }
        self.deploy_watched = wanted;
        effects
    }
}
