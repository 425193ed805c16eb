use ratatui::layout::Rect;
use ratatui::Frame;

use super::state::{DriftState, HEAD_LINES};
use crate::app::drift::DriftView;
use crate::app::App;
use crate::repo::drift::{DriftRow, DriftState as RowState, StageDrift};
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};
use crate::ui::widgets::segments::{pad, put, Segs};
use crate::ui::widgets::table::draw_empty;

/// The STATE column's word and colour.
fn state_word(s: &RowState) -> (String, Role) {
    match s {
        RowState::InSync => ("in sync".into(), Role::HealthOk),
        RowState::Drifted(_) => ("drifted".into(), Role::HealthWarn),
        RowState::Missing => ("missing".into(), Role::HealthWarn),
        RowState::Extra => ("extra".into(), Role::HealthWarn),
        RowState::Failed { .. } => ("failed".into(), Role::HealthFailed),
        RowState::Pending { status, .. } => (status.as_str().into(), Role::HealthPending),
        RowState::Unknown(_) => ("…".into(), Role::Dim),
    }
}

/// The WHAT column: why the state is what it is, in a few words.
fn what(r: &DriftRow) -> String {
    match &r.state {
        RowState::InSync if r.revision.is_none() => "installed: false, not deployed".into(),
        RowState::InSync => String::new(),
        RowState::Drifted(d) => {
            let mut parts = Vec::new();
            if d.uninstall {
                parts.push("installed: false in the Helmfile".to_string());
            }
            if let Some((have, want)) = &d.chart_version {
                parts.push(format!("chart {have} → {want}"));
            }
            match d.values.len() {
                0 => {}
                1 => parts.push("1 value".into()),
                n => parts.push(format!("{n} values")),
            }
            parts.join(", ")
        }
        RowState::Missing => "in the Helmfile, not deployed".into(),
        RowState::Extra => "deployed, not in the Helmfile".into(),
        RowState::Failed { revision } => format!("revision {revision} failed"),
        RowState::Pending { revision, .. } => format!("revision {revision} in flight"),
        RowState::Unknown(None) => "reading the release…".into(),
        RowState::Unknown(Some(why)) => why.clone(),
    }
}

/// One screen line: its text and colours, and the release row it belongs to.
struct Out {
    segs: Segs,
    release: usize,
    head: bool,
}

fn body(d: &StageDrift, width: usize) -> Vec<Out> {
    let name_w = d
        .rows
        .iter()
        .map(|r| str_width(&r.release))
        .max()
        .unwrap_or(0)
        .clamp(7, 32);
    let mut out = Vec::new();
    for (i, r) in d.rows.iter().enumerate() {
        let (word, role) = state_word(&r.state);
        let rev = r.revision.map_or("-".into(), |v| v.to_string());
        out.push(Out {
            segs: vec![
                (format!("{} ", pad(&r.release, name_w)), Role::Text),
                (format!("{:>3} ", rev), Role::Text),
                (format!("{} ", pad(&word, 8)), role),
                (what(r), Role::Text),
            ],
            release: i,
            head: true,
        });
        let RowState::Drifted(drift) = &r.state else {
            continue;
        };
        // Side by side: key · deployed · desired, the desired side coloured as a change.
        let key_w = drift
            .values
            .iter()
            .map(|v| str_width(&v.key))
            .max()
            .unwrap_or(0)
            .min(width.saturating_sub(8) / 3)
            .max(3);
        let val_w = width.saturating_sub(4 + key_w + 3 + 2) / 2;
        for v in &drift.values {
            let (have, have_role) = match &v.deployed {
                Some(s) => (s.clone(), Role::DiffDel),
                None => ("(not set)".to_string(), Role::Dim),
            };
            let (want, want_role) = match &v.desired {
                Some(s) => (s.clone(), Role::DiffAdd),
                None => ("(not set)".to_string(), Role::Dim),
            };
            out.push(Out {
                segs: vec![
                    (format!("    {} ", pad(&v.key, key_w)), Role::Dim),
                    (format!("{} ", pad(&have, val_w)), have_role),
                    ("→ ".into(), Role::Dim),
                    (clip(&want, val_w), want_role),
                ],
                release: i,
                head: false,
            });
        }
    }
    out
}

pub fn draw(state: &DriftState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let (ns, view) = state.view(&app.world);
    let ns = ns.unwrap_or_else(|| state.team.clone());
    let d = match view {
        DriftView::Known(d) => d,
        other => {
            let text = match other {
                DriftView::NoRepo => crate::app::repo_data::no_repo_text(&state.team),
                DriftView::Reading => format!("reading {}'s Helmfile…", state.team),
                DriftView::Unrendered(e) => format!("the Helmfile does not render for {ns}: {e}"),
                DriftView::Unreadable(who) => format!(
                    "the Helm releases in {ns} cannot be read ({who}): drift compares them \
                     with the Helmfile — `:access {}` shows what you may do",
                    state.team
                ),
                _ => format!("the Helmfile has no environment for {ns}"),
            };
            draw_empty(f, area, theme, &text);
            return;
        }
    };
    let counts = d.counts();
    let head_role = if counts.undeployed() {
        Role::HealthWarn
    } else if counts.failed > 0 {
        Role::HealthFailed
    } else {
        Role::HealthOk
    };
    let head: Segs = vec![
        (format!("{ns}  "), Role::Title),
        (counts.headline(), head_role),
    ];
    put(f, theme, area, area.y, head, None);
    if d.rows.is_empty() {
        let rest = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        draw_empty(f, rest, theme, "no releases: none in the Helmfile, none deployed");
        return;
    }
    let lines = body(&d, usize::from(area.width));
    let name_w = d
        .rows
        .iter()
        .map(|r| str_width(&r.release))
        .max()
        .unwrap_or(0)
        .clamp(7, 32);
    put(
        f,
        theme,
        area,
        area.y + 1,
        vec![(
            format!("{} REV {} WHAT", pad("RELEASE", name_w), pad("STATE", 8)),
            Role::Header,
        )],
        None,
    );
    let avail = usize::from(area.height).saturating_sub(HEAD_LINES);
    let selected = state.cursor.selected.min(d.rows.len().saturating_sub(1));
    let sel_line = lines
        .iter()
        .position(|l| l.head && l.release == selected)
        .unwrap_or(0);
    let sel_len = lines.iter().filter(|l| l.release == selected).count();
    // The selected release and as much of its diff as fits stay on screen.
    let top = (sel_line + sel_len.min(avail.max(1))).saturating_sub(avail).min(sel_line);
    for (k, l) in lines.into_iter().skip(top).take(avail).enumerate() {
        let fill = (l.head && l.release == selected).then_some(Role::Selection);
        let y = area.y + u16::try_from(HEAD_LINES + k).unwrap_or(u16::MAX);
        put(f, theme, area, y, l.segs, fill);
    }
}
