//! One pod column set, as `kubectl get pods` prints it: the pod lists and a release's pods tab
//! draw the same columns from the same cells. A list over several stages leads with the STAGE
//! (the short name: the team is in the breadcrumb); it is identity, so it is the last column a
//! narrow terminal gives up — AGE and NODE go first.

use jiff::Timestamp;

use super::table::{Col, TableRow};
use crate::cluster::pod_row::PodRow;
use crate::ui::health_role;

const COLS: [Col; 7] = [
    Col::new("STAGE", 5, 24, 0),
    Col::new("NAME", 28, 63, 0).flex().keep_end(),
    Col::new("READY", 5, 7, 0),
    Col::new("STATUS", 7, 26, 0),
    Col::new("RESTARTS", 8, 16, 0),
    Col::new("AGE", 3, 7, 1),
    Col::new("NODE", 6, 30, 2),
];

/// The columns, with STAGE only where rows come from more than one namespace.
pub fn pod_columns(with_namespace: bool) -> &'static [Col] {
    &COLS[usize::from(!with_namespace)..]
}

/// A pod's row; `stage` is what the STAGE column shows (the stage's short name).
pub fn pod_table_row(p: &PodRow, stage: &str, now: Timestamp, with_namespace: bool) -> TableRow {
    let cells = [
        stage.to_string(),
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
