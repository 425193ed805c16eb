use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::msg::ClusterMsg;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::cluster::event_row::EventRow;
use crate::cluster::pod_detail::PodDetail;
use crate::views::logs::LogsState;

#[derive(Debug, Clone)]
pub struct PodState {
    pub namespace: String,
    pub name: String,
    pub detail: Option<Box<PodDetail>>,
    pub events: Vec<EventRow>,
    pub gone: bool,
    pub scroll: usize,
}

impl PodState {
    pub fn new(namespace: &str, name: &str) -> PodState {
        PodState {
            namespace: namespace.to_string(),
            name: name.to_string(),
            detail: None,
            events: Vec::new(),
            gone: false,
            scroll: 0,
        }
    }

    pub fn on_enter(&mut self) -> Vec<Effect> {
        vec![Effect::WatchPodDetail {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }]
    }

    fn is_me(&self, ns: &str, name: &str) -> bool {
        self.namespace == ns && self.name == name
    }

    pub fn on_cluster(&mut self, m: &ClusterMsg) {
        match m {
            ClusterMsg::PodDetailLoaded {
                namespace,
                name,
                detail,
            } if self.is_me(namespace, name) => {
                self.detail = Some(detail.clone());
                self.gone = false;
            }
            ClusterMsg::PodGone { namespace, name } if self.is_me(namespace, name) => {
                self.gone = true;
            }
            ClusterMsg::PodEventsLoaded {
                namespace,
                name,
                events,
            } if self.is_me(namespace, name) => {
                self.events = events.clone();
            }
            _ => {}
        }
    }

    pub fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let _ = cx;
        match a {
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Down => self.scroll += 1,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(cx.page),
            Action::PageDown => self.scroll += cx.page,
            Action::Top => self.scroll = 0,
            Action::Logs | Action::PreviousLogs => {
                let Some(d) = &self.detail else {
                    return Flow::Done(Vec::new());
                };
                return Flow::Push(Screen::Logs(LogsState::for_pod(
                    &d.row,
                    a == Action::PreviousLogs,
                )));
            }
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}
