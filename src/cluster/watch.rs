//! I/O half: the long-lived kube-rs watches behind the cockpit's live views. Each turns watcher
//! events into compact rows and sends them as messages, in batches of whatever is ready.
//! Called only from `effects/`.

use std::fmt::Debug;

use futures::{Stream, StreamExt};
use k8s_openapi::api::core::v1::{Namespace, Pod, Secret};
use kube::core::PartialObjectMeta;
use kube::runtime::watcher::{self, Event};
use kube::{Api, Client, Resource};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::Sender;

use crate::app::msg::{ClusterMsg, Msg, WatchId};
use crate::cluster::pod_row::PodRow;
use crate::helm::ReleaseRow;

/// The server ends each watch after this long and the watcher resumes from its last version,
/// so a dead connection is noticed within about a minute (kube has no keepalive).
pub const WATCH_TIMEOUT_SECS: u32 = 55;

/// Items per message at most: a large initial list arrives in a few big messages, not one per pod.
const BATCH: usize = 512;

fn config() -> watcher::Config {
    watcher::Config::default().timeout(WATCH_TIMEOUT_SECS)
}

/// How one kind's watch events become the app's messages.
trait RowWatch: Send + 'static {
    /// What the watch stream yields: an object, or its metadata only.
    type K: Send + 'static;
    type Row: Send + 'static;
    fn id(&self) -> WatchId;
    fn row(&self, obj: &Self::K) -> Self::Row;
    fn name(obj: &Self::K) -> String;
    fn synced(&self, rows: Vec<Self::Row>) -> ClusterMsg;
    fn changed(&self, applied: Vec<Self::Row>, deleted: Vec<String>) -> ClusterMsg;
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
async fn run<W, K>(w: W, api: Api<K>, cfg: watcher::Config, tx: Sender<Msg>)
where
    W: RowWatch<K = K>,
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
    K::DynamicType: Default,
{
    run_with(w, || watcher::watcher(api.clone(), cfg.clone()), tx).await
}

async fn run_with<W, S>(w: W, make: impl Fn() -> S, tx: Sender<Msg>)
where
    W: RowWatch,
    S: Stream<Item = Result<Event<W::K>, watcher::Error>>,
{
    let mut failures = 0;
    loop {
        let error = match watch_once(&w, make(), &tx, &mut failures).await {
            Some(e) => e,
            // The app is gone.
            None => return,
        };
        let msg = ClusterMsg::WatchFailed { id: w.id(), error };
        if tx.send(Msg::Cluster(msg)).await.is_err() {
            return;
        }
        tokio::time::sleep(backoff(failures)).await;
        failures += 1;
    }
}

/// One list-then-watch, until it fails: returns the error, or `None` when the app has gone.
async fn watch_once<W, S>(w: &W, stream: S, tx: &Sender<Msg>, failures: &mut u32) -> Option<String>
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
        let mut applied = Vec::new();
        let mut deleted = Vec::new();
        let mut out: Vec<ClusterMsg> = Vec::new();
        let mut error = None;
        for ev in batch {
            match ev {
                Ok(Event::Init) => relist = Some(Vec::new()),
                Ok(Event::InitApply(o)) => match &mut relist {
                    Some(rows) => rows.push(w.row(&o)),
                    None => applied.push(w.row(&o)),
                },
                Ok(Event::InitDone) => {
                    flush(w, &mut applied, &mut deleted, &mut out);
                    out.push(w.synced(relist.take().unwrap_or_default()));
                    *failures = 0;
                }
                Ok(Event::Apply(o)) => applied.push(w.row(&o)),
                Ok(Event::Delete(o)) => deleted.push(W::name(&o)),
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            }
        }
        flush(w, &mut applied, &mut deleted, &mut out);
        for m in out {
            tx.send(Msg::Cluster(m)).await.ok()?;
        }
        if error.is_some() {
            return error;
        }
    }
    Some("the watch ended".into())
}

fn flush<W: RowWatch>(
    w: &W,
    applied: &mut Vec<W::Row>,
    deleted: &mut Vec<String>,
    out: &mut Vec<ClusterMsg>,
) {
    if !applied.is_empty() || !deleted.is_empty() {
        out.push(w.changed(std::mem::take(applied), std::mem::take(deleted)));
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
    fn changed(&self, applied: Vec<String>, deleted: Vec<String>) -> ClusterMsg {
        // Namespaces change rarely: one message per change is fine, the last applied wins.
        match (applied.last(), deleted.last()) {
            (Some(a), _) if deleted.is_empty() => ClusterMsg::NamespaceApplied(a.clone()),
            (_, Some(d)) if applied.is_empty() => ClusterMsg::NamespaceDeleted(d.clone()),
            _ => ClusterMsg::NamespacesSynced(applied),
        }
    }
}

struct Pods(String);

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
    fn changed(&self, applied: Vec<PodRow>, deleted: Vec<String>) -> ClusterMsg {
        ClusterMsg::PodsChanged {
            namespace: self.0.clone(),
            applied,
            deleted,
        }
    }
}

struct Releases(String);

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
    fn changed(&self, applied: Vec<ReleaseRow>, deleted: Vec<String>) -> ClusterMsg {
        ClusterMsg::ReleasesChanged {
            namespace: self.0.clone(),
            applied,
            deleted,
        }
    }
}

/// Every namespace's name: the stages appear and vanish with them.
pub async fn watch_namespaces(client: Client, tx: Sender<Msg>) {
    run(Namespaces, Api::all(client), config(), tx).await
}

pub async fn watch_pods(client: Client, namespace: String, tx: Sender<Msg>) {
    let api = Api::namespaced(client, &namespace);
    run(Pods(namespace), api, config(), tx).await
}

/// Helm's release Secrets only (`owner=helm`), metadata only: the list needs the labels, and a
/// release payload (up to 1 MiB each, ten revisions per release) is fetched only when opened.
pub async fn watch_releases(client: Client, namespace: String, tx: Sender<Msg>) {
    // kube asks for `PartialObjectMetadata` when the API is typed so.
    let api: Api<PartialObjectMeta<Secret>> = Api::namespaced(client, &namespace);
    let cfg = config().labels("owner=helm");
    run(Releases(namespace), api, cfg, tx).await
}
