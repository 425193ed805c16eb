//! A Deployment's rollout as `kubectl rollout status` tells it: the compact row the watch keeps,
//! and the sentence kubectl prints for it (kubectl/pkg/polymorphichelpers/rollout_status.go,
//! `DeploymentStatusViewer.Status`), word for word, so that what the cockpit says can be
//! compared with what a colleague's terminal says.

use k8s_openapi::api::apps::v1::Deployment;

use crate::text::sanitize::sanitize_line;

/// The condition reason the deployment controller sets when a rollout stops progressing.
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";

/// What a rollout's state needs of a Deployment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeploymentRow {
    pub namespace: String,
    pub name: String,
    pub generation: i64,
    pub observed_generation: i64,
    /// `spec.replicas` (the API server defaults it; a missing one skips kubectl's first check).
    pub spec_replicas: Option<i32>,
    pub replicas: i32,
    pub updated_replicas: i32,
    pub available_replicas: i32,
    /// The `Progressing` condition's reason.
    pub progressing_reason: Option<String>,
    /// The Helm release that owns it (`meta.helm.sh/release-name`), if one does.
    pub release: Option<String>,
}

impl DeploymentRow {
    pub fn from_deployment(d: &Deployment) -> DeploymentRow {
        let status = d.status.clone().unwrap_or_default();
        let progressing_reason = status
            .conditions
            .iter()
            .flatten()
            .find(|c| c.type_ == "Progressing")
            .and_then(|c| c.reason.as_deref())
            .map(sanitize_line);
        DeploymentRow {
            namespace: sanitize_line(d.metadata.namespace.as_deref().unwrap_or_default()),
            name: sanitize_line(d.metadata.name.as_deref().unwrap_or_default()),
            generation: d.metadata.generation.unwrap_or(0),
            observed_generation: status.observed_generation.unwrap_or(0),
            spec_replicas: d.spec.as_ref().and_then(|s| s.replicas),
            replicas: status.replicas.unwrap_or(0),
            updated_replicas: status.updated_replicas.unwrap_or(0),
            available_replicas: status.available_replicas.unwrap_or(0),
            progressing_reason,
            release: d
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("meta.helm.sh/release-name"))
                .map(|r| sanitize_line(r)),
        }
    }
}

/// Where a rollout stands, with kubectl's sentence (without its trailing newline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rollout {
    Waiting(String),
    Done(String),
    /// The controller gave up (the progress deadline passed).
    Failed(String),
}

impl Rollout {
    pub fn text(&self) -> &str {
        match self {
            Rollout::Waiting(s) | Rollout::Done(s) | Rollout::Failed(s) => s,
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self, Rollout::Done(_))
    }
}

/// kubectl's `DeploymentStatusViewer.Status` (without `--revision`): `%q` of a name is the name
/// in double quotes (names are DNS labels: nothing to escape).
pub fn rollout_status(d: &DeploymentRow) -> Rollout {
    let name = format!("\"{}\"", d.name);
    if d.generation <= d.observed_generation {
        if d.progressing_reason.as_deref() == Some(TIMED_OUT_REASON) {
            return Rollout::Failed(format!("deployment {name} exceeded its progress deadline"));
        }
        if let Some(want) = d.spec_replicas {
            if d.updated_replicas < want {
                return Rollout::Waiting(format!(
                    "Waiting for deployment {name} rollout to finish: {} out of {want} new replicas have been updated...",
                    d.updated_replicas
                ));
            }
        }
        if d.replicas > d.updated_replicas {
            return Rollout::Waiting(format!(
                "Waiting for deployment {name} rollout to finish: {} old replicas are pending termination...",
                d.replicas - d.updated_replicas
            ));
        }
        if d.available_replicas < d.updated_replicas {
            return Rollout::Waiting(format!(
                "Waiting for deployment {name} rollout to finish: {} of {} updated replicas are available...",
                d.available_replicas, d.updated_replicas
            ));
        }
        return Rollout::Done(format!("deployment {name} successfully rolled out"));
    }
    Rollout::Waiting("Waiting for deployment spec update to be observed...".into())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn row(generation: i64, observed: i64, spec: i32, r: i32, u: i32, a: i32) -> DeploymentRow {
        DeploymentRow {
            namespace: "payments-qa".into(),
            name: "payments-api".into(),
            generation,
            observed_generation: observed,
            spec_replicas: Some(spec),
            replicas: r,
            updated_replicas: u,
            available_replicas: a,
            progressing_reason: None,
            release: Some("payments-api".into()),
        }
    }

    #[test]
    fn the_sentences_follow_kubectls_order() {
        assert_eq!(
            rollout_status(&row(3, 2, 2, 2, 2, 2)).text(),
            "Waiting for deployment spec update to be observed..."
        );
        assert_eq!(
            rollout_status(&row(3, 3, 2, 3, 1, 2)),
            Rollout::Waiting("Waiting for deployment \"payments-api\" rollout to finish: 1 out of 2 new replicas have been updated...".into())
        );
        assert_eq!(
            rollout_status(&row(3, 3, 2, 3, 2, 2)).text(),
            "Waiting for deployment \"payments-api\" rollout to finish: 1 old replicas are pending termination..."
        );
        assert_eq!(
            rollout_status(&row(3, 3, 2, 2, 2, 1)).text(),
            "Waiting for deployment \"payments-api\" rollout to finish: 1 of 2 updated replicas are available..."
        );
        assert_eq!(
            rollout_status(&row(3, 3, 2, 2, 2, 2)),
            Rollout::Done("deployment \"payments-api\" successfully rolled out".into())
        );
    }

    #[test]
    fn a_passed_progress_deadline_is_an_error_even_while_replicas_wait() {
        let mut d = row(3, 3, 2, 3, 1, 1);
        d.progressing_reason = Some(TIMED_OUT_REASON.into());
        assert_eq!(
            rollout_status(&d),
            Rollout::Failed("deployment \"payments-api\" exceeded its progress deadline".into())
        );
        // Not observed yet: kubectl does not look at the conditions of an old generation.
        d.generation = 4;
        assert!(matches!(rollout_status(&d), Rollout::Waiting(_)));
    }

    #[test]
    fn a_row_is_read_from_the_wire_object() {
        let d: Deployment = serde_json::from_value(json!({
            "metadata": {"name": "payments-api", "namespace": "payments-qa", "generation": 7,
                         "annotations": {"meta.helm.sh/release-name": "payments-api"}},
            "spec": {"replicas": 2, "selector": {}, "template": {}},
            "status": {
                "observedGeneration": 7, "replicas": 3, "updatedReplicas": 1,
                "availableReplicas": 2, "readyReplicas": 2,
                "conditions": [
                    {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                    {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated"}
                ]
            }
        }))
        .unwrap();
        let r = DeploymentRow::from_deployment(&d);
        assert_eq!(
            r,
            DeploymentRow {
                progressing_reason: Some("ReplicaSetUpdated".into()),
                ..row(7, 7, 2, 3, 1, 2)
            }
        );
        // A Deployment with no status yet has observed nothing.
        let fresh: Deployment = serde_json::from_value(json!({
            "metadata": {"name": "x", "generation": 1},
            "spec": {"selector": {}, "template": {}}
        }))
        .unwrap();
        assert_eq!(
            rollout_status(&DeploymentRow::from_deployment(&fresh)).text(),
            "Waiting for deployment spec update to be observed..."
        );
    }
}
