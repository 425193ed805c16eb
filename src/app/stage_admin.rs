//! Ad-hoc stages in the app: `:newstage <name>` creates `<team>-<name>`; `ctrl-x` on the matrix
//! (or `:delstage`) opens the typed confirmation for deleting one. Only ad-hoc stages: the
//! team's standard stages (`build` and the config's `stages:`) and protected ones are refused
//! here, before any form, and again by the runner.

use super::effect::repo::RepoEffect;
use super::effect::stage_admin::StageAdminEffect;
use super::effect::Effect;
use super::input::{Input, InputKind};
use super::msg::Notice;
use super::nav::Screen;
use super::App;
use crate::cluster::stage_admin::{namespace_for, StageAdminMsg, StageOp};
use crate::views::stage_delete::StageDeleteState;

impl App {
    fn stage_notice(&mut self, n: Notice) -> Vec<Effect> {
        self.notice = Some((n, self.now));
        Vec::new()
    }

    fn read_only(&mut self, what: &str) -> Vec<Effect> {
        self.stage_notice(Notice::error(format!(
            "read-only mode: {what} refused (started with --readonly or readonly: true)"
        )))
    }

    pub(super) fn new_stage(&mut self, name: Option<&str>) -> Vec<Effect> {
        let team = self.default_scope().team;
        if self.readonly {
            return self.read_only("creating a stage");
        }
        if team.is_empty() {
            return self.stage_notice(Notice::error(
                "no team in view: open one of its stages first",
            ));
        }
        let name = name.unwrap_or_default();
        let namespace = match namespace_for(&team, name) {
            Ok(ns) => ns,
            Err(why) => return self.stage_notice(Notice::error(why)),
        };
        if self.world.namespaces.contains(&namespace) || self.world.stages.contains_key(&namespace)
        {
            return self.stage_notice(Notice::error(format!("{namespace} exists already")));
        }
        self.stage_notice(Notice::info(format!(
            "asking the API whether you may create {namespace}…"
        )));
        vec![Effect::StageAdmin(StageAdminEffect::Create {
            team,
            stage: name.to_string(),
        })]
    }

    /// Why `namespace` may not be deleted from the cockpit, if it may not.
    pub(super) fn not_deletable(&self, namespace: &str) -> Option<String> {
        let (team, stage) = self.world.team_of(namespace)?;
        if self.world.protected.contains(namespace) {
            return Some(format!(
                "{namespace} is a protected stage: it is not deleted from the cockpit"
            ));
        }
        if stage == "build" || self.world.configured.iter().any(|c| c == namespace) {
            return Some(format!(
                "{namespace} is one of {team}'s standard stages (build and the config's teams[{team}].stages): only ad-hoc stages are deleted from the cockpit"
            ));
        }
        None
    }

    pub(super) fn delete_stage(&mut self, arg: Option<&str>) -> Vec<Effect> {
        let namespace = match arg {
            Some(a) => match self.scope_for(Some(a)) {
                Some(scope) if scope.namespaces.len() == 1 => scope.namespaces[0].clone(),
                Some(_) => {
                    return self.stage_notice(Notice::error(format!(
                        "{a} is a team: name one of its stages (:delstage review)"
                    )))
                }
                None => return Vec::new(),
            },
            None => match self.top() {
                Screen::Stages(s) => match s.selected_namespace(&self.world) {
                    Some(ns) => ns,
                    None => return self.stage_notice(Notice::error("no stage selected")),
                },
                _ => return Vec::new(),
            },
        };
        if self.readonly {
            return self.read_only(&format!("deleting {namespace}"));
        }
        let Some((team, _)) = self.world.team_of(&namespace) else {
            return self.stage_notice(Notice::error(format!("{namespace} is no team's stage")));
        };
        if let Some(why) = self.not_deletable(&namespace) {
            return self.stage_notice(Notice::error(why));
        }
        let form = StageDeleteState::new(team, &namespace, self.world.stages.get(&namespace));
        let effects = self.push(Screen::StageDelete(form));
        self.input = Some(Input::new(InputKind::TypeNamespace, ""));
        effects
    }

    pub(super) fn on_stage_admin(&mut self, m: StageAdminMsg) -> Vec<Effect> {
        match m {
            StageAdminMsg::Called(c) => {
                self.world.repos.record(c);
                Vec::new()
            }
            StageAdminMsg::Done {
                op,
                namespace,
                result,
            } => {
                // The confirmation form has done its work, whatever the answer.
                if op == StageOp::Delete
                    && matches!(self.top(), Screen::StageDelete(f) if f.namespace == namespace)
                {
                    self.input = None;
                    let mut effects = self.top_mut().on_leave();
                    self.stack.pop();
                    let (mut cx, top) = self.cx();
                    effects.extend(top.on_enter(&mut cx));
                    self.stage_notice(notice(result));
                    return effects;
                }
                let created = op == StageOp::Create && result.is_ok();
                let mut effects = self.stage_notice(notice(result));
                if created {
                    effects.extend(self.environment_for(&namespace));
                }
                effects
            }
        }
    }
}

impl App {
    /// Nothing can be deployed into a new stage before the team's Helmfile has an environment
    /// of its name: add one to the working clone (the user commits and pushes it), unless the
    /// Helmfile has one already.
    fn environment_for(&mut self, namespace: &str) -> Vec<Effect> {
        let Some((team, stage)) = self.world.team_of(namespace) else {
            return Vec::new();
        };
        if !self.world.repo_teams.contains(team) {
            return Vec::new();
        }
        let known = self
            .world
            .repos
            .get(team)
            .and_then(|d| d.landscape.as_ref())
            .is_some_and(|l| l.stage(stage).is_some());
        if known {
            return Vec::new();
        }
        let mut effects = Vec::new();
        if self
            .world
            .repos
            .get(team)
            .is_none_or(|d| d.status.is_none())
        {
            // The clone may not exist yet: the runner runs these in turn.
            effects.push(Effect::Repo(RepoEffect::Open {
                team: team.to_string(),
            }));
        }
        effects.push(Effect::Repo(RepoEffect::AddEnvironment {
            team: team.to_string(),
            stage: stage.to_string(),
        }));
        effects
    }
}

fn notice(result: Result<String, String>) -> Notice {
    match result {
        Ok(s) => Notice::info(s),
        Err(e) => Notice::error(e),
    }
}
