use std::ops::Range;

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{ConsoleState, ConsoleStatus};
use crate::app::App;
use crate::jenkins::ansi::{AnsiColour, AnsiStyle, StyledRange};
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};
use crate::ui::widgets::confirm::draw_confirm;
use crate::views::logs::draw::thousands;
use crate::views::logs::layout::Row;

fn colour_role(c: AnsiColour) -> Role {
    match c {
        AnsiColour::Red => Role::ConsoleRed,
        AnsiColour::Green => Role::ConsoleGreen,
        AnsiColour::Yellow => Role::ConsoleYellow,
        AnsiColour::Blue => Role::ConsoleBlue,
        AnsiColour::Magenta => Role::ConsoleMagenta,
        AnsiColour::Cyan => Role::ConsoleCyan,
    }
}

/// The theme's style for an ANSI style (colours only through roles).
pub fn ansi_style(theme: &Theme, s: AnsiStyle) -> Style {
    let mut style =
        s.fg.map_or(Style::default(), |c| theme.style(colour_role(c)));
    if s.bold {
        style = style.add_modifier(Modifier::BOLD);
    }
    style
}

fn status_text(state: &ConsoleState) -> (String, Role) {
    match &state.status {
        ConsoleStatus::Connecting => ("connecting…".into(), Role::Dim),
        ConsoleStatus::Following => ("running".into(), Role::HealthPending),
        ConsoleStatus::Complete => ("complete".into(), Role::Dim),
        ConsoleStatus::Failed { error, retrying } => (
            format!(
                "{}{}",
                error.message,
                if *retrying { " — retrying" } else { "" }
            ),
            Role::Error,
        ),
    }
}

fn header(state: &ConsoleState, theme: &Theme, width: u16) -> Line<'static> {
    let l = &state.logs;
    let (status, role) = status_text(state);
    let mut parts: Vec<(String, Role)> = vec![
        (format!("{} #{}", state.job, state.number), Role::Title),
        (status, role),
    ];
    if state.status == ConsoleStatus::Following {
        parts.push(if l.follow {
            ("following".into(), Role::Info)
        } else {
            ("paused".into(), Role::HealthWarn)
        });
    }
    parts.push((
        format!("{} lines", thousands(l.lines.len() as u64)),
        Role::Dim,
    ));
    if l.dropped > 0 {
        parts.push((
            format!("{} dropped", thousands(l.dropped)),
            Role::HealthWarn,
        ));
    }
    if let Some(s) = &l.search {
        let found = match (l.matches.len(), l.match_position()) {
            (0, _) => "no match".to_string(),
            (n, Some(i)) => format!("{i}/{n}"),
            (n, None) => format!("{n} matches"),
        };
        parts.push((format!("/{} {found}", s.text), Role::KeyHint));
    }
    if l.wrap {
        parts.push(("wrap".into(), Role::Dim));
    }
    if l.matches_only {
        parts.push(("matches ±2".into(), Role::Dim));
    }
    let mut spans = Vec::new();
    let mut used = 0usize;
    let width = usize::from(width);
    for (i, (t, role)) in parts.into_iter().enumerate() {
        let sep = if i > 0 { "  " } else { "" };
        let room = width.saturating_sub(used + sep.len());
        if room == 0 {
            break;
        }
        let t = clip(&t, room);
        used += sep.len() + str_width(&t);
        spans.push(Span::raw(sep));
        spans.push(Span::styled(t, theme.style(role)));
    }
    Line::from(spans)
}

/// The shown part of a line: ANSI styles, with search matches over them.
fn styled_spans(
    text: &str,
    shown: Range<usize>,
    styles: &[StyledRange],
    matches: &[Range<usize>],
    theme: &Theme,
    match_role: Role,
) -> Vec<Span<'static>> {
    let mut cuts = vec![shown.start, shown.end];
    for r in styles.iter().map(|s| &s.range).chain(matches) {
        for c in [r.start, r.end] {
            if c > shown.start && c < shown.end {
                cuts.push(c);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        let in_match = matches.iter().any(|m| m.start <= a && b <= m.end);
        let style = if in_match {
            theme.style(match_role)
        } else {
            styles
                .iter()
                .find(|s| s.range.start <= a && b <= s.range.end)
                .map_or(Style::default(), |s| ansi_style(theme, s.style))
        };
        spans.push(Span::styled(text[a..b].to_string(), style));
    }
    spans
}

pub fn draw(state: &ConsoleState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let _ = app;
    if area.width == 0 || area.height < 2 {
        return;
    }
    f.render_widget(header(state, theme, area.width), Rect { height: 1, ..area });
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let l = &state.logs;
    if l.lines.is_empty() {
        let (text, role) = match &state.status {
            ConsoleStatus::Connecting => (
                format!("reading the console of {} #{}…", state.job, state.number),
                Role::Dim,
            ),
            ConsoleStatus::Failed { error, .. } => (error.message.clone(), Role::Error),
            _ => ("no output yet".into(), Role::Dim),
        };
        f.render_widget(
            Paragraph::new(vec![Line::default(), Line::styled(text, theme.style(role))])
                .wrap(Wrap { trim: false }),
            body,
        );
    } else {
        let (width, height) = (usize::from(body.width), usize::from(body.height));
        let lines: Vec<Line> = l
            .viewport(width, height)
            .into_iter()
            .map(|row| match row {
                Row::Dropped(n) => Line::styled(
                    clip(
                        &format!(
                            "── {} earlier lines dropped (the buffer keeps {}) ──",
                            thousands(n),
                            thousands(l.lines.len() as u64)
                        ),
                        usize::from(body.width),
                    ),
                    theme.style(Role::HealthWarn),
                ),
                Row::Separator => Line::styled("--", theme.style(Role::Dim)),
                Row::Text { seq, range, .. } => {
                    let Some(line) = l.line(seq) else {
                        return Line::default();
                    };
                    let matches = l
                        .search
                        .as_ref()
                        .map(|s| s.ranges(&line.text))
                        .unwrap_or_default();
                    let role = if l.current == Some(seq) {
                        Role::CurrentMatch
                    } else {
                        Role::Match
                    };
                    Line::from(styled_spans(
                        &line.text,
                        range,
                        state.styles_of(seq),
                        &matches,
                        theme,
                        role,
                    ))
                }
            })
            .collect();
        f.render_widget(Paragraph::new(lines), body);
    }
    if let Some(c) = &state.confirm {
        draw_confirm(f, area, theme, c);
    }
}
