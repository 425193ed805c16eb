//! I/O half of the pod detail: the pod in full, its events and its owner chain, while the view
//! is open. Called only from `effects/` (which aborts the task when the view closes).
//!
//! - the pod: a watcher on that one pod (`fieldSelector=metadata.name=…`); each change sends
//!   `PodDetailLoaded`, a delete (or a relist without it) sends `PodGone`;
//! - its events: a watcher on the namespace's events of that pod (`involvedObject.kind=Pod,
//!   involvedObject.name=…`, as `kubectl describe` asks), sending the full list, sorted
//!   newest last, each time it changes;
//! - its owner chain: the controller's own controller looked up once by GET (ReplicaSet →
//!   Deployment, Job → CronJob). A 403 or 404 just leaves the chain short.
//!
//! Failures become `WatchFailed` (the watchers retry with back-off) and the view shows them.

use jiff::Timestamp;
use std::collections::BTreeMap;
use std::time::Duration;

use futures::StreamExt;
use k8s_openapi::api::apps::v1::ReplicaSet;
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Event, Pod};
use kube::runtime::watcher::{self, Event as WatchEvent};
use kube::runtime::WatchStreamExt;
use kube::{Api, Client};

use super::msg::{ClusterMsg, WatchId};
use super::watch_failure::{describe, is_routine_expiry, FailureKind};
use crate::cluster::event_row::EventRow;
use crate::cluster::liveness::Liveness;
use crate::cluster::pod_detail::{controller_of, OwnerRef, PodDetail};
use crate::cluster::watch::failure;
use crate::outbox::Outbox;

/// A single GET gets this long (the watches have their server-side timeout).
const GET_DEADLINE: Duration = Duration::from_secs(15);

/// The events of one pod kept at most (the newest): a crash loop aggregates into a handful,
/// but a controller gone wild should not grow the view without bound.
const MAX_EVENTS: usize = 500;

pub async fn watch_pod_detail(
    client: Client,
    l: Liveness,
    namespace: String,
    name: String,
    tx: Outbox<ClusterMsg>,
) {
    let t = l.watch_timeout_secs;
    tokio::join!(
        watch_pod(
            client.clone(),
            t,
            namespace.clone(),
            name.clone(),
            tx.clone()
        ),
        watch_events(client, t, namespace, name, tx),
    );
}

async fn send(tx: &Outbox<ClusterMsg>, m: ClusterMsg) -> bool {
    tx.send(m).await
}

async fn watch_pod(
    client: Client,
    timeout: u32,
    namespace: String,
    name: String,
    tx: Outbox<ClusterMsg>,
) {
    let api: Api<Pod> = Api::namespaced(client.clone(), &namespace);
    let cfg = watcher::Config::default()
        .fields(&format!("metadata.name={name}"))
        .timeout(timeout);
    let stream = watcher::watcher(api, cfg)
        .default_backoff()
        .ready_chunks(64);
    futures::pin_mut!(stream);
    // The owners above the pod's controller, once known for good (found, or 403/404).
    let mut chain: Option<Vec<OwnerRef>> = None;
    // Whether the current (re)list has shown the pod.
    let mut listed = false;
    while let Some(batch) = stream.next().await {
        let mut latest: Option<Pod> = None;
        let mut out = Vec::new();
        for ev in batch {
            match ev {
                Ok(WatchEvent::Init) => listed = false,
                Ok(WatchEvent::InitApply(p) | WatchEvent::Apply(p)) => {
                    listed = true;
                    latest = Some(p);
                }
                Ok(WatchEvent::InitDone) => {
                    if !listed {
                        latest = None;
                        out.push(gone(&namespace, &name));
                    }
                }
                Ok(WatchEvent::Delete(_)) => {
                    latest = None;
                    out.push(gone(&namespace, &name));
                }
                // A 410 on resume: the watcher lists again by itself (see `watch`).
                Err(e) if is_routine_expiry(&e) => {}
                Err(e) => out.push(failure(
                    WatchId::PodDetail {
                        namespace: namespace.clone(),
                        name: name.clone(),
                    },
                    FailureKind::of_watcher(&e),
                    describe(&e),
                )),
            }
        }
        for m in out {
            if !send(&tx, m).await {
                return;
            }
        }
        let Some(pod) = latest else { continue };
        let mut detail = PodDetail::from_pod(&pod);
        if let Some(c) = &chain {
            detail.owners.extend(c.iter().cloned());
        }
        if !send(&tx, loaded(&namespace, &name, detail.clone())).await {
            return;
        }
        if chain.is_none() {
            if let Some(first) = detail.owners.first().cloned() {
                // Shown once without it, then again with it: a slow GET never holds the pod.
                if let Some(c) = owners_of(&client, &namespace, &first).await {
                    detail.owners.extend(c.iter().cloned());
                    chain = Some(c);
                    if !send(&tx, loaded(&namespace, &name, detail)).await {
                        return;
                    }
                }
            }
        }
    }
}

