//! `SelfSubjectAccessReview`: "may I?" asked of the API before a write (`kubectl auth can-i`,
//! the cockpit before it creates or deletes a stage). Answered by the world's RBAC
//! (`authz`); the reason of a "no" names who may (RBAC itself never sets `denied`: it has no
//! deny rules).

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::status::ApiError;
use super::{authz, ApiState};
use crate::cluster::access::bindings::Subject;
use crate::cluster::access::rules::Request;

pub const PATH: &str = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

pub fn serve(
    state: &ApiState,
    who: &Subject,
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
    let mut v = super::proto::review_body(headers, body, super::proto::access_review)?;
    let spec = &v["spec"];
    let (allowed, reason) = match (
        spec["resourceAttributes"].is_object(),
        spec["nonResourceAttributes"].is_object(),
    ) {
        (true, false) => {
            let a = &spec["resourceAttributes"];
            let s = |k: &str| a[k].as_str().unwrap_or_default();
            let mut r = Request::new(s("verb"), s("group"), s("resource")).sub(s("subresource"));
            r.name = s("name");
            match authz::decide(&state.store, who, &r, s("namespace")) {
                Ok(reason) => (true, reason),
                Err(reason) => (false, reason),
            }
        }
        (false, true) => {
            let a = &spec["nonResourceAttributes"];
            let s = |k: &str| a[k].as_str().unwrap_or_default();
            non_resource(state, who, s("verb"), s("path"))
        }
        _ => {
            return Err(ApiError::invalid(
                "SelfSubjectAccessReview.authorization.k8s.io",
                "",
                "spec.resourceAttributes",
                "Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
            ))
        }
    };
    v["apiVersion"] = "authorization.k8s.io/v1".into();
    v["kind"] = "SelfSubjectAccessReview".into();
    v["metadata"] = json!({"creationTimestamp": null});
    v["status"] = json!({"allowed": allowed, "reason": reason});
    Ok(super::write::with_status(
        StatusCode::CREATED,
        serde_json::to_vec(&v).unwrap_or_default(),
    ))
}

/// A path outside the resources (`/healthz`, `/metrics`): granted by a rule's
/// `nonResourceURLs`, exactly or by a trailing `*`.
fn non_resource(state: &ApiState, who: &Subject, verb: &str, path: &str) -> (bool, String) {
    for (grant, raw) in authz::grants(&state.store, who, "") {
        for rule in raw {
            let has = |k: &str, want: &str| {
                rule[k]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .any(|x| {
                        x == "*"
                            || x == want
                            || x.strip_suffix('*').is_some_and(|p| want.starts_with(p))
                    })
            };
            if has("verbs", verb) && has("nonResourceURLs", path) {
                return (true, grant.reason());
            }
        }
    }
    (false, format!("RBAC: no binding allows {verb} {path}"))
}
