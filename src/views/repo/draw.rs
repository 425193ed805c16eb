use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::state::{RepoLine, RepoState};
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::repo::ChangeKind;
use crate::text::clip::clip_middle;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const COLS: [Col; 4] = [
    Col::new("", 1, 7, 0),
    Col::new("CHANGED FILE / COMMIT", 20, 90, 0).flex(),
    Col::new("AUTHOR", 6, 20, 1),
    Col::new("AGE", 3, 7, 1),
];

/// The head lines: where the clone is and how it stands against origin, then what is in flight
/// (or the last outcome), then who commits.
fn head_lines(state: &RepoState, app: &App, width: usize) -> Vec<(String, Role)> {
    let mut out = Vec::new();
    let Some(data) = app.world.repos.get(&state.team) else {
        out.push(("Opening the config repo…".into(), Role::HealthPending));
        return out;
    };
    match &data.status {
        Some(s) => {
            let branch = s.branch.clone().unwrap_or_else(|| "(detached HEAD)".into());
            let distance = match s.ahead_behind {
                Some((0, 0)) => "up to date with origin".to_string(),
                Some((a, b)) => format!("{a} to push, {b} to pull"),
                None => "no upstream".into(),
            };
            let room = width.saturating_sub(branch.len() + distance.len() + 6);
            out.push((
                format!("{branch} · {distance} · {}", clip_middle(&s.path, room.max(10))),
                Role::Title,
            ));
            out.push(match &s.author {
                Some((n, e)) => (format!("commits as {n} <{e}>"), Role::Dim),
                None => (
                    "git user.name/user.email unset: git config --global user.name \"…\"".into(),
                    Role::Error,
                ),
            });
        }
        None => out.push(("Opening the config repo…".into(), Role::HealthPending)),
    }
    if let Some(c) = &data.jcasc_pushed {
        out.push((
            format!("{c} changed the JCasC: U runs Update configuration on the team's Jenkins"),
            Role::HealthWarn,
        ));
    }
    if let Some((_, text)) = &data.busy {
        out.push((text.clone(), Role::HealthPending));
    } else if let Some((_, result, at)) = &data.last {
        let ago = age_since(Some(*at), app.now);
        out.push(match result {
            Ok(t) => (format!("{t} ({ago} ago)"), Role::Info),
            Err(e) => (format!("{e} ({ago} ago)"), Role::Error),
        });
    }
    out
}

pub fn draw(state: &RepoState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 3 || area.width < 10 {
        return;
    }
    let head = head_lines(state, app, usize::from(area.width));
    let head_h = u16::try_from(head.len())
        .unwrap_or(0)
        .min(area.height.saturating_sub(2));
    for (i, (text, role)) in head.iter().take(usize::from(head_h)).enumerate() {
        let row = Rect {
            y: area.y + u16::try_from(i).unwrap_or(0),
            height: 1,
            ..area
        };
        f.render_widget(
            Line::from(Span::styled(text.clone(), theme.style(*role))),
            row,
        );
    }
    let body = Rect {
        y: area.y + head_h,
        height: area.height - head_h,
        ..area
    };
    let lines = state.lines(&app.world);
    if lines.is_empty() {
        let text = if app.world.repos.get(&state.team).is_some_and(|d| d.status.is_some()) {
            "no changes and no commits yet"
        } else {
            "waiting for the clone…"
        };
        draw_empty(f, body, theme, text);
        return;
    }
    let page = usize::from(body.height.saturating_sub(1));
    let mut cursor = state.cursor;
    cursor.clamp(lines.len(), page);
    let rows = lines
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|l| match l {
            RepoLine::Change(c) => TableRow {
                cells: vec![
                    c.kind.letter().to_string(),
                    c.path.clone(),
                    if c.staged { "staged".into() } else { String::new() },
                    String::new(),
                ],
                role: if c.kind == ChangeKind::Conflicted {
                    Role::HealthFailed
                } else {
                    Role::HealthWarn
                },
            },
            RepoLine::Commit(c) => TableRow {
                cells: vec![
                    c.short_id().to_string(),
                    c.subject.clone(),
                    c.author.clone(),
                    age_since(Some(c.time), app.now),
                ],
                role: Role::Text,
            },
        })
        .collect();
    draw_table(
        f,
        body,
        theme,
        &COLS,
        rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
}
