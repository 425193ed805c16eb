use crate::app::cursor::Cursor;
use crate::app::effect::Effect;
use crate::app::nav::{Flow, Screen, ViewCx};
use crate::app::view::View;
use crate::app::world::{WatchState, World};
use crate::cluster::resource::fetch::ObjectRef;
use crate::cluster::resource::{ResourceKey, ResourceKind, ResourceRow};
use crate::keymap::Action;
use crate::views::object::{ObjectMode, ObjectState};
use crate::views::pods::PodScope;

#[derive(Debug, Clone)]
pub struct StorageState {
    pub scope: PodScope,
    pub keys: Vec<ResourceKey>,
    pub cursor: Cursor,
}

/// A claim and the pods of its stage that mount it.
#[derive(Debug, Clone)]
pub struct ClaimLine<'a> {
    pub row: &'a ResourceRow,
    pub pods: Vec<&'a str>,
}

impl ClaimLine<'_> {
    /// kubectl's cell of the claim's row by column title.
    pub fn cell(&self, title: &str) -> String {
        let i = ResourceKind::PersistentVolumeClaim
            .columns()
            .iter()
            .position(|c| *c == title)
            .unwrap_or(0);
        match self.row.cells.get(i.saturating_sub(1)) {
            Some(crate::cluster::resource::Cell::Text(t)) => t.clone(),
            _ => String::new(),
        }
    }
}

impl StorageState {
    pub fn new(scope: PodScope) -> StorageState {
        StorageState {
            scope,
            keys: Vec::new(),
            cursor: Cursor::default(),
        }
    }

    /// The claim watches of the stages in scope.
    pub fn claim_keys(scope: &PodScope, world: &World) -> Vec<ResourceKey> {
        let namespaces: Vec<String> = if scope.namespaces.is_empty() {
            world
                .stages_of(&scope.team)
                .map(|s| s.namespace.clone())
                .collect()
        } else {
            scope.namespaces.clone()
        };
        namespaces
            .iter()
            .map(|ns| ResourceKey::new(ResourceKind::PersistentVolumeClaim, Some(ns)))
            .collect()
    }

    /// Pending and lost claims first, then by namespace and name.
    pub fn lines<'a>(&self, world: &'a World) -> Vec<ClaimLine<'a>> {
        let mut out: Vec<ClaimLine> = self
            .keys
            .iter()
            .filter_map(|k| world.resources.get(k))
            .flat_map(|s| s.rows.values())
            .map(|row| ClaimLine {
                row,
                pods: world
                    .stages
                    .get(&row.namespace)
                    .map(|s| {
                        s.pods
                            .values()
                            .filter(|p| p.claims.contains(&row.name))
                            .map(|p| p.name.as_str())
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        out.sort_by(|a, b| {
            b.row
                .health
                .severity()
                .cmp(&a.row.health.severity())
                .then_with(|| (&a.row.namespace, &a.row.name).cmp(&(&b.row.namespace, &b.row.name)))
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

    fn start(&mut self, world: &World) -> Vec<Effect> {
        self.keys = Self::claim_keys(&self.scope, world);
        self.keys
            .iter()
            .map(|k| Effect::WatchResources { key: k.clone() })
            .collect()
    }
}

impl View for StorageState {
    fn title(&self) -> String {
        format!("storage {}", self.scope.label)
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Describe, Action::Yaml, Action::AllStages]
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

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let lines = self.lines(cx.world);
        if self.cursor.on_action(a, lines.len(), cx.page) {
            return Flow::Done(Vec::new());
        }
        let open = |mode| match lines.get(self.cursor.selected) {
            Some(l) => Flow::Push(Screen::Object(ObjectState::new(
                ObjectRef::new(ResourceKind::PersistentVolumeClaim, &l.row.namespace, &l.row.name),
                mode,
            ))),
            None => Flow::Ignored,
        };
        match a {
            // describe: the claim's events say why it waits.
            Action::Drill | Action::Describe => open(ObjectMode::Describe),
            Action::Yaml => open(ObjectMode::Yaml),
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
