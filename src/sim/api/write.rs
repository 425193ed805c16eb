//! Writes: create, replace, merge-patch and delete. Enough for `kubectl create/delete/label`
//! and for the error paths a client must handle (409 AlreadyExists/Conflict, 422 Invalid).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::namespace_write;
use super::status::ApiError;
use super::{json_response, ApiState, Target};
use crate::sim::kinds::Kind;

fn parse_body(target: &Target, body: &[u8]) -> Result<Value, ApiError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!(
            "the body of the request was in an unknown format: {e}"
        ))
    })?;
    if !v.is_object() {
        return Err(ApiError::bad_request(
            "the body of the request must be an object",
        ));
    }
    let kind = v["kind"].as_str().unwrap_or_default();
    if !kind.is_empty() && kind != target.kind.kind() {
        return Err(ApiError::bad_request(format!(
            "the kind \"{kind}\" does not match the resource \"{}\"",
            target.kind.plural()
        )));
    }
    if let Err(e) = metadata_shape(target.kind, &v) {
        // The apiserver's decoder words it so: `Pod in version "v1" cannot be handled as a Pod: …`.
        let k = target.kind.kind();
        return Err(ApiError::bad_request(format!(
            "{k} in version \"v1\" cannot be handled as a {k}: {e}"
        )));
    }
    Ok(v)
}

/// The JSON type name Go's decoder reports.
fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks what the store and the world read of every object (its metadata) has the types the
/// apiserver's decoder insists on, and words a mismatch as Go's `encoding/json` does.
fn metadata_shape(kind: Kind, v: &Value) -> Result<(), String> {
    let k = kind.kind();
    let Some(obj) = v.as_object() else {
        return Err(format!(
            "json: cannot unmarshal {} into Go value of type v1.{k}",
            json_type(v)
        ));
    };
    let meta = match obj.get("metadata") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::Object(m)) => m,
        Some(other) => {
            return Err(format!(
                "json: cannot unmarshal {} into Go struct field {k}.metadata of type v1.ObjectMeta",
                json_type(other)
            ))
        }
    };
    for field in [
        "name",
        "namespace",
        "generateName",
        "resourceVersion",
        "uid",
    ] {
        match meta.get(field) {
            None | Some(Value::Null) | Some(Value::String(_)) => {}
            Some(other) => {
                return Err(format!(
                    "json: cannot unmarshal {} into Go struct field ObjectMeta.metadata.{field} of type string",
                    json_type(other)
                ))
            }
        }
    }
    for field in ["labels", "annotations"] {
        match meta.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) => {
                if let Some(bad) = m.values().find(|v| !v.is_string() && !v.is_null()) {
                    return Err(format!(
                        "json: cannot unmarshal {} into Go struct field ObjectMeta.metadata.{field} of type string",
                        json_type(bad)
                    ));
                }
            }
            Some(other) => {
                return Err(format!(
                    "json: cannot unmarshal {} into Go struct field ObjectMeta.metadata.{field} of type map[string]string",
                    json_type(other)
                ))
            }
        }
    }
    Ok(())
}

pub(super) fn with_status(code: StatusCode, body: Vec<u8>) -> Response {
    let mut r = json_response(body);
    *r.status_mut() = code;
    r
}

pub fn create(state: &ApiState, target: &Target, body: &[u8]) -> Result<Response, ApiError> {
    let mut v = parse_body(target, body)?;
    let name = v["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    if name.is_empty() {
        return Err(ApiError::invalid(
            target.kind.kind(),
            "",
            "metadata.name",
            "Required value: name or generateName is required",
        ));
    }
    if let Some(ns) = &target.namespace {
        let body_ns = v["metadata"]["namespace"].as_str().unwrap_or_default();
        if !body_ns.is_empty() && body_ns != ns {
            return Err(ApiError::bad_request(
                "the namespace of the provided object does not match the namespace sent on the request",
            ));
        }
        if state.store.get(Kind::Namespace, "", ns).is_none() {
            return Err(ApiError::not_found("namespaces", "", ns));
        }
        namespace_write::refuse_if_terminating(state, target, ns, &name)?;
        v["metadata"]["namespace"] = ns.clone().into();
    }
    if target.kind == Kind::Namespace {
        namespace_write::prepare_new(&mut v, &name);
    }
    let obj = state
        .store
        .create(target.kind, v)
        .map_err(|_| ApiError::already_exists(target.kind.plural(), target.kind.group(), &name))?;
    if target.kind == Kind::Namespace {
        state.world.namespace_created(&name);
    }
    Ok(with_status(StatusCode::CREATED, obj.json.to_vec()))
}

pub fn replace(
    state: &ApiState,
    target: &Target,
    name: &str,
    body: &[u8],
) -> Result<Response, ApiError> {
    let mut v = parse_body(target, body)?;
    let ns = target.namespace.clone().unwrap_or_default();
    let cur = state
        .store
        .get(target.kind, &ns, name)
        .ok_or_else(|| ApiError::not_found(target.kind.plural(), target.kind.group(), name))?;
    if let Some(rv) = v["metadata"]["resourceVersion"].as_str() {
        if rv != cur.rv.to_string() {
            return Err(ApiError::conflict(
                target.kind.plural(),
                target.kind.group(),
                name,
                "the object has been modified; please apply your changes to the latest version and try again",
            ));
        }
    }
    v["metadata"]["name"] = name.into();
    if !ns.is_empty() {
        v["metadata"]["namespace"] = ns.into();
    }
    v["metadata"]["uid"] = cur.uid.clone().into();
    let obj = state.store.put(target.kind, v);
    Ok(json_response(obj.json.to_vec()))
}

