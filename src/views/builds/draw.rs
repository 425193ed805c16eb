use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::BuildsState;
use crate::app::App;
use crate::theme::{Role, Theme};
use crate::ui::widgets::confirm::draw_confirm;
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};
use crate::ui::jenkins_text::{
    ball_role, ball_text, duration_of, freshness, started_of, status_of,
};
use crate::ui::widgets::problem::draw_problem;

const COLS: [Col; 5] = [
    Col::new("BUILD", 5, 8, 0).right(),
    Col::new("RESULT", 7, 12, 0),
    Col::new("STARTED", 7, 10, 0),
    Col::new("DURATION", 8, 22, 1),
    Col::new("CAUSE", 10, 60, 2).flex(),
];

pub fn draw(state: &BuildsState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 2 || area.width < 10 {
        return;
    }
    let mut spans = vec![Span::styled(
        state.job.to_string(),
        theme.style(Role::Title),
    )];
    if let Some(d) = &state.detail.data {
        if let Some(c) = d.color {
            spans.push(Span::raw("  "));
            spans.push(Span::styled(ball_text(c), theme.style(ball_role(c))));
        }
        spans.push(Span::styled(
            format!("  {} builds", d.builds.len()),
            theme.style(Role::Dim),
        ));
        if !d.buildable {
            spans.push(Span::styled("  disabled", theme.style(Role::HealthWarn)));
        }
        if d.in_queue {
            spans.push(Span::styled("  queued", theme.style(Role::HealthPending)));
        }
        if !d.params.is_empty() {
            let names: Vec<&str> = d.params.iter().map(|p| p.name.as_str()).collect();
            spans.push(Span::styled(
                format!("  parameters: {}", names.join(", ")),
                theme.style(Role::Dim),
            ));
        }
    }
    if let Some(flt) = state.filter.active() {
        spans.push(Span::styled(
            format!("  /{}", flt.text),
            theme.style(Role::KeyHint),
        ));
    }
    f.render_widget(Line::from(spans), Rect { height: 1, ..area });
    let mut body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    if state.detail.error.is_some() {
        let (text, role) = freshness(&state.detail, app.now);
        body = draw_problem(f, body, theme, &text, role, 4);
    }
    if let Some(d) = state.detail.data.as_ref().filter(|d| d.has_older_builds()) {
        body = older_builds_line(state, d, theme, f, body);
    }
    let rows = state.rows();
    if rows.is_empty() {
        let text = match (state.filter.active(), &state.detail.data) {
            (Some(flt), Some(_)) => format!("no build matches /{}", flt.text),
            (_, Some(_)) => "no builds yet".into(),
            (_, None) if state.detail.error.is_some() => String::new(),
            (_, None) => format!("loading the builds of {}…", state.job),
        };
        draw_empty(f, body, theme, &text);
    } else {
        let mut cursor = state.cursor;
        cursor.selected = state.selected_index(&rows);
        let page = usize::from(body.height.saturating_sub(1));
        cursor.clamp(rows.len(), page);
        let table_rows = rows
            .iter()
            .skip(cursor.offset)
            .take(page)
            .map(|b| {
                let (text, role) = status_of(b, app.now);
                TableRow {
                    cells: vec![
                        format!("#{}", b.number),
                        text,
                        started_of(b, app.now),
                        duration_of(b, app.now),
                        b.cause.clone().unwrap_or_default(),
                    ],
                    role,
                }
            })
            .collect();
        draw_table(
            f,
            body,
            theme,
            &COLS,
            table_rows,
            Some(cursor.selected - cursor.offset),
            None,
        );
    }
    if let Some(c) = &state.confirm {
        draw_confirm(f, area, theme, c);
    }
}

/// The history's last line, when Jenkins keeps older builds than those loaded: how to load
/// them, or that they are on their way. Returns the rest of `body`.
fn older_builds_line(
    state: &BuildsState,
    d: &crate::jenkins::JobDetail,
    theme: &Theme,
    f: &mut Frame,
    body: Rect,
) -> Rect {
    if body.height < 3 {
        return body;
    }
    let oldest = d.builds.last().map_or(0, |b| b.number);
    let text = if state.older_builds() {
        format!(
            "older builds #{}–#{} not loaded: move down past the last row for {} more",
            d.first_build.unwrap_or(1),
            oldest.saturating_sub(1),
            crate::jenkins::tree::HISTORY_BUILDS
        )
    } else {
        "loading older builds…".to_string()
    };
    let last = Rect {
        y: body.y + body.height - 1,
        height: 1,
        ..body
    };
    f.render_widget(
        Line::from(Span::styled(
            crate::text::clip::clip(&text, usize::from(body.width)),
            theme.style(Role::Dim),
        )),
        last,
    );
    Rect {
        height: body.height - 1,
        ..body
    }
}
