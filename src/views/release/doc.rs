//! The text tabs of a release's detail (status, values, computed values, manifest, hooks, diff)
//! as lines of styled pieces. Built the same way for scrolling and for drawing. Every text that
//! comes from the payload or the labels passes the sanitiser here. No ratatui.

use jiff::Timestamp;

use super::state::{DiffSubject, ReleaseState, Tab};
use crate::app::release_cache::Decoded;
use crate::app::world::World;
use crate::cluster::human_duration::{age_since, human_duration};
use crate::helm::diff::{unified, DiffKind};
use crate::helm::helm_time::ansic;
use crate::helm::values::{coalesce, to_yaml};
use crate::helm::{Hook, Release, ReleaseRow};
use crate::text::width::str_width;
use crate::text::wrap::{pad_right, wrap_words};
use crate::theme::Role;
use crate::views::releases::status_role;

/// Plain text: the theme's ordinary foreground.
pub const TEXT: Role = Role::Text;
/// Unchanged lines shown around each change of a diff.
const DIFF_CONTEXT: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub role: Role,
}

pub type DocLine = Vec<Piece>;

fn piece(text: impl Into<String>, role: Role) -> Piece {
    Piece {
        text: text.into(),
        role,
    }
}

fn line(text: impl Into<String>, role: Role) -> DocLine {
    vec![piece(text, role)]
}

pub fn line_width(l: &DocLine) -> usize {
    l.iter().map(|p| str_width(&p.text)).sum()
}

/// The lines of the current tab (none for the table tabs) at `width` columns.
pub fn build(state: &ReleaseState, world: &World, width: u16, now: Timestamp) -> Vec<DocLine> {
    let width = usize::from(width).max(20);
    match state.tab {
        Tab::Status => status(state, world, width, now),
        Tab::Values => with_shown(state, world, |rel| {
            values_lines("USER-SUPPLIED VALUES:", &to_yaml(&rel.config))
        }),
        Tab::Computed => with_shown(state, world, |rel| {
            let all = coalesce(&rel.chart.values, &rel.config);
            values_lines("COMPUTED VALUES:", &to_yaml(&all))
        }),
        Tab::Manifest => with_shown(state, world, |rel| manifest_lines(&rel.manifest)),
        Tab::Hooks => with_shown(state, world, |rel| hooks(rel, now)),
        Tab::Diff => diff(state, world),
        Tab::History | Tab::Pods => Vec::new(),
    }
}

/// The shown revision's lines, or why there are none yet.
fn with_shown(
    state: &ReleaseState,
    world: &World,
    f: impl FnOnce(&Release) -> Vec<DocLine>,
) -> Vec<DocLine> {
    let Some(row) = state.shown(world) else {
        return no_revisions(state);
    };
    match ReleaseState::decoded(world, row) {
        Decoded::Ready(rel) => f(rel),
        other => vec![not_ready(row, other)],
    }
}

fn no_revisions(state: &ReleaseState) -> Vec<DocLine> {
    vec![line(
        format!(
            "no revisions of {} in {} (uninstalled?)",
            state.name, state.namespace
        ),
        Role::Dim,
    )]
}

fn not_ready(row: &ReleaseRow, d: Decoded) -> DocLine {
    match d {
        Decoded::Failed(e) => line(
            format!("cannot read revision {}: {}", row.revision, e.text),
            Role::Error,
        ),
        _ => line(format!("decoding revision {}…", row.revision), Role::Dim),
    }
}

/// `LABEL: value`, the value word-wrapped under itself.
fn kv(out: &mut Vec<DocLine>, label: &str, value: &str, role: Role, width: usize) {
    let lead = format!("{label}: ");
    let hang = str_width(&lead).min(width / 3);
    let room = width.saturating_sub(hang).max(10);
    let mut first = true;
    for part in wrap_words(value, room) {
        let mut l = if first {
            vec![piece(lead.clone(), Role::Dim)]
        } else {
            vec![piece(" ".repeat(hang), Role::Dim)]
        };
        first = false;
        l.push(piece(part, role));
        out.push(l);
    }
    if first {
        out.push(vec![piece(lead, Role::Dim)]);
    }
}

