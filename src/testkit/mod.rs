//! Test fixtures: a small deterministic world (two teams, their stages, pods in every failure
//! mode, Helm release histories) built from the product's own types with a fixed clock, turned
//! into the messages the watches would send; an app fed with them; screen rendering into
//! `TestBackend`. It owes nothing to the demo simulator, so changing the demo churns no view
//! test, and the product's tests build without it.

mod drive;
mod fixture_agents;
mod fixture_capacity;
mod fixture_drift;
mod fixture_events;
mod fixture_landscape;
mod fixture_logs;
mod fixture_ops;
mod fixture_pods;
mod fixture_releases;
mod fixture_repo;
mod fixture_resources;
mod fixture_timeline;
mod garbage_secrets;
mod helm_secret;
mod pod_builder;
mod screen;
pub mod script;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Timestamp;
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::core::v1::{Event, Pod, Secret};
use serde_json::json;

use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, HelmMsg, Msg};
use crate::cluster::detail_watch::sorted_events;
use crate::cluster::event_row::EventRow;
use crate::cluster::pod_detail::{controller_of, PodDetail};
use crate::cluster::pod_row::PodRow;
use crate::helm::{decode_release_secret, Release, ReleaseError, ReleaseRow};

pub use drive::{app, app_unsynced, command, press, refuse_releases, settle};
pub use fixture_agents::{
    agents_message, agents_of, JCASC_BROKEN, JCASC_CLEAN, JCASC_FILE, JCASC_UNPARSABLE,
};
pub use fixture_drift::{desired, drift_landscape};
pub use fixture_landscape::{landscape, landscape_message};
pub use fixture_logs::crashed_run;
pub use fixture_ops::{ops_pod_message, OPS_POD};
pub use fixture_repo::{repo_diff, repo_messages, repo_status};
pub use fixture_resources::{deployment_json, resource_messages, secret_json};
pub use fixture_timeline::{
    timeline_builds, timeline_log, timeline_messages, DEPLOYED_COMMIT, PENDING_COMMIT,
};
pub use garbage_secrets::garbage_release_secrets;
pub use helm_secret::release_secret;
pub use screen::{render, screen_lines, screenshot, theme};

/// The instant the fixture world is seen at, and the app's clock in tests.
pub fn start() -> Timestamp {
    "2026-11-20T10:00:00Z".parse().expect("a timestamp")
}

pub const TEAMS: [&str; 2] = ["payments", "advisory"];

/// Namespaces in the cluster: the teams' stages and a few that are nobody's stage.
const NAMESPACES: &[&str] = &[
    "advisory-build",
    "advisory-dev",
    "advisory-e2e",
    "advisory-prod",
    "advisory-qa",
    "default",
    "ingress-nginx",
    "kube-system",
    "payments-build",
    "payments-dev",
    "payments-e2e",
    "payments-prod",
    "payments-qa",
    "payments-stage-demo",
];

/// The fixture world: what the API server would hold.
pub struct Fixture {
    pods: Vec<Pod>,
    replica_sets: Vec<ReplicaSet>,
    events: Vec<Event>,
    /// By (namespace, name).
    secrets: BTreeMap<(String, String), Secret>,
}

/// The fixture world (a fresh one each call: tests may add Secrets to theirs).
pub fn fixture() -> Fixture {
    let built = fixture_pods::pods();
    let mut pods: Vec<Pod> = built.iter().map(pod_builder::PodB::build).collect();
    pods.sort_by(|a, b| {
        (&a.metadata.namespace, &a.metadata.name).cmp(&(&b.metadata.namespace, &b.metadata.name))
    });
    let mut replica_sets: Vec<ReplicaSet> = Vec::new();
    for (p, pod) in built.iter().zip(built.iter().map(pod_builder::PodB::build)) {
        if let Some(pod_builder::Owner::ReplicaSet { deployment, hash }) = p.owner() {
            let ns = pod.metadata.namespace.clone().unwrap_or_default();
            let name = format!("{deployment}-{hash}");
            if replica_sets.iter().any(|rs| {
                rs.metadata.name.as_deref() == Some(&name)
                    && rs.metadata.namespace.as_deref() == Some(&ns)
            }) {
                continue;
            }
            replica_sets.push(
                serde_json::from_value(json!({
                    "metadata": {
                        "name": name,
                        "namespace": ns,
                        "ownerReferences": [{
                            "apiVersion": "apps/v1", "kind": "Deployment", "name": deployment,
                            "uid": format!("deploy-{deployment}"), "controller": true
                        }],
                    },
                }))
                .expect("a ReplicaSet"),
            );
        }
    }
    let secrets = fixture_releases::release_secrets()
        .into_iter()
        .map(|s| (key(&s.metadata), s))
        .collect();
    Fixture {
        pods,
        replica_sets,
        events: fixture_events::events(),
        secrets,
    }
}

fn key(meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta) -> (String, String) {
    (
        meta.namespace.clone().unwrap_or_default(),
        meta.name.clone().unwrap_or_default(),
    )
}

impl Fixture {
    /// Every pod of the fixture cluster, by namespace and name.
    pub fn all_pods(&self) -> &[Pod] {
        &self.pods
    }

