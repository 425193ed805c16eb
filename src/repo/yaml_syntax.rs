//! Whether a text is well-formed YAML, and where it is not: the parser's own line and column,
//! for the editor's live findings and for refusing to model a broken file.

use serde::Deserialize;

/// A YAML syntax error; `line` and `column` are 1-based, 0 when the parser gave no position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("YAML syntax error at {line}:{column}: {message}")]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The first syntax error of `text`, checking every document of a multi-document file.
pub fn first_error(text: &str) -> Option<SyntaxError> {
    for doc in serde_yaml::Deserializer::from_str(text) {
        if let Err(e) = serde_yaml::Value::deserialize(doc) {
            let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
            return Some(SyntaxError {
                line,
                column,
                message: e.to_string(),
            });
        }
    }
    None
}

/// 1-based line numbers of byte offsets, from a table of line starts built once.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// 1-based (line, column) of `offset` in `text` (the text the index was built from);
    /// the column counts characters, as editors do.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        (line, text[start..offset].chars().count() + 1)
    }
}
