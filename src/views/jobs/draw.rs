use ratatui::layout::Rect;
use crate::ui::widgets::problem::{draw_problem, wrapped_height};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::ui::jenkins_text::{ball_role, ball_text, duration_of, freshness, started_of, status_of};
use super::{JobLine, JobsState, ReloadView};
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::jenkins::reload::ReloadPhase;
use crate::jenkins::{JobKind, QueueRow};
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};
use crate::ui::widgets::confirm::draw_confirm;
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const COLS: [Col; 5] = [
    Col::new("NAME", 16, 50, 0).flex(),
    Col::new("LAST", 7, 12, 0),
    Col::new("BUILD", 5, 7, 1).right(),
    Col::new("STARTED", 7, 10, 2),
    Col::new("DURATION", 8, 22, 1),
];

/// Queue rows shown at most under the jobs.
const QUEUE_ROWS: usize = 5;


fn summary(state: &JobsState, app: &App, theme: &Theme, width: u16) -> Line<'static> {
    let mut spans = vec![Span::styled(
        format!("{} Jenkins", state.team),
        theme.style(Role::Title),
    )];
    if let Some(d) = &state.jobs.data {
        let mut all = Vec::new();
        fn count<'a>(
            rows: &'a [crate::jenkins::JobRow],
            out: &mut Vec<&'a crate::jenkins::JobRow>,
        ) {
            for r in rows {
                if !r.kind.is_folder() {
                    out.push(r);
                }
                count(&r.children, out);
            }
        }
        count(&d.jobs, &mut all);
        let running = all
            .iter()
            .filter(|r| {
                r.color.is_some_and(|c| c.running) || r.last.as_ref().is_some_and(|b| b.building)
            })
            .count();
        let failing = all
            .iter()
            .filter(|r| r.color.is_some_and(|c| ball_role(c) == Role::HealthFailed))
            .count();
        spans.push(Span::styled(
            format!("  {} jobs", all.len()),
            theme.style(Role::Dim),
        ));
        if running > 0 {
            spans.push(Span::styled(
                format!("  {running} running"),
                theme.style(Role::HealthPending),
            ));
        }
        if failing > 0 {
            spans.push(Span::styled(
                format!("  {failing} failing"),
                theme.style(Role::HealthFailed),
            ));
        }
        spans.push(Span::styled(
            format!("  queue {}", d.queue.len()),
            theme.style(Role::Dim),
        ));
    }
    if let Some(f) = state.filter.active() {
        spans.push(Span::styled(
            format!("  /{}", f.text),
            theme.style(Role::KeyHint),
        ));
    }
    let (fresh, role) = freshness(&state.jobs, app.now);
    if role != Role::Error {
        let used: usize = spans.iter().map(|s| str_width(&s.content)).sum();
        let room = usize::from(width).saturating_sub(used + str_width(&fresh));
        if room >= 2 {
            spans.push(Span::raw(" ".repeat(room)));
            spans.push(Span::styled(fresh, theme.style(role)));
        }
    }
    Line::from(spans)
}

fn name_cell(l: &JobLine, filtered: bool) -> String {
    let indent = if filtered { 0 } else { l.depth * 2 };
    let marker = match (&l.row.kind, l.expanded) {
        (k, true) if k.is_folder() => "▾ ",
        (k, false) if k.is_folder() => "▸ ",
        _ => "",
    };
    let name = if filtered {
        l.row.path.to_string()
    } else {
        l.row.display()
    };
    let slash = if l.row.kind.is_folder() { "/" } else { "" };
    format!("{}{marker}{name}{slash}", " ".repeat(indent))
}

