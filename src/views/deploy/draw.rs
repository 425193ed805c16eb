use jiff::Timestamp;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::{failing_pod, DeployState};
use crate::app::deploy::{BuildPhase, DeployRun, Ended, StepState};
use crate::app::release_cache::Decoded;
use crate::app::world::{Stage, World};
use crate::cluster::health::Health;
use crate::cluster::human_duration::{age_since, human_duration};
use crate::cluster::rollout::{rollout_status, Rollout};
use crate::config::DeployKind;
use crate::keymap::{Action, Keymap};
use crate::text::clip::{clip, clip_middle};
use crate::text::width::str_width;
use crate::theme::{Role, Theme};
use crate::ui::jenkins_text::{duration_of, progress, status_of};
use crate::ui::widgets::confirm::draw_confirm;
use super::output::output_lines;
use crate::views::diagnose::findings::pod_why;
use crate::views::releases::lines::status_role;

/// Below this width the two sides are stacked.
const SIDE_BY_SIDE: u16 = 120;
/// Not-ready pods listed at most (the pods screen has them all).
const PODS_SHOWN: usize = 6;

/// What a stage's matrix row says while its deploy runs: `deploying 43%`.
pub fn matrix_cell(run: &DeployRun, now: Timestamp) -> Option<String> {
    if !run.is_running() {
        return None;
    }
    let doing = run.kind.doing();
    // A helmfile run has no estimate to measure against: its elapsed time.
    if run.helmfile.is_some() {
        return Some(format!(
            "{doing} {}",
            human_duration(now.duration_since(run.started_at))
        ));
    }
    Some(match (&run.phase, &run.build) {
        (BuildPhase::Submitting | BuildPhase::Queued { .. }, _) => format!("{doing} (queued)"),
        (_, Some(b)) if b.building => match progress(b, now) {
            Some(p) => format!("{doing} {p}%"),
            None => doing.to_string(),
        },
        (_, Some(_)) => format!("{doing} (rollout)"),
        _ => doing.to_string(),
    })
}

/// A line of coloured parts, cut to `width`.
fn parts(segs: Vec<(String, Role)>, theme: &Theme, width: usize) -> Line<'static> {
    let mut used = 0;
    let mut spans = Vec::new();
    for (t, role) in segs {
        let room = width.saturating_sub(used);
        if room == 0 {
            break;
        }
        let t = clip(&t, room);
        used += str_width(&t);
        spans.push(Span::styled(t, theme.style(role)));
    }
    Line::from(spans)
}

fn one(t: impl Into<String>, role: Role, theme: &Theme, width: usize) -> Line<'static> {
    parts(vec![(t.into(), role)], theme, width)
}

fn key_hints(keymap: &Keymap, actions: &[(Action, &str)]) -> Vec<(String, Role)> {
    let mut out = vec![("  ".to_string(), Role::Dim)];
    for (a, what) in actions {
        if let Some(k) = keymap.hint(*a) {
            out.push((k, Role::KeyHint));
            out.push((format!(" {what}  "), Role::Dim));
        }
    }
    out
}

