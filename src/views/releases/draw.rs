use ratatui::layout::Rect;
use ratatui::Frame;

use super::ReleasesState;
use crate::app::world::WatchState;
use crate::app::App;
use crate::theme::Theme;
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const COLS: [Col; 7] = [
    Col::new("NAME", 12, 53, 0),
    // Identity across stages (the short name): kept while AGE-like columns go.
    Col::new("STAGE", 5, 24, 0),
    Col::new("REVISION", 8, 8, 1),
    Col::new("STATUS", 8, 16, 0),
    Col::new("CHART", 12, 64, 0).flex(),
    Col::new("APP VERSION", 11, 20, 2),
    Col::new("UPDATED", 7, 9, 1),
];

pub fn draw(state: &ReleasesState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let rows = state.rows(&app.world);
    if rows.is_empty() {
        let covered = || {
            app.world
                .stages
                .values()
                .filter(|s| state.scope.covers(&app.world, &s.namespace))
        };
        let syncing = covered().any(|s| s.releases_watch == WatchState::Syncing);
        let refused = covered().find_map(|s| s.releases_refused.as_ref());
        let text = match (state.filter.active(), refused) {
            (Some(flt), _) => format!("no releases match /{}", flt.text),
            (None, Some(who)) => format!(
                "the Helm releases in {} cannot be read: {who} (403) — `:access` shows what you may do",
                state.scope.label
            ),
            (None, None) if syncing || !app.world.is_synced() => "waiting for the cluster…".into(),
            (None, None) => format!("no Helm releases in {}", state.scope.label),
        };
        draw_empty(f, area, theme, &text);
        return;
    }
    let page = usize::from(area.height.saturating_sub(1));
    let cursor = state.visible_cursor(&rows, page);
    // One namespace: the NAMESPACE column would only repeat the breadcrumb.
    let single = state.scope.is_single_namespace();
    let cols: Vec<Col> = COLS
        .iter()
        .enumerate()
        .filter(|(i, _)| !(single && *i == 1))
        .map(|(_, c)| *c)
        .collect();
    let table_rows = rows
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|l| {
            let (mut cells, role) = l.cells(&app.world, app.now);
            if single {
                cells.remove(1);
            }
            TableRow { cells, role }
        })
        .collect();
    // The sort column's index among the columns drawn (STAGE is left out for one stage).
    let col = state.sort.column();
    let sort = match (single, col) {
        (true, 1) => None,
        (true, c) if c > 1 => Some((c - 1, state.descending)),
        (_, c) => Some((c, state.descending)),
    };
    draw_table(
        f,
        area,
        theme,
        &cols,
        table_rows,
        Some(cursor.selected - cursor.offset),
        sort,
    );
}
