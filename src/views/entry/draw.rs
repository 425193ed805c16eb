use ratatui::layout::Rect;
use ratatui::Frame;

use super::EntryState;
use crate::app::App;
use crate::cluster::resource::entry::Entry;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

// The entry is what the user came for: it keeps its width; the object goes first.
const COLS: [Col; 6] = [
    Col::new("STAGE", 5, 24, 1),
    Col::new("ENTRY", 44, 90, 0).flex().keep_end(),
    Col::new("TO", 6, 32, 0),
    Col::new("TLS", 3, 3, 0),
    Col::new("PROTO", 5, 5, 3),
    Col::new("OBJECT", 8, 40, 2),
];

pub fn draw(state: &EntryState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let lines = state.lines(&app.world);
    if lines.is_empty() {
        let text = match (state.filter.active(), state.error(&app.world)) {
            (_, Some(e)) => format!("cannot list ingresses and services: {e} (retrying)"),
            (Some(flt), None) => format!("no entry matches /{}", flt.text),
            (None, None) if !state.synced(&app.world) => "listing ingresses and services…".into(),
            (None, None) => format!("no ingress or service in {}", state.scope.label),
        };
        draw_empty(f, area, theme, &text);
        return;
    }
    let mut cursor = state.cursor;
    let page = usize::from(area.height.saturating_sub(1));
    cursor.clamp(lines.len(), page);
    let rows = lines
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|l| {
            let stage = app
                .world
                .team_of(l.namespace)
                .map_or(l.namespace, |(_, s)| s)
                .to_string();
            let (entry, to, tls, proto, role) = match l.entry {
                Entry::Route { url, backend, tls } => (
                    url.clone(),
                    backend.clone(),
                    if *tls { "yes" } else { "no" },
                    "HTTP".to_string(),
                    Role::Text,
                ),
                Entry::Dns {
                    address,
                    protocol,
                    target,
                } => (
                    address.clone(),
                    format!("pods :{target}"),
                    "-",
                    protocol.clone(),
                    Role::Dim,
                ),
            };
            TableRow {
                cells: vec![stage, entry, to, tls.into(), proto, l.object.clone()],
                role,
            }
        })
        .collect();
    draw_table(
        f,
        area,
        theme,
        &COLS,
        rows,
        Some(cursor.selected - cursor.offset),
        None,
    );
}
