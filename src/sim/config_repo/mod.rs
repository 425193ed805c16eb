//! Each team's config repo: a real bare git repository (the world's "origin") holding the team's
//! JCasC file and its Helmfile with per-stage values. Users clone it, edit, commit and push, as
//! they would to their Git server; the simulated Jenkins reads the JCasC file from the branch
//! head on every reload, so pushes take effect only when Jenkins is told to reload.

mod helmfile_files;
mod jcasc_yaml;
pub mod stage_branches;
pub mod values_history;

pub use values_history::{files_at, values_history, ValuesCommit};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::build::TreeUpdateBuilder;
use git2::{FileMode, Oid, Repository, Signature, Time};
use jiff::{SignedDuration, Timestamp};

use super::world::catalog::Team;

pub use helmfile_files::{seeded_values, values_in};
pub use jcasc_yaml::{build_tool, jcasc_yaml};

/// Where the files live inside every team's repo (written into stagecoach.yaml too).
pub const BRANCH: &str = "main";
pub const JCASC_PATH: &str = "jenkins/jenkins.yaml";
pub const HELMFILE_PATH: &str = "helmfile.yaml.gotmpl";

#[derive(Debug, thiserror::Error)]
pub enum ConfigRepoError {
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    #[error("{path} does not exist on branch {branch}")]
    NoSuchFile { branch: String, path: String },
    #[error("cannot create {}: {source}", dir.display())]
    Io {
        dir: PathBuf,
        source: std::io::Error,
    },
}

/// A file as it is at a branch head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadFile {
    /// The head commit's id (40 hex).
    pub commit: String,
    pub content: Vec<u8>,
}

/// What a team's config repo is built from.
pub struct RepoSeed<'a> {
    pub team: &'a Team,
    /// The team's Jenkins root URL (JCasC `unclassified.location.url`).
    pub jenkins_url: &'a str,
    /// The world's start: commits are dated before it, so the history is deterministic.
    pub start: Timestamp,
    /// The values history to write (see `values_history`); empty: the current files in one
    /// initial commit.
    pub history: &'a [ValuesCommit],
}

/// The path of `team`'s bare repo under `repos_dir`.
pub fn repo_path(repos_dir: &Path, team: &str) -> PathBuf {
    repos_dir.join(format!("{team}-config.git"))
}

/// Creates the team's bare repo with a short history on `main`, and returns its path.
pub fn create_team_repo(repos_dir: &Path, seed: &RepoSeed) -> Result<PathBuf, ConfigRepoError> {
    std::fs::create_dir_all(repos_dir).map_err(|source| ConfigRepoError::Io {
        dir: repos_dir.to_path_buf(),
        source,
    })?;
    let path = repo_path(repos_dir, &seed.team.name);
    // A fresh world gets a fresh repo, not new commits on top of an old world's.
    if path.exists() {
        std::fs::remove_dir_all(&path).map_err(|source| ConfigRepoError::Io {
            dir: path.clone(),
            source,
        })?;
    }
    let repo = Repository::init_bare(&path)?;
    repo.set_head(&format!("refs/heads/{BRANCH}"))?;
    in_one_pack(&repo, || seed_history(&repo, seed))?;
    Ok(path)
}

/// The seeded history: the team's commits, and the JCasC change among them.
fn seed_history(repo: &Repository, seed: &RepoSeed) -> Result<(), ConfigRepoError> {
    let sign =
        |name: &str, email: &str, when: Timestamp| -> Result<Signature<'static>, git2::Error> {
            Signature::new(name, email, &Time::new(when.as_second(), 0))
        };
    let platform = |when| sign("Platform Team", "platform@example.com", when);
    let jcasc_at = seed.start - SignedDuration::from_hours(24 * 3);
    let jcasc_change = |repo: &Repository| -> Result<(), ConfigRepoError> {
        let mut change = BTreeMap::new();
        change.insert(
            JCASC_PATH.into(),
            jcasc_yaml(seed.team, seed.jenkins_url, true),
        );
        commit_files(
            repo,
            BRANCH,
            &change,
            &platform(jcasc_at)?,
            "jenkins: add a helmfile pod template for the deploy jobs",
        )?;
        Ok(())
    };
    // The first commit: the landscape without the deploy tooling's pod template; a later one
    // adds it, the kind of change a platform engineer pushes and then reloads Jenkins for.
    if seed.history.is_empty() {
        let mut files = helmfile_files::files(seed.team);
        files.insert(
            JCASC_PATH.into(),
            jcasc_yaml(seed.team, seed.jenkins_url, false),
        );
        commit_files(
            repo,
            BRANCH,
            &files,
            &platform(seed.start - SignedDuration::from_hours(24 * 30))?,
            &format!(
                "Initial config for {}: Jenkins (JCasC) and the stages' Helmfile",
                seed.team.name
            ),
        )?;
        return jcasc_change(repo);
    }
    let mut jcasc_done = false;
    for (i, c) in seed.history.iter().enumerate() {
        if !jcasc_done && c.at > jcasc_at {
            jcasc_change(repo)?;
            jcasc_done = true;
        }
        let mut files = c.files.clone();
        if i == 0 {
            files.insert(
                JCASC_PATH.into(),
                jcasc_yaml(seed.team, seed.jenkins_url, false),
            );
        }
        commit_files(
            repo,
            BRANCH,
            &files,
            &sign(&c.author.0, &c.author.1, c.at)?,
            &c.message,
        )?;
    }
    if !jcasc_done {
        jcasc_change(repo)?;
    }
    Ok(())
}

