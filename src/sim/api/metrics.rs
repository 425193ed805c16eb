//! `metrics.k8s.io/v1beta1`, as metrics-server serves it, when the world is started with
//! `--metrics`: discovery, and get/list of `NodeMetrics` and `PodMetrics` (no watch, as the
//! real one). Usage is made up from the pods in the store — a share of each container's
//! requests that moves with the minute — and a node's is its pods' plus the system's.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use axum::http::Method;
use axum::response::Response;
use serde_json::{json, Value};

use super::status::ApiError;
use super::{json_response, ApiState};
use crate::cluster::headroom::{quantity, Amounts};
use crate::sim::kinds::Kind;
use crate::sim::selector::LabelSelector;

const GV: &str = "metrics.k8s.io/v1beta1";
const PREFIX: &str = "/apis/metrics.k8s.io";

/// The group as `/apis` lists it.
pub fn group() -> Value {
    json!({
        "name": "metrics.k8s.io",
        "versions": [{"groupVersion": GV, "version": "v1beta1"}],
        "preferredVersion": {"groupVersion": GV, "version": "v1beta1"}
    })
}

pub fn enabled(state: &ApiState) -> bool {
    state.metrics.load(Ordering::Relaxed)
}

/// Answers a metrics path when metrics are on; `None` for every other path.
pub fn serve(
    state: &ApiState,
    method: &Method,
    path: &str,
    query: &[(String, String)],
) -> Option<Result<Response, ApiError>> {
    let path = path.trim_end_matches('/');
    if !path.starts_with(PREFIX) || !enabled(state) {
        return None;
    }
    if *method != Method::GET {
        return Some(Err(ApiError::method_not_supported(
            "metrics",
            method.as_str(),
        )));
    }
    let segs: Vec<&str> = path[PREFIX.len()..]
        .trim_start_matches('/')
        .split('/')
        .collect();
    let selector = query
        .iter()
        .find(|(k, _)| k == "labelSelector")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let body = match segs.as_slice() {
        [""] => {
            let mut g = group();
            g["kind"] = "APIGroup".into();
            g["apiVersion"] = "v1".into();
            g
        }
        ["v1beta1"] => json!({
            "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": GV,
            "resources": [
                {"name": "nodes", "singularName": "", "namespaced": false, "kind": "NodeMetrics", "verbs": ["get", "list"]},
                {"name": "pods", "singularName": "", "namespaced": true, "kind": "PodMetrics", "verbs": ["get", "list"]}
            ]
        }),
        ["v1beta1", "nodes"] => list("NodeMetricsList", nodes(state, None, selector)),
        ["v1beta1", "nodes", name] => match nodes(state, Some(name), "").pop() {
            Some(n) => n,
            None => return Some(Err(ApiError::not_found("nodes", "metrics.k8s.io", name))),
        },
        ["v1beta1", "pods"] => list("PodMetricsList", pods(state, None, None, selector)),
        ["v1beta1", "namespaces", ns, "pods"] => {
            list("PodMetricsList", pods(state, Some(ns), None, selector))
        }
        ["v1beta1", "namespaces", ns, "pods", name] => {
            match pods(state, Some(ns), Some(name), "").pop() {
                Some(p) => p,
                None => return Some(Err(ApiError::not_found("pods", "metrics.k8s.io", name))),
            }
        }
        _ => return Some(Err(ApiError::no_route())),
    };
    Some(Ok(json_response(
        serde_json::to_vec(&body).unwrap_or_default(),
    )))
}

fn list(kind: &str, items: Vec<Value>) -> Value {
    json!({"kind": kind, "apiVersion": GV, "metadata": {}, "items": items})
}

/// A number in 0.25..0.85 from a name and the minute: the same for a scrape, moving between.
fn factor(name: &str, minute: i64) -> f64 {
    let mut h: u64 = 1469598103934665603;
    for b in name.bytes().chain(minute.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(1099511628211);
    }
    0.25 + (h % 600) as f64 / 1000.0
}

