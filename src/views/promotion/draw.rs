use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::state::PromotionState;
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::repo::promotion::Step;
use crate::text::clip::clip_middle;
use crate::theme::{Role, Theme};
use crate::ui::widgets::confirm::draw_confirm;
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const STAGE_COLS: [Col; 5] = [
    Col::new("STAGE", 5, 16, 0),
    Col::new("PROMOTES FROM → TO", 12, 60, 0).flex(),
    Col::new("PENDING", 7, 7, 0),
    Col::new("BEHIND", 6, 6, 1),
    Col::new("HOW", 8, 40, 0),
];

const COMMIT_COLS: [Col; 4] = [
    Col::new("COMMIT", 7, 7, 0),
    Col::new("SUBJECT", 12, 90, 0).flex(),
    Col::new("AUTHOR", 6, 20, 1),
    Col::new("AGE", 3, 7, 1),
];

fn line(f: &mut Frame, theme: &Theme, area: Rect, y: u16, text: String, role: Role) {
    if y >= area.y + area.height {
        return;
    }
    let r = Rect {
        y,
        height: 1,
        ..area
    };
    let text = clip_middle(&text, usize::from(area.width));
    f.render_widget(Line::from(Span::styled(text, theme.style(role))), r);
}

/// What "promote" would do to the stage, in a word or two.
fn how(step: &Step, protected: bool) -> (String, Role) {
    let lock = if protected { " · protected" } else { "" };
    match &step.pending {
        Err(e) => (e.clone(), Role::Error),
        Ok(p) if p.ahead == 0 => (format!("up to date{lock}"), Role::Dim),
        Ok(p) if p.fast_forward() => (format!("fast-forward{lock}"), Role::HealthOk),
        Ok(_) => (format!("merge commit{lock}"), Role::HealthWarn),
    }
}

pub fn draw(state: &PromotionState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 6 || area.width < 20 {
        return;
    }
    let data = app.world.promotions.get(&state.team);
    let steps = state.steps(&app.world);
    let mut y = area.y;
    let chain: Vec<&str> = steps
        .first()
        .map(|s| s.from.as_str())
        .into_iter()
        .chain(steps.iter().map(|s| s.to.as_str()))
        .collect();
    if !chain.is_empty() {
        line(f, theme, area, y, format!("a branch per stage: {}", chain.join(" → ")), Role::Title);
        y += 1;
    }
    let status = match data {
        Some(d) if d.busy.is_some() => d.busy.clone().map(|b| (b, Role::HealthPending)),
        Some(d) => d.last.as_ref().map(|(_, r, at)| {
            let ago = age_since(Some(*at), app.now);
            match r {
                Ok(t) => (format!("{t} ({ago} ago)"), Role::Info),
                Err(e) => (format!("{e} ({ago} ago)"), Role::Error),
            }
        }),
        None => None,
    };
    if let Some((text, role)) = status {
        line(f, theme, area, y, text, role);
        y += 1;
    }
    let body = Rect {
        y,
        height: area.y + area.height - y,
        ..area
    };
    if steps.is_empty() {
        let text = match data.and_then(|d| d.steps.as_ref()) {
            Some(_) => "the config names no stage branches (teams[…].promotion.branches)",
            None => "fetching the stage branches…",
        };
        draw_empty(f, body, theme, text);
        return;
    }
    let selected = state.selected(&app.world);
    let rows: Vec<TableRow> = steps
        .iter()
        .map(|s| {
            let protected = app
                .world
                .protected
                .contains(&format!("{}-{}", state.team, s.stage));
            let (how_text, role) = how(s, protected);
            let (ahead, behind) = match &s.pending {
                Ok(p) => (p.ahead.to_string(), p.behind.to_string()),
                Err(_) => ("?".into(), "?".into()),
            };
            TableRow {
                cells: vec![
                    s.stage.clone(),
                    format!("{} → {}", s.from, s.to),
                    ahead,
                    behind,
                    how_text,
                ],
                role,
            }
        })
        .collect();
    let table_h = u16::try_from(rows.len() + 1)
        .unwrap_or(u16::MAX)
        .min(body.height);
    draw_table(
        f,
        Rect {
            height: table_h,
            ..body
        },
        theme,
        &STAGE_COLS,
        rows,
        Some(selected),
        None,
    );
    let mut y = body.y + table_h + 1;
    let bottom = area.y + area.height;
    if let Some(step) = steps.get(selected) {
        match &step.pending {
            Err(e) => line(f, theme, area, y, format!("{}: {e}", step.stage), Role::Error),
            Ok(p) if p.ahead == 0 => line(
                f,
                theme,
                area,
                y,
                format!("{} has every commit of {}: nothing pending", step.to, step.from),
                Role::Dim,
            ),
            Ok(p) => {
                line(
                    f,
                    theme,
                    area,
                    y,
                    format!(
                        "{} commit(s) of {} pending for {} ({})",
                        p.ahead, step.from, step.stage, step.to
                    ),
                    Role::Title,
                );
                y += 1;
                if p.behind > 0 {
                    line(
                        f,
                        theme,
                        area,
                        y,
                        format!(
                            "{} has {} commit(s) of its own: promote makes a merge commit",
                            step.to, p.behind
                        ),
                        Role::HealthWarn,
                    );
                    y += 1;
                }
                // Two lines below the commits: the files and who.
                let room = bottom.saturating_sub(y + 2);
                let shown = usize::from(room.saturating_sub(1)).min(p.commits.len());
                if shown > 0 {
                    let rows = p
                        .commits
                        .iter()
                        .take(shown)
                        .map(|c| TableRow {
                            cells: vec![
                                c.short_id().to_string(),
                                c.subject.clone(),
                                c.author.clone(),
                                age_since(Some(c.time), app.now),
                            ],
                            role: Role::Text,
                        })
                        .collect();
                    let h = u16::try_from(shown + 1).unwrap_or(room);
                    draw_table(
                        f,
                        Rect { y, height: h, ..area },
                        theme,
                        &COMMIT_COLS,
                        rows,
                        None,
                        None,
                    );
                    y += h;
                }
                let more = p.ahead.saturating_sub(shown);
                let files = format!(
                    "files ({}): {}{}",
                    p.files.len(),
                    p.files.join(", "),
                    if more > 0 { format!(" · {more} more commit(s)") } else { String::new() }
                );
                line(f, theme, area, y, files, Role::Info);
                line(f, theme, area, y + 1, format!("by: {}", p.authors.join(", ")), Role::Dim);
            }
        }
    }
    if let Some(c) = &state.confirm {
        draw_confirm(f, area, theme, c);
    }
}
