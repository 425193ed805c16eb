use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::state::{CommitFocus, CommitState, SUMMARY_MAX};
use crate::app::App;
use crate::repo::validate::Severity;
use crate::repo::RepoOp;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};

fn focused(state: &CommitState, f: CommitFocus, role: Role) -> Role {
    if state.focus == f {
        Role::Selection
    } else {
        role
    }
}

pub fn draw(state: &CommitState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 3 || area.width < 20 {
        return;
    }
    let data = app.world.repos.get(&state.team);
    let status = data.and_then(|d| d.status.as_ref());
    let mut lines = Vec::new();
    let branch = status
        .and_then(|s| s.branch.clone())
        .unwrap_or_else(|| "?".into());
    lines.push(Line::from(Span::styled(
        format!("Commit to the {} config repo ({branch})", state.team),
        theme.style(Role::Title),
    )));
    lines.push(match status.and_then(|s| s.author.as_ref()) {
        Some((n, e)) => Line::from(Span::styled(
            format!("as {n} <{e}>"),
            theme.style(Role::Dim),
        )),
        None => Line::from(Span::styled(
            "git user.name/user.email unset: git config --global user.name \"Your Name\"",
            theme.style(Role::Error),
        )),
    });
    let count = str_width(&state.summary);
    let counter_role = if count > SUMMARY_MAX {
        Role::Error
    } else {
        Role::Dim
    };
    lines.push(Line::from(vec![
        Span::styled("Summary ", theme.style(Role::Header)),
        Span::styled(
            if state.summary.is_empty() {
                "(empty: enter to write)".to_string()
            } else {
                state.summary.clone()
            },
            theme.style(focused(state, CommitFocus::Summary, Role::Text)),
        ),
        Span::styled(format!("  {count}/{SUMMARY_MAX}"), theme.style(counter_role)),
    ]));
    lines.push(Line::from(vec![
        Span::styled("Body    ", theme.style(Role::Header)),
        Span::styled(
            if state.body.is_empty() {
                "(optional)".to_string()
            } else {
                state.body.clone()
            },
            theme.style(focused(state, CommitFocus::Body, Role::Dim)),
        ),
    ]));
    lines.push(Line::from(Span::styled(
        "Files (space: in or out)",
        theme.style(Role::Header),
    )));
    for (i, (c, on)) in state.files.iter().enumerate() {
        lines.push(Line::from(Span::styled(
            format!(
                "  [{}] {} {}",
                if *on { 'x' } else { ' ' },
                c.kind.letter(),
                c.path
            ),
            theme.style(focused(
                state,
                CommitFocus::File(i),
                if *on { Role::HealthWarn } else { Role::Dim },
            )),
        )));
    }
    lines.push(Line::from(Span::styled(
        "  [ Commit ]",
        theme.style(focused(state, CommitFocus::Button, Role::KeyHint)),
    )));
    let findings = state.findings(&app.world);
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        lines.push(Line::from(Span::styled(
            if state.override_errors {
                format!("{errors} validation error(s): committing anyway (! again: don't)")
            } else {
                format!("{errors} validation error(s) block the commit (! commits anyway):")
            },
            theme.style(if state.override_errors {
                Role::HealthWarn
            } else {
                Role::Error
            }),
        )));
    }
    for f in findings.iter().take(4) {
        let role = match f.severity {
            Severity::Error => Role::Error,
            Severity::Warning => Role::HealthWarn,
        };
        lines.push(Line::from(Span::styled(
            format!("  {}:{}:{}: {}", f.file, f.line, f.column, f.message),
            theme.style(role),
        )));
    }
    if let Some(d) = data {
        if let Some((_, text)) = &d.busy {
            lines.push(Line::from(Span::styled(
                text.clone(),
                theme.style(Role::HealthPending),
            )));
        } else if let (true, Some((op, result, _))) = (state.submitted, &d.last) {
            // What to do next, after what just happened.
            let next = match (op, &d.jcasc_pushed) {
                (RepoOp::Commit, _) => "P pushes, esc goes back".to_string(),
                (_, Some(c)) => {
                    format!("{c} changed the JCasC: U on the repo screen runs Update configuration")
                }
                _ => "esc goes back".to_string(),
            };
            lines.push(match result {
                Ok(t) => Line::from(Span::styled(format!("{t} — {next}"), theme.style(Role::Info))),
                Err(e) => Line::from(Span::styled(e.clone(), theme.style(Role::Error))),
            });
        }
    }
    // Keep the focused line on screen in a short terminal.
    let focus_line = match state.focus {
        CommitFocus::Summary => 2,
        CommitFocus::Body => 3,
        CommitFocus::File(i) => 5 + i,
        CommitFocus::Button => 5 + state.files.len(),
    };
    let height = usize::from(area.height);
    let scroll = (focus_line + 2).saturating_sub(height);
    f.render_widget(
        Paragraph::new(lines).scroll((u16::try_from(scroll).unwrap_or(0), 0)),
        area,
    );
}
