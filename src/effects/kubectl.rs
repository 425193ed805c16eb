//! The runner's kubectl half: a shell is handed to the loop (which owns the terminal), a
//! port-forward runs as a task owning its child (aborting the task kills it), and the cluster
//! writes go through kube after the runner's own guards (read-only, the protected stage's
//! typed name), whatever a view asked.

use std::path::PathBuf;

use super::{Runner, TaskKey};
use crate::app::msg::{Msg, Notice};
use crate::cluster::kubectl::exec::{exec_args, ShellTarget};
use crate::cluster::kubectl::port_forward::{forward_args, run_forward, ForwardMsg, ForwardSpec};
use crate::cluster::kubectl::{self, KubectlTarget};
use crate::cluster::workload_write::{self, WorkloadMsg, WorkloadOp};
use crate::outbox::Outbox;

/// A shell the loop is to run with the terminal: kubectl and its arguments, and the pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellHandoff {
    pub program: PathBuf,
    pub args: Vec<String>,
    pub pod: String,
}

impl Runner {
    /// The kubeconfig kubectl is to read (when the cockpit was given one) and the context.
    pub fn set_kubectl_target(&mut self, target: KubectlTarget) {
        self.kubectl = target;
    }

    /// The shell asked for, for the loop to run.
    pub fn take_shell(&mut self) -> Option<ShellHandoff> {
        self.pending_shell.take()
    }

    fn say_later(&self, notice: Notice) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(Msg::Notice(notice)).await;
        });
    }

    fn kubectl_program(&self) -> Option<PathBuf> {
        kubectl::find(self.tool_path.as_deref())
    }

    pub(super) fn shell(&mut self, target: ShellTarget) {
        if self.readonly {
            self.say_later(Notice::error(
                "read-only mode: a shell in a container (kubectl exec) refused (started with --readonly or readonly: true)",
            ));
            return;
        }
        let Some(program) = self.kubectl_program() else {
            self.say_later(Notice::error(kubectl::INSTALL_HINT));
            return;
        };
        self.pending_shell = Some(ShellHandoff {
            args: exec_args(&self.kubectl, &target),
            program,
            pod: target.pod,
        });
    }

    pub(super) fn start_forward(&mut self, spec: ForwardSpec) {
        let out: Outbox<ForwardMsg> = Outbox::new(self.tx.clone());
        let id = spec.id;
        let Some(program) = self.kubectl_program() else {
            tokio::spawn(async move {
                out.send(ForwardMsg::Died {
                    id,
                    why: kubectl::INSTALL_HINT.into(),
                })
                .await;
            });
            return;
        };
        let args = forward_args(&self.kubectl, &spec);
        self.spawn(TaskKey::Forward(id), run_forward(program, args, spec, out));
    }

    pub(super) fn stop_forward(&mut self, id: u64) {
        self.stop(&TaskKey::Forward(id));
    }

    /// Why the runner refuses a write, if it does.
    fn workload_refusal(&self, op: &WorkloadOp, confirmed: Option<&str>) -> Option<String> {
        if self.readonly {
            return Some(format!(
                "read-only mode: {} refused (started with --readonly or readonly: true)",
                op.what()
            ));
        }
        let ns = op.namespace();
        if self.protected.contains(ns) && confirmed != Some(ns) {
            return Some(format!(
                "{ns} is a protected stage: {} needs its name typed; nothing was changed",
                op.what()
            ));
        }
        None
    }

    pub(super) fn workload(&mut self, op: WorkloadOp, confirmed: Option<String>) {
        let out: Outbox<WorkloadMsg> = Outbox::new(self.tx.clone());
        if let Some(why) = self.workload_refusal(&op, confirmed.as_deref()) {
            tokio::spawn(async move {
                out.send(WorkloadMsg::Done {
                    op,
                    result: Err(why),
                })
                .await;
            });
            return;
        }
        tokio::spawn(workload_write::run(self.client.clone(), op, out));
    }
}
