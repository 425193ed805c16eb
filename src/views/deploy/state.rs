use crate::app::deploy::{DeployRun, Ended};
use crate::app::effect::Effect;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::release_cache::RevisionKey;
use crate::app::view::View;
use crate::app::world::{Stage, World};
use crate::cluster::pod_row::PodRow;
use crate::keymap::{Action, Section};
use crate::views::console::ConsoleState;
use crate::views::logs::LogsState;
use crate::views::pod::PodState;

#[derive(Debug, Clone)]
pub struct DeployState {
    /// The stage's namespace: the run is `world.deploys[namespace]`.
    pub namespace: String,
}

impl DeployState {
    pub fn new(namespace: &str) -> DeployState {
        DeployState {
            namespace: namespace.to_string(),
        }
    }

    pub fn run<'a>(&self, world: &'a World) -> Option<&'a DeployRun> {
        world.deploys.get(&self.namespace)
    }
}

/// The pod that says why a deploy failed: a failing pod of the failed release first, then one
/// made since the deploy started (a new revision's), then any failing pod of the stage.
pub fn failing_pod<'a>(stage: &'a Stage, run: &DeployRun) -> Option<&'a PodRow> {
    let release = match &run.ended {
        Some((Ended::Failed { release, .. }, _)) => release.clone(),
        _ => None,
    };
    let mut failing: Vec<&PodRow> = stage
        .pods
        .values()
        .filter(|p| p.health.is_failing())
        .collect();
    failing.sort_by_key(|p| {
        (
            release.is_none() || p.instance != release,
            p.created.is_none_or(|c| c < run.started_at),
            p.name.clone(),
        )
    });
    failing.first().copied()
}

impl View for DeployState {
    fn title(&self) -> String {
        format!("deploy {}", self.namespace)
    }

    fn sections(&self) -> &'static [Section] {
        &[Section::Table, Section::Jenkins, Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![
            Action::Logs,
            Action::PreviousLogs,
            Action::Events,
            Action::Console,
        ]
    }

    /// The run's polls and watches are the app's: they go on while the screen is covered.
    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn wanted_releases(&self, world: &World, _page: usize) -> Vec<RevisionKey> {
        world
            .stages
            .get(&self.namespace)
            .map(|s| {
                s.current_releases()
                    .values()
                    .filter(|r| r.problem.is_none())
                    .map(|r| (r.namespace.clone(), r.secret.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let Some(run) = self.run(cx.world) else {
            return Flow::Ignored;
        };
        if a == Action::Console {
            return match run.number() {
                Some(n) => Flow::Push(Screen::Console(ConsoleState::new(
                    &run.team,
                    run.job.clone(),
                    n,
                    cx.log_capacity,
                ))),
                None => Flow::Say(crate::app::msg::Notice::info(
                    "the build has not started yet: no console",
                )),
            };
        }
        let pod = cx
            .world
            .stages
            .get(&self.namespace)
            .and_then(|s| failing_pod(s, run));
        let Some(p) = pod else {
            return match a {
                Action::Logs | Action::PreviousLogs | Action::Events | Action::Describe => {
                    Flow::Say(crate::app::msg::Notice::info(format!(
                        "no failing pod in {}",
                        self.namespace
                    )))
                }
                _ => Flow::Ignored,
            };
        };
        match a {
            Action::Logs => Flow::Push(Screen::Logs(LogsState::for_pod(p, false))),
            Action::PreviousLogs => Flow::Push(Screen::Logs(LogsState::for_pod(p, true))),
            Action::Events => Flow::Push(Screen::Pod(PodState::at_events(&p.namespace, &p.name))),
            Action::Describe | Action::Drill => {
                Flow::Push(Screen::Pod(PodState::new(&p.namespace, &p.name)))
            }
            _ => Flow::Ignored,
        }
    }
}
