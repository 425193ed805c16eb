//! I/O half: the long-lived kube-rs watches behind the cockpit's live views. Each turns watcher
//! events into compact rows and sends them as messages, in batches of whatever is ready.
//! Called only from `effects/`.

use std::fmt::Debug;

use futures::{Stream, StreamExt};
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{Namespace, Pod, Secret};
use kube::core::PartialObjectMeta;
use kube::runtime::watcher::{self, Event};
use kube::{Api, Client, Resource};
use serde::de::DeserializeOwned;

use super::msg::{ClusterMsg, WatchId};
use super::watch_failure::{describe, is_routine_expiry, FailureKind};
use crate::cluster::pod_row::PodRow;
use crate::cluster::replica_set_row::ReplicaSetRow;
use crate::cluster::rollout::DeploymentRow;
use crate::helm::ReleaseRow;
use crate::outbox::Outbox;
use crate::text::sanitize::sanitize_line;

/// The server ends each watch after `timeoutSeconds` and the watcher resumes from its last
/// version; a connection silent for longer than that (plus a margin) is dead — see `liveness`.
pub use super::liveness::Liveness;

/// Items per message at most: a large initial list arrives in a few big messages, not one per pod.
const BATCH: usize = 512;

pub(super) fn config(l: Liveness) -> watcher::Config {
    watcher::Config::default().timeout(l.watch_timeout_secs)
}

/// How one kind's watch events become the app's messages.
pub(super) trait RowWatch: Send + 'static {
    /// What the watch stream yields: an object, or its metadata only.
    type K: Send + 'static;
    type Row: Send + 'static;
    fn id(&self) -> WatchId;
    /// Whether an object is one the app wants (a cluster-wide watch drops other namespaces).
    fn keep(&self, _obj: &Self::K) -> bool {
        true
    }
    fn row(&self, obj: &Self::K) -> Self::Row;
    fn name(obj: &Self::K) -> String;
    fn synced(&self, rows: Vec<Self::Row>) -> ClusterMsg;
    /// Messages for a batch of changes; no name is both applied and deleted in one batch.
    fn changed(&self, applied: Vec<Self::Row>, deleted: Vec<String>) -> Vec<ClusterMsg>;
}

/// A batch of watch events, folded so that the last event for a name wins: a pod modified and
/// then deleted in one batch is deleted, one deleted and then recreated is there.
struct Changes<R> {
    applied: Vec<(String, R)>,
    deleted: Vec<String>,
}

impl<R> Changes<R> {
    fn new() -> Self {
        Changes {
            applied: Vec::new(),
            deleted: Vec::new(),
        }
    }

    fn apply(&mut self, name: String, row: R) {
        self.deleted.retain(|d| *d != name);
        self.applied.push((name, row));
    }

    fn delete(&mut self, name: String) {
        self.applied.retain(|(n, _)| *n != name);
        self.deleted.push(name);
    }

    fn is_empty(&self) -> bool {
        self.applied.is_empty() && self.deleted.is_empty()
    }

    fn take(&mut self) -> (Vec<R>, Vec<String>) {
        let applied = std::mem::take(&mut self.applied);
        let deleted = std::mem::take(&mut self.deleted);
        (applied.into_iter().map(|(_, r)| r).collect(), deleted)
    }
}

/// Back-off between attempts after a failure: 800 ms doubling to 30 s, with jitter, as
/// client-go does. (We do it here rather than with kube's `default_backoff` because after a
/// failure we start over with a fresh list: its completion is the proof that the data is
/// current again, which a resumed watch on a quiet namespace would never give.)
fn backoff(failures: u32) -> std::time::Duration {
    let base = 0.8_f64 * 2f64.powi(failures.min(6) as i32);
    // Jitter from the clock's nanoseconds: enough to keep many watches from retrying in step.
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let jitter = 1.0 + f64::from(nanos % 1000) / 1000.0 * 0.2;
    std::time::Duration::from_secs_f64(base.min(30.0) * jitter)
}

/// A full-object watch.
pub(super) async fn run<W, K>(w: W, api: Api<K>, cfg: watcher::Config, tx: Outbox<ClusterMsg>)
where
    W: RowWatch<K = K>,
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
    K::DynamicType: Default,
{
    run_with(w, || watcher::watcher(api.clone(), cfg.clone()), tx).await
}

