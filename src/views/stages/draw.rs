use ratatui::layout::Rect;
use crate::ui::health_role;
use crate::app::view::View;
use ratatui::Frame;

use super::StagesState;
use crate::app::App;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, fit_columns, Col, TableRow};

// The stage is the row's identity: never shortened. At 80 columns RELEASES goes first (DRIFT
// says which releases failed, and `r` lists them), then DRIFT (`w` shows it all). CHANGED says
// what changed last (`payments-api rev 6, 26m`; `t` shows the whole timeline), or how far the
// deploy changing it now is (`deploying 43%`): it gives up width before DRIFT goes.
/// The CHANGED column's index in `COLS`.
const CHANGED: usize = 6;

// `#` is the key that opens the stage's pods (`1`–`9`, the team's stages in matrix order, as on
// every list): k9s numbers its namespaces the same way.
const COLS: [Col; 8] = [
    Col::new("#", 1, 1, 0).right(),
    Col::new("STAGE", 12, 22, 0).keep_end(),
    Col::new("PODS", 5, 9, 0).right(),
    Col::new("FAILING", 7, 7, 1).right(),
    Col::new("WORST", 16, 28, 0).flex(),
    Col::new("RELEASES", 8, 24, 3),
    Col::new("CHANGED", 10, 30, 1).flex().keep_end(),
    Col::new("DRIFT", 7, 14, 2),
];

pub fn draw(state: &StagesState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    // The seed's 40 % rule: a short cluster is said above the matrix (`:headroom` tells more).
    let stages = crate::app::capacity::stage_namespaces(&app.world, None);
    let area = match app.world.capacity.short(&stages) {
        Some(h) if area.height > 3 => {
            let text = crate::views::headroom::draw::warning(&h, app.world.capacity.min_free_percent)
                .unwrap_or_default();
            let line = format!("headroom {text} (:headroom)");
            let [warn, rest] = ratatui::layout::Layout::vertical([
                ratatui::layout::Constraint::Length(1),
                ratatui::layout::Constraint::Min(0),
            ])
            .areas(area);
            f.render_widget(
                ratatui::widgets::Paragraph::new(ratatui::text::Line::styled(
                    crate::text::clip::clip(&line, usize::from(area.width)),
                    theme.style(Role::HealthWarn),
                )),
                warn,
            );
            rest
        }
        _ => area,
    };
    let page = usize::from(area.height.saturating_sub(1));
    // Only the page is read: at 7,000 stages the whole list each frame is most of a draw.
    let super::state::Page {
        cursor,
        count,
        stages: shown,
    } = state.page(&app.world, page);
    if count == 0 {
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
    let rows = shown
        .iter()
        .map(|&stage| {
            let s = &stage.summary;
            let role = match &s.worst {
                _ if stage.pods_refused.is_some() => Role::HealthFailed,
                Some((h, _)) => health_role(*h),
                None if s.releases_failed > 0 => Role::HealthWarn,
                None => Role::HealthOk,
            };
            // A stage the server refuses says so where its worst pod would be (the status
            // line says who may not do what): its other cells are from before the refusal.
            let worst = match &stage.pods_refused {
                Some(_) => "forbidden (403)".to_string(),
                None => s.worst.as_ref().map_or("-".into(), |w| w.1.clone()),
            };
            // Pods readable but release Secrets not (a developer's usual RBAC): the stage's
            // health stands, only its releases are unknown.
            let releases = match (s.releases_failed, s.releases_pending) {
                _ if stage.releases_refused.is_some() => "forbidden (403)".to_string(),
                (0, 0) => s.releases.to_string(),
                (f, 0) => format!("{} ({f} failed)", s.releases),
                (0, p) => format!("{} ({p} pending)", s.releases),
                (f, p) => format!("{} ({f} failed, {p} pending)", s.releases),
            };
            // A deploy the cockpit follows says how far it is (I reopens its screen).
            let (changed, role) = match app
                .world
                .deploys
                .get(&stage.namespace)
                .and_then(|r| crate::views::deploy::draw::matrix_cell(r, app.now))
            {
                Some(text) => (text, Role::HealthPending),
                None => (
                    super::changed::changed_cell(stage, app.now, usize::MAX),
                    role,
                ),
            };
            TableRow {
                cells: vec![
                    stage_number(app, stage),
                    stage.namespace.clone(),
                    format!("{}/{}", s.pods_ok, s.pods_total),
                    s.failing.to_string(),
                    worst,
                    releases,
                    changed,
                    state.drift.cell(&app.world, &stage.namespace),
                ],
                role,
            }
        })
        .collect::<Vec<TableRow>>();
    let rows = fit_changed(rows, &shown, app, area.width);
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

/// The stage's number key within its team, if it has one.
fn stage_number(app: &App, stage: &crate::app::world::Stage) -> String {
    app.world
        .stages_of(&stage.team)
        .take(9)
        .position(|s| s.namespace == stage.namespace)
        .map_or(String::new(), |i| (i + 1).to_string())
}

/// CHANGED as wide as the table gives it: a release name gives way before its revision and age.
fn fit_changed(
    mut rows: Vec<TableRow>,
    shown: &[&crate::app::world::Stage],
    app: &App,
    width: u16,
) -> Vec<TableRow> {
    let fitted = fit_columns(&COLS, &rows, width);
    let Some(&(_, w)) = fitted.iter().find(|(i, _)| *i == CHANGED) else {
        return rows;
    };
    for (row, &stage) in rows.iter_mut().zip(shown) {
        let deploying = app
            .world
            .deploys
            .get(&stage.namespace)
            .and_then(|r| crate::views::deploy::draw::matrix_cell(r, app.now))
            .is_some();
        if !deploying {
            row.cells[CHANGED] =
                super::changed::changed_cell(stage, app.now, usize::from(w));
        }
    }
    rows
}
