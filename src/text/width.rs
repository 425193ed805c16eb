//! Columns a text takes in a terminal, measured as ratatui measures it (`unicode-width`): wide
//! East Asian characters and most emoji take two columns, combining marks and zero-width
//! characters none. Counting `chars()` instead lets wide text overflow its column.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns of one character; control characters (gone after sanitising anyway) take none.
pub fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Columns of a string.
pub fn str_width(s: &str) -> usize {
    s.width()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_zero_width_characters() {
        assert_eq!(str_width("payments"), 8);
        assert_eq!(str_width("süß"), 3);
        assert_eq!(str_width("日本語"), 6);
        assert_eq!(char_width('🚀'), 2);
        assert_eq!(str_width("go 🚀"), 5);
        // e + combining acute accent: one column.
        assert_eq!(str_width("e\u{301}"), 1);
        assert_eq!(char_width('\u{301}'), 0);
        assert_eq!(char_width('\u{200b}'), 0);
    }
}
