//! A ReplicaSet as the timeline keeps it: a pod rollout is the birth of a new ReplicaSet of a
//! Deployment (a changed pod template), with the Deployment's revision and the images its pods
//! run.

use jiff::Timestamp;
use k8s_openapi::api::apps::v1::ReplicaSet;

use crate::text::sanitize::sanitize_line;

/// The annotation the deployment controller numbers its ReplicaSets with.
pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplicaSetRow {
    pub namespace: String,
    pub name: String,
    /// The Deployment that owns it (its controller), if one does.
    pub deployment: Option<String>,
    /// The Deployment's revision this ReplicaSet stands for.
    pub revision: Option<u32>,
    pub created: Option<Timestamp>,
    /// `app.kubernetes.io/instance`: the Helm release whose pods these are, if labelled.
    pub release: Option<String>,
    /// The containers' images, in order.
    pub images: Vec<String>,
    pub replicas: i32,
}

impl ReplicaSetRow {
    pub fn from_replica_set(rs: &ReplicaSet) -> ReplicaSetRow {
        let m = &rs.metadata;
        let line = |s: &str| sanitize_line(s);
        ReplicaSetRow {
            namespace: line(m.namespace.as_deref().unwrap_or_default()),
            name: line(m.name.as_deref().unwrap_or_default()),
            deployment: m
                .owner_references
                .iter()
                .flatten()
                .find(|o| o.kind == "Deployment" && o.controller == Some(true))
                .map(|o| line(&o.name)),
            revision: m
                .annotations
                .as_ref()
                .and_then(|a| a.get(REVISION_ANNOTATION))
                .and_then(|r| r.parse().ok()),
            created: m.creation_timestamp.as_ref().map(|t| t.0),
            release: m
                .labels
                .as_ref()
                .and_then(|l| l.get("app.kubernetes.io/instance"))
                .map(|r| line(r)),
            images: rs
                .spec
                .as_ref()
                .and_then(|s| s.template.as_ref())
                .and_then(|t| t.spec.as_ref())
                .map(|p| {
                    p.containers
                        .iter()
                        .filter_map(|c| c.image.as_deref().map(line))
                        .collect()
                })
                .unwrap_or_default(),
            replicas: rs.status.as_ref().map_or(0, |s| s.replicas),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_read_from_the_wire_object() {
        let rs: ReplicaSet = serde_json::from_value(serde_json::json!({
            "metadata": {
                "name": "payments-api-7f9c", "namespace": "payments-qa",
                "creationTimestamp": "2026-11-20T09:34:00Z",
                "labels": {"app.kubernetes.io/instance": "payments-api"},
                "annotations": {"deployment.kubernetes.io/revision": "6"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                    "name": "payments-api", "uid": "u", "controller": true}]
            },
            "spec": {"selector": {}, "template": {"spec": {"containers": [
                {"name": "api", "image": "registry.example.com/payments/api:1.4.3"}]}}},
            "status": {"replicas": 2}
        }))
        .unwrap();
        let r = ReplicaSetRow::from_replica_set(&rs);
        assert_eq!(r.deployment.as_deref(), Some("payments-api"));
        assert_eq!(r.revision, Some(6));
        assert_eq!(r.release.as_deref(), Some("payments-api"));
        assert_eq!(r.images, vec!["registry.example.com/payments/api:1.4.3"]);
        assert_eq!(r.created, Some("2026-11-20T09:34:00Z".parse().unwrap()));
        assert_eq!(r.replicas, 2);
    }
}
