//! The config-repo area: the team's config repo (JCasC, Helmfile, per-stage values) as the
//! cockpit reads, edits, commits and pushes it. Pure half: the Helmfile's desired state with
//! each value's file and line, format-preserving YAML edits, JCasC and Helmfile validation.
//! I/O half: git through git2 on the blocking pool, push and fetch through the system `git`.
//! Like every area it knows no cockpit: its I/O half reports `RepoMsg`s through an Outbox.

pub mod commit_message;
pub mod jcasc;
pub mod validate;
pub mod yaml_edit;
pub mod yaml_syntax;

#[cfg(test)]
mod commit_message_tests;
