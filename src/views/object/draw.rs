use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::lines::Line as Pieces;
use super::{ObjectMode, ObjectState};
use crate::app::App;
use crate::cluster::resource::ResourceKind;
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::theme::{Role, Theme};
use crate::ui::widgets::table::draw_empty;

/// A line naming the object and what is hidden, then the text, scrolled.
pub fn draw(state: &ObjectState, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let lines = state.lines(app.now);
    let page = usize::from(body.height);
    let top = state.top.min(lines.len().saturating_sub(page));
    let mut facts: Vec<(String, Role)> = vec![(state.object.label(), Role::Title)];
    if let Some(ns) = &state.object.namespace {
        facts.push((format!("  {ns}"), Role::Dim));
    }
    if state.mode == ObjectMode::Yaml && state.fetched.is_some() {
        if state.managed {
            facts.push(("  managedFields shown".into(), Role::Dim));
        } else if state.has_managed_fields() {
            facts.push(("  managedFields hidden (m)".into(), Role::Dim));
        }
    }
    if state.object.kind == ResourceKind::Secret {
        if state.fetched.as_ref().is_some_and(|f| f.revealed) {
            facts.push(("  values revealed (x hides)".into(), Role::Error));
        } else {
            facts.push(("  values hidden (x reveals)".into(), Role::Dim));
        }
    }
    let position = if lines.len() > page {
        format!(" {}-{}/{}", top + 1, (top + page).min(lines.len()), lines.len())
    } else {
        String::new()
    };
    let width = usize::from(area.width);
    let budget = width.saturating_sub(str_width(&position));
    let mut spans = Vec::new();
    let mut used = 0;
    for (text, role) in facts {
        let left = budget.saturating_sub(used);
        if left == 0 {
            break;
        }
        let text = clip(&text, left);
        used += str_width(&text);
        spans.push(Span::styled(text, theme.style(role)));
    }
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used + str_width(&position)))));
    spans.push(Span::styled(position, theme.style(Role::Dim)));
    f.render_widget(Line::from(spans), head);

    if state.fetched.is_none() {
        let text = match &state.error {
            Some(e) => format!("cannot get {}: {e}", state.object.label()),
            None => format!("getting {}…", state.object.label()),
        };
        draw_empty(f, body, theme, &text);
        return;
    }
    let shown: Vec<Line> = lines
        .iter()
        .skip(top)
        .take(page)
        .map(|l| {
            let l = highlighted(l, state);
            Line::from(
                scrolled(l, state.left)
                    .into_iter()
                    .map(|(t, r)| Span::styled(t, theme.style(r)))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    f.render_widget(Paragraph::new(shown), body);
}

/// The search's matches in the match role.
fn highlighted(l: &Pieces, state: &ObjectState) -> Pieces {
    let Some(s) = &state.search else {
        return l.clone();
    };
    let text: String = l.iter().map(|(t, _)| t.as_str()).collect();
    let ranges = s.ranges(&text);
    if ranges.is_empty() {
        return l.clone();
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (t, role) in l {
        let end = at + t.len();
        let mut cut = at;
        for r in ranges.iter().filter(|r| r.start < end && r.end > at) {
            let (a, b) = (r.start.max(at), r.end.min(end));
            if a > cut {
                out.push((text[cut..a].to_string(), *role));
            }
            out.push((text[a..b].to_string(), Role::Match));
            cut = b;
        }
        if cut < end {
            out.push((text[cut..end].to_string(), *role));
        }
        at = end;
    }
    out
}

/// The line without its first `left` characters (sideways scroll).
fn scrolled(l: Pieces, left: usize) -> Pieces {
    let mut skip = left;
    l.into_iter()
        .filter_map(|(t, r)| {
            let n = t.chars().count();
            if skip >= n {
                skip -= n;
                return None;
            }
            let t: String = t.chars().skip(skip).collect();
            skip = 0;
            Some((t, r))
        })
        .collect()
}
