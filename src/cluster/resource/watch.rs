//! I/O half: the watch behind a resource list (one kind in one namespace, or a cluster-scoped
//! kind), while the list is on screen. Rows are built here, so a Secret's values never leave
//! this task; Helm's release Secrets are left out (`owner!=helm`): the releases screen reads
//! them by their labels, and their payloads (up to 1 MiB each) are not worth a list.

use std::marker::PhantomData;

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::batch::v1::{CronJob, Job};
use k8s_openapi::api::core::v1::{
    ConfigMap, Event, Namespace, Node, PersistentVolumeClaim, Secret, Service,
};
use k8s_openapi::api::networking::v1::Ingress;
use kube::{Api, Client, Resource};

use super::{rows_cluster, rows_config, rows_net, rows_workload};
use super::{ResourceKey, ResourceKind, ResourceRow};
use crate::cluster::msg::{ClusterMsg, WatchId};
use crate::cluster::watch::{config, run, RowWatch};
use crate::outbox::Outbox;

/// Which Secrets a list shows: all but Helm's release Secrets.
pub const SECRET_SELECTOR: &str = "owner!=helm";

struct Rows<K> {
    key: ResourceKey,
    build: fn(&K) -> ResourceRow,
    _k: PhantomData<fn() -> K>,
}

impl<K: Resource + Send + 'static> RowWatch for Rows<K> {
    type K = K;
    type Row = ResourceRow;
    fn id(&self) -> WatchId {
        WatchId::Resources(self.key.clone())
    }
    fn row(&self, o: &K) -> ResourceRow {
        (self.build)(o)
    }
    fn name(o: &K) -> String {
        o.meta().name.clone().unwrap_or_default()
    }
    fn synced(&self, rows: Vec<ResourceRow>) -> ClusterMsg {
        ClusterMsg::ResourcesSynced {
            key: self.key.clone(),
            rows,
        }
    }
    fn changed(&self, applied: Vec<ResourceRow>, deleted: Vec<String>) -> Vec<ClusterMsg> {
        vec![ClusterMsg::ResourcesChanged {
            key: self.key.clone(),
            applied,
            deleted,
        }]
    }
}

async fn go<K>(
    l: crate::cluster::liveness::Liveness,
    api: Api<K>,
    key: ResourceKey,
    build: fn(&K) -> ResourceRow,
    labels: Option<&str>,
    tx: Outbox<ClusterMsg>,
) where
    K: Resource + Clone + serde::de::DeserializeOwned + std::fmt::Debug + Send + Sync + 'static,
    K::DynamicType: Default,
{
    let mut cfg = config(l);
    if let Some(l) = labels {
        cfg = cfg.labels(l);
    }
    let w = Rows {
        key,
        build,
        _k: PhantomData,
    };
    run(w, api, cfg, tx).await
}

fn ns<K>(client: &Client, key: &ResourceKey) -> Api<K>
where
    K: Resource<Scope = k8s_openapi::NamespaceResourceScope>,
    K::DynamicType: Default,
{
    Api::namespaced(
        client.clone(),
        key.namespace.as_deref().unwrap_or("default"),
    )
}

/// Watches `key` until aborted, sending `ResourcesSynced`/`ResourcesChanged`/`WatchFailed`.
pub async fn watch_resources(
    client: Client,
    l: crate::cluster::liveness::Liveness,
    key: ResourceKey,
    tx: Outbox<ClusterMsg>,
) {
    use ResourceKind::*;
    match key.kind {
        Deployment => {
            go(
                l,
                ns::<self::Deployment>(&client, &key),
                key,
                rows_workload::deployment,
                None,
                tx,
            )
            .await
        }
        StatefulSet => {
            go(
                l,
                ns::<self::StatefulSet>(&client, &key),
                key,
                rows_workload::stateful_set,
                None,
                tx,
            )
            .await
        }
        Service => {
            go(
                l,
                ns::<self::Service>(&client, &key),
                key,
                rows_net::service,
                None,
                tx,
            )
            .await
        }
        Ingress => {
            go(
                l,
                ns::<self::Ingress>(&client, &key),
                key,
                rows_net::ingress,
                None,
                tx,
            )
            .await
        }
        ConfigMap => {
            go(
                l,
                ns::<self::ConfigMap>(&client, &key),
                key,
                rows_config::config_map,
                None,
                tx,
            )
            .await
        }
        Secret => {
            go(
                l,
                ns::<self::Secret>(&client, &key),
                key,
                rows_config::secret,
                Some(SECRET_SELECTOR),
                tx,
            )
            .await
        }
        Job => {
            go(
                l,
                ns::<self::Job>(&client, &key),
                key,
                rows_workload::job,
                None,
                tx,
            )
            .await
        }
        CronJob => {
            go(
                l,
                ns::<self::CronJob>(&client, &key),
                key,
                rows_workload::cron_job,
                None,
                tx,
            )
            .await
        }
        PersistentVolumeClaim => {
            go(
                l,
                ns::<self::PersistentVolumeClaim>(&client, &key),
                key,
                rows_config::pvc,
                None,
                tx,
            )
            .await
        }
        Event => {
            go(
                l,
                ns::<self::Event>(&client, &key),
                key,
                rows_cluster::event,
                None,
                tx,
            )
            .await
        }
        Node => {
            go(
                l,
                Api::<self::Node>::all(client),
                key,
                rows_cluster::node,
                None,
                tx,
            )
            .await
        }
        Namespace => {
            go(
                l,
                Api::<self::Namespace>::all(client),
                key,
                rows_cluster::namespace,
                None,
                tx,
            )
            .await
        }
        // Pods have their own list and watch.
        Pod => {}
    }
}

/// The row builder of a kind, for tests and fixtures that hold typed objects.
pub mod build {
    pub use super::super::rows_cluster::{event, namespace, node};
    pub use super::super::rows_config::{config_map, pvc, secret, size};
    pub use super::super::rows_net::{ingress, service};
    pub use super::super::rows_workload::{cron_job, deployment, job, stateful_set};
}
