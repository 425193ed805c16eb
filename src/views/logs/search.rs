//! The log search: a case-insensitive regex, or the text as a plain substring when it is not a
//! valid regex (as the `/` filter of the tables, `app/filter.rs`). Finds the byte ranges to
//! highlight; empty matches (`a*`) do not count.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

#[derive(Debug, Clone)]
pub struct LogSearch {
    pub text: String,
    regex: Regex,
    /// Set when the text is not a valid regex and is searched as a substring instead.
    pub regex_error: bool,
}

impl PartialEq for LogSearch {
    fn eq(&self, other: &LogSearch) -> bool {
        self.text == other.text
    }
}

fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .build()
}

impl LogSearch {
    /// None for an empty text (no search).
    pub fn new(text: &str) -> Option<LogSearch> {
        if text.is_empty() {
            return None;
        }
        let (regex, regex_error) = match build(text) {
            Ok(r) => (r, false),
            Err(_) => (build(&regex::escape(text)).ok()?, true),
        };
        Some(LogSearch {
            text: text.to_string(),
            regex,
            regex_error,
        })
    }

    pub fn is_match(&self, line: &str) -> bool {
        self.regex.find_iter(line).any(|m| !m.is_empty())
    }

    /// Byte ranges of the matches in `line`, in order, none empty.
    pub fn ranges(&self, line: &str) -> Vec<Range<usize>> {
        self.regex
            .find_iter(line)
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::LogSearch;

    #[test]
    fn regex_case_insensitive_with_substring_fallback() {
        let s = LogSearch::new("err(or)?").unwrap();
        assert_eq!(s.ranges("ERROR x error"), vec![0..5, 8..13]);
        let s = LogSearch::new("pool(").unwrap();
        assert!(s.regex_error);
        assert_eq!(s.ranges("HikariPool(1) pool("), vec![6..11, 14..19]);
        assert!(LogSearch::new("").is_none());
        let s = LogSearch::new("x*").unwrap();
        assert!(!s.is_match("abc"));
        assert!(s.is_match("axc"));
    }
}
