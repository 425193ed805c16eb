//! `SelfSubjectAccessReview`: "may I?" asked of the API before a write (`kubectl auth can-i`,
//! the cockpit before it creates or deletes a stage). Answered as the RBAC authorizer would for
//! the demo's two users: the admin may do everything; the viewer may read, and the reason of a
//! "no" names who may (RBAC itself never sets `denied`: it has no deny rules).

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::status::ApiError;
use super::{json_response, Caller};

fn unknown_format(e: String) -> ApiError {
    ApiError::bad_request(format!(
        "the body of the request was in an unknown format: {e}"
    ))
}

pub const PATH: &str = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

const READ_VERBS: &[&str] = &["get", "list", "watch"];

pub fn serve(
    caller: Caller,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    if *method != Method::POST {
        return Err(ApiError::method_not_supported(
            "selfsubjectaccessreviews",
            method.as_str(),
        ));
    }
    let mut v: Value = if super::proto::is_protobuf(headers) {
        super::proto::access_review(body).map_err(unknown_format)?
    } else {
        serde_json::from_slice(body).map_err(|e| unknown_format(e.to_string()))?
    };
    let spec = &v["spec"];
    let attrs = match (
        spec["resourceAttributes"].is_object(),
        spec["nonResourceAttributes"].is_object(),
    ) {
        (true, false) => &spec["resourceAttributes"],
        (false, true) => &spec["nonResourceAttributes"],
        _ => {
            return Err(ApiError::invalid(
                "SelfSubjectAccessReview.authorization.k8s.io",
                "",
                "spec.resourceAttributes",
                "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
            ))
        }
    };
    let verb = attrs["verb"].as_str().unwrap_or_default();
    let resource = attrs["resource"].as_str().unwrap_or_default();
    let (allowed, reason) = decide(caller, verb, resource);
    v["apiVersion"] = "authorization.k8s.io/v1".into();
    v["kind"] = "SelfSubjectAccessReview".into();
    v["metadata"] = json!({"creationTimestamp": null});
    v["status"] = json!({"allowed": allowed, "reason": reason});
    let mut r = json_response(serde_json::to_vec(&v).unwrap_or_default());
    *r.status_mut() = StatusCode::CREATED;
    Ok(r)
}

/// The RBAC authorizer's answer and its reason.
fn decide(caller: Caller, verb: &str, resource: &str) -> (bool, String) {
    match caller {
        Caller::Admin => (
            true,
            "RBAC: allowed by ClusterRoleBinding \"demo-admin\" of ClusterRole \"cluster-admin\" to User \"demo-admin\"".into(),
        ),
        Caller::Viewer if READ_VERBS.contains(&verb) => (
            true,
            "RBAC: allowed by ClusterRoleBinding \"demo-viewer\" of ClusterRole \"view\" to User \"demo-viewer\"".into(),
        ),
        Caller::Viewer => {
            let what = if resource.is_empty() {
                "this".to_string()
            } else {
                resource.to_string()
            };
            (
                false,
                format!(
                    "RBAC: User \"demo-viewer\" may only read (ClusterRole \"view\"); only the cluster's platform team (group platform-admins) may {verb} {what}"
                ),
            )
        }
    }
}
