use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::LogsState;
use crate::app::App;
use crate::theme::Theme;

pub fn draw(state: &LogsState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let _ = (app, theme);
    let h = usize::from(area.height);
    let start = state.lines.len().saturating_sub(h);
    let lines: Vec<Line> = state
        .lines
        .iter()
        .skip(start)
        .map(|l| Line::from(l.text.clone()))
        .collect();
    f.render_widget(Paragraph::new(lines), area);
}
