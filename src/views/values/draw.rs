use ratatui::layout::Rect;
use ratatui::Frame;

use super::rows::{
    columns_that_fit, first_visible, label_width, show_value, side_by_side, stage_rows, SbsRow,
    StageRow, STAGE_COL,
};
use super::state::{Mode, ValuesState};
use crate::app::App;
use crate::repo::helmfile::{Leaf, Renderer};
use crate::repo::landscape::{Landscape, StageDesired};
use crate::text::clip::clip_middle;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};
use crate::ui::widgets::segments::{pad, put, Segs};

/// Messages (errors, render notes, skipped files) shown above the table before "… more".
const MESSAGES_SHOWN: usize = 4;

fn renderer_text(r: &Renderer) -> String {
    match r {
        Renderer::Helmfile { version } if version.starts_with('v') => format!("helmfile {version}"),
        Renderer::Helmfile { version } => format!("helmfile v{version}"),
        Renderer::BuiltIn => "built-in renderer".into(),
    }
}

/// `1 dev  [2 qa]  3 e2e!  4 prod  0 side by side · built-in renderer`: the stage keys, the
/// one shown in brackets, a stage that failed to render with `!`.
fn stage_bar(state: &ValuesState, l: &Landscape) -> Segs {
    let shown = match state.mode {
        Mode::Stage => state.current_stage(l).map(|(k, _)| k),
        Mode::SideBySide => None,
    };
    let mut out: Segs = Vec::new();
    for (i, s) in l.stages.iter().enumerate() {
        let k = i + 1;
        let mark = if s.error.is_some() { "!" } else { "" };
        let key = if k <= 9 { format!("{k} ") } else { String::new() };
        let text = format!("{key}{}{mark}", s.environment);
        if Some(k) == shown {
            out.push((format!("[{text}]"), Role::Selection));
        } else {
            let role = if s.error.is_some() { Role::Error } else { Role::Text };
            out.push((format!(" {text} "), role));
        }
        out.push((" ".into(), Role::Text));
    }
    let sbs = "0 side by side";
    if state.mode == Mode::SideBySide {
        out.push((format!("[{sbs}]"), Role::Selection));
    } else {
        out.push((format!(" {sbs} "), Role::Text));
    }
    out.push((format!(" · {}", renderer_text(&l.renderer)), Role::Dim));
    out
}

/// What the stage's reading said: why it failed, the renderer's notes, skipped files.
fn stage_messages(stage: &StageDesired, open: Option<&str>) -> Vec<(String, Role)> {
    let mut out = Vec::new();
    if let Some(e) = &stage.error {
        out.push((
            format!("{} could not be rendered: {e}", stage.environment),
            Role::Error,
        ));
        out.push((
            "the other stages still show: 1–9 picks one, 0 compares them".into(),
            Role::Dim,
        ));
    }
    for n in &stage.notes {
        out.push((format!("note {}:{}: {}", n.file, n.line, n.what), Role::HealthWarn));
    }
    let open = stage
        .releases
        .iter()
        .find(|r| Some(r.summary.name.as_str()) == open);
    if let Some(Ok(v)) = open.map(|r| &r.values) {
        for file in &v.skipped_files {
            out.push((
                format!("{file} does not exist: skipped (missingFileHandler)"),
                Role::HealthWarn,
            ));
        }
    }
    out
}

/// The selected value's whole story: value, where it is set, what it replaced.
fn provenance(path: &str, leaf: &Leaf) -> String {
    let mut s = format!(
        "{path} = {} from {}",
        show_value(&leaf.value),
        leaf.source
    );
    for o in leaf.overrides.iter().rev() {
        s.push_str(&format!(
            ", over {} at {}",
            show_value(&o.value),
            o.source
        ));
    }
    s
}

