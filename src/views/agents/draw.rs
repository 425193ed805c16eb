use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::state::{origins, template_name, AgentsState, Focus, Liveness};
use crate::app::input::InputKind;
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::repo::agents::Agents;
use crate::repo::commit_message::{Change, Edit};
use crate::repo::jcasc::{ContainerTemplate, Field};
use crate::repo::validate::{Finding, Severity};
use crate::repo::RepoOp;
use crate::text::clip::clip;
use crate::text::wrap::wrap_words;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const TEMPLATE_COLS: [Col; 6] = [
    Col::new("TEMPLATE", 8, 30, 0).flex(),
    Col::new("LABELS", 6, 30, 1).flex(),
    // Whether the team's Jenkins can provision the labels now: what Update configuration changes.
    Col::new("JENKINS", 7, 8, 0),
    Col::new("INHERITS", 8, 24, 2),
    Col::new("CONTAINERS", 10, 10, 3),
    Col::new("FINDINGS", 8, 24, 0),
];

const CONTAINER_COLS: [Col; 6] = [
    Col::new("", 1, 1, 0),
    Col::new("CONTAINER", 9, 24, 0),
    Col::new("IMAGE", 12, 70, 0).flex().keep_end(),
    Col::new("REQ CPU/MEM", 11, 16, 1),
    Col::new("LIM CPU/MEM", 11, 16, 2),
    Col::new("FROM", 4, 24, 0),
];

/// File-level findings shown in the head before the rest is counted.
const FILE_FINDINGS_SHOWN: usize = 2;

/// Uncommitted quick edits listed in the head.
const EDITS_SHOWN: usize = 3;

fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// "2 errors, 1 warning", or "ok", and the role it is shown in.
fn findings_summary<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> (String, Role) {
    let (mut errors, mut warnings) = (0, 0);
    for f in findings {
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
    }
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(count(errors, "error"));
    }
    if warnings > 0 {
        parts.push(count(warnings, "warning"));
    }
    let role = match (errors, warnings) {
        (0, 0) => Role::HealthOk,
        (0, _) => Role::HealthWarn,
        _ => Role::Error,
    };
    if parts.is_empty() {
        ("ok".into(), role)
    } else {
        (parts.join(", "), role)
    }
}

fn finding_role(f: &Finding) -> Role {
    match f.severity {
        Severity::Error => Role::Error,
        Severity::Warning => Role::HealthWarn,
    }
}

fn finding_text(f: &Finding) -> String {
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!("{}:{}:{} {severity}: {}", f.file, f.line, f.column, f.message)
}

/// A finding word-wrapped, its later lines indented so each finding reads as one.
fn wrapped(text: &str, role: Role, width: usize) -> Vec<(String, Role)> {
    wrap_words(text, width.saturating_sub(2).max(10))
        .into_iter()
        .enumerate()
        .map(|(i, l)| (if i == 0 { l } else { format!("  {l}") }, role))
        .collect()
}

/// The head: the file and its totals, a file-level error or findings, the last quick edit's
/// outcome, and the edits not committed yet.
fn head_lines(
    state: &AgentsState,
    agents: &Agents,
    app: &App,
    team: &str,
    width: usize,
) -> Vec<(String, Role)> {
    let mut out = Vec::new();
    let (summary, role) = findings_summary(&agents.findings);
    let templates = count(agents.templates.len(), "pod template");
    out.push((
        format!("{} · {templates} · {summary}", agents.file),
        if agents.error.is_some() {
            Role::Error
        } else if role == Role::HealthOk {
            Role::Title
        } else {
            role
        },
    ));
    if let Some(e) = &agents.error {
        out.extend(wrapped(e, Role::Error, width));
    } else {
        let file_level = agents.file_findings();
        for f in file_level.iter().take(FILE_FINDINGS_SHOWN) {
            out.extend(wrapped(&finding_text(f), finding_role(f), width));
        }
        if file_level.len() > FILE_FINDINGS_SHOWN {
            out.push((
                format!(
                    "… and {} more on no template's lines",
                    file_level.len() - FILE_FINDINGS_SHOWN
                ),
                Role::Dim,
            ));
        }
    }
    out.extend(jenkins_lines(state, app, width));
    let Some(data) = app.world.repos.get(team) else {
        return out;
    };
    if let Some((RepoOp::Save, text)) = &data.busy {
        out.push((text.clone(), Role::HealthPending));
    } else if let Some((RepoOp::Save, Err(e), at)) = &data.last {
        let ago = age_since(Some(*at), app.now);
        out.extend(wrapped(&format!("{e} ({ago} ago)"), Role::Error, width));
    }
    let edits: Vec<&Edit> = data
        .edits
        .iter()
        .filter(|e| e.file == agents.file)
        .collect();
    match edits.as_slice() {
        [] => {}
        [e] => out.extend(wrapped(
            &format!("not committed: {}", edit_text(e)),
            Role::HealthPending,
            width,
        )),
        many => {
            out.push((
                format!(
                    "{} not committed (:repo to commit them):",
                    count(many.len(), "quick edit")
                ),
                Role::HealthPending,
            ));
            for e in many.iter().take(EDITS_SHOWN) {
                out.push((clip(&format!("  {}", edit_text(e)), width), Role::HealthPending));
            }
            if many.len() > EDITS_SHOWN {
                out.push((
                    format!("  … and {} more", many.len() - EDITS_SHOWN),
                    Role::Dim,
                ));
            }
        }
    }
    out
}

