use jiff::Timestamp;

use crate::app::msg::Notice;
use crate::app::view::View;
use crate::keymap::Section;
use crate::app::view::DIALOG_SECTIONS;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot, TriggerProgress};
use crate::app::nav::{Flow, ViewCx};
use crate::jenkins::fetched::Fetched;
use crate::jenkins::{JobPath, ParamDef, ParamKind};
use crate::keymap::Action;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TriggerPhase {
    Editing,
    /// The POST is on its way.
    Submitting,
    /// What the runner reported since (a started build: the app replaces the form by its
    /// console).
    Reported(TriggerProgress),
}

#[derive(Debug, Clone)]
pub struct TriggerState {
    pub team: String,
    pub job: JobPath,
    pub generation: u64,
    pub params: Fetched<Vec<ParamDef>>,
    /// One value per parameter, as text (`true`/`false` for booleans).
    pub values: Vec<String>,
    /// A field (index into the parameters) or, past the last, the Build button.
    pub focus: usize,
    pub phase: TriggerPhase,
    pub submitted_at: Option<Timestamp>,
    /// The protected stage's namespace as the user typed it (checked again by the runner).
    pub typed: Option<String>,
    /// The form deploys or uninstalls a stage (`I`/`X`, `:deploy`): prefilled, and followed
    /// on the deploy screen once queued.
    pub deploy: Option<DeployIntent>,
}

/// What a deploy form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployIntent {
    pub kind: crate::config::DeployKind,
    pub namespace: String,
    /// Parameters set before the user sees the form (the stage parameter).
    pub prefill: Vec<(String, String)>,
}

impl TriggerState {
    /// A deploy form whose job does not exist: the stage has no deploy job on the team's
    /// Jenkins (an ad-hoc stage, typically). Say that, and what would give it one.
    fn explain_missing_job(
        &self,
        result: &Result<Vec<ParamDef>, crate::jenkins::JenkinsError>,
    ) -> Result<Vec<ParamDef>, crate::jenkins::JenkinsError> {
        match (result, &self.deploy) {
            (Err(e), Some(d)) if e.kind == crate::jenkins::ErrorKind::NotFound => {
                let team = &self.team;
                let what = match d.kind {
                    crate::config::DeployKind::Deploy => "deploy",
                    crate::config::DeployKind::Uninstall => "uninstall",
                };
                Err(crate::jenkins::JenkinsError::new(
                    e.kind,
                    format!(
                        "{team}'s Jenkins has no job {} to {what} {}: give the stage one in the \
                         Jenkins configuration, or point teams[{team}].{what}_job and stage_param \
                         at a job that takes the stage as a parameter",
                        self.job, d.namespace
                    ),
                ))
            }
            _ => result.clone(),
        }
    }

    pub fn new(team: &str, job: JobPath) -> TriggerState {
        TriggerState {
            team: team.to_string(),
            job,
            generation: 0,
            params: Fetched::default(),
            values: Vec::new(),
            focus: 0,
            phase: TriggerPhase::Editing,
            submitted_at: None,
            typed: None,
            deploy: None,
        }
    }

    pub fn for_deploy(team: &str, job: JobPath, intent: DeployIntent) -> TriggerState {
        TriggerState {
            deploy: Some(intent),
            ..TriggerState::new(team, job)
        }
    }

    /// The parameters as they would be sent.
    fn params_now(&self) -> Vec<(String, String)> {
        self.defs()
            .iter()
            .zip(&self.values)
            .filter(|(d, _)| !matches!(d.kind, ParamKind::Other(_)))
            .map(|(d, v)| (d.name.clone(), v.clone()))
            .collect()
    }

    /// The protected stage this job changes (`payments-prod` for `deploy-prod`, or for the
    /// team's deploy job with `STAGE=prod`), if any: by the target stage, whatever the job is
    /// called — the runner decides the same way.
    pub fn protected_namespace(&self, world: &crate::app::world::World) -> Option<String> {
        let jobs = world.deploy_jobs_of(&self.team);
        let mut targets: Vec<String> = jobs
            .targets(&self.job.full_name(), &self.params_now())
            .into_iter()
            .map(|s| format!("{}-{s}", self.team))
            .collect();
        targets.extend(self.deploy.iter().map(|d| d.namespace.clone()));
        targets.into_iter().find(|ns| world.protected.contains(ns))
    }

    pub fn defs(&self) -> &[ParamDef] {
        self.params.data.as_deref().unwrap_or(&[])
    }

    /// Whether the Build button has the focus.
    pub fn on_button(&self) -> bool {
        self.focus >= self.defs().len()
    }

    pub fn is_busy(&self) -> bool {
        matches!(
            self.phase,
            TriggerPhase::Submitting
                | TriggerPhase::Reported(
                    TriggerProgress::Queued { .. } | TriggerProgress::Waiting { .. }
                )
        )
    }

