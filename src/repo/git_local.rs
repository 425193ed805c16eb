//! I/O half, local: the working clone through git2 (status, log, diff against HEAD, commit,
//! rebase). Blocking: the runner calls these on the blocking pool. Nothing here touches the
//! network, resets, or discards a change; a rebase that conflicts is aborted, leaving the local
//! commits as they were.

use std::path::Path;

use git2::{IndexAddOption, Repository, Signature, Status, StatusOptions};
use jiff::Timestamp;

use super::error::RepoError;
use super::model::{ChangeKind, CommitRow, FileChange, FileDiff, RepoStatus};
use crate::text::sanitize::{sanitize_line, sanitize_text};

pub fn open(dir: &Path) -> Result<Repository, RepoError> {
    Repository::open(dir).map_err(|_| RepoError::NotACheckout {
        path: dir.display().to_string(),
    })
}

pub(crate) fn commit_row(c: &git2::Commit) -> CommitRow {
    let author = c.author();
    CommitRow {
        id: c.id().to_string(),
        author: sanitize_line(&String::from_utf8_lossy(author.name_bytes())),
        email: sanitize_line(&String::from_utf8_lossy(author.email_bytes())),
        time: Timestamp::from_second(c.time().seconds()).unwrap_or(Timestamp::UNIX_EPOCH),
        subject: sanitize_line(&String::from_utf8_lossy(
            c.summary_bytes().unwrap_or_default(),
        )),
    }
}

/// Who commits: `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL` as git honours them, else git's config.
pub(crate) fn author(repo: &Repository) -> Option<(String, String)> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let cfg = repo.config().ok();
    let name = env("GIT_AUTHOR_NAME").or_else(|| cfg.as_ref()?.get_string("user.name").ok())?;
    let email = env("GIT_AUTHOR_EMAIL").or_else(|| cfg.as_ref()?.get_string("user.email").ok())?;
    Some((name, email))
}

