//! The `/` filter: a case-insensitive regex (a plain substring when it is not a valid regex),
//! `!` in front inverts it.

use regex::{Regex, RegexBuilder};

#[derive(Debug, Clone)]
pub struct Filter {
    pub text: String,
    invert: bool,
    regex: Option<Regex>,
    needle: String,
    /// Set when the text is not a valid regex and is matched as a substring instead.
    pub regex_error: bool,
}

impl PartialEq for Filter {
    fn eq(&self, other: &Filter) -> bool {
        self.text == other.text
    }
}

impl Filter {
    pub fn new(text: &str) -> Filter {
        let (invert, pattern) = match text.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(true)
            .size_limit(1 << 20)
            .build();
        Filter {
            text: text.to_string(),
            invert,
            regex_error: regex.is_err(),
            regex: regex.ok(),
            needle: pattern.to_lowercase(),
        }
    }

    /// The filter a `/` text asks for: none for an empty text.
    pub fn from_text(text: &str) -> Option<Filter> {
        (!text.is_empty()).then(|| Filter::new(text))
    }

    /// The text to reopen the `/` bar with.
    pub fn text_of(filter: &Option<Filter>) -> String {
        filter.as_ref().map(|f| f.text.clone()).unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.needle.is_empty()
    }

    pub fn matches(&self, haystack: &str) -> bool {
        if self.needle.is_empty() {
            return true;
        }
        let hit = match &self.regex {
            Some(r) => r.is_match(haystack),
            None => haystack.to_lowercase().contains(&self.needle),
        };
        hit != self.invert
    }
}

/// A list screen's `/` filter: none until text is typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter(Option<Filter>);

impl ListFilter {
    pub fn set(&mut self, text: &str) {
        self.0 = Filter::from_text(text);
    }

    /// The text to reopen the `/` bar with.
    pub fn text(&self) -> String {
        Filter::text_of(&self.0)
    }

    /// The filter in force, if any.
    pub fn active(&self) -> Option<&Filter> {
        self.0.as_ref()
    }

    /// Whether a row with this text stays in view.
    pub fn keeps(&self, haystack: &str) -> bool {
        self.0.as_ref().is_none_or(|f| f.matches(haystack))
    }
}

#[cfg(test)]
mod tests {
    use super::Filter;

    #[test]
    fn substring_regex_and_inverse() {
        assert!(Filter::new("api").matches("payments-API-7f9c"));
        assert!(Filter::new("^pay.*crash").matches("payments-api CrashLoopBackOff"));
        assert!(!Filter::new("!crash").matches("x CrashLoopBackOff"));
        assert!(Filter::new("!crash").matches("x Running"));
        let bad = Filter::new("api(");
        assert!(bad.regex_error);
        assert!(bad.matches("payments-api(x)"));
        assert!(Filter::new("").matches("anything"));
        assert!(Filter::new("!").matches("anything"));
    }
}