/// RFC 7386 merge patch; strategic-merge patches from kubectl are applied the same way, which
/// is right for the map-valued fields (labels, annotations) that kubectl label/annotate touch.
fn merge(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

pub fn patch(
    state: &ApiState,
    target: &Target,
    name: &str,
    body: &[u8],
) -> Result<Response, ApiError> {
    let patch: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("error decoding patch: {e}")))?;
    // json-patch's MergePatch takes an object (or an array, which replaces the document) and
    // answers anything else with ErrBadJSONPatch, which the apiserver turns into a 400.
    if !patch.is_object() && !patch.is_array() {
        return Err(ApiError::bad_request("Invalid JSON Patch"));
    }
    let ns = target.namespace.clone().unwrap_or_default();
    let cur = state
        .store
        .get(target.kind, &ns, name)
        .ok_or_else(|| ApiError::not_found(target.kind.plural(), target.kind.group(), name))?;
    let mut v = cur.value();
    merge(&mut v, &patch);
    // A patched document that no longer decodes is a 422 on the field `patch`, quoting it.
    if let Err(e) = metadata_shape(target.kind, &v) {
        let quoted = serde_json::to_string(&v.to_string()).unwrap_or_default();
        return Err(ApiError::invalid(
            "",
            "",
            "patch",
            &format!("Invalid value: {quoted}: {e}"),
        ));
    }
    v["metadata"]["name"] = name.into();
    if !ns.is_empty() {
        v["metadata"]["namespace"] = ns.clone().into();
    }
    v["metadata"]["uid"] = cur.uid.clone().into();
    // The world runs its Deployments: it takes what the controllers act on (a restart's
    // template annotation, the replicas) and writes the object itself.
    if target.kind == Kind::Deployment && state.world.deployment_patched(&ns, name, &v) {
        let obj = state.store.get(target.kind, &ns, name).unwrap_or(cur);
        return Ok(json_response(obj.json.to_vec()));
    }
    let template_changed = cur.value()["spec"]["template"] != v["spec"]["template"];
    let obj = state.store.put(target.kind, v);
    if target.kind == Kind::StatefulSet && template_changed {
        state.world.stateful_set_template_changed(&ns, name);
    }
    Ok(json_response(obj.json.to_vec()))
}

/// The kinds with a `scale` subresource.
pub fn scalable(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Deployment | Kind::StatefulSet | Kind::ReplicaSet
    )
}

/// `autoscaling/v1` Scale of a workload object, as the apiserver's scale subresource serves it.
fn scale_of(obj: &crate::sim::store::Obj) -> Value {
    let v = obj.value();
    let selector = v["spec"]["selector"]["matchLabels"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    serde_json::json!({
        "kind": "Scale", "apiVersion": "autoscaling/v1",
        "metadata": {
            "name": v["metadata"]["name"], "namespace": v["metadata"]["namespace"],
            "uid": v["metadata"]["uid"], "resourceVersion": obj.rv.to_string(),
            "creationTimestamp": v["metadata"]["creationTimestamp"],
        },
        "spec": {"replicas": v["spec"]["replicas"].as_i64().unwrap_or(1)},
        "status": {"replicas": v["status"]["replicas"].as_i64().unwrap_or(0), "selector": selector},
    })
}

pub fn get_scale(state: &ApiState, target: &Target, name: &str) -> Result<Response, ApiError> {
    let ns = target.namespace.clone().unwrap_or_default();
    let obj = state
        .store
        .get(target.kind, &ns, name)
        .ok_or_else(|| ApiError::not_found(target.kind.plural(), target.kind.group(), name))?;
    Ok(json_response(scale_of(&obj).to_string().into_bytes()))
}

/// PUT or PATCH of `…/scale`: only `spec.replicas` is taken, as the apiserver does.
pub fn write_scale(
    state: &ApiState,
    target: &Target,
    name: &str,
    body: &[u8],
    is_patch: bool,
) -> Result<Response, ApiError> {
    let ns = target.namespace.clone().unwrap_or_default();
    let cur = state
        .store
        .get(target.kind, &ns, name)
        .ok_or_else(|| ApiError::not_found(target.kind.plural(), target.kind.group(), name))?;
    let sent: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("error decoding scale: {e}")))?;
    let mut scale = scale_of(&cur);
    if is_patch {
        merge(&mut scale, &sent);
    } else {
        scale = sent;
    }
    let replicas = scale["spec"]["replicas"].as_i64().unwrap_or(-1);
    if replicas < 0 {
        return Err(ApiError::invalid(
            "Scale",
            name,
            "spec.replicas",
            &format!("Invalid value: {replicas}: must be greater than or equal to 0"),
        ));
    }
    let mut v = cur.value();
    v["spec"]["replicas"] = replicas.into();
    if !(target.kind == Kind::Deployment && state.world.deployment_patched(&ns, name, &v)) {
        state.store.put(target.kind, v);
    }
    get_scale(state, target, name)
}

pub fn delete(state: &ApiState, target: &Target, name: &str) -> Result<Response, ApiError> {
    let ns = target.namespace.clone().unwrap_or_default();
    if target.kind == Kind::Namespace {
        return namespace_write::delete(state, name);
    }
    let not_found = || ApiError::not_found(target.kind.plural(), target.kind.group(), name);
    if target.kind == Kind::Pod {
        // Pods terminate gracefully and their ReplicaSet replaces them.
        if !state.world.delete_pod(&ns, name) {
            return Err(not_found());
        }
        let obj = state
            .store
            .get(Kind::Pod, &ns, name)
            .ok_or_else(not_found)?;
        return Ok(json_response(obj.json.to_vec()));
    }
    let obj = state
        .store
        .delete(target.kind, &ns, name)
        .map_err(|_| not_found())?;
    Ok(with_status(StatusCode::OK, obj.json.to_vec()).into_response())
}
