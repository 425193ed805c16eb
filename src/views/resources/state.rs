use std::cmp::Ordering;

use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::view::View;
use crate::app::world::{World, WatchState};
use crate::cluster::access::capability::Capability;
use crate::cluster::resource::fetch::ObjectRef;
use crate::cluster::resource::{ResourceKey, ResourceKind, ResourceRow};
use crate::app::input::InputKind;
use crate::app::msg::Notice;
use crate::cluster::resource::Cell;
use crate::cluster::workload_write::{WorkloadKind, WorkloadOp};
use crate::keymap::{Action, Section};
use crate::views::write_confirm::WriteConfirmState;
use crate::views::object::{ObjectMode, ObjectState};
use crate::views::pods::PodScope;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceSort {
    /// The kind's own order: by name; events warnings first, newest first.
    Natural,
    Name,
    Age,
}

#[derive(Debug, Clone)]
pub struct ResourcesState {
    pub kind: ResourceKind,
    pub scope: PodScope,
    /// The watches the list reads (fixed when it is entered: a team's stages then).
    pub keys: Vec<ResourceKey>,
    pub cursor: Cursor,
    pub filter: ListFilter,
    pub sort: ResourceSort,
    pub descending: bool,
    /// The selected object by (namespace, name), so that live changes do not move it.
    pub selected: Option<(String, String)>,
    /// The workload `s` is scaling, while the input bar asks for the replicas.
    pub scaling: Option<(String, String)>,
}

impl ResourcesState {
    pub fn new(kind: ResourceKind, scope: PodScope) -> ResourcesState {
        ResourcesState {
            kind,
            scope,
            keys: Vec::new(),
            cursor: Cursor::default(),
            filter: ListFilter::default(),
            sort: ResourceSort::Natural,
            descending: false,
            selected: None,
            scaling: None,
        }
    }

    /// The kind as the restart and scale writes name it, for the kinds that have them.
    fn workload_kind(&self) -> Option<WorkloadKind> {
        match self.kind {
            ResourceKind::Deployment => Some(WorkloadKind::Deployment),
            ResourceKind::StatefulSet => Some(WorkloadKind::StatefulSet),
            _ => None,
        }
    }

    /// `R` and `s` on a Deployment or StatefulSet.
    fn workload_action(&mut self, a: Action, row: &ResourceRow, cx: &ViewCx) -> Flow {
        let Some(kind) = self.workload_kind() else {
            return Flow::Ignored;
        };
        let needs = if a == Action::Scale {
            Capability::Scale
        } else {
            Capability::Restart
        };
        if let Some(why) = cx.world.refusal(&row.namespace, needs) {
            return Flow::Say(Notice::error(why));
        }
        if a == Action::Scale {
            self.scaling = Some((row.namespace.clone(), row.name.clone()));
            // READY is `ready/desired`: the desired count is offered to edit.
            let desired = match row.cells.first() {
                Some(Cell::Text(t)) => t.rsplit('/').next().unwrap_or_default().to_string(),
                _ => String::new(),
            };
            return Flow::Input(InputKind::Field, desired);
        }
        let op = WorkloadOp::Restart {
            kind,
            namespace: row.namespace.clone(),
            name: row.name.clone(),
        };
        let protected = cx.world.protected.contains(&row.namespace);
        Flow::Push(Screen::WriteConfirm(WriteConfirmState::new(
            op,
            protected,
            vec!["Its pods are replaced one by one (a rolling restart), as kubectl rollout restart does.".into()],
        )))
    }

    /// Whether the list spans namespaces (it then leads with NAMESPACE).
    pub fn many_namespaces(&self) -> bool {
        self.kind.namespaced() && !self.scope.is_single_namespace()
    }

    /// The watches this list needs in `world` now.
    fn wanted_keys(&self, world: &World) -> Vec<ResourceKey> {
        if !self.kind.namespaced() {
            return vec![ResourceKey::new(self.kind, None)];
        }
        let namespaces: Vec<String> = if self.scope.namespaces.is_empty() {
            world
                .stages_of(&self.scope.team)
                .map(|s| s.namespace.clone())
                .collect()
        } else {
            self.scope.namespaces.clone()
        };
        namespaces
            .iter()
            .map(|ns| ResourceKey::new(self.kind, Some(ns)))
            .collect()
    }

