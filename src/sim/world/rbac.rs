//! The cluster's RBAC as a platform team would set it up for per-team stages: the demo users'
//! cluster bindings, and in every team namespace the team Jenkins' ServiceAccount bound to
//! deploy (it deploys into its team's stages, the seed article's layout) and the team's
//! developers bound to work in the stages but only read production. The demo's authorizer
//! (`sim::api::authz`) answers every request from these objects.

use jiff::Timestamp;
use serde_json::{json, Value};

use crate::sim::kinds::{Kind, RBAC_GROUP};
use crate::sim::store::Store;

use super::catalog::Team;

/// The ServiceAccount a team's Jenkins runs as, in `<team>-build`.
pub const JENKINS_ACCOUNT: &str = "jenkins";

fn meta(name: &str, ns: Option<&str>, created: Timestamp) -> Value {
    let mut m = json!({"name": name, "creationTimestamp": created.to_string()});
    if let Some(ns) = ns {
        m["namespace"] = ns.into();
    }
    m
}

fn rule(groups: &[&str], resources: &[&str], verbs: &[&str]) -> Value {
    json!({"apiGroups": groups, "resources": resources, "verbs": verbs})
}

const READ: &[&str] = &["get", "list", "watch"];
const WRITE: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];

fn cluster_role(name: &str, rules: Vec<Value>, created: Timestamp) -> Value {
    json!({
        "apiVersion": format!("{RBAC_GROUP}/v1"), "kind": "ClusterRole",
        "metadata": meta(name, None, created), "rules": rules,
    })
}

fn subject(kind: &str, name: &str, ns: Option<&str>) -> Value {
    match (kind, ns) {
        ("ServiceAccount", Some(ns)) => json!({"kind": kind, "name": name, "namespace": ns}),
        _ => json!({"kind": kind, "name": name, "apiGroup": RBAC_GROUP}),
    }
}

fn binding(
    kind: &str,
    name: &str,
    ns: Option<&str>,
    role: &str,
    subjects: Vec<Value>,
    created: Timestamp,
) -> Value {
    json!({
        "apiVersion": format!("{RBAC_GROUP}/v1"), "kind": kind,
        "metadata": meta(name, ns, created),
        "roleRef": {"apiGroup": RBAC_GROUP, "kind": "ClusterRole", "name": role},
        "subjects": subjects,
    })
}

/// The ClusterRoles and ClusterRoleBindings.
pub fn cluster_objects(created: Timestamp) -> Vec<(Kind, Value)> {
    let reads_all = [
        "pods",
        "pods/log",
        "services",
        "endpoints",
        "configmaps",
        "events",
        "persistentvolumeclaims",
        "serviceaccounts",
    ];
    let workloads = [
        "deployments",
        "deployments/scale",
        "statefulsets",
        "statefulsets/scale",
        "replicasets",
    ];
    let roles = vec![
        cluster_role(
            "cluster-admin",
            vec![
                rule(&["*"], &["*"], &["*"]),
                json!({"nonResourceURLs": ["*"], "verbs": ["*"]}),
            ],
            created,
        ),
        // The demo's read-only user: everything, Secrets included (Helm's release list is
        // made of them), and nothing else.
        cluster_role("demo-read-only", vec![rule(&["*"], &["*"], READ)], created),
        // What a Helm deploy of a team's charts writes.
        cluster_role(
            "stage-deployer",
            vec![
                rule(
                    &[""],
                    &[
                        "pods",
                        "services",
                        "configmaps",
                        "secrets",
                        "serviceaccounts",
                        "persistentvolumeclaims",
                    ],
                    WRITE,
                ),
                rule(&[""], &["pods/log", "events", "endpoints"], READ),
                rule(&["apps"], &workloads, WRITE),
                rule(&["batch"], &["jobs", "cronjobs"], WRITE),
                rule(&["networking.k8s.io"], &["ingresses"], WRITE),
            ],
            created,
        ),
        // A developer in a stage: reads, logs, a shell, port-forwards, restarts and scales,
        // deletes pods; deploys only through the config repo (no Secrets: no hand-made Helm
        // releases, and no reading the stage's credentials).
        cluster_role(
            "stage-developer",
            vec![
                rule(&[""], &reads_all, READ),
                rule(&[""], &["pods"], &["delete"]),
                rule(
                    &[""],
                    &["pods/exec", "pods/portforward"],
                    &["create", "get"],
                ),
                rule(
                    &["apps"],
                    &workloads,
                    &["get", "list", "watch", "patch", "update"],
                ),
                rule(&["batch"], &["jobs", "cronjobs"], READ),
                rule(&["networking.k8s.io"], &["ingresses"], READ),
            ],
            created,
        ),
        // Reading a stage one may not change (production): no Secrets, no shell.
        cluster_role(
            "stage-reader",
            vec![
                rule(&[""], &reads_all, READ),
                rule(&["apps"], &workloads, READ),
                rule(&["batch"], &["jobs", "cronjobs"], READ),
                rule(&["networking.k8s.io"], &["ingresses"], READ),
            ],
            created,
        ),
        // The Jenkins kubernetes plugin's agents in the build namespace.
        cluster_role(
            "jenkins-agents",
            vec![
                rule(&[""], &["pods"], WRITE),
                rule(&[""], &["pods/exec"], &["create", "get"]),
                rule(&[""], &["pods/log", "events"], READ),
                rule(&[""], &["secrets"], &["get"]),
            ],
            created,
        ),
        // Every authenticated user may ask what it may do, and read discovery.
        cluster_role(
            "system:basic-user",
            vec![
                rule(
                    &["authorization.k8s.io"],
                    &["selfsubjectaccessreviews", "selfsubjectrulesreviews"],
                    &["create"],
                ),
                rule(
                    &["authentication.k8s.io"],
                    &["selfsubjectreviews"],
                    &["create"],
                ),
            ],
            created,
        ),
        cluster_role(
            "system:discovery",
            vec![
                json!({"nonResourceURLs": ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], "verbs": ["get"]}),
            ],
            created,
        ),
    ];
    let bindings = vec![
        binding(
            "ClusterRoleBinding",
            "system:basic-user",
            None,
            "system:basic-user",
            vec![subject("Group", "system:authenticated", None)],
            created,
        ),
        binding(
            "ClusterRoleBinding",
            "system:discovery",
            None,
            "system:discovery",
            vec![subject("Group", "system:authenticated", None)],
            created,
        ),
        binding(
            "ClusterRoleBinding",
            "cluster-admin",
            None,
            "cluster-admin",
            vec![subject("Group", "system:masters", None)],
            created,
        ),
        binding(
            "ClusterRoleBinding",
            "platform-admins",
            None,
            "cluster-admin",
            vec![subject("Group", "platform-admins", None)],
            created,
        ),
        binding(
            "ClusterRoleBinding",
            "demo-admin",
            None,
            "cluster-admin",
            vec![subject("User", "demo-admin", None)],
            created,
        ),
        binding(
            "ClusterRoleBinding",
            "demo-viewer",
            None,
            "demo-read-only",
            vec![subject("User", "demo-viewer", None)],
            created,
        ),
    ];
    roles
        .into_iter()
        .map(|r| (Kind::ClusterRole, r))
        .chain(bindings.into_iter().map(|b| (Kind::ClusterRoleBinding, b)))
        .collect()
}

