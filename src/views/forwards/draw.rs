use ratatui::layout::Rect;
use ratatui::Frame;

use super::state::ForwardsState;
use crate::app::forwards::ForwardState;
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const COLS: [Col; 6] = [
    Col::new("NAMESPACE", 9, 30, 2),
    Col::new("POD", 10, 50, 0).keep_end().flex(),
    Col::new("PORTS", 12, 24, 0),
    Col::new("STATE", 9, 60, 0).flex(),
    Col::new("SINCE", 5, 7, 1),
    Col::new("LAST ERROR", 10, 80, 3).flex(),
];

pub fn draw(state: &ForwardsState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let forwards = app.world.forwards.newest_first();
    if forwards.is_empty() {
        draw_empty(
            f,
            area,
            theme,
            "no port-forwards: shift-f on a pod starts one (kubectl port-forward)",
        );
        return;
    }
    let page = usize::from(area.height.saturating_sub(1));
    let mut cursor = state.cursor;
    cursor.clamp(forwards.len(), page);
    let rows = forwards
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|fw| TableRow {
            cells: vec![
                fw.spec.namespace.clone(),
                fw.spec.pod.clone(),
                format!("{}→{}", fw.spec.local, fw.spec.remote),
                fw.state.text(),
                age_since(Some(fw.since), app.now),
                fw.last_error.clone().unwrap_or_default(),
            ],
            role: match fw.state {
                ForwardState::Listening => Role::HealthOk,
                ForwardState::Starting => Role::HealthPending,
                ForwardState::Died(_) => Role::HealthFailed,
                ForwardState::Stopped => Role::Dim,
            },
        })
        .collect();
    draw_table(
        f,
        area,
        theme,
        &COLS,
        rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
}
