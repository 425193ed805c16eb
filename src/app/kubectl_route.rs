//! What comes back from kubectl and the cluster writes: a shell that ended, a forward that
//! listens or died, a delete/restart/scale that was made or refused.

use super::effect::Effect;
use super::forwards::ForwardState;
use super::msg::Notice;
use super::App;
use crate::cluster::kubectl::port_forward::ForwardMsg;
use crate::cluster::workload_write::WorkloadMsg;

impl App {
    fn tell(&mut self, n: Notice) -> Vec<Effect> {
        self.notice = Some((n, self.now));
        Vec::new()
    }

    pub(super) fn shell_ended(&mut self, pod: &str, result: Result<(), String>) -> Vec<Effect> {
        match result {
            Ok(()) => self.tell(Notice::info(format!("the shell in {pod} ended"))),
            Err(e) => self.tell(Notice::error(format!("shell: {e} — in {pod}"))),
        }
    }

    /// Forwards asked for or stopped show on `:pf` at once; a write says it is under way.
    pub(super) fn forwards_asked(&mut self, effects: &[Effect]) {
        for e in effects {
            match e {
                Effect::StartForward(spec) => {
                    self.world.forwards.started(spec.clone(), self.now);
                    self.notice = Some((
                        Notice::info(format!(
                            "forwarding 127.0.0.1:{} → {}:{} (:pf lists the forwards)",
                            spec.local, spec.pod, spec.remote
                        )),
                        self.now,
                    ));
                }
                Effect::StopForward { id } => {
                    self.world
                        .forwards
                        .set(*id, ForwardState::Stopped, self.now);
                }
                // Said at once: the answer replaces it.
                Effect::Workload { op, .. } => {
                    self.notice = Some((Notice::info(format!("{}…", op.what())), self.now));
                }
                _ => {}
            }
        }
    }

    pub(super) fn on_forward(&mut self, m: ForwardMsg) -> Vec<Effect> {
        match m {
            ForwardMsg::Listening { id } => {
                self.world
                    .forwards
                    .set(id, ForwardState::Listening, self.now);
                Vec::new()
            }
            ForwardMsg::Said { id, line } => {
                if let Some(f) = self.world.forwards.list.get_mut(&id) {
                    f.last_error = Some(line);
                }
                Vec::new()
            }
            ForwardMsg::Died { id, why } => {
                let Some(f) =
                    self.world
                        .forwards
                        .set(id, ForwardState::Died(why.clone()), self.now)
                else {
                    return Vec::new();
                };
                let text = format!(
                    "port-forward 127.0.0.1:{} → {}:{} died: {why}",
                    f.spec.local, f.spec.pod, f.spec.remote
                );
                if let Some(f) = self.world.forwards.list.get_mut(&id) {
                    f.last_error = Some(why);
                }
                self.tell(Notice::error(text))
            }
        }
    }

    pub(super) fn on_workload(&mut self, m: WorkloadMsg) -> Vec<Effect> {
        match m {
            WorkloadMsg::Called(c) => {
                self.world.repos.record(c);
                Vec::new()
            }
            WorkloadMsg::Done { result, .. } => match result {
                Ok(s) => self.tell(Notice::info(s)),
                Err(e) => self.tell(Notice::error(e)),
            },
        }
    }
}
