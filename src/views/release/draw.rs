use ratatui::layout::{Constraint, Layout, Rect};
use crate::ui::widgets::pod_table::{pod_columns, pod_table_row};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::doc::{self, DocLine, TEXT};
use super::state::{ReleaseState, Tab, HISTORY_FOOT_ROWS};
use crate::app::release_cache::Decoded;
use crate::app::App;
use crate::helm::helm_time::ansic;
use crate::helm::ReleaseRow;
use crate::text::clip::{clip, head, skip_columns};
use crate::text::width::str_width;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};
use crate::views::releases::lines::PENDING;
use crate::views::releases::status_role;

const HISTORY_COLS: [Col; 6] = [
    Col::new("REVISION", 8, 8, 0),
    Col::new("UPDATED", 24, 24, 1),
    Col::new("STATUS", 8, 16, 0),
    Col::new("CHART", 10, 40, 0).flex(),
    Col::new("APP VERSION", 11, 20, 2),
    Col::new("DESCRIPTION", 20, 100, 0).flex(),
];

/// The release line, the tab bar, then the tab.
pub fn draw(state: &ReleaseState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.width == 0 || area.height < 3 {
        return;
    }
    let [head, tabs, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let text = (!state.tab.is_table()).then(|| doc::build(state, &app.world, area.width, app.now));
    draw_head(state, app, theme, f, head, text.as_ref(), body.height);
    draw_tabs(state, app, theme, f, tabs);
    match (state.tab, &text) {
        (Tab::History, _) => draw_history(state, app, theme, f, body),
        (Tab::Pods, _) => draw_pods(state, app, theme, f, body),
        (_, Some(lines)) => draw_text(state, lines, theme, f, body),
        (_, None) => {}
    }
}

fn span(text: impl Into<String>, role: Role, theme: &Theme) -> Span<'static> {
    Span::styled(text.into(), theme.style(role))
}

fn draw_head(
    state: &ReleaseState,
    app: &App,
    theme: &Theme,
    f: &mut Frame,
    area: Rect,
    text: Option<&Vec<DocLine>>,
    rows: u16,
) {
    let width = usize::from(area.width);
    let position = match text {
        Some(lines) if lines.len() > usize::from(rows) => {
            let page = usize::from(rows);
            let first = state.scroll[state.tab.index()].min(lines.len() - page);
            format!(" {}-{}/{}", first + 1, first + page, lines.len())
        }
        _ => String::new(),
    };
    let mut parts: Vec<(String, Role)> = vec![(state.name.clone(), Role::Title)];
    if let Some(r) = state.shown(&app.world) {
        parts.push((format!("  rev {} ", r.revision), Role::Dim));
        parts.push((r.status.to_string(), status_role(r.status)));
        if let Some(rel) = ReleaseState::decoded_release(&app.world, r) {
            parts.push((format!("  {}", rel.chart_label()), TEXT));
            parts.push((format!("  app {}", rel.app_version()), Role::Dim));
        }
    }
    let budget = width.saturating_sub(str_width(&position));
    let mut used = 0;
    let mut spans = Vec::new();
    for (t, role) in parts {
        let left = budget.saturating_sub(used);
        let t = clip(&t, left);
        used += str_width(&t);
        spans.push(span(t, role, theme));
    }
    spans.push(Span::raw(
        " ".repeat(width.saturating_sub(used + str_width(&position))),
    ));
    spans.push(span(position, Role::Dim, theme));
    f.render_widget(Line::from(spans), area);
}

fn draw_tabs(state: &ReleaseState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for t in Tab::ALL {
        let label = match app.keymap.hint(t.action()) {
            Some(k) => format!("{k} {}", t.title()),
            None => t.title().to_string(),
        };
        let role = if t == state.tab {
            Role::Selection
        } else {
            Role::Dim
        };
        if !spans.is_empty() {
            spans.push(Span::raw(" "));
        }
        spans.push(span(label, role, theme));
    }
    f.render_widget(Line::from(spans), area);
}

/// Text lines from the tab's scroll position, moved `hscroll` columns left, cut at the edge.
fn draw_text(state: &ReleaseState, lines: &[DocLine], theme: &Theme, f: &mut Frame, area: Rect) {
    let page = usize::from(area.height);
    let first = state.scroll[state.tab.index()].min(lines.len().saturating_sub(page));
    let width = usize::from(area.width);
    let out: Vec<Line> = lines
        .iter()
        .skip(first)
        .take(page)
        .map(|l| Line::from(shifted(l, state.hscroll, width, theme)))
        .collect();
    f.render_widget(Paragraph::new(out), area);
}