fn keep(selector: &str, labels: &BTreeMap<String, String>) -> bool {
    selector.is_empty() || LabelSelector::parse(selector).is_ok_and(|s| s.matches(labels))
}

/// Running pods' metrics: `(node, PodMetrics)`.
fn pod_metrics(
    state: &ApiState,
    ns: Option<&str>,
    name: Option<&str>,
    selector: &str,
) -> Vec<(String, Amounts, Value)> {
    let now = state.store.clock.now();
    let minute = now.as_second() / 60;
    let (_, objs) = state.store.snapshot(Kind::Pod, ns, None, |o| {
        name.is_none_or(|n| o.name == n) && keep(selector, &o.labels)
    });
    objs.iter()
        .filter_map(|o| {
            let v = o.value();
            if v["status"]["phase"] != "Running" || v["metadata"]["deletionTimestamp"].is_string() {
                return None;
            }
            let mut total = Amounts::default();
            let containers: Vec<Value> = v["spec"]["containers"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| {
                    let cname = c["name"].as_str().unwrap_or_default();
                    let f = factor(&format!("{}/{}", o.name, cname), minute);
                    let req = |k: &str| c["resources"]["requests"][k].as_str().unwrap_or("0");
                    let cpu_n = ((quantity::cpu_milli(req("cpu")).unwrap_or(0).max(2) as f64)
                        * f
                        * 1e6) as i64;
                    let mem = ((quantity::bytes(req("memory")).unwrap_or(0).max(8 << 20) as f64)
                        * (f + 0.1))
                        as i64
                        / 1024;
                    total = total.plus(Amounts {
                        cpu_milli: cpu_n / 1_000_000,
                        memory: mem * 1024,
                    });
                    json!({"name": cname, "usage": {"cpu": format!("{cpu_n}n"), "memory": format!("{mem}Ki")}})
                })
                .collect();
            let node = v["spec"]["nodeName"].as_str().unwrap_or_default().to_string();
            let metrics = json!({
                "metadata": {
                    "name": o.name, "namespace": v["metadata"]["namespace"],
                    "creationTimestamp": now.to_string(), "labels": v["metadata"]["labels"]
                },
                "timestamp": now.to_string(), "window": "15.008s",
                "containers": containers
            });
            Some((node, total, metrics))
        })
        .collect()
}

fn pods(state: &ApiState, ns: Option<&str>, name: Option<&str>, selector: &str) -> Vec<Value> {
    pod_metrics(state, ns, name, selector)
        .into_iter()
        .map(|(_, _, v)| v)
        .collect()
}

fn nodes(state: &ApiState, name: Option<&str>, selector: &str) -> Vec<Value> {
    let now = state.store.clock.now();
    let mut per_node: BTreeMap<String, Amounts> = BTreeMap::new();
    for (node, a, _) in pod_metrics(state, None, None, "") {
        let e = per_node.entry(node).or_default();
        *e = e.plus(a);
    }
    let (_, objs) = state.store.snapshot(Kind::Node, None, None, |o| {
        name.is_none_or(|n| o.name == n) && keep(selector, &o.labels)
    });
    objs.iter()
        .map(|o| {
            // The kubelet, the runtime and the system daemons' share.
            let system = Amounts {
                cpu_milli: 180,
                memory: 900 << 20,
            };
            let u = per_node.get(&o.name).copied().unwrap_or_default().plus(system);
            json!({
                "metadata": {"name": o.name, "creationTimestamp": now.to_string(), "labels": o.value()["metadata"]["labels"]},
                "timestamp": now.to_string(), "window": "20.05s",
                "usage": {"cpu": format!("{}n", u.cpu_milli * 1_000_000), "memory": format!("{}Ki", u.memory / 1024)}
            })
        })
        .collect()
}
