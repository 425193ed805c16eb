//! ConfigMaps, Secrets (sizes only) and PersistentVolumeClaims as kubectl describe prints them.

use serde_json::Value;

use super::*;

pub(super) fn config_map(o: &mut Out, cm: &Value) {
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
pub(super) fn secret(o: &mut Out, sec: &Value) {
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

pub(super) fn pvc(o: &mut Out, p: &Value) {
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
