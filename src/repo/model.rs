//! What the cockpit knows of a working clone: branch, head, upstream distance, changed files and
//! recent commits. Built by the I/O half, sanitised there (commit subjects and author names are
//! untrusted text), shown by the repo screen.

use jiff::Timestamp;

/// A file of the working tree that differs from HEAD (or the index).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub kind: ChangeKind,
    /// Staged for the next commit (in the index).
    pub staged: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    Renamed,
    /// Not tracked yet.
    Untracked,
    /// Both sides changed (a merge or rebase stopped here).
    Conflicted,
}

impl ChangeKind {
    /// The one-letter code `git status --short` uses.
    pub fn letter(self) -> char {
        match self {
            ChangeKind::Added => 'A',
            ChangeKind::Modified => 'M',
            ChangeKind::Deleted => 'D',
            ChangeKind::Renamed => 'R',
            ChangeKind::Untracked => '?',
            ChangeKind::Conflicted => 'U',
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitRow {
    /// The full id; screens show the first 7 characters.
    pub id: String,
    pub author: String,
    pub email: String,
    pub time: Timestamp,
    pub subject: String,
}

impl CommitRow {
    pub fn short_id(&self) -> &str {
        &self.id[..self.id.len().min(7)]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RepoStatus {
    /// The working clone's directory.
    pub path: String,
    /// The checked-out branch (`None`: a detached HEAD).
    pub branch: Option<String>,
    pub head: Option<CommitRow>,
    /// Commits the local branch has that its upstream lacks, and the other way round; `None`
    /// when there is no upstream.
    pub ahead_behind: Option<(usize, usize)>,
    pub changes: Vec<FileChange>,
    /// Newest first.
    pub recent: Vec<CommitRow>,
    /// `git config user.name` / `user.email`, if set (a commit needs them).
    pub author: Option<(String, String)>,
    /// The team's JCasC file, relative to the clone (validated as JCasC before a commit).
    pub jcasc: String,
}

impl RepoStatus {
    pub fn is_clean(&self) -> bool {
        self.changes.is_empty()
    }
}

/// One file as HEAD has it and as the working tree has it (for the diff screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileDiff {
    pub path: String,
    /// `None`: the file is new.
    pub old: Option<String>,
    /// `None`: the file was deleted.
    pub new: Option<String>,
}
