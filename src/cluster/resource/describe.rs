//! `kubectl describe` of the listed kinds, from the fetched object and its events: the same
//! sections and labels in the same order (`k8s.io/kubectl/pkg/describe/describe.go`), as
//! lines of text. Pure; every text from the object is sanitised.

use jiff::Timestamp;
use serde_json::Value;

use super::ResourceKind;
use crate::cluster::event_row::EventRow;

struct Out {
    lines: Vec<String>,
}

impl Out {
    fn line(&mut self, s: impl Into<String>) {
        self.lines
            .push(crate::text::sanitize::sanitize_line(&s.into()));
    }

    /// `Label:  value` with kubectl's alignment (labels padded to a column per level).
    fn kv(&mut self, indent: usize, label: &str, value: impl Into<String>) {
        let value = value.into();
        let pad = 2 * indent;
        let width = if indent == 0 { 14 } else { 12 };
        let label = format!("{label}:");
        self.line(format!(
            "{:pad$}{label:<width$}  {value}",
            "",
            pad = pad,
            width = width.max(label.len())
        ));
    }

    /// A map as kubectl prints labels: the first on the label's line, the rest below.
    fn map(&mut self, indent: usize, label: &str, m: &Value) {
        let mut items: Vec<String> = m
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| match v.as_str() {
                        Some(s) => format!("{k}={s}"),
                        None => format!("{k}={v}"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        items.sort();
        if items.is_empty() {
            self.kv(indent, label, "<none>");
            return;
        }
        let first = items.remove(0);
        self.kv(indent, label, first);
        let pad = 2 * indent + if indent == 0 { 14 } else { 12 }.max(label.len() + 1) + 2;
        for i in items {
            self.line(format!("{:pad$}{i}", ""));
        }
    }
}

fn s<'a>(v: &'a Value, p: &str) -> &'a str {
    v.pointer(p).and_then(Value::as_str).unwrap_or_default()
}

fn n(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or_default()
}

fn or_none(x: &str) -> String {
    if x.is_empty() {
        "<none>".into()
    } else {
        x.into()
    }
}

fn arr<'a>(v: &'a Value, p: &str) -> &'a [Value] {
    v.pointer(p)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// kubectl's timestamps: `Thu, 20 Nov 2026 09:00:00 +0000` (RFC 1123 with a numeric zone).
fn when(v: &Value, p: &str) -> String {
    match s(v, p).parse::<Timestamp>() {
        Ok(t) => t.strftime("%a, %d %b %Y %H:%M:%S +0000").to_string(),
        Err(_) => "<unset>".into(),
    }
}

/// The describe text of `object` (a `kind` kubectl describes), with its events.
pub fn describe(
    kind: ResourceKind,
    object: &Value,
    events: &[EventRow],
    now: Timestamp,
) -> Vec<String> {
    let mut o = Out { lines: Vec::new() };
    o.kv(0, "Name", s(object, "/metadata/name"));
    if kind.namespaced() {
        o.kv(0, "Namespace", s(object, "/metadata/namespace"));
    }
    let created = || when(object, "/metadata/creationTimestamp");
    match kind {
        ResourceKind::Namespace => {
            o.map(0, "Labels", &object["metadata"]["labels"]);
            o.map(0, "Annotations", &object["metadata"]["annotations"]);
            o.kv(0, "Status", s(object, "/status/phase"));
        }
        ResourceKind::Node => node(&mut o, object, &created()),
        _ => {
            if kind != ResourceKind::Service && kind != ResourceKind::Secret {
                o.kv(0, "CreationTimestamp", created());
            }
            o.map(0, "Labels", &object["metadata"]["labels"]);
            o.map(0, "Annotations", &object["metadata"]["annotations"]);
        }
    }
    match kind {
        ResourceKind::Deployment => deployment(&mut o, object),
        ResourceKind::StatefulSet => stateful_set(&mut o, object),
        ResourceKind::Service => service(&mut o, object),
        ResourceKind::Ingress => ingress(&mut o, object),
        ResourceKind::ConfigMap => config_map(&mut o, object),
        ResourceKind::Secret => secret(&mut o, object),
        ResourceKind::Job => job(&mut o, object, now),
        ResourceKind::CronJob => cron_job(&mut o, object),
        ResourceKind::PersistentVolumeClaim => pvc(&mut o, object),
        ResourceKind::Event => {
            o.kv(0, "Type", s(object, "/type"));
            o.kv(0, "Reason", s(object, "/reason"));
            o.kv(0, "Message", s(object, "/message"));
        }
        ResourceKind::Node | ResourceKind::Namespace | ResourceKind::Pod => {}
    }
    events_section(&mut o, events, now);
    o.lines
}