fn service_account(ns: &str, name: &str, created: Timestamp) -> Value {
    json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name, Some(ns), created)})
}

/// What the platform puts into a namespace of `team` (`stage`: "build", "prod", …), as a
/// namespace provisioner does: the ServiceAccount controller's `default` account, and the team's
/// bindings.
pub fn namespace_objects(
    team: &str,
    stage: &str,
    ns: &str,
    created: Timestamp,
) -> Vec<(Kind, Value)> {
    let build = format!("{team}-build");
    let developers = subject("Group", &format!("{team}-developers"), None);
    let jenkins = subject("ServiceAccount", JENKINS_ACCOUNT, Some(&build));
    let mut out = vec![(
        Kind::ServiceAccount,
        service_account(ns, "default", created),
    )];
    if stage == "build" {
        out.push((
            Kind::ServiceAccount,
            service_account(ns, JENKINS_ACCOUNT, created),
        ));
        out.push((
            Kind::RoleBinding,
            binding(
                "RoleBinding",
                "jenkins-agents",
                Some(ns),
                "jenkins-agents",
                vec![jenkins],
                created,
            ),
        ));
        out.push((
            Kind::RoleBinding,
            binding(
                "RoleBinding",
                "developers",
                Some(ns),
                "stage-reader",
                vec![developers],
                created,
            ),
        ));
        return out;
    }
    out.push((
        Kind::RoleBinding,
        binding(
            "RoleBinding",
            "jenkins-deployer",
            Some(ns),
            "stage-deployer",
            vec![jenkins],
            created,
        ),
    ));
    let role = if stage == "prod" {
        "stage-reader"
    } else {
        "stage-developer"
    };
    out.push((
        Kind::RoleBinding,
        binding(
            "RoleBinding",
            "developers",
            Some(ns),
            role,
            vec![developers],
            created,
        ),
    ));
    out
}

fn created_of(store: &Store, ns: &str, fallback: Timestamp) -> Timestamp {
    store
        .get(Kind::Namespace, "", ns)
        .and_then(|o| {
            o.value()["metadata"]["creationTimestamp"]
                .as_str()
                .map(String::from)
        })
        .and_then(|t| t.parse().ok())
        .unwrap_or(fallback)
}

/// Writes the cluster's RBAC for `teams` (their namespaces exist already).
pub fn seed(store: &Store, teams: &[Team], start: Timestamp) {
    let long_ago = start - jiff::SignedDuration::from_hours(24 * 400);
    for (kind, v) in cluster_objects(long_ago) {
        store.put(kind, v);
    }
    for ns in ["default", "kube-system"] {
        store.put(
            Kind::ServiceAccount,
            service_account(ns, "default", long_ago),
        );
    }
    for team in teams {
        let stages = std::iter::once("build".to_string()).chain(team.stages());
        for stage in stages {
            let ns = team.namespace(&stage);
            let created = created_of(store, &ns, long_ago);
            for (kind, v) in namespace_objects(&team.name, &stage, &ns, created) {
                store.put(kind, v);
            }
        }
    }
}