/// Why the `JENKINS` column is empty or old: the label poll's failure, said once rather than
/// in every row (no Jenkins configured for the team, a refused token, an unreachable server).
fn jenkins_lines(state: &AgentsState, app: &App, width: usize) -> Vec<(String, Role)> {
    let Some(crate::stale::Lost { error: e, .. }) = &state.live.error else {
        return Vec::new();
    };
    let text = match state.live.updated {
        Some(at) => format!(
            "{} (JENKINS as it was {} ago)",
            e.message,
            age_since(Some(at), app.now)
        ),
        None => e.message.clone(),
    };
    wrapped(&text, Role::Error, width)
}

/// An edit in the commit message's words: `template maven image 3.9 → 3.9.9`.
fn edit_text(e: &Edit) -> String {
    let thing = e.subject.as_deref().unwrap_or(&e.path);
    match &e.change {
        Change::Set { old, new } => format!("{thing} {old} → {new}"),
        Change::Added { value: Some(v) } => format!("{thing} added: {v}"),
        Change::Added { value: None } => format!("{thing} added"),
        Change::Removed => format!("{thing} removed"),
    }
}

fn value(f: &Option<Field>) -> Option<&str> {
    f.as_ref().map(|f| f.value.as_str())
}

/// "500m/1Gi": cpu, then memory; `-` for the one not set, empty when neither is.
fn resources(cpu: &Option<Field>, memory: &Option<Field>) -> String {
    match (value(cpu), value(memory)) {
        (None, None) => String::new(),
        (c, m) => format!("{}/{}", c.unwrap_or("-"), m.unwrap_or("-")),
    }
}

fn container_row(agents: &Agents, c: &ContainerTemplate, picked: bool) -> TableRow {
    TableRow {
        cells: vec![
            if picked { "›".into() } else { String::new() },
            c.name().unwrap_or("(no name)").to_string(),
            c.image().unwrap_or("(no image)").to_string(),
            resources(&c.resource_request_cpu, &c.resource_request_memory),
            resources(&c.resource_limit_cpu, &c.resource_limit_memory),
            origins(agents, c).join("+"),
        ],
        role: if c.image.is_some() {
            Role::Text
        } else {
            Role::Error
        },
    }
}

/// Who runs on this template. The cockpit does not know which jobs ask for which label (that
/// is in each Jenkinsfile), so it says what a job writes to get this template.
fn used_by(labels: &[String]) -> String {
    if labels.is_empty() {
        return "no label: no job can ask for it by label".into();
    }
    let asks: Vec<String> = labels
        .iter()
        .map(|l| format!("{{ label '{l}' }}"))
        .collect();
    format!("used by: jobs with agent {}", asks.join(" or "))
}

/// Renders lines one per row from `y`, as many as fit above `bottom`; returns the next row.
fn put_lines(f: &mut Frame, theme: &Theme, area: Rect, y: u16, lines: &[(String, Role)]) -> u16 {
    let mut y = y;
    for (text, role) in lines {
        if y >= area.bottom() {
            break;
        }
        let row = Rect { y, height: 1, ..area };
        f.render_widget(
            Line::from(Span::styled(
                clip(text, usize::from(area.width)),
                theme.style(*role),
            )),
            row,
        );
        y += 1;
    }
    y
}

