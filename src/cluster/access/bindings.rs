//! Who a binding grants to, and the grants that reach a subject in a namespace: RBAC's
//! `appliesTo` and its walk over RoleBindings and ClusterRoleBindings
//! (`pkg/registry/rbac/validation/rule.go`). Pure: the caller supplies the bindings and looks
//! up the roles.

use k8s_openapi::api::rbac::v1::{
    ClusterRoleBinding, RoleBinding, RoleRef, Subject as RbacSubject,
};

use super::rules::{any_allows, Request, Rule};

/// An authenticated subject: a user name and its groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    pub user: String,
    pub groups: Vec<String>,
}

impl Subject {
    pub fn user(user: &str, groups: &[&str]) -> Subject {
        let mut groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        groups.push("system:authenticated".into());
        Subject {
            user: user.into(),
            groups,
        }
    }

    /// A ServiceAccount as the API authenticates it (its token's user and groups).
    pub fn service_account(namespace: &str, name: &str) -> Subject {
        Subject {
            user: format!("system:serviceaccount:{namespace}:{name}"),
            groups: vec![
                "system:serviceaccounts".into(),
                format!("system:serviceaccounts:{namespace}"),
                "system:authenticated".into(),
            ],
        }
    }

    /// Whether a binding's subject (in a binding of `binding_ns`, "" for a cluster binding)
    /// names this subject; and how, for the reason ("User \"alice\"").
    pub fn named_by(&self, s: &RbacSubject, binding_ns: &str) -> Option<String> {
        match s.kind.as_str() {
            "User" if s.name == self.user => Some(format!("User \"{}\"", s.name)),
            "Group" if self.groups.contains(&s.name) => Some(format!("Group \"{}\"", s.name)),
            "ServiceAccount" => {
                let ns = s.namespace.as_deref().unwrap_or(binding_ns);
                (format!("system:serviceaccount:{ns}:{}", s.name) == self.user)
                    .then(|| format!("ServiceAccount \"{ns}/{}\"", s.name))
            }
            _ => None,
        }
    }
}

/// One binding that reaches a subject, with its role's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// `RoleBinding "payments-dev/developers"` or `ClusterRoleBinding "demo-admin"`.
    pub binding: String,
    /// `ClusterRole "stage-deployer"`.
    pub role: String,
    /// `Group "payments-developers"`: how the binding names the subject.
    pub to: String,
    pub rules: Vec<Rule>,
}

impl Grant {
    /// RBAC's reason for an allowed request.
    pub fn reason(&self) -> String {
        format!(
            "RBAC: allowed by {} of {} to {}",
            self.binding, self.role, self.to
        )
    }
}

fn role_name(r: &RoleRef) -> String {
    format!("{} \"{}\"", r.kind, r.name)
}

/// The grants reaching `who` in `namespace` ("" for cluster-scoped requests: cluster bindings
/// only), cluster bindings first. `rules_of(role_ref, namespace)` looks up a role's rules.
pub fn grants_for(
    who: &Subject,
    namespace: &str,
    cluster_bindings: &[ClusterRoleBinding],
    bindings: &[RoleBinding],
    rules_of: &mut dyn FnMut(&RoleRef, &str) -> Option<Vec<Rule>>,
) -> Vec<Grant> {
    let mut out = Vec::new();
    for b in cluster_bindings {
        let name = b.metadata.name.clone().unwrap_or_default();
        let Some(to) = b
            .subjects
            .iter()
            .flatten()
            .find_map(|s| who.named_by(s, ""))
        else {
            continue;
        };
        if let Some(rules) = rules_of(&b.role_ref, "") {
            out.push(Grant {
                binding: format!("ClusterRoleBinding \"{name}\""),
                role: role_name(&b.role_ref),
                to,
                rules,
            });
        }
    }
    if namespace.is_empty() {
        return out;
    }
    for b in bindings {
        if b.metadata.namespace.as_deref() != Some(namespace) {
            continue;
        }
        let name = b.metadata.name.clone().unwrap_or_default();
        let Some(to) = b
            .subjects
            .iter()
            .flatten()
            .find_map(|s| who.named_by(s, namespace))
        else {
            continue;
        };
        if let Some(rules) = rules_of(&b.role_ref, namespace) {
            out.push(Grant {
                binding: format!("RoleBinding \"{namespace}/{name}\""),
                role: role_name(&b.role_ref),
                to,
                rules,
            });
        }
    }
    out
}

