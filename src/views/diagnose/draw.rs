use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::findings::{Evidence, Finding, Subject, Tally};
use super::state::DETAIL_ROWS;
use super::DiagnoseState;
use crate::app::App;
use crate::cluster::health::Health;
use crate::keymap::Action;
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::text::wrap::wrap_words;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};
use crate::ui::health_role;

/// The columns for a body `width` wide: names get at most a third of it (cut in the middle,
/// where pod names repeat themselves), the why gets the rest.
fn cols(width: u16) -> [Col; 3] {
    let name_max = (width / 3).clamp(20, 63);
    [
        Col::new("STAGE", 5, 12, 1),
        Col::new("NAME", 16, name_max, 0).flex().keep_end(),
        Col::new("WHY", 20, 400, 0).flex(),
    ]
}

/// The scope line, the ranked table, and the selected finding in full at the bottom.
pub fn draw(state: &DiagnoseState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (rows, tally) = state.rows(&app.world, app.now);
    let detail_rows = if area.height > 8 {
        DETAIL_ROWS as u16
    } else {
        0
    };
    let [scope, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(detail_rows),
    ])
    .areas(area);
    draw_scope(state, &tally, rows.len(), theme, f, scope);
    if rows.is_empty() {
        let (text, role) = if !app.world.is_synced() {
            (app.world.unsynced_text(), Role::Dim)
        } else if let Some(flt) = state.filter.active() {
            (format!("nothing failing matches /{}", flt.text), Role::Dim)
        } else {
            (
                format!(
                    "nothing failing: {} pods, {} releases, all healthy",
                    tally.pods, tally.releases
                ),
                Role::HealthOk,
            )
        };
        if role == Role::Dim {
            draw_empty(f, list, theme, &text);
        } else {
            f.render_widget(
                Line::from(Span::styled(text, theme.style(role))),
                Rect {
                    y: list
                        .y
                        .saturating_add(1)
                        .min(list.bottom().saturating_sub(1)),
                    height: list.height.min(1),
                    ..list
                },
            );
        }
        return;
    }
    let mut cursor = state.cursor;
    cursor.selected = state.selected_index(&rows);
    let page = usize::from(list.height.saturating_sub(1)).max(1);
    cursor.clamp(rows.len(), page);
    let skip = usize::from(state.scope.is_single_namespace());
    let table_rows = rows
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|r| TableRow {
            cells: [r.stage.to_string(), r.name.to_string(), r.why.clone()][skip..].to_vec(),
            role: finding_role(r),
        })
        .collect();
    draw_table(
        f,
        list,
        theme,
        &cols(list.width)[skip..],
        table_rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
    if let Some(sel) = rows.get(cursor.selected) {
        draw_detail(sel, app, theme, f, detail);
    }
}

pub fn finding_role(f: &Finding) -> Role {
    match (f.subject, f.health) {
        (Subject::Release(_), Health::Failed) => Role::ReleaseFailed,
        (Subject::Release(_), _) => Role::ReleasePending,
        (Subject::Pod(_) | Subject::Claim(_), h) => health_role(h),
    }
}

