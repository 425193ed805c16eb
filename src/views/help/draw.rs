use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::HelpState;
use crate::app::command::COMMANDS;
use crate::app::App;
use crate::keymap::{chord_text, Section};
use crate::text::width::str_width;
use crate::text::wrap::pad_right;
use crate::theme::{Role, Theme};

/// The help text: every binding of the live keymap, then the commands.
pub fn help_lines<'a>(app: &App, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let keys_of = |b: &crate::keymap::Binding| {
        b.chords
            .iter()
            .map(|c| chord_text(c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let width = app
        .keymap
        .bindings
        .iter()
        .map(|b| str_width(&keys_of(b)))
        .max()
        .unwrap_or(0)
        .clamp(12, 30);
    for &section in Section::ALL {
        lines.push(Line::from(Span::styled(
            format!("{} keys", section.name()),
            theme.style(Role::Header),
        )));
        for b in app.keymap.bindings.iter().filter(|b| b.section == section) {
            if b.chords.is_empty() {
                continue;
            }
            let keys = keys_of(b);
            lines.push(Line::from(vec![
                Span::styled(
                    format!("  {}  ", pad_right(&keys, width)),
                    theme.style(Role::KeyHint),
                ),
                Span::raw(b.desc.clone()),
            ]));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(
        "commands",
        theme.style(Role::Header),
    )));
    for spec in COMMANDS {
        lines.push(Line::from(vec![
            Span::styled(
                format!("  :{:<21}", spec.names.join(" :")),
                theme.style(Role::KeyHint),
            ),
            Span::raw(if spec.args.is_empty() {
                spec.help.to_string()
            } else {
                format!("{} {}", spec.help, spec.args)
            }),
        ]));
    }
    lines
}

pub fn draw(state: &HelpState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    let lines = help_lines(app, theme);
    let max = lines.len().saturating_sub(usize::from(area.height));
    let scroll = u16::try_from(state.scroll.min(max)).unwrap_or(0);
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), area);
}