fn gone(namespace: &str, name: &str) -> ClusterMsg {
    ClusterMsg::PodGone {
        namespace: namespace.to_string(),
        name: name.to_string(),
    }
}

fn loaded(namespace: &str, name: &str, detail: PodDetail) -> ClusterMsg {
    ClusterMsg::PodDetailLoaded {
        namespace: namespace.to_string(),
        name: name.to_string(),
        detail: Box::new(detail),
    }
}

/// The owners above `owner` (nearest first). `None` when it could not be known this time (a
/// timeout, a 500): the next change of the pod tries again.
async fn owners_of(client: &Client, namespace: &str, owner: &OwnerRef) -> Option<Vec<OwnerRef>> {
    let meta = match owner.kind.as_str() {
        "ReplicaSet" => {
            let api: Api<ReplicaSet> = Api::namespaced(client.clone(), namespace);
            get_meta(api, &owner.name).await
        }
        "Job" => {
            let api: Api<Job> = Api::namespaced(client.clone(), namespace);
            get_meta(api, &owner.name).await
        }
        // StatefulSets, DaemonSets, nodes (static pods): the chain ends there.
        _ => return Some(Vec::new()),
    };
    match meta {
        Ok(Some(meta)) => Some(controller_of(&meta).into_iter().collect()),
        // Forbidden or gone: the chain stays short, and asking again would not help.
        Ok(None) => Some(Vec::new()),
        Err(e) => {
            tracing::debug!(owner = %owner.name, error = %e, "owner lookup failed");
            None
        }
    }
}

/// The object's metadata; `Ok(None)` for 403/404.
async fn get_meta<K>(
    api: Api<K>,
    name: &str,
) -> Result<Option<k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta>, String>
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    match tokio::time::timeout(GET_DEADLINE, api.get(name)).await {
        Err(_) => Err("timed out".into()),
        Ok(Ok(o)) => Ok(Some(o.meta().clone())),
        Ok(Err(kube::Error::Api(s))) if s.code == 403 || s.code == 404 => Ok(None),
        Ok(Err(e)) => Err(e.to_string()),
    }
}

