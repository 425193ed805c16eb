use std::ops::Range;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::layout::Row;
use super::state::StreamStatus;
use super::LogsState;
use crate::app::App;
use crate::keymap::Action;
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};

pub fn draw(state: &LogsState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let header = Rect { height: 1, ..area };
    f.render_widget(header_line(state, theme, area.width), header);
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    if body.height == 0 {
        return;
    }
    if let Some(text) = empty_text(state) {
        draw_message(state, app, theme, f, body, text);
        return;
    }
    let (width, height) = (usize::from(body.width), usize::from(body.height));
    let ts_cols = state.ts_cols(width);
    let lines: Vec<Line> = state
        .viewport(width, height)
        .into_iter()
        .map(|row| row_line(state, theme, row, ts_cols, width))
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}

/// What the body says instead of lines, if it has none to show.
fn empty_text(state: &LogsState) -> Option<(String, Role)> {
    if state.lines.is_empty() {
        return Some(match &state.status {
            StreamStatus::Connecting => (
                format!("connecting to {}/{}…", state.pod, state.container),
                Role::Dim,
            ),
            StreamStatus::Failed { error } => (format!("failed: {error}"), Role::Error),
            StreamStatus::Ended { reason } => (format!("ended: {reason} (no lines)"), Role::Dim),
            StreamStatus::AwaitingRestart { reason } => (
                format!("{reason}; its next run's log shows here when it starts"),
                Role::HealthWarn,
            ),
            StreamStatus::Reconnecting { error } => (
                format!("stream broke ({error}), reconnecting…"),
                Role::Error,
            ),
            StreamStatus::Streaming | StreamStatus::Reconnected { .. } => {
                ("no lines yet".into(), Role::Dim)
            }
        });
    }
    if state.matches_only {
        if let Some(s) = state.search.as_ref().filter(|_| state.matches.is_empty()) {
            return Some((format!("no line matches /{}", s.text), Role::Dim));
        }
    }
    None
}

fn draw_message(
    state: &LogsState,
    app: &App,
    theme: &Theme,
    f: &mut Frame,
    area: Rect,
    (text, role): (String, Role),
) {
    let mut lines = vec![Line::default(), Line::styled(text, theme.style(role))];
    if matches!(state.status, StreamStatus::Failed { .. }) {
        // What the user can do about it, with the keys of the live keymap.
        let mut hints = Vec::new();
        for (action, what) in [
            (Action::TogglePrevious, "previous/current container"),
            (Action::ChooseContainer, "another container"),
            (Action::Back, "back"),
        ] {
            if let Some(key) = app.keymap.hint(action) {
                hints.push(Span::styled(key, theme.style(Role::KeyHint)));
                hints.push(Span::styled(format!(" {what}  "), theme.style(Role::Dim)));
            }
        }
        lines.push(Line::default());
        lines.push(Line::from(hints));
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn status_text(status: &StreamStatus) -> (String, Role) {
    match status {
        StreamStatus::Connecting => ("connecting…".into(), Role::Dim),
        StreamStatus::Streaming => ("streaming".into(), Role::Info),
        StreamStatus::Reconnecting { error } => (
            format!("stream broke ({error}), reconnecting…"),
            Role::Error,
        ),
        StreamStatus::Reconnected { at } => (
            format!("reconnected at {}", at.strftime("%H:%M:%S UTC")),
            Role::Info,
        ),
        StreamStatus::AwaitingRestart { reason } => (
            format!("{reason}; waiting for its restart"),
            Role::HealthWarn,
        ),
        StreamStatus::Ended { reason } => (format!("ended: {reason}"), Role::Dim),
        StreamStatus::Failed { error } => (format!("failed: {error}"), Role::Error),
    }
}

/// `pod/container previous  stream state  following  1,234 lines  56 dropped  /search 3/17`,
/// the less important parts dropped first when the line is too narrow.
fn header_line(state: &LogsState, theme: &Theme, width: u16) -> Line<'static> {
    let which = if state.previous {
        ("previous", Role::HealthWarn)
    } else {
        ("current", Role::Dim)
    };
    let follow = if state.follow {
        ("following".to_string(), Role::Info)
    } else {
        match state.new_since_pause() {
            0 => ("paused".to_string(), Role::HealthWarn),
            n => (
                format!("paused, {} new (f follows)", thousands(n)),
                Role::HealthWarn,
            ),
        }
    };
    let live = !matches!(
        state.status,
        StreamStatus::Ended { .. } | StreamStatus::Failed { .. }
    );
    let count = (
        format!("{} lines", thousands(state.lines.len() as u64)),
        Role::Dim,
    );
    let search = state.search.as_ref().map(|s| {
        let found = match (state.matches.len(), state.match_position()) {
            (0, _) => " no match".to_string(),
            (n, Some(i)) => format!(" {i}/{n}"),
            (n, None) => format!(" {n} matches"),
        };
        vec![(format!("/{}", s.text), Role::KeyHint), (found, Role::Dim)]
    });
    let mut flags = Vec::new();
    if state.wrap {
        flags.push("wrap");
    }
    if state.matches_only {
        flags.push("matches ±2");
    }
    // (priority, parts): 0 is always kept; higher numbers go first.
    let mut parts: Vec<(u8, Vec<(String, Role)>)> = vec![
        (
            0,
            vec![
                (format!("{}/{} ", state.pod, state.container), Role::Title),
                (which.0.to_string(), which.1),
            ],
        ),
        (0, vec![status_text(&state.status)]),
        // Once the stream is over, following means little and the count more.
        (if live { 1 } else { 4 }, vec![follow]),
        (3, vec![count]),
    ];
    if state.dropped > 0 {
        // The pane must say it: kept even when the count itself has no room.
        parts.push((
            1,
            vec![(
                format!("{} dropped", thousands(state.dropped)),
                Role::HealthWarn,
            )],
        ));
    }
    if let Some(s) = search {
        parts.push((2, s));
    }
    if !flags.is_empty() {
        parts.push((4, vec![(flags.join(" "), Role::Dim)]));
    }
    // Two spaces, not " · ": at 80 columns every column counts; the roles tell parts apart.
    let sep = "  ";
    let total = |parts: &[(u8, Vec<(String, Role)>)]| -> usize {
        parts
            .iter()
            .map(|(_, p)| p.iter().map(|(t, _)| str_width(t)).sum::<usize>())
            .sum::<usize>()
            + str_width(sep) * parts.len().saturating_sub(1)
    };
    let width = usize::from(width);
    while total(&parts) > width {
        let Some(worst) = parts
            .iter()
            .enumerate()
            .filter(|(_, (p, _))| *p > 0)
            .max_by_key(|(i, (p, _))| (*p, *i))
            .map(|(i, _)| i)
        else {
            break;
        };
        parts.remove(worst);
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, (_, p)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(sep, theme.style(Role::Dim)));
            used += str_width(sep);
        }
        for (t, role) in p {
            let room = width.saturating_sub(used);
            let t = clip(&t, room);
            used += str_width(&t);
            spans.push(Span::styled(t, theme.style(role)));
        }
    }
    Line::from(spans)
}

