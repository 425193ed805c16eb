use ratatui::layout::Rect;
use ratatui::Frame;

use super::columns::{columns, STAGE};
use super::{ResourceSort, ResourcesState};
use crate::app::App;
use crate::theme::Theme;
use crate::ui::health_role;
use crate::ui::widgets::table::{draw_empty, draw_table, Col, TableRow};

pub fn draw(state: &ResourcesState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let rows = state.rows(&app.world);
    if rows.is_empty() {
        let what = state.kind.list_title();
        let text = match (state.filter.active(), state.error(&app.world)) {
            (_, Some(e)) => format!("cannot list {what}: {e} (retrying)"),
            (Some(flt), None) => format!("no {what} match /{}", flt.text),
            (None, None) if !state.synced(&app.world) => format!("listing {what}…"),
            (None, None) => format!("no {what} in {}", state.scope.label),
        };
        draw_empty(f, area, theme, &text);
        return;
    }
    // A bounded list says what it left out, on its last line.
    let cut = state.cut(&app.world);
    let area = if cut > 0 && area.height > 2 {
        let line = Rect {
            y: area.y + area.height - 1,
            height: 1,
            ..area
        };
        let text = format!(
            "{} {} shown (warnings, then the newest); {cut} older left out",
            rows.len(),
            state.kind.list_title()
        );
        f.render_widget(
            ratatui::text::Line::styled(
                crate::text::clip::clip(&text, usize::from(area.width)),
                theme.style(crate::theme::Role::Dim),
            ),
            line,
        );
        Rect {
            height: area.height - 1,
            ..area
        }
    } else {
        area
    };
    let mut cursor = state.cursor;
    cursor.selected = state.selected_index(&rows);
    let page = usize::from(area.height.saturating_sub(1));
    cursor.clamp(rows.len(), page);
    let (kind_cols, with_name) = columns(state.kind);
    let with_stage = state.many_namespaces();
    let mut cols: Vec<Col> = Vec::new();
    if with_stage {
        cols.push(STAGE);
    }
    cols.extend_from_slice(kind_cols);
    let table_rows = rows
        .iter()
        .skip(cursor.offset)
        .take(page)
        .map(|r| {
            let mut cells = Vec::new();
            if with_stage {
                let stage = app
                    .world
                    .team_of(&r.namespace)
                    .map_or(r.namespace.as_str(), |(_, s)| s);
                cells.push(stage.to_string());
            }
            let texts = r.texts(app.now);
            cells.extend(texts.into_iter().skip(usize::from(!with_name)));
            TableRow {
                cells,
                role: health_role(r.health),
            }
        })
        .collect();
    let sort_title = match state.sort {
        ResourceSort::Natural => None,
        ResourceSort::Name => Some("NAME"),
        ResourceSort::Age => Some("AGE"),
    };
    let sort = sort_title
        .and_then(|t| cols.iter().position(|c| c.title == t))
        .map(|i| (i, state.descending));
    draw_table(
        f,
        area,
        theme,
        &cols,
        table_rows,
        Some(cursor.selected - cursor.offset),
        sort,
    );
}
