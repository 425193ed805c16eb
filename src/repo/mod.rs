//! The config-repo area: the team's config repo (JCasC, Helmfile, per-stage values) as the
//! cockpit reads, edits, commits and pushes it. Pure half: the Helmfile's desired state with
//! each value's file and line, format-preserving YAML edits, JCasC and Helmfile validation.
//! I/O half: git through git2 on the blocking pool, push and fetch through the system `git`.
//! Like every area it knows no cockpit: its I/O half reports `RepoMsg`s through an Outbox.

pub mod agents;
pub mod checkout;
pub mod commit_message;
pub mod deploy_task;
pub mod drift;
pub mod edit;
pub mod error;
pub mod git_local;
pub mod git_log;
pub mod git_remote;
pub mod helmfile;
pub mod helmfile_env;
pub mod jcasc;
pub mod landscape;
pub mod model;
pub mod msg;
pub mod promotion;
pub mod recovery;
pub mod stage_path;
pub mod tasks;
pub mod validate;
pub mod yaml_edit;
pub mod yaml_syntax;

pub use error::RepoError;
pub use model::{ChangeKind, CommitRow, FileChange, FileDiff, RepoStatus};
pub use msg::{RepoMsg, RepoOp};