/// `payments: 9 failing of 120 pods, 2 restarting, 1 release failed`.
fn draw_scope(
    state: &DiagnoseState,
    t: &Tally,
    shown: usize,
    theme: &Theme,
    f: &mut Frame,
    area: Rect,
) {
    let what = if state.scope.namespaces.is_empty() {
        state.scope.team.clone()
    } else {
        state.scope.label.clone()
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let failing_role = if t.failing > 0 {
        Role::HealthFailed
    } else {
        Role::HealthOk
    };
    let mut spans = vec![
        Span::styled(format!("{what}: "), theme.style(Role::Title)),
        Span::styled(format!("{} failing", t.failing), theme.style(failing_role)),
        Span::styled(
            format!(" of {}", plural(t.pods, "pod", "pods")),
            theme.style(Role::Text),
        ),
    ];
    let mut extra = |text: String, role: Role| {
        spans.push(Span::styled(", ", theme.style(Role::Text)));
        spans.push(Span::styled(text, theme.style(role)));
    };
    if t.restarting > 0 {
        extra(format!("{} restarting", t.restarting), Role::HealthWarn);
    }
    if t.releases_failed > 0 {
        extra(
            plural(t.releases_failed, "release failed", "releases failed"),
            Role::ReleaseFailed,
        );
    }
    if t.releases_pending > 0 {
        extra(
            plural(t.releases_pending, "release pending", "releases pending"),
            Role::ReleasePending,
        );
    }
    if let Some(flt) = state.filter.active() {
        spans.push(Span::styled(
            format!("  /{}: {shown} shown", flt.text),
            theme.style(Role::Dim),
        ));
    }
    f.render_widget(Line::from(spans), area);
}

/// The selected finding in full: where it is, the whole why, and where `enter` goes.
fn draw_detail(sel: &Finding, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 2 {
        return;
    }
    let width = usize::from(area.width);
    let title = format!("── {}/{} ", sel.namespace, sel.name);
    let title = clip(&title, usize::from(area.width));
    let rule = "─".repeat(width.saturating_sub(str_width(&title)));
    let mut lines = vec![Line::from(vec![
        Span::styled(title, theme.style(Role::Title)),
        Span::styled(rule, theme.style(Role::Border)),
    ])];
    let why_rows = usize::from(area.height) - 2;
    for l in wrap(&sel.why, width, why_rows) {
        lines.push(Line::from(Span::styled(l, theme.style(finding_role(sel)))));
    }
    while lines.len() < usize::from(area.height) - 1 {
        lines.push(Line::default());
    }
    lines.push(evidence_line(sel, app, theme));
    f.render_widget(Paragraph::new(lines), area);
}

/// `enter previous log of api   l log  p previous log  d detail  e events`.
fn evidence_line<'a>(sel: &Finding, app: &App, theme: &Theme) -> Line<'a> {
    let container = |previous: bool| {
        sel.pod()
            .and_then(|p| {
                p.last_termination
                    .as_ref()
                    .filter(|_| previous)
                    .map(|t| t.container.clone())
                    .or_else(|| p.containers.first().cloned())
            })
            .unwrap_or_default()
    };
    let what = match sel.evidence() {
        Evidence::PreviousLog => format!("previous log of {}", container(true)),
        Evidence::Log => format!("log of {}", container(false)),
        Evidence::Events => "the pod's events".to_string(),
        Evidence::ReleaseHistory => format!("history of release {}", sel.name),
        Evidence::ClaimEvents => format!("describe of claim {} (its events)", sel.name),
    };
    let mut keys = vec![(Action::Drill, what)];
    if sel.pod().is_some() {
        keys.extend([
            (Action::Logs, "log".to_string()),
            (Action::PreviousLogs, "previous log".to_string()),
            (Action::Describe, "detail".to_string()),
            (Action::Events, "events".to_string()),
        ]);
    }
    let mut spans = Vec::new();
    for (a, label) in keys {
        let Some(key) = app.keymap.hint(a) else {
            continue;
        };
        spans.push(Span::styled(key, theme.style(Role::KeyHint)));
        spans.push(Span::styled(format!(" {label}  "), theme.style(Role::Dim)));
    }
    Line::from(spans)
}

/// Word-wraps `text` into at most `max` lines of `width`, the last cut with `…` if more is left.
fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = wrap_words(text, width);
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            *last = clip(&format!("{last} …"), width);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_words_and_marks_what_is_left_out() {
        assert_eq!(wrap("aa bb cc", 5, 3), ["aa bb", "cc"]);
        assert_eq!(wrap("abcdefgh", 3, 5), ["abc", "def", "gh"]);
        assert_eq!(wrap("aa bb cc dd", 5, 1), ["aa b…"]);
        assert_eq!(wrap("", 5, 3), Vec::<String>::new());
        // Columns, not characters: each of these is two columns wide.
        assert_eq!(wrap("起動に失敗 🚀🚀🚀", 4, 2), ["起動", "に…"]);
    }
}
