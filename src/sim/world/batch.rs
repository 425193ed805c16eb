//! Kubernetes Jobs and CronJobs of the world, derived from their pods: a Job's status is what
//! its one pod's container did (running → active, exit 0 → Complete, otherwise Failed), so
//! `kubectl get jobs` and the pods never disagree.

use jiff::Timestamp;
use serde_json::{json, Value};

use super::pod::{CState, SimPod};

fn ts(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The CronJob a report job of the world belongs to: `<team>-nightly-report-<n>` →
/// `<team>-nightly-report`.
pub fn cron_of(job: &str) -> Option<&str> {
    let (cron, n) = job.rsplit_once('-')?;
    (cron.ends_with("-nightly-report") && n.bytes().all(|b| b.is_ascii_digit())).then_some(cron)
}

/// The Job that owns `p` (its owner reference names it).
pub fn job_json(p: &SimPod) -> Option<Value> {
    let owner = p.owner.as_ref().filter(|o| o.kind == "Job")?;
    let c = p.containers.first()?;
    let selector = json!({"batch.kubernetes.io/controller-uid": owner.uid});
    let mut status = json!({"startTime": ts(p.created)});
    let mut conditions = Vec::new();
    match &c.state {
        CState::Terminated(t) if t.exit_code == 0 => {
            status["succeeded"] = 1.into();
            status["completionTime"] = ts(t.finished).into();
            for ty in ["SuccessCriteriaMet", "Complete"] {
                conditions.push(
                    json!({"type": ty, "status": "True", "reason": "CompletionsReached",
                    "message": "Reached expected number of succeeded pods",
                    "lastProbeTime": ts(t.finished), "lastTransitionTime": ts(t.finished)}),
                );
            }
        }
        CState::Terminated(t) => {
            status["failed"] = 1.into();
            for ty in ["FailureTarget", "Failed"] {
                conditions.push(
                    json!({"type": ty, "status": "True", "reason": "BackoffLimitExceeded",
                    "message": "Job has reached the specified backoff limit",
                    "lastProbeTime": ts(t.finished), "lastTransitionTime": ts(t.finished)}),
                );
            }
        }
        CState::Running { .. } => {
            status["active"] = 1.into();
            status["ready"] = 1.into();
        }
        CState::Waiting { .. } => {
            status["active"] = 1.into();
            status["ready"] = 0.into();
        }
    }
    if !conditions.is_empty() {
        status["conditions"] = conditions.into();
    }
    let mut meta = json!({
        "name": owner.name, "namespace": p.ns, "uid": owner.uid,
        "creationTimestamp": ts(p.created - super::pod::secs(1)),
        "labels": {"batch.kubernetes.io/job-name": owner.name, "job-name": owner.name},
    });
    if let Some(cron) = cron_of(&owner.name) {
        meta["ownerReferences"] = json!([{"apiVersion": "batch/v1", "kind": "CronJob",
            "name": cron, "uid": cron_uid(&p.ns, cron), "controller": true, "blockOwnerDeletion": true}]);
    }
    Some(json!({
        "apiVersion": "batch/v1", "kind": "Job",
        "metadata": meta,
        "spec": {
            "parallelism": 1, "completions": 1, "backoffLimit": 0, "completionMode": "NonIndexed",
            "suspend": false, "manualSelector": false,
            "selector": {"matchLabels": selector},
            "template": {
                "metadata": {"labels": {"batch.kubernetes.io/job-name": owner.name, "job-name": owner.name}},
                "spec": {"containers": [{"name": c.name, "image": c.image}], "restartPolicy": p.restart_policy}
            }
        },
        "status": status,
    }))
}

/// A uid for a CronJob that stays the same for its name (the world keeps no CronJob model).
fn cron_uid(ns: &str, name: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (ns, name, "cronjob").hash(&mut h);
    let a = h.finish();
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (a >> 4) & 0xfff,
        a & 0xffff_ffff_ffff
    )
}

/// A team's report CronJob (every three minutes, as the world runs it); `last` is its newest
/// Job and whether that still runs.
pub fn cron_job_json(
    ns: &str,
    name: &str,
    image: &str,
    created: Timestamp,
    last: Option<(&str, Timestamp, bool)>,
) -> Value {
    let mut status = json!({});
    if let Some((job, at, running)) = last {
        status["lastScheduleTime"] = ts(at).into();
        if running {
            status["active"] =
                json!([{"apiVersion": "batch/v1", "kind": "Job", "name": job, "namespace": ns}]);
        } else {
            status["lastSuccessfulTime"] = ts(at).into();
        }
    }
    json!({
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": name, "namespace": ns, "uid": cron_uid(ns, name), "creationTimestamp": ts(created),
                     "labels": {"app.kubernetes.io/name": "nightly-report"}},
        "spec": {
            "schedule": "*/3 * * * *", "concurrencyPolicy": "Forbid", "suspend": false,
            "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
            "jobTemplate": {"spec": {"backoffLimit": 0, "template": {"spec": {
                "containers": [{"name": "job", "image": image}], "restartPolicy": "Never"}}}}
        },
        "status": status,
    })
}

