use jiff::Timestamp;

use crate::app::view::View;
use super::doc::{self, Doc, Section};
use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, WatchId};
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::world::World;
use crate::cluster::event_row::EventRow;
use crate::cluster::pod_detail::PodDetail;
use crate::cluster::pod_row::PodRow;
use crate::keymap::Action;
use crate::views::logs::LogsState;

#[derive(Debug, Clone)]
pub struct PodState {
    pub namespace: String,
    pub name: String,
    pub detail: Option<Box<PodDetail>>,
    /// Newest last, as `kubectl describe` prints them.
    pub events: Vec<EventRow>,
    /// The events watch has delivered its first list (an empty list means none).
    pub events_loaded: bool,
    /// The pod watch's last error, until the pod arrives again.
    pub pod_error: Option<String>,
    /// The events watch's last error, until the events arrive again.
    pub events_error: Option<String>,
    pub gone: bool,
    /// The first line on screen as a section and a line within it, so that lines appearing
    /// above (a container changing state) do not move what the user is reading.
    pub top: (Section, usize),
    /// The container `c` chose: where `s` opens a shell (else the pod's default one).
    pub container: Option<String>,
}

impl PodState {
    pub fn new(namespace: &str, name: &str) -> PodState {
        PodState {
            namespace: namespace.to_string(),
            name: name.to_string(),
            detail: None,
            events: Vec::new(),
            events_loaded: false,
            pod_error: None,
            events_error: None,
            gone: false,
            top: (Section::Pod, 0),
            container: None,
        }
    }

    /// Opened at the Events section (diagnose's evidence for a pod that never ran).
    pub fn at_events(namespace: &str, name: &str) -> PodState {
        PodState {
            top: (Section::Events, 0),
            ..PodState::new(namespace, name)
        }
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
                self.pod_error = None;
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
                self.events_loaded = true;
                self.events_error = None;
            }
            ClusterMsg::WatchFailed {
                id: WatchId::PodDetail { namespace, name },
                error,
                ..
            } if self.is_me(namespace, name) => self.pod_error = Some(error.clone()),
            ClusterMsg::WatchFailed {
                id: WatchId::PodEvents { namespace, name },
                error,
                ..
            } if self.is_me(namespace, name) => self.events_error = Some(error.clone()),
            _ => {}
        }
    }

    /// The document as it is drawn `width` columns wide.
    pub fn doc(&self, width: u16, now: Timestamp) -> Doc {
        doc::build(self, width, now)
    }

    /// The first line on screen for a body of `page` rows: the anchor, kept inside the
    /// document (a short document does not scroll at all).
    pub fn first_line(&self, doc: &Doc, page: usize) -> usize {
        let max = doc.len().saturating_sub(page.max(1));
        (doc.start(self.top.0) + self.top.1).min(max)
    }

    fn scroll_to(&mut self, doc: &Doc, page: usize, line: usize) {
        let line = line.min(doc.len().saturating_sub(page.max(1)));
        let section = doc.section_at(line);
        self.top = (section, line - doc.start(section));
    }

    /// The pod as the lists know it, for the log views: from the detail, else from the world.
    fn row<'a>(&'a self, world: &'a World) -> Option<&'a PodRow> {
        self.detail.as_ref().map(|d| &d.row).or_else(|| {
            world
                .stages
                .get(&self.namespace)
                .and_then(|s| s.pods.get(&self.name))
        })
    }

}

impl View for PodState {
    fn title(&self) -> String {
        match &self.container {
            Some(c) => format!("pod {} · container {c}", self.name),
            None => format!("pod {}", self.name),
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Logs, Action::PreviousLogs, Action::Events]
    }

    fn sections(&self) -> &'static [crate::keymap::Section] {
        &[
            crate::keymap::Section::Pod,
            crate::keymap::Section::Table,
            crate::keymap::Section::Global,
        ]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![Effect::StopPodDetail]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        vec![Effect::WatchPodDetail {
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }]
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let page = cx.page.max(1);
        let doc = self.doc(cx.width, cx.now);
        let at = self.first_line(&doc, page);
        match a {
            Action::Up => self.scroll_to(&doc, page, at.saturating_sub(1)),
            Action::Down => self.scroll_to(&doc, page, at + 1),
            Action::PageUp => self.scroll_to(&doc, page, at.saturating_sub(page)),
            Action::PageDown => self.scroll_to(&doc, page, at + page),
            Action::Top => self.top = (Section::Pod, 0),
            Action::Bottom => self.scroll_to(&doc, page, doc.len()),
            Action::Events => self.top = (Section::Events, 0),
            Action::Yaml => {
                return Flow::Push(Screen::Object(crate::views::object::ObjectState::new(
                    crate::cluster::resource::fetch::ObjectRef::new(
                        crate::cluster::resource::ResourceKind::Pod,
                        &self.namespace,
                        &self.name,
                    ),
                    crate::views::object::ObjectMode::Yaml,
                )))
            }
            Action::Logs | Action::PreviousLogs => {
                let Some(row) = self.row(cx.world) else {
                    return Flow::Done(Vec::new());
                };
                return Flow::Push(Screen::Logs(LogsState::for_pod(
                    row,
                    a == Action::PreviousLogs,
                )));
            }
            Action::ChooseContainer => {
                let Some(row) = self.row(cx.world) else {
                    return Flow::Done(Vec::new());
                };
                let current = row.shell_container(self.container.as_deref());
                let at = row
                    .containers
                    .iter()
                    .position(|c| Some(c) == current.as_ref())
                    .map_or(0, |i| (i + 1) % row.containers.len().max(1));
                self.container = row.containers.get(at).cloned();
            }
            _ => {
                let Some(row) = self.row(cx.world) else {
                    return Flow::Ignored;
                };
                return crate::views::pod_ops::on_pod(a, row, self.container.as_deref(), cx)
                    .unwrap_or(Flow::Ignored);
            }
        }
        Flow::Done(Vec::new())
    }
}
