//! `kubectl describe` of the listed kinds, from the fetched object and its events: the same
//! sections and labels in the same order (`k8s.io/kubectl/pkg/describe/describe.go`), as
//! lines of text. Pure; every text from the object is sanitised.

use jiff::Timestamp;
use serde_json::Value;

use super::ResourceKind;

mod common;
mod config;
mod network;
mod node;
mod workloads;
use crate::cluster::event_row::EventRow;

pub(super) struct Out {
    lines: Vec<String>,
}

impl Out {
    pub(super) fn line(&mut self, s: impl Into<String>) {
        self.lines
            .push(crate::text::sanitize::sanitize_line(&s.into()));
    }

    /// `Label:  value` with kubectl's alignment (labels padded to a column per level).
    pub(super) fn kv(&mut self, indent: usize, label: &str, value: impl Into<String>) {
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
    pub(super) fn map(&mut self, indent: usize, label: &str, m: &Value) {
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

pub(super) fn s<'a>(v: &'a Value, p: &str) -> &'a str {
    v.pointer(p).and_then(Value::as_str).unwrap_or_default()
}

pub(super) fn n(v: &Value, p: &str) -> i64 {
    v.pointer(p).and_then(Value::as_i64).unwrap_or_default()
}

pub(super) fn or_none(x: &str) -> String {
    if x.is_empty() {
        "<none>".into()
    } else {
        x.into()
    }
}

pub(super) fn arr<'a>(v: &'a Value, p: &str) -> &'a [Value] {
    v.pointer(p)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// kubectl's timestamps: `Thu, 20 Nov 2026 09:00:00 +0000` (RFC 1123 with a numeric zone).
pub(super) fn when(v: &Value, p: &str) -> String {
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
        ResourceKind::Node => node::node(&mut o, object, &created()),
        _ => {
            if kind != ResourceKind::Service && kind != ResourceKind::Secret {
                o.kv(0, "CreationTimestamp", created());
            }
            o.map(0, "Labels", &object["metadata"]["labels"]);
            o.map(0, "Annotations", &object["metadata"]["annotations"]);
        }
    }
    match kind {
        ResourceKind::Deployment => workloads::deployment(&mut o, object),
        ResourceKind::StatefulSet => workloads::stateful_set(&mut o, object),
        ResourceKind::Service => network::service(&mut o, object),
        ResourceKind::Ingress => network::ingress(&mut o, object),
        ResourceKind::ConfigMap => config::config_map(&mut o, object),
        ResourceKind::Secret => config::secret(&mut o, object),
        ResourceKind::Job => workloads::job(&mut o, object, now),
        ResourceKind::CronJob => workloads::cron_job(&mut o, object),
        ResourceKind::PersistentVolumeClaim => config::pvc(&mut o, object),
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