/// `values/common/api.yaml:4 → values/qa/api.yaml:3`: the file it overrides, then its own;
/// in `w` columns the shared leading directory goes first (`common/api.yaml:4 → qa/api.yaml:3`)
/// so that both files stay readable.
fn from_text(leaf: &Leaf, w: usize) -> String {
    let Some(o) = leaf.overrides.last() else {
        return clip_middle(&leaf.source.to_string(), w);
    };
    let full = format!("{} → {}", o.source, leaf.source);
    if str_width(&full) <= w {
        return full;
    }
    let (a, b) = (o.source.to_string(), leaf.source.to_string());
    let shared = a
        .split_inclusive('/')
        .zip(b.split_inclusive('/'))
        .take_while(|(x, y)| x == y && x.ends_with('/'))
        .map(|(x, _)| x.len())
        .sum::<usize>();
    clip_middle(&format!("{} → {}", &a[shared..], &b[shared..]), w)
}

fn draw_stage(state: &ValuesState, l: &Landscape, theme: &Theme, f: &mut Frame, area: Rect, mut y: u16) {
    let Some((_, stage)) = state.current_stage(l) else {
        return;
    };
    let open = super::rows::open_release(stage, state.release.as_deref());
    let bottom = area.y + area.height;
    // Errors and notes wrap: the end of a YAML error is often the useful part.
    let messages: Vec<(String, Role)> = stage_messages(stage, open)
        .into_iter()
        .flat_map(|(t, r)| {
            crate::text::wrap::wrap_words(&t, usize::from(area.width))
                .into_iter()
                .map(move |l| (l, r))
        })
        .collect();
    for (i, (text, role)) in messages.iter().enumerate() {
        if i == MESSAGES_SHOWN {
            let more = messages.len() - MESSAGES_SHOWN;
            put(f, theme, area, y, vec![(format!("… and {more} more"), Role::Dim)], None);
            y += 1;
            break;
        }
        put(f, theme, area, y, vec![(text.clone(), *role)], None);
        y += 1;
    }
    let rows = stage_rows(stage, open);
    if rows.is_empty() {
        if stage.error.is_none() {
            put(f, theme, area, y + 1, vec![(format!("no releases in {}", stage.environment), Role::Dim)], None);
        }
        return;
    }
    let width = usize::from(area.width);
    let path_w = rows
        .iter()
        .filter_map(StageRow::path)
        .map(str_width)
        .max()
        .unwrap_or(0)
        .clamp(16, 34);
    let value_w = rows
        .iter()
        .filter_map(|r| match r {
            StageRow::Value { value, .. } => Some(str_width(&show_value(&value.leaf.value))),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        // A long value is clipped here and shown whole on the detail line.
        .clamp(7, (width / 5).max(7));
    let from_w = width.saturating_sub(4 + path_w + value_w + 2);
    put(
        f,
        theme,
        area,
        y,
        vec![(
            pad(
                &format!(
                    "  {} {} {}",
                    pad("RELEASE / VALUE PATH", path_w + 1),
                    pad("CHART / VALUE", value_w),
                    "VERSION / FILE:LINE (* overrides)"
                ),
                width,
            ),
            Role::Header,
        )],
        None,
    );
    y += 1;
    // One line for the selected row's detail.
    let page = usize::from(bottom.saturating_sub(y + 1)).max(1);
    let mut cursor = state.cursor;
    cursor.clamp(rows.len(), page);
    for (i, row) in rows.iter().enumerate().skip(cursor.offset).take(page) {
        let selected = i == cursor.selected;
        let (text, role) = match row {
            StageRow::Release(r) => {
                let arrow = if Some(r.summary.name.as_str()) == open { "▾" } else { "▸" };
                let installed = if r.summary.installed {
                    "installed"
                } else {
                    "not installed (installed: false)"
                };
                let version = if r.summary.version.is_empty() {
                    "(latest)"
                } else {
                    &r.summary.version
                };
                (
                    format!(
                        "{arrow} {} {} {version}  {installed}",
                        pad(&r.summary.name, path_w + 2),
                        pad(&r.summary.chart, value_w),
                    ),
                    if r.summary.installed { Role::Title } else { Role::Dim },
                )
            }
            StageRow::Value { value, .. } => {
                let own = super::edit_target::stage_file(row.release(), &stage.environment)
                    == Some(value.leaf.source.file.as_str());
                let mark = if value.leaf.overrides.is_empty() { " " } else { "*" };
                (
                    format!(
                        "  {mark} {} {} {}",
                        pad(&value.path, path_w),
                        pad(&show_value(&value.leaf.value), value_w),
                        from_text(&value.leaf, from_w)
                    ),
                    // The stage's own values stand out; what it inherits is dimmed.
                    if own { Role::Text } else { Role::Dim },
                )
            }
            StageRow::ValuesError { error, .. } => {
                (format!("    values could not be merged: {error}"), Role::Error)
            }
        };
        let fill = selected.then_some(Role::Selection);
        put(f, theme, area, y, vec![(pad(&text, width), role)], fill);
        y += 1;
    }
    let detail = match rows.get(cursor.selected) {
        Some(StageRow::Value { value, .. }) => provenance(&value.path, &value.leaf),
        Some(StageRow::Release(r)) => match &r.version_at {
            Ok(at) if super::edit_target::belongs_to(&at.file, &stage.environment) => format!(
                "chart version at {}:{} · e bumps it for {}",
                at.file, at.line, stage.environment
            ),
            Ok(at) => format!(
                "chart version at {}:{} · e bumps it (every stage sharing it)",
                at.file, at.line
            ),
            Err(why) => why.clone(),
        },
        _ => String::new(),
    };
    put(f, theme, area, bottom - 1, vec![(clip_middle(&detail, width), Role::Info)], None);
}

fn draw_side_by_side(state: &ValuesState, world: &crate::app::world::World, l: &Landscape, theme: &Theme, f: &mut Frame, area: Rect, mut y: u16) {
    let Some(release) = state.sbs_release(l) else {
        put(f, theme, area, y + 1, vec![("no stage has a release".into(), Role::Dim)], None);
        return;
    };
    let rows = side_by_side(l, &release);
    let width = usize::from(area.width);
    let label = label_width(&rows);
    let n = l.stages.len();
    let fit = columns_that_fit(width, label).min(n);
    let first = first_visible(state.first_column, state.column, fit, n);
    let shown = first..(first + fit).min(n);
    let range = if fit < n {
        format!(" · stages {}–{} of {n} (h/l)", shown.start + 1, shown.end)
    } else {
        " · h/l picks a stage".into()
    };
    // Promotion: the selected stage's values against the next stage's, marked in its column.
    let order = super::promote::promotion_order(world, &state.team);
    let from = l.stages.get(state.column).map(|s| s.environment.as_str());
    let target = from
        .and_then(|f| super::promote::next_stage(&order, f))
        .and_then(|t| l.stages.iter().position(|s| s.environment == t));
    let mut head = vec![(format!("{release} across stages"), Role::Title)];
    if let (Some(from), Some(t)) = (from, target) {
        let differ = rows
            .iter()
            .filter(|r| r.cells[state.column].counts && r.cells[t].counts && r.cells[t].text != r.cells[state.column].text)
            .count();
        head.push((format!("{range} · ≠ differ"), Role::Dim));
        head.push((
            format!(" · M {from}→{}: {differ}≠", l.stages[t].environment),
            Role::Info,
        ));
    } else {
        head.push((format!("{range} · ≠ the stages differ"), Role::Dim));
    }
    put(f, theme, area, y, head, None);
    y += 1;
    let mut head: Segs = vec![(format!("  {}", pad("VALUE", label)), Role::Header)];
    for i in shown.clone() {
        let role = if i == state.column { Role::Selection } else { Role::Header };
        head.push((" ".into(), Role::Header));
        head.push((pad(&format!("{} {}", i + 1, l.stages[i].environment), STAGE_COL), role));
    }
    put(f, theme, area, y, head, None);
    y += 1;
    let bottom = area.y + area.height;
    let page = usize::from(bottom.saturating_sub(y + 1)).max(1);
    let mut cursor = state.cursor;
    cursor.clamp(rows.len(), page);
    for (i, row) in rows.iter().enumerate().skip(cursor.offset).take(page) {
        let selected = i == cursor.selected;
        let role = if row.differs { Role::HealthWarn } else { Role::Text };
        let marked = if state.marked.contains(row.label()) { "+" } else { " " };
        let mark = format!("{}{marked}", if row.differs { "≠" } else { " " });
        let mut segs: Segs = vec![(format!("{mark}{}", pad(row.label(), label)), role)];
        for c in shown.clone() {
            let cell = &row.cells[c];
            let promoted = Some(c) == target
                && row.cells[state.column].counts
                && cell.text != row.cells[state.column].text;
            let cell_role = if selected && c == state.column {
                Role::CurrentMatch
            } else if promoted {
                Role::DiffAdd
            } else if cell.counts {
                role
            } else {
                Role::Dim
            };
            segs.push((" ".into(), role));
            segs.push((pad(&cell.text, STAGE_COL), cell_role));
        }
        put(f, theme, area, y, segs, selected.then_some(Role::Selection));
        y += 1;
    }
    put(f, theme, area, bottom - 1, vec![(clip_middle(&sbs_detail(l, &rows, cursor.selected, state.column), width), Role::Info)], None);
}

/// The selected cell's story: the stage, the value in full, where it is set.
fn sbs_detail(l: &Landscape, rows: &[SbsRow], selected: usize, column: usize) -> String {
    let (Some(row), Some(stage)) = (rows.get(selected), l.stages.get(column)) else {
        return String::new();
    };
    let cell = &row.cells[column];
    match &cell.leaf {
        Some(leaf) => format!("{}: {}", stage.environment, provenance(row.label(), leaf)),
        None => format!("{}: {} {}", stage.environment, row.label(), cell.text),
    }
}

pub fn draw(state: &ValuesState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 4 || area.width < 20 {
        return;
    }
    let say = |f: &mut Frame, text: String, role: Role| {
        put(f, theme, area, area.y, vec![(text, role)], None);
    };
    let Some(data) = app.world.repos.get(&state.team) else {
        say(f, "opening the config repo…".into(), Role::HealthPending);
        return;
    };
    if data.status.is_none() {
        match (&data.busy, &data.last) {
            (Some((_, text)), _) => say(
                f,
                format!("{text} the config repo first, then the Helmfile is read"),
                Role::HealthPending,
            ),
            (None, Some((_, Err(e), _))) => say(f, e.clone(), Role::Error),
            _ => say(f, "opening the config repo…".into(), Role::HealthPending),
        }
        return;
    }
    let Some(l) = &data.landscape else {
        say(f, "reading the Helmfile…".into(), Role::HealthPending);
        return;
    };
    if let Some(e) = &l.error {
        say(f, format!("the Helmfile could not be read: {e}"), Role::Error);
        put(f, theme, area, area.y + 1, vec![("fix it in the config repo (C shows the repo), then come back with v".into(), Role::Dim)], None);
        return;
    }
    if l.stages.is_empty() {
        say(f, format!("{} defines no environments: add one per stage under environments:", l.files.join(", ")), Role::HealthWarn);
        return;
    }
    put(f, theme, area, area.y, stage_bar(state, l), None);
    match state.mode {
        Mode::Stage => draw_stage(state, l, theme, f, area, area.y + 1),
        Mode::SideBySide => draw_side_by_side(state, &app.world, l, theme, f, area, area.y + 1),
    }
}
