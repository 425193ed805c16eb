use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::state::PortPickState;
use crate::app::App;
use crate::theme::{Role, Theme};

/// A box in the middle, over the screen it was opened from.
pub fn draw(state: &PortPickState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if let [.., below, _] = app.stack.as_slice() {
        crate::views::draw_screen(below, app, theme, f, area);
    }
    if area.width < 20 || area.height < 6 {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    if state.ports.is_empty() {
        lines.push(Line::styled(
            "The pod declares no ports: enter, then type LOCAL:REMOTE (or one port for both).",
            theme.style(Role::Text),
        ));
    }
    for (i, p) in state.ports.iter().enumerate() {
        let name = if p.name.is_empty() { "-" } else { &p.name };
        let text = format!(
            " {:>5}/{:<4} {:<12} container {}",
            p.port, p.protocol, name, p.container
        );
        let role = if i == state.selected {
            Role::Selection
        } else {
            Role::Text
        };
        lines.push(Line::styled(text, theme.style(role)));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        "enter: the local port (the same by default) · ↑/↓ choose · esc cancel",
        theme.style(Role::Dim),
    ));
    let width = area.width.saturating_sub(4).min(72);
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let title = format!("Port-forward {}", state.pod);
    let (r, block) =
        crate::ui::widgets::confirm::dialog_frame(f, area, theme, (width, height), &title);
    f.render_widget(Paragraph::new(lines).block(block), r);
}
