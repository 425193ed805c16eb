use crate::app::confirm::{Answer, Confirm};
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::{View, DIALOG_SECTIONS};
use crate::cluster::workload_write::WorkloadOp;
use crate::keymap::{Action, Section};

#[derive(Debug, Clone)]
pub struct WriteConfirmState {
    pub confirm: Confirm<WorkloadOp>,
    /// The stage is protected: its namespace is typed after the dialog.
    pub protected: bool,
    /// Confirmed: waiting for the protected stage's name.
    pub awaiting_name: bool,
}

impl WriteConfirmState {
    pub fn new(op: WorkloadOp, protected: bool, mut lines: Vec<String>) -> WriteConfirmState {
        let (title, label) = match &op {
            WorkloadOp::DeletePod { .. } => ("Delete pod", "Delete"),
            WorkloadOp::Restart { .. } => ("Restart", "Restart"),
            WorkloadOp::Scale { .. } => ("Scale", "Scale"),
        };
        let mut all = vec![format!("{} in {}?", capitalised(&op.what()), op.namespace())];
        all.append(&mut lines);
        if protected {
            all.push(format!(
                "{} is protected: you type its name next.",
                op.namespace()
            ));
        }
        all.push(format!("Same as: {}", op.kubectl_command()));
        WriteConfirmState {
            confirm: Confirm::new(title, all, label, op),
            protected,
            awaiting_name: false,
        }
    }

    pub fn op(&self) -> &WorkloadOp {
        &self.confirm.then
    }

    fn send(&self, confirmed: Option<String>) -> Flow {
        Flow::Leave(vec![Effect::Workload {
            op: self.op().clone(),
            confirmed,
        }])
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl View for WriteConfirmState {
    fn title(&self) -> String {
        self.op().what()
    }

    fn sections(&self) -> &'static [Section] {
        DIALOG_SECTIONS
    }

    fn has_dialog(&self) -> bool {
        true
    }

    fn is_overlay(&self) -> bool {
        true
    }

    fn hint_actions(&self) -> Vec<Action> {
        Vec::new()
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        match self.confirm.on_action(a) {
            Answer::Open => Flow::Done(Vec::new()),
            Answer::Cancelled => Flow::Leave(Vec::new()),
            // Refused at the key already; kept here so that no path skips it.
            Answer::Confirmed(_) if cx.readonly => Flow::Say(Notice::error(format!(
                "read-only mode: {} refused",
                self.op().what()
            ))),
            Answer::Confirmed(_) if self.protected => {
                self.awaiting_name = true;
                Flow::Input(InputKind::TypeName, String::new())
            }
            Answer::Confirmed(_) => self.send(None),
        }
    }

    /// The protected stage's name: the write is sent only if it is exact.
    fn on_input(&mut self, kind: InputKind, text: &str, _cx: &mut ViewCx) -> Flow {
        if kind != InputKind::TypeName || !self.awaiting_name {
            return Flow::Done(Vec::new());
        }
        let ns = self.op().namespace().to_string();
        if text.trim() != ns {
            return Flow::Say(Notice::error(format!(
                "that is not {ns}: nothing was changed (enter to type it again, esc to cancel)"
            )));
        }
        self.send(Some(ns))
    }
}
