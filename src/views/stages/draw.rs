use ratatui::layout::Rect;
use crate::ui::health_role;
use crate::app::view::View;
use ratatui::Frame;

use super::StagesState;
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

// The stage is the row's identity: never shortened. At 80 columns RELEASES goes first (DRIFT
// says which releases failed, and `r` lists them), then DRIFT (`w` shows it all).
const COLS: [Col; 7] = [
    Col::new("STAGE", 12, 22, 0).keep_end(),
    Col::new("PODS", 5, 9, 0).right(),
    Col::new("FAILING", 7, 7, 1).right(),
    Col::new("WORST", 16, 28, 0).flex(),
    Col::new("RELEASES", 8, 24, 3),
    Col::new("CHANGED", 7, 8, 1).right(),
    Col::new("DRIFT", 7, 14, 2),
];

pub fn draw(state: &StagesState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let lines = state.lines(&app.world);
    if lines.is_empty() {
        let text = if !app.world.is_synced() {
            app.world.unsynced_text()
        } else if state.filter.active().is_some() {
            format!("no stage matches /{}", state.filter_text())
        } else {
            format!(
                "no <team>-<stage> namespaces for the teams {}",
                app.world.teams.join(", ")
            )
        };
        draw_empty(f, area, theme, &text);
        return;
    }
    let mut cursor = state.cursor;
    let page = usize::from(area.height.saturating_sub(1));
    cursor.clamp(lines.len(), page);
    let rows = lines
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|l| {
            let s = &l.stage.summary;
            let role = match &s.worst {
                Some((h, _)) => health_role(*h),
                None if s.releases_failed > 0 => Role::HealthWarn,
                None => Role::HealthOk,
            };
            let releases = match (s.releases_failed, s.releases_pending) {
                (0, 0) => s.releases.to_string(),
                (f, 0) => format!("{} ({f} failed)", s.releases),
                (0, p) => format!("{} ({p} pending)", s.releases),
                (f, p) => format!("{} ({f} failed, {p} pending)", s.releases),
            };
            // A deploy the cockpit follows says how far it is (I reopens its screen).
            let (releases, role) = match app
                .world
                .deploys
                .get(&l.stage.namespace)
                .and_then(|r| crate::views::deploy::draw::matrix_cell(r, app.now))
            {
                Some(text) => (text, Role::HealthPending),
                None => (releases, role),
            };
            TableRow {
                cells: vec![
                    l.stage.namespace.clone(),
                    format!("{}/{}", s.pods_ok, s.pods_total),
                    s.failing.to_string(),
                    s.worst.as_ref().map_or("-".into(), |w| w.1.clone()),
                    releases,
                    s.last_change
                        .map_or("-".into(), |t| age_since(Some(t), app.now)),
                    crate::app::drift::drift_of(&app.world, &l.stage.namespace).cell(),
                ],
                role,
            }
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
