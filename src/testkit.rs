//! Test fixtures: the seeded demo world (seed 1, scale 1, fixed clock) turned into the messages
//! the watches would send, an app fed with them, and screen rendering into `TestBackend`.
//! Test code only: product code never imports the simulator.

use std::sync::Arc;

use jiff::Timestamp;
use k8s_openapi::api::core::v1::{Event, Pod, Secret};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, HelmMsg, Msg};
use crate::app::{App, AppInit};
use crate::cluster::event_row::EventRow;
use crate::cluster::pod_detail::PodDetail;
use crate::cluster::pod_row::PodRow;
use crate::helm::{decode_release_secret, Release, ReleaseError, ReleaseRow};
use crate::keymap::{Key, Keymap};
use crate::sim::clock::SimClock;
use crate::sim::kinds::Kind;
use crate::sim::store::Store;
use crate::sim::world::{World as SimWorld, WorldConfig};
use crate::theme::{load_theme, ColourSupport, Theme};

/// The instant the seeded world starts at, and the app's clock in tests.
pub fn start() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().expect("a timestamp")
}

pub struct Seeded {
    pub store: Arc<Store>,
    pub world: Arc<SimWorld>,
}

/// The demo world as seeded (its clockwork is not running: nothing moves).
pub fn seeded() -> Seeded {
    let store = Arc::new(Store::new(SimClock::starting_at(start()), 10_000, 1));
    let world = SimWorld::seed(store.clone(), WorldConfig { seed: 1, scale: 1 });
    Seeded { store, world }
}

impl Seeded {
    pub fn teams(&self) -> Vec<String> {
        self.world.teams.iter().map(|t| t.name.clone()).collect()
    }

    pub fn pod(&self, ns: &str, name: &str) -> Pod {
        self.store
            .get(Kind::Pod, ns, name)
            .expect("a seeded pod")
            .typed()
            .expect("a Pod")
    }

    /// The messages the cockpit's watches would send after their first sync.
    pub fn sync_messages(&self) -> Vec<Msg> {
        let (_, nss) = self.store.snapshot(Kind::Namespace, None, None, |_| true);
        let names: Vec<String> = nss.iter().map(|o| o.name.clone()).collect();
        let mut out = vec![Msg::Cluster(ClusterMsg::NamespacesSynced(names.clone()))];
        for ns in names {
            let (_, pods) = self.store.snapshot(Kind::Pod, Some(&ns), None, |_| true);
            let rows = pods
                .iter()
                .map(|o| PodRow::from_pod(&o.typed::<Pod>().expect("a Pod")))
                .collect();
            out.push(Msg::Cluster(ClusterMsg::PodsSynced {
                namespace: ns.clone(),
                rows,
            }));
            let (_, secrets) = self.store.snapshot(Kind::Secret, Some(&ns), None, |o| {
                o.value()["metadata"]["labels"]["owner"] == "helm"
            });
            let rows = secrets
                .iter()
                .map(|o| ReleaseRow::from_meta(&o.typed::<Secret>().expect("a Secret").metadata))
                .collect();
            out.push(Msg::Cluster(ClusterMsg::ReleasesSynced {
                namespace: ns,
                rows,
            }));
        }
        out
    }

    /// What the detail watch would send for a pod: the pod with its owner chain (its
    /// ReplicaSet's Deployment looked up in the store), and its events sorted newest last.
    pub fn detail_messages(&self, ns: &str, name: &str) -> Vec<Msg> {
        let pod = self.pod(ns, name);
        let (_, events) = self.store.snapshot(Kind::Event, Some(ns), None, |o| {
            o.value()["involvedObject"]["name"] == name
        });
        let events: Vec<EventRow> = events
            .iter()
            .map(|o| EventRow::from_event(&o.typed::<Event>().expect("an Event")))
            .collect();
        let events = crate::cluster::detail_watch::sorted_events(events.iter());
        let mut detail = PodDetail::from_pod(&pod);
        let rs = detail
            .owners
            .first()
            .filter(|o| o.kind == "ReplicaSet")
            .and_then(|o| self.store.get(Kind::ReplicaSet, ns, &o.name))
            .and_then(|o| o.typed::<k8s_openapi::api::apps::v1::ReplicaSet>().ok());
        if let Some(rs) = rs {
            detail
                .owners
                .extend(crate::cluster::pod_detail::controller_of(&rs.metadata));
        }
        vec![
            Msg::Cluster(ClusterMsg::PodDetailLoaded {
                namespace: ns.into(),
                name: name.into(),
                detail: Box::new(detail),
            }),
            Msg::Cluster(ClusterMsg::PodEventsLoaded {
                namespace: ns.into(),
                name: name.into(),
                events,
            }),
        ]
    }