fn row_line(
    state: &LogsState,
    theme: &Theme,
    row: Row,
    ts_cols: usize,
    width: usize,
) -> Line<'static> {
    match row {
        Row::Dropped(n) => Line::styled(
            clip(
                &format!(
                    "── {} earlier lines dropped (the buffer keeps {}) ──",
                    thousands(n),
                    thousands(state.lines.len() as u64)
                ),
                width,
            ),
            theme.style(Role::HealthWarn),
        ),
        Row::Separator => Line::styled("--", theme.style(Role::Dim)),
        Row::Text { seq, range, first } => {
            let Some(line) = state.line(seq) else {
                return Line::default();
            };
            let mut spans = Vec::new();
            if ts_cols > 0 {
                let ts = match (first, line.time) {
                    (true, Some(t)) => t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ ").to_string(),
                    _ => String::new(),
                };
                spans.push(Span::styled(
                    format!("{ts:<ts_cols$}"),
                    theme.style(Role::Dim),
                ));
            }
            let matches = state
                .search
                .as_ref()
                .map(|s| s.ranges(&line.text))
                .unwrap_or_default();
            let role = if state.current == Some(seq) {
                Role::CurrentMatch
            } else {
                Role::Match
            };
            spans.extend(highlight(&line.text, range, &matches, theme, role));
            Line::from(spans)
        }
    }
}

/// The shown part of a line, with the parts inside `matches` in the match role.
fn highlight(
    text: &str,
    shown: Range<usize>,
    matches: &[Range<usize>],
    theme: &Theme,
    role: Role,
) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = shown.start;
    for m in matches {
        let (s, e) = (m.start.max(shown.start), m.end.min(shown.end));
        if s >= e {
            continue;
        }
        if at < s {
            spans.push(Span::raw(text[at..s].to_string()));
        }
        spans.push(Span::styled(text[s..e].to_string(), theme.style(role)));
        at = e;
    }
    if at < shown.end {
        spans.push(Span::raw(text[at..shown.end].to_string()));
    }
    spans
}
