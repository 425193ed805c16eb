//! The cluster-wide ingest: other namespaces dropped on arrival, and the rows of the kept ones
//! exactly what the per-namespace watch builds for the same objects.

use k8s_openapi::api::core::v1::{Pod, Secret};
use kube::core::PartialObjectMeta;
use kube::runtime::watcher::Event;

use super::*;
use crate::cluster::watch::tests::messages_of;
use crate::cluster::watch::{Pods, Releases};
use crate::testkit;

fn teams() -> StageNamespaces {
    StageNamespaces::new(&testkit::fixture().teams())
}

/// The fixture's pods, plus copies in namespaces that are nobody's stage (one whose name
/// starts like a team's).
fn cluster_pods() -> Vec<Pod> {
    let f = testkit::fixture();
    let mut pods = f.all_pods().to_vec();
    for ns in ["kube-system", "other-tenant-qa", "paymentsx-qa", "payments"] {
        let mut p = pods[0].clone();
        p.metadata.namespace = Some(ns.into());
        pods.push(p);
    }
    pods
}

fn listed<K>(objects: Vec<K>) -> Vec<Event<K>> {
    let mut ev = vec![Event::Init];
    ev.extend(objects.into_iter().map(Event::InitApply));
    ev.push(Event::InitDone);
    ev
}

#[tokio::test]
async fn pods_of_other_namespaces_are_dropped_and_the_rest_are_the_per_namespace_rows() {
    let pods = cluster_pods();
    let out = messages_of(AllPods(teams()), listed(pods.clone())).await;
    let [ClusterMsg::AllPodsSynced(rows)] = out.as_slice() else {
        panic!("{out:?}")
    };
    let kept: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.namespace.as_str()).collect();
    assert!(kept.contains("payments-qa") && kept.contains("advisory-dev"));
    for other in ["kube-system", "other-tenant-qa", "paymentsx-qa", "payments"] {
        assert!(!kept.contains(other), "{other} kept");
    }
    // Namespace by namespace, the same rows as the namespace's own watch.
    for ns in &kept {
        let own: Vec<Pod> = pods
            .iter()
            .filter(|p| p.metadata.namespace.as_deref() == Some(*ns))
            .cloned()
            .collect();
        let out = messages_of(Pods(ns.to_string()), listed(own)).await;
        let [ClusterMsg::PodsSynced { rows: want, .. }] = out.as_slice() else {
            panic!("{out:?}")
        };
        let got: Vec<&PodRow> = rows.iter().filter(|r| r.namespace == *ns).collect();
        assert_eq!(got, want.iter().collect::<Vec<_>>(), "{ns}");
    }
}

#[tokio::test]
async fn changes_carry_their_namespace_and_skip_other_namespaces() {
    let pods = cluster_pods();
    let qa = pods
        .iter()
        .find(|p| p.metadata.namespace.as_deref() == Some("payments-qa"))
        .unwrap()
        .clone();
    let mut dev = qa.clone();
    dev.metadata.namespace = Some("payments-dev".into());
    let mut system = qa.clone();
    system.metadata.namespace = Some("kube-system".into());
    let events = vec![
        Event::Apply(qa.clone()),
        Event::Apply(system.clone()),
        Event::Delete(dev),
        Event::Delete(system),
    ];
    let out = messages_of(AllPods(teams()), events).await;
    let [ClusterMsg::AllPodsChanged { applied, deleted }] = out.as_slice() else {
        panic!("{out:?}")
    };
    // The same name in two namespaces: one applied, one deleted, neither folded into the other.
    assert_eq!(applied, &vec![PodRow::from_pod(&qa)]);
    let name = qa.metadata.name.clone().unwrap();
    assert_eq!(deleted, &vec![("payments-dev".to_string(), name)]);
}

#[tokio::test]
async fn release_secrets_of_other_namespaces_are_dropped_and_the_rest_are_the_per_namespace_rows() {
    let f = testkit::fixture();
    let meta = |s: &Secret| PartialObjectMeta::<Secret> {
        metadata: s.metadata.clone(),
        ..Default::default()
    };
    let mut secrets: Vec<PartialObjectMeta<Secret>> = f.release_secrets().map(meta).collect();
    let mut foreign = secrets[0].clone();
    foreign.metadata.namespace = Some("kube-system".into());
    secrets.push(foreign);
    let out = messages_of(AllReleases(teams()), listed(secrets.clone())).await;
    let [ClusterMsg::AllReleasesSynced(rows)] = out.as_slice() else {
        panic!("{out:?}")
    };
    assert!(rows.iter().all(|r| r.namespace != "kube-system"));
    let ns = "payments-qa";
    let own: Vec<_> = secrets
        .into_iter()
        .filter(|s| s.metadata.namespace.as_deref() == Some(ns))
        .collect();
    assert!(!own.is_empty());
    let out = messages_of(Releases(ns.into()), listed(own)).await;
    let [ClusterMsg::ReleasesSynced { rows: want, .. }] = out.as_slice() else {
        panic!("{out:?}")
    };
    let got: Vec<&ReleaseRow> = rows.iter().filter(|r| r.namespace == ns).collect();
    assert_eq!(got, want.iter().collect::<Vec<_>>());
}
