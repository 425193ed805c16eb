//! The cockpit's table: draws only the rows it is given (the visible window), sizes columns to
//! their content, and drops columns by priority when the terminal is narrow — never wraps.

use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};
use ratatui::Frame;

use crate::text::clip::{clip, clip_middle};
use crate::text::width::str_width;
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
                .map(|s| str_width(s))
                .max()
                .unwrap_or(0)
                .max(str_width(c.title));
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
    // Still too wide (a tiny terminal): names give up more, so that they are clipped here,
    // where the end that tells them apart is kept, and not cut short by the table.
    while over > 0 {
        let widest = kept
            .iter()
            .enumerate()
            .filter(|(k, &i)| cols[i].flex && widths[*k] > FLEX_FLOOR)
            .max_by_key(|(k, _)| widths[*k])
            .map(|(k, _)| k);
        let Some(k) = widest else { break };
        widths[k] -= 1;
        over -= 1;
    }
    kept.into_iter().zip(widths).collect()
}

/// The narrowest a flexible column gets on a terminal too small for the minimums.
const FLEX_FLOOR: u16 = 9;

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
    // The sort arrow is part of its column's title: room for it, so it is never clipped off.
    let mut sized: Vec<Col> = cols.to_vec();
    if let Some(c) = sort.and_then(|(s, _)| sized.get_mut(s)) {
        let want = u16::try_from(str_width(c.title) + 1).unwrap_or(u16::MAX);
        c.min = c.min.max(want);
        c.max = c.max.max(want);
    }
    let cols = sized.as_slice();
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
                clip_middle(&text, usize::from(w))
            } else {
                clip(&text, usize::from(w))
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

/// An empty-table line such as "no pods match /crash".
pub fn draw_empty(f: &mut Frame, area: Rect, theme: &Theme, text: &str) {
    if area.height < 2 {
        return;
    }
    // Wrapped: what stands here instead of rows is often an error the user must read whole.
    let lines = crate::text::wrap::wrap_words(text, usize::from(area.width.max(1)));
    for (i, line) in lines
        .into_iter()
        .take(usize::from(area.height - 1))
        .enumerate()
    {
        let r = Rect {
            y: area.y + 1 + i as u16,
            height: 1,
            ..area
        };
        f.render_widget(Line::from(Span::styled(line, theme.style(Role::Dim))), r);
    }
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
    fn below_the_minimums_names_give_up_width_so_the_table_never_cuts_them() {
        let rows = [row(&[
            "payments-api-hqvf6n9fr2-7txrr",
            "Running",
            "3d",
            "node-a",
        ])];
        let fit = fit_columns(&COLS, &rows, 18);
        assert_eq!(fit, vec![(0, 9), (1, 8)]);
        // Clipped in the middle there, two pods stay two names.
        let a = clip_middle("payments-api-hqvf6n9fr2-7txrr", 9);
        let b = clip_middle("payments-api-hqvf6n9fr2-b9xd4", 9);
        assert_ne!(a, b);
    }

    #[test]
    fn wide_names_are_clipped_to_their_column() {
        let cols = [
            Col::new("NAME", 4, 12, 0).keep_end(),
            Col::new("STATUS", 6, 10, 0),
        ];
        let rows = vec![row(&["ビルド-🚀-payments-hw8qw", "Running"])];
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(30, 2)).unwrap();
        let theme = crate::testkit::theme();
        t.draw(|f| draw_table(f, f.area(), &theme, &cols, rows, None, None))
            .unwrap();
        let buf = t.backend().buffer();
        // Twelve columns: ビルド (6), the cut, then the five-column unique suffix.
        assert_eq!(buf[(0, 1)].symbol(), "ビ");
        assert_eq!(buf[(4, 1)].symbol(), "ド");
        assert_eq!(buf[(6, 1)].symbol(), "…");
        let suffix: String = (7..12).map(|x| buf[(x, 1)].symbol()).collect();
        assert_eq!(suffix, "hw8qw");
        // STATUS starts where the header says it does.
        assert_eq!(buf[(13, 0)].symbol(), "S");
        assert_eq!(buf[(13, 1)].symbol(), "R");
    }

    #[test]
    fn columns_are_sized_by_display_width() {
        // 🚀 and each CJK character take two columns.
        let rows = [row(&["deploy-🚀", "実行中", "3d", "node-a"])];
        let fit = fit_columns(&COLS, &rows, 160);
        assert_eq!(fit, vec![(0, 10), (1, 8), (2, 4), (3, 6)]);
        let rows = [row(&["x", "起動に失敗しました", "3d", "node-a"])];
        let fit = fit_columns(&COLS, &rows, 160);
        assert_eq!(fit[1], (1, 18));
    }
}