fn selector_text(sel: &Value) -> String {
    let labels = sel.get("matchLabels").unwrap_or(sel);
    let mut kv: Vec<String> = labels
        .as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| format!("{k}={v}")))
                .collect()
        })
        .unwrap_or_default();
    kv.sort();
    or_none(&kv.join(","))
}

fn pod_template(o: &mut Out, t: &Value) {
    o.line("Pod Template:");
    o.map(1, "Labels", &t["metadata"]["labels"]);
    if t["metadata"]["annotations"].is_object() {
        o.map(1, "Annotations", &t["metadata"]["annotations"]);
    }
    let sa = s(t, "/spec/serviceAccountName");
    if !sa.is_empty() {
        o.kv(1, "Service Account", sa);
    }
    o.line("  Containers:");
    for c in arr(t, "/spec/containers") {
        o.line(format!("   {}:", s(c, "/name")));
        o.kv(2, "Image", s(c, "/image"));
        let ports: Vec<String> = arr(c, "/ports")
            .iter()
            .map(|p| format!("{}/{}", n(p, "/containerPort"), s(p, "/protocol")))
            .collect();
        o.kv(2, "Port", or_none(&ports.join(", ")));
        for (label, key) in [("Limits", "limits"), ("Requests", "requests")] {
            if let Some(m) = c["resources"][key].as_object() {
                o.line(format!("    {label}:"));
                for (k, v) in m {
                    o.kv(3, k, v.as_str().unwrap_or_default());
                }
            }
        }
        let env = arr(c, "/env");
        if env.is_empty() {
            o.kv(2, "Environment", "<none>");
        } else {
            o.line("    Environment:");
            for e in env {
                let value = match e.get("valueFrom") {
                    // A reference, never a resolved value.
                    Some(f) if f.get("secretKeyRef").is_some() => format!(
                        "<set to the key '{}' in secret '{}'>",
                        s(f, "/secretKeyRef/key"),
                        s(f, "/secretKeyRef/name")
                    ),
                    Some(f) if f.get("configMapKeyRef").is_some() => format!(
                        "<set to the key '{}' of config map '{}'>",
                        s(f, "/configMapKeyRef/key"),
                        s(f, "/configMapKeyRef/name")
                    ),
                    Some(_) => "<set from a field>".into(),
                    None => s(e, "/value").to_string(),
                };
                o.line(format!("      {}:  {value}", s(e, "/name")));
            }
        }
        let mounts: Vec<String> = arr(c, "/volumeMounts")
            .iter()
            .map(|m| format!("{} from {}", s(m, "/mountPath"), s(m, "/name")))
            .collect();
        o.kv(2, "Mounts", or_none(&mounts.join(", ")));
    }
    let vols = arr(t, "/spec/volumes");
    if vols.is_empty() {
        o.kv(1, "Volumes", "<none>");
    } else {
        o.line("  Volumes:");
        for v in vols {
            o.line(format!("   {}:", s(v, "/name")));
        }
    }
}

fn conditions(o: &mut Out, object: &Value) {
    let cs = arr(object, "/status/conditions");
    if cs.is_empty() {
        return;
    }
    o.line("Conditions:");
    o.line("  Type           Status  Reason");
    o.line("  ----           ------  ------");
    for c in cs {
        o.line(format!(
            "  {:<14} {:<7} {}",
            s(c, "/type"),
            s(c, "/status"),
            s(c, "/reason")
        ));
    }
}