    /// A pod of a namespace whose STATUS is `status` (the first by name).
    pub fn pod_with_status(&self, ns: &str, status: &str) -> String {
        let (_, pods) = self.store.snapshot(Kind::Pod, Some(ns), None, |_| true);
        pods.iter()
            .map(|o| PodRow::from_pod(&o.typed::<Pod>().expect("a Pod")))
            .find(|r| r.status == status)
            .unwrap_or_else(|| panic!("no {status} pod in {ns}"))
            .name
    }
}

impl Seeded {
    /// Adds (or replaces) Secrets in the world's store, as `kubectl apply` would; those
    /// without a creation time were created five minutes before the tests' clock.
    pub fn put_secrets(&self, secrets: &[Secret]) {
        let created = start() - jiff::SignedDuration::from_mins(5);
        for s in secrets {
            let mut s = s.clone();
            s.metadata.creation_timestamp.get_or_insert(
                k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(created),
            );
            self.store
                .put(Kind::Secret, serde_json::to_value(s).expect("a Secret"));
        }
    }

    /// What the runner answers to the `DecodeRelease` effects among `effects`: each Secret
    /// taken from the store and decoded by the product's decoder (`release_fetch` without HTTP).
    pub fn decode_answers(&self, effects: &[Effect]) -> Vec<Msg> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::DecodeRelease {
                    namespace,
                    secret,
                    generation,
                } => {
                    let result = match self.store.get(Kind::Secret, namespace, secret) {
                        None => Err(ReleaseError::fetch(format!(
                            "cannot get Secret {secret}: not found"
                        ))),
                        Some(o) => decode_release_secret(&o.typed::<Secret>().expect("a Secret"))
                            .map(|r| Arc::new(Release::without_chart_sources(r)))
                            .map_err(|e| ReleaseError::decode(&e)),
                    };
                    Some(Msg::Helm(HelmMsg::ReleaseDecoded {
                        namespace: namespace.clone(),
                        secret: secret.clone(),
                        generation: *generation,
                        result,
                    }))
                }
                _ => None,
            })
            .collect()
    }
}

/// Answers the decodes among `effects`, and those the answers lead to, until none is left.
pub fn settle(app: &mut App, seeded: &Seeded, effects: Vec<Effect>) {
    let mut effects = effects;
    loop {
        let answers = seeded.decode_answers(&effects);
        if answers.is_empty() {
            return;
        }
        effects = answers.into_iter().flat_map(|m| app.update(m)).collect();
    }
}

/// Types a `:` command line and returns the effects of its `enter`.
pub fn command(app: &mut App, line: &str) -> Vec<Effect> {
    press(app, ":");
    for c in line.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(app, "enter")
}

/// An app on the seeded world after the first sync, sized `width`×`height`.
pub fn app(seeded: &Seeded, width: u16, height: u16) -> App {
    let (mut app, _) = App::new(AppInit {
        context: "stagecoach-demo".into(),
        contexts: vec!["stagecoach-demo".into(), "stagecoach-demo-viewer".into()],
        teams: seeded.teams(),
        protected: seeded.teams().iter().map(|t| format!("{t}-prod")).collect(),
        configured: Vec::new(),
        readonly: false,
        keymap: Keymap::builtin(),
        log_capacity: 10_000,
        now: start(),
        warnings: Vec::new(),
    });
    app.update(Msg::Resized { width, height });
    for m in seeded.sync_messages() {
        app.update(m);
    }
    app
}

/// Sends keys written as in the keymap, separated by spaces (`"j j enter"`); returns the
/// effects of the last one.
pub fn press(app: &mut App, keys: &str) -> Vec<crate::app::effect::Effect> {
    let mut last = Vec::new();
    for k in keys.split_whitespace() {
        last = app.update(Msg::Key(Key::parse(k).expect("a key")));
    }
    last
}

pub fn theme() -> Theme {
    load_theme(
        None,
        None,
        ColourSupport {
            truecolor: false,
            no_color: false,
        },
    )
    .0
}

/// The screen as a terminal of the app's size shows it.
pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.width, app.height)).expect("a test terminal");
    let theme = theme();
    t.draw(|f| crate::ui::draw(app, &theme, f)).expect("draws");
    t
}

/// The screen's rows as text, full width (trailing spaces kept, so columns can be checked).
pub fn screen_lines(app: &App) -> Vec<String> {
    let t = render(app);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

#[cfg(test)]
#[path = "hostile_text_tests.rs"]
mod hostile_text_tests;
