//! Services and Ingresses as kubectl describe prints them.

use serde_json::Value;

use super::common::*;
use super::*;

pub(super) fn service(o: &mut Out, svc: &Value) {
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

pub(super) fn ingress(o: &mut Out, ing: &Value) {
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