/// The first grant that allows the request.
pub fn allowing<'a>(grants: &'a [Grant], r: &Request) -> Option<&'a Grant> {
    grants.iter().find(|g| any_allows(&g.rules, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn crb(name: &str, role: &str, subjects: serde_json::Value) -> ClusterRoleBinding {
        serde_json::from_value(json!({
            "metadata": {"name": name},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
            "subjects": subjects,
        }))
        .unwrap()
    }

    fn rb(
        ns: &str,
        name: &str,
        kind: &str,
        role: &str,
        subjects: serde_json::Value,
    ) -> RoleBinding {
        serde_json::from_value(json!({
            "metadata": {"name": name, "namespace": ns},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": role},
            "subjects": subjects,
        }))
        .unwrap()
    }

    fn rules(verbs: &[&str]) -> Vec<Rule> {
        vec![Rule::of(verbs, &["*"], &["*"])]
    }

    fn lookup(r: &RoleRef, _ns: &str) -> Option<Vec<Rule>> {
        match r.name.as_str() {
            "edit" => Some(rules(&["*"])),
            "view" => Some(rules(&["get", "list", "watch"])),
            _ => None,
        }
    }

    #[test]
    fn a_service_account_is_reached_by_name_by_its_user_and_by_its_groups() {
        let sa = Subject::service_account("payments-build", "jenkins");
        let bindings = vec![
            rb(
                "payments-qa",
                "by-name",
                "ClusterRole",
                "edit",
                json!([{"kind": "ServiceAccount", "name": "jenkins", "namespace": "payments-build"}]),
            ),
            rb(
                "payments-qa",
                "by-group",
                "ClusterRole",
                "view",
                json!([{"kind": "Group", "name": "system:serviceaccounts:payments-build", "apiGroup": "rbac.authorization.k8s.io"}]),
            ),
            rb(
                "payments-qa",
                "other-team",
                "ClusterRole",
                "edit",
                json!([{"kind": "ServiceAccount", "name": "jenkins", "namespace": "search-build"}]),
            ),
            rb(
                "payments-prod",
                "prod",
                "ClusterRole",
                "edit",
                json!([{"kind": "ServiceAccount", "name": "jenkins", "namespace": "payments-build"}]),
            ),
        ];
        let g = grants_for(&sa, "payments-qa", &[], &bindings, &mut lookup);
        let names: Vec<&str> = g.iter().map(|g| g.binding.as_str()).collect();
        assert_eq!(
            names,
            [
                "RoleBinding \"payments-qa/by-name\"",
                "RoleBinding \"payments-qa/by-group\""
            ]
        );
        assert_eq!(g[0].to, "ServiceAccount \"payments-build/jenkins\"");
        let deploy = Request::new("create", "apps", "deployments");
        assert_eq!(
            allowing(&g, &deploy).unwrap().binding,
            "RoleBinding \"payments-qa/by-name\""
        );
    }

    #[test]
    fn cluster_bindings_reach_every_namespace_and_a_missing_role_grants_nothing() {
        let alice = Subject::user("alice", &["payments-developers"]);
        let cluster = vec![
            crb(
                "readers",
                "view",
                json!([{"kind": "Group", "name": "system:authenticated"}]),
            ),
            crb(
                "ghost",
                "no-such-role",
                json!([{"kind": "User", "name": "alice"}]),
            ),
        ];
        let g = grants_for(&alice, "search-qa", &cluster, &[], &mut lookup);
        assert_eq!(g.len(), 1);
        assert_eq!(
            g[0].reason(),
            "RBAC: allowed by ClusterRoleBinding \"readers\" of ClusterRole \"view\" to Group \"system:authenticated\""
        );
        assert!(allowing(&g, &Request::new("delete", "", "pods")).is_none());
    }
}
