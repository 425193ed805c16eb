use std::cmp::Ordering;

use crate::app::view::View;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use crate::app::cursor::Cursor;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::world::World;
use crate::cluster::pod_row::PodRow;
use crate::keymap::Action;
use crate::views::logs::LogsState;
use crate::views::pod::PodState;
use crate::cluster::resource::fetch::ObjectRef;
use crate::cluster::resource::ResourceKind;
use crate::views::object::{ObjectMode, ObjectState};

use super::PodScope;

/// Sortable columns, in the order `<`/`>` walk them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PodSort {
    Namespace,
    Name,
    Ready,
    Status,
    Restarts,
    Age,
    Node,
}

const SORT_ORDER: [PodSort; 7] = [
    PodSort::Namespace,
    PodSort::Name,
    PodSort::Ready,
    PodSort::Status,
    PodSort::Restarts,
    PodSort::Age,
    PodSort::Node,
];

#[derive(Debug, Clone)]
pub struct PodsState {
    pub scope: PodScope,
    pub cursor: Cursor,
    pub filter: ListFilter,
    pub sort: PodSort,
    pub descending: bool,
    /// The selected pod by name, so that live changes do not move the selection.
    pub selected: Option<(String, String)>,
}

impl PodsState {
    pub fn new(scope: PodScope) -> PodsState {
        PodsState {
            scope,
            cursor: Cursor::default(),
            filter: ListFilter::default(),
            sort: PodSort::Namespace,
            descending: false,
            selected: None,
        }
    }

    /// The rows in view: in scope, filtered, sorted.
    pub fn rows<'a>(&self, world: &'a World) -> Vec<&'a PodRow> {
        let mut hay = String::new();
        let mut rows: Vec<&PodRow> = world
            .stages
            .values()
            .filter(|s| self.scope.covers(world, &s.namespace))
            .flat_map(|s| s.pods.values())
            .filter(|p| match self.filter.active() {
                None => true,
                // One buffer for all rows: at 10k pods a string each per draw was the cost.
                Some(f) => {
                    use std::fmt::Write;
                    hay.clear();
                    let _ = write!(hay, "{} {} {}", p.namespace, p.name, p.status);
                    f.matches(&hay)
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            let o = compare(self.sort, a, b)
                .then_with(|| a.namespace.cmp(&b.namespace))
                .then_with(|| a.name.cmp(&b.name));
            if self.descending {
                o.reverse()
            } else {
                o
            }
        });
        rows
    }

    /// Where the selected pod is now (it may have moved with a live change).
    pub fn selected_index(&self, rows: &[&PodRow]) -> usize {
        match &self.selected {
            Some((ns, name)) => rows
                .iter()
                .position(|p| &p.namespace == ns && &p.name == name)
                .unwrap_or(self.cursor.selected.min(rows.len().saturating_sub(1))),
            None => self.cursor.selected,
        }
    }

    fn sort_by(&mut self, s: PodSort) {
        if self.sort == s {
            self.descending = !self.descending;
        } else {
            self.sort = s;
            // Worst first is what people look for in these columns.
            self.descending = matches!(s, PodSort::Restarts | PodSort::Status);
        }
    }

    /// The sorted column's index among the table's columns (NAMESPACE is column 0).
    pub fn sort_column(&self) -> usize {
        SORT_ORDER.iter().position(|s| *s == self.sort).unwrap_or(0)
    }
}

fn compare(s: PodSort, a: &PodRow, b: &PodRow) -> Ordering {
    match s {
        PodSort::Namespace => a.namespace.cmp(&b.namespace),
        PodSort::Name => a.name.cmp(&b.name),
        PodSort::Ready => (a.ready, a.total).cmp(&(b.ready, b.total)),
        PodSort::Status => b
            .health
            .cmp(&a.health)
            .then_with(|| a.status.cmp(&b.status)),
        PodSort::Restarts => a.restarts.cmp(&b.restarts),
        // Youngest first when ascending, as an age reads.
        PodSort::Age => b.created.cmp(&a.created),
        PodSort::Node => a.node.cmp(&b.node),
    }
}

impl View for PodsState {
    fn title(&self) -> String {
        format!("pods {}", self.scope.label)
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::Logs, Action::PreviousLogs, Action::AllStages]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn stage_scope(&self) -> Option<&crate::views::pods::PodScope> {
        Some(&self.scope)
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        Some(&mut self.filter)
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        // A sort needs no rows here (the selection is kept by name): at 10k pods, sorting the
        // list once more in this key's update doubled its time to the frame.
        let pos = SORT_ORDER.iter().position(|s| *s == self.sort).unwrap_or(0);
        match a {
            Action::SortNextColumn => self.sort_by(SORT_ORDER[(pos + 1) % SORT_ORDER.len()]),
            Action::SortPrevColumn => {
                self.sort_by(SORT_ORDER[(pos + SORT_ORDER.len() - 1) % SORT_ORDER.len()])
            }
            Action::SortFlip => self.descending = !self.descending,
            Action::SortName => self.sort_by(PodSort::Name),
            Action::SortStatus => self.sort_by(PodSort::Status),
            Action::SortRestarts => self.sort_by(PodSort::Restarts),
            Action::SortAge => self.sort_by(PodSort::Age),
            _ => return self.on_row_action(a, cx),
        }
        Flow::Done(Vec::new())
    }
}

impl PodsState {
    fn on_row_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let rows = self.rows(cx.world);
        self.cursor.selected = self.selected_index(&rows);
        if self.cursor.on_action(a, rows.len(), cx.page) {
            self.selected = rows
                .get(self.cursor.selected)
                .map(|p| (p.namespace.clone(), p.name.clone()));
            return Flow::Done(Vec::new());
        }
        match self.scope.after(a, cx.world) {
            Some(Some(s)) => {
                self.scope = s;
                self.cursor = Cursor::default();
                return Flow::Done(Vec::new());
            }
            Some(None) => return Flow::Say(self.scope.missing_stage(a, cx.world)),
            None => {}
        }
        let Some(pod) = rows.get(self.cursor.selected) else {
            return Flow::Ignored;
        };
        match a {
            Action::Drill | Action::Describe => {
                Flow::Push(Screen::Pod(PodState::new(&pod.namespace, &pod.name)))
            }
            Action::Events => Flow::Push(Screen::Pod(PodState::at_events(&pod.namespace, &pod.name))),
            Action::Logs => Flow::Push(Screen::Logs(LogsState::for_pod(pod, false))),
            Action::Copy => Flow::Copy {
                text: pod.name.clone(),
                what: format!("the pod name {}", pod.name),
            },
            Action::Yaml => Flow::Push(Screen::Object(ObjectState::new(
                ObjectRef::new(ResourceKind::Pod, &pod.namespace, &pod.name),
                ObjectMode::Yaml,
            ))),
            Action::PreviousLogs => Flow::Push(Screen::Logs(LogsState::for_pod(pod, true))),
            _ => crate::views::pod_ops::on_pod(a, pod, None, cx).unwrap_or(Flow::Ignored),
        }
    }
}
