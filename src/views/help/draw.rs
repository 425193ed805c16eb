use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::state::HelpLine;
use super::HelpState;
use crate::app::App;
use crate::text::wrap::pad_right;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::draw_empty;

pub fn draw(state: &HelpState, _app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let (kw, lines) = state.lines(usize::from(area.width));
    if lines.is_empty() {
        let text = format!("no key or command matches /{}", state.filter.text());
        draw_empty(f, area, theme, &text);
        return;
    }
    let top = state.top(usize::from(area.width), usize::from(area.height));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(top)
        .take(usize::from(area.height))
        .map(|l| match l {
            HelpLine::Title(t) => Line::from(Span::styled(t, theme.style(Role::Header))),
            HelpLine::Entry { keys, text } => Line::from(vec![
                Span::styled(
                    format!("  {}  ", pad_right(&keys, kw)),
                    theme.style(Role::KeyHint),
                ),
                Span::raw(text),
            ]),
            HelpLine::Gap => Line::from(""),
        })
        .collect();
    f.render_widget(Paragraph::new(shown), area);
}