/// As `helm status` prints it, plus what the Secrets' labels say is wrong.
fn status(state: &ReleaseState, world: &World, width: usize, now: Timestamp) -> Vec<DocLine> {
    let mut out = Vec::new();
    let revs = state.revisions(world);
    let Some(row) = state.shown(world) else {
        out.extend(no_revisions(state));
        problems(state, world, &mut out);
        return out;
    };
    let rel = ReleaseState::decoded_release(world, row);
    let when = |t: Option<Timestamp>| match t {
        Some(t) => format!("{} ({} ago)", ansic(Some(t)), age_since(Some(t), now)),
        None => "-".into(),
    };
    kv(&mut out, "NAME", &row.name, Role::Title, width);
    if let Some(rel) = rel {
        kv(
            &mut out,
            "LAST DEPLOYED",
            &when(rel.info.last_deployed),
            TEXT,
            width,
        );
    }
    kv(&mut out, "NAMESPACE", &row.namespace, TEXT, width);
    kv(
        &mut out,
        "STATUS",
        row.status.as_str(),
        status_role(row.status),
        width,
    );
    let latest = revs.last().map_or(0, |r| r.revision);
    let revision = if row.revision == latest {
        format!("{} (latest of {})", row.revision, revs.len())
    } else {
        format!("{} (the latest is {latest})", row.revision)
    };
    kv(&mut out, "REVISION", &revision, TEXT, width);
    match ReleaseState::decoded(world, row) {
        Decoded::Ready(rel) => {
            kv(&mut out, "CHART", &rel.chart_label(), TEXT, width);
            kv(&mut out, "APP VERSION", rel.app_version(), TEXT, width);
            let role = if row.status == crate::helm::ReleaseStatus::Failed {
                Role::ReleaseFailed
            } else {
                TEXT
            };
            kv(&mut out, "DESCRIPTION", &rel.info.description, role, width);
            kv(
                &mut out,
                "FIRST DEPLOYED",
                &when(rel.info.first_deployed),
                TEXT,
                width,
            );
            if rel.info.deleted.is_some() {
                kv(&mut out, "DELETED", &when(rel.info.deleted), TEXT, width);
            }
            if let Some(r) = rel.info.rollback_revision {
                kv(&mut out, "ROLLED BACK TO", &r.to_string(), TEXT, width);
            }
            if !rel.info.notes.trim().is_empty() {
                out.push(Vec::new());
                out.push(line("NOTES:", Role::Header));
                out.extend(text_lines(&rel.info.notes, TEXT));
            }
        }
        other => out.push(not_ready(row, other)),
    }
    problems(state, world, &mut out);
    out
}

fn problems(state: &ReleaseState, world: &World, out: &mut Vec<DocLine>) {
    let bad = state.problems(world);
    if bad.is_empty() {
        return;
    }
    out.push(Vec::new());
    out.push(line("SECRETS WITH BROKEN LABELS:", Role::Header));
    for r in bad {
        out.push(vec![
            piece(format!("{} ", r.secret), TEXT),
            piece(r.problem.clone().unwrap_or_default(), Role::Error),
        ]);
    }
}

/// Multi-line payload text (sanitised when decoded), a line each.
fn text_lines(text: &str, role: Role) -> Vec<DocLine> {
    text.trim_end_matches('\n')
        .lines()
        .map(|l| line(l, role))
        .collect()
}

fn values_lines(title: &str, yaml: &str) -> Vec<DocLine> {
    let mut out = vec![line(title, Role::Header)];
    out.extend(text_lines(yaml, TEXT));
    out
}

fn manifest_lines(manifest: &str) -> Vec<DocLine> {
    if manifest.trim().is_empty() {
        return vec![line("the manifest is empty", Role::Dim)];
    }
    text_lines(manifest, TEXT)
        .into_iter()
        .map(|mut l| {
            let t = &l[0].text;
            if t == "---" || t.starts_with("# Source:") {
                l[0].role = Role::Dim;
            }
            l
        })
        .collect()
}

