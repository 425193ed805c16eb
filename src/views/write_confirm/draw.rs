use ratatui::layout::Rect;
use ratatui::Frame;

use super::state::WriteConfirmState;
use crate::app::App;
use crate::theme::Theme;
use crate::ui::widgets::confirm::draw_confirm;

/// The screen it was asked from stays visible under the dialog.
pub fn draw(state: &WriteConfirmState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if let [.., below, _] = app.stack.as_slice() {
        crate::views::draw_screen(below, app, theme, f, area);
    }
    draw_confirm(f, area, theme, &state.confirm);
}
