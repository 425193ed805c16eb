//! The kinds the resource lists show, and how the API names them.

/// A kind a list, a YAML or a describe can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceKind {
    Deployment,
    StatefulSet,
    Service,
    Ingress,
    ConfigMap,
    Secret,
    /// A Kubernetes Job (never a Jenkins job: the screens say `kjobs`).
    Job,
    CronJob,
    PersistentVolumeClaim,
    Event,
    Node,
    Namespace,
    /// Pods have their own list; the kind is here for `y` YAML.
    Pod,
}

impl ResourceKind {
    pub const LISTED: [ResourceKind; 12] = [
        ResourceKind::Deployment,
        ResourceKind::StatefulSet,
        ResourceKind::Service,
        ResourceKind::Ingress,
        ResourceKind::ConfigMap,
        ResourceKind::Secret,
        ResourceKind::Job,
        ResourceKind::CronJob,
        ResourceKind::PersistentVolumeClaim,
        ResourceKind::Event,
        ResourceKind::Node,
        ResourceKind::Namespace,
    ];

    /// `(group, version, kind, plural)` as the API serves it.
    pub fn gvk(self) -> (&'static str, &'static str, &'static str, &'static str) {
        use ResourceKind::*;
        match self {
            Deployment => ("apps", "v1", "Deployment", "deployments"),
            StatefulSet => ("apps", "v1", "StatefulSet", "statefulsets"),
            Service => ("", "v1", "Service", "services"),
            Ingress => ("networking.k8s.io", "v1", "Ingress", "ingresses"),
            ConfigMap => ("", "v1", "ConfigMap", "configmaps"),
            Secret => ("", "v1", "Secret", "secrets"),
            Job => ("batch", "v1", "Job", "jobs"),
            CronJob => ("batch", "v1", "CronJob", "cronjobs"),
            PersistentVolumeClaim => ("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
            Event => ("", "v1", "Event", "events"),
            Node => ("", "v1", "Node", "nodes"),
            Namespace => ("", "v1", "Namespace", "namespaces"),
            Pod => ("", "v1", "Pod", "pods"),
        }
    }

    pub fn kind(self) -> &'static str {
        self.gvk().2
    }

    /// What the screens call a list of them: `deployments`, `kjobs` (not Jenkins'), `pvcs`.
    pub fn list_title(self) -> &'static str {
        match self {
            ResourceKind::Job => "kjobs",
            ResourceKind::PersistentVolumeClaim => "pvcs",
            other => other.gvk().3,
        }
    }

    /// kubectl's name of the resource (`kubectl get deployment …`).
    pub fn kubectl(self) -> &'static str {
        match self {
            ResourceKind::PersistentVolumeClaim => "pvc",
            other => other.gvk().3,
        }
    }

    /// The titles of a row's texts ([`super::ResourceRow::texts`]: NAME, then the cells), in
    /// kubectl's words; our own columns (a Secret's KEYS, a Namespace's LABELS) come last.
    pub fn columns(self) -> &'static [&'static str] {
        use ResourceKind::*;
        match self {
            Deployment => &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            StatefulSet => &["NAME", "READY", "AGE"],
            Service => &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            Ingress => &["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"],
            ConfigMap => &["NAME", "DATA", "AGE"],
            Secret => &["NAME", "TYPE", "DATA", "AGE", "KEYS"],
            Job => &["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
            CronJob => &[
                "NAME",
                "SCHEDULE",
                "TIMEZONE",
                "SUSPEND",
                "ACTIVE",
                "LAST SCHEDULE",
                "AGE",
            ],
            PersistentVolumeClaim => &[
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ],
            Event => &["NAME", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
            Node => &["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
            Namespace => &["NAME", "STATUS", "AGE", "LABELS"],
            Pod => &["NAME"],
        }
    }

    pub fn namespaced(self) -> bool {
        !matches!(self, ResourceKind::Node | ResourceKind::Namespace)
    }

    /// The API resource, for the untyped GET of `y` and `d`.
    pub fn api_resource(self) -> kube::discovery::ApiResource {
        let (group, version, kind, plural) = self.gvk();
        let api_version = if group.is_empty() {
            version.to_string()
        } else {
            format!("{group}/{version}")
        };
        kube::discovery::ApiResource {
            group: group.into(),
            version: version.into(),
            api_version,
            kind: kind.into(),
            plural: plural.into(),
        }
    }
}

/// What one watch of a list covers: a kind in one namespace, or a cluster-scoped kind (and
/// Namespaces, which the list filters to the team's).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceKey {
    pub kind: ResourceKind,
    pub namespace: Option<String>,
}

impl ResourceKey {
    pub fn new(kind: ResourceKind, namespace: Option<&str>) -> ResourceKey {
        ResourceKey {
            kind,
            namespace: namespace.filter(|_| kind.namespaced()).map(str::to_string),
        }
    }
}
