use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::HeadroomState;
use crate::app::capacity::Capacity;
use crate::app::App;
use crate::cluster::headroom::quantity::{cpu_text, memory_text};
use crate::cluster::headroom::{share, Amounts, Headroom, MetricsError};
use crate::text::clip::clip;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

// The node and the stage are the rows' identity; at 80 columns usage goes first (the
// summary line says the cluster's), then the status.
const NODE_COLS: [Col; 9] = [
    Col::new("NODE", 10, 40, 0).flex().keep_end(),
    Col::new("STATUS", 6, 26, 2),
    Col::new("PODS", 4, 5, 1).right(),
    Col::new("CPU REQ", 7, 13, 0).right(),
    Col::new("CPU%", 4, 4, 0).right(),
    Col::new("MEM REQ", 7, 15, 0).right(),
    Col::new("MEM%", 4, 4, 0).right(),
    Col::new("CPU USED", 8, 8, 3).right(),
    Col::new("MEM USED", 8, 8, 3).right(),
];

const STAGE_COLS: [Col; 8] = [
    Col::new("STAGE", 10, 40, 0).flex().keep_end(),
    Col::new("PODS", 4, 16, 1).right(),
    Col::new("CPU REQ", 7, 7, 0).right(),
    Col::new("OF CPU", 6, 6, 0).right(),
    Col::new("MEM REQ", 7, 8, 0).right(),
    Col::new("OF MEM", 6, 6, 0).right(),
    Col::new("CPU USED", 8, 8, 3).right(),
    Col::new("MEM USED", 8, 8, 3).right(),
];

fn pct(v: f64) -> String {
    format!("{}%", v.round() as i64)
}

fn used(a: Option<Amounts>) -> (String, String) {
    match a {
        Some(a) => (cpu_text(a.cpu_milli), memory_text(a.memory)),
        None => ("-".into(), "-".into()),
    }
}

/// The cluster's line: requested of allocatable, free share, nodes.
fn cluster_line(h: &Headroom) -> String {
    let free = h.free();
    format!(
        "cluster: CPU {} of {} requested, {} free · memory {} of {}, {} free · {} nodes",
        cpu_text(h.requested.cpu_milli),
        cpu_text(h.allocatable.cpu_milli),
        pct(free.cpu),
        memory_text(h.requested.memory),
        memory_text(h.allocatable.memory),
        pct(free.memory),
        h.nodes.len()
    )
}

/// The warning, when the free share is short: what is short and who reserves most.
pub fn warning(h: &Headroom, min_percent: u8) -> Option<String> {
    if !h.short(min_percent) {
        return None;
    }
    let free = h.free();
    let what = if free.cpu <= free.memory {
        format!("CPU {} free", pct(free.cpu))
    } else {
        format!("memory {} free", pct(free.memory))
    };
    let top: Vec<String> = h
        .namespaces
        .iter()
        .filter(|n| n.requested != Amounts::default())
        .take(2)
        .map(|n| {
            format!(
                "{} {}",
                n.namespace,
                pct(share(n.requested, h.allocatable).higher())
            )
        })
        .collect();
    let mut text = format!("under the {min_percent}% free rule: {what}");
    if !top.is_empty() {
        text.push_str(&format!("; most reserved by {}", top.join(", ")));
    }
    Some(text)
}

/// What the usage columns come from.
fn usage_line(c: &Capacity, h: &Headroom) -> (String, Role) {
    match (&c.usage, h.used) {
        (None, _) => ("usage: asking metrics.k8s.io…".into(), Role::Dim),
        (Some(Err(MetricsError::NotServed)), _) => (
            "usage: metrics.k8s.io not served (no metrics-server): requests only".into(),
            Role::Dim,
        ),
        (Some(Err(e)), _) => (format!("usage: {e}"), Role::Error),
        (Some(Ok(_)), Some(u)) => {
            let s = share(u, h.allocatable);
            (
                format!(
                    "used (metrics.k8s.io): CPU {} ({}) · memory {} ({})",
                    cpu_text(u.cpu_milli),
                    pct(s.cpu),
                    memory_text(u.memory),
                    pct(s.memory)
                ),
                Role::Text,
            )
        }
        (Some(Ok(_)), None) => ("usage: some nodes have no metrics yet".into(), Role::Dim),
    }
}

pub fn draw(state: &HeadroomState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let c = &app.world.capacity;
    if !c.synced() {
        let text = match c.error() {
            Some(e) => format!("cannot list nodes and pods: {e} (retrying)"),
            None => "listing nodes and pods…".into(),
        };
        draw_empty(f, area, theme, &text);
        return;
    }
    let h = state.headroom(&app.world);
    let warn = warning(&h, c.min_free_percent);
    let head = 2 + u16::from(warn.is_some());
    let node_rows = (h.nodes.len() as u16 + 1).min(area.height.saturating_sub(head + 1) / 2);
    let [top, nodes, stages] = Layout::vertical([
        Constraint::Length(head),
        Constraint::Length(node_rows),
        Constraint::Min(0),
    ])
    .areas(area);
    let w = usize::from(area.width);
    let mut lines = vec![Line::styled(clip(&cluster_line(&h), w), theme.style(Role::Text))];
    if let Some(warn) = warn {
        lines.push(Line::styled(clip(&warn, w), theme.style(Role::HealthWarn)));
    }
    let (line, role) = usage_line(c, &h);
    lines.push(Line::styled(clip(&line, w), theme.style(role)));
    f.render_widget(Paragraph::new(lines), top);
    let rows = h
        .nodes
        .iter()
        .map(|n| {
            let s = share(n.requested, n.allocatable);
            let (cpu_used, mem_used) = used(n.used);
            TableRow {
                cells: vec![
                    n.name.clone(),
                    n.status.clone(),
                    n.pods.to_string(),
                    format!(
                        "{}/{}",
                        cpu_text(n.requested.cpu_milli),
                        cpu_text(n.allocatable.cpu_milli)
                    ),
                    pct(s.cpu),
                    format!(
                        "{}/{}",
                        memory_text(n.requested.memory),
                        memory_text(n.allocatable.memory)
                    ),
                    pct(s.memory),
                    cpu_used,
                    mem_used,
                ],
                role: if n.status != "Ready" {
                    Role::HealthFailed
                } else if c.min_free_percent > 0
                    && 100.0 - s.higher() < f64::from(c.min_free_percent)
                {
                    Role::HealthWarn
                } else {
                    Role::Text
                },
            }
        })
        .collect();
    draw_table(f, nodes, theme, &NODE_COLS, rows, None, None);
    if h.namespaces.is_empty() {
        draw_empty(f, stages, theme, "no stages in view");
        return;
    }
    let mut cursor = state.cursor;
    let page = usize::from(stages.height.saturating_sub(1));
    cursor.clamp(h.namespaces.len(), page);
    let rows = h
        .namespaces
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|n| {
            let s = share(n.requested, h.allocatable);
            let (cpu_used, mem_used) = used(n.used);
            let pods = match n.unscheduled {
                0 => n.pods.to_string(),
                u => format!("{}, {u} pending", n.pods),
            };
            TableRow {
                cells: vec![
                    n.namespace.clone(),
                    pods,
                    cpu_text(n.requested.cpu_milli),
                    pct(s.cpu),
                    memory_text(n.requested.memory),
                    pct(s.memory),
                    cpu_used,
                    mem_used,
                ],
                role: if n.unscheduled > 0 {
                    Role::HealthPending
                } else {
                    Role::Text
                },
            }
        })
        .collect();
    draw_table(
        f,
        stages,
        theme,
        &STAGE_COLS,
        rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
}
