use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::state::{file_lines, DiffState};
use crate::app::App;
use crate::text::diff::DiffKind;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::draw_empty;

pub fn draw(state: &DiffState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.height < 2 || area.width < 10 {
        return;
    }
    let mut area = area;
    if state.commit.is_some() {
        let (text, role) = match state.commit_shown(&app.world) {
            None => ("reading the commit…".to_string(), Role::Dim),
            Some(Err(e)) => (e.clone(), Role::Error),
            Some(Ok((c, _))) => (
                format!("{} {} · {}", c.short_id(), c.author, c.subject),
                Role::Title,
            ),
        };
        f.render_widget(
            Line::from(Span::styled(text, theme.style(role))),
            Rect { height: 1, ..area },
        );
        area = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        if area.height < 2 {
            return;
        }
    }
    let Some(files) = state.files(&app.world) else {
        if state.commit.is_none() {
            draw_empty(f, area, theme, "reading the working tree…");
        }
        return;
    };
    let Some((i, file)) = state.current(&app.world) else {
        let text = if state.commit.is_some() {
            "the commit changes no file"
        } else {
            "no changes: the working tree is as HEAD has it"
        };
        draw_empty(f, area, theme, text);
        return;
    };
    let lines = file_lines(file);
    let added = lines.iter().filter(|l| l.kind == DiffKind::Added).count();
    let removed = lines.iter().filter(|l| l.kind == DiffKind::Removed).count();
    let what = match (&file.old, &file.new) {
        (None, _) => " (new)",
        (_, None) => " (deleted)",
        _ => "",
    };
    let head = Line::from(vec![
        Span::styled(
            format!("file {}/{} ", i + 1, files.len()),
            theme.style(Role::Dim),
        ),
        Span::styled(format!("{}{what}", file.path), theme.style(Role::Title)),
        Span::styled(format!("  +{added}"), theme.style(Role::DiffAdd)),
        Span::styled(format!(" −{removed}"), theme.style(Role::DiffDel)),
    ]);
    f.render_widget(head, Rect { height: 1, ..area });
    let body = Rect {
        y: area.y + 1,
        height: area.height - 1,
        ..area
    };
    let page = usize::from(body.height);
    let scroll = state.scroll.min(lines.len().saturating_sub(page));
    let shown: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .take(page)
        .map(|l| {
            let (mark, role) = match l.kind {
                DiffKind::Added => ("+", Role::DiffAdd),
                DiffKind::Removed => ("-", Role::DiffDel),
                DiffKind::Hunk => ("", Role::Dim),
                DiffKind::Same => (" ", Role::Text),
            };
            Line::from(Span::styled(format!("{mark}{}", l.text), theme.style(role)))
        })
        .collect();
    f.render_widget(Paragraph::new(shown), body);
}