fn shifted(l: &DocLine, skip: usize, width: usize, theme: &Theme) -> Vec<Span<'static>> {
    let total = doc::line_width(l);
    let mut skip = skip;
    let mut left = width;
    let cut = total.saturating_sub(skip) > width;
    let mut spans = Vec::new();
    for p in l {
        let n = str_width(&p.text);
        if skip >= n {
            skip -= n;
            continue;
        }
        let t = skip_columns(&p.text, skip);
        skip = 0;
        if left == 0 {
            break;
        }
        let t = head(t, left).to_string();
        left -= str_width(&t);
        spans.push(span(t, p.role, theme));
    }
    if cut {
        // The last column says the line goes on.
        if let Some(last) = spans.last_mut() {
            let mut t: String = last.content.to_string();
            t.pop();
            t.push('…');
            *last = Span::styled(t, last.style);
        }
    }
    spans
}

fn history_cells(app: &App, r: &ReleaseRow) -> (Vec<String>, Role) {
    let head = vec![r.revision.to_string()];
    match ReleaseState::decoded(&app.world, r) {
        Decoded::Ready(rel) => (
            [
                head,
                vec![
                    ansic(rel.info.last_deployed),
                    r.status.to_string(),
                    rel.chart_label(),
                    rel.app_version().to_string(),
                    rel.info.description.clone(),
                ],
            ]
            .concat(),
            status_role(r.status),
        ),
        Decoded::Pending => (
            [
                head,
                vec![
                    PENDING.into(),
                    r.status.to_string(),
                    PENDING.into(),
                    PENDING.into(),
                    PENDING.into(),
                ],
            ]
            .concat(),
            status_role(r.status),
        ),
        Decoded::Failed(e) => (
            [
                head,
                vec![
                    "-".into(),
                    r.status.to_string(),
                    e.short.clone(),
                    "-".into(),
                    "-".into(),
                ],
            ]
            .concat(),
            Role::Error,
        ),
    }
}

fn draw_history(state: &ReleaseState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let revs = state.revisions(&app.world);
    if revs.is_empty() {
        draw_empty(f, area, theme, "no revisions (uninstalled?)");
        return;
    }
    let foot = u16::try_from(HISTORY_FOOT_ROWS).unwrap_or(3);
    let [table, footer] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(foot)]).areas(area);
    let page = usize::from(table.height.saturating_sub(1));
    let mut c = state.history;
    c.clamp(revs.len(), page);
    let rows = revs
        .iter()
        .skip(c.offset)
        .take(page)
        .map(|r| {
            let (cells, role) = history_cells(app, r);
            TableRow { cells, role }
        })
        .collect();
    draw_table(
        f,
        table,
        theme,
        &HISTORY_COLS,
        rows,
        Some(c.selected - c.offset),
        None,
    );
    // The selected revision's description in full (the column is often cut).
    let Some(sel) = revs.get(c.selected) else {
        return;
    };
    let mut lines = vec![Line::from(span(
        "─".repeat(usize::from(footer.width)),
        Role::Border,
        theme,
    ))];
    let (text, role) = match ReleaseState::decoded(&app.world, sel) {
        Decoded::Ready(rel) => (rel.info.description.clone(), TEXT),
        Decoded::Failed(e) => (e.text.clone(), Role::Error),
        Decoded::Pending => (PENDING.to_string(), Role::Dim),
    };
    let lead = format!("revision {}: ", sel.revision);
    lines.push(Line::from(vec![
        span(lead, Role::Dim, theme),
        span(text, role, theme),
    ]));
    f.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        footer,
    );
}

fn draw_pods(state: &ReleaseState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let pods = state.pods(&app.world);
    if pods.is_empty() {
        let text = format!(
            "no pods with app.kubernetes.io/instance={} in {}",
            state.name.clone(),
            state.namespace
        );
        draw_empty(f, area, theme, &text);
        return;
    }
    let page = usize::from(area.height.saturating_sub(1));
    let mut c = state.pods;
    c.clamp(pods.len(), page);
    let rows = pods
        .iter()
        .skip(c.offset)
        .take(page)
        .map(|p| pod_table_row(p, "", app.now, false))
        .collect();
    draw_table(
        f,
        area,
        theme,
        pod_columns(false),
        rows,
        Some(c.selected - c.offset),
        None,
    );
}
