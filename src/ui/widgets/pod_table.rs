//! One pod column set, as `kubectl get pods` prints it (with NAMESPACE for `-A`): the pod lists
//! and a release's pods tab draw the same columns from the same cells.

use jiff::Timestamp;

use super::table::{Col, TableRow};
use crate::cluster::pod_row::PodRow;
use crate::ui::health_role;

const COLS: [Col; 7] = [
    Col::new("NAMESPACE", 9, 30, 3).flex(),
    Col::new("NAME", 32, 63, 0).flex().keep_end(),
    Col::new("READY", 5, 7, 0),
    Col::new("STATUS", 7, 26, 0),
    Col::new("RESTARTS", 8, 16, 1),
    Col::new("AGE", 3, 7, 1),
    Col::new("NODE", 6, 30, 2),
];

/// The columns, with NAMESPACE only where rows come from more than one namespace.
pub fn pod_columns(with_namespace: bool) -> &'static [Col] {
    &COLS[usize::from(!with_namespace)..]
}

pub fn pod_table_row(p: &PodRow, now: Timestamp, with_namespace: bool) -> TableRow {
    let cells = [
        p.namespace.clone(),
        p.name.clone(),
        p.ready_text(),
        p.status.clone(),
        p.restarts_text(now),
        p.age_text(now),
        p.node.clone().unwrap_or_else(|| "<none>".into()),
    ];
    TableRow {
        cells: cells[usize::from(!with_namespace)..].to_vec(),
        role: health_role(p.health),
    }
}
