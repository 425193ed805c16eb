use ratatui::layout::Rect;
use crate::app::view::View;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::BuildState;
use crate::app::App;
use crate::jenkins::path::display_name;
use crate::jenkins::BuildDetail;
use crate::text::width::str_width;
use crate::text::wrap::pad_right;
use crate::theme::{Role, Theme};
use crate::ui::widgets::confirm::draw_confirm;
use crate::ui::jenkins_text::{duration_of, freshness, started_of, status_of};
use crate::ui::widgets::problem::draw_problem;

const LABEL: usize = 12;

fn field(theme: &Theme, label: &str, value: Vec<Span<'static>>) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("{label:<LABEL$}"),
        theme.style(Role::Header),
    )];
    spans.extend(value);
    Line::from(spans)
}

fn cont(value: Vec<Span<'static>>) -> Line<'static> {
    let mut spans = vec![Span::raw(" ".repeat(LABEL))];
    spans.extend(value);
    Line::from(spans)
}

/// The build as a document, one field per line.
pub fn doc_lines(d: &BuildDetail, app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let b = &d.row;
    let (status, role) = status_of(b, app.now);
    let mut out = vec![field(
        theme,
        "Result",
        vec![Span::styled(status, theme.style(role))],
    )];
    let started = b.started.map_or("-".to_string(), |t| {
        format!(
            "{} ({})",
            t.strftime("%Y-%m-%d %H:%M:%S UTC"),
            started_of(b, app.now)
        )
    });
    out.push(field(theme, "Started", vec![Span::raw(started)]));
    out.push(field(
        theme,
        "Duration",
        vec![Span::raw(duration_of(b, app.now))],
    ));
    if let Some(desc) = &d.description {
        out.push(field(theme, "Description", vec![Span::raw(desc.clone())]));
    }
    let mut first = true;
    for c in &d.causes {
        let v = vec![Span::raw(c.clone())];
        out.push(if first {
            field(theme, "Cause", v)
        } else {
            cont(v)
        });
        first = false;
    }
    if d.params.is_empty() {
        out.push(field(
            theme,
            "Parameters",
            vec![Span::styled("none", theme.style(Role::Dim))],
        ));
    }
    let width = d
        .params
        .iter()
        .map(|(k, _)| str_width(k))
        .max()
        .unwrap_or(0);
    for (i, (k, v)) in d.params.iter().enumerate() {
        let value = vec![
            Span::styled(format!("{} ", pad_right(k, width)), theme.style(Role::Dim)),
            Span::raw(if v.is_empty() {
                "\"\"".to_string()
            } else {
                v.clone()
            }),
        ];
        out.push(if i == 0 {
            field(theme, "Parameters", value)
        } else {
            cont(value)
        });
    }
    for (i, c) in d.commits.iter().enumerate() {
        let mut v = vec![Span::styled(
            c.sha.chars().take(12).collect::<String>(),
            theme.style(Role::KeyHint),
        )];
        if let Some(b) = &c.branch {
            let short = b
                .trim_start_matches("refs/remotes/origin/")
                .trim_start_matches("origin/");
            v.push(Span::raw(format!(" on {}", display_name(short))));
        }
        if let Some(r) = &c.remote {
            v.push(Span::styled(format!("  {r}"), theme.style(Role::Dim)));
        }
        out.push(if i == 0 {
            field(theme, "Commit", v)
        } else {
            cont(v)
        });
    }
    for (i, ch) in d.changes.iter().enumerate() {
        let mut v = vec![Span::styled(
            ch.id.chars().take(8).collect::<String>(),
            theme.style(Role::KeyHint),
        )];
        v.push(Span::raw(format!(
            " {}",
            ch.message.lines().next().unwrap_or("")
        )));
        if let Some(a) = &ch.author {
            v.push(Span::styled(format!(" — {a}"), theme.style(Role::Dim)));
        }
        out.push(if i == 0 {
            field(theme, "Changes", v)
        } else {
            cont(v)
        });
    }
    if let Some(q) = d.queue_id {
        out.push(field(
            theme,
            "Queue item",
            vec![Span::styled(q.to_string(), theme.style(Role::Dim))],
        ));
    }
    out
}

pub fn draw(state: &BuildState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 2 || area.width < 10 {
        return;
    }
    let header = state
        .detail
        .data
        .as_ref()
        .map(|d| d.full_display_name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| state.title());
    let (fresh, fresh_role) = freshness(&state.detail, app.now);
    let mut spans = vec![Span::styled(header, theme.style(Role::Title))];
    if fresh_role != Role::Error {
        spans.push(Span::styled(format!("  {fresh}"), theme.style(fresh_role)));
    }
    f.render_widget(Line::from(spans), Rect { height: 1, ..area });
    let mut body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    if fresh_role == Role::Error {
        body = draw_problem(f, body, theme, &fresh, fresh_role, 4);
    }
    match &state.detail.data {
        None if state.detail.error.is_none() => {
            f.render_widget(
                Line::styled(
                    format!("loading {}…", state.title()),
                    theme.style(Role::Dim),
                ),
                Rect { height: 1, ..body },
            );
        }
        None => {}
        Some(d) => {
            let lines = doc_lines(d, app, theme);
            let max = lines.len().saturating_sub(usize::from(body.height));
            let scroll = state.scroll.min(max);
            f.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .scroll((u16::try_from(scroll).unwrap_or(0), 0)),
                body,
            );
        }
    }
    if let Some(c) = &state.confirm {
        draw_confirm(f, area, theme, c);
    }
}