/// The banner: where the run is, or how it ended.
fn banner(run: &DeployRun, stage: Option<&Stage>, keymap: &Keymap, now: Timestamp, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let what = format!("{} {}", run.kind.verb(), run.namespace);
    let build = run
        .number()
        .map(|n| format!("{} #{n}", run.job))
        .unwrap_or_else(|| run.job.to_string());
    let Some((ended, at)) = &run.ended else {
        if let Some(h) = &run.helmfile {
            let took = human_duration(now.duration_since(run.started_at));
            let text = match (&h.command, h.signals.last(), &h.end) {
                (None, _, _) => format!("{what}: checking helmfile, helm and the clone…"),
                (_, Some(sig), None) => format!(
                    "{what}: cancelling — {sig} sent{} ({took})",
                    if *sig == "SIGINT" { ", SIGTERM follows after the grace period" } else { "" }
                ),
                (Some(_), None, None) => format!("{what}: {} running ({took})", run.job),
                (Some(_), _, Some(end)) => format!(
                    "{what}: {} {}; waiting for {}",
                    run.job,
                    end.text(),
                    match run.kind {
                        DeployKind::Deploy => "every release deployed and every rollout finished",
                        DeployKind::Uninstall => "the releases and pods to go",
                    }
                ),
            };
            return vec![one(text, Role::HealthPending, theme, width)];
        }
        let text = match (&run.phase, &run.build) {
            (BuildPhase::Submitting, _) => format!("{what}: queuing {}…", run.job),
            (BuildPhase::Queued { id, why }, _) => format!(
                "{what}: {} queued{}{}",
                run.job,
                id.map(|i| format!(" as item {i}")).unwrap_or_default(),
                why.as_ref().map(|w| format!(" — {w}")).unwrap_or_default()
            ),
            (_, Some(b)) if b.building => {
                format!("{what}: {build} {}", status_of(b, now).0)
            }
            (_, Some(b)) => format!(
                "{what}: {build} {}; waiting for {}",
                status_of(b, now).0,
                match run.kind {
                    DeployKind::Deploy => "every release deployed and every rollout finished",
                    DeployKind::Uninstall => "the releases and pods to go",
                }
            ),
            _ => format!("{what}: {build} started"),
        };
        let mut lines = vec![one(text, Role::HealthPending, theme, width)];
        if let Some(e) = &run.poll_error {
            lines.push(one(format!("  {}", e.message), Role::Error, theme, width));
        }
        return lines;
    };
    let took = human_duration(at.duration_since(run.started_at));
    match ended {
        Ended::Done => {
            let text = match run.kind {
                DeployKind::Deploy => format!(
                    "✓ {what} done: all releases deployed, all rollouts finished ({took})"
                ),
                DeployKind::Uninstall => {
                    format!("✓ {what} done: no release and no pod left ({took})")
                }
            };
            vec![one(text, Role::HealthOk, theme, width)]
        }
        Ended::Aborted(why) => vec![one(format!("■ {what} aborted: {why}"), Role::HealthDone, theme, width)],
        Ended::Failed {
            step, what: failure, ..
        } => {
            let mut head = format!("✗ {what} failed: {failure}");
            if let Some(s) = step {
                head.push_str(&format!(", step {s}"));
            }
            let mut lines = vec![one(head, Role::HealthFailed, theme, width)];
            // Refused before it started: the stage's pods are not its doing.
            let refused = run.helmfile.as_ref().is_some_and(|h| h.refused.is_some());
            if let Some(p) = stage.and_then(|s| failing_pod(s, run)).filter(|_| !refused) {
                lines.push(parts(
                    vec![
                        ("  pod ".into(), Role::Dim),
                        (p.name.clone(), Role::HealthFailed),
                        (format!(": {}", pod_why(p, now)), Role::HealthFailed),
                    ],
                    theme,
                    width,
                ));
                let mut keys = vec![
                    (Action::Logs, "its log"),
                    (Action::PreviousLogs, "previous log"),
                    (Action::Events, "events"),
                ];
                if run.helmfile.is_none() {
                    keys.push((Action::Console, "console"));
                }
                lines.push(parts(
                    key_hints(keymap, &keys),
                    theme,
                    width,
                ));
            } else if run.helmfile.is_none() {
                lines.push(parts(
                    key_hints(keymap, &[(Action::Console, "the build's console")]),
                    theme,
                    width,
                ));
            }
            lines
        }
    }
}

/// `Checkout SCM ✓  Diff ✓  Apply …  2m of ~4m`.
fn steps_line(run: &DeployRun, now: Timestamp, theme: &Theme, width: usize) -> Line<'static> {
    let mut segs: Vec<(String, Role)> = Vec::new();
    if let Some(h) = &run.helmfile {
        segs.push((format!("$ {}", run.job), Role::Text));
        if !h.commit.is_empty() {
            segs.push((format!("  at {}", h.commit), Role::Dim));
        }
        let until = run.ended.as_ref().map_or(now, |(_, at)| *at);
        segs.push((format!("  {}", human_duration(until.duration_since(run.started_at))), Role::Dim));
        return parts(segs, theme, width);
    }
    for s in &run.steps {
        let (mark, role) = match s.state {
            StepState::Running => ("…", Role::HealthPending),
            StepState::Done => ("✓", Role::HealthOk),
            StepState::Failed => ("✗", Role::HealthFailed),
            StepState::Skipped => ("–", Role::Dim),
        };
        segs.push((format!("{} {mark}  ", s.name), role));
    }
    if let Some(b) = &run.build {
        segs.push((duration_of(b, now), Role::Dim));
    } else if segs.is_empty() {
        segs.push(("the build has not started".into(), Role::Dim));
    }
    parts(segs, theme, width)
}

