//! Draws a confirmation dialog over the view: a bordered box in the middle with the question,
//! and two buttons, the focused one in the selection role.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::confirm::Confirm;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};

/// A dialog's box, `width`×`height` in the middle of `area`, cleared and framed with its title:
/// where to render it, and the block to render it in.
pub fn dialog_frame(
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    (width, height): (u16, u16),
    title: &str,
) -> (Rect, Block<'static>) {
    let r = Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    };
    f.render_widget(Clear, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.style(Role::Border))
        .title(Span::styled(format!(" {title} "), theme.style(Role::Title)));
    (r, block)
}

pub fn draw_confirm<T>(f: &mut Frame, area: Rect, theme: &Theme, c: &Confirm<T>) {
    if area.width < 10 || area.height < 5 {
        return;
    }
    let width = area.width.saturating_sub(4).min(70);
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let body_rows: usize = c
        .lines
        .iter()
        .map(|l| str_width(l).div_ceil(inner_width).max(1))
        .sum();
    let height = u16::try_from(body_rows + 5)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let (r, block) = dialog_frame(f, area, theme, (width, height), &c.title);
    let mut lines: Vec<Line> = c.lines.iter().map(|l| Line::raw(l.clone())).collect();
    lines.push(Line::default());
    let button = |label: &str, focused: bool| {
        Span::styled(
            format!("[ {label} ]"),
            theme.style(if focused { Role::Selection } else { Role::Dim }),
        )
    };
    lines.push(
        Line::from(vec![
            button("Cancel", !c.on_confirm),
            Span::raw("  "),
            button(&c.confirm_label, c.on_confirm),
        ])
        .centered(),
    );
    // A dialog takes the keys: say which.
    lines.push(
        Line::from(Span::styled(
            "tab ←/→ choose · enter press · esc cancel",
            theme.style(Role::Dim),
        ))
        .centered(),
    );
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        r,
    );
}
