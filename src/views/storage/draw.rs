use ratatui::layout::Rect;
use ratatui::Frame;

use super::StorageState;
use crate::app::App;
use crate::theme::Theme;
use crate::ui::health_role;
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

const COLS: [Col; 7] = [
    Col::new("STAGE", 5, 24, 1),
    Col::new("CLAIM", 16, 50, 0).flex().keep_end(),
    Col::new("STATUS", 6, 11, 0),
    Col::new("CLASS", 5, 24, 0),
    Col::new("SIZE", 4, 10, 0).right(),
    Col::new("MODES", 5, 16, 2),
    Col::new("MOUNTED BY", 10, 120, 0).flex(),
];

pub fn draw(state: &StorageState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let lines = state.lines(&app.world);
    if lines.is_empty() {
        let text = if state.synced(&app.world) {
            format!("no PersistentVolumeClaims in {}", state.scope.label)
        } else {
            "listing PersistentVolumeClaims…".into()
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
                .team_of(&l.row.namespace)
                .map_or(l.row.namespace.as_str(), |(_, s)| s)
                .to_string();
            let size = l.cell("CAPACITY");
            let mounted = if l.pods.is_empty() {
                "-".to_string()
            } else {
                l.pods.join(", ")
            };
            TableRow {
                cells: vec![
                    stage,
                    l.row.name.clone(),
                    l.cell("STATUS"),
                    l.cell("STORAGECLASS"),
                    if size.is_empty() { "-".into() } else { size },
                    l.cell("ACCESS MODES"),
                    mounted,
                ],
                role: health_role(l.row.health),
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
