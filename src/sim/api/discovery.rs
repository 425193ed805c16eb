//! Legacy discovery (`/api`, `/apis`, `/api/v1`, `/apis/apps/v1`) and `/version`.
//! Answered with plain `application/json`, so client-go takes the legacy path.

use axum::response::Response;
use serde_json::{json, Value};

use super::json_response;
use super::status::ApiError;
use crate::sim::kinds::{ALL_KINDS, RBAC_GROUP};
use axum::response::IntoResponse;

fn resource_list(group_version: &str, group: &str) -> Value {
    let mut resources = Vec::new();
    for k in ALL_KINDS.into_iter().filter(|k| k.group() == group) {
        resources.push(k.api_resource());
        if k == crate::sim::kinds::Kind::Pod {
            resources.push(json!({"name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]}));
            resources.push(json!({"name": "pods/status", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get", "patch", "update"]}));
        }
    }
    json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": group_version, "resources": resources})
}

pub fn serve(path: &str, metrics: bool) -> Option<Response> {
    let body = match path.trim_end_matches('/') {
        "/version" => json!({
            "major": "1", "minor": "33", "gitVersion": "v1.33.0-stagecoach-sim",
            "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
            "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.24.0", "compiler": "gc",
            "platform": "linux/amd64"
        }),
        "/api" => json!({
            "kind": "APIVersions", "versions": ["v1"],
            "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"}]
        }),
        "/apis" => {
            let mut groups = vec![
                group("apps"),
                group("batch"),
                group("networking.k8s.io"),
                group(RBAC_GROUP),
                authorization_group(),
                authentication_group(),
            ];
            if metrics {
                groups.push(super::metrics::group());
            }
            json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": groups})
        }
        "/api/v1" => resource_list("v1", ""),
        "/apis/apps/v1" => resource_list("apps/v1", "apps"),
        "/apis/batch/v1" => resource_list("batch/v1", "batch"),
        "/apis/networking.k8s.io/v1" => resource_list("networking.k8s.io/v1", "networking.k8s.io"),
        "/apis/rbac.authorization.k8s.io/v1" => {
            resource_list("rbac.authorization.k8s.io/v1", RBAC_GROUP)
        }
        p @ ("/apis/apps"
        | "/apis/batch"
        | "/apis/networking.k8s.io"
        | "/apis/rbac.authorization.k8s.io") => {
            let mut g = group(&p["/apis/".len()..]);
            g["kind"] = "APIGroup".into();
            g["apiVersion"] = "v1".into();
            g
        }
        "/apis/authorization.k8s.io" => {
            let mut g = authorization_group();
            g["kind"] = "APIGroup".into();
            g["apiVersion"] = "v1".into();
            g
        }
        "/apis/authentication.k8s.io" => {
            let mut g = authentication_group();
            g["kind"] = "APIGroup".into();
            g["apiVersion"] = "v1".into();
            g
        }
        // Only the reviews a caller asks about itself (`kubectl auth can-i [--list]`,
        // `kubectl auth whoami`).
        "/apis/authorization.k8s.io/v1" => json!({
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": "authorization.k8s.io/v1",
            "resources": [{
                "name": "selfsubjectaccessreviews", "singularName": "selfsubjectaccessreview",
                "namespaced": false, "kind": "SelfSubjectAccessReview", "verbs": ["create"]
            }, {
                "name": "selfsubjectrulesreviews", "singularName": "selfsubjectrulesreview",
                "namespaced": false, "kind": "SelfSubjectRulesReview", "verbs": ["create"]
            }]
        }),
        "/apis/authentication.k8s.io/v1" => json!({
            "kind": "APIResourceList", "apiVersion": "v1",
            "groupVersion": "authentication.k8s.io/v1",
            "resources": [{
                "name": "selfsubjectreviews", "singularName": "selfsubjectreview",
                "namespaced": false, "kind": "SelfSubjectReview", "verbs": ["create"]
            }]
        }),
        "/openapi/v2" | "/openapi/v3" => return Some(ApiError::no_route().into_response()),
        p if p.starts_with("/apis/") && p.matches('/').count() <= 3 => {
            return Some(ApiError::no_route().into_response())
        }
        _ => return None,
    };
    Some(json_response(serde_json::to_vec(&body).unwrap_or_default()))
}

/// A served API group with its one version, `v1`.
fn group(name: &str) -> Value {
    let gv = format!("{name}/v1");
    json!({
        "name": name,
        "versions": [{"groupVersion": gv, "version": "v1"}],
        "preferredVersion": {"groupVersion": gv, "version": "v1"}
    })
}

fn authentication_group() -> Value {
    json!({
        "name": "authentication.k8s.io",
        "versions": [{"groupVersion": "authentication.k8s.io/v1", "version": "v1"}],
        "preferredVersion": {"groupVersion": "authentication.k8s.io/v1", "version": "v1"}
    })
}

fn authorization_group() -> Value {
    json!({
        "name": "authorization.k8s.io",
        "versions": [{"groupVersion": "authorization.k8s.io/v1", "version": "v1"}],
        "preferredVersion": {"groupVersion": "authorization.k8s.io/v1", "version": "v1"}
    })
}
