//! Server-side Tables (`Accept: …;as=Table;g=meta.k8s.io;v=v1`), with the columns and cell texts
//! of kubernetes' `pkg/printers/internalversion/printers.go`. Cells are rendered at response time,
//! wide (priority-1 columns included), as the apiserver's TableConvertor does.

use std::sync::Arc;

use jiff::Timestamp;
use serde_json::{json, Value};

use super::query::IncludeObject;
use crate::cluster::human_duration::age_since;
use crate::cluster::pod_status::pod_summary;
use crate::sim::kinds::Kind;
use crate::sim::store::Obj;

/// (name, priority, format)
type Col = (&'static str, u8, &'static str);

fn columns(kind: Kind) -> &'static [Col] {
    match kind {
        Kind::Pod => &[
            ("Name", 0, "name"),
            ("Ready", 0, ""),
            ("Status", 0, ""),
            ("Restarts", 0, ""),
            ("Age", 0, ""),
            ("IP", 1, ""),
            ("Node", 1, ""),
            ("Nominated Node", 1, ""),
            ("Readiness Gates", 1, ""),
        ],
        Kind::Namespace => &[("Name", 0, "name"), ("Status", 0, ""), ("Age", 0, "")],
        Kind::Node => &[
            ("Name", 0, "name"),
            ("Status", 0, ""),
            ("Roles", 0, ""),
            ("Age", 0, ""),
            ("Version", 0, ""),
            ("Internal-IP", 1, ""),
            ("External-IP", 1, ""),
            ("OS-Image", 1, ""),
            ("Kernel-Version", 1, ""),
            ("Container-Runtime", 1, ""),
        ],
        Kind::Event => &[
            ("Last Seen", 0, ""),
            ("Type", 0, ""),
            ("Reason", 0, ""),
            ("Object", 0, ""),
            ("Subobject", 1, ""),
            ("Source", 1, ""),
            ("Message", 0, ""),
            ("First Seen", 1, ""),
            ("Count", 1, ""),
            ("Name", 1, "name"),
        ],
        Kind::Secret => &[
            ("Name", 0, "name"),
            ("Type", 0, ""),
            ("Data", 0, ""),
            ("Age", 0, ""),
        ],
        Kind::ConfigMap => &[("Name", 0, "name"), ("Data", 0, ""), ("Age", 0, "")],
        Kind::ServiceAccount => &[("Name", 0, "name"), ("Secrets", 0, ""), ("Age", 0, "")],
        Kind::Role | Kind::ClusterRole => &[("Name", 0, "name"), ("Created At", 0, "date")],
        Kind::RoleBinding | Kind::ClusterRoleBinding => &[
            ("Name", 0, "name"),
            ("Role", 0, ""),
            ("Age", 0, ""),
            ("Users", 1, ""),
            ("Groups", 1, ""),
            ("ServiceAccounts", 1, ""),
        ],
        Kind::Service => &[
            ("Name", 0, "name"),
            ("Type", 0, ""),
            ("Cluster-IP", 0, ""),
            ("External-IP", 0, ""),
            ("Port(s)", 0, ""),
            ("Age", 0, ""),
            ("Selector", 1, ""),
        ],
        Kind::Deployment => &[
            ("Name", 0, "name"),
            ("Ready", 0, ""),
            ("Up-to-date", 0, ""),
            ("Available", 0, ""),
            ("Age", 0, ""),
            ("Containers", 1, ""),
            ("Images", 1, ""),
            ("Selector", 1, ""),
        ],
        Kind::StatefulSet => &[
            ("Name", 0, "name"),
            ("Ready", 0, ""),
            ("Age", 0, ""),
            ("Containers", 1, ""),
            ("Images", 1, ""),
        ],
        Kind::Ingress => &[
            ("Name", 0, "name"),
            ("Class", 0, ""),
            ("Hosts", 0, ""),
            ("Address", 0, ""),
            ("Ports", 0, ""),
            ("Age", 0, ""),
        ],
        Kind::Job => &[
            ("Name", 0, "name"),
            ("Status", 0, ""),
            ("Completions", 0, ""),
            ("Duration", 0, ""),
            ("Age", 0, ""),
            ("Containers", 1, ""),
            ("Images", 1, ""),
            ("Selector", 1, ""),
        ],
        Kind::CronJob => &[
            ("Name", 0, "name"),
            ("Schedule", 0, ""),
            ("Timezone", 0, ""),
            ("Suspend", 0, ""),
            ("Active", 0, ""),
            ("Last Schedule", 0, ""),
            ("Age", 0, ""),
            ("Containers", 1, ""),
            ("Images", 1, ""),
            ("Selector", 1, ""),
        ],
        Kind::PersistentVolumeClaim => &[
            ("Name", 0, "name"),
            ("Status", 0, ""),
            ("Volume", 0, ""),
            ("Capacity", 0, ""),
            ("Access Modes", 0, ""),
            ("StorageClass", 0, ""),
            ("VolumeAttributesClass", 0, ""),
            ("Age", 0, ""),
            ("VolumeMode", 1, ""),
        ],
        Kind::ReplicaSet => &[
            ("Name", 0, "name"),
            ("Desired", 0, ""),
            ("Current", 0, ""),
            ("Ready", 0, ""),
            ("Age", 0, ""),
            ("Containers", 1, ""),
            ("Images", 1, ""),
            ("Selector", 1, ""),
        ],
    }
}

