//! Core/v1 Events as the kubelet and controllers record them: one object per (object, reason,
//! message), whose `count` and `lastTimestamp` grow on repeats (the event correlator).

use std::collections::HashMap;

use jiff::Timestamp;
use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub struct Involved {
    pub kind: &'static str,
    pub api_version: &'static str,
    pub name: String,
    pub uid: String,
    pub field_path: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SimEvent {
    pub ns: String,
    pub name: String,
    pub involved: Involved,
    pub reason: String,
    pub message: String,
    pub typ: &'static str,
    pub count: i32,
    pub first: Timestamp,
    pub last: Timestamp,
    pub component: &'static str,
    pub host: Option<String>,
}

impl SimEvent {
    pub fn to_json(&self) -> Value {
        let ts = |t: Timestamp| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut involved = json!({
            "kind": self.involved.kind,
            "namespace": self.ns,
            "name": self.involved.name,
            "uid": self.involved.uid,
            "apiVersion": self.involved.api_version,
        });
        if let Some(fp) = &self.involved.field_path {
            involved["fieldPath"] = fp.clone().into();
        }
        let mut source = json!({"component": self.component});
        if let Some(h) = &self.host {
            source["host"] = h.clone().into();
        }
        json!({
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": self.name, "namespace": self.ns, "creationTimestamp": ts(self.first)},
            "involvedObject": involved,
            "reason": self.reason,
            "message": self.message,
            "source": source,
            "firstTimestamp": ts(self.first),
            "lastTimestamp": ts(self.last),
            "count": self.count,
            "type": self.typ,
            "eventTime": null,
            "reportingComponent": self.component,
            "reportingInstance": self.host.clone().unwrap_or_default(),
        })
    }
}

type Key = (String, String, String, String);

/// The events of the world, keyed as the correlator aggregates them.
#[derive(Default)]
pub struct EventBook {
    events: HashMap<Key, SimEvent>,
    /// Event keys per involved object, so a deleted pod's events go without a scan.
    by_uid: HashMap<String, Vec<Key>>,
    last: Option<Key>,
    serial: u64,
}

pub struct Record<'a> {
    pub ns: &'a str,
    pub involved: Involved,
    pub reason: &'a str,
    pub message: String,
    pub warning: bool,
    pub component: &'static str,
    pub host: Option<String>,
}

impl EventBook {
    /// Records an occurrence at `at` and returns the event to store (new or with count+1).
    pub fn record(&mut self, r: Record<'_>, at: Timestamp, seed: u64) -> SimEvent {
        let key = (
            r.ns.to_string(),
            r.involved.uid.clone(),
            r.reason.to_string(),
            r.involved.field_path.clone().unwrap_or_default(),
        );
        self.last = Some(key.clone());
        if let Some(e) = self.events.get_mut(&key) {
            e.count += 1;
            e.last = at;
            e.message = r.message;
            return e.clone();
        }
        self.by_uid
            .entry(key.1.clone())
            .or_default()
            .push(key.clone());
        self.serial += 1;
        let name = format!(
            "{}.{:016x}",
            r.involved.name,
            (seed ^ self.serial.wrapping_mul(0x9E37_79B9_7F4A_7C15)) & 0x7fff_ffff_ffff_ffff
        );
        let e = SimEvent {
            ns: r.ns.to_string(),
            name,
            involved: r.involved,
            reason: r.reason.to_string(),
            message: r.message,
            typ: if r.warning { "Warning" } else { "Normal" },
            count: 1,
            first: at,
            last: at,
            component: r.component,
            host: r.host,
        };
        self.events.insert(key, e.clone());
        e
    }

    /// Forgets the events of a deleted object; returns their (namespace, name) to delete.
    /// The event recorded last happened `times` more, the last of them at `at` (seeding history).
    pub fn repeat_last(&mut self, times: i32, at: Timestamp) -> Option<SimEvent> {
        let e = self.events.get_mut(self.last.as_ref()?)?;
        e.count += times;
        e.last = at;
        Some(e.clone())
    }

    pub fn forget(&mut self, uid: &str) -> Vec<(String, String)> {
        let gone = self.by_uid.remove(uid).unwrap_or_default();
        gone.into_iter()
            .filter_map(|k| self.events.remove(&k))
            .map(|e| (e.ns, e.name))
            .collect()
    }
}