fn changes(repo: &Repository) -> Result<Vec<FileChange>, RepoError> {
    let mut opts = StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .renames_head_to_index(true);
    let statuses = repo.statuses(Some(&mut opts))?;
    let mut out = Vec::new();
    for e in statuses.iter() {
        let s = e.status();
        let path = sanitize_line(&String::from_utf8_lossy(e.path_bytes()));
        let kind = if s.contains(Status::CONFLICTED) {
            ChangeKind::Conflicted
        } else if s.intersects(Status::WT_NEW) && !s.intersects(Status::INDEX_NEW) {
            ChangeKind::Untracked
        } else if s.intersects(Status::INDEX_NEW) {
            ChangeKind::Added
        } else if s.intersects(Status::INDEX_DELETED | Status::WT_DELETED) {
            ChangeKind::Deleted
        } else if s.intersects(Status::INDEX_RENAMED | Status::WT_RENAMED) {
            ChangeKind::Renamed
        } else if s.intersects(Status::INDEX_MODIFIED | Status::WT_MODIFIED | Status::WT_TYPECHANGE)
        {
            ChangeKind::Modified
        } else {
            continue;
        };
        let staged = s.intersects(
            Status::INDEX_NEW
                | Status::INDEX_MODIFIED
                | Status::INDEX_DELETED
                | Status::INDEX_RENAMED,
        ) && !s.intersects(Status::WT_MODIFIED | Status::WT_DELETED);
        out.push(FileChange { path, kind, staged });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Branch, head, distance to the upstream, changed files and the last `recent` commits.
pub fn status(dir: &Path, recent: usize) -> Result<RepoStatus, RepoError> {
    let repo = open(dir)?;
    let head = repo.head().ok();
    let branch = head
        .as_ref()
        .filter(|h| h.is_branch())
        .and_then(|h| h.shorthand().ok().map(str::to_string));
    let head_commit = head.as_ref().and_then(|h| h.peel_to_commit().ok());
    let ahead_behind = match (&branch, &head_commit) {
        (Some(b), Some(local)) => repo
            .find_branch(b, git2::BranchType::Local)
            .ok()
            .and_then(|br| br.upstream().ok())
            .and_then(|up| up.get().target())
            .and_then(|up| repo.graph_ahead_behind(local.id(), up).ok()),
        _ => None,
    };
    let mut commits = Vec::new();
    if let Some(c) = &head_commit {
        let mut walk = repo.revwalk()?;
        walk.push(c.id())?;
        for id in walk.take(recent) {
            commits.push(commit_row(&repo.find_commit(id?)?));
        }
    }
    Ok(RepoStatus {
        path: dir.display().to_string(),
        branch,
        head: head_commit.as_ref().map(commit_row),
        ahead_behind,
        changes: changes(&repo)?,
        recent: commits,
        author: author(&repo),
        jcasc: String::new(),
    })
}

fn head_blob_text(repo: &Repository, path: &str) -> Result<Option<String>, RepoError> {
    let Ok(head) = repo.head().and_then(|h| h.peel_to_tree()) else {
        return Ok(None);
    };
    match head.get_path(Path::new(path)) {
        Ok(entry) => {
            let blob = entry.to_object(repo)?.peel_to_blob()?;
            Ok(Some(String::from_utf8_lossy(blob.content()).into_owned()))
        }
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Each changed file as HEAD has it and as the working tree has it (sanitised: shown on
/// screen), for the diff screen and the commit message.
pub fn diff_against_head(dir: &Path) -> Result<Vec<FileDiff>, RepoError> {
    let repo = open(dir)?;
    let mut out = Vec::new();
    for c in changes(&repo)? {
        let old = head_blob_text(&repo, &c.path)?;
        let new = match std::fs::read(dir.join(&c.path)) {
            Ok(b) => Some(String::from_utf8_lossy(&b).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e.into()),
        };
        out.push(FileDiff {
            path: c.path,
            old: old.map(|t| sanitize_text(&t)),
            new: new.map(|t| sanitize_text(&t)),
        });
    }
    Ok(out)
}

/// Commits `paths` (as they are in the working tree: added, changed or deleted) with `message`,
/// as the author git's config names. Other changed files are left out of the commit, untouched.
pub fn commit(dir: &Path, paths: &[String], message: &str) -> Result<CommitRow, RepoError> {
    let repo = open(dir)?;
    let (name, email) = author(&repo).ok_or(RepoError::NoAuthor)?;
    let sig = Signature::now(&name, &email)?;
    let mut index = repo.index()?;
    for p in paths {
        if dir.join(p).exists() {
            index.add_all([p.as_str()], IndexAddOption::DEFAULT, None)?;
        } else {
            index.remove_path(Path::new(p))?;
        }
    }
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    if let Some(p) = &parent {
        if p.tree_id() == tree.id() {
            return Err(RepoError::NothingToCommit);
        }
    }
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let id = repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)?;
    let row = commit_row(&repo.find_commit(id)?);
    Ok(row)
}

/// What a rebase of the local commits onto the upstream came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RebaseOutcome {
    /// The local commits now sit on the upstream (`rebased` of them).
    Rebased { rebased: usize },
    /// A commit did not apply cleanly: the rebase was aborted, the local commits are as before.
    Conflict { files: Vec<String> },
}

/// Rebases the current branch onto `upstream` (e.g. `origin/main`), after a fetch. Refuses with
/// uncommitted changes in tracked files (they would be in the way), so nothing typed is touched.
pub fn rebase_onto(dir: &Path, upstream: &str) -> Result<RebaseOutcome, RepoError> {
    let repo = open(dir)?;
    let dirty: Vec<String> = changes(&repo)?
        .into_iter()
        .filter(|c| c.kind != ChangeKind::Untracked)
        .map(|c| c.path)
        .collect();
    if !dirty.is_empty() {
        return Err(RepoError::Dirty {
            files: dirty.join(", "),
        });
    }
    let (name, email) = author(&repo).ok_or(RepoError::NoAuthor)?;
    let sig = Signature::now(&name, &email)?;
    let head = repo.reference_to_annotated_commit(&repo.head()?)?;
    let onto = repo.reference_to_annotated_commit(
        &repo
            .find_reference(&format!("refs/remotes/{upstream}"))
            .or_else(|_| repo.find_reference(upstream))?,
    )?;
    let mut rebase = repo.rebase(Some(&head), Some(&onto), None, None)?;
    let mut rebased = 0;
    while let Some(op) = rebase.next() {
        op?;
        let index = repo.index()?;
        if index.has_conflicts() {
            let mut files: Vec<String> = index
                .conflicts()?
                .filter_map(Result::ok)
                .filter_map(|c| c.our.or(c.their).or(c.ancestor))
                .map(|e| sanitize_line(&String::from_utf8_lossy(&e.path)))
                .collect();
            files.sort();
            files.dedup();
            rebase.abort()?;
            return Ok(RebaseOutcome::Conflict { files });
        }
        match rebase.commit(None, &sig, None) {
            Ok(_) => rebased += 1,
            // The upstream already holds this change: nothing to replay.
            Err(e) if e.code() == git2::ErrorCode::Applied => {}
            Err(e) => {
                let _ = rebase.abort();
                return Err(e.into());
            }
        }
    }
    rebase.finish(Some(&sig))?;
    Ok(RebaseOutcome::Rebased { rebased })
}

/// The files the local branch changes against `upstream` (`origin/main`), and the local head's
/// short id: what a push is about to publish.
pub fn outgoing(dir: &Path, upstream: &str) -> Result<(Vec<String>, String), RepoError> {
    let repo = open(dir)?;
    let head = repo.head()?.peel_to_commit()?;
    let base = repo
        .find_reference(&format!("refs/remotes/{upstream}"))
        .ok()
        .and_then(|r| r.peel_to_commit().ok());
    let base_tree = base.as_ref().map(|c| c.tree()).transpose()?;
    let diff = repo.diff_tree_to_tree(base_tree.as_ref(), Some(&head.tree()?), None)?;
    let mut files: Vec<String> = diff
        .deltas()
        .filter_map(|d| d.new_file().path().or_else(|| d.old_file().path()))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    files.dedup();
    let id = head.id().to_string();
    Ok((files, id[..7].to_string()))
}