    /// Every Secret of the fixture cluster (Helm's release Secrets among them).
    pub fn release_secrets(&self) -> impl Iterator<Item = &Secret> + '_ {
        self.secrets.values()
    }

    /// Adds a pod, as `kubectl apply` would (tests make hostile or odd ones).
    pub fn put_pod(&mut self, pod: Pod) {
        self.pods.push(pod);
    }

    pub fn put_event(&mut self, event: Event) {
        self.events.push(event);
    }

    pub fn teams(&self) -> Vec<String> {
        TEAMS.iter().map(|t| t.to_string()).collect()
    }

    fn pods_of<'a>(&'a self, ns: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
        self.pods
            .iter()
            .filter(move |p| p.metadata.namespace.as_deref() == Some(ns))
    }

    pub fn pod(&self, ns: &str, name: &str) -> Pod {
        self.pods_of(ns)
            .find(|p| p.metadata.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no pod {ns}/{name} in the fixture"))
            .clone()
    }

    /// The messages the cockpit's watches would send after their first sync.
    pub fn sync_messages(&self) -> Vec<Msg> {
        let names: Vec<String> = NAMESPACES.iter().map(|n| n.to_string()).collect();
        let mut out = vec![Msg::Cluster(ClusterMsg::NamespacesSynced(names.clone()))];
        for ns in names {
            let rows = self.pods_of(&ns).map(PodRow::from_pod).collect();
            out.push(Msg::Cluster(ClusterMsg::PodsSynced {
                namespace: ns.clone(),
                rows,
            }));
            let rows = self
                .secrets
                .iter()
                .filter(|((n, _), s)| {
                    *n == ns
                        && s.metadata
                            .labels
                            .as_ref()
                            .and_then(|l| l.get("owner"))
                            .is_some_and(|o| o == "helm")
                })
                .map(|(_, s)| ReleaseRow::from_meta(&s.metadata))
                .collect();
            out.push(Msg::Cluster(ClusterMsg::ReleasesSynced {
                namespace: ns,
                rows,
            }));
        }
        out
    }

    /// What the detail watch would send for a pod: the pod with its owner chain (its
    /// ReplicaSet's Deployment looked up), and its events sorted newest last.
    pub fn detail_messages(&self, ns: &str, name: &str) -> Vec<Msg> {
        let pod = self.pod(ns, name);
        let rows: Vec<EventRow> = self
            .events
            .iter()
            .filter(|e| {
                e.metadata.namespace.as_deref() == Some(ns)
                    && e.involved_object.name.as_deref() == Some(name)
            })
            .map(EventRow::from_event)
            .collect();
        let events = sorted_events(rows.iter());
        let mut detail = PodDetail::from_pod(&pod);
        let rs = detail
            .owners
            .first()
            .filter(|o| o.kind == "ReplicaSet")
            .and_then(|o| {
                self.replica_sets.iter().find(|rs| {
                    rs.metadata.namespace.as_deref() == Some(ns)
                        && rs.metadata.name.as_deref() == Some(&o.name)
                })
            });
        if let Some(rs) = rs {
            detail.owners.extend(controller_of(&rs.metadata));
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
        self.pods_of(ns)
            .map(PodRow::from_pod)
            .find(|r| r.status == status)
            .unwrap_or_else(|| panic!("no {status} pod in {ns}"))
            .name
    }

    /// Adds (or replaces) Secrets, as `kubectl apply` would; those without a creation time
    /// were created five minutes before the tests' clock.
    pub fn put_secrets(&mut self, secrets: &[Secret]) {
        let created = start() - jiff::SignedDuration::from_mins(5);
        for s in secrets {
            let mut s = s.clone();
            s.metadata.creation_timestamp.get_or_insert(
                k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(created),
            );
            self.secrets.insert(key(&s.metadata), s);
        }
    }

    /// Helm writes the next revision of a release: a copy of the latest revision's Secret with
    /// the next version and `status` in its labels (the payload keeps the chart). Returns the
    /// row the release watch would send.
    pub fn next_revision(&mut self, ns: &str, release: &str, status: &str) -> ReleaseRow {
        let latest = self
            .secrets
            .values()
            .filter(|s| s.metadata.namespace.as_deref() == Some(ns))
            .map(|s| (ReleaseRow::from_meta(&s.metadata), s))
            .filter(|(r, _)| r.name == release)
            .max_by_key(|(r, _)| r.revision)
            .map(|(r, s)| (r.revision, s.clone()));
        let (revision, mut secret) = latest.unwrap_or_else(|| panic!("no release {ns}/{release}"));
        let next = revision + 1;
        secret.metadata.name = Some(format!("sh.helm.release.v1.{release}.v{next}"));
        let labels = secret.metadata.labels.get_or_insert_with(Default::default);
        labels.insert("version".into(), next.to_string());
        labels.insert("status".into(), status.into());
        labels.insert("modifiedAt".into(), start().as_second().to_string());
        let row = ReleaseRow::from_meta(&secret.metadata);
        self.secrets.insert(key(&secret.metadata), secret);
        row
    }

    /// What the runner answers to the `DecodeRelease` effects among `effects`: each Secret
    /// decoded by the product's decoder (`release_fetch` without HTTP).
    pub fn decode_answers(&self, effects: &[Effect]) -> Vec<Msg> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::DecodeRelease {
                    namespace,
                    secret,
                    generation,
                } => {
                    let found = self.secrets.get(&(namespace.clone(), secret.clone()));
                    let result = match found {
                        None => Err(ReleaseError::fetch(format!(
                            "cannot get Secret {secret}: not found"
                        ))),
                        Some(s) => decode_release_secret(s)
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