/// Writes the objects `build` makes as one pack, not one loose file each: a world seeds
/// hundreds of objects per team, and on a busy disk creating that many files cost more than
/// the rest of the world's start-up.
fn in_one_pack<T>(
    repo: &Repository,
    build: impl FnOnce() -> Result<T, ConfigRepoError>,
) -> Result<T, ConfigRepoError> {
    let odb = repo.odb()?;
    let mempack = odb.add_new_mempack_backend(1000)?;
    let out = build()?;
    let mut pack = git2::Buf::new();
    mempack.dump(repo, &mut pack)?;
    let mut writer = odb.packwriter()?;
    std::io::Write::write_all(&mut writer, &pack).map_err(|source| ConfigRepoError::Io {
        dir: repo.path().to_path_buf(),
        source,
    })?;
    writer.commit()?;
    mempack.reset()?;
    Ok(out)
}

/// Commits `files` (path → content) on top of `branch` (or as its first commit), updating the
/// branch ref. Used to build the seeded history; the same shape as a push's result.
pub fn commit_files(
    repo: &Repository,
    branch: &str,
    files: &BTreeMap<String, String>,
    who: &Signature,
    message: &str,
) -> Result<Oid, ConfigRepoError> {
    let refname = format!("refs/heads/{branch}");
    let parent = match repo.find_reference(&refname) {
        Ok(r) => Some(r.peel_to_commit()?),
        Err(e) if e.code() == git2::ErrorCode::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    let base = match &parent {
        Some(c) => c.tree()?,
        None => repo.find_tree(repo.treebuilder(None)?.write()?)?,
    };
    let mut update = TreeUpdateBuilder::new();
    for (path, content) in files {
        let blob = repo.blob(content.as_bytes())?;
        update.upsert(path.as_str(), blob, FileMode::Blob);
    }
    let tree = repo.find_tree(update.create_updated(repo, &base)?)?;
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    Ok(repo.commit(Some(&refname), who, who, message, &tree, &parents)?)
}

/// Reads `path` at the head of `branch`, opening the repo afresh so that pushes made since are
/// seen. Blocking (git2): async callers use `spawn_blocking`.
pub fn read_head_file(repo: &Path, branch: &str, path: &str) -> Result<HeadFile, ConfigRepoError> {
    let repo = Repository::open_bare(repo)?;
    let commit = repo
        .find_reference(&format!("refs/heads/{branch}"))?
        .peel_to_commit()?;
    let missing = || ConfigRepoError::NoSuchFile {
        branch: branch.to_string(),
        path: path.to_string(),
    };
    let entry = commit.tree()?.get_path(Path::new(path)).map_err(|e| {
        if e.code() == git2::ErrorCode::NotFound {
            missing()
        } else {
            e.into()
        }
    })?;
    let blob = entry.to_object(&repo)?.into_blob().map_err(|_| missing())?;
    Ok(HeadFile {
        commit: commit.id().to_string(),
        content: blob.content().to_vec(),
    })
}

/// The id of `branch`'s head commit.
pub fn head_commit(repo: &Path, branch: &str) -> Result<String, ConfigRepoError> {
    let repo = Repository::open_bare(repo)?;
    let commit = repo
        .find_reference(&format!("refs/heads/{branch}"))?
        .peel_to_commit()?;
    Ok(commit.id().to_string())
}

#[cfg(test)]
mod tests;
