//! I/O half, local: the promotion repository through git2 (blocking; the runner calls these on
//! the blocking pool). A merge is made in memory and becomes a commit only when it is clean: a
//! conflict writes no object and moves no ref.

use std::path::Path;

use git2::{Oid, Repository, Signature};

use super::model::{Pending, COMMITS_SHOWN};
use crate::repo::error::RepoError;
use crate::repo::git_local::{author, commit_row};
use crate::text::sanitize::sanitize_line;

/// Opens the bare promotion repository, making it first, with `remotes` as `(name, url)` (a
/// changed URL in the config is followed).
pub fn ensure(dir: &Path, remotes: &[(String, String)]) -> Result<(), RepoError> {
    let repo = match Repository::open_bare(dir) {
        Ok(r) => r,
        Err(_) if !dir.exists() || dir.read_dir().is_ok_and(|mut d| d.next().is_none()) => {
            if let Some(parent) = dir.parent() {
                std::fs::create_dir_all(parent)?;
            }
            Repository::init_bare(dir)?
        }
        Err(_) => {
            return Err(RepoError::NotACheckout {
                path: dir.display().to_string(),
            })
        }
    };
    for (name, url) in remotes {
        match repo.find_remote(name) {
            Ok(r) if r.url().ok() == Some(url.as_str()) => {}
            Ok(_) => repo.remote_set_url(name, url)?,
            Err(_) => {
                repo.remote(name, url)?;
            }
        }
    }
    Ok(())
}

fn open(dir: &Path) -> Result<Repository, RepoError> {
    Repository::open_bare(dir).map_err(|_| RepoError::NotACheckout {
        path: dir.display().to_string(),
    })
}

fn tip(repo: &Repository, tracking: &str) -> Result<Oid, RepoError> {
    repo.find_reference(tracking)
        .and_then(|r| r.peel_to_commit())
        .map(|c| c.id())
        .map_err(|_| {
            let short = tracking.trim_start_matches("refs/remotes/");
            RepoError::Git(format!(
                "{short} does not exist (no such branch on the remote)"
            ))
        })
}

/// What `to` lacks from `from` (both remote-tracking refs).
pub fn pending(dir: &Path, from: &str, to: &str) -> Result<Pending, RepoError> {
    let repo = open(dir)?;
    let f = tip(&repo, from)?;
    let t = tip(&repo, to)?;
    let (ahead, behind) = repo.graph_ahead_behind(f, t)?;
    let base = repo.merge_base(f, t).map_err(|_| {
        RepoError::Git("the two branches share no history: merge them by hand once".into())
    })?;
    let mut walk = repo.revwalk()?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
    walk.push(f)?;
    walk.hide(t)?;
    let mut commits = Vec::new();
    for id in walk.take(COMMITS_SHOWN) {
        commits.push(commit_row(&repo.find_commit(id?)?));
    }
    let mut authors: Vec<String> = Vec::new();
    for c in &commits {
        if !authors.contains(&c.author) {
            authors.push(c.author.clone());
        }
    }
    let diff = repo.diff_tree_to_tree(
        Some(&repo.find_commit(base)?.tree()?),
        Some(&repo.find_commit(f)?.tree()?),
        None,
    )?;
    let mut files: Vec<String> = diff
        .deltas()
        .filter_map(|d| d.new_file().path().or_else(|| d.old_file().path()))
        .map(|p| sanitize_line(&p.to_string_lossy()))
        .collect();
    files.sort();
    files.dedup();
    Ok(Pending {
        ahead,
        behind,
        commits,
        files,
        authors,
        from_tip: f.to_string(),
        to_tip: t.to_string(),
    })
}

/// What merging the source into a stage's branch came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeOutcome {
    /// The stage already has every commit of the source.
    UpToDate,
    /// The stage has nothing of its own: its branch moves to the source's commit.
    FastForward { commit: String },
    /// A merge commit (made, not yet pushed).
    Merged { commit: String },
    /// Both sides changed the same lines: nothing was written.
    Conflict { files: Vec<String> },
}

impl MergeOutcome {
    /// The commit to push as the stage's branch.
    pub fn commit(&self) -> Option<&str> {
        match self {
            MergeOutcome::FastForward { commit } | MergeOutcome::Merged { commit } => Some(commit),
            _ => None,
        }
    }
}

/// Merges the commit `from_tip` (what the user saw pending) into the branch `to`
/// (remote-tracking ref): a fast-forward when `to` has nothing of its own, else a merge commit
/// with `message`, authored by the user's git identity. No ref moves here: the commit is
/// pushed by the caller, and a conflict leaves the repository as it was.
pub fn merge(
    dir: &Path,
    from_tip: &str,
    to: &str,
    message: &str,
) -> Result<MergeOutcome, RepoError> {
    let repo = open(dir)?;
    let from = Oid::from_str(from_tip)
        .ok()
        .and_then(|id| repo.find_commit(id).ok())
        .ok_or_else(|| RepoError::Git(format!("commit {from_tip} is not here: fetch again")))?;
    let onto = repo.find_commit(tip(&repo, to)?)?;
    if from.id() == onto.id() || repo.graph_descendant_of(onto.id(), from.id())? {
        return Ok(MergeOutcome::UpToDate);
    }
    if repo.graph_descendant_of(from.id(), onto.id())? {
        return Ok(MergeOutcome::FastForward {
            commit: from.id().to_string(),
        });
    }
    let mut index = repo.merge_commits(&onto, &from, None)?;
    if index.has_conflicts() {
        let mut files: Vec<String> = index
            .conflicts()?
            .filter_map(Result::ok)
            .filter_map(|c| c.our.or(c.their).or(c.ancestor))
            .map(|e| sanitize_line(&String::from_utf8_lossy(&e.path)))
            .collect();
        files.sort();
        files.dedup();
        return Ok(MergeOutcome::Conflict { files });
    }
    let (name, email) = author(&repo).ok_or(RepoError::NoAuthor)?;
    let sig = Signature::now(&name, &email)?;
    let tree = repo.find_tree(index.write_tree_to(&repo)?)?;
    let id = repo.commit(None, &sig, &sig, message, &tree, &[&onto, &from])?;
    Ok(MergeOutcome::Merged {
        commit: id.to_string(),
    })
}

/// Every ref of the repository with its target: what "exactly as before" is checked against.
pub fn refs(dir: &Path) -> Result<Vec<(String, String)>, RepoError> {
    let repo = open(dir)?;
    let mut out = Vec::new();
    for r in repo.references()? {
        let r = r?;
        let name = r.name().unwrap_or_default().to_string();
        let target = r
            .target()
            .map(|o| o.to_string())
            .or_else(|| r.symbolic_target().ok().flatten().map(str::to_string))
            .unwrap_or_default();
        out.push((name, target));
    }
    out.sort();
    Ok(out)
}