    /// The string field's new value, from the input bar.
    pub fn set_field(&mut self, text: &str) {
        let i = self.focus;
        if matches!(self.defs().get(i).map(|d| &d.kind), Some(ParamKind::String)) {
            self.values[i] = text.to_string();
        }
    }

    fn change(&mut self, forward: bool) {
        let i = self.focus;
        let Some(d) = self.defs().get(i).cloned() else {
            return;
        };
        match &d.kind {
            ParamKind::Boolean => {
                let on = self.values[i] == "true";
                self.values[i] = (!on).to_string();
            }
            ParamKind::Choice(choices) if !choices.is_empty() => {
                let at = choices
                    .iter()
                    .position(|c| *c == self.values[i])
                    .unwrap_or(0);
                let n = choices.len();
                let next = if forward {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                self.values[i] = choices[next].clone();
            }
            _ => {}
        }
    }

    fn submit(&mut self, cx: &ViewCx) -> Flow {
        if self.is_busy() || self.params.data.is_none() {
            return Flow::Done(Vec::new());
        }
        if let Some(ns) = self.protected_namespace(cx.world) {
            if self.typed.as_deref() != Some(ns.as_str()) {
                return Flow::Input(InputKind::TypeName, String::new());
            }
        }
        let params = self.params_now();
        self.phase = TriggerPhase::Submitting;
        self.submitted_at = Some(cx.now);
        Flow::Done(vec![Effect::Jenkins(JenkinsEffect::TriggerBuild {
            team: self.team.clone(),
            job: self.job.clone(),
            parameterized: !self.defs().is_empty(),
            params,
            generation: self.generation,
            confirmed: self.typed.take(),
            deploy: self.deploy.as_ref().map(|d| d.namespace.clone()),
        })])
    }

}

impl View for TriggerState {
    fn on_input(&mut self, kind: InputKind, text: &str, cx: &mut ViewCx) -> Flow {
        match kind {
            InputKind::Field => {
                self.set_field(text);
                Flow::Done(Vec::new())
            }
            // The user typed a protected stage's name: the build goes only if it is exactly that.
            InputKind::TypeName => {
                let Some(ns) = self.protected_namespace(cx.world) else {
                    return Flow::Done(Vec::new());
                };
                if text.trim() != ns {
                    return Flow::Say(Notice::error(format!(
                        "that is not {ns}: nothing was started"
                    )));
                }
                self.typed = Some(ns);
                self.submit(cx)
            }
            _ => Flow::Done(Vec::new()),
        }
    }

    fn title(&self) -> String {
        match &self.deploy {
            Some(d) => format!("{} {}", d.kind.verb(), d.namespace),
            None => format!("build {}", self.job),
        }
    }

    fn sections(&self) -> &'static [Section] {
        DIALOG_SECTIONS
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::TriggerBuild]
    }


    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.generation = cx.generation();
        if self.params.data.is_some() {
            return Vec::new();
        }
        vec![Effect::Jenkins(JenkinsEffect::LoadParams {
            team: self.team.clone(),
            job: self.job.clone(),
            generation: self.generation,
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        if self.is_busy() {
            // The build is queued anyway; the form just stops following it.
            self.phase = TriggerPhase::Editing;
        }
        vec![Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Trigger))]
    }

    fn on_jenkins(&mut self, m: &JenkinsMsg, now: Timestamp) -> bool {
        match m {
            JenkinsMsg::ParamsLoaded { generation, result } if *generation == self.generation => {
                self.params.apply(self.explain_missing_job(result), now);
                let prefill = self.deploy.as_ref().map(|d| d.prefill.as_slice()).unwrap_or(&[]);
                // Only the stage is prefilled: a boolean such as CONFIRM keeps its default and
                // stays for the user to tick.
                self.values = self
                    .defs()
                    .iter()
                    .map(|d| {
                        prefill
                            .iter()
                            .find(|(k, _)| *k == d.name)
                            .map_or(d.default.clone(), |(_, v)| v.clone())
                    })
                    .collect();
                self.focus = 0;
                true
            }
            JenkinsMsg::Trigger {
                generation,
                progress,
            } if *generation == self.generation => {
                self.phase = TriggerPhase::Reported(progress.clone());
                true
            }
            _ => false,
        }
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let last = self.defs().len();
        match a {
            Action::Up => self.focus = self.focus.saturating_sub(1),
            Action::Down => self.focus = (self.focus + 1).min(last),
            Action::Top => self.focus = 0,
            Action::Bottom => self.focus = last,
            Action::Left => self.change(false),
            Action::Right => self.change(true),
            Action::TriggerBuild => return self.submit(cx),
            Action::Drill if self.on_button() => return self.submit(cx),
            Action::Drill => {
                let i = self.focus;
                if matches!(self.defs()[i].kind, ParamKind::String) {
                    return Flow::Input(InputKind::Field, self.values[i].clone());
                }
                self.change(true);
            }
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}