async fn run_with<W, S>(w: W, make: impl Fn() -> S, tx: Outbox<ClusterMsg>)
where
    W: RowWatch,
    S: Stream<Item = Result<Event<W::K>, watcher::Error>>,
{
    let mut failures = 0;
    loop {
        let (kind, error) = match watch_once(&w, make(), &tx, &mut failures).await {
            Some(e) => e,
            // The app is gone.
            None => return,
        };
        let msg = failure(w.id(), kind, error);
        if !tx.send(msg).await {
            return;
        }
        tokio::time::sleep(backoff(failures)).await;
        failures += 1;
    }
}

/// An error with its causes (`… client error (Connect): tcp connect error: Connection refused`):
/// the last one is usually what the user can act on.
pub fn with_causes(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        cause = c.source();
    }
    text
}

/// A watch failure as the app keeps it: the error's text sanitised (it quotes the API
/// server, or whatever proxy answered).
pub fn failure(id: WatchId, kind: FailureKind, error: impl std::fmt::Display) -> ClusterMsg {
    ClusterMsg::WatchFailed {
        id,
        kind,
        error: sanitize_line(&error.to_string()),
    }
}

/// One list-then-watch, until it fails: returns the error, or `None` when the app has gone.
async fn watch_once<W, S>(
    w: &W,
    stream: S,
    tx: &Outbox<ClusterMsg>,
    failures: &mut u32,
) -> Option<(FailureKind, String)>
where
    W: RowWatch,
    S: Stream<Item = Result<Event<W::K>, watcher::Error>>,
{
    let stream = stream.ready_chunks(BATCH);
    futures::pin_mut!(stream);
    // Rows of a list in progress: sent as one full set when it completes, so that deleted
    // objects vanish and the view never shows half a list.
    let mut relist: Option<Vec<W::Row>> = None;
    while let Some(batch) = stream.next().await {
        let mut changes = Changes::new();
        let mut out: Vec<ClusterMsg> = Vec::new();
        let mut error = None;
        for ev in batch {
            match ev {
                Ok(Event::Init) => relist = Some(Vec::new()),
                Ok(Event::InitApply(o) | Event::Apply(o) | Event::Delete(o)) if !w.keep(&o) => {}
                Ok(Event::InitApply(o)) => match &mut relist {
                    Some(rows) => rows.push(w.row(&o)),
                    None => changes.apply(W::name(&o), w.row(&o)),
                },
                Ok(Event::InitDone) => {
                    flush(w, &mut changes, &mut out);
                    out.push(w.synced(relist.take().unwrap_or_default()));
                    *failures = 0;
                }
                Ok(Event::Apply(o)) => changes.apply(W::name(&o), w.row(&o)),
                Ok(Event::Delete(o)) => changes.delete(W::name(&o)),
                // A 410 on resume is routine: the watcher lists again by itself, and that
                // list's completion is the next message. Nothing was lost, nothing to show.
                Err(e) if is_routine_expiry(&e) => {
                    tracing::debug!(id = ?w.id(), "watch expired, relisting: {}", describe(&e));
                }
                Err(e) => {
                    error = Some((FailureKind::of_watcher(&e), describe(&e)));
                    break;
                }
            }
        }
        flush(w, &mut changes, &mut out);
        for m in out {
            if !tx.send(m).await {
                return None;
            }
        }
        if error.is_some() {
            return error;
        }
    }
    // The server closed the stream (its timeout): the watcher starts over.
    Some((FailureKind::Server, "the watch ended".into()))
}

fn flush<W: RowWatch>(w: &W, changes: &mut Changes<W::Row>, out: &mut Vec<ClusterMsg>) {
    if !changes.is_empty() {
        let (applied, deleted) = changes.take();
        out.extend(w.changed(applied, deleted));
    }
}

struct Namespaces;

