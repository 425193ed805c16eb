//! Where the log's lines land on screen: which lines are visible (all, or only those around
//! matches), how they wrap, and the scroll position in rows. Pure: the state uses it to
//! scroll, the draw code to paint, so both agree on every row.

use std::ops::Range;

use super::LogsState;
use crate::text::width::char_width;

/// Lines of context around a match in the "matches only" mode (like `grep -C2`).
pub const CONTEXT: u64 = 2;
/// Columns of the timestamp column when shown: `2026-11-24T12:00:00.040Z `.
pub const TS_COLS: usize = 25;
/// Narrower than this, timestamps are not shown (the text needs the room).
const TS_MIN_WIDTH: usize = 40;

/// A scroll position: a line (by sequence number, stable while older lines are dropped) and a
/// row within its entry (wrapped rows, plus a marker or separator row above it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub seq: u64,
    pub row: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// "1,234 earlier lines dropped", above the oldest line kept.
    Dropped(u64),
    /// Between two groups of lines around matches.
    Separator,
    /// Part of a line: the byte range of its text, and whether it is the line's first row.
    Text {
        seq: u64,
        range: Range<usize>,
        first: bool,
    },
}

/// Byte ranges of the rows `text` wraps into at `width` columns (at least one row).
pub fn wrap_ranges(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut out = Vec::new();
    let (mut start, mut cols) = (0, 0);
    for (i, c) in text.char_indices() {
        let w = char_width(c);
        if cols + w > width && i > start {
            out.push(start..i);
            start = i;
            cols = 0;
        }
        cols += w;
    }
    out.push(start..text.len());
    out
}

fn wrap_count(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let (mut rows, mut cols, mut empty) = (1, 0, true);
    for c in text.chars() {
        let w = char_width(c);
        if cols + w > width && !empty {
            rows += 1;
            cols = 0;
        }
        cols += w;
        empty = false;
    }
    rows
}

/// The byte range of `text` shown when scrolled `from` columns right in `width` columns.
pub fn slice_columns(text: &str, from: usize, width: usize) -> Range<usize> {
    let (mut start, mut end, mut col) = (text.len(), text.len(), 0);
    for (i, c) in text.char_indices() {
        if col >= from && start == text.len() {
            start = i;
        }
        let w = char_width(c);
        if col + w > from + width {
            end = i;
            break;
        }
        col += w;
    }
    start..end.max(start)
}

impl LogsState {
    /// Columns of the timestamp column at this width (0 when hidden).
    pub fn ts_cols(&self, width: usize) -> usize {
        if self.timestamps && width >= TS_MIN_WIDTH {
            TS_COLS
        } else {
            0
        }
    }

    /// Columns left for the text.
    pub fn text_cols(&self, width: usize) -> usize {
        width.saturating_sub(self.ts_cols(width)).max(1)
    }

    pub(super) fn first_seq(&self) -> u64 {
        self.dropped
    }

    /// One past the newest line.
    pub(super) fn end_seq(&self) -> u64 {
        self.dropped + self.lines.len() as u64
    }

    pub fn line(&self, seq: u64) -> Option<&crate::app::msg::LogLine> {
        let i = usize::try_from(seq.checked_sub(self.dropped)?).ok()?;
        self.lines.get(i)
    }

    /// Only lines around matches are shown (with a search; without one, all are).
    fn filtering(&self) -> bool {
        self.matches_only && self.search.is_some()
    }

    /// The first visible line at or after `seq`.
    pub fn visible_at_or_after(&self, seq: u64) -> Option<u64> {
        let seq = seq.max(self.first_seq());
        let found = if !self.filtering() {
            Some(seq)
        } else {
            let i = self.matches.partition_point(|m| m + CONTEXT < seq);
            self.matches
                .get(i)
                .map(|m| seq.max(m.saturating_sub(CONTEXT)))
        };
        found.filter(|s| *s < self.end_seq())
    }

