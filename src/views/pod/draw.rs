use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::doc::one_line;
use super::PodState;
use crate::app::App;
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};
use crate::ui::health_role;

/// A fixed line naming the pod and its status, then the document, scrolled.
pub fn draw(state: &PodState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let doc = state.doc(area.width, app.now);
    let page = usize::from(body.height);
    let first = state.first_line(&doc, page);

    let width = usize::from(area.width);
    let position = if doc.len() > page {
        format!(
            " {}-{}/{}",
            first + 1,
            (first + page).min(doc.len()),
            doc.len()
        )
    } else {
        String::new()
    };
    // The name and status are cut if they must be; the other facts go whole or not at all.
    let mut parts: Vec<(String, Role, bool)> = vec![(state.name.clone(), Role::Title, true)];
    if state.gone {
        parts.push(("  deleted".into(), Role::Error, true));
    }
    let row = state.detail.as_ref().map(|d| &d.row).or_else(|| {
        app.world
            .stages
            .get(&state.namespace)
            .and_then(|s| s.pods.get(&state.name))
    });
    if let Some(r) = row {
        parts.push((
            format!("  {}", one_line(&r.status)),
            health_role(r.health),
            true,
        ));
        parts.push((format!("  ready {}", r.ready_text()), Role::Dim, false));
        parts.push((
            format!("  restarts {}", r.restarts_text(app.now)),
            Role::Dim,
            false,
        ));
    }
    let budget = width.saturating_sub(str_width(&position));
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, role, cut) in parts {
        let n = str_width(&text);
        let left = budget.saturating_sub(used);
        let text = match (n <= left, cut) {
            (true, _) => text,
            (false, true) => clip(&text, left),
            (false, false) => continue,
        };
        used += str_width(&text);
        spans.push(Span::styled(text, theme.style(role)));
    }
    let pad = width.saturating_sub(used + str_width(&position));
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(position, theme.style(Role::Dim)));
    f.render_widget(Line::from(spans), head);

    let lines: Vec<Line> = doc
        .lines
        .iter()
        .skip(first)
        .take(page)
        .map(|l| {
            Line::from(
                l.iter()
                    .map(|p| Span::styled(p.text.clone(), theme.style(p.role)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}
