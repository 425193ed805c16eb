use crate::app::confirm::{Answer, Confirm};
use crate::app::deploy::{DeployRun, Ended};
use crate::app::effect::helmfile::HelmfileEffect;
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::app::view::DIALOG_SECTIONS;
use crate::config::DeployKind;
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
    /// The run (or the one asked for) is a helmfile run: `x` cancels it.
    pub helmfile: bool,
    /// Asking before a helmfile run starts, or before one is cancelled (Cancel focused).
    pub dialog: Option<Confirm<DeployDialog>>,
    /// The protected stage's namespace as typed (checked again by the runner).
    typed: Option<String>,
    /// A confirmed start waiting for the protected stage's name.
    awaiting_name: Option<DeployDialog>,
}

/// What a deploy screen's dialog asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployDialog {
    Start {
        team: String,
        stage: String,
        kind: DeployKind,
        protected: bool,
    },
    Cancel,
}

impl DeployState {
    pub fn new(namespace: &str) -> DeployState {
        DeployState {
            namespace: namespace.to_string(),
            helmfile: false,
            dialog: None,
            typed: None,
            awaiting_name: None,
        }
    }

    /// Helmfile mode: the screen opens asking whether to run `helmfile -e <stage> apply`.
    pub fn asking(
        namespace: &str,
        team: &str,
        stage: &str,
        kind: DeployKind,
        protected: bool,
    ) -> DeployState {
        let verb = kind.helmfile_verb();
        let mut lines = vec![
            format!("Run helmfile -e {stage} {verb} in the {team} config repo's clone?"),
            "Only the pushed commit is deployed: a clone with changes not pushed is refused."
                .into(),
        ];
        if protected {
            lines.push(format!(
                "{namespace} is protected: you type its name next."
            ));
        }
        let label = match kind {
            DeployKind::Deploy => "Deploy",
            DeployKind::Uninstall => "Uninstall",
        };
        DeployState {
            helmfile: true,
            dialog: Some(Confirm::new(
                format!("{} {namespace}", kind.verb()),
                lines,
                label,
                DeployDialog::Start {
                    team: team.into(),
                    stage: stage.into(),
                    kind,
                    protected,
                },
            )),
            ..DeployState::new(namespace)
        }
    }

    fn start(&mut self, d: DeployDialog) -> Flow {
        let DeployDialog::Start {
            team,
            stage,
            kind,
            protected,
        } = d
        else {
            return Flow::Done(vec![Effect::Helmfile(HelmfileEffect::Cancel {
                namespace: self.namespace.clone(),
            })]);
        };
        if protected && self.typed.as_deref() != Some(self.namespace.as_str()) {
            // Kept until the name is typed.
            self.awaiting_name = Some(DeployDialog::Start {
                team,
                stage,
                kind,
                protected,
            });
            return Flow::Input(InputKind::TypeName, String::new());
        }
        Flow::Done(vec![Effect::Helmfile(HelmfileEffect::Run {
            team,
            namespace: self.namespace.clone(),
            stage,
            kind,
            confirmed: self.typed.take(),
        })])
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
        if self.dialog.is_some() {
            return DIALOG_SECTIONS;
        }
        &[
            Section::Deploy,
            Section::Table,
            Section::Jenkins,
            Section::Global,
        ]
    }

    fn has_dialog(&self) -> bool {
        self.dialog.is_some()
    }

    /// The protected stage's name, typed after the dialog: the run starts only if it is exact.
    fn on_input(&mut self, kind: InputKind, text: &str, _cx: &mut ViewCx) -> Flow {
        if kind != InputKind::TypeName {
            return Flow::Done(Vec::new());
        }
        let Some(d) = self.awaiting_name.take() else {
            return Flow::Done(Vec::new());
        };
        if text.trim() != self.namespace {
            return Flow::Say(Notice::error(format!(
                "that is not {}: nothing was started",
                self.namespace
            )));
        }
        self.typed = Some(self.namespace.clone());
        self.start(d)
    }

    fn hint_actions(&self) -> Vec<Action> {
        if self.helmfile {
            return vec![
                Action::CancelDeploy,
                Action::Logs,
                Action::PreviousLogs,
                Action::Events,
            ];
        }
        vec![
            Action::Logs,
            Action::PreviousLogs,
            Action::Events,
            Action::Console,
        ]
    }

    /// The run's polls and watches are the app's: they go on while the screen is covered.
    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        if let Some(run) = self.run(cx.world) {
            self.helmfile = run.helmfile.is_some() || self.dialog.is_some();
        }
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
        let nothing_yet = self.run(cx.world).is_none();
        if let Some(c) = &mut self.dialog {
            return match c.on_action(a) {
                Answer::Open => Flow::Done(Vec::new()),
                // esc leaves a screen that has nothing to show yet.
                Answer::Cancelled if a == Action::Back && nothing_yet => {
                    self.dialog = None;
                    Flow::Ignored
                }
                Answer::Cancelled => {
                    let start = matches!(c.then, DeployDialog::Start { .. });
                    self.dialog = None;
                    if start {
                        Flow::Say(Notice::info("nothing was started"))
                    } else {
                        Flow::Done(Vec::new())
                    }
                }
                Answer::Confirmed(d) => {
                    self.dialog = None;
                    self.start(d)
                }
            };
        }
        let Some(run) = self.run(cx.world) else {
            return Flow::Ignored;
        };
        if a == Action::CancelDeploy {
            return match &run.helmfile {
                Some(h) if run.is_running() && h.is_cancelling() => Flow::Say(Notice::info(
                    "already cancelling: SIGINT was sent, SIGTERM follows after the grace period",
                )),
                Some(_) if run.is_running() => {
                    self.dialog = Some(Confirm::new(
                        "Cancel the run",
                        vec![
                            format!("Cancel {}?", run.job),
                            "helmfile gets SIGINT (as Ctrl-C), SIGTERM if it still runs 10 s later."
                                .into(),
                            "A release being upgraded may be left pending or failed.".into(),
                        ],
                        "Cancel the run",
                        DeployDialog::Cancel,
                    ));
                    Flow::Done(Vec::new())
                }
                Some(_) => Flow::Say(Notice::info("the run has ended: nothing to cancel")),
                None => Flow::Say(Notice::info(
                    "x cancels helmfile runs; a Jenkins build is stopped from its console (c, then x)",
                )),
            };
        }
        if a == Action::Console && run.helmfile.is_some() {
            return Flow::Say(Notice::info("helmfile's output is on this screen"));
        }
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
