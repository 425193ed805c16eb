//! Nodes as kubectl describe prints them.

use serde_json::Value;

use super::*;

pub(super) fn node(o: &mut Out, nd: &Value, created: &str) {
    let mut roles: Vec<&str> = nd["metadata"]["labels"]
        .as_object()
        .map(|m| {
            m.keys()
                .filter_map(|k| k.strip_prefix("node-role.kubernetes.io/"))
                .collect()
        })
        .unwrap_or_default();
    roles.sort();
    o.kv(0, "Roles", or_none(&roles.join(",")));
    o.map(0, "Labels", &nd["metadata"]["labels"]);
    o.map(0, "Annotations", &nd["metadata"]["annotations"]);
    o.kv(0, "CreationTimestamp", created);
    let taints: Vec<String> = arr(nd, "/spec/taints")
        .iter()
        .map(|t| format!("{}={}:{}", s(t, "/key"), s(t, "/value"), s(t, "/effect")))
        .collect();
    o.kv(0, "Taints", or_none(&taints.join(", ")));
    o.kv(
        0,
        "Unschedulable",
        nd["spec"]["unschedulable"]
            .as_bool()
            .unwrap_or(false)
            .to_string(),
    );
    o.line("Conditions:");
    o.line("  Type             Status  Reason                       Message");
    o.line("  ----             ------  ------                       -------");
    for c in arr(nd, "/status/conditions") {
        o.line(format!(
            "  {:<16} {:<7} {:<28} {}",
            s(c, "/type"),
            s(c, "/status"),
            s(c, "/reason"),
            s(c, "/message")
        ));
    }
    o.line("Addresses:");
    for a in arr(nd, "/status/addresses") {
        o.line(format!("  {}:  {}", s(a, "/type"), s(a, "/address")));
    }
    for (label, key) in [("Capacity", "capacity"), ("Allocatable", "allocatable")] {
        o.line(format!("{label}:"));
        if let Some(m) = nd["status"][key].as_object() {
            for (k, v) in m {
                o.line(format!("  {k}:  {}", v.as_str().unwrap_or_default()));
            }
        }
    }
    o.line("System Info:");
    for (label, key) in [
        ("Kernel Version", "kernelVersion"),
        ("OS Image", "osImage"),
        ("Operating System", "operatingSystem"),
        ("Architecture", "architecture"),
        ("Container Runtime Version", "containerRuntimeVersion"),
        ("Kubelet Version", "kubeletVersion"),
    ] {
        o.line(format!(
            "  {label}:  {}",
            s(nd, &format!("/status/nodeInfo/{key}"))
        ));
    }
    o.kv(0, "PodCIDR", s(nd, "/spec/podCIDR"));
}
