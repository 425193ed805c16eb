//! What can go wrong with the config repo, in words that say what to do about it.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepoError {
    #[error("{path} is not a git checkout (repo.path in the config must name a clone)")]
    NotACheckout { path: String },
    #[error(
        "git needs your name and email for a commit: run git config --global user.name \"Your Name\" \
         and git config --global user.email you@example.com"
    )]
    NoAuthor,
    #[error("nothing to commit: the files are as HEAD has them")]
    NothingToCommit,
    #[error("the working tree has uncommitted changes in {files}: commit them first")]
    Dirty { files: String },
    #[error("git: {0}")]
    Git(String),
    #[error("{0}")]
    Io(String),
    /// The system `git` failed talking to the remote; the text says why and how to retry.
    #[error("{0}")]
    Remote(String),
    #[error("read-only mode: {0} refused (started with --readonly or readonly: true)")]
    ReadOnly(String),
    #[error("{stage} is protected: type {stage} to commit a change to its values")]
    Protected { stage: String },
}

impl From<git2::Error> for RepoError {
    fn from(e: git2::Error) -> RepoError {
        RepoError::Git(crate::text::sanitize::sanitize_line(e.message()))
    }
}

impl From<std::io::Error> for RepoError {
    fn from(e: std::io::Error) -> RepoError {
        RepoError::Io(e.to_string())
    }
}
