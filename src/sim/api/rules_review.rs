//! `SelfSubjectRulesReview` (`kubectl auth can-i --list -n NS`) and `SelfSubjectReview`
//! (`kubectl auth whoami`): what the caller may do in a namespace, from the grants that reach
//! it, and who the API takes it to be.

use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::authz;
use super::status::ApiError;
use super::ApiState;
use crate::cluster::access::bindings::Subject;

pub const RULES_PATH: &str = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
pub const WHOAMI_PATH: &str = "/apis/authentication.k8s.io/v1/selfsubjectreviews";

fn created(v: &Value) -> Response {
    super::write::with_status(
        StatusCode::CREATED,
        serde_json::to_vec(v).unwrap_or_default(),
    )
}

pub fn rules(
    state: &ApiState,
    who: &Subject,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Response, ApiError> {
    if *method != Method::POST {
        return Err(ApiError::method_not_supported(
            "selfsubjectrulesreviews",
            method.as_str(),
        ));
    }
    let v = super::proto::review_body(headers, body, super::proto::rules_review)?;
    let ns = v["spec"]["namespace"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if ns.is_empty() {
        return Err(ApiError::invalid(
            "SelfSubjectRulesReview.authorization.k8s.io",
            "",
            "spec.namespace",
            "Required value: namespace is required",
        ));
    }
    let mut resource_rules = Vec::new();
    let mut non_resource_rules = Vec::new();
    for (_, raw) in authz::grants(&state.store, who, &ns) {
        for r in raw {
            if r["nonResourceURLs"].is_array() {
                non_resource_rules
                    .push(json!({"verbs": r["verbs"], "nonResourceURLs": r["nonResourceURLs"]}));
            } else {
                let mut rule = json!({"verbs": r["verbs"], "apiGroups": r["apiGroups"], "resources": r["resources"]});
                if r["resourceNames"].is_array() {
                    rule["resourceNames"] = r["resourceNames"].clone();
                }
                resource_rules.push(rule);
            }
        }
    }
    Ok(created(&json!({
        "kind": "SelfSubjectRulesReview",
        "apiVersion": "authorization.k8s.io/v1",
        "metadata": {"creationTimestamp": null},
        "spec": {"namespace": ns},
        "status": {
            "resourceRules": resource_rules,
            "nonResourceRules": non_resource_rules,
            "incomplete": false,
        },
    })))
}

pub fn whoami(who: &Subject, method: &Method) -> Result<Response, ApiError> {
    if *method != Method::POST {
        return Err(ApiError::method_not_supported(
            "selfsubjectreviews",
            method.as_str(),
        ));
    }
    Ok(created(&json!({
        "kind": "SelfSubjectReview",
        "apiVersion": "authentication.k8s.io/v1",
        "metadata": {"creationTimestamp": null},
        "status": {"userInfo": {"username": who.user, "groups": who.groups}},
    })))
}
