//! Cutting text to a number of terminal columns, marking the cut with `…`. Widths are
//! columns ([`super::width`]), never characters: a wide character that would straddle the edge
//! is left out whole, and combining marks stay with the character they modify.

use super::width::{char_width, str_width};

const ELLIPSIS: char = '…';

/// The longest start of `s` that fits in `w` columns.
pub fn head(s: &str, w: usize) -> &str {
    let mut col = 0;
    for (i, c) in s.char_indices() {
        col += char_width(c);
        if col > w {
            return &s[..i];
        }
    }
    s
}

/// The longest end of `s` that fits in `w` columns, not starting with a combining mark.
pub fn tail(s: &str, w: usize) -> &str {
    let mut col = 0;
    let mut start = s.len();
    for (i, c) in s.char_indices().rev() {
        col += char_width(c);
        if col > w {
            break;
        }
        start = i;
    }
    let rest = &s[start..];
    rest.trim_start_matches(|c| char_width(c) == 0)
}

/// What is left of `s` once its first `w` columns are scrolled out of view; a wide character
/// cut by the edge goes with them.
pub fn skip_columns(s: &str, w: usize) -> &str {
    let mut col = 0;
    for (i, c) in s.char_indices() {
        let cw = char_width(c);
        if col >= w && cw > 0 {
            return &s[i..];
        }
        col += cw;
    }
    ""
}

/// Cuts `s` to `w` columns, marking the cut with `…`.
pub fn clip(s: &str, w: usize) -> String {
    if str_width(s) <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = head(s, w - 1).to_string();
    out.push(ELLIPSIS);
    out
}

/// Cuts `s` to `w` columns in the middle, keeping both ends: names such as pod names differ
/// in their suffix (`payments-fra…k44-hw8qw`).
pub fn clip_middle(s: &str, w: usize) -> String {
    if str_width(s) <= w {
        return s.to_string();
    }
    if w < 5 {
        return clip(s, w);
    }
    let tail_cols = (w - 1) / 2;
    let mut out = head(s, w - 1 - tail_cols).to_string();
    out.push(ELLIPSIS);
    out.push_str(tail(s, tail_cols));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_is_cut_at_the_column() {
        assert_eq!(clip("payments-api", 8), "payment…");
        assert_eq!(clip("api", 8), "api");
        assert_eq!(clip("api", 0), "");
        assert_eq!(
            clip_middle("payments-fraud-check-zn6mk92k44-hw8qw", 20),
            "payments-f…k44-hw8qw"
        );
        assert_eq!(clip_middle("api", 8), "api");
        assert_eq!(clip_middle("payments", 4), "pay…");
    }

    #[test]
    fn wide_characters_count_two_columns_and_are_never_split() {
        // 日本語です is 10 columns; cut to 7, 日本語 (6) fits before the ellipsis.
        assert_eq!(clip("日本語です", 7), "日本語…");
        assert_eq!(str_width(&clip("日本語です", 7)), 7);
        // With 6 columns, 日本 (4) fits before the ellipsis, the next one would straddle.
        assert_eq!(clip("日本語です", 6), "日本…");
        assert_eq!(clip("deploy 🚀 now", 8), "deploy …");
        assert_eq!(clip("deploy 🚀 now", 9), "deploy …");
        assert_eq!(clip("deploy 🚀 now", 10), "deploy 🚀…");
        assert_eq!(clip("🚀🚀", 4), "🚀🚀");
        assert_eq!(
            clip_middle("ビルド-payments-🚀-hw8qw", 14),
            "ビルド-…-hw8qw"
        );
        for w in 0..30 {
            assert!(str_width(&clip("ビルド-payments-🚀-hw8qw", w)) <= w);
            assert!(str_width(&clip_middle("ビルド-payments-🚀-hw8qw", w)) <= w);
        }
    }

    #[test]
    fn zero_width_marks_take_no_column_and_stay_with_their_letter() {
        // "cafe\u{301}" is café in four columns.
        assert_eq!(clip("cafe\u{301}", 4), "cafe\u{301}");
        assert_eq!(clip("cafe\u{301}s", 4), "caf…");
        assert_eq!(head("cafe\u{301}s", 4), "cafe\u{301}");
        assert_eq!(tail("xe\u{301}", 1), "e\u{301}");
        // The mark's letter does not fit: the mark is not left dangling.
        assert_eq!(tail("日\u{301}", 1), "");
    }

    #[test]
    fn skipping_columns_for_horizontal_scroll() {
        assert_eq!(skip_columns("abcdef", 2), "cdef");
        assert_eq!(skip_columns("abc", 5), "");
        assert_eq!(skip_columns("日本語", 2), "本語");
        // 本 straddles the edge at column 3: it scrolls out whole.
        assert_eq!(skip_columns("日本語", 3), "語");
        assert_eq!(skip_columns("e\u{301}x", 1), "x");
    }
}
