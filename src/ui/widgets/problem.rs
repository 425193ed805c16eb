//! A problem (a failed poll, a refusal) as wrapped lines above a screen's body: shared by the
//! Jenkins screens, which all say the same way that their data is stale.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::text::width::str_width;
use crate::theme::{Role, Theme};

/// Lines a wrapped text takes at `width`.
pub fn wrapped_height(text: &str, width: u16) -> u16 {
    let w = usize::from(width.max(1));
    let n: usize = text.lines().map(|l| str_width(l).div_ceil(w).max(1)).sum();
    u16::try_from(n.max(1)).unwrap_or(u16::MAX)
}

/// A problem line (or lines) in the error role, wrapped, at most `max` rows; returns the rest.
pub fn draw_problem(
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    text: &str,
    role: Role,
    max: u16,
) -> Rect {
    let h = wrapped_height(text, area.width).min(max).min(area.height);
    let r = Rect { height: h, ..area };
    f.render_widget(
        Paragraph::new(Line::styled(text.to_string(), theme.style(role))).wrap(Wrap { trim: true }),
        r,
    );
    Rect {
        y: area.y + h,
        height: area.height - h,
        ..area
    }
}
