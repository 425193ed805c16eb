//! I/O half, local: the history of the files a stage is made of (a path-limited `git log`) and
//! one commit's changes (`git show`), through git2. Blocking: the runner calls these on the
//! blocking pool. Read-only.

use std::path::Path;

use git2::{DiffOptions, Oid, Repository};

use super::error::RepoError;
use super::git_local::{commit_row, open};
use super::model::{CommitRow, FileDiff};
use super::stage_path::stage_of;
use crate::text::sanitize::{sanitize_line, sanitize_text};

/// Commits looked at at most per log: a stage's history further back is not "what changed it
/// last", and a long-lived repository must not stall the blocking pool.
pub const WALK_LIMIT: usize = 2000;

/// A commit that touched a stage's files, with the files it touched among them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathCommit {
    pub commit: CommitRow,
    pub files: Vec<String>,
    /// Of the commits asked about (those deploy builds checked out), the ones that contain
    /// this commit: a build deploys its commit's whole tree, earlier commits included.
    pub deployed_in: Vec<String>,
}

/// Which files count as a stage's: the ones named (its releases' values files, the Helmfile and
/// its state files) and any the layout assigns to the stage (`values/<stage>/…`,
/// `environments/<stage>.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageFiles {
    pub stage: String,
    pub paths: Vec<String>,
}

impl StageFiles {
    pub fn contains(&self, path: &str) -> bool {
        self.paths.iter().any(|p| p == path) || stage_of(path) == Some(self.stage.as_str())
    }
}

/// The branch the log walks: what origin has (builds deploy what was pushed), else HEAD.
fn tip(repo: &Repository, branch: &str) -> Result<Option<Oid>, RepoError> {
    let remote = format!("refs/remotes/origin/{branch}");
    if let Ok(r) = repo.find_reference(&remote) {
        return Ok(r.target());
    }
    Ok(repo.head().ok().and_then(|h| h.target()))
}

/// Paths a commit changed against its first parent (all of its files for a root commit).
fn changed_paths(repo: &Repository, c: &git2::Commit) -> Result<Vec<String>, RepoError> {
    let tree = c.tree()?;
    let parent = match c.parent(0) {
        Ok(p) => Some(p.tree()?),
        Err(_) => None,
    };
    let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), None)?;
    let mut out = Vec::new();
    for d in diff.deltas() {
        for f in [d.old_file().path(), d.new_file().path()]
            .into_iter()
            .flatten()
        {
            let p = f.to_string_lossy().into_owned();
            if !out.contains(&p) {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// The newest `limit` commits of `branch` (origin's, else HEAD's) that touched the stage's
/// files, newest first: `git log origin/<branch> -- <files>` (first-parent diffs); each with
/// those of `deployed` (commits builds checked out) that contain it (`git merge-base
/// --is-ancestor`). A commit the clone does not have contains nothing.
pub fn stage_log(
    dir: &Path,
    branch: &str,
    files: &StageFiles,
    limit: usize,
    deployed: &[String],
) -> Result<Vec<PathCommit>, RepoError> {
    let repo = open(dir)?;
    let heads: Vec<(String, Oid)> = deployed
        .iter()
        .filter_map(|d| {
            let id = repo.revparse_single(d).ok()?.peel_to_commit().ok()?.id();
            Some((d.clone(), id))
        })
        .collect();
    let Some(tip) = tip(&repo, branch)? else {
        return Ok(Vec::new());
    };
    let mut walk = repo.revwalk()?;
    walk.push(tip)?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
    let mut out = Vec::new();
    for id in walk.take(WALK_LIMIT) {
        let c = repo.find_commit(id?)?;
        let touched: Vec<String> = changed_paths(&repo, &c)?
            .into_iter()
            .filter(|p| files.contains(p))
            .map(|p| sanitize_line(&p))
            .collect();
        if touched.is_empty() {
            continue;
        }
        let deployed_in = heads
            .iter()
            .filter(|(_, h)| *h == c.id() || repo.graph_descendant_of(*h, c.id()).unwrap_or(false))
            .map(|(d, _)| d.clone())
            .collect();
        out.push(PathCommit {
            commit: commit_row(&c),
            files: touched,
            deployed_in,
        });
        if out.len() == limit {
            break;
        }
    }
    Ok(out)
}

fn blob_text(repo: &Repository, tree: Option<&git2::Tree>, path: &str) -> Option<String> {
    let entry = tree?.get_path(Path::new(path)).ok()?;
    let blob = entry.to_object(repo).ok()?.peel_to_blob().ok()?;
    Some(sanitize_text(&String::from_utf8_lossy(blob.content())))
}

/// One commit against its first parent, file by file (sanitised: shown on screen), and the
/// commit itself. `id` may be abbreviated, as a build or a screen names it.
pub fn commit_diff(dir: &Path, id: &str) -> Result<(CommitRow, Vec<FileDiff>), RepoError> {
    let repo = open(dir)?;
    let obj = repo
        .revparse_single(id)
        .map_err(|_| RepoError::Io(format!("no commit {id} in the clone: fetch (f) first")))?;
    let c = obj
        .peel_to_commit()
        .map_err(|_| RepoError::Io(format!("{id} is not a commit")))?;
    let tree = c.tree()?;
    let parent = c.parent(0).ok().map(|p| p.tree()).transpose()?;
    let mut opts = DiffOptions::new();
    let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), Some(&mut opts))?;
    let mut files = Vec::new();
    for d in diff.deltas() {
        let old_path = d
            .old_file()
            .path()
            .map(|p| p.to_string_lossy().into_owned());
        let new_path = d
            .new_file()
            .path()
            .map(|p| p.to_string_lossy().into_owned());
        let path = new_path.clone().or(old_path.clone()).unwrap_or_default();
        files.push(FileDiff {
            path: sanitize_line(&path),
            old: old_path.and_then(|p| blob_text(&repo, parent.as_ref(), &p)),
            new: new_path.and_then(|p| blob_text(&repo, Some(&tree), &p)),
        });
    }
    Ok((commit_row(&c), files))
}

#[cfg(test)]
#[path = "git_log_tests.rs"]
mod tests;