impl RowWatch for Namespaces {
    type K = Namespace;
    type Row = String;
    fn id(&self) -> WatchId {
        WatchId::Namespaces
    }
    fn row(&self, o: &Namespace) -> String {
        o.metadata.name.clone().unwrap_or_default()
    }
    fn name(o: &Namespace) -> String {
        o.metadata.name.clone().unwrap_or_default()
    }
    fn synced(&self, rows: Vec<String>) -> ClusterMsg {
        ClusterMsg::NamespacesSynced(rows)
    }
    fn changed(&self, applied: Vec<String>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        applied
            .into_iter()
            .map(ClusterMsg::NamespaceApplied)
            .chain(deleted.into_iter().map(ClusterMsg::NamespaceDeleted))
            .collect()
    }
}

pub(super) struct Pods(pub(super) String);

impl RowWatch for Pods {
    type K = Pod;
    type Row = PodRow;
    fn id(&self) -> WatchId {
        WatchId::Pods(self.0.clone())
    }
    fn row(&self, o: &Pod) -> PodRow {
        PodRow::from_pod(o)
    }
    fn name(o: &Pod) -> String {
        o.metadata.name.clone().unwrap_or_default()
    }
    fn synced(&self, rows: Vec<PodRow>) -> ClusterMsg {
        ClusterMsg::PodsSynced {
            namespace: self.0.clone(),
            rows,
        }
    }
    fn changed(&self, applied: Vec<PodRow>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::PodsChanged {
            namespace: self.0.clone(),
            applied,
            deleted,
        }]
    }
}

pub(super) struct Releases(pub(super) String);

impl RowWatch for Releases {
    type K = PartialObjectMeta<Secret>;
    type Row = ReleaseRow;
    fn id(&self) -> WatchId {
        WatchId::Releases(self.0.clone())
    }
    fn row(&self, o: &PartialObjectMeta<Secret>) -> ReleaseRow {
        ReleaseRow::from_meta(&o.metadata)
    }
    fn name(o: &PartialObjectMeta<Secret>) -> String {
        o.metadata.name.clone().unwrap_or_default()
    }
    fn synced(&self, rows: Vec<ReleaseRow>) -> ClusterMsg {
        ClusterMsg::ReleasesSynced {
            namespace: self.0.clone(),
            rows,
        }
    }
    fn changed(&self, applied: Vec<ReleaseRow>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::ReleasesChanged {
            namespace: self.0.clone(),
            applied,
            deleted,
        }]
    }
}

struct Deployments(String);

impl RowWatch for Deployments {
    type K = Deployment;
    type Row = DeploymentRow;
    fn id(&self) -> WatchId {
        WatchId::Deployments(self.0.clone())
    }
    fn row(&self, o: &Deployment) -> DeploymentRow {
        DeploymentRow::from_deployment(o)
    }
    fn name(o: &Deployment) -> String {
        o.metadata.name.clone().unwrap_or_default()
    }
    fn synced(&self, rows: Vec<DeploymentRow>) -> ClusterMsg {
        ClusterMsg::DeploymentsSynced {
            namespace: self.0.clone(),
            rows,
        }
    }
    fn changed(&self, applied: Vec<DeploymentRow>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::DeploymentsChanged {
            namespace: self.0.clone(),
            applied,
            deleted,
        }]
    }
}

struct ReplicaSets(String);

impl RowWatch for ReplicaSets {
    type K = ReplicaSet;
    type Row = ReplicaSetRow;
    fn id(&self) -> WatchId {
        WatchId::ReplicaSets(self.0.clone())
    }
    fn row(&self, o: &ReplicaSet) -> ReplicaSetRow {
        ReplicaSetRow::from_replica_set(o)
    }
    fn name(o: &ReplicaSet) -> String {
        o.metadata.name.clone().unwrap_or_default()
    }
    fn synced(&self, rows: Vec<ReplicaSetRow>) -> ClusterMsg {
        ClusterMsg::ReplicaSetsSynced {
            namespace: self.0.clone(),
            rows,
        }
    }
    fn changed(&self, applied: Vec<ReplicaSetRow>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::ReplicaSetsChanged {
            namespace: self.0.clone(),
            applied,
            deleted,
        }]
    }
}

/// Every namespace's name: the stages appear and vanish with them.
pub async fn watch_namespaces(client: Client, l: Liveness, tx: Outbox<ClusterMsg>) {
    run(Namespaces, Api::all(client), config(l), tx).await
}

