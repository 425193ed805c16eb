//! The cockpit's table: draws only the rows it is given (the visible window), sizes columns to
//! their content, and drops columns by priority when the terminal is narrow — never wraps.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};
use ratatui::Frame;

use crate::theme::{Role, Theme};

#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub title: &'static str,
    /// Never narrower than this.
    pub min: u16,
    /// Never wider than this (the NAME column takes what is left up to it).
    pub max: u16,
    /// 0 = always shown; higher numbers are dropped first.
    pub priority: u8,
    pub right: bool,
    /// Gives up width (down to `min`) before any column is dropped: names, messages.
    pub flex: bool,
    /// Clip in the middle, keeping the end: pod names differ in their suffix.
    pub keep_end: bool,
}

impl Col {
    pub const fn new(title: &'static str, min: u16, max: u16, priority: u8) -> Col {
        Col {
            title,
            min,
            max,
            priority,
            right: false,
            flex: false,
            keep_end: false,
        }
    }

    pub const fn keep_end(mut self) -> Col {
        self.keep_end = true;
        self
    }

    pub const fn flex(mut self) -> Col {
        self.flex = true;
        self
    }

    pub const fn right(mut self) -> Col {
        self.right = true;
        self
    }
}

pub struct TableRow {
    pub cells: Vec<String>,
    pub role: Role,
}

/// Which columns fit in `width`, and how wide each is, given the visible rows' content.
///
/// Every column wants its content's width (within min..max). Flexible columns give up width
/// first; only when that is not enough are columns dropped, lowest priority (rightmost among
/// equals) first; what still overflows is taken from the widest columns.
pub fn fit_columns(cols: &[Col], rows: &[TableRow], width: u16) -> Vec<(usize, u16)> {
    let desired: Vec<u16> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let content = rows
                .iter()
                .filter_map(|r| r.cells.get(i))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
                .max(c.title.chars().count());
            u16::try_from(content)
                .unwrap_or(u16::MAX)
                .clamp(c.min, c.max)
        })
        .collect();
    let mut kept: Vec<usize> = (0..cols.len()).collect();
    let need = |kept: &[usize]| -> i32 {
        kept.iter().map(|&i| i32::from(desired[i]) + 1).sum::<i32>() - 1
    };
    let slack = |kept: &[usize]| -> i32 {
        kept.iter()
            .filter(|&&i| cols[i].flex)
            .map(|&i| i32::from(desired[i].saturating_sub(cols[i].min)))
            .sum()
    };
    while need(&kept) - slack(&kept) > i32::from(width) {
        let drop = kept
            .iter()
            .enumerate()
            .filter(|(_, &i)| cols[i].priority > 0)
            .max_by_key(|(pos, &i)| (cols[i].priority, *pos))
            .map(|(pos, _)| pos);
        match drop {
            Some(pos) => {
                kept.remove(pos);
            }
            None => break,
        }
    }
    let mut widths: Vec<u16> = kept.iter().map(|&i| desired[i]).collect();
    let mut over = need(&kept) - i32::from(width);
    // Shrink the widest flexible column one step at a time, then any column, down to mins.
    for flex_only in [true, false] {
        while over > 0 {
            let widest = kept
                .iter()
                .enumerate()
                .filter(|(_, &i)| !flex_only || cols[i].flex)
                .filter(|(k, &i)| widths[*k] > cols[i].min.min(desired[i]))
                .max_by_key(|(k, _)| widths[*k])
                .map(|(k, _)| k);
            let Some(k) = widest else { break };
            widths[k] -= 1;
            over -= 1;
        }
    }
    kept.into_iter().zip(widths).collect()
}