/// The Jenkins controller's StatefulSet in `<team>-build` and the claim of its one replica.
pub fn jenkins_stateful_set(ns: &str, uid: &str, created: Timestamp, image: &str) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "StatefulSet",
        "metadata": {"name": "jenkins", "namespace": ns, "uid": uid, "generation": 1,
                     "creationTimestamp": ts(created),
                     "labels": {"app.kubernetes.io/name": "jenkins", "app.kubernetes.io/instance": "jenkins"}},
        "spec": {
            "replicas": 1, "serviceName": "jenkins", "podManagementPolicy": "OrderedReady",
            "selector": {"matchLabels": {"app.kubernetes.io/name": "jenkins", "app.kubernetes.io/instance": "jenkins"}},
            "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}},
            "template": {
                "metadata": {"labels": {"app.kubernetes.io/name": "jenkins", "app.kubernetes.io/instance": "jenkins"}},
                "spec": {"serviceAccountName": "jenkins", "containers": [
                    {"name": "jenkins", "image": image,
                     "volumeMounts": [{"name": "jenkins-home", "mountPath": "/var/jenkins_home"}]},
                    {"name": "config-reload", "image": "kiwigrid/k8s-sidecar:1.28.0"}
                ]}
            },
            "volumeClaimTemplates": [{
                "apiVersion": "v1", "kind": "PersistentVolumeClaim",
                "metadata": {"name": "jenkins-home"},
                "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard",
                         "resources": {"requests": {"storage": "8Gi"}}, "volumeMode": "Filesystem"}
            }]
        },
        "status": {"observedGeneration": 1, "replicas": 1, "readyReplicas": 1, "currentReplicas": 1,
                   "updatedReplicas": 1, "availableReplicas": 1,
                   "currentRevision": "jenkins-7d9c6b5f48", "updateRevision": "jenkins-7d9c6b5f48",
                   "collisionCount": 0}
    })
}

/// `jenkins-home-jenkins-0`, bound to its volume.
pub fn jenkins_home_claim(ns: &str, uid: &str, created: Timestamp) -> Value {
    json!({
        "apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": "jenkins-home-jenkins-0", "namespace": ns, "creationTimestamp": ts(created),
                     "labels": {"app.kubernetes.io/name": "jenkins", "app.kubernetes.io/instance": "jenkins"},
                     "annotations": {"pv.kubernetes.io/bind-completed": "yes",
                                     "volume.kubernetes.io/storage-provisioner": "rancher.io/local-path"},
                     "finalizers": ["kubernetes.io/pvc-protection"]},
        "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "standard", "volumeMode": "Filesystem",
                 "resources": {"requests": {"storage": "8Gi"}}, "volumeName": format!("pvc-{uid}")},
        "status": {"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "8Gi"}}
    })
}

/// A claim that waits for a storage class nobody made (a typo in the chart's values): Pending,
/// as the persistent-volume controller leaves it, with the event it writes.
pub fn pending_claim(ns: &str, release: &str, created: Timestamp) -> (Value, Value) {
    let name = format!("{release}-exports");
    let claim = json!({
        "apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": name, "namespace": ns, "creationTimestamp": ts(created),
                     "labels": {"app.kubernetes.io/instance": release, "app.kubernetes.io/managed-by": "Helm"},
                     "finalizers": ["kubernetes.io/pvc-protection"]},
        "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "fast-ssd-retain", "volumeMode": "Filesystem",
                 "resources": {"requests": {"storage": "20Gi"}}},
        "status": {"phase": "Pending"}
    });
    let event = json!({
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": format!("{name}.18a3f0c2d1e4b5a6"), "namespace": ns, "creationTimestamp": ts(created)},
        "involvedObject": {"kind": "PersistentVolumeClaim", "namespace": ns, "name": name, "apiVersion": "v1"},
        "reason": "ProvisioningFailed",
        "message": "storageclass.storage.k8s.io \"fast-ssd-retain\" not found",
        "source": {"component": "persistentvolume-controller"},
        "firstTimestamp": ts(created), "lastTimestamp": ts(created), "count": 1,
        "type": "Warning", "reportingComponent": "persistentvolume-controller", "reportingInstance": ""
    });
    (claim, event)
}