fn column_definitions(kind: Kind) -> Value {
    columns(kind)
        .iter()
        .map(|(name, prio, format)| {
            let ty = match (kind, *name) {
                (_, "Count" | "Data" | "Desired" | "Current" | "Up-to-date" | "Available" | "Active" | "Secrets") => "integer",
                (Kind::ReplicaSet, "Ready") => "integer",
                _ => "string",
            };
            json!({"name": name, "type": ty, "format": format, "description": description(name), "priority": prio})
        })
        .collect()
}

fn description(col: &str) -> &'static str {
    match col {
        "Name" => "Name must be unique within a namespace. Is required when creating resources.",
        "Age" => "CreationTimestamp is a timestamp representing the server time when this object was created.",
        "Ready" => "The aggregate readiness state of this pod for accepting traffic.",
        "Status" => "The aggregate status of the containers in this pod.",
        "Restarts" => "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.",
        "IP" => "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.",
        "Node" => "NodeName indicates in which node this pod is scheduled.",
        _ => "",
    }
}

fn s<'a>(v: &'a Value, path: &[&str]) -> &'a str {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_str().unwrap_or_default()
}

fn n(v: &Value, path: &[&str]) -> i64 {
    let mut cur = v;
    for p in path {
        cur = &cur[*p];
    }
    cur.as_i64().unwrap_or_default()
}

fn ts(v: &Value, path: &[&str]) -> Option<Timestamp> {
    s(v, path).parse().ok()
}

fn or_none(x: &str) -> String {
    if x.is_empty() {
        "<none>".into()
    } else {
        x.into()
    }
}

fn format_selector(m: &Value) -> String {
    match m.as_object() {
        Some(m) if !m.is_empty() => {
            let mut kv: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
                .collect();
            kv.sort();
            kv.join(",")
        }
        _ => "<none>".into(),
    }
}

