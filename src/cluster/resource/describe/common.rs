//! What several kinds' descriptions share: selectors, a pod template, conditions.

use serde_json::Value;

use super::*;

pub(super) fn selector_text(sel: &Value) -> String {
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

pub(super) fn pod_template(o: &mut Out, t: &Value) {
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

pub(super) fn conditions(o: &mut Out, object: &Value) {
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
