//! Findings on the config repo's files: what the editor shows live, and what blocks a commit
//! (any error; letting one pass on an explicit override is the caller's decision).
//!
//! - any YAML file: a syntax error at the parser's line and column;
//! - JCasC (`jcasc_rules`): unknown roots, pod template mistakes;
//! - Helmfile (`helmfile_rules`): missing values files, releases without chart or namespace,
//!   from a small model (`HelmfileInput`) that the Helmfile loader fills.

mod helmfile_rules;
mod jcasc_rules;

#[cfg(test)]
mod tests;

pub use helmfile_rules::{
    validate_helmfile, EnvironmentInput, HelmfileInput, MissingFileHandler, ReleaseInput,
    ValuesFileRef,
};
pub use jcasc_rules::{validate_jcasc, JCASC_ROOTS};

use super::yaml_syntax;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding: where (file, 1-based line and column; 0 when unknown) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    pub fn error(file: &str, (line, column): (usize, usize), message: String) -> Self {
        Self {
            file: file.to_string(),
            line,
            column,
            severity: Severity::Error,
            message,
        }
    }

    pub fn warning(file: &str, (line, column): (usize, usize), message: String) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, (line, column), message)
        }
    }
}

/// A YAML syntax error of `text`, if any, as a finding on `file`.
pub fn validate_yaml(file: &str, text: &str) -> Vec<Finding> {
    yaml_syntax::first_error(text)
        .map(|e| Finding::error(file, (e.line, e.column), e.message))
        .into_iter()
        .collect()
}

/// Whether these findings stop a commit: any error does, warnings do not.
pub fn blocks_commit(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
