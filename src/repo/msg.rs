//! What the repo area's I/O half reports. The app wraps these in its own message.

use super::agents::Agents;
use super::commit_message::Edit;
use super::error::RepoError;
use super::landscape::Landscape;
use super::model::{FileDiff, RepoStatus};
use crate::call_log::Call;

/// A long repo operation, for the progress shown where it happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepoOp {
    Open,
    Fetch,
    Save,
    Commit,
    Push,
}

impl RepoOp {
    pub fn verb(self) -> &'static str {
        match self {
            RepoOp::Open => "Opening",
            RepoOp::Fetch => "Fetching",
            RepoOp::Save => "Saving",
            RepoOp::Commit => "Committing",
            RepoOp::Push => "Pushing",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum RepoMsg {
    /// The working clone as it is now (after opening it, or after any operation).
    Status {
        team: String,
        status: Box<RepoStatus>,
    },
    /// The working tree against HEAD, file by file.
    Diffed { team: String, files: Vec<FileDiff> },
    /// An operation moved on ("Pushing…", "Rejected: fetching and rebasing…").
    Progress {
        team: String,
        op: RepoOp,
        text: String,
    },
    /// An operation ended: what happened, in a sentence, or why not.
    Finished {
        team: String,
        op: RepoOp,
        result: Result<String, RepoError>,
    },
    /// A write was made (for the `@` screen).
    Called(Call),
    /// The Helmfile read for every stage.
    Landscape {
        team: String,
        landscape: Box<Landscape>,
    },
    /// The JCasC file's pod templates.
    Agents { team: String, agents: Box<Agents> },
    /// A quick edit landed in the working tree (kept for the commit message).
    Edited { team: String, edit: Edit },
    /// A push published a change of the JCasC file: Jenkins runs the old configuration until
    /// "Update configuration".
    JcascPushed { team: String, commit: String },
    /// The commits that touched a stage's files, newest first (the timeline).
    StageLogged {
        team: String,
        stage: String,
        result: Result<Vec<super::git_log::PathCommit>, String>,
    },
    /// One commit and its files before and after (the timeline's commit diff).
    CommitShown {
        team: String,
        id: String,
        result: Result<(super::model::CommitRow, Vec<FileDiff>), String>,
    },
    /// A file of the working tree, as it is on disk (for the editor).
    FileRead {
        team: String,
        path: String,
        result: Result<String, String>,
    },
}
