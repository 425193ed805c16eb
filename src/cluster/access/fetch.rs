//! Asks the API what the team's user and its Jenkins may do. Called only from `effects/`.
//! Read once when the access screen (or a write's check) wants it, not watched: RBAC changes
//! seldom, and `r` on the screen reads it again.

use std::collections::HashMap;

use futures::future::join_all;
use k8s_openapi::api::authentication::v1::SelfSubjectReview;
use k8s_openapi::api::authorization::v1::{SelfSubjectRulesReview, SelfSubjectRulesReviewSpec};
use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding, Role, RoleBinding, RoleRef};
use kube::api::{ListParams, PostParams};
use kube::{Api, Client};

use super::bindings::{grants_for, Subject};
use super::rules::Rule;
use super::{said, AccountNamespace, NamespaceAccess, TeamAccess};

/// `kubectl auth whoami`: "User alice (groups payments-developers, system:authenticated)".
async fn whoami(client: &Client) -> Option<String> {
    let review = Api::<SelfSubjectReview>::all(client.clone())
        .create(&PostParams::default(), &SelfSubjectReview::default())
        .await
        .ok()?;
    let info = review.status?.user_info?;
    let user = info.username?;
    let groups = info.groups.unwrap_or_default();
    Some(if groups.is_empty() {
        format!("User {user}")
    } else {
        format!("User {user} (groups {})", groups.join(", "))
    })
}

/// `kubectl auth can-i --list -n <ns>`.
pub async fn rules_review(client: &Client, namespace: &str) -> NamespaceAccess {
    let review = SelfSubjectRulesReview {
        spec: SelfSubjectRulesReviewSpec {
            namespace: Some(namespace.into()),
        },
        ..Default::default()
    };
    match Api::<SelfSubjectRulesReview>::all(client.clone())
        .create(&PostParams::default(), &review)
        .await
    {
        Ok(answer) => {
            let status = answer.status.unwrap_or_default();
            NamespaceAccess {
                namespace: namespace.into(),
                rules: status.resource_rules.iter().map(Rule::from).collect(),
                incomplete: status.incomplete,
                error: None,
            }
        }
        Err(e) => NamespaceAccess {
            namespace: namespace.into(),
            rules: Vec::new(),
            incomplete: true,
            error: Some(format!("could not ask what you may do: {}", said(&e))),
        },
    }
}

async fn role_rules(client: &Client, r: &RoleRef, ns: &str) -> Result<Vec<Rule>, String> {
    let rules = if r.kind == "Role" {
        Api::<Role>::namespaced(client.clone(), ns)
            .get(&r.name)
            .await
            .map(|role| role.rules.unwrap_or_default())
    } else {
        Api::<ClusterRole>::all(client.clone())
            .get(&r.name)
            .await
            .map(|role| role.rules.unwrap_or_default())
    };
    rules
        .map(|rs| rs.iter().map(Rule::from).collect())
        .map_err(|e| said(&e))
}

/// The account's grants in each namespace, from the bindings naming it.
async fn account_grants(
    client: &Client,
    namespaces: &[String],
    account: &Subject,
) -> (Vec<AccountNamespace>, Option<String>) {
    let cluster_bindings = match Api::<ClusterRoleBinding>::all(client.clone())
        .list(&ListParams::default())
        .await
    {
        Ok(l) => l.items,
        Err(e) => {
            return (
                Vec::new(),
                Some(format!(
                    "could not read the ClusterRoleBindings: {}",
                    said(&e)
                )),
            )
        }
    };
    let lists = join_all(namespaces.iter().map(|ns| async move {
        Api::<RoleBinding>::namespaced(client.clone(), ns)
            .list(&ListParams::default())
            .await
    }))
    .await;
    // The roles the account's bindings name, each read once.
    let mut wanted: Vec<(RoleRef, String)> = Vec::new();
    let names_account = |subjects: &Option<Vec<_>>, ns: &str| {
        subjects
            .iter()
            .flatten()
            .any(|s| account.named_by(s, ns).is_some())
    };
    for b in &cluster_bindings {
        if names_account(&b.subjects, "") {
            wanted.push((b.role_ref.clone(), String::new()));
        }
    }
    for (ns, list) in namespaces.iter().zip(&lists) {
        for b in list.iter().flat_map(|l| &l.items) {
            if names_account(&b.subjects, ns) {
                let at = if b.role_ref.kind == "Role" {
                    ns.clone()
                } else {
                    String::new()
                };
                wanted.push((b.role_ref.clone(), at));
            }
        }
    }
    wanted.sort_by(|a, b| (&a.0.kind, &a.0.name, &a.1).cmp(&(&b.0.kind, &b.0.name, &b.1)));
    wanted.dedup();
    let fetched = join_all(
        wanted
            .iter()
            .map(|(r, ns)| async move { role_rules(client, r, ns).await }),
    )
    .await;
    let roles: HashMap<(String, String, String), Result<Vec<Rule>, String>> = wanted
        .into_iter()
        .zip(fetched)
        .map(|((r, ns), rules)| ((r.kind, r.name, ns), rules))
        .collect();
    let out = namespaces
        .iter()
        .zip(lists)
        .map(|(ns, list)| {
            let bindings = match list {
                Ok(l) => l.items,
                Err(e) => {
                    return AccountNamespace {
                        namespace: ns.clone(),
                        grants: Vec::new(),
                        error: Some(format!("could not read its RoleBindings: {}", said(&e))),
                    }
                }
            };
            let mut missing = None;
            let grants = grants_for(account, ns, &cluster_bindings, &bindings, &mut |r, at| {
                let at = if r.kind == "Role" { at } else { "" };
                match roles.get(&(r.kind.clone(), r.name.clone(), at.to_string())) {
                    Some(Ok(rules)) => Some(rules.clone()),
                    Some(Err(e)) => {
                        missing = Some(format!("{} \"{}\": {e}", r.kind, r.name));
                        None
                    }
                    None => None,
                }
            });
            AccountNamespace {
                namespace: ns.clone(),
                grants,
                error: missing.map(|m| format!("could not read a role it is bound to: {m}")),
            }
        })
        .collect();
    (out, None)
}

/// The access of `team` in `namespaces`: the current user's (a rules review per namespace) and
/// the Jenkins account's (`account`: namespace and name of its ServiceAccount).
pub async fn team_access(
    client: Client,
    team: String,
    namespaces: Vec<String>,
    account: (String, String),
) -> TeamAccess {
    let user = whoami(&client).await;
    let reviews = join_all(namespaces.iter().map(|ns| rules_review(&client, ns))).await;
    let subject = Subject::service_account(&account.0, &account.1);
    let (account_namespaces, account_error) = account_grants(&client, &namespaces, &subject).await;
    TeamAccess {
        team,
        user,
        namespaces: reviews,
        account,
        account_namespaces,
        account_error,
    }
}
