//! The demo's authorizer: who is calling (the bearer token, then `Impersonate-User`/`-Group`
//! as the apiserver's impersonation filter reads them), and RBAC over the store's Roles,
//! ClusterRoles and their bindings, with the matching the cockpit itself uses
//! (`cluster::access`). Every request passes here before it reaches the store.

use axum::http::{HeaderMap, Method};
use k8s_openapi::api::rbac::v1::{ClusterRoleBinding, RoleBinding, RoleRef};
use serde_json::Value;

use super::status::ApiError;
use super::{ApiState, Caller, Target};
use crate::cluster::access::bindings::{allowing, grants_for, Grant, Subject};
use crate::cluster::access::rules::{Request, Rule};
use crate::sim::kinds::Kind;
use crate::sim::store::Store;

/// The subject of a request: the caller's own, or the one it impersonates.
pub fn subject(caller: Caller, headers: &HeaderMap, store: &Store) -> Result<Subject, ApiError> {
    let own = Subject::user(caller.user(), &[]);
    let Some(user) = headers
        .get("impersonate-user")
        .and_then(|v| v.to_str().ok())
        .filter(|u| !u.is_empty())
    else {
        return Ok(own);
    };
    let groups: Vec<&str> = headers
        .get_all("impersonate-group")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let may = |resource: &str, name: &str| {
        let mut r = Request::new("impersonate", "", resource);
        r.name = name;
        decide(store, &own, &r, "").is_ok()
    };
    if !may("users", user) {
        return Err(ApiError::forbidden(
            caller.user(),
            "impersonate",
            "users",
            "",
            None,
            Some(user),
        ));
    }
    if let Some(g) = groups.iter().find(|g| !may("groups", g)) {
        return Err(ApiError::forbidden(
            caller.user(),
            "impersonate",
            "groups",
            "",
            None,
            Some(g),
        ));
    }
    Ok(Subject::user(user, &groups))
}

fn typed<T: serde::de::DeserializeOwned>(store: &Store, kind: Kind, ns: Option<&str>) -> Vec<T> {
    store
        .snapshot(kind, ns, None, |_| true)
        .1
        .iter()
        .filter_map(|o| o.typed().ok())
        .collect()
}

/// The cluster's bindings, and those of `ns` ("": none).
fn bindings(store: &Store, ns: &str) -> (Vec<ClusterRoleBinding>, Vec<RoleBinding>) {
    let local = if ns.is_empty() {
        Vec::new()
    } else {
        typed(store, Kind::RoleBinding, Some(ns))
    };
    (typed(store, Kind::ClusterRoleBinding, None), local)
}

fn role_rules(store: &Store, r: &RoleRef, ns: &str) -> Option<Vec<Value>> {
    let (kind, ns) = if r.kind == "Role" {
        (Kind::Role, ns)
    } else {
        (Kind::ClusterRole, "")
    };
    let role = store.get(kind, ns, &r.name)?;
    Some(
        role.value()["rules"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    )
}

fn resource_rules(raw: &[Value]) -> Vec<Rule> {
    raw.iter()
        .filter_map(|v| {
            serde_json::from_value::<k8s_openapi::api::rbac::v1::PolicyRule>(v.clone()).ok()
        })
        .filter(|p| p.resources.is_some())
        .map(|p| Rule::from(&p))
        .collect()
}

/// The grants reaching `who` in `ns` ("": cluster bindings only), with their roles' raw rules.
pub fn grants(store: &Store, who: &Subject, ns: &str) -> Vec<(Grant, Vec<Value>)> {
    let (cluster, local) = bindings(store, ns);
    let mut raw = Vec::new();
    let found = grants_for(who, ns, &cluster, &local, &mut |r, at| {
        let rules = role_rules(store, r, at)?;
        raw.push(rules.clone());
        Some(resource_rules(&rules))
    });
    found.into_iter().zip(raw).collect()
}

/// Allowed (with RBAC's reason) or not (with who would be allowed, for the reason).
pub fn decide(store: &Store, who: &Subject, r: &Request, ns: &str) -> Result<String, String> {
    let found: Vec<Grant> = grants(store, who, ns).into_iter().map(|(g, _)| g).collect();
    if let Some(g) = allowing(&found, r) {
        return Ok(g.reason());
    }
    Err(who_may(store, r, ns))
}

/// "allowed to group platform-admins, user demo-admin": the subjects of the bindings that
/// would allow `r` (system groups left out), for a refusal that says whom to ask.
fn who_may(store: &Store, r: &Request, ns: &str) -> String {
    let (cluster, local) = bindings(store, ns);
    let allows = |role: &RoleRef, at: &str| {
        role_rules(store, role, at)
            .is_some_and(|raw| resource_rules(&raw).iter().any(|rule| rule.allows(r)))
    };
    let mut names: Vec<String> = Vec::new();
    let mut add = |subjects: &Option<Vec<k8s_openapi::api::rbac::v1::Subject>>, at: &str| {
        for s in subjects.iter().flatten() {
            if s.name.starts_with("system:") {
                continue;
            }
            let n = match s.kind.as_str() {
                "ServiceAccount" => format!(
                    "serviceaccount {}/{}",
                    s.namespace.as_deref().unwrap_or(at),
                    s.name
                ),
                k => format!("{} {}", k.to_lowercase(), s.name),
            };
            if !names.contains(&n) {
                names.push(n);
            }
        }
    };
    for b in &cluster {
        if allows(&b.role_ref, "") {
            add(&b.subjects, "");
        }
    }
    for b in &local {
        if allows(&b.role_ref, ns) {
            add(&b.subjects, ns);
        }
    }
    let what = r.said();
    if names.is_empty() {
        format!("RBAC: no binding allows {what}")
    } else {
        format!(
            "RBAC: no binding of yours allows {what}; it is allowed to {}",
            names.join(", ")
        )
    }
}

/// The verb of a request, as the apiserver's RequestInfo resolves it.
pub fn verb(method: &Method, target: &Target, watch: bool) -> &'static str {
    match *method {
        Method::GET | Method::HEAD if watch || target.watch_path => "watch",
        Method::GET | Method::HEAD if target.name.is_some() => "get",
        Method::GET | Method::HEAD => "list",
        Method::POST => "create",
        Method::PUT => "update",
        Method::PATCH => "patch",
        Method::DELETE if target.name.is_some() => "delete",
        Method::DELETE => "deletecollection",
        _ => "",
    }
}

/// Refuses the request with the apiserver's 403 unless RBAC allows it.
pub fn authorize(
    state: &ApiState,
    caller: Caller,
    who: &Subject,
    method: &Method,
    target: &Target,
    watch: bool,
) -> Result<(), ApiError> {
    let verb = verb(method, target, watch);
    let mut r = Request::new(verb, target.kind.group(), target.kind.plural());
    if let Some(sub) = &target.subresource {
        r = r.sub(sub);
    }
    r.name = target.name.as_deref().unwrap_or_default();
    let ns = target.namespace.as_deref().unwrap_or_default();
    if decide(&state.store, who, &r, ns).is_ok() {
        return Ok(());
    }
    let resource = match &target.subresource {
        Some(sub) => format!("{}/{sub}", target.kind.plural()),
        None => target.kind.plural().to_string(),
    };
    let user = if who.user.is_empty() {
        caller.user()
    } else {
        who.user.as_str()
    };
    Err(ApiError::forbidden(
        user,
        verb,
        &resource,
        target.kind.group(),
        target.namespace.as_deref(),
        target.name.as_deref(),
    ))
}