fn section(title: &str, theme: &Theme, width: usize) -> Line<'static> {
    one(title, Role::Header, theme, width)
}

/// The stage's side: releases, rollouts, pods not ready.
fn stage_lines(run: &DeployRun, stage: Option<&Stage>, world: &World, now: Timestamp, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(stage) = stage else {
        lines.push(one(
            format!("{} is not in the cluster (any more)", run.namespace),
            Role::Dim,
            theme,
            width,
        ));
        return lines;
    };
    let releases = stage.current_releases();
    lines.push(section(
        &format!("RELEASES ({}; * new since the {} started)", releases.len(), run.kind.verb()),
        theme,
        width,
    ));
    if releases.is_empty() {
        lines.push(one("  none", Role::Dim, theme, width));
    }
    let name_w = releases.keys().map(|n| str_width(n)).max().unwrap_or(4).min(width / 3);
    for (name, r) in &releases {
        let new = if run.is_new(name, r.revision) { "*" } else { " " };
        let chart = match world.decoded.get(&r.namespace, &r.secret) {
            Decoded::Ready(rel) => rel.chart_label(),
            Decoded::Failed(e) => e.short.clone(),
            Decoded::Pending => "…".into(),
        };
        lines.push(parts(
            vec![
                (format!("{new} {} ", crate::text::wrap::pad_right(&clip(name, name_w), name_w)), Role::Text),
                (format!("{:>3} ", r.revision), Role::Text),
                (format!("{:<15} ", r.status.as_str()), status_role(r.status)),
                (chart, Role::Dim),
            ],
            theme,
            width,
        ));
    }
    // A run refused before it started watches no Deployment: no rollout to wait for.
    let refused = run.helmfile.as_ref().is_some_and(|h| h.refused.is_some());
    if run.kind == DeployKind::Deploy && !refused {
        lines.push(section("ROLLOUTS", theme, width));
        match &stage.deployments_watch {
            None => lines.push(one("  watching the Deployments…", Role::Dim, theme, width)),
            Some(_) if stage.deployments.is_empty() => {
                lines.push(one("  no Deployment in the stage", Role::Dim, theme, width))
            }
            Some(_) => {
                let mut done = 0;
                for d in stage.deployments.values() {
                    let (s, role) = match rollout_status(d) {
                        Rollout::Done(_) => {
                            done += 1;
                            continue;
                        }
                        Rollout::Waiting(s) => (s, Role::HealthPending),
                        Rollout::Failed(s) => (s, Role::HealthFailed),
                    };
                    // kubectl's sentences are long: at 80 columns the counts go on a line
                    // of their own rather than being cut off.
                    match s.split_once("finish: ") {
                        Some((head, counts)) if str_width(&s) + 2 > width => {
                            lines.push(one(format!("  {head}finish:"), role, theme, width));
                            lines.push(one(format!("    {counts}"), role, theme, width));
                        }
                        _ => lines.push(one(format!("  {s}"), role, theme, width)),
                    }
                }
                if done > 0 {
                    lines.push(one(
                        format!("  {done} of {} successfully rolled out", stage.deployments.len()),
                        Role::HealthOk,
                        theme,
                        width,
                    ));
                }
            }
        }
    }
    let mut waiting: Vec<_> = stage
        .pods
        .values()
        .filter(|p| !matches!(p.health, Health::Ok | Health::Done))
        .collect();
    waiting.sort_by_key(|p| (!p.health.is_failing(), p.name.clone()));
    lines.push(section(
        &format!("PODS ({} of {} not ready)", waiting.len(), stage.pods.len()),
        theme,
        width,
    ));
    let pod_w = (width / 2).max(10);
    for p in waiting.iter().take(PODS_SHOWN) {
        let new = if p.created.is_some_and(|c| c >= run.started_at) { "*" } else { " " };
        lines.push(parts(
            vec![
                (format!("{new} {} ", crate::text::wrap::pad_right(&clip_middle(&p.name, pod_w), pod_w)), Role::Text),
                (format!("{} ", p.ready_text()), Role::Text),
                (p.status.clone(), crate::ui::health_role(p.health)),
                (format!(" {}", age_since(p.created, now)), Role::Dim),
            ],
            theme,
            width,
        ));
    }
    if waiting.len() > PODS_SHOWN {
        lines.push(one(
            format!("  … {} more (P: the pods)", waiting.len() - PODS_SHOWN),
            Role::Dim,
            theme,
            width,
        ));
    }
    lines
}