fn deployment(o: &mut Out, d: &Value) {
    o.kv(0, "Selector", selector_text(&d["spec"]["selector"]));
    let want = d["spec"]["replicas"].as_i64().unwrap_or(1);
    let unavailable = n(d, "/status/unavailableReplicas");
    o.kv(
        0,
        "Replicas",
        format!(
            "{want} desired | {} updated | {} total | {} available | {unavailable} unavailable",
            n(d, "/status/updatedReplicas"),
            n(d, "/status/replicas"),
            n(d, "/status/availableReplicas"),
        ),
    );
    o.kv(0, "StrategyType", or_none(s(d, "/spec/strategy/type")));
    o.kv(
        0,
        "MinReadySeconds",
        n(d, "/spec/minReadySeconds").to_string(),
    );
    if s(d, "/spec/strategy/type") == "RollingUpdate" {
        let ru = &d["spec"]["strategy"]["rollingUpdate"];
        let text = |v: &Value| match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => "25%".into(),
        };
        o.kv(
            0,
            "RollingUpdateStrategy",
            format!(
                "{} max unavailable, {} max surge",
                text(&ru["maxUnavailable"]),
                text(&ru["maxSurge"])
            ),
        );
    }
    pod_template(o, &d["spec"]["template"]);
    conditions(o, d);
}

fn stateful_set(o: &mut Out, st: &Value) {
    o.kv(0, "Selector", selector_text(&st["spec"]["selector"]));
    o.kv(0, "Service Name", or_none(s(st, "/spec/serviceName")));
    o.kv(
        0,
        "Replicas",
        format!(
            "{} desired | {} total",
            st["spec"]["replicas"].as_i64().unwrap_or(1),
            n(st, "/status/replicas")
        ),
    );
    o.kv(
        0,
        "Update Strategy",
        or_none(s(st, "/spec/updateStrategy/type")),
    );
    o.kv(
        0,
        "Pods Status",
        format!(
            "{} Running / 0 Waiting / 0 Succeeded / 0 Failed",
            n(st, "/status/readyReplicas")
        ),
    );
    pod_template(o, &st["spec"]["template"]);
    let claims = arr(st, "/spec/volumeClaimTemplates");
    if claims.is_empty() {
        o.kv(0, "Volume Claims", "<none>");
    } else {
        o.line("Volume Claims:");
        for c in claims {
            o.kv(1, "Name", s(c, "/metadata/name"));
            o.kv(1, "StorageClass", s(c, "/spec/storageClassName"));
            o.kv(
                1,
                "Capacity",
                s(c, "/spec/resources/requests/storage").to_string(),
            );
            let modes: Vec<&str> = arr(c, "/spec/accessModes")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            o.kv(1, "Access Modes", modes.join(","));
        }
    }
}

fn service(o: &mut Out, svc: &Value) {
    o.kv(0, "Selector", selector_text(&svc["spec"]["selector"]));
    o.kv(0, "Type", s(svc, "/spec/type"));
    o.kv(
        0,
        "IP Family Policy",
        or_none(s(svc, "/spec/ipFamilyPolicy")),
    );
    let fams: Vec<&str> = arr(svc, "/spec/ipFamilies")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    o.kv(0, "IP Families", or_none(&fams.join(",")));
    o.kv(0, "IP", or_none(s(svc, "/spec/clusterIP")));
    let ips: Vec<&str> = arr(svc, "/spec/clusterIPs")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    o.kv(0, "IPs", or_none(&ips.join(",")));
    for p in arr(svc, "/spec/ports") {
        let name = or_none(s(p, "/name"));
        o.kv(
            0,
            "Port",
            format!("{name}  {}/{}", n(p, "/port"), s(p, "/protocol")),
        );
        let target = match &p["targetPort"] {
            Value::String(t) => t.clone(),
            Value::Number(t) => t.to_string(),
            _ => n(p, "/port").to_string(),
        };
        o.kv(0, "TargetPort", format!("{target}/{}", s(p, "/protocol")));
        // The in-cluster name to reach it (what an entry point is for).
        o.kv(
            0,
            "DNS",
            format!(
                "{}.{}.svc.cluster.local:{}",
                s(svc, "/metadata/name"),
                s(svc, "/metadata/namespace"),
                n(p, "/port")
            ),
        );
    }
    o.kv(
        0,
        "Session Affinity",
        or_none(s(svc, "/spec/sessionAffinity")),
    );
    o.kv(
        0,
        "Internal Traffic Policy",
        or_none(s(svc, "/spec/internalTrafficPolicy")),
    );
}

