//! A namespace's life through kube-rs, as a real apiserver lives it: created with its labels,
//! deleted into Terminating (MODIFIED), emptied (pods terminate and are not replaced; Secrets,
//! Deployments, ReplicaSets go) and then gone (DELETED); nothing may be created meanwhile. And
//! `SelfSubjectAccessReview` for the admin and the read-only viewer.

use crate::common::{self, wait};

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Pod, Secret};
use kube::api::{Api, DeleteParams, ListParams, ObjectMeta, PostParams, WatchEvent, WatchParams};

const WAIT: Duration = Duration::from_secs(20);

fn namespace(name: &str, team: &str, stage: &str) -> Namespace {
    Namespace {
        metadata: ObjectMeta {
            name: Some(name.into()),
            labels: Some(
                [("team", team), ("stage", stage)]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            ..Default::default()
        },
        ..Default::default()
    }
}

async fn count<K>(api: &Api<K>) -> usize
where
    K: kube::Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug,
{
    api.list(&ListParams::default()).await.unwrap().items.len()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_created_namespace_is_listed_with_its_labels_and_may_be_deleted() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let nss: Api<Namespace> = Api::all(client.clone());
    let made = nss
        .create(
            &PostParams::default(),
            &namespace("payments-review", "payments", "review"),
        )
        .await
        .unwrap();
    let labels = made.metadata.labels.clone().unwrap();
    assert_eq!(labels["team"], "payments");
    assert_eq!(labels["stage"], "review");
    assert_eq!(labels["kubernetes.io/metadata.name"], "payments-review");
    assert_eq!(made.status.unwrap().phase.as_deref(), Some("Active"));
    let listed = nss
        .list(&ListParams::default().labels("team=payments,stage=review"))
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);

    // A Secret in it, then the namespace goes: with nothing running it is gone at once.
    let secrets: Api<Secret> = Api::namespaced(client.clone(), "payments-review");
    let s = Secret {
        metadata: ObjectMeta {
            name: Some("token".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    secrets.create(&PostParams::default(), &s).await.unwrap();
    let gone = nss
        .delete("payments-review", &DeleteParams::default())
        .await
        .unwrap();
    let ns = gone.left().expect("the namespace comes back, Terminating");
    assert_eq!(ns.status.unwrap().phase.as_deref(), Some("Terminating"));
    assert!(ns.metadata.deletion_timestamp.is_some());
    wait::until_async("payments-review to be gone", WAIT, || async {
        match nss.get_opt("payments-review").await.unwrap() {
            None => Ok(()),
            Some(n) => Err(format!("{:?}", n.status)),
        }
    })
    .await;
    assert_eq!(count(&secrets).await, 0);

    // The same name may be created again.
    nss.create(
        &PostParams::default(),
        &namespace("payments-review", "payments", "review"),
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_stage_terminates_its_pods_without_replacing_them_then_removes_it() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let ns = "payments-stage-demo";
    let nss: Api<Namespace> = Api::all(client.clone());
    let pods: Api<Pod> = Api::namespaced(client.clone(), ns);
    let secrets: Api<Secret> = Api::namespaced(client.clone(), ns);
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), ns);
    let replica_sets: Api<ReplicaSet> = Api::namespaced(client.clone(), ns);
    assert!(count(&pods).await > 0 && count(&secrets).await > 0);
    assert!(count(&deployments).await > 0);

    let rv = nss
        .list(&ListParams::default())
        .await
        .unwrap()
        .metadata
        .resource_version
        .unwrap();
    let watch = nss
        .watch(
            &WatchParams::default().fields(&format!("metadata.name={ns}")),
            &rv,
        )
        .await
        .unwrap();

    let deleted = nss.delete(ns, &DeleteParams::default()).await.unwrap();
    let marked = deleted.left().unwrap();
    assert_eq!(marked.status.unwrap().phase.as_deref(), Some("Terminating"));

    // Everything but the pods goes at once; the pods are terminating.
    assert_eq!(count(&secrets).await, 0);
    assert_eq!(count(&deployments).await, 0);
    assert_eq!(count(&replica_sets).await, 0);
    let left = pods.list(&ListParams::default()).await.unwrap().items;
    assert!(!left.is_empty());
    assert!(left.iter().all(|p| p.metadata.deletion_timestamp.is_some()));

    // Nothing new may be created meanwhile, and a second DELETE is a conflict.
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), ns);
    let cm = ConfigMap {
        metadata: ObjectMeta {
            name: Some("late".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let e = cms.create(&PostParams::default(), &cm).await.unwrap_err();
    match &e {
        kube::Error::Api(s) => {
            assert_eq!((s.code, s.reason.as_str()), (403, "Forbidden"));
            assert_eq!(
                s.message,
                format!("configmaps \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated")
            );
        }
        other => panic!("{other:?}"),
    }
    let e = nss.delete(ns, &DeleteParams::default()).await.unwrap_err();
    assert!(matches!(&e, kube::Error::Api(s) if s.code == 409), "{e:?}");

    // The pods' grace ends: the namespace goes, and no ReplicaSet brought a pod back.
    sim.advance(jiff::SignedDuration::from_secs(40));
    wait::until_async("the namespace to be gone", WAIT, || async {
        match nss.get_opt(ns).await.unwrap() {
            None => Ok(()),
            Some(n) => Err(format!("{:?}", n.status)),
        }
    })
    .await;
    sim.advance(jiff::SignedDuration::from_secs(300));
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(count(&pods).await, 0);
    assert_eq!(count(&deployments).await, 0);

    // Watchers saw it turn Terminating, then go.
    let seen: Vec<String> = tokio::time::timeout(
        WAIT,
        watch
            .take(2)
            .map_ok(|e| match e {
                WatchEvent::Modified(n) => format!(
                    "MODIFIED {}",
                    n.status.and_then(|s| s.phase).unwrap_or_default()
                ),
                WatchEvent::Deleted(_) => "DELETED".into(),
                other => format!("{other:?}"),
            })
            .try_collect(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(seen, ["MODIFIED Terminating", "DELETED"]);
}

fn review(verb: &str, resource: &str) -> SelfSubjectAccessReview {
    SelfSubjectAccessReview {
        spec: SelfSubjectAccessReviewSpec {
            resource_attributes: Some(ResourceAttributes {
                verb: Some(verb.into()),
                resource: Some(resource.into()),
                ..Default::default()
            }),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn access_reviews_answer_for_the_admin_and_the_viewer() {
    let sim = common::world("").await;
    let admin: Api<SelfSubjectAccessReview> = Api::all(common::client(&sim).await);
    let viewer_client = common::client_for(&sim.kubeconfig(), Some("stagecoach-demo-viewer")).await;
    let viewer: Api<SelfSubjectAccessReview> = Api::all(viewer_client.clone());
    let pp = PostParams::default();

    let yes = admin
        .create(&pp, &review("create", "namespaces"))
        .await
        .unwrap();
    let status = yes.status.unwrap();
    assert!(status.allowed);
    assert_eq!(
        yes.spec.resource_attributes.unwrap().resource.as_deref(),
        Some("namespaces")
    );

    let no = viewer
        .create(&pp, &review("delete", "namespaces"))
        .await
        .unwrap()
        .status
        .unwrap();
    assert!(!no.allowed);
    assert_eq!(no.denied, None, "RBAC has no opinion, it does not deny");
    let reason = no.reason.unwrap();
    assert!(
        reason.contains("group platform-admins") && reason.contains("delete namespaces"),
        "{reason}"
    );
    let read = viewer
        .create(&pp, &review("list", "pods"))
        .await
        .unwrap()
        .status
        .unwrap();
    assert!(read.allowed);

    // And what the review said holds: the viewer's create is refused.
    let e = Api::<Namespace>::all(viewer_client)
        .create(&pp, &namespace("payments-nope", "payments", "nope"))
        .await
        .unwrap_err();
    assert!(matches!(&e, kube::Error::Api(s) if s.code == 403), "{e:?}");

    // A review without attributes is invalid, as the apiserver says.
    let e = admin
        .create(&pp, &SelfSubjectAccessReview::default())
        .await
        .unwrap_err();
    assert!(matches!(&e, kube::Error::Api(s) if s.code == 422), "{e:?}");
}
