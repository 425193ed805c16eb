//! ConfigMaps, Secrets and PersistentVolumeClaims as kubectl prints them (printConfigMap,
//! printSecret, printPersistentVolumeClaim). A Secret's row keeps its keys and their sizes,
//! never a value.

use k8s_openapi::api::core::v1::{ConfigMap, PersistentVolumeClaim, Secret};

use super::{Cell, ResourceRow};
use crate::cluster::health::Health;

/// NAME DATA AGE.
pub fn config_map(c: &ConfigMap) -> ResourceRow {
    let n = c.data.as_ref().map_or(0, |d| d.len()) + c.binary_data.as_ref().map_or(0, |d| d.len());
    ResourceRow::new(&c.metadata)
        .cell(n.to_string())
        .cell(Cell::Age(
            c.metadata.creation_timestamp.as_ref().map(|t| t.0),
        ))
}

/// NAME TYPE DATA AGE, then KEYS: each key with its size in bytes (`password 35B`).
pub fn secret(s: &Secret) -> ResourceRow {
    let keys: Vec<String> = s
        .data
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k} {}", size(v.0.len())))
        .collect();
    ResourceRow::new(&s.metadata)
        .cell(s.type_.clone().unwrap_or_else(|| "Opaque".into()))
        .cell(s.data.as_ref().map_or(0, |d| d.len()).to_string())
        .cell(Cell::Age(
            s.metadata.creation_timestamp.as_ref().map(|t| t.0),
        ))
        .cell(keys.join(", "))
}

/// `35B`, `4.1KiB`, `1.2MiB`: how big a value is, never what it is.
pub fn size(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes}B")
    } else if b < KIB * KIB {
        format!("{:.1}KiB", b / KIB)
    } else {
        format!("{:.1}MiB", b / KIB / KIB)
    }
}

/// NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE.
pub fn pvc(p: &PersistentVolumeClaim) -> ResourceRow {
    let spec = p.spec.clone().unwrap_or_default();
    let st = p.status.clone().unwrap_or_default();
    let mut phase = st.phase.clone().unwrap_or_default();
    if p.metadata.deletion_timestamp.is_some() {
        phase = "Terminating".into();
    }
    let volume = spec.volume_name.clone().unwrap_or_default();
    let (capacity, modes) = if volume.is_empty() {
        (String::new(), String::new())
    } else {
        let cap = st
            .capacity
            .as_ref()
            .and_then(|c| c.get("storage"))
            .map(|q| q.0.clone())
            .unwrap_or_default();
        (
            cap,
            access_modes(st.access_modes.as_deref().unwrap_or_default()),
        )
    };
    let class = spec
        .storage_class_name
        .clone()
        .or_else(|| {
            p.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("volume.beta.kubernetes.io/storage-class").cloned())
        })
        .unwrap_or_default();
    let vac = spec
        .volume_attributes_class_name
        .clone()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "<unset>".into());
    let health = match phase.as_str() {
        "Bound" => Health::Ok,
        "Pending" => Health::Pending,
        "Lost" => Health::Failed,
        _ => Health::Warn,
    };
    ResourceRow::new(&p.metadata)
        .cell(phase)
        .cell(volume)
        .cell(capacity)
        .cell(modes)
        .cell(class)
        .cell(vac)
        .cell(Cell::Age(
            p.metadata.creation_timestamp.as_ref().map(|t| t.0),
        ))
        .health(health)
}

/// `RWO,ROX` in kubectl's order (`GetAccessModesAsString`).
fn access_modes(modes: &[String]) -> String {
    let order = [
        ("ReadWriteOnce", "RWO"),
        ("ReadOnlyMany", "ROX"),
        ("ReadWriteMany", "RWX"),
        ("ReadWriteOncePod", "RWOP"),
    ];
    order
        .iter()
        .filter(|(long, _)| modes.iter().any(|m| m == long))
        .map(|(_, short)| *short)
        .collect::<Vec<_>>()
        .join(",")
}
