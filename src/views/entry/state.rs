use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::app::world::{WatchState, World};
use crate::cluster::resource::entry::Entry;
use crate::cluster::resource::{ResourceKey, ResourceKind};
use crate::keymap::Action;
use crate::views::pods::PodScope;

#[derive(Debug, Clone)]
pub struct EntryState {
    pub scope: PodScope,
    /// The Ingress and Service watches it reads (fixed when entered).
    pub keys: Vec<ResourceKey>,
    pub cursor: Cursor,
    pub filter: ListFilter,
}

/// One way in: a route of an Ingress, or a port of a Service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryLine<'a> {
    pub namespace: &'a str,
    /// `ingress/payments-api`, `svc/payments-api`.
    pub object: String,
    pub entry: &'a Entry,
}

const KINDS: [ResourceKind; 2] = [ResourceKind::Ingress, ResourceKind::Service];

impl EntryState {
    pub fn new(scope: PodScope) -> EntryState {
        EntryState {
            scope,
            keys: Vec::new(),
            cursor: Cursor::default(),
            filter: ListFilter::default(),
        }
    }

    fn wanted_keys(&self, world: &World) -> Vec<ResourceKey> {
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
            .flat_map(|ns| KINDS.map(|k| ResourceKey::new(k, Some(ns))))
            .collect()
    }

    /// Routes first, then in-cluster names; by namespace and name.
    pub fn lines<'a>(&self, world: &'a World) -> Vec<EntryLine<'a>> {
        let mut out = Vec::new();
        for kind in KINDS {
            let prefix = if kind == ResourceKind::Ingress { "ingress" } else { "svc" };
            let mut rows: Vec<_> = self
                .keys
                .iter()
                .filter(|k| k.kind == kind)
                .filter_map(|k| world.resources.get(k))
                .flat_map(|s| s.rows.values())
                .collect();
            rows.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
            for r in rows {
                for e in &r.entries {
                    out.push(EntryLine {
                        namespace: &r.namespace,
                        object: format!("{prefix}/{}", r.name),
                        entry: e,
                    });
                }
            }
        }
        out.retain(|l| {
            let text = format!("{} {} {}", l.namespace, l.object, l.entry.copy_text());
            self.filter.keeps(&text)
        });
        out
    }

    pub fn synced(&self, world: &World) -> bool {
        self.keys.iter().all(|k| {
            world
                .resources
                .get(k)
                .is_some_and(|s| s.watch != WatchState::Syncing)
        })
    }

    pub fn error(&self, world: &World) -> Option<String> {
        self.keys.iter().find_map(|k| match world.resources.get(k).map(|s| &s.watch) {
            Some(WatchState::Lost(l)) => Some(l.error.clone()),
            _ => None,
        })
    }

    fn start(&mut self, world: &World) -> Vec<Effect> {
        self.keys = self.wanted_keys(world);
        self.keys
            .iter()
            .map(|k| Effect::WatchResources { key: k.clone() })
            .collect()
    }
}

impl View for EntryState {
    fn title(&self) -> String {
        let t = format!("entry {}", self.scope.label);
        match self.filter.active() {
            Some(f) => format!("{t} /{}", f.text),
            None => t,
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Copy, Action::AllStages]
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.start(cx.world)
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        self.keys
            .iter()
            .map(|k| Effect::StopResources { key: k.clone() })
            .collect()
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        Some(&mut self.filter)
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let lines = self.lines(cx.world);
        if self.cursor.on_action(a, lines.len(), cx.page) {
            return Flow::Done(Vec::new());
        }
        match a {
            Action::Copy => match lines.get(self.cursor.selected) {
                Some(l) => {
                    let text = l.entry.copy_text().to_string();
                    Flow::Copy {
                        what: text.clone(),
                        text,
                    }
                }
                None => Flow::Ignored,
            },
            _ => match self.scope.after(a, cx.world) {
                Some(Some(scope)) => {
                    let mut fx = self.on_leave();
                    self.scope = scope;
                    self.cursor = Cursor::default();
                    fx.extend(self.start(cx.world));
                    Flow::Done(fx)
                }
                Some(None) => Flow::Done(Vec::new()),
                None => Flow::Ignored,
            },
        }
    }
}
