//! What can stop the Helmfile from loading: each error names the file (relative to the
//! checkout) and, where there is one, the 1-based line (and column for YAML).

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum HelmfileError {
    /// None of `helmfile.yaml`, `helmfile.yaml.gotmpl`, `helmfile.d/` is in the checkout.
    #[error("no helmfile.yaml, helmfile.yaml.gotmpl or helmfile.d/ in {dir}")]
    NotFound { dir: String },
    /// Helmfile refuses to choose between two default files, and so do we.
    #[error("{first} and {second} both exist: remove one of them")]
    Ambiguous { first: String, second: String },
    #[error("{file}: {message}")]
    Io { file: String, message: String },
    /// A YAML syntax or shape error, after rendering; `line` is in the source file.
    #[error("{file}:{line}:{column}: {message}")]
    Yaml {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// A part of the state file does not have the shape Helmfile expects.
    #[error("{file}:{line}: {message}")]
    Shape {
        file: String,
        line: usize,
        message: String,
    },
    /// The wording is Helmfile's own (`pkg/state/create.go`).
    #[error("environment \"{name}\" is not defined")]
    UndefinedEnvironment { name: String },
    /// A values file is missing and its `missingFileHandler` is `Error` (Helmfile's default).
    #[error("{referenced_in}:{line}: values file {file} does not exist")]
    MissingValuesFile {
        file: String,
        referenced_in: String,
        line: usize,
    },
    #[error("release \"{release}\" is not defined in environment \"{environment}\"")]
    UnknownRelease {
        release: String,
        environment: String,
    },
}