    /// Whether every watch has listed once.
    pub fn synced(&self, world: &World) -> bool {
        self.keys.iter().all(|k| {
            world
                .resources
                .get(k)
                .is_some_and(|s| s.watch != WatchState::Syncing)
        })
    }

    /// The first broken watch's error, if any.
    pub fn error(&self, world: &World) -> Option<String> {
        self.keys.iter().find_map(|k| match world.resources.get(k) {
            Some(s) => match &s.watch {
                WatchState::Lost(l) => Some(l.error.clone()),
                _ => None,
            },
            None => None,
        })
    }

    /// The rows in view: in scope, filtered, sorted.
    /// Rows left out to keep the list bounded (a flood of events).
    pub fn cut(&self, world: &World) -> usize {
        self.keys
            .iter()
            .filter_map(|k| world.resources.get(k))
            .map(|s| s.cut)
            .sum()
    }

    pub fn rows<'a>(&self, world: &'a World) -> Vec<&'a ResourceRow> {
        let mut rows: Vec<&ResourceRow> = self
            .keys
            .iter()
            .filter_map(|k| world.resources.get(k))
            .flat_map(|s| s.rows.values())
            .filter(|r| match self.kind {
                // The team's namespaces (or the one in scope), not the whole cluster's.
                ResourceKind::Namespace => self.scope.covers(world, &r.name),
                _ => true,
            })
            .filter(|r| {
                let text = format!("{} {} {}", r.namespace, r.name, cells_text(r));
                self.filter.keeps(&text)
            })
            .collect();
        rows.sort_by(|a, b| {
            let o = self.compare(a, b);
            if self.descending {
                o.reverse()
            } else {
                o
            }
        });
        rows
    }

    fn compare(&self, a: &ResourceRow, b: &ResourceRow) -> Ordering {
        let by_name = || {
            a.namespace
                .cmp(&b.namespace)
                .then_with(|| a.name.cmp(&b.name))
        };
        match self.sort {
            ResourceSort::Natural if self.kind == ResourceKind::Event => b
                .warning
                .cmp(&a.warning)
                .then_with(|| b.when.cmp(&a.when))
                .then_with(by_name),
            ResourceSort::Natural | ResourceSort::Name => by_name(),
            // Youngest first, as an age reads.
            ResourceSort::Age => b.created.cmp(&a.created).then_with(by_name),
        }
    }

    pub fn selected_index(&self, rows: &[&ResourceRow]) -> usize {
        match &self.selected {
            Some((ns, name)) => rows
                .iter()
                .position(|r| &r.namespace == ns && &r.name == name)
                .unwrap_or(self.cursor.selected.min(rows.len().saturating_sub(1))),
            None => self.cursor.selected,
        }
    }

    fn sort_by(&mut self, s: ResourceSort) {
        if self.sort == s {
            self.descending = !self.descending;
        } else {
            self.sort = s;
            self.descending = false;
        }
    }

    fn open(&self, row: &ResourceRow, mode: ObjectMode) -> Flow {
        let object = ObjectRef::new(self.kind, &row.namespace, &row.name);
        Flow::Push(Screen::Object(ObjectState::new(object, mode)))
    }

    /// Changing the scope (`0`–`9`) moves the watches with it.
    fn rescope(&mut self, scope: PodScope, world: &World) -> Vec<Effect> {
        let mut effects = self.on_leave();
        self.scope = scope;
        self.cursor = Cursor::default();
        self.selected = None;
        self.keys = self.wanted_keys(world);
        effects.extend(
            self.keys
                .iter()
                .map(|k| Effect::WatchResources { key: k.clone() }),
        );
        effects
    }
}

/// What `c` copies: a Service's in-cluster DNS name with its first port, else the name.
fn copy_of(kind: ResourceKind, r: &ResourceRow, now: jiff::Timestamp) -> Flow {
    if kind == ResourceKind::Service {
        let ports = r.texts(now).get(4).cloned().unwrap_or_default();
        let port = ports
            .split(['/', ':', ','])
            .next()
            .filter(|p| p.bytes().all(|b| b.is_ascii_digit()) && !p.is_empty());
        let mut dns = format!("{}.{}.svc.cluster.local", r.name, r.namespace);
        if let Some(p) = port {
            dns.push(':');
            dns.push_str(p);
        }
        return Flow::Copy {
            what: dns.clone(),
            text: dns,
        };
    }
    Flow::Copy {
        text: r.name.clone(),
        what: format!("the name {}", r.name),
    }
}