fn rows_of(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// What the input bar below is about to change, while it is open.
fn editing_lines(state: &AgentsState, app: &App, width: usize) -> Vec<(String, Role)> {
    let (Some(e), Some(input)) = (&state.editing, &app.input) else {
        return Vec::new();
    };
    if input.kind != InputKind::Field {
        return Vec::new();
    }
    let text = match &e.seen_from {
        None => format!(
            "new image for container `{}` of template `{}` (line {}); enter writes it, esc keeps it",
            e.container, e.template, e.line
        ),
        Some(seen) => format!(
            "`{}` is inherited: its image is written in template `{}` (line {}), the parent of `{seen}`: every template inheriting from `{}` gets it",
            e.container, e.template, e.line, e.template
        ),
    };
    wrap_words(&text, width)
        .into_iter()
        .map(|l| (l, Role::HealthPending))
        .collect()
}

pub fn draw(state: &AgentsState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 4 || area.width < 20 {
        return;
    }
    let width = usize::from(area.width);
    let Some(agents) = state.agents(&app.world) else {
        put_lines(
            f,
            theme,
            area,
            area.y,
            &[("Reading the JCasC file…".into(), Role::HealthPending)],
        );
        return;
    };
    let editing = editing_lines(state, app, width);
    let bottom = area.bottom().saturating_sub(rows_of(editing.len()));
    put_lines(f, theme, area, bottom, &editing);
    let area = Rect {
        height: bottom.saturating_sub(area.y),
        ..area
    };

    let head = head_lines(state, agents, app, &state.team, width);
    let mut y = put_lines(
        f,
        theme,
        Rect {
            height: area.height.saturating_sub(3),
            ..area
        },
        area.y,
        &head,
    );
    let Some(selected) = state.selected(agents) else {
        let text = if agents.error.is_some() {
            "no pod templates can be read until the file parses".to_string()
        } else {
            format!(
                "no Kubernetes pod templates in {} (jenkins.clouds[].kubernetes.templates)",
                agents.file
            )
        };
        draw_empty(
            f,
            Rect {
                y,
                height: area.bottom().saturating_sub(y),
                ..area
            },
            theme,
            &text,
        );
        return;
    };

    // The templates take what they need, up to half of what is left: the selected one's
    // containers and findings below are what the screen is for.
    let left = area.bottom().saturating_sub(y);
    let table_h = rows_of(agents.templates.len() + 1).min((left / 2).max(3));
    let page = usize::from(table_h.saturating_sub(1)).max(1);
    let mut cursor = state.cursor;
    cursor.clamp(agents.templates.len(), page);
    let rows = agents
        .templates
        .iter()
        .enumerate()
        .skip(cursor.offset)
        .take(page)
        .map(|(i, t)| {
            let (findings, role) = findings_summary(agents.findings_of(i));
            let live = state.liveness(&t.template.labels);
            TableRow {
                cells: vec![
                    template_name(t).to_string(),
                    t.template.labels.join(" "),
                    live.text().to_string(),
                    t.template.inherit_from.join(" "),
                    t.effective
                        .as_ref()
                        .map_or("?".into(), |c| c.len().to_string()),
                    findings,
                ],
                // Findings first; a clean template Jenkins cannot run yet waits for a reload.
                role: match (role, live) {
                    (Role::HealthOk, Liveness::NotLive) => Role::HealthPending,
                    (Role::HealthOk, _) => Role::Text,
                    (role, _) => role,
                },
            }
        })
        .collect();
    draw_table(
        f,
        Rect {
            y,
            height: table_h,
            ..area
        },
        theme,
        &TEMPLATE_COLS,
        rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
    y += table_h + 1;

    let t = &agents.templates[selected];
    let heading = format!(
        "{} · {}",
        template_name(t),
        used_by(&t.template.labels)
    );
    y = put_lines(f, theme, area, y, &[(heading, Role::Title)]);
    match &t.effective {
        Err(e) => {
            y = put_lines(
                f,
                theme,
                area,
                y,
                &[(format!("containers unknown: {e}"), Role::Error)],
            );
        }
        Ok(containers) if containers.is_empty() => {
            y = put_lines(f, theme, area, y, &[("no containers".into(), Role::Dim)]);
        }
        Ok(containers) => {
            let picked = state.picked_container(agents);
            let h = rows_of(containers.len() + 1).min(area.bottom().saturating_sub(y));
            let rows = containers
                .iter()
                .enumerate()
                .map(|(i, c)| container_row(agents, c, picked == Some(i)))
                .collect();
            let focused = (state.focus == Focus::Containers).then_some(picked).flatten();
            draw_table(
                f,
                Rect {
                    y,
                    height: h,
                    ..area
                },
                theme,
                &CONTAINER_COLS,
                rows,
                focused,
                None,
            );
            y += h;
        }
    }

    let findings: Vec<Vec<(String, Role)>> = agents
        .findings_of(selected)
        .into_iter()
        .map(|f| wrapped(&finding_text(f), finding_role(f), width))
        .collect();
    let room = usize::from(area.bottom().saturating_sub(y + 1));
    put_lines(f, theme, area, y + 1, &fitted(findings, room));
}

/// Whole findings while they fit in `room` rows; if some do not, the last row says how many.
fn fitted(findings: Vec<Vec<(String, Role)>>, room: usize) -> Vec<(String, Role)> {
    let total: usize = findings.iter().map(Vec::len).sum();
    if total <= room {
        return findings.into_iter().flatten().collect();
    }
    let mut out = Vec::new();
    let mut shown = 0;
    for lines in &findings {
        if out.len() + lines.len() + 1 > room {
            break;
        }
        out.extend(lines.iter().cloned());
        shown += 1;
    }
    if room > 0 {
        out.push((
            format!(
                "… and {} more (a taller terminal shows them)",
                count(findings.len() - shown, "finding")
            ),
            Role::Dim,
        ));
    }
    out
}