async fn watch_events(
    client: Client,
    timeout: u32,
    namespace: String,
    name: String,
    tx: Outbox<ClusterMsg>,
) {
    let api: Api<Event> = Api::namespaced(client, &namespace);
    let cfg = watcher::Config::default()
        .fields(&format!(
            "involvedObject.kind=Pod,involvedObject.name={name}"
        ))
        .timeout(timeout);
    let stream = watcher::watcher(api, cfg)
        .default_backoff()
        .ready_chunks(256);
    futures::pin_mut!(stream);
    // By event name: what is shown.
    let mut known: BTreeMap<String, EventRow> = BTreeMap::new();
    // A relist in progress: replaces `known` when it completes, so deleted events vanish.
    let mut relist: Option<BTreeMap<String, EventRow>> = None;
    while let Some(batch) = stream.next().await {
        let mut changed = false;
        let mut out = Vec::new();
        for ev in batch {
            match ev {
                Ok(WatchEvent::Init) => relist = Some(BTreeMap::new()),
                Ok(WatchEvent::InitApply(e)) => {
                    let target = relist.as_mut().unwrap_or(&mut known);
                    target.insert(event_key(&e), EventRow::from_event(&e));
                }
                Ok(WatchEvent::InitDone) => {
                    if let Some(r) = relist.take() {
                        known = r;
                    }
                    changed = true;
                }
                Ok(WatchEvent::Apply(e)) => {
                    known.insert(event_key(&e), EventRow::from_event(&e));
                    changed = true;
                }
                Ok(WatchEvent::Delete(e)) => {
                    changed |= known.remove(&event_key(&e)).is_some();
                }
                // A 410 on resume: the watcher lists again by itself (see `watch`).
                Err(e) if is_routine_expiry(&e) => {}
                Err(e) => out.push(failure(
                    WatchId::PodEvents {
                        namespace: namespace.clone(),
                        name: name.clone(),
                    },
                    FailureKind::of_watcher(&e),
                    describe(&e),
                )),
            }
        }
        // Bounded while it arrives, not only on screen: 100,000 events of one pod would
        // otherwise be held and sorted on every change.
        for m in [Some(&mut known), relist.as_mut()].into_iter().flatten() {
            if m.len() > 2 * MAX_EVENTS {
                keep_read_first(m, MAX_EVENTS);
            }
        }
        if changed && relist.is_none() {
            out.push(ClusterMsg::PodEventsLoaded {
                namespace: namespace.clone(),
                name: name.clone(),
                events: sorted_events(known.values()),
            });
        }
        for m in out {
            if !send(&tx, m).await {
                return;
            }
        }
    }
}

/// Keeps the `max` events read first — warnings, then the newest — as the list keeps them.
pub fn keep_read_first(events: &mut BTreeMap<String, EventRow>, max: usize) {
    if events.len() <= max {
        return;
    }
    let mut order: Vec<(&String, bool, Option<Timestamp>)> = events
        .iter()
        .map(|(k, e)| (k, e.type_ == "Warning", e.last))
        .collect();
    order.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.2.cmp(&a.2)));
    let gone: Vec<String> = order[max..].iter().map(|(k, ..)| (*k).clone()).collect();
    for k in gone {
        events.remove(&k);
    }
}

fn event_key(e: &Event) -> String {
    e.metadata.name.clone().unwrap_or_default()
}

/// As `kubectl describe` lists them: oldest first, newest last (by last occurrence), at most
/// the newest [`MAX_EVENTS`].
pub fn sorted_events<'a>(events: impl Iterator<Item = &'a EventRow>) -> Vec<EventRow> {
    let mut v: Vec<EventRow> = events.cloned().collect();
    v.sort_by(|a, b| {
        a.last
            .cmp(&b.last)
            .then_with(|| a.first.cmp(&b.first))
            .then_with(|| a.reason.cmp(&b.reason))
            .then_with(|| a.message.cmp(&b.message))
    });
    if v.len() > MAX_EVENTS {
        v.drain(..v.len() - MAX_EVENTS);
    }
    v
}

#[cfg(test)]
mod bound_tests {
    use super::*;

    fn ev(i: i64, warning: bool) -> EventRow {
        let at = Timestamp::from_second(1_700_000_000 + i * 60).unwrap();
        EventRow {
            type_: if warning { "Warning" } else { "Normal" }.into(),
            reason: "Flood".into(),
            message: format!("event {i}"),
            count: 1,
            first: Some(at),
            last: Some(at),
            source: "wild".into(),
            object: "Pod/p".into(),
        }
    }

    /// 100,000 events of one pod: the task keeps the warnings and the newest, no more.
    #[test]
    fn a_flood_of_events_keeps_the_warnings_and_the_newest() {
        let mut m: BTreeMap<String, EventRow> = (0..100_000)
            .map(|i| (format!("e{i}"), ev(i, i % 10_000 == 0)))
            .collect();
        keep_read_first(&mut m, MAX_EVENTS);
        assert_eq!(m.len(), MAX_EVENTS);
        assert_eq!(m.values().filter(|e| e.type_ == "Warning").count(), 10);
        assert!(m.contains_key("e99999") && !m.contains_key("e1"));
        let shown = sorted_events(m.values());
        assert_eq!(shown.last().unwrap().message, "event 99999");
    }
}
