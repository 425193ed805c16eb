//! The simulated API server against kube-rs watches: the runtime watcher (list+watch and
//! streaming lists), resume, bookmarks, expiry and re-list, and faults.

use crate::common::{self, wait};

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, ListParams, WatchEvent, WatchParams};
use kube::runtime::watcher::{self, Event};
use kube::runtime::WatchStreamExt;

const WAIT: Duration = Duration::from_secs(20);

async fn some_pod(api: &Api<Pod>) -> String {
    api.list(&ListParams::default().labels("app.kubernetes.io/name"))
        .await
        .unwrap()
        .items[0]
        .metadata
        .name
        .clone()
        .unwrap()
}

/// Runs a watcher until it has seen the initial list and then a change of `target`.
async fn sees_init_then_change(cfg: watcher::Config) {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let api: Api<Pod> = Api::namespaced(client, "payments-qa");
    let target = some_pod(&api).await;
    let mut stream = watcher::watcher(api.clone(), cfg).default_backoff().boxed();
    let mut init = 0;
    loop {
        match tokio::time::timeout(WAIT, stream.try_next())
            .await
            .unwrap()
            .unwrap()
            .unwrap()
        {
            Event::InitApply(p) => {
                assert_eq!(p.metadata.namespace.as_deref(), Some("payments-qa"));
                init += 1;
            }
            Event::InitDone => break,
            Event::Init => {}
            e => panic!("unexpected before InitDone: {e:?}"),
        }
    }
    assert!(init > 10, "initial pods: {init}");
    api.delete(&target, &DeleteParams::default()).await.unwrap();
    loop {
        match tokio::time::timeout(WAIT, stream.try_next())
            .await
            .unwrap()
            .unwrap()
            .unwrap()
        {
            Event::Apply(p) if p.metadata.name.as_deref() == Some(target.as_str()) => {
                assert!(p.metadata.deletion_timestamp.is_some());
                break;
            }
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn watcher_with_default_config() {
    sees_init_then_change(watcher::Config::default()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn watcher_with_streaming_lists() {
    sees_init_then_change(watcher::Config::default().streaming_lists()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn resume_from_a_list_version_and_bookmarks() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let api: Api<Pod> = Api::namespaced(client, "payments-qa");
    let list = api.list(&ListParams::default()).await.unwrap();
    let rv = list.metadata.resource_version.unwrap();
    let target = some_pod(&api).await;
    api.delete(&target, &DeleteParams::default()).await.unwrap();
    // Resuming from the list's version yields exactly what changed after it: no synthetic ADDED.
    let wp = WatchParams::default().timeout(3);
    let mut events = api.watch(&wp, &rv).await.unwrap().boxed();
    let mut saw_target = false;
    let mut last_rv = rv.clone();
    let mut bookmark = None;
    while let Some(ev) = tokio::time::timeout(WAIT, events.try_next())
        .await
        .unwrap()
        .unwrap()
    {
        match ev {
            WatchEvent::Added(p) => {
                // Replacement pods are new: anything else would be a replay.
                assert!(p.metadata.name.as_deref() != Some(target.as_str()));
                last_rv = p.metadata.resource_version.unwrap();
            }
            WatchEvent::Modified(p) | WatchEvent::Deleted(p) => {
                saw_target |= p.metadata.name.as_deref() == Some(target.as_str());
                last_rv = p.metadata.resource_version.unwrap();
            }
            WatchEvent::Bookmark(b) => {
                assert_eq!(b.types.kind, "Pod");
                assert_eq!(b.types.api_version, "v1");
                // A bookmark is never behind the events streamed before it.
                assert!(
                    b.metadata.resource_version.parse::<u64>().unwrap()
                        >= last_rv.parse::<u64>().unwrap()
                );
                bookmark = Some(b.metadata.resource_version);
            }
            WatchEvent::Error(e) => panic!("{e:?}"),
        }
    }
    assert!(saw_target, "the deletion after the list RV was streamed");
    bookmark.expect("a bookmark before the watch deadline");
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_resource_version_is_an_in_stream_410_then_close() {
    // A history of 5 changes per kind: a few deletions push a version out of the window.
    let sim = common::world("history=5").await;
    let client = common::client(&sim).await;
    let api: Api<Pod> = Api::namespaced(client.clone(), "payments-qa");
    let rv = api
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    let names: Vec<String> = api
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .iter()
        .filter_map(|p| p.metadata.name.clone())
        .collect();
    for n in names.iter().take(12) {
        api.delete(n, &DeleteParams::default()).await.unwrap();
    }
    let mut events = api
        .watch(&WatchParams::default().timeout(5), &rv)
        .await
        .unwrap()
        .boxed();
    match tokio::time::timeout(WAIT, events.try_next())
        .await
        .unwrap()
        .unwrap()
    {
        Some(WatchEvent::Error(e)) => {
            assert_eq!(e.code, 410);
            assert_eq!(e.reason, "Expired");
            assert!(
                e.message
                    .starts_with(&format!("too old resource version: {rv} (")),
                "{}",
                e.message
            );
        }
        other => panic!("expected the in-stream 410, got {other:?}"),
    }
    assert!(
        tokio::time::timeout(WAIT, events.try_next())
            .await
            .unwrap()
            .unwrap()
            .is_none(),
        "the stream closes after the ERROR"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn gone_on_resume_makes_the_watcher_relist_not_spin() {
    let sim = common::world("gone-on-resume=1").await;
    let client = common::client(&sim).await;
    let api: Api<Pod> = Api::namespaced(client, "payments-prod");
    let mut stream = watcher::watcher(api, watcher::Config::default().timeout(1))
        .default_backoff()
        .boxed();
    let mut inits = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while inits < 3 && tokio::time::Instant::now() < deadline {
        if let Ok(Some(Ok(Event::InitDone))) = tokio::time::timeout(WAIT, stream.next()).await {
            inits += 1;
        }
    }
    assert!(inits >= 3, "each 410 leads to a fresh list: {inits}");
}

#[tokio::test(flavor = "multi_thread")]
async fn dropped_watches_reconnect_without_losing_changes() {
    let sim = common::world("drop-watches=1s").await;
    let client = common::client(&sim).await;
    let api: Api<Pod> = Api::namespaced(client, "payments-qa");
    let target = some_pod(&api).await;
    let (reader, writer) = kube::runtime::reflector::store();
    let mut stream = watcher::watcher(api.clone(), watcher::Config::default())
        .default_backoff()
        .reflect(writer)
        .boxed();
    // kube-rs takes a broken watch connection for a resumable end, not an error, and watches
    // again; so the drops are counted where the fault makes them.
    let errors = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn({
        let errors = errors.clone();
        async move {
            while let Some(item) = stream.next().await {
                if let Err(e) = item {
                    errors.lock().unwrap().push(e.to_string());
                }
            }
        }
    });
    reader.wait_until_ready().await.unwrap();
    wait::until_async("the fault to drop the watch twice", WAIT, || {
        let n = sim.state.faults.watches_dropped();
        std::future::ready(if n >= 2 {
            Ok(n)
        } else {
            Err(format!("{n} drops"))
        })
    })
    .await;
    // The first watch is gone by now: the change can only come through a reconnected one.
    api.delete(&target, &DeleteParams::default()).await.unwrap();
    wait::until_async("the deletion to reach the store", WAIT, || {
        let gone = reader.state().iter().any(|p| {
            p.metadata.name.as_deref() == Some(target.as_str())
                && p.metadata.deletion_timestamp.is_some()
        });
        std::future::ready(if gone { Ok(()) } else { Err("not there") })
    })
    .await;
    assert_eq!(*errors.lock().unwrap(), Vec::<String>::new());
}
