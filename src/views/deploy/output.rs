//! A helmfile run's output on the deploy screen: the last lines that fit, ANSI colours drawn
//! in the console's theme roles (`console_red`…), how many lines the bounded buffer dropped.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::app::deploy::DeployRun;
use crate::app::deploy_helmfile::HelmfileRun;
use crate::jenkins::ansi::ConsoleLine;
use crate::text::clip::clip;
use crate::text::width::str_width;
use crate::text::wrap::wrap_words;
use crate::theme::{Role, Theme};
use crate::views::console::draw::ansi_style;

/// One output line in its colours, cut to `width`.
fn styled(l: &ConsoleLine, theme: &Theme, width: usize) -> Line<'static> {
    let text = &l.text;
    let mut cuts = vec![0, text.len()];
    for s in &l.styles {
        cuts.extend([s.range.start.min(text.len()), s.range.end.min(text.len())]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut spans = Vec::new();
    let mut used = 0;
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        let room = width.saturating_sub(used);
        if room == 0 {
            break;
        }
        let style = l
            .styles
            .iter()
            .find(|s| s.range.start <= a && b <= s.range.end)
            .map_or(Style::default(), |s| ansi_style(theme, s.style));
        let part = clip(&text[a..b], room);
        used += str_width(&part);
        spans.push(Span::styled(part, style));
    }
    Line::from(spans)
}

pub fn output_lines(
    run: &DeployRun,
    h: &HelmfileRun,
    rows: usize,
    theme: &Theme,
    width: usize,
) -> Vec<Line<'static>> {
    let mut title = format!("OUTPUT {}", run.job);
    if h.dropped > 0 {
        title.push_str(&format!(" ({} earlier lines dropped)", h.dropped));
    }
    let mut lines = vec![Line::from(Span::styled(
        clip(&title, width),
        theme.style(Role::Header),
    ))];
    if let Some(why) = &h.refused {
        // The why is the whole message (what is missing, where to get it): wrapped, not cut.
        for l in wrap_words(&format!("not started: {why}"), width) {
            lines.push(Line::from(Span::styled(l, theme.style(Role::Error))));
        }
        return lines;
    }
    if h.command.is_none() {
        lines.push(Line::from(Span::styled(
            clip("not started yet", width),
            theme.style(Role::Dim),
        )));
        return lines;
    }
    let take = rows.saturating_sub(1);
    let skip = h.output.len().saturating_sub(take);
    for l in h.output.iter().skip(skip) {
        lines.push(styled(l, theme, width));
    }
    lines
}
