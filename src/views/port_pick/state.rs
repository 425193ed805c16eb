use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::{View, DIALOG_SECTIONS};
use crate::cluster::kubectl::port_forward::ForwardSpec;
use crate::cluster::pod_row::{PodPort, PodRow};
use crate::keymap::{Action, Section};

#[derive(Debug, Clone)]
pub struct PortPickState {
    pub namespace: String,
    pub pod: String,
    pub ports: Vec<PodPort>,
    pub selected: usize,
    /// The container port chosen: the input bar asks for the local one.
    pub chosen: Option<u16>,
}

impl PortPickState {
    pub fn new(pod: &PodRow) -> PortPickState {
        PortPickState {
            namespace: pod.namespace.clone(),
            pod: pod.name.clone(),
            ports: pod.ports.clone(),
            selected: 0,
            chosen: None,
        }
    }
}

/// `8080`, or `LOCAL:REMOTE` when the pod declares no port to pick.
fn parse_ports(text: &str, remote: Option<u16>) -> Result<(u16, u16), String> {
    let port = |s: &str| {
        s.trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p != 0)
            .ok_or_else(|| format!("{s:?} is not a port (1–65535)"))
    };
    match (text.split_once(':'), remote) {
        (Some((l, r)), _) => Ok((port(l)?, port(r)?)),
        (None, Some(r)) => Ok((port(text)?, r)),
        (None, None) => {
            let p = port(text)?;
            Ok((p, p))
        }
    }
}

impl View for PortPickState {
    fn title(&self) -> String {
        format!("port-forward {}", self.pod)
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

    fn on_action(&mut self, a: Action, _cx: &mut ViewCx) -> Flow {
        let n = self.ports.len();
        match a {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down if n > 0 => self.selected = (self.selected + 1).min(n - 1),
            Action::Drill => {
                let remote = self.ports.get(self.selected).map(|p| p.port);
                self.chosen = remote;
                let text = remote.map(|p| p.to_string()).unwrap_or_default();
                return Flow::Input(InputKind::Field, text);
            }
            Action::Back | Action::BackOrQuit => return Flow::Leave(Vec::new()),
            _ => {}
        }
        Flow::Done(Vec::new())
    }

    fn on_input(&mut self, kind: InputKind, text: &str, cx: &mut ViewCx) -> Flow {
        if kind != InputKind::Field {
            return Flow::Done(Vec::new());
        }
        let (local, remote) = match parse_ports(text, self.chosen) {
            Ok(p) => p,
            Err(e) => return Flow::Say(Notice::error(e)),
        };
        if let Some(f) = cx.world.forwards.on_local_port(local) {
            return Flow::Say(Notice::error(format!(
                "local port {local} is busy: the forward to {} uses it (:pf)",
                f.spec.pod
            )));
        }
        Flow::Leave(vec![Effect::StartForward(ForwardSpec {
            id: cx.generation(),
            namespace: self.namespace.clone(),
            pod: self.pod.clone(),
            remote,
            local,
        })])
    }
}

#[cfg(test)]
mod parse_tests {
    use super::parse_ports;

    #[test]
    fn a_local_port_defaults_to_the_chosen_one_and_pairs_are_read() {
        assert_eq!(parse_ports("9090", Some(8080)), Ok((9090, 8080)));
        assert_eq!(parse_ports("9090:80", None), Ok((9090, 80)));
        assert_eq!(parse_ports("5432", None), Ok((5432, 5432)));
        assert!(parse_ports("0", Some(8080)).is_err());
        assert!(parse_ports("x", Some(8080)).is_err());
        assert!(parse_ports("70000", None).is_err());
    }
}