fn last_run(h: &Hook, now: Timestamp) -> String {
    let run = &h.last_run;
    if run.phase.is_empty() {
        return "never ran".into();
    }
    let mut s = run.phase.clone();
    if let Some(t) = run.started_at {
        s.push_str(&format!(", {} ago", age_since(Some(t), now)));
    }
    if let (Some(a), Some(b)) = (run.started_at, run.completed_at) {
        s.push_str(&format!(", took {}", human_duration(b.duration_since(a))));
    }
    s
}

/// A table of the hooks (`helm get hooks` prints only their manifests), then their manifests.
fn hooks(rel: &Release, now: Timestamp) -> Vec<DocLine> {
    if rel.hooks.is_empty() {
        return vec![line("this release has no hooks", Role::Dim)];
    }
    let rows: Vec<[String; 5]> = rel
        .hooks
        .iter()
        .map(|h| {
            [
                h.name.clone(),
                h.kind.clone(),
                h.events.join(","),
                h.weight.to_string(),
                last_run(h, now),
            ]
        })
        .collect();
    let titles = ["HOOK", "KIND", "EVENTS", "WEIGHT", "LAST RUN"];
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            rows.iter()
                .map(|r| str_width(&r[i]))
                .chain([titles[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let fmt = |cells: [&str; 5]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i < 4 {
                s.push_str(&pad_right(c, widths[i]));
                s.push(' ');
            } else {
                s.push_str(c);
            }
        }
        s
    };
    let mut out = vec![line(fmt(titles), Role::Header)];
    for (r, h) in rows.iter().zip(&rel.hooks) {
        let role = match h.last_run.phase.as_str() {
            "Failed" => Role::HealthFailed,
            "Running" => Role::HealthPending,
            _ => TEXT,
        };
        out.push(line(fmt([&r[0], &r[1], &r[2], &r[3], &r[4]]), role));
    }
    for h in &rel.hooks {
        out.push(Vec::new());
        out.push(line(format!("# Source: {}", h.path), Role::Dim));
        out.extend(text_lines(&h.manifest, TEXT));
    }
    out
}

/// What the diff compares, as text.
fn subject_text(rel: &Release, subject: DiffSubject) -> String {
    match subject {
        DiffSubject::Values => to_yaml(&rel.config),
        DiffSubject::Manifest => rel.manifest.clone(),
    }
}

fn diff(state: &ReleaseState, world: &World) -> Vec<DocLine> {
    let Some((a, b)) = state.diff_pair(world) else {
        return no_revisions(state);
    };
    let what = match state.diff_subject {
        DiffSubject::Values => "values",
        DiffSubject::Manifest => "manifest",
    };
    let mut out = vec![line(
        format!("{what}: revision {} → revision {}", a.revision, b.revision),
        Role::Title,
    )];
    let (ra, rb) = match (
        ReleaseState::decoded(world, a),
        ReleaseState::decoded(world, b),
    ) {
        (Decoded::Ready(ra), Decoded::Ready(rb)) => (ra, rb),
        (da, db) => {
            for (row, d) in [(a, da), (b, db)] {
                if !matches!(d, Decoded::Ready(_)) {
                    out.push(not_ready(row, d));
                }
            }
            return out;
        }
    };
    if a.revision == b.revision {
        out.push(line(
            "the same revision on both sides: choose another",
            Role::Dim,
        ));
        return out;
    }
    let lines = unified(
        &subject_text(ra, state.diff_subject),
        &subject_text(rb, state.diff_subject),
        DIFF_CONTEXT,
    );
    if lines.is_empty() {
        out.push(line(format!("no differences in {what}"), Role::Dim));
        return out;
    }
    out.extend(lines.into_iter().map(|l| {
        let (prefix, role) = match l.kind {
            DiffKind::Hunk => ("", Role::Dim),
            DiffKind::Added => ("+", Role::DiffAdd),
            DiffKind::Removed => ("-", Role::DiffDel),
            DiffKind::Same => (" ", TEXT),
        };
        line(format!("{prefix}{}", l.text), role)
    }));
    out
}
