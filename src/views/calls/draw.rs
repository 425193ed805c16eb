use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::state::CallsState;
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const COLS: [Col; 3] = [
    Col::new("AGE", 3, 7, 0),
    Col::new("WHAT", 12, 40, 0),
    Col::new("OUTCOME", 20, 100, 0).flex(),
];

/// Lines at the bottom for the selected write's command.
const COMMAND_LINES: u16 = 3;

pub fn draw(state: &CallsState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let calls: Vec<_> = app.world.repos.calls.iter().rev().collect();
    if calls.is_empty() {
        draw_empty(
            f,
            area,
            theme,
            "no writes yet: commits, pushes, builds and reloads show here with their command",
        );
        return;
    }
    if area.height < COMMAND_LINES + 2 {
        return;
    }
    let table = Rect {
        height: area.height - COMMAND_LINES,
        ..area
    };
    let page = usize::from(table.height.saturating_sub(1));
    let mut cursor = state.cursor;
    cursor.clamp(calls.len(), page);
    let rows = calls
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|c| TableRow {
            cells: vec![age_since(Some(c.at), app.now), c.what.clone(), c.outcome.clone()],
            role: if c.ok { Role::Text } else { Role::HealthFailed },
        })
        .collect();
    draw_table(
        f,
        table,
        theme,
        &COLS,
        rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
    if let Some(c) = calls.get(cursor.selected) {
        let bottom = Rect {
            y: area.y + table.height,
            height: COMMAND_LINES,
            ..area
        };
        f.render_widget(
            Paragraph::new(vec![Line::from(vec![
                Span::styled("$ ", theme.style(Role::Dim)),
                Span::styled(c.command.clone(), theme.style(Role::KeyHint)),
            ])])
            .wrap(Wrap { trim: false }),
            bottom,
        );
    }
}
