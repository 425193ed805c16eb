//! The chain of stage branches as the runner knows it, and what the I/O half reports.

use std::path::PathBuf;

use crate::call_log::Call;
use crate::config::BranchChain;
use crate::repo::CommitRow;

/// The remote the team's own repository is known by in the promotion repository.
pub const ORIGIN: &str = "origin";

/// A branch of a remote, as the promotion repository tracks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteBranch {
    /// `origin`, or `<stage>-repo` for a stage in a repository of its own.
    pub remote: String,
    pub url: String,
    pub branch: String,
}

impl RemoteBranch {
    /// The remote-tracking ref a fetch updates.
    pub fn tracking(&self) -> String {
        format!("refs/remotes/{}/{}", self.remote, self.branch)
    }

    /// How screens name it: `qa-stage`, or `prod-repo/main` for another repository.
    pub fn label(&self) -> String {
        if self.remote == ORIGIN {
            self.branch.clone()
        } else {
            format!("{}/{}", self.remote, self.branch)
        }
    }
}

/// A team's chain, for the runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromotionTarget {
    pub team: String,
    /// The cockpit's own bare repository, where merges are made.
    pub dir: PathBuf,
    /// Where changes land first (`develop`).
    pub source: RemoteBranch,
    /// `(stage, its branch)` in promotion order.
    pub stages: Vec<(String, RemoteBranch)>,
}

impl PromotionTarget {
    /// The chain from the config: the team's repository is `origin`, another repository is
    /// named after the first stage that lives there.
    pub fn new(team: &str, dir: PathBuf, chain: &BranchChain) -> PromotionTarget {
        let mut remotes: Vec<(String, String)> = vec![(ORIGIN.into(), chain.source.url.clone())];
        let mut at = |stage: &str, url: &str| -> String {
            if let Some((name, _)) = remotes.iter().find(|(_, u)| u == url) {
                return name.clone();
            }
            let name = format!("{}-repo", crate::config::paths::path_component(stage));
            remotes.push((name.clone(), url.to_string()));
            name
        };
        let source = RemoteBranch {
            remote: ORIGIN.into(),
            url: chain.source.url.clone(),
            branch: chain.source.branch.clone(),
        };
        let stages = chain
            .stages
            .iter()
            .map(|(stage, b)| {
                (
                    stage.clone(),
                    RemoteBranch {
                        remote: at(stage, &b.url),
                        url: b.url.clone(),
                        branch: b.branch.clone(),
                    },
                )
            })
            .collect();
        PromotionTarget {
            team: team.to_string(),
            dir,
            source,
            stages,
        }
    }

    /// Every remote once: `(name, url)`.
    pub fn remotes(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for b in std::iter::once(&self.source).chain(self.stages.iter().map(|(_, b)| b)) {
            if !out.iter().any(|(n, _)| *n == b.remote) {
                out.push((b.remote.clone(), b.url.clone()));
            }
        }
        out
    }

    /// The branch a stage is promoted from and its own: `(from, to)`.
    pub fn step(&self, stage: &str) -> Option<(&RemoteBranch, &RemoteBranch)> {
        let i = self.stages.iter().position(|(s, _)| s == stage)?;
        let from = match i {
            0 => &self.source,
            _ => &self.stages[i - 1].1,
        };
        Some((from, &self.stages[i].1))
    }
}

/// What one stage's branch lacks from the branch before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Commits the source has that the stage lacks (what a promotion brings).
    pub ahead: usize,
    /// Commits the stage has that the source lacks (a hotfix): no fast-forward then.
    pub behind: usize,
    /// The pending commits, newest first (at most `COMMITS_SHOWN`).
    pub commits: Vec<CommitRow>,
    /// The files they change (against the merge base).
    pub files: Vec<String>,
    /// Their authors, newest first, each once.
    pub authors: Vec<String>,
    /// The source's head: what "promote" merges, exactly.
    pub from_tip: String,
    pub to_tip: String,
}

impl Pending {
    pub fn fast_forward(&self) -> bool {
        self.behind == 0
    }
}

/// Pending commits listed per stage.
pub const COMMITS_SHOWN: usize = 50;

/// One stage of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub stage: String,
    /// `develop`, `qa-stage`, `prod-repo/main`.
    pub from: String,
    pub to: String,
    /// Why it could not be read (a fetch failed, a branch is missing).
    pub pending: Result<Pending, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PromotionMsg {
    /// Every stage's pending commits, after a fetch.
    Loaded { team: String, steps: Vec<Step> },
    /// A fetch or a promotion moved on ("Merging dev-stage into qa-stage…").
    Progress { team: String, text: String },
    /// A promotion ended: what happened, or why nothing did.
    Finished {
        team: String,
        stage: String,
        result: Result<String, String>,
    },
    /// A write was made (for the `@` screen).
    Called(Call),
}
