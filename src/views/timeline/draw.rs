use ratatui::layout::Rect;
use ratatui::Frame;

use super::state::{TimelineState, FOOT_LINES, HEAD_LINES};
use crate::app::timeline::{short, Changes, Entry, What};
use crate::app::App;
use crate::cluster::human_duration::age_since;
use crate::repo::drift::ValueDiff;
use crate::theme::{Role, Theme};
use crate::ui::widgets::segments::{put, Segs};
use crate::ui::jenkins_text::result_role;
use crate::ui::widgets::table::draw_empty;
use crate::views::releases::lines::status_role;

/// `image.tag 1.4.2→1.4.3`.
fn change_text(v: &ValueDiff) -> String {
    let side = |s: &Option<String>| s.clone().unwrap_or_else(|| "∅".into());
    format!("{} {}→{}", v.key, side(&v.deployed), side(&v.desired))
}

/// The key values a revision changed, in a few words (the footer has them all).
fn changes_text(c: &Changes) -> (String, Role) {
    match c {
        Changes::Unknown => ("…".into(), Role::Dim),
        Changes::Installed => ("installed".into(), Role::Text),
        Changes::Unreadable(e) => (e.clone(), Role::Error),
        Changes::Changed { chart, values } => {
            let mut parts = Vec::new();
            if let Some((a, b)) = chart {
                parts.push(format!("chart {a}→{b}"));
            }
            if let Some(first) = values.first() {
                parts.push(change_text(first));
            }
            if values.len() > 1 {
                parts.push(format!("+{}", values.len() - 1));
            }
            if parts.is_empty() {
                ("no value changed".into(), Role::Dim)
            } else {
                (parts.join(" "), Role::DiffAdd)
            }
        }
    }
}

/// What an entry's own line says after its kind: the thing, its state, and its link. `builds`:
/// the stage is deployed by Jenkins jobs (else by helmfile, and no commit waits for a build).
fn body(e: &Entry, builds: bool) -> Segs {
    match &e.what {
        What::Revision {
            release,
            revision,
            status,
            changes,
        } => {
            let (text, role) = changes_text(changes);
            let mut segs = vec![
                (format!("{release} {revision} "), Role::Text),
                (format!("{} ", status.as_str()), status_role(*status)),
            ];
            // The link before the values: the footer lists every value, the line has no room.
            if let Some(b) = &e.chain.build {
                let how = if e.chain.inferred { "?" } else { "" };
                segs.push((format!("← {}{how}  ", b.text()), Role::Dim));
            }
            segs.push((text, role));
            segs
        }
        What::Build {
            job,
            number,
            result,
            building,
            by,
            uninstall,
        } => {
            let (word, role) = match (result, building) {
                (Some(r), _) => (r.as_str().to_string(), result_role(*r)),
                (None, true) => ("RUNNING".into(), Role::HealthPending),
                (None, false) => ("-".into(), Role::Dim),
            };
            let mut segs = vec![
                (format!("{} #{number} ", job.full_name()), Role::Text),
                (word, role),
            ];
            if let Some(by) = by {
                segs.push((format!(" by {by}"), Role::Text));
            }
            if *uninstall {
                segs.push((" uninstall".into(), Role::HealthWarn));
            }
            if let Some(c) = &e.chain.commit {
                segs.push((format!("  ← {}", short(c)), Role::Dim));
            }
            segs
        }
        What::Commit {
            id,
            author,
            subject,
            ..
        } => {
            let link = match &e.chain.build {
                Some(b) => format!("  → {}", b.text()),
                None if builds => "  not deployed".into(),
                None => String::new(),
            };
            let link_role = if e.chain.build.is_some() {
                Role::Dim
            } else {
                Role::HealthWarn
            };
            vec![
                (format!("{} ", short(id)), Role::Title),
                (format!("{author}: {subject}"), Role::Text),
                (link, link_role),
            ]
        }
        What::Rollout {
            deployment,
            replica_set,
            revision,
            images,
        } => {
            let rev = revision.map_or(String::new(), |r| format!(" rev {r}"));
            let image = images
                .first()
                .map(|i| i.rsplit('/').next().unwrap_or(i).to_string())
                .unwrap_or_default();
            vec![
                (format!("{deployment}{rev} "), Role::Text),
                (image, Role::Text),
                (format!("  {replica_set}"), Role::Dim),
            ]
        }
    }
}

