//! What `s`, `shift-f` and `ctrl-k` do on a pod, wherever one is selected (the pod list, a pod's
//! detail): a shell in its container, the port-forward dialog, the delete dialog.

use crate::app::effect::Effect;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::cluster::access::capability::Capability;
use crate::cluster::kubectl::exec::ShellTarget;
use crate::cluster::pod_row::PodRow;
use crate::cluster::workload_write::WorkloadOp;
use crate::keymap::Action;
use crate::views::port_pick::PortPickState;
use crate::views::write_confirm::WriteConfirmState;

/// What RBAC must allow for a write key to be offered.
pub fn capability_of(a: Action) -> Option<Capability> {
    match a {
        Action::Shell => Some(Capability::Exec),
        Action::PortForward => Some(Capability::PortForward),
        Action::Delete => Some(Capability::DeletePods),
        Action::Restart => Some(Capability::Restart),
        Action::Scale => Some(Capability::Scale),
        _ => None,
    }
}

/// The flow of a pod action, or `None` when `a` is not one.
pub fn on_pod(a: Action, pod: &PodRow, container: Option<&str>, cx: &ViewCx) -> Option<Flow> {
    // What RBAC refuses is refused at the key, with the reason, instead of after a dialog.
    if let Some(why) = capability_of(a).and_then(|c| cx.world.refusal(&pod.namespace, c)) {
        return Some(Flow::Say(Notice::error(why)));
    }
    Some(match a {
        Action::Shell => match pod.shell_container(container) {
            Some(container) => Flow::Done(vec![Effect::Shell(ShellTarget {
                namespace: pod.namespace.clone(),
                pod: pod.name.clone(),
                container,
            })]),
            None => Flow::Say(Notice::error(format!(
                "{} has no container to open a shell in",
                pod.name
            ))),
        },
        Action::PortForward => Flow::Push(Screen::PortPick(PortPickState::new(pod))),
        Action::Delete => {
            let op = WorkloadOp::DeletePod {
                namespace: pod.namespace.clone(),
                name: pod.name.clone(),
            };
            let protected = cx.world.protected.contains(&pod.namespace);
            let owner = pod.owner.as_deref().map_or_else(
                || "It has no controller: nothing starts it again.".to_string(),
                |o| format!("Its controller {o} starts a new one."),
            );
            Flow::Push(Screen::WriteConfirm(WriteConfirmState::new(
                op,
                protected,
                vec![owner],
            )))
        }
        _ => return None,
    })
}

#[cfg(test)]
#[path = "pod_ops_tests.rs"]
pub(crate) mod tests;
