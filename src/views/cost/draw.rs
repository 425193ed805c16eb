use jiff::Timestamp;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::lines::{Activity, CostLine};
use super::CostState;
use crate::app::App;
use crate::cluster::headroom::quantity::{cpu_text, memory_text};
use crate::cluster::headroom::Amounts;
use crate::cluster::human_duration::age_since;
use crate::text::clip::clip;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

// At 80 columns the restarts go first, then the builds: IDLE says what they add up to.
const COLS: [Col; 9] = [
    Col::new("STAGE", 8, 30, 0).flex().keep_end(),
    Col::new("PODS", 4, 5, 2).right(),
    Col::new("CPU REQ", 7, 7, 0).right(),
    Col::new("MEM REQ", 7, 8, 0).right(),
    Col::new("PER DAY", 7, 14, 0).right(),
    Col::new("DEPLOYED", 8, 8, 0).right(),
    Col::new("BUILT", 5, 7, 1).right(),
    Col::new("RESTARTED", 9, 9, 3).right(),
    Col::new("IDLE", 4, 12, 0),
];

fn activity(a: Activity, now: Timestamp) -> String {
    match a {
        Activity::At(t) => age_since(Some(t), now),
        Activity::Never => "never".into(),
        Activity::Unknown => "?".into(),
    }
}

/// `12.34 EUR`, `$3.10`-style amounts: the currency after the number, as configured.
pub fn money(v: f64, currency: Option<&str>) -> String {
    match currency {
        Some(c) => format!("{v:.2} {c}"),
        None => format!("{v:.2}"),
    }
}

fn summary(lines: &[CostLine], app: &App, team: &str) -> String {
    let total = lines
        .iter()
        .map(|l| l.requested)
        .fold(Amounts::default(), Amounts::plus);
    let c = &app.world.capacity;
    let idle = lines.iter().filter(|l| l.idle).count();
    let money_text = match lines.iter().map(|l| l.per_day).sum::<Option<f64>>() {
        Some(d) => format!("{} a day", money(d, c.prices.currency.as_deref())),
        None => "no prices (cost.cpu_hour, cost.gib_hour)".into(),
    };
    format!(
        "{team}: {} stages reserve CPU {}, memory {} · {money_text} · {idle} idle for {}d+",
        lines.len(),
        cpu_text(total.cpu_milli),
        memory_text(total.memory),
        c.idle_days
    )
}

pub fn draw(state: &CostState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    if !app.world.capacity.synced() {
        draw_empty(f, area, theme, "listing nodes and pods…");
        return;
    }
    let lines = state.lines(&app.world, app.now);
    let [top, table] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(area);
    let w = usize::from(area.width);
    let idle_rule = format!(
        "idle: up, no deploy, no build of its deploy/uninstall job, no restart for {} days (X uninstalls)",
        app.world.capacity.idle_days
    );
    let (second, role) = match &state.jobs {
        Some(Err(e)) => (format!("builds unknown: {e}"), Role::Error),
        None if state.generation > 0 => ("builds: asking Jenkins…".to_string(), Role::Dim),
        _ => (idle_rule, Role::Dim),
    };
    f.render_widget(
        Paragraph::new(vec![
            Line::styled(clip(&summary(&lines, app, &state.team), w), theme.style(Role::Text)),
            Line::styled(clip(&second, w), theme.style(role)),
        ]),
        top,
    );
    if lines.is_empty() {
        draw_empty(f, table, theme, &format!("no stages of {}", state.team));
        return;
    }
    let mut cursor = state.cursor;
    let page = usize::from(table.height.saturating_sub(1));
    cursor.clamp(lines.len(), page);
    let currency = app.world.capacity.prices.currency.as_deref();
    let rows = lines
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|l| TableRow {
            cells: vec![
                l.namespace.clone(),
                l.pods.to_string(),
                cpu_text(l.requested.cpu_milli),
                memory_text(l.requested.memory),
                l.per_day.map_or("-".into(), |d| money(d, currency)),
                activity(l.deployed, app.now),
                activity(l.built, app.now),
                activity(l.restarted, app.now),
                if l.idle { "idle".into() } else { "-".into() },
            ],
            role: if l.idle { Role::HealthWarn } else { Role::Text },
        })
        .collect();
    draw_table(
        f,
        table,
        theme,
        &COLS,
        rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
}
