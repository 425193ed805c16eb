//! The cluster writes a k9s user reaches for: delete a pod (its controller replaces it),
//! restart a Deployment or StatefulSet (`kubectl rollout restart`: the pod template's
//! `kubectl.kubernetes.io/restartedAt` annotation changes, so the controller rolls its pods),
//! scale one (the `scale` subresource, as `kubectl scale`). Pure half: the operations and
//! their kubectl lines. I/O half: [`run`], through kube, called only from `effects/`.

use k8s_openapi::api::apps::v1::{Deployment, StatefulSet};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, DeleteParams, Patch, PatchParams};
use kube::Client;
use serde_json::json;

use crate::call_log::Call;
use crate::outbox::Outbox;

/// The workload kinds that restart and scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkloadKind {
    Deployment,
    StatefulSet,
}

impl WorkloadKind {
    /// kubectl's short name (`deploy/x`, `sts/x`).
    pub fn short(self) -> &'static str {
        match self {
            WorkloadKind::Deployment => "deployment",
            WorkloadKind::StatefulSet => "statefulset",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkloadOp {
    DeletePod {
        namespace: String,
        name: String,
    },
    Restart {
        kind: WorkloadKind,
        namespace: String,
        name: String,
    },
    Scale {
        kind: WorkloadKind,
        namespace: String,
        name: String,
        replicas: i32,
    },
}

/// What a write came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkloadMsg {
    Done {
        op: WorkloadOp,
        result: Result<String, String>,
    },
    /// A write was made: for the `@` screen.
    Called(Call),
}

impl WorkloadOp {
    pub fn namespace(&self) -> &str {
        match self {
            WorkloadOp::DeletePod { namespace, .. }
            | WorkloadOp::Restart { namespace, .. }
            | WorkloadOp::Scale { namespace, .. } => namespace,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            WorkloadOp::DeletePod { name, .. }
            | WorkloadOp::Restart { name, .. }
            | WorkloadOp::Scale { name, .. } => name,
        }
    }

    /// In a few words, for the `@` screen and the messages: `delete pod x`, `restart deployment/x`.
    pub fn what(&self) -> String {
        match self {
            WorkloadOp::DeletePod { name, .. } => format!("delete pod {name}"),
            WorkloadOp::Restart { kind, name, .. } => format!("restart {}/{name}", kind.short()),
            WorkloadOp::Scale {
                kind,
                name,
                replicas,
                ..
            } => format!("scale {}/{name} to {replicas}", kind.short()),
        }
    }

    /// The kubectl line that does the same.
    pub fn kubectl_command(&self) -> String {
        match self {
            WorkloadOp::DeletePod { namespace, name } => {
                format!("kubectl delete pod {name} -n {namespace}")
            }
            WorkloadOp::Restart {
                kind,
                namespace,
                name,
            } => format!(
                "kubectl rollout restart {}/{name} -n {namespace}",
                kind.short()
            ),
            WorkloadOp::Scale {
                kind,
                namespace,
                name,
                replicas,
            } => format!(
                "kubectl scale {}/{name} --replicas={replicas} -n {namespace}",
                kind.short()
            ),
        }
    }
}

/// kubectl's restart patch: the template's `restartedAt` annotation, RFC 3339.
pub fn restart_patch(at: jiff::Timestamp) -> serde_json::Value {
    json!({"spec": {"template": {"metadata": {"annotations": {
        "kubectl.kubernetes.io/restartedAt": at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }}}}})
}

async fn write(client: Client, op: &WorkloadOp) -> Result<String, kube::Error> {
    let ns = op.namespace();
    let pp = PatchParams::default();
    match op {
        WorkloadOp::DeletePod { name, .. } => {
            Api::<Pod>::namespaced(client, ns)
                .delete(name, &DeleteParams::default())
                .await?;
            Ok(format!(
                "pod {name} deleted: its controller starts a new one"
            ))
        }
        WorkloadOp::Restart { kind, name, .. } => {
            let patch = Patch::Strategic(restart_patch(jiff::Timestamp::now()));
            match kind {
                WorkloadKind::Deployment => {
                    Api::<Deployment>::namespaced(client, ns)
                        .patch(name, &pp, &patch)
                        .await?;
                }
                WorkloadKind::StatefulSet => {
                    Api::<StatefulSet>::namespaced(client, ns)
                        .patch(name, &pp, &patch)
                        .await?;
                }
            }
            Ok(format!("{}/{name} restarted", kind.short()))
        }
        WorkloadOp::Scale {
            kind,
            name,
            replicas,
            ..
        } => {
            let patch = Patch::Merge(json!({"spec": {"replicas": replicas}}));
            match kind {
                WorkloadKind::Deployment => {
                    Api::<Deployment>::namespaced(client, ns)
                        .patch_scale(name, &pp, &patch)
                        .await?;
                }
                WorkloadKind::StatefulSet => {
                    Api::<StatefulSet>::namespaced(client, ns)
                        .patch_scale(name, &pp, &patch)
                        .await?;
                }
            }
            Ok(format!("{}/{name} scaled to {replicas}", kind.short()))
        }
    }
}

/// Makes the write, records it for the `@` screen and says how it went.
pub async fn run(client: Client, op: WorkloadOp, out: Outbox<WorkloadMsg>) {
    let result = write(client, &op).await.map_err(|e| match e {
        kube::Error::Api(s) => format!("{} refused: {}", op.what(), s.message),
        other => format!("{} failed: {other}", op.what()),
    });
    let call = Call::new(op.what(), op.kubectl_command()).ended(result.clone());
    out.send(WorkloadMsg::Called(call)).await;
    out.send(WorkloadMsg::Done { op, result }).await;
}