    /// The last visible line at or before `seq`.
    pub fn visible_at_or_before(&self, seq: u64) -> Option<u64> {
        let seq = seq.min(self.end_seq().checked_sub(1)?);
        let found = if !self.filtering() {
            Some(seq)
        } else {
            let i = self
                .matches
                .partition_point(|m| m.saturating_sub(CONTEXT) <= seq);
            i.checked_sub(1)
                .and_then(|i| self.matches.get(i))
                .map(|m| seq.min(m + CONTEXT))
        };
        found.filter(|s| *s >= self.first_seq())
    }

    fn is_visible(&self, seq: u64) -> bool {
        self.visible_at_or_after(seq) == Some(seq)
    }

    fn next_visible(&self, seq: u64) -> Option<u64> {
        self.visible_at_or_after(seq + 1)
    }

    fn prev_visible(&self, seq: u64) -> Option<u64> {
        self.visible_at_or_before(seq.checked_sub(1)?)
    }

    fn first_visible(&self) -> Option<u64> {
        self.visible_at_or_after(self.first_seq())
    }

    /// Marker rows above a line: the dropped-lines note, a separator between match groups.
    fn decorations(&self, seq: u64) -> (bool, bool) {
        let first = self.first_visible() == Some(seq);
        let dropped = first && self.dropped > 0;
        let separator = !first
            && self.filtering()
            && seq
                .checked_sub(1)
                .is_none_or(|p| p < self.first_seq() || !self.is_visible(p));
        (dropped, separator)
    }

    /// Rows a visible line takes, markers included.
    fn height(&self, seq: u64, width: usize) -> usize {
        let (d, s) = self.decorations(seq);
        let text = if self.wrap {
            self.line(seq)
                .map_or(1, |l| wrap_count(&l.text, self.text_cols(width)))
        } else {
            1
        };
        usize::from(d) + usize::from(s) + text
    }

    /// The rows of one visible line, markers first.
    fn rows_of(&self, seq: u64, width: usize) -> Vec<Row> {
        let (d, s) = self.decorations(seq);
        let mut out = Vec::new();
        if d {
            out.push(Row::Dropped(self.dropped));
        }
        if s {
            out.push(Row::Separator);
        }
        let Some(line) = self.line(seq) else {
            return out;
        };
        let cols = self.text_cols(width);
        if self.wrap {
            for (i, range) in wrap_ranges(&line.text, cols).into_iter().enumerate() {
                out.push(Row::Text {
                    seq,
                    range,
                    first: i == 0,
                });
            }
        } else {
            out.push(Row::Text {
                seq,
                range: slice_columns(&line.text, self.hscroll, cols),
                first: true,
            });
        }
        out
    }

    /// One row down, if there is one.
    pub fn row_below(&self, p: Pos, width: usize) -> Option<Pos> {
        if p.row + 1 < self.height(p.seq, width) {
            return Some(Pos {
                seq: p.seq,
                row: p.row + 1,
            });
        }
        self.next_visible(p.seq).map(|seq| Pos { seq, row: 0 })
    }

    /// One row up, if there is one.
    pub fn row_above(&self, p: Pos, width: usize) -> Option<Pos> {
        if p.row > 0 {
            return Some(Pos {
                seq: p.seq,
                row: p.row - 1,
            });
        }
        let seq = self.prev_visible(p.seq)?;
        Some(Pos {
            seq,
            row: self.height(seq, width) - 1,
        })
    }

    /// The top of the last page: where following shows the log from.
    pub fn bottom_top(&self, width: usize, height: usize) -> Option<Pos> {
        let mut seq = self.visible_at_or_before(self.end_seq().checked_sub(1)?)?;
        let mut rows = self.height(seq, width);
        while rows < height {
            let Some(prev) = self.prev_visible(seq) else {
                break;
            };
            seq = prev;
            rows += self.height(seq, width);
        }
        Some(Pos {
            seq,
            row: rows.saturating_sub(height),
        })
    }

