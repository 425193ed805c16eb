//! Events, Nodes and Namespaces as kubectl prints them (printEvent, printNode, printNamespace).

use k8s_openapi::api::core::v1::{Event, Namespace, Node};

use super::{labels_text, Cell, ResourceRow};
use crate::cluster::event_row::EventRow;
use crate::cluster::health::Health;

/// LAST SEEN TYPE REASON OBJECT MESSAGE (the list sorts warnings first, newest first).
pub fn event(e: &Event) -> ResourceRow {
    let r = EventRow::from_event(e);
    let last = match &e.series {
        Some(s) => s.last_observed_time.as_ref().map(|t| t.0).or(r.last),
        None => r.last,
    };
    let mut row = ResourceRow::new(&e.metadata)
        .cell(Cell::Age(last))
        .cell(r.type_.clone())
        .cell(r.reason.clone())
        .cell(r.object.clone())
        .cell(crate::text::sanitize::sanitize_line(&r.message))
        .health(if r.is_warning() {
            Health::Warn
        } else {
            Health::Ok
        });
    row.when = last;
    row.warning = r.is_warning();
    row
}

/// NAME STATUS ROLES AGE VERSION.
pub fn node(n: &Node) -> ResourceRow {
    let st = n.status.clone().unwrap_or_default();
    let ready = st
        .conditions
        .iter()
        .flatten()
        .find(|c| c.type_ == "Ready")
        .map(|c| c.status == "True");
    let mut status = match ready {
        Some(true) => "Ready".to_string(),
        Some(false) => "NotReady".to_string(),
        None => "Unknown".to_string(),
    };
    let cordoned = n.spec.as_ref().and_then(|s| s.unschedulable) == Some(true);
    if cordoned {
        status.push_str(",SchedulingDisabled");
    }
    let mut roles: Vec<&str> = n
        .metadata
        .labels
        .iter()
        .flatten()
        .filter_map(|(k, _)| k.strip_prefix("node-role.kubernetes.io/"))
        .collect();
    roles.sort();
    let roles = if roles.is_empty() {
        "<none>".to_string()
    } else {
        roles.join(",")
    };
    let mut row = ResourceRow::new(&n.metadata)
        .cell(status)
        .cell(roles)
        .cell(Cell::Age(
            n.metadata.creation_timestamp.as_ref().map(|t| t.0),
        ))
        .cell(st.node_info.map(|i| i.kubelet_version).unwrap_or_default())
        .health(match (ready, cordoned) {
            (Some(true), false) => Health::Ok,
            (Some(true), true) => Health::Warn,
            _ => Health::Failed,
        });
    row.allocatable = Some(crate::cluster::headroom::Amounts::allocatable(n));
    row
}

/// NAME STATUS AGE, then LABELS (`kubectl get ns --show-labels`).
pub fn namespace(n: &Namespace) -> ResourceRow {
    let phase = n
        .status
        .as_ref()
        .and_then(|s| s.phase.clone())
        .unwrap_or_default();
    let health = if phase == "Terminating" {
        Health::Warn
    } else {
        Health::Ok
    };
    ResourceRow::new(&n.metadata)
        .cell(phase)
        .cell(Cell::Age(
            n.metadata.creation_timestamp.as_ref().map(|t| t.0),
        ))
        .cell(labels_text(n.metadata.labels.as_ref()))
        .health(health)
}