fn cells_text(r: &ResourceRow) -> String {
    r.cells
        .iter()
        .filter_map(|c| match c {
            crate::cluster::resource::Cell::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl View for ResourcesState {
    fn title(&self) -> String {
        let mut t = format!("{} {}", self.kind.list_title(), self.scope.label);
        if !self.kind.namespaced() && self.kind != ResourceKind::Namespace {
            t = self.kind.list_title().to_string();
        }
        match self.filter.active() {
            Some(f) => format!("{t} /{}", f.text),
            None => t,
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Describe, Action::Yaml, Action::AllStages]
    }

    fn sections(&self) -> &'static [Section] {
        if self.workload_kind().is_some() {
            return &[Section::Workload, Section::Table, Section::Global];
        }
        crate::app::view::TABLE_SECTIONS
    }

    /// The replicas typed for `s`: then the confirmation.
    fn on_input(&mut self, kind: InputKind, text: &str, cx: &mut ViewCx) -> Flow {
        let (Some((namespace, name)), Some(wk)) = (self.scaling.take(), self.workload_kind())
        else {
            return Flow::Done(Vec::new());
        };
        if kind != InputKind::Field {
            return Flow::Done(Vec::new());
        }
        let Ok(replicas) = text.trim().parse::<i32>().map_err(|_| ()).and_then(|r| {
            if (0..=1000).contains(&r) {
                Ok(r)
            } else {
                Err(())
            }
        }) else {
            return Flow::Say(Notice::error(format!(
                "{:?} is not a number of replicas (0–1000): nothing was scaled",
                text.trim()
            )));
        };
        let protected = cx.world.protected.contains(&namespace);
        let op = WorkloadOp::Scale {
            kind: wk,
            namespace,
            name,
            replicas,
        };
        Flow::Push(Screen::WriteConfirm(WriteConfirmState::new(
            op,
            protected,
            Vec::new(),
        )))
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.keys = self.wanted_keys(cx.world);
        self.keys
            .iter()
            .map(|k| Effect::WatchResources { key: k.clone() })
            .collect()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        self.keys
            .iter()
            .map(|k| Effect::StopResources { key: k.clone() })
            .collect()
    }

    fn stage_scope(&self) -> Option<&crate::views::pods::PodScope> {
        self.kind.namespaced().then_some(&self.scope)
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        Some(&mut self.filter)
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let rows = self.rows(cx.world);
        self.cursor.selected = self.selected_index(&rows);
        if self.cursor.on_action(a, rows.len(), cx.page) {
            self.selected = rows
                .get(self.cursor.selected)
                .map(|r| (r.namespace.clone(), r.name.clone()));
            return Flow::Done(Vec::new());
        }
        match a {
            Action::SortName => self.sort_by(ResourceSort::Name),
            Action::SortAge => self.sort_by(ResourceSort::Age),
            Action::SortFlip => self.descending = !self.descending,
            Action::Drill | Action::Describe => {
                return match rows.get(self.cursor.selected) {
                    Some(r) => self.open(r, ObjectMode::Describe),
                    None => Flow::Ignored,
                }
            }
            Action::Yaml => {
                return match rows.get(self.cursor.selected) {
                    Some(r) => self.open(r, ObjectMode::Yaml),
                    None => Flow::Ignored,
                }
            }
            Action::Copy => {
                return match rows.get(self.cursor.selected) {
                    Some(r) => copy_of(self.kind, r, cx.now),
                    None => Flow::Ignored,
                }
            }
            Action::Restart | Action::Scale => {
                return match rows.get(self.cursor.selected) {
                    Some(r) => {
                        let r = (*r).clone();
                        self.workload_action(a, &r, cx)
                    }
                    None => Flow::Ignored,
                }
            }
            _ if self.kind.namespaced() => match self.scope.after(a, cx.world) {
                Some(Some(scope)) => {
                    let world = cx.world;
                    return Flow::Done(self.rescope(scope, world));
                }
                Some(None) => return Flow::Say(self.scope.missing_stage(a, cx.world)),
                None => return Flow::Ignored,
            },
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}