fn ingress(o: &mut Out, ing: &Value) {
    o.kv(
        0,
        "Ingress Class",
        or_none(s(ing, "/spec/ingressClassName")),
    );
    let lb: Vec<String> = arr(ing, "/status/loadBalancer/ingress")
        .iter()
        .map(|i| format!("{}{}", s(i, "/ip"), s(i, "/hostname")))
        .collect();
    o.kv(0, "Address", lb.join(","));
    o.kv(0, "Default backend", "<default>");
    let tls = arr(ing, "/spec/tls");
    if !tls.is_empty() {
        o.line("TLS:");
        for t in tls {
            let hosts: Vec<&str> = arr(t, "/hosts").iter().filter_map(Value::as_str).collect();
            o.line(format!(
                "  {} terminates {}",
                s(t, "/secretName"),
                hosts.join(",")
            ));
        }
    }
    o.line("Rules:");
    o.line("  Host        Path  Backends");
    o.line("  ----        ----  --------");
    for r in arr(ing, "/spec/rules") {
        let host = match s(r, "/host") {
            "" => "*",
            h => h,
        };
        o.line(format!("  {host}"));
        for p in arr(r, "/http/paths") {
            let svc = &p["backend"]["service"];
            let port = match (s(svc, "/port/name"), n(svc, "/port/number")) {
                ("", num) => num.to_string(),
                (name, _) => name.to_string(),
            };
            o.line(format!(
                "              {}   {}:{port}",
                s(p, "/path"),
                s(svc, "/name")
            ));
        }
    }
}

fn config_map(o: &mut Out, cm: &Value) {
    o.line("");
    o.line("Data");
    o.line("====");
    if let Some(m) = cm["data"].as_object() {
        for (k, v) in m {
            o.line(format!("{k}:"));
            o.line("----");
            for l in v.as_str().unwrap_or_default().lines() {
                o.line(l);
            }
            o.line("");
        }
    }
    o.line("");
    o.line("BinaryData");
    o.line("====");
    if let Some(m) = cm["binaryData"].as_object() {
        for (k, v) in m {
            o.line(format!(
                "{k}: {} bytes",
                v.as_str().unwrap_or_default().len() * 3 / 4
            ));
        }
    }
}

/// As kubectl: the type and each key's size, never a value.
fn secret(o: &mut Out, sec: &Value) {
    o.line("");
    o.kv(0, "Type", s(sec, "/type"));
    o.line("");
    o.line("Data");
    o.line("====");
    if let Some(m) = sec["data"].as_object() {
        for (k, v) in m {
            // The fetch masked each value to `<hidden: 35B>` (or revealed it): say its size.
            let text = v.as_str().unwrap_or_default();
            let size = match text
                .strip_prefix("<hidden: ")
                .and_then(|t| t.strip_suffix('>'))
            {
                // kubectl's words for a size under a KiB: `7 bytes`.
                Some(s) => match s.strip_suffix('B').and_then(|n| n.parse::<usize>().ok()) {
                    Some(n) => format!("{n} bytes"),
                    None => s.to_string(),
                },
                None => format!("{} bytes", text.len()),
            };
            o.line(format!("{k}:  {size}"));
        }
    }
}

