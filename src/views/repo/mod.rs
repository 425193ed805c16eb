//! A team's config repo: branch, ahead/behind origin, the changed files, recent commits, and
//! the lazygit loop — `d` diff, `c` commit, `P` push (rejected: fetch, rebase, push again), `p`
//! pull, `f` fetch — with what is in flight shown where it happens.

pub mod draw;
mod state;

pub use state::{edits_of, is_open, readonly_notice, RepoLine, RepoState};

#[cfg(test)]
mod tests;