pub async fn watch_pods(client: Client, l: Liveness, namespace: String, tx: Outbox<ClusterMsg>) {
    let api = Api::namespaced(client, &namespace);
    run(Pods(namespace), api, config(l), tx).await
}

/// Helm's release Secrets only (`owner=helm`), metadata only: the list needs the labels, and a
/// release payload (up to 1 MiB each, ten revisions per release) is fetched only when opened.
pub async fn watch_releases(
    client: Client,
    l: Liveness,
    namespace: String,
    tx: Outbox<ClusterMsg>,
) {
    // kube asks for `PartialObjectMetadata` when the API is typed so.
    let api: Api<PartialObjectMeta<Secret>> = Api::namespaced(client, &namespace);
    let cfg = config(l).labels("owner=helm");
    run(Releases(namespace), api, cfg, tx).await
}

/// A stage's Deployments, for the rollout sentences of a deploy being followed (started with
/// the deploy, not with the stage: the matrix does not need them).
pub async fn watch_deployments(
    client: Client,
    l: Liveness,
    namespace: String,
    tx: Outbox<ClusterMsg>,
) {
    let api = Api::namespaced(client, &namespace);
    run(Deployments(namespace), api, config(l), tx).await
}

/// A stage's ReplicaSets, for the pod rollouts its timeline shows (started with the timeline
/// screen, not with the stage: the matrix does not need them).
pub async fn watch_replica_sets(
    client: Client,
    l: Liveness,
    namespace: String,
    tx: Outbox<ClusterMsg>,
) {
    let api = Api::namespaced(client, &namespace);
    run(ReplicaSets(namespace), api, config(l), tx).await
}

#[cfg(test)]
pub(super) mod tests {
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    use super::*;

    fn named<K: Resource<Scope = k8s_openapi::NamespaceResourceScope> + Default>(n: &str) -> K {
        let mut k = K::default();
        *k.meta_mut() = ObjectMeta {
            name: Some(n.into()),
            namespace: Some("payments-qa".into()),
            ..ObjectMeta::default()
        };
        k
    }

    async fn messages<W: RowWatch>(w: W, events: Vec<Event<W::K>>) -> Vec<ClusterMsg> {
        messages_of(w, events).await
    }

    /// What a watch sends for these events (then the stream ends).
    pub(in crate::cluster) async fn messages_of<W: RowWatch>(
        w: W,
        events: Vec<Event<W::K>>,
    ) -> Vec<ClusterMsg> {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<ClusterMsg>(64);
        let stream = futures::stream::iter(events.into_iter().map(Ok));
        let ended = watch_once(&w, stream, &Outbox::new(tx.clone()), &mut 0).await;
        assert_eq!(ended.map(|e| e.1).as_deref(), Some("the watch ended"));
        drop(tx);
        let mut out = Vec::new();
        while let Some(m) = rx.recv().await {
            out.push(m);
        }
        out
    }

    #[tokio::test]
    async fn the_last_event_for_a_pod_in_a_batch_wins() {
        let events = vec![
            Event::Apply(named::<Pod>("leaving")),
            Event::Delete(named::<Pod>("leaving")),
            Event::Delete(named::<Pod>("replaced")),
            Event::Apply(named::<Pod>("replaced")),
        ];
        let out = messages(Pods("payments-qa".into()), events).await;
        let [ClusterMsg::PodsChanged {
            applied, deleted, ..
        }] = out.as_slice()
        else {
            panic!("{out:?}")
        };
        let applied: Vec<&str> = applied.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(applied, ["replaced"]);
        assert_eq!(deleted, &["leaving".to_string()]);
    }

    #[tokio::test]
    async fn namespaces_added_and_removed_together_leave_the_others_alone() {
        let ns = |n: &str| Namespace {
            metadata: ObjectMeta {
                name: Some(n.into()),
                ..ObjectMeta::default()
            },
            ..Namespace::default()
        };
        let events = vec![
            Event::Apply(ns("payments-stage-demo")),
            Event::Delete(ns("payments-e2e")),
        ];
        let out = messages(Namespaces, events).await;
        assert_eq!(
            out,
            vec![
                ClusterMsg::NamespaceApplied("payments-stage-demo".into()),
                ClusterMsg::NamespaceDeleted("payments-e2e".into()),
            ]
        );
    }
}
