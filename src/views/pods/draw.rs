use ratatui::layout::Rect;
use ratatui::Frame;

use super::PodsState;
use crate::app::App;
use crate::theme::Theme;
use crate::ui::widgets::pod_table::{pod_columns, pod_table_row};
use crate::ui::widgets::table::{draw_empty, draw_table};

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
    let with_namespace = !state.scope.is_single_namespace();
    let table_rows = rows
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|p| {
            let stage = app
                .world
                .team_of(&p.namespace)
                .map_or(p.namespace.as_str(), |(_, s)| s);
            pod_table_row(p, stage, app.now, with_namespace)
        })
        .collect();
    draw_table(
        f,
        area,
        theme,
        pod_columns(with_namespace),
        table_rows,
        Some(cursor.selected - cursor.offset),
        state
            .sort_column()
            // The sort column counts NAMESPACE, shown or not.
            .checked_sub(usize::from(!with_namespace))
            .map(|c| (c, state.descending)),
    );
}
