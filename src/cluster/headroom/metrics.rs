//! Actual usage from `metrics.k8s.io/v1beta1` (metrics-server), where it answers: nodes and
//! the pods of the stages in view. The API has no watch (metrics-server serves only get and
//! list of its latest scrape), so the headroom screen polls it while it is on screen, at the
//! scrape interval; the pure half parses its lists.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use kube::api::{ApiResource, DynamicObject, ListParams};
use kube::{Api, Client};
use serde_json::Value;

use super::amounts::Amounts;
use crate::cluster::msg::ClusterMsg;
use crate::cluster::watch::with_causes;
use crate::outbox::Outbox;
use crate::text::sanitize::sanitize_line;

/// metrics-server scrapes every 15 s by default; asking more often gets the same numbers.
pub const POLL: Duration = Duration::from_secs(15);
const DEADLINE: Duration = Duration::from_secs(15);

/// What the last poll read: node usage by name, pod usage by `namespace/name`, and the
/// namespaces whose pod metrics answered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Usage {
    pub nodes: BTreeMap<String, Amounts>,
    pub pods: BTreeMap<String, Amounts>,
    pub namespaces: BTreeSet<String>,
}

/// Why there are no usage numbers.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetricsError {
    /// 404 or no such group: no metrics-server in the cluster.
    #[error("metrics.k8s.io is not served (no metrics-server): requests only")]
    NotServed,
    #[error("metrics.k8s.io is not readable: {0}")]
    Forbidden(String),
    #[error("metrics.k8s.io failed: {0}")]
    Failed(String),
}

fn resource(kind: &str, plural: &str) -> ApiResource {
    ApiResource {
        group: "metrics.k8s.io".into(),
        version: "v1beta1".into(),
        api_version: "metrics.k8s.io/v1beta1".into(),
        kind: kind.into(),
        plural: plural.into(),
    }
}

/// A `NodeMetrics`' usage (its `usage` field).
pub fn node_usage(data: &Value) -> Amounts {
    usage_of(&data["usage"])
}

/// A `PodMetrics`' usage: its containers' summed.
pub fn pod_usage(data: &Value) -> Amounts {
    data["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| usage_of(&c["usage"]))
        .fold(Amounts::default(), Amounts::plus)
}

fn usage_of(v: &Value) -> Amounts {
    let list: BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity> =
        serde_json::from_value(v.clone()).unwrap_or_default();
    Amounts::of(Some(&list))
}

fn classify(e: kube::Error) -> MetricsError {
    match &e {
        kube::Error::Api(s) if s.code == 404 => MetricsError::NotServed,
        kube::Error::Api(s) if s.code == 403 => MetricsError::Forbidden(sanitize_line(&s.message)),
        _ => MetricsError::Failed(sanitize_line(&with_causes(&e))),
    }
}

async fn list(api: Api<DynamicObject>) -> Result<Vec<DynamicObject>, MetricsError> {
    match tokio::time::timeout(DEADLINE, api.list(&ListParams::default())).await {
        Ok(Ok(l)) => Ok(l.items),
        Ok(Err(e)) => Err(classify(e)),
        Err(_) => Err(MetricsError::Failed(format!(
            "no answer within {}s",
            DEADLINE.as_secs()
        ))),
    }
}

/// One poll: node metrics, then each namespace's pod metrics.
pub async fn fetch(client: &Client, namespaces: &[String]) -> Result<Usage, MetricsError> {
    let mut usage = Usage::default();
    let nodes = list(Api::all_with(
        client.clone(),
        &resource("NodeMetrics", "nodes"),
    ))
    .await?;
    for n in nodes {
        let name = sanitize_line(n.metadata.name.as_deref().unwrap_or_default());
        usage.nodes.insert(name, node_usage(&n.data));
    }
    let pods = resource("PodMetrics", "pods");
    for ns in namespaces {
        let items = list(Api::namespaced_with(client.clone(), ns, &pods)).await?;
        for p in items {
            let name = sanitize_line(p.metadata.name.as_deref().unwrap_or_default());
            usage
                .pods
                .insert(format!("{ns}/{name}"), pod_usage(&p.data));
        }
        usage.namespaces.insert(ns.clone());
    }
    Ok(usage)
}

/// Polls until aborted (the screen left), sending `ClusterMsg::Metrics` after each poll.
pub async fn poll(client: Client, namespaces: Vec<String>, tx: Outbox<ClusterMsg>) {
    loop {
        let result = fetch(&client, &namespaces).await;
        let served = !matches!(result, Err(MetricsError::NotServed));
        if !tx
            .send(ClusterMsg::Capacity(super::CapacityMsg::Metrics(result)))
            .await
        {
            return;
        }
        // No metrics-server now: one is rarely installed while we look; ask again slowly.
        tokio::time::sleep(if served { POLL } else { POLL * 8 }).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn usage_reads_node_and_pod_metrics_as_metrics_server_writes_them() {
        let node = json!({"timestamp": "2026-12-03T10:00:00Z", "window": "20s",
                          "usage": {"cpu": "1234567890n", "memory": "2048Ki"}});
        assert_eq!(
            node_usage(&node),
            Amounts {
                cpu_milli: 1235,
                memory: 2048 * 1024
            }
        );
        let pod = json!({"containers": [
            {"name": "app", "usage": {"cpu": "3m", "memory": "100Mi"}},
            {"name": "log-shipper", "usage": {"cpu": "500000n", "memory": "20Mi"}}
        ]});
        assert_eq!(
            pod_usage(&pod),
            Amounts {
                cpu_milli: 4,
                memory: 120 * 1024 * 1024
            }
        );
    }
}
