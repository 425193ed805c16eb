//! The resource kinds the simulated API server serves, and what discovery says about them.

use serde_json::{json, Value};

pub const RBAC_GROUP: &str = "rbac.authorization.k8s.io";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    Event,
    Secret,
    Service,
    ConfigMap,
    Deployment,
    ReplicaSet,
    StatefulSet,
    Ingress,
    Job,
    CronJob,
    PersistentVolumeClaim,
    ServiceAccount,
    Role,
    RoleBinding,
    ClusterRole,
    ClusterRoleBinding,
}

pub const ALL_KINDS: [Kind; 19] = [
    Kind::Namespace,
    Kind::Node,
    Kind::Pod,
    Kind::Event,
    Kind::Secret,
    Kind::Service,
    Kind::ConfigMap,
    Kind::Deployment,
    Kind::ReplicaSet,
    Kind::StatefulSet,
    Kind::Ingress,
    Kind::Job,
    Kind::CronJob,
    Kind::PersistentVolumeClaim,
    Kind::ServiceAccount,
    Kind::Role,
    Kind::RoleBinding,
    Kind::ClusterRole,
    Kind::ClusterRoleBinding,
];

impl Kind {
    pub fn kind(self) -> &'static str {
        match self {
            Kind::Namespace => "Namespace",
            Kind::Node => "Node",
            Kind::Pod => "Pod",
            Kind::Event => "Event",
            Kind::Secret => "Secret",
            Kind::Service => "Service",
            Kind::ConfigMap => "ConfigMap",
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::StatefulSet => "StatefulSet",
            Kind::Ingress => "Ingress",
            Kind::Job => "Job",
            Kind::CronJob => "CronJob",
            Kind::PersistentVolumeClaim => "PersistentVolumeClaim",
            Kind::ServiceAccount => "ServiceAccount",
            Kind::Role => "Role",
            Kind::RoleBinding => "RoleBinding",
            Kind::ClusterRole => "ClusterRole",
            Kind::ClusterRoleBinding => "ClusterRoleBinding",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Kind::Namespace => "namespaces",
            Kind::Node => "nodes",
            Kind::Pod => "pods",
            Kind::Event => "events",
            Kind::Secret => "secrets",
            Kind::Service => "services",
            Kind::ConfigMap => "configmaps",
            Kind::Deployment => "deployments",
            Kind::ReplicaSet => "replicasets",
            Kind::StatefulSet => "statefulsets",
            Kind::Ingress => "ingresses",
            Kind::Job => "jobs",
            Kind::CronJob => "cronjobs",
            Kind::PersistentVolumeClaim => "persistentvolumeclaims",
            Kind::ServiceAccount => "serviceaccounts",
            Kind::Role => "roles",
            Kind::RoleBinding => "rolebindings",
            Kind::ClusterRole => "clusterroles",
            Kind::ClusterRoleBinding => "clusterrolebindings",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            Kind::Namespace => "namespace",
            Kind::Node => "node",
            Kind::Pod => "pod",
            Kind::Event => "event",
            Kind::Secret => "secret",
            Kind::Service => "service",
            Kind::ConfigMap => "configmap",
            Kind::Deployment => "deployment",
            Kind::ReplicaSet => "replicaset",
            Kind::StatefulSet => "statefulset",
            Kind::Ingress => "ingress",
            Kind::Job => "job",
            Kind::CronJob => "cronjob",
            Kind::PersistentVolumeClaim => "persistentvolumeclaim",
            Kind::ServiceAccount => "serviceaccount",
            Kind::Role => "role",
            Kind::RoleBinding => "rolebinding",
            Kind::ClusterRole => "clusterrole",
            Kind::ClusterRoleBinding => "clusterrolebinding",
        }
    }

    /// The API group; "" is the core group served under `/api/v1`.
    pub fn group(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::ReplicaSet | Kind::StatefulSet => "apps",
            Kind::Ingress => "networking.k8s.io",
            Kind::Job | Kind::CronJob => "batch",
            Kind::Role | Kind::RoleBinding | Kind::ClusterRole | Kind::ClusterRoleBinding => {
                RBAC_GROUP
            }
            _ => "",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self.group() {
            "" => "v1",
            "apps" => "apps/v1",
            "batch" => "batch/v1",
            RBAC_GROUP => "rbac.authorization.k8s.io/v1",
            _ => "networking.k8s.io/v1",
        }
    }

    pub fn namespaced(self) -> bool {
        !matches!(
            self,
            Kind::Namespace | Kind::Node | Kind::ClusterRole | Kind::ClusterRoleBinding
        )
    }

    pub fn short_names(self) -> &'static [&'static str] {
        match self {
            Kind::Namespace => &["ns"],
            Kind::Node => &["no"],
            Kind::Pod => &["po"],
            Kind::Event => &["ev"],
            Kind::Secret => &[],
            Kind::Service => &["svc"],
            Kind::ConfigMap => &["cm"],
            Kind::Deployment => &["deploy"],
            Kind::ReplicaSet => &["rs"],
            Kind::StatefulSet => &["sts"],
            Kind::Ingress => &["ing"],
            Kind::Job => &[],
            Kind::CronJob => &["cj"],
            Kind::PersistentVolumeClaim => &["pvc"],
            Kind::ServiceAccount => &["sa"],
            Kind::Role | Kind::RoleBinding | Kind::ClusterRole | Kind::ClusterRoleBinding => &[],
        }
    }

    pub fn from_plural(group: &str, plural: &str) -> Option<Kind> {
        ALL_KINDS
            .into_iter()
            .find(|k| k.group() == group && k.plural() == plural)
    }

    /// Fields a `fieldSelector` may name for this kind (as the real apiserver's conversion funcs allow).
    pub fn selectable_fields(self) -> &'static [&'static str] {
        match self {
            Kind::Pod => &[
                "metadata.name",
                "metadata.namespace",
                "spec.nodeName",
                "spec.restartPolicy",
                "spec.schedulerName",
                "spec.serviceAccountName",
                "spec.hostNetwork",
                "status.phase",
                "status.podIP",
                "status.nominatedNodeName",
            ],
            Kind::Event => &[
                "metadata.name",
                "metadata.namespace",
                "involvedObject.kind",
                "involvedObject.namespace",
                "involvedObject.name",
                "involvedObject.uid",
                "involvedObject.apiVersion",
                "involvedObject.resourceVersion",
                "involvedObject.fieldPath",
                "reason",
                "reportingComponent",
                "source",
                "type",
            ],
            Kind::Secret => &["metadata.name", "metadata.namespace", "type"],
            Kind::Namespace => &["metadata.name", "status.phase"],
            Kind::Node => &["metadata.name", "spec.unschedulable"],
            Kind::ReplicaSet => &["metadata.name", "metadata.namespace", "status.replicas"],
            _ => &["metadata.name", "metadata.namespace"],
        }
    }

    fn verbs(self) -> Value {
        match self {
            Kind::Node => json!(["get", "list", "watch"]),
            _ => json!([
                "create",
                "delete",
                "deletecollection",
                "get",
                "list",
                "patch",
                "update",
                "watch"
            ]),
        }
    }

    /// One entry of an `APIResourceList` (legacy discovery).
    pub fn api_resource(self) -> Value {
        let mut r = json!({
            "name": self.plural(),
            "singularName": self.singular(),
            "namespaced": self.namespaced(),
            "kind": self.kind(),
            "verbs": self.verbs(),
        });
        if !self.short_names().is_empty() {
            r["shortNames"] = json!(self.short_names());
        }
        if matches!(
            self,
            Kind::Pod
                | Kind::Service
                | Kind::Deployment
                | Kind::ReplicaSet
                | Kind::StatefulSet
                | Kind::Job
                | Kind::CronJob
        ) {
            r["categories"] = json!(["all"]);
        }
        r
    }
}
