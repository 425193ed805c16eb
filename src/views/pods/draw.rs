use ratatui::layout::Rect;
use ratatui::Frame;

use super::PodsState;
use crate::app::App;
use crate::theme::Theme;
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};
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

pub fn draw(state: &PodsState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let rows = state.rows(&app.world);
    if rows.is_empty() {
        let text = match state.filter.active() {
            Some(flt) => format!("no pods match /{}", flt.text),
            None if !app.world.is_synced() => "waiting for the cluster…".into(),
            None => format!("no pods in {}", state.scope.label),
        };
        draw_empty(f, area, theme, &text);
        return;
    }
    let mut cursor = state.cursor;
    cursor.selected = state.selected_index(&rows);
    let page = usize::from(area.height.saturating_sub(1));
    cursor.clamp(rows.len(), page);
    // One namespace: the NAMESPACE column would only repeat the breadcrumb.
    let skip = usize::from(state.scope.is_single_namespace());
    let table_rows = rows
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|p| TableRow {
            cells: [
                p.namespace.clone(),
                p.name.clone(),
                p.ready_text(),
                p.status.clone(),
                p.restarts_text(app.now),
                p.age_text(app.now),
                p.node.clone().unwrap_or_else(|| "<none>".into()),
            ][skip..]
                .to_vec(),
            role: health_role(p.health),
        })
        .collect();
    draw_table(
        f,
        area,
        theme,
        &COLS[skip..],
        table_rows,
        Some(cursor.selected - cursor.offset),
        state
            .sort_column()
            .checked_sub(skip)
            .map(|c| (c, state.descending)),
    );
}
