use crate::app::effect::stage_admin::StageAdminEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::app::world::Stage;
use crate::keymap::Action;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageDeleteState {
    pub team: String,
    pub namespace: String,
    /// Pods and Helm releases in it when the form opened (the form shows the live counts).
    pub pods: usize,
    pub releases: usize,
    /// The delete was sent: waiting for the API's answer.
    pub sent: bool,
}

impl StageDeleteState {
    pub fn new(team: &str, namespace: &str, stage: Option<&Stage>) -> StageDeleteState {
        StageDeleteState {
            team: team.to_string(),
            namespace: namespace.to_string(),
            pods: stage.map_or(0, |s| s.summary.pods_total),
            releases: stage.map_or(0, |s| s.summary.releases),
            sent: false,
        }
    }
}

impl View for StageDeleteState {
    fn title(&self) -> String {
        format!("delete stage {}", self.namespace)
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::Back]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn on_action(&mut self, a: Action, _cx: &mut ViewCx) -> Flow {
        match a {
            Action::Drill if !self.sent => Flow::Input(InputKind::TypeNamespace, String::new()),
            Action::Drill => Flow::Done(Vec::new()),
            _ => Flow::Ignored,
        }
    }

    fn on_input(&mut self, kind: InputKind, text: &str, cx: &mut ViewCx) -> Flow {
        if kind != InputKind::TypeNamespace || self.sent {
            return Flow::Done(Vec::new());
        }
        if cx.readonly {
            return Flow::Say(Notice::error(format!(
                "read-only mode: deleting {} refused",
                self.namespace
            )));
        }
        if text.trim() != self.namespace {
            return Flow::Say(Notice::error(format!(
                "that is not {}: nothing was deleted (enter to type it again, esc to leave)",
                self.namespace
            )));
        }
        self.sent = true;
        Flow::Done(vec![Effect::StageAdmin(StageAdminEffect::Delete {
            namespace: self.namespace.clone(),
            confirmed: Some(text.trim().to_string()),
        })])
    }
}