/// Draws a table of the visible rows; `selected` is an index into `rows`.
pub fn draw_table(
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
    cols: &[Col],
    rows: Vec<TableRow>,
    selected: Option<usize>,
    sort: Option<(usize, bool)>,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let fitted = fit_columns(cols, &rows, area.width);
    let header = Row::new(fitted.iter().map(|&(i, _)| {
        let mut title = cols[i].title.to_string();
        if let Some((s, desc)) = sort {
            if s == i {
                title.push(if desc { '↓' } else { '↑' });
            }
        }
        Cell::from(title)
    }))
    .style(theme.style(Role::Header));
    let body = rows.into_iter().map(|r| {
        let style = theme.style(r.role);
        Row::new(fitted.iter().map(|&(i, w)| {
            let text = r.cells.get(i).cloned().unwrap_or_default();
            let text = if cols[i].keep_end {
                clip_middle(&text, w)
            } else {
                clip(&text, w)
            };
            if cols[i].right {
                Cell::from(Line::from(Span::raw(text)).right_aligned())
            } else {
                Cell::from(text)
            }
        }))
        .style(style)
    });
    let widths: Vec<Constraint> = fitted.iter().map(|&(_, w)| Constraint::Length(w)).collect();
    let table = Table::new(body, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(theme.style(Role::Selection));
    let mut state = TableState::default().with_selected(selected);
    f.render_stateful_widget(table, area, &mut state);
}

/// Cuts text to `w` columns, marking the cut with `…`.
pub fn clip(s: &str, w: u16) -> String {
    let w = usize::from(w);
    if s.chars().count() <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(w - 1).collect();
    out.push('…');
    out
}

/// Cuts text to `w` columns in the middle, keeping both ends: `payments-fra…k44-hw8qw`.
pub fn clip_middle(s: &str, w: u16) -> String {
    let w = usize::from(w);
    let n = s.chars().count();
    if n <= w {
        return s.to_string();
    }
    if w < 5 {
        return clip(s, u16::try_from(w).unwrap_or(0));
    }
    let tail = (w - 1) / 2;
    let head = w - 1 - tail;
    let mut out: String = s.chars().take(head).collect();
    out.push('…');
    out.extend(s.chars().skip(n - tail));
    out
}

/// An empty-table line such as "no pods match /crash".
pub fn draw_empty(f: &mut Frame, area: Rect, theme: &Theme, text: &str) {
    if area.height < 2 {
        return;
    }
    let r = Rect {
        y: area.y + 1,
        height: 1,
        ..area
    };
    f.render_widget(
        Line::from(Span::styled(text.to_string(), theme.style(Role::Dim))),
        r,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: [Col; 4] = [
        Col::new("NAME", 10, 60, 0).flex(),
        Col::new("STATUS", 8, 24, 0),
        Col::new("AGE", 4, 8, 1),
        Col::new("NODE", 6, 30, 2),
    ];

    fn row(cells: &[&str]) -> TableRow {
        TableRow {
            cells: cells.iter().map(|s| s.to_string()).collect(),
            role: Role::HealthOk,
        }
    }

    #[test]
    fn wide_terminals_show_every_column_at_content_width() {
        let rows = [row(&["payments-api-7f9c", "Running", "3d", "node-a"])];
        let fit = fit_columns(&COLS, &rows, 160);
        assert_eq!(fit, vec![(0, 17), (1, 8), (2, 4), (3, 6)]);
    }

    #[test]
    fn narrow_terminals_drop_columns_by_priority() {
        let rows = [row(&["payments-api-7f9c", "Running", "3d", "node-a"])];
        let fit = fit_columns(&COLS, &rows, 26);
        assert_eq!(fit, vec![(0, 12), (1, 8), (2, 4)]);
        // Names give up width before AGE goes.
        let fit = fit_columns(&COLS, &rows, 35);
        assert_eq!(fit, vec![(0, 14), (1, 8), (2, 4), (3, 6)]);
        let fit = fit_columns(&COLS, &rows, 19);
        assert_eq!(fit, vec![(0, 10), (1, 8)]);
    }

    #[test]
    fn clip_marks_the_cut() {
        assert_eq!(clip("payments-api", 8), "payment…");
        assert_eq!(clip("api", 8), "api");
        assert_eq!(
            clip_middle("payments-fraud-check-zn6mk92k44-hw8qw", 20),
            "payments-f…k44-hw8qw"
        );
        assert_eq!(clip_middle("api", 8), "api");
    }
}
