use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::state::EditorState;
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::repo::validate::Severity;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::draw_empty;

/// Findings listed under the text at most.
const FINDINGS_SHOWN: usize = 3;

pub fn draw(state: &EditorState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 3 || area.width < 10 {
        return;
    }
    if let Some(e) = &state.error {
        draw_empty(f, area, theme, e);
        return;
    }
    if !state.is_loaded() {
        draw_empty(f, area, theme, &format!("reading {}…", state.file));
        return;
    }
    let (line, col) = state.cursor();
    let errors = state
        .findings
        .iter()
        .filter(|x| x.severity == Severity::Error)
        .count();
    let mut head = vec![
        Span::styled(state.file.clone(), theme.style(Role::Title)),
        Span::styled(format!("  {line}:{col}"), theme.style(Role::Dim)),
    ];
    if state.saving.is_some() {
        head.push(Span::styled("  saving…", theme.style(Role::HealthPending)));
    } else if state.is_modified() {
        head.push(Span::styled(
            "  modified (kept in the recovery journal)",
            theme.style(Role::HealthWarn),
        ));
    }
    head.push(if errors > 0 {
        Span::styled(format!("  {errors} error(s)"), theme.style(Role::Error))
    } else if state.file.ends_with(".gotmpl") {
        Span::styled("  a template: checked once rendered", theme.style(Role::Dim))
    } else {
        Span::styled("  valid", theme.style(Role::HealthOk))
    });
    f.render_widget(Line::from(head), Rect { height: 1, ..area });
    let mut top = 1;
    if let Some(at) = state.recovered_at() {
        f.render_widget(
            Line::from(Span::styled(
                format!(
                    "recovered edits from {} ago: ctrl-s saves them, esc keeps them journalled",
                    age_since(Some(at), app.now)
                ),
                theme.style(Role::Info),
            )),
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
        );
        top = 2;
    }
    let shown = state.findings.len().min(FINDINGS_SHOWN);
    let findings_h = u16::try_from(shown)
        .unwrap_or(0)
        .min(area.height.saturating_sub(top + 1));
    let text_area = Rect {
        y: area.y + top,
        height: area.height - top - findings_h,
        ..area
    };
    // The widget's styles come from the theme: set on a copy, the state stays as it is.
    let mut ta = (*state.area).clone();
    ta.set_line_number_style(theme.style(Role::Dim));
    ta.set_cursor_line_style(ratatui::style::Style::default());
    ta.set_cursor_style(theme.style(Role::Selection));
    f.render_widget(&ta, text_area);
    let lines: Vec<Line> = state
        .findings
        .iter()
        .take(shown)
        .map(|x| {
            let role = match x.severity {
                Severity::Error => Role::Error,
                Severity::Warning => Role::HealthWarn,
            };
            Line::from(Span::styled(
                format!("{}:{}: {}", x.line, x.column, x.message),
                theme.style(role),
            ))
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines),
        Rect {
            y: text_area.y + text_area.height,
            height: findings_h,
            ..area
        },
    );
}