/// The build's side: the console's last lines that fit.
fn console_lines(run: &DeployRun, rows: usize, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    if rows == 0 {
        return Vec::new();
    }
    if let Some(h) = &run.helmfile {
        return output_lines(run, h, rows, theme, width);
    }
    let title = match run.number() {
        Some(n) => format!("CONSOLE {} #{n}", run.job),
        None => format!("CONSOLE {} (not started)", run.job),
    };
    let mut lines = vec![section(&title, theme, width)];
    let take = rows - 1;
    let skip = run.console.len().saturating_sub(take);
    for l in run.console.iter().skip(skip) {
        let role = if l.starts_with("[Pipeline]") {
            Role::Dim
        } else if l.starts_with("Error") || l.starts_with("ERROR") {
            Role::Error
        } else {
            Role::Text
        };
        lines.push(one(l.clone(), role, theme, width));
    }
    lines
}

pub fn draw(state: &DeployState, app: &crate::app::App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.width < 10 || area.height < 3 {
        return;
    }
    draw_run(state, app, theme, f, area);
    if let Some(c) = &state.dialog {
        draw_confirm(f, area, theme, c);
    }
}

fn draw_run(state: &DeployState, app: &crate::app::App, theme: &Theme, f: &mut Frame, area: Rect) {
    let width = usize::from(area.width);
    let Some(run) = state.run(&app.world) else {
        f.render_widget(
            Paragraph::new(one(
                format!("no deploy of {} was started here", state.namespace),
                Role::Dim,
                theme,
                width,
            )),
            area,
        );
        return;
    };
    let stage = app.world.stages.get(&run.namespace);
    let mut top = banner(run, stage, &app.keymap, app.now, theme, width);
    top.push(steps_line(run, app.now, theme, width));
    top.push(Line::default());
    let head = u16::try_from(top.len()).unwrap_or(u16::MAX).min(area.height);
    f.render_widget(Paragraph::new(top), Rect { height: head, ..area });
    let body = Rect {
        y: area.y + head,
        height: area.height - head,
        ..area
    };
    let rows = usize::from(body.height);
    if area.width >= SIDE_BY_SIDE {
        let left_w = body.width / 2;
        let left = Rect { width: left_w - 1, ..body };
        let right = Rect {
            x: body.x + left_w + 1,
            width: body.width - left_w - 1,
            ..body
        };
        let console = console_lines(run, rows, theme, usize::from(left.width));
        f.render_widget(Paragraph::new(console), left);
        let side = stage_lines(run, stage, &app.world, app.now, theme, usize::from(right.width));
        f.render_widget(Paragraph::new(side), right);
    } else {
        let mut side = stage_lines(run, stage, &app.world, app.now, theme, width);
        // The console keeps a few lines even when the stage's side is long.
        let console_rows = rows.saturating_sub(side.len() + 1).max(rows.min(5));
        side.truncate(rows.saturating_sub(console_rows + 1));
        side.push(Line::default());
        side.extend(console_lines(run, console_rows, theme, width));
        f.render_widget(Paragraph::new(side), body);
    }
}