fn job(o: &mut Out, j: &Value, now: Timestamp) {
    o.kv(0, "Selector", selector_text(&j["spec"]["selector"]));
    o.kv(0, "Parallelism", n(j, "/spec/parallelism").to_string());
    o.kv(
        0,
        "Completions",
        j["spec"]["completions"]
            .as_i64()
            .map_or("<unset>".into(), |c| c.to_string()),
    );
    o.kv(0, "Completion Mode", or_none(s(j, "/spec/completionMode")));
    o.kv(
        0,
        "Suspend",
        j["spec"]["suspend"].as_bool().unwrap_or(false).to_string(),
    );
    o.kv(0, "Backoff Limit", n(j, "/spec/backoffLimit").to_string());
    o.kv(0, "Start Time", when(j, "/status/startTime"));
    let start: Option<Timestamp> = s(j, "/status/startTime").parse().ok();
    let end: Option<Timestamp> = s(j, "/status/completionTime").parse().ok();
    if end.is_some() {
        o.kv(0, "Completed At", when(j, "/status/completionTime"));
    }
    if let Some(st) = start {
        o.kv(
            0,
            "Duration",
            crate::cluster::human_duration::human_duration(end.unwrap_or(now).duration_since(st)),
        );
    }
    o.kv(
        0,
        "Pods Statuses",
        format!(
            "{} Active ({} Ready) / {} Succeeded / {} Failed",
            n(j, "/status/active"),
            n(j, "/status/ready"),
            n(j, "/status/succeeded"),
            n(j, "/status/failed")
        ),
    );
    pod_template(o, &j["spec"]["template"]);
    conditions(o, j);
}

fn cron_job(o: &mut Out, c: &Value) {
    o.kv(0, "Schedule", s(c, "/spec/schedule"));
    o.kv(
        0,
        "Concurrency Policy",
        or_none(s(c, "/spec/concurrencyPolicy")),
    );
    o.kv(
        0,
        "Suspend",
        match c["spec"]["suspend"].as_bool() {
            Some(true) => "True",
            _ => "False",
        },
    );
    o.kv(
        0,
        "Successful Job History Limit",
        n(c, "/spec/successfulJobsHistoryLimit").to_string(),
    );
    o.kv(
        0,
        "Failed Job History Limit",
        n(c, "/spec/failedJobsHistoryLimit").to_string(),
    );
    o.kv(0, "Starting Deadline Seconds", "<unset>");
    let jt = &c["spec"]["jobTemplate"];
    o.kv(0, "Selector", "<unset>");
    o.kv(0, "Parallelism", "<unset>");
    o.kv(0, "Completions", "<unset>");
    pod_template(o, &jt["spec"]["template"]);
    o.kv(0, "Last Schedule Time", when(c, "/status/lastScheduleTime"));
    let active: Vec<&str> = arr(c, "/status/active")
        .iter()
        .map(|a| s(a, "/name"))
        .collect();
    o.kv(0, "Active Jobs", or_none(&active.join(", ")));
}

fn pvc(o: &mut Out, p: &Value) {
    o.kv(0, "StorageClass", s(p, "/spec/storageClassName"));
    o.kv(0, "Status", s(p, "/status/phase"));
    o.kv(0, "Volume", s(p, "/spec/volumeName"));
    o.kv(
        0,
        "Finalizers",
        format!(
            "[{}]",
            arr(p, "/metadata/finalizers")
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        ),
    );
    o.kv(0, "Capacity", s(p, "/status/capacity/storage"));
    let modes: Vec<&str> = arr(p, "/status/accessModes")
        .iter()
        .filter_map(|m| m.as_str())
        .map(|m| match m {
            "ReadWriteOnce" => "RWO",
            "ReadOnlyMany" => "ROX",
            "ReadWriteMany" => "RWX",
            "ReadWriteOncePod" => "RWOP",
            other => other,
        })
        .collect();
    o.kv(0, "Access Modes", modes.join(","));
    o.kv(0, "VolumeMode", or_none(s(p, "/spec/volumeMode")));
}

fn node(o: &mut Out, nd: &Value, created: &str) {
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

fn events_section(o: &mut Out, events: &[EventRow], now: Timestamp) {
    if events.is_empty() {
        o.kv(0, "Events", "<none>");
        return;
    }
    o.line("Events:");
    o.line("  Type     Reason     Age    From     Message");
    o.line("  ----     ------     ----   ----     -------");
    for e in events {
        o.line(format!(
            "  {:<8} {:<10} {:<6} {:<8} {}",
            e.type_,
            e.reason,
            e.age_text(now),
            e.source,
            e.message
        ));
    }
}
