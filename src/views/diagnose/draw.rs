use ratatui::layout::Rect;
use ratatui::Frame;

use super::DiagnoseState;
use crate::app::App;
use crate::theme::Theme;
use crate::ui::widgets::table::draw_empty;

pub fn draw(state: &DiagnoseState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let _ = (state, app);
    draw_empty(f, area, theme, "diagnose: not yet");
}
