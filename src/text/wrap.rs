//! Word-wrapping to a number of terminal columns ([`super::width`]); a word longer than a line
//! is cut between characters, never inside a wide one.

use super::clip::head;
use super::width::str_width;

/// The lines `text` word-wraps into at `width` columns (none for blank text). Runs of
/// whitespace between words become one space.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let mut word = word;
        loop {
            let gap = usize::from(used > 0);
            let w = str_width(word);
            if used + gap + w <= width {
                if gap == 1 {
                    cur.push(' ');
                }
                cur.push_str(word);
                used += gap + w;
                break;
            }
            if used > 0 {
                out.push(std::mem::take(&mut cur));
                used = 0;
                continue;
            }
            // A word longer than a line: cut it (at least one character, so a character wider
            // than the line still makes progress).
            let mut cut = head(word, width).len();
            if cut == 0 {
                cut = word.chars().next().map_or(word.len(), char::len_utf8);
            }
            out.push(word[..cut].to_string());
            word = &word[cut..];
            if word.is_empty() {
                break;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `s` padded with spaces to `w` columns (unchanged when already as wide).
pub fn pad_right(s: &str, w: usize) -> String {
    let mut out = s.to_string();
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(str_width(s))));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_the_column() {
        assert_eq!(wrap_words("a bb ccc", 4), vec!["a bb", "ccc"]);
        assert_eq!(wrap_words("  ", 4), Vec::<String>::new());
        assert_eq!(wrap_words("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn wide_characters_wrap_by_columns() {
        // Each CJK character is two columns: three fit in six.
        assert_eq!(
            wrap_words("失敗しました 🚀 ok", 6),
            vec!["失敗し", "ました", "🚀 ok"]
        );
        assert_eq!(wrap_words("🚀🚀", 1), vec!["🚀", "🚀"]);
        assert_eq!(wrap_words("cafe\u{301} bar", 4), vec!["cafe\u{301}", "bar"]);
    }

    #[test]
    fn padding_counts_columns() {
        assert_eq!(pad_right("日本", 6), "日本  ");
        assert_eq!(pad_right("abc", 2), "abc");
    }
}
