//! The simulated Kubernetes API server: one axum fallback handler that routes by path the way
//! the apiserver does (core group under `/api/v1`, named groups under `/apis/<g>/<v>`).

mod access_review;
mod authz;
mod discovery;
mod list;
mod logs;
mod metrics;
mod namespace_write;
mod proto;
pub mod query;
mod rules_review;
pub mod status;
mod stream;
mod table;
mod watch;
mod write;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

use super::faults::Faults;
use super::kinds::Kind;
use super::store::Store;
use super::world::World;
use status::ApiError;

pub use list::ContinueCache;

/// Bearer tokens the demo kubeconfig carries: an admin, and a viewer who may only read.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub admin: String,
    pub viewer: String,
}

pub struct ApiState {
    pub store: Arc<Store>,
    pub world: Arc<World>,
    pub faults: Arc<Faults>,
    pub continues: ContinueCache,
    pub tokens: Tokens,
    /// metrics.k8s.io is served (`--metrics`); switchable at run time, as a metrics-server
    /// comes and goes.
    pub metrics: std::sync::atomic::AtomicBool,
}

pub fn router(state: Arc<ApiState>) -> Router {
    Router::new().fallback(dispatch).with_state(state)
}

/// Who is calling, from the bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Admin,
    Viewer,
}

impl Caller {
    pub(super) fn user(self) -> &'static str {
        match self {
            Caller::Admin => "demo-admin",
            Caller::Viewer => "demo-viewer",
        }
    }
}

/// A request resolved to a resource.
#[derive(Debug, Clone)]
pub struct Target {
    pub kind: Kind,
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub subresource: Option<String>,
    /// Old-style `/api/v1/watch/...` path.
    pub watch_path: bool,
}

fn parse_target(path: &str) -> Option<Target> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (group, rest) = match segs.as_slice() {
        ["api", "v1", rest @ ..] => ("", rest),
        ["apis", g, "v1", rest @ ..] => (*g, rest),
        _ => return None,
    };
    let (watch_path, rest) = match rest {
        ["watch", rest @ ..] => (true, rest),
        _ => (false, rest),
    };
    let kind_of = |plural: &str| Kind::from_plural(group, plural);
    let t = |kind, namespace: Option<&str>, name: Option<&str>, sub: Option<&str>| Target {
        kind,
        namespace: namespace.map(String::from),
        name: name.map(String::from),
        subresource: sub.map(String::from),
        watch_path,
    };
    match rest {
        ["namespaces"] if group.is_empty() => Some(t(Kind::Namespace, None, None, None)),
        ["namespaces", name] if group.is_empty() => {
            Some(t(Kind::Namespace, None, Some(name), None))
        }
        ["namespaces", ns, plural] => kind_of(plural)
            .filter(|k| k.namespaced())
            .map(|k| t(k, Some(ns), None, None)),
        ["namespaces", ns, plural, name] => kind_of(plural)
            .filter(|k| k.namespaced())
            .map(|k| t(k, Some(ns), Some(name), None)),
        ["namespaces", ns, plural, name, sub] => kind_of(plural)
            .filter(|k| k.namespaced())
            .map(|k| t(k, Some(ns), Some(name), Some(sub))),
        [plural] => kind_of(plural).map(|k| t(k, None, None, None)),
        [plural, name] => kind_of(plural)
            .filter(|k| !k.namespaced())
            .map(|k| t(k, None, Some(name), None)),
        _ => None,
    }
}

/// The world listens on loopback over plain HTTP, where client-go sends no bearer token at all:
/// like the apiserver's old insecure port, a request without credentials is the admin. A
/// presented token must be valid (401 otherwise), and the viewer's may only read.
fn authenticate(state: &ApiState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    let Some(auth) = headers.get("authorization") else {
        return Ok(Caller::Admin);
    };
    let token = auth
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(ApiError::unauthorized)?;
    if token == state.tokens.admin {
        Ok(Caller::Admin)
    } else if token == state.tokens.viewer {
        Ok(Caller::Viewer)
    } else {
        Err(ApiError::unauthorized())
    }
}

/// The form of the objects the client asked for in `Accept`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Full,
    /// Server-side Tables, as kubectl asks for.
    Table,
    /// `PartialObjectMetadata(List)`: metadata only, as metadata watchers ask for.
    Metadata,
}

pub fn shape(headers: &HeaderMap) -> Shape {
    let accept = headers
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if accept.contains("as=Table") {
        Shape::Table
    } else if accept.contains("as=PartialObjectMetadata") {
        Shape::Metadata
    } else {
        Shape::Full
    }
}

pub fn wants_table(headers: &HeaderMap) -> bool {
    shape(headers) == Shape::Table
}

/// An object as `PartialObjectMetadata`: its kind and metadata only.
pub fn partial_metadata(obj: &crate::sim::store::Obj) -> Vec<u8> {
    let v = obj.value();
    serde_json::to_vec(&serde_json::json!({
        "kind": "PartialObjectMetadata",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": v["metadata"],
    }))
    .unwrap_or_default()
}

pub fn json_response(body: Vec<u8>) -> Response {
    let mut resp = body.into_response();
    resp.headers_mut()
        .insert("content-type", HeaderValue::from_static("application/json"));
    resp
}

