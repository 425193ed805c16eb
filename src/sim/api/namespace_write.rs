//! The namespace rules of the apiserver's writes: a new namespace gets its name label and the
//! `kubernetes` finalizer, DELETE starts its termination (`World::delete_namespace`), and
//! nothing may be created in a namespace that is being terminated.

use axum::response::Response;
use serde_json::{json, Value};

use super::status::ApiError;
use super::{json_response, ApiState, Target};
use crate::sim::world::namespaces::NamespaceDeleteError;

/// What the apiserver adds to a namespace it creates (`kubernetes.io/metadata.name` is set by
/// the NamespaceLifecycle defaults, the finalizer by the namespace strategy).
pub fn prepare_new(v: &mut Value, name: &str) {
    if !v["metadata"]["labels"].is_object() {
        v["metadata"]["labels"] = json!({});
    }
    v["metadata"]["labels"]["kubernetes.io/metadata.name"] = name.into();
    v["spec"]["finalizers"] = json!(["kubernetes"]);
    v["status"] = json!({"phase": "Active"});
}

/// The NamespaceLifecycle admission plugin's refusal (403, as `kubectl` shows it).
pub fn refuse_if_terminating(
    state: &ApiState,
    target: &Target,
    ns: &str,
    name: &str,
) -> Result<(), ApiError> {
    if !state.world.namespace_terminating(ns) {
        return Ok(());
    }
    let resource = target.kind.plural();
    Err(ApiError {
        code: 403,
        reason: "Forbidden",
        message: format!(
            "{resource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated"
        ),
        details: Some(json!({
            "name": name, "group": target.kind.group(), "kind": resource,
            "causes": [{
                "reason": "NamespaceTerminating",
                "message": format!("namespace {ns} is being terminated"),
                "field": "metadata.namespace"
            }]
        })),
        list_meta: None,
    })
}

/// DELETE of a namespace: 200 with the namespace, now Terminating; the world takes it apart.
pub fn delete(state: &ApiState, name: &str) -> Result<Response, ApiError> {
    let now = state.store.clock.now();
    match state.world.delete_namespace(name, now) {
        Ok(obj) => Ok(json_response(obj.json.to_vec())),
        Err(NamespaceDeleteError::NotFound) => Err(ApiError::not_found("namespaces", "", name)),
        Err(NamespaceDeleteError::AlreadyTerminating) => Err(ApiError::conflict(
            "namespaces",
            "",
            name,
            "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.",
        )),
    }
}
