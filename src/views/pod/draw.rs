use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::PodState;
use crate::app::App;
use crate::theme::{Role, Theme};

pub fn draw(state: &PodState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let _ = app;
    let mut lines = Vec::new();
    match &state.detail {
        None => lines.push(Line::from(Span::styled("loading…", theme.style(Role::Dim)))),
        Some(d) => {
            lines.push(Line::from(format!("{} {}", d.row.name, d.row.status)));
            for c in &d.containers {
                lines.push(Line::from(format!("  {} {}", c.name, c.image)));
            }
        }
    }
    f.render_widget(Paragraph::new(lines).scroll((state.scroll as u16, 0)), area);
}