fn containers_and_images(template_spec: &Value) -> (String, String) {
    let cs = template_spec["containers"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = cs.iter().map(|c| s(c, &["name"])).collect();
    let images: Vec<&str> = cs.iter().map(|c| s(c, &["image"])).collect();
    (names.join(","), images.join(","))
}

fn cells(kind: Kind, obj: &Obj, v: &Value, now: Timestamp) -> Vec<Value> {
    let age = age_since(ts(v, &["metadata", "creationTimestamp"]), now);
    let name = obj.name.clone();
    match kind {
        Kind::Pod => {
            let (ready, status, restarts) = match obj.typed::<k8s_openapi::api::core::v1::Pod>() {
                Ok(pod) => {
                    let sum = pod_summary(&pod);
                    (sum.ready_text(), sum.status.clone(), sum.restarts_text(now))
                }
                Err(_) => ("0/0".into(), "Unknown".into(), "0".into()),
            };
            let gates = v["spec"]["readinessGates"]
                .as_array()
                .map_or(0, |g| g.len());
            vec![
                name.into(),
                ready.into(),
                status.into(),
                restarts.into(),
                age.into(),
                or_none(s(v, &["status", "podIP"])).into(),
                or_none(s(v, &["spec", "nodeName"])).into(),
                or_none(s(v, &["status", "nominatedNodeName"])).into(),
                if gates == 0 {
                    "<none>".to_string()
                } else {
                    format!("0/{gates}")
                }
                .into(),
            ]
        }
        Kind::Namespace => vec![name.into(), s(v, &["status", "phase"]).into(), age.into()],
        Kind::Node => {
            let ready = v["status"]["conditions"]
                .as_array()
                .and_then(|cs| cs.iter().find(|c| s(c, &["type"]) == "Ready"))
                .map(|c| s(c, &["status"]) == "True");
            let mut status = match ready {
                Some(true) => "Ready".to_string(),
                Some(false) => "NotReady".to_string(),
                None => "Unknown".to_string(),
            };
            if v["spec"]["unschedulable"].as_bool() == Some(true) {
                status.push_str(",SchedulingDisabled");
            }
            let mut roles: Vec<&str> = obj
                .labels
                .keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .collect();
            roles.sort();
            let addr = |t: &str| {
                v["status"]["addresses"]
                    .as_array()
                    .and_then(|a| a.iter().find(|x| s(x, &["type"]) == t))
                    .map(|x| s(x, &["address"]).to_string())
                    .unwrap_or_else(|| "<none>".into())
            };
            vec![
                name.into(),
                status.into(),
                if roles.is_empty() {
                    "<none>".into()
                } else {
                    roles.join(",")
                }
                .into(),
                age.into(),
                s(v, &["status", "nodeInfo", "kubeletVersion"]).into(),
                addr("InternalIP").into(),
                addr("ExternalIP").into(),
                s(v, &["status", "nodeInfo", "osImage"]).into(),
                s(v, &["status", "nodeInfo", "kernelVersion"]).into(),
                s(v, &["status", "nodeInfo", "containerRuntimeVersion"]).into(),
            ]
        }
        Kind::Event => {
            let first = match ts(v, &["firstTimestamp"]) {
                Some(t) => age_since(Some(t), now),
                None => age_since(ts(v, &["eventTime"]), now),
            };
            let mut last = match ts(v, &["lastTimestamp"]) {
                Some(t) => age_since(Some(t), now),
                None => first.clone(),
            };
            let mut count = n(v, &["count"]);
            if v["series"].is_object() {
                last = age_since(ts(v, &["series", "lastObservedTime"]), now);
                count = n(v, &["series", "count"]);
            } else if count == 0 {
                count = 1;
            }
            let kind_l = s(v, &["involvedObject", "kind"]).to_lowercase();
            let target = match s(v, &["involvedObject", "name"]) {
                "" => kind_l,
                nm => format!("{kind_l}/{nm}"),
            };
            let source = {
                let comp = match s(v, &["source", "component"]) {
                    "" => s(v, &["reportingComponent"]),
                    c => c,
                };
                let host = match s(v, &["source", "host"]) {
                    "" => s(v, &["reportingInstance"]),
                    h => h,
                };
                match (comp, host) {
                    (c, "") => c.to_string(),
                    (c, h) => format!("{c}, {h}"),
                }
            };
            vec![
                last.into(),
                s(v, &["type"]).into(),
                s(v, &["reason"]).into(),
                target.into(),
                s(v, &["involvedObject", "fieldPath"]).into(),
                source.into(),
                s(v, &["message"]).trim().into(),
                first.into(),
                count.into(),
                name.into(),
            ]
        }
        Kind::Secret => vec![
            name.into(),
            s(v, &["type"]).into(),
            v["data"].as_object().map_or(0, |d| d.len()).into(),
            age.into(),
        ],
        Kind::ConfigMap => vec![
            name.into(),
            v["data"].as_object().map_or(0, |d| d.len()).into(),
            age.into(),
        ],
        Kind::ServiceAccount => vec![
            name.into(),
            v["secrets"].as_array().map_or(0, |d| d.len()).into(),
            age.into(),
        ],
        // printers.go: the creation time in RFC 3339, UTC.
        Kind::Role | Kind::ClusterRole => vec![
            name.into(),
            ts(v, &["metadata", "creationTimestamp"])
                .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
                .unwrap_or_default()
                .into(),
        ],
        Kind::RoleBinding | Kind::ClusterRoleBinding => {
            let subjects = |kind: &str| -> String {
                v["subjects"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|x| s(x, &["kind"]) == kind)
                    .map(|x| match (kind, s(x, &["namespace"])) {
                        ("ServiceAccount", ns) => format!("{ns}/{}", s(x, &["name"])),
                        _ => s(x, &["name"]).to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            vec![
                name.into(),
                format!(
                    "{}/{}",
                    s(v, &["roleRef", "kind"]),
                    s(v, &["roleRef", "name"])
                )
                .into(),
                age.into(),
                subjects("User").into(),
                subjects("Group").into(),
                subjects("ServiceAccount").into(),
            ]
        }
        Kind::Service => {
            let ports: Vec<String> = v["spec"]["ports"]
                .as_array()
                .map(|ps| {
                    ps.iter()
                        .map(|p| match n(p, &["nodePort"]) {
                            0 => format!("{}/{}", n(p, &["port"]), s(p, &["protocol"])),
                            np => format!("{}:{np}/{}", n(p, &["port"]), s(p, &["protocol"])),
                        })
                        .collect()
                })
                .unwrap_or_default();
            vec![
                name.into(),
                s(v, &["spec", "type"]).into(),
                or_none(s(v, &["spec", "clusterIP"])).into(),
                "<none>".into(),
                if ports.is_empty() {
                    "<none>".into()
                } else {
                    ports.join(",")
                }
                .into(),
                age.into(),
                format_selector(&v["spec"]["selector"]).into(),
            ]
        }
        Kind::Deployment => {
            let (c, i) = containers_and_images(&v["spec"]["template"]["spec"]);
            vec![
                name.into(),
                format!(
                    "{}/{}",
                    n(v, &["status", "readyReplicas"]),
                    n(v, &["spec", "replicas"])
                )
                .into(),
                n(v, &["status", "updatedReplicas"]).into(),
                n(v, &["status", "availableReplicas"]).into(),
                age.into(),
                c.into(),
                i.into(),
                format_selector(&v["spec"]["selector"]["matchLabels"]).into(),
            ]
        }
        Kind::StatefulSet => {
            let (c, i) = containers_and_images(&v["spec"]["template"]["spec"]);
            vec![
                name.into(),
                format!(
                    "{}/{}",
                    n(v, &["status", "readyReplicas"]),
                    n(v, &["spec", "replicas"])
                )
                .into(),
                age.into(),
                c.into(),
                i.into(),
            ]
        }
        Kind::Ingress => {
            let hosts: Vec<&str> = v["spec"]["rules"]
                .as_array()
                .map(|rs| {
                    rs.iter()
                        .map(|r| s(r, &["host"]))
                        .filter(|h| !h.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let address: Vec<String> = v["status"]["loadBalancer"]["ingress"]
                .as_array()
                .map(|is| {
                    is.iter()
                        .map(|i| format!("{}{}", s(i, &["ip"]), s(i, &["hostname"])))
                        .collect()
                })
                .unwrap_or_default();
            let tls = v["spec"]["tls"].as_array().is_some_and(|t| !t.is_empty());
            vec![
                name.into(),
                match s(v, &["spec", "ingressClassName"]) {
                    "" => "<none>",
                    c => c,
                }
                .into(),
                if hosts.is_empty() {
                    "*".to_string()
                } else {
                    hosts.join(",")
                }
                .into(),
                address.join(",").into(),
                if tls { "80, 443" } else { "80" }.into(),
                age.into(),
            ]
        }
        Kind::Job => {
            let (c, i) = containers_and_images(&v["spec"]["template"]["spec"]);
            let succeeded = n(v, &["status", "succeeded"]);
            let completions = match v["spec"]["completions"].as_i64() {
                Some(c) => format!("{succeeded}/{c}"),
                None => match n(v, &["spec", "parallelism"]) {
                    p if p > 1 => format!("{succeeded}/1 of {p}"),
                    _ => format!("{succeeded}/1"),
                },
            };
            let start = ts(v, &["status", "startTime"]);
            let duration = match (start, ts(v, &["status", "completionTime"])) {
                (None, _) => String::new(),
                (Some(st), None) => {
                    crate::cluster::human_duration::human_duration(now.duration_since(st))
                }
                (Some(st), Some(end)) => {
                    crate::cluster::human_duration::human_duration(end.duration_since(st))
                }
            };
            let has = |t: &str| {
                v["status"]["conditions"].as_array().is_some_and(|cs| {
                    cs.iter()
                        .any(|c| s(c, &["type"]) == t && s(c, &["status"]) == "True")
                })
            };
            let status = if has("Complete") {
                "Complete"
            } else if has("Failed") {
                "Failed"
            } else if v["metadata"]["deletionTimestamp"].is_string() {
                "Terminating"
            } else if has("Suspended") {
                "Suspended"
            } else if has("FailureTarget") {
                "FailureTarget"
            } else if has("SuccessCriteriaMet") {
                "SuccessCriteriaMet"
            } else {
                "Running"
            };
            vec![
                name.into(),
                status.into(),
                completions.into(),
                duration.into(),
                age.into(),
                c.into(),
                i.into(),
                format_selector(&v["spec"]["selector"]["matchLabels"]).into(),
            ]
        }
        Kind::CronJob => {
            let (c, i) =
                containers_and_images(&v["spec"]["jobTemplate"]["spec"]["template"]["spec"]);
            let last = match ts(v, &["status", "lastScheduleTime"]) {
                Some(t) => age_since(Some(t), now),
                None => "<none>".into(),
            };
            vec![
                name.into(),
                s(v, &["spec", "schedule"]).into(),
                match s(v, &["spec", "timeZone"]) {
                    "" => "<none>",
                    z => z,
                }
                .into(),
                match v["spec"]["suspend"].as_bool() {
                    Some(true) => "True",
                    Some(false) => "False",
                    None => "<unset>",
                }
                .into(),
                v["status"]["active"]
                    .as_array()
                    .map_or(0, |a| a.len())
                    .into(),
                last.into(),
                age.into(),
                c.into(),
                i.into(),
                format_selector(&v["spec"]["jobTemplate"]["spec"]["selector"]["matchLabels"])
                    .into(),
            ]
        }
        Kind::PersistentVolumeClaim => {
            let mut phase = s(v, &["status", "phase"]).to_string();
            if v["metadata"]["deletionTimestamp"].is_string() {
                phase = "Terminating".into();
            }
            let volume = s(v, &["spec", "volumeName"]);
            let (capacity, modes) = if volume.is_empty() {
                (String::new(), String::new())
            } else {
                let modes: Vec<&str> = v["status"]["accessModes"]
                    .as_array()
                    .map(|m| {
                        [
                            ("ReadWriteOnce", "RWO"),
                            ("ReadOnlyMany", "ROX"),
                            ("ReadWriteMany", "RWX"),
                            ("ReadWriteOncePod", "RWOP"),
                        ]
                        .iter()
                        .filter(|(l, _)| m.iter().any(|x| x.as_str() == Some(l)))
                        .map(|(_, sh)| *sh)
                        .collect()
                    })
                    .unwrap_or_default();
                (
                    s(v, &["status", "capacity", "storage"]).to_string(),
                    modes.join(","),
                )
            };
            vec![
                name.into(),
                phase.into(),
                volume.into(),
                capacity.into(),
                modes.into(),
                s(v, &["spec", "storageClassName"]).into(),
                match s(v, &["spec", "volumeAttributesClassName"]) {
                    "" => "<unset>",
                    c => c,
                }
                .into(),
                age.into(),
                match s(v, &["spec", "volumeMode"]) {
                    "" => "<unset>",
                    m => m,
                }
                .into(),
            ]
        }
        Kind::ReplicaSet => {
            let (c, i) = containers_and_images(&v["spec"]["template"]["spec"]);
            vec![
                name.into(),
                n(v, &["spec", "replicas"]).into(),
                n(v, &["status", "replicas"]).into(),
                n(v, &["status", "readyReplicas"]).into(),
                age.into(),
                c.into(),
                i.into(),
                format_selector(&v["spec"]["selector"]["matchLabels"]).into(),
            ]
        }
    }
}

fn row(kind: Kind, obj: &Obj, include: IncludeObject, now: Timestamp) -> Value {
    let v = obj.value();
    let mut r = json!({"cells": cells(kind, obj, &v, now)});
    match include {
        IncludeObject::None => {}
        IncludeObject::Metadata => {
            r["object"] = json!({
                "kind": "PartialObjectMetadata",
                "apiVersion": "meta.k8s.io/v1",
                "metadata": v["metadata"].clone(),
            })
        }
        IncludeObject::Object => r["object"] = v,
    }
    r
}

/// A Table of `items`; `with_columns` is false for the later events of a watch.
pub fn table(
    kind: Kind,
    items: &[Arc<Obj>],
    rv: u64,
    next: Option<String>,
    include: IncludeObject,
    now: Timestamp,
    with_columns: bool,
) -> Value {
    let mut meta = json!({"resourceVersion": rv.to_string()});
    if let Some(c) = next {
        meta["continue"] = c.into();
    }
    let mut t = json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": meta,
        "rows": items.iter().map(|o| row(kind, o, include, now)).collect::<Vec<_>>(),
    });
    if with_columns {
        t["columnDefinitions"] = column_definitions(kind);
    }
    t
}