async fn dispatch(
    State(state): State<Arc<ApiState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state.faults.hold_while_stalled().await;
    if let Some(d) = state.faults.latency {
        tokio::time::sleep(d).await;
    }
    // As the apiserver's panic-recovery filter does: one request that panics answers 500 and
    // leaves the server (and its store, see `Store`'s locks) serving the rest.
    let answer = std::panic::AssertUnwindSafe(route(&state, &method, &uri, &headers, body));
    match futures::FutureExt::catch_unwind(answer).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => e.into_response(),
        Err(_) => ApiError::internal(
            "This request caused apiserver to panic. Look in the logs for details.",
        )
        .into_response(),
    }
}

async fn route(
    state: &Arc<ApiState>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let caller = authenticate(state, headers)?;
    let path = uri.path();
    if let Some(r) = metrics::serve(state, method, path, &query::parse_pairs(uri.query())) {
        return r;
    }
    if let Some(r) = discovery::serve(path, metrics::enabled(state)) {
        return Ok(r);
    }
    let who = authz::subject(caller, headers, &state.store)?;
    match path.trim_end_matches('/') {
        access_review::PATH => {
            return access_review::serve(state, &who, method, headers, &body);
        }
        rules_review::RULES_PATH => {
            return rules_review::rules(state, &who, method, headers, &body);
        }
        rules_review::WHOAMI_PATH => return rules_review::whoami(&who, method),
        _ => {}
    }
    let target = parse_target(path).ok_or_else(ApiError::no_route)?;
    if state.faults.roll(state.faults.error_rate) {
        return Err(ApiError::internal("injected fault: internal error"));
    }
    if state.faults.in_outage() {
        return Err(ApiError::internal("injected fault: apiserver outage"));
    }
    let pairs = query::parse_pairs(uri.query());
    let watch = pairs
        .iter()
        .any(|(k, v)| k == "watch" && (v == "true" || v == "1"));
    let across = target.namespace.is_none() && target.kind.namespaced();
    if across && state.faults.forbids_any() {
        return Err(ApiError::forbidden(
            caller.user(),
            authz::verb(method, &target, watch),
            target.kind.plural(),
            target.kind.group(),
            None,
            None,
        ));
    }
    if let Some(ns) = target.namespace.as_deref() {
        if state.faults.forbids(ns) {
            return Err(ApiError::forbidden(
                caller.user(),
                authz::verb(method, &target, watch),
                target.kind.plural(),
                target.kind.group(),
                Some(ns),
                target.name.as_deref(),
            ));
        }
    }
    authz::authorize(state, caller, &who, method, &target, watch)?;
    let body = match *method {
        Method::POST | Method::PUT => proto::json_body(headers, target.kind, &body)?,
        _ => body.to_vec(),
    };
    match (method.clone(), &target.subresource, &target.name) {
        (Method::GET, Some(sub), Some(_)) if sub == "log" && target.kind == Kind::Pod => {
            logs::serve(state, &target, &pairs).await
        }
        (Method::GET | Method::POST, Some(sub), Some(name))
            if target.kind == Kind::Pod && stream::SUBRESOURCES.contains(&sub.as_str()) =>
        {
            stream::serve(state, &target, name, uri.query())
        }
        (Method::GET, Some(sub), Some(name)) if sub == "scale" && write::scalable(target.kind) => {
            write::get_scale(state, &target, name)
        }
        (Method::PUT | Method::PATCH, Some(sub), Some(name))
            if sub == "scale" && write::scalable(target.kind) =>
        {
            let put = *method == Method::PUT;
            write::write_scale(state, &target, name, &body, !put)
        }
        (Method::GET, Some(_), _) => Err(ApiError::no_route()),
        (Method::GET, None, Some(name)) if !target.watch_path => {
            let ns = target.namespace.as_deref().unwrap_or_default();
            let obj = state.store.get(target.kind, ns, name).ok_or_else(|| {
                ApiError::not_found(target.kind.plural(), target.kind.group(), name)
            })?;
            if wants_table(headers) {
                let opts = query::ListOpts::parse(target.kind, &pairs)?;
                let now = state.store.clock.now();
                let t = table::table(
                    target.kind,
                    std::slice::from_ref(&obj),
                    obj.rv,
                    None,
                    opts.include_object,
                    now,
                    true,
                );
                return Ok(json_response(serde_json::to_vec(&t).unwrap_or_default()));
            }
            if shape(headers) == Shape::Metadata {
                return Ok(json_response(partial_metadata(&obj)));
            }
            Ok(json_response(obj.json.to_vec()))
        }
        (Method::GET, None, name) => {
            let mut opts = query::ListOpts::parse(target.kind, &pairs)?;
            opts.watch |= target.watch_path;
            if let Some(name) = name {
                // `/watch/namespaces/ns/pods/name` is a watch on one object.
                opts.fields = crate::sim::selector::FieldSelector::parse(
                    &format!("metadata.name={name}"),
                    target.kind.selectable_fields(),
                )
                .map_err(ApiError::bad_request)?;
            }
            if opts.watch {
                watch::serve(state, &target, opts, shape(headers)).await
            } else {
                list::serve(state, &target, opts, shape(headers))
            }
        }
        (Method::POST, None, None) => write::create(state, &target, &body),
        (Method::DELETE, None, Some(name)) => write::delete(state, &target, name),
        (Method::PUT, None, Some(name)) => write::replace(state, &target, name, &body),
        (Method::PATCH, None, Some(name)) => write::patch(state, &target, name, &body),
        _ => Err(ApiError::method_not_supported(
            target.kind.plural(),
            method.as_str(),
        )),
    }
}