fn job_row(l: &JobLine, app: &App, filtered: bool) -> TableRow {
    let name = name_cell(l, filtered);
    let r = l.row;
    if r.kind.is_folder() {
        let (text, role) = match r.folder_color() {
            Some(c) if c.running => ("running".to_string(), Role::HealthPending),
            Some(c) => (ball_text(c).to_string(), ball_role(c)),
            None => ("-".into(), Role::Dim),
        };
        let n = r.children.len();
        let what = match (r.kind == JobKind::MultiBranch, n == 1) {
            (true, true) => "branch",
            (true, false) => "branches",
            (false, true) => "job",
            (false, false) => "jobs",
        };
        return TableRow {
            cells: vec![
                name,
                text,
                String::new(),
                String::new(),
                format!("{n} {what}"),
            ],
            role,
        };
    }
    match &r.last {
        Some(b) => {
            let (text, mut role) = status_of(b, app.now);
            if r.color
                .is_some_and(|c| c.status == crate::jenkins::BallStatus::Disabled)
            {
                role = Role::Dim;
            }
            TableRow {
                cells: vec![
                    name,
                    text,
                    format!("#{}", b.number),
                    started_of(b, app.now),
                    duration_of(b, app.now),
                ],
                role,
            }
        }
        None => {
            let (text, role) = r
                .color
                .map_or(("-", Role::Dim), |c| (ball_text(c), ball_role(c)));
            TableRow {
                cells: vec![
                    name,
                    text.into(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
                role,
            }
        }
    }
}

fn queue_line(q: &QueueRow, app: &App, width: u16) -> Line<'static> {
    let job = q.job.as_ref().map_or(q.task.clone(), |p| p.to_string());
    let state = if q.stuck {
        "stuck"
    } else if q.blocked {
        "blocked"
    } else if q.buildable {
        "buildable"
    } else {
        "waiting"
    };
    let why = q.why.clone().unwrap_or_default();
    let text = format!("  {job}  {state} {}  {why}", age_since(q.since, app.now));
    Line::raw(clip(&text, usize::from(width)))
}

fn reload_text(r: &ReloadView, app: &App) -> (String, Role) {
    let took = age_since(Some(r.started), app.now);
    match &r.phase {
        ReloadPhase::Sent => (
            format!("Update configuration: reloading JCasC… ({took})"),
            Role::HealthPending,
        ),
        ReloadPhase::Restarting { .. } => (
            format!("Update configuration: applied; Jenkins is restarting (503)… ({took})"),
            Role::HealthPending,
        ),
        ReloadPhase::Applied { system_message } => (
            format!(
                "Update configuration: applied, Jenkins is back ({} ago). System message: {system_message}",
                age_since(Some(r.at), app.now)
            ),
            Role::Info,
        ),
        ReloadPhase::Failed(e) => (format!("Update configuration failed: {e}"), Role::Error),
    }
}

pub fn draw(state: &JobsState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 2 || area.width < 10 {
        return;
    }
    f.render_widget(
        summary(state, app, theme, area.width),
        Rect { height: 1, ..area },
    );
    let mut body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    if state.jobs.error.is_some() {
        let (text, role) = freshness(&state.jobs, app.now);
        body = draw_problem(f, body, theme, &text, role, 4);
    }
    if let Some(r) = &state.reload {
        let (mut text, role) = reload_text(r, app);
        if let Some(c) = &state.for_commit {
            text = format!("{text} [for {c}]");
        }
        let h = wrapped_height(&text, body.width)
            .min(6)
            .min(body.height.saturating_sub(3));
        let panel = Rect {
            y: body.y + body.height - h,
            height: h,
            ..body
        };
        f.render_widget(
            Paragraph::new(Line::styled(text, theme.style(role))).wrap(Wrap { trim: true }),
            panel,
        );
        body.height -= h;
    }
    if let Some(d) = &state.jobs.data {
        if !d.queue.is_empty() && body.height > 6 {
            let n = d.queue.len().min(QUEUE_ROWS);
            let h = u16::try_from(n + 1).unwrap_or(1);
            let qa = Rect {
                y: body.y + body.height - h,
                height: h,
                ..body
            };
            let mut lines = vec![Line::styled(
                format!("QUEUE ({})", d.queue.len()),
                theme.style(Role::Header),
            )];
            lines.extend(
                d.queue
                    .iter()
                    .take(n)
                    .map(|q| queue_line(q, app, body.width)),
            );
            f.render_widget(Paragraph::new(lines), qa);
            body.height -= h;
        }
    }
    let lines = state.lines();
    if lines.is_empty() {
        let text = match (state.filter.active(), &state.jobs.data) {
            (Some(flt), Some(_)) => format!("no job matches /{}", flt.text),
            (_, Some(_)) => format!("{} has no jobs", state.team),
            (_, None) if state.jobs.error.is_some() => String::new(),
            (_, None) => format!("loading the jobs of {}…", state.team),
        };
        draw_empty(f, body, theme, &text);
    } else {
        let mut cursor = state.cursor;
        cursor.selected = state.selected_index(&lines);
        let page = usize::from(body.height.saturating_sub(1));
        cursor.clamp(lines.len(), page);
        let filtered = state.filter.active().is_some();
        let rows = lines
            .iter()
            .skip(cursor.offset)
            .take(page)
            .map(|l| job_row(l, app, filtered))
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
    if let Some(c) = &state.confirm {
        draw_confirm(f, area, theme, c);
    }
}