fn kind(e: &Entry) -> &'static str {
    match e.what {
        What::Revision { .. } => "revision",
        What::Build { .. } => "build",
        What::Commit { .. } => "commit",
        What::Rollout { .. } => "rollout",
    }
}

/// The selected entry in full: its chain, then what it changed or touched.
fn footer(e: &Entry, builds: bool) -> [(String, Role); 2] {
    let chain = if e.chain.is_linked() {
        let how = if e.chain.inferred {
            " (a revision names no build: the build was running when it was written)"
        } else {
            ""
        };
        (format!("{}{how}", e.chain.text()), Role::Title)
    } else {
        let alone = match &e.what {
            What::Commit { .. } if builds => "not deployed by a build Jenkins still keeps",
            What::Commit { .. } => "deployed by helmfile apply: no build to link it to",
            What::Build { .. } => "wrote no revision that names it",
            What::Revision { .. } => "no build named in its description",
            What::Rollout { .. } => "a new ReplicaSet: enter shows the pods",
        };
        (alone.to_string(), Role::Dim)
    };
    let detail = match &e.what {
        What::Revision { changes, .. } => match changes {
            Changes::Changed { chart, values } => {
                let mut parts: Vec<String> = chart
                    .iter()
                    .map(|(a, b)| format!("chart {a}→{b}"))
                    .collect();
                parts.extend(values.iter().map(change_text));
                parts.join(", ")
            }
            other => changes_text(other).0,
        },
        What::Build { .. } => e
            .chain
            .commit
            .as_ref()
            .map_or(String::new(), |c| format!("checked out {c}")),
        What::Commit { files, .. } => files.join(", "),
        What::Rollout { images, .. } => images.join(", "),
    };
    [chain, (detail, Role::Text)]
}

pub fn draw(state: &TimelineState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 3 {
        return;
    }
    let entries = state.entries(&app.world);
    let mut head: Segs = vec![(format!("{}  ", state.namespace), Role::Title)];
    if let Some(r) = &state.release {
        head.push((format!("{r}  "), Role::Title));
    }
    head.push((format!("{} changes, newest first", entries.len()), Role::Text));
    if let Some(n) = state.builds_note(&app.world) {
        let role = if n.error { Role::Error } else { Role::Dim };
        head.push((format!("  {}", n.text), role));
    } else if state.builds.is_loading() {
        head.push(("  reading Jenkins…".into(), Role::Dim));
    }
    if !app.world.repo_teams.contains(&state.team) {
        head.push((
            format!("  no config repo: add teams[{}].repo for its commits", state.team),
            Role::Dim,
        ));
    } else if let Some(Err(e)) = app
        .world
        .repos
        .get(&state.team)
        .and_then(|d| app.world.stages.get(&state.namespace).and_then(|s| d.stage_logs.get(&s.stage)))
    {
        head.push((format!("  config repo: {e}"), Role::Error));
    }
    put(f, theme, area, area.y, head, None);
    if entries.is_empty() {
        let rest = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let text = if state.filter.active().is_some() {
            format!("nothing matches /{}", state.filter.text())
        } else {
            "nothing yet: no revision, build, commit or rollout known for this stage".into()
        };
        draw_empty(f, rest, theme, &text);
        return;
    }
    put(
        f,
        theme,
        area,
        area.y + 1,
        vec![("  AGE KIND     WHAT".into(), Role::Header)],
        None,
    );
    let rows = usize::from(area.height).saturating_sub(HEAD_LINES + FOOT_LINES).max(1);
    let builds = !state.jobs(&app.world).is_empty();
    let mut cursor = state.cursor;
    cursor.clamp(entries.len(), rows);
    for (k, e) in entries.iter().enumerate().skip(cursor.offset).take(rows) {
        let mut segs: Segs = vec![
            // Up to `4d22h`: five columns.
            (format!("{:>5} ", age_since(e.at, app.now)), Role::Dim),
            (format!("{:<8} ", kind(e)), Role::Dim),
        ];
        segs.extend(body(e, builds));
        let fill = (k == cursor.selected).then_some(Role::Selection);
        let y = area.y + u16::try_from(HEAD_LINES + k - cursor.offset).unwrap_or(u16::MAX);
        put(f, theme, area, y, segs, fill);
    }
    if let Some(e) = entries.get(cursor.selected) {
        let base = area.y + area.height - u16::try_from(FOOT_LINES).unwrap_or(2);
        for (i, (text, role)) in footer(e, builds).into_iter().enumerate() {
            put(f, theme, area, base + i as u16, vec![(text, role)], None);
        }
    }
}