    /// `p` moved onto a visible line and no further down than the last page.
    pub fn clamp_top(&self, p: Pos, width: usize, height: usize) -> Option<Pos> {
        let bottom = self.bottom_top(width, height)?;
        let seq = self
            .visible_at_or_after(p.seq)
            .or_else(|| self.visible_at_or_before(p.seq))?;
        let p = if seq == p.seq {
            Pos {
                seq,
                row: p.row.min(self.height(seq, width) - 1),
            }
        } else {
            Pos { seq, row: 0 }
        };
        Some(p.min(bottom))
    }

    /// The first row on screen: the last page while following, else the kept position.
    pub fn effective_top(&self, width: usize, height: usize) -> Option<Pos> {
        if self.follow {
            self.bottom_top(width, height)
        } else {
            self.clamp_top(self.top, width, height)
        }
    }

    /// The rows on screen, top to bottom, at most `height`.
    pub fn viewport(&self, width: usize, height: usize) -> Vec<Row> {
        let mut out = Vec::with_capacity(height);
        let Some(top) = self.effective_top(width, height) else {
            return out;
        };
        let mut seq = Some(top.seq);
        let mut skip = top.row;
        while let Some(s) = seq {
            for r in self.rows_of(s, width).into_iter().skip(skip) {
                if out.len() == height {
                    return out;
                }
                out.push(r);
            }
            skip = 0;
            seq = self.next_visible(s);
        }
        out
    }

    /// Moves the kept position by `delta` rows (negative: up).
    pub(super) fn scroll_rows(&mut self, delta: isize, width: usize, height: usize) {
        let Some(mut p) = self.effective_top(width, height) else {
            return;
        };
        for _ in 0..delta.unsigned_abs() {
            let next = if delta < 0 {
                self.row_above(p, width)
            } else {
                self.row_below(p, width)
            };
            match next {
                Some(n) => p = n,
                None => break,
            }
        }
        self.top = self.clamp_top(p, width, height).unwrap_or_default();
    }

    /// The first and last line with a row on screen.
    pub fn lines_on_screen(&self, width: usize, height: usize) -> Option<(u64, u64)> {
        let rows = self.viewport(width, height);
        let mut seqs = rows.iter().filter_map(|r| match r {
            Row::Text { seq, .. } => Some(*seq),
            _ => None,
        });
        let first = seqs.next()?;
        Some((first, seqs.next_back().unwrap_or(first)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_counts_columns_not_bytes() {
        assert_eq!(wrap_ranges("", 4), vec![0..0]);
        assert_eq!(wrap_ranges("abcdefghij", 4), vec![0..4, 4..8, 8..10]);
        assert_eq!(wrap_ranges("abcd", 4), vec![0..4]);
        // Wide characters take two columns and are never split.
        assert_eq!(wrap_ranges("日本語", 4), vec![0..6, 6..9]);
        assert_eq!(wrap_count("abcdefghij", 4), 3);
        assert_eq!(wrap_count("", 4), 1);
        assert_eq!(wrap_count("日本語", 4), 2);
    }

    #[test]
    fn emoji_take_two_columns_and_marks_none() {
        // 🚀 is two columns wide (the old table here counted it as one).
        assert_eq!(wrap_ranges("ab🚀cd", 3), vec![0..2, 2..7, 7..8]);
        assert_eq!(wrap_count("ab🚀cd", 3), 3);
        assert_eq!(slice_columns("ab🚀cd", 2, 2), 2..6);
        assert_eq!(slice_columns("ab🚀cd", 0, 3), 0..2);
        // A combining mark stays on its letter's row and takes no column.
        let text = "cafe\u{301}s";
        assert_eq!(wrap_ranges(text, 4), vec![0..6, 6..7]);
        assert_eq!(slice_columns(text, 0, 4), 0..6);
    }

    #[test]
    fn slicing_for_horizontal_scroll() {
        assert_eq!(slice_columns("abcdefghij", 0, 4), 0..4);
        assert_eq!(slice_columns("abcdefghij", 8, 4), 8..10);
        assert_eq!(slice_columns("abc", 8, 4), 3..3);
        assert_eq!(slice_columns("aü日b", 1, 3), 1..6);
    }
}
