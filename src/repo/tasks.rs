//! I/O half: the runner's repo tasks. Each one does one operation on a team's working clone —
//! git2 work on the blocking pool, network work through the system `git` — reports progress
//! and its outcome, records the writes for the `@` screen, and ends with the clone's status.

use std::path::{Path, PathBuf};

use super::checkout::is_checkout;
use super::error::RepoError;
use super::git_local::{self, RebaseOutcome};
use super::git_remote::{self, command_line, PushResult};
use super::msg::{RepoMsg, RepoOp};
use crate::call_log::Call;
use crate::outbox::Outbox;

/// Commits shown on the repo screen.
pub const RECENT: usize = 20;

/// A team's config repo as the runner knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoTarget {
    pub team: String,
    pub url: String,
    pub branch: String,
    /// The working clone.
    pub dir: PathBuf,
    /// The JCasC file, relative to the clone.
    pub jcasc: String,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, RepoError> + Send + 'static,
) -> Result<T, RepoError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(RepoError::Io(format!("the git task failed: {e}"))))
}

async fn progress(t: &RepoTarget, out: &Outbox<RepoMsg>, op: RepoOp, text: impl Into<String>) {
    out.send(RepoMsg::Progress {
        team: t.team.clone(),
        op,
        text: text.into(),
    })
    .await;
}

async fn finish(
    t: &RepoTarget,
    out: &Outbox<RepoMsg>,
    op: RepoOp,
    result: Result<String, RepoError>,
) {
    out.send(RepoMsg::Finished {
        team: t.team.clone(),
        op,
        result,
    })
    .await;
    send_status(t, out).await;
}

async fn send_status(t: &RepoTarget, out: &Outbox<RepoMsg>) {
    let dir = t.dir.clone();
    if let Ok(mut status) = blocking(move || git_local::status(&dir, RECENT)).await {
        status.jcasc.clone_from(&t.jcasc);
        out.send(RepoMsg::Status {
            team: t.team.clone(),
            status: Box::new(status),
        })
        .await;
    }
}

fn dir_text(dir: &Path) -> String {
    dir.display().to_string()
}

/// Opens the working clone (cloning it first if there is none), fetches, and reports.
pub async fn open(t: RepoTarget, out: Outbox<RepoMsg>) {
    if !is_checkout(&t.dir) {
        if t.dir.exists() && t.dir.read_dir().is_ok_and(|mut d| d.next().is_some()) {
            finish(
                &t,
                &out,
                RepoOp::Open,
                Err(RepoError::NotACheckout {
                    path: dir_text(&t.dir),
                }),
            )
            .await;
            return;
        }
        progress(&t, &out, RepoOp::Open, format!("Cloning {}…", t.url)).await;
        let dest = dir_text(&t.dir);
        let call = Call::new(
            format!("clone the {} config repo", t.team),
            command_line(None, &["clone", "--branch", &t.branch, &t.url, &dest]),
        );
        let r = git_remote::clone(&t.url, &t.branch, &t.dir).await;
        out.send(RepoMsg::Called(
            call.ended(
                r.as_ref()
                    .map(|_| format!("cloned into {dest}"))
                    .map_err(ToString::to_string),
            ),
        ))
        .await;
        if let Err(e) = r {
            finish(
                &t,
                &out,
                RepoOp::Open,
                Err(RepoError::Remote(e.to_string())),
            )
            .await;
            return;
        }
    }
    fetch(t, out).await;
}

/// Fetches origin (the clone's branches are left as they are) and reports ahead/behind.
pub async fn fetch(t: RepoTarget, out: Outbox<RepoMsg>) {
    progress(&t, &out, RepoOp::Fetch, "Fetching…").await;
    let r = git_remote::fetch(&t.dir).await;
    let result = r
        .map(|_| "fetched origin".to_string())
        .map_err(|e| RepoError::Remote(format!("{e}; showing the clone as it was")));
    finish(&t, &out, RepoOp::Fetch, result).await;
}

/// Just the status (after the user saved a file, or came back to the screen).
pub async fn refresh(t: RepoTarget, out: Outbox<RepoMsg>) {
    send_status(&t, &out).await;
}

pub async fn diff(t: RepoTarget, out: Outbox<RepoMsg>) {
    let dir = t.dir.clone();
    match blocking(move || git_local::diff_against_head(&dir)).await {
        Ok(files) => {
            out.send(RepoMsg::Diffed {
                team: t.team.clone(),
                files,
            })
            .await;
        }
        Err(e) => {
            out.send(RepoMsg::Finished {
                team: t.team.clone(),
                op: RepoOp::Fetch,
                result: Err(e),
            })
            .await;
        }
    }
}

/// Writes a file of the working tree (temp file, then rename: a crash never leaves half of it).
pub async fn save(t: RepoTarget, path: String, text: String, out: Outbox<RepoMsg>) {
    let full = t.dir.join(&path);
    let result = async {
        if !full.starts_with(&t.dir) || path.split('/').any(|c| c == "..") {
            return Err(RepoError::Io(format!("{path} is outside the config repo")));
        }
        let tmp = full.with_extension("stagecoach-tmp");
        tokio::fs::write(&tmp, text.as_bytes()).await?;
        tokio::fs::rename(&tmp, &full).await?;
        Ok(format!("saved {path}"))
    }
    .await;
    finish(&t, &out, RepoOp::Save, result).await;
}

/// Commits `paths` with `message` (the author from git's config).
pub async fn commit(t: RepoTarget, paths: Vec<String>, message: String, out: Outbox<RepoMsg>) {
    progress(&t, &out, RepoOp::Commit, "Committing…").await;
    let dir = t.dir.clone();
    let summary = message.lines().next().unwrap_or("").to_string();
    let mut args = vec!["commit".to_string(), "-m".into(), format!("{summary:?}")];
    args.push("--".into());
    args.extend(paths.iter().cloned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let call = Call::new(
        format!("commit to the {} config repo", t.team),
        command_line(Some(&t.dir), &args),
    );
    let r = blocking(move || git_local::commit(&dir, &paths, &message)).await;
    out.send(RepoMsg::Called(
        call.ended(
            r.as_ref()
                .map(|c| format!("committed {} {}", c.short_id(), c.subject))
                .map_err(ToString::to_string),
        ),
    ))
    .await;
    let result = r.map(|c| format!("committed {} {}", c.short_id(), c.subject));
    finish(&t, &out, RepoOp::Commit, result).await;
}

/// Pushes the branch. Rejected because origin moved on: fetch, rebase the local commits when
/// they apply cleanly, push again; a conflict stops with the local commits kept and the files
/// named. Never forced.
pub async fn push(t: RepoTarget, out: Outbox<RepoMsg>) {
    progress(&t, &out, RepoOp::Push, "Pushing…").await;
    let dir = t.dir.clone();
    let upstream = format!("origin/{}", t.branch);
    let outgoing = blocking(move || git_local::outgoing(&dir, &upstream))
        .await
        .ok();
    let push_cmd = command_line(Some(&t.dir), &["push", "origin", &t.branch]);
    let what = format!("push the {} config repo", t.team);
    let first = git_remote::push(&t.dir, &t.branch).await;
    let result = match first {
        Ok(PushResult::Pushed) => Ok("pushed to origin".to_string()),
        Ok(PushResult::Rejected) => rebase_and_push(&t, &out, &push_cmd, &what).await,
        Ok(PushResult::Refused(why)) => Err(RepoError::Remote(format!(
            "origin refused the push: {why}; the commit stays local"
        ))),
        Err(e) => Err(RepoError::Remote(format!(
            "{e}; the commit stays local: press P to push again"
        ))),
    };
    out.send(RepoMsg::Called(
        Call::new(what, push_cmd).ended(result.clone().map_err(|e| e.to_string())),
    ))
    .await;
    if let (Ok(_), Some((files, _))) = (&result, &outgoing) {
        if files.contains(&t.jcasc) {
            // After a rebase the head moved: name the commit origin now has.
            let dir = t.dir.clone();
            let head = blocking(move || git_local::status(&dir, 1))
                .await
                .ok()
                .and_then(|s| s.head)
                .map(|c| c.short_id().to_string());
            out.send(RepoMsg::JcascPushed {
                team: t.team.clone(),
                commit: head.unwrap_or_default(),
            })
            .await;
        }
    }
    finish(&t, &out, RepoOp::Push, result).await;
}

async fn rebase_and_push(
    t: &RepoTarget,
    out: &Outbox<RepoMsg>,
    push_cmd: &str,
    what: &str,
) -> Result<String, RepoError> {
    out.send(RepoMsg::Called(
        Call::new(what, push_cmd).ended(Err("rejected: origin has commits we lack".into())),
    ))
    .await;
    progress(
        t,
        out,
        RepoOp::Push,
        "Rejected (origin moved on): fetching and rebasing your commits…",
    )
    .await;
    git_remote::fetch(&t.dir)
        .await
        .map_err(|e| RepoError::Remote(format!("{e}; the commit stays local")))?;
    let dir = t.dir.clone();
    let upstream = format!("origin/{}", t.branch);
    let up = upstream.clone();
    let rebased = blocking(move || git_local::rebase_onto(&dir, &up)).await?;
    out.send(RepoMsg::Called(
        Call::new(
            format!("rebase onto {upstream}"),
            command_line(Some(&t.dir), &["rebase", &upstream]),
        )
        .ended(match &rebased {
            RebaseOutcome::Rebased { rebased } => Ok(format!("rebased {rebased} commit(s)")),
            RebaseOutcome::Conflict { files } => Err(format!(
                "conflict in {}: aborted, nothing changed",
                files.join(", ")
            )),
        }),
    ))
    .await;
    match rebased {
        RebaseOutcome::Conflict { files } => Err(RepoError::Remote(format!(
            "origin changed the same lines ({}): your commit stays local and nothing was \
             pushed; merge by hand in {} (git pull --rebase), then push",
            files.join(", "),
            t.dir.display()
        ))),
        RebaseOutcome::Rebased { rebased } => {
            progress(t, out, RepoOp::Push, "Pushing again…").await;
            match git_remote::push(&t.dir, &t.branch).await {
                Ok(PushResult::Pushed) => Ok(format!(
                    "origin had moved on: rebased {rebased} commit(s) onto it and pushed"
                )),
                Ok(PushResult::Rejected) => Err(RepoError::Remote(
                    "rejected again (origin keeps moving): the commit stays local; press P to retry"
                        .into(),
                )),
                Ok(PushResult::Refused(why)) => Err(RepoError::Remote(format!(
                    "origin refused the push: {why}; the commit stays local"
                ))),
                Err(e) => Err(RepoError::Remote(format!("{e}; the commit stays local"))),
            }
        }
    }
}

/// Fetches, then rebases the local commits onto origin's branch (a clean tree only; a conflict
/// aborts and keeps everything as it was).
pub async fn pull(t: RepoTarget, out: Outbox<RepoMsg>) {
    progress(&t, &out, RepoOp::Fetch, "Pulling (fetch, then rebase)…").await;
    let result = async {
        git_remote::fetch(&t.dir)
            .await
            .map_err(|e| RepoError::Remote(e.to_string()))?;
        let dir = t.dir.clone();
        let upstream = format!("origin/{}", t.branch);
        let up = upstream.clone();
        match blocking(move || git_local::rebase_onto(&dir, &up)).await? {
            RebaseOutcome::Rebased { .. } => Ok(format!("up to date with {upstream}")),
            RebaseOutcome::Conflict { files } => Err(RepoError::Remote(format!(
                "your commits conflict with {upstream} in {}: nothing changed; merge by hand in {}",
                files.join(", "),
                t.dir.display()
            ))),
        }
    }
    .await;
    finish(&t, &out, RepoOp::Fetch, result).await;
}

pub async fn load_landscape(t: RepoTarget, out: Outbox<RepoMsg>) {
    let dir = t.dir.clone();
    let landscape = tokio::task::spawn_blocking(move || super::landscape::load_landscape(&dir))
        .await
        .ok();
    if let Some(l) = landscape {
        out.send(RepoMsg::Landscape {
            team: t.team.clone(),
            landscape: Box::new(l),
        })
        .await;
    }
}

pub async fn load_agents(t: RepoTarget, out: Outbox<RepoMsg>) {
    let dir = t.dir.clone();
    let file = t.jcasc.clone();
    let agents = tokio::task::spawn_blocking(move || super::agents::load_agents(&dir, &file))
        .await
        .ok();
    if let Some(a) = agents {
        out.send(RepoMsg::Agents {
            team: t.team.clone(),
            agents: Box::new(a),
        })
        .await;
    }
}

/// A quick edit, then the status (the app has the screens' data read again).
pub async fn edit(t: RepoTarget, req: super::edit::EditRequest, out: Outbox<RepoMsg>) {
    let dir = t.dir.clone();
    let r = req.clone();
    let result = blocking(move || super::edit::apply_edit(&dir, &r)).await;
    // The words the commit message will use (`template maven image`), else the path.
    let thing = req.subject.as_deref().unwrap_or(&req.path);
    let text = match &result {
        Ok(e) => Ok(match &e.change {
            super::commit_message::Change::Set { old, new } => {
                format!("{}: {} {old} → {new} (not committed)", e.file, thing)
            }
            _ => format!("{}: {} = {} (not committed)", e.file, thing, req.value),
        }),
        Err(e) => Err(e.clone()),
    };
    edited(&t, &out, result, text).await;
}

/// Reports an edit of the working tree: what changed (for the commit message), then its
/// outcome in words and the status.
async fn edited(
    t: &RepoTarget,
    out: &Outbox<RepoMsg>,
    result: Result<super::commit_message::Edit, RepoError>,
    text: Result<String, RepoError>,
) {
    if let Ok(e) = result {
        out.send(RepoMsg::Edited {
            team: t.team.clone(),
            edit: e,
        })
        .await;
    }
    finish(t, out, RepoOp::Save, text).await;
}

/// A new ad-hoc stage's Helmfile environment, then the status.
pub async fn add_environment(t: RepoTarget, stage: String, out: Outbox<RepoMsg>) {
    let dir = t.dir.clone();
    let s = stage.clone();
    let result = blocking(move || super::helmfile_env::add_environment(&dir, &s)).await;
    let text = match &result {
        Ok(e) => Ok(format!(
            "{}: environment {stage} added (not committed): commit and push it (C, then c and P), then I deploys the stage",
            e.file
        )),
        Err(e) => Err(e.clone()),
    };
    edited(&t, &out, result, text).await;
}

pub async fn read_file(t: RepoTarget, path: String, out: Outbox<RepoMsg>) {
    let full = t.dir.join(&path);
    let result = if path.split('/').any(|c| c == "..") {
        Err(format!("{path} is outside the config repo"))
    } else {
        match tokio::fs::read(&full).await {
            Ok(b) => String::from_utf8(b).map_err(|_| format!("{path} is not UTF-8 text")),
            // A file the user is about to create.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(format!("cannot read {path}: {e}")),
        }
    };
    out.send(RepoMsg::FileRead {
        team: t.team.clone(),
        path,
        result,
    })
    .await;
}

/// Commits of a stage's files shown on the timeline at most.
pub const STAGE_LOG: usize = 60;

pub async fn stage_log(
    t: RepoTarget,
    files: super::git_log::StageFiles,
    deployed: Vec<String>,
    out: Outbox<RepoMsg>,
) {
    let dir = t.dir.clone();
    let branch = t.branch.clone();
    let stage = files.stage.clone();
    let result =
        blocking(move || super::git_log::stage_log(&dir, &branch, &files, STAGE_LOG, &deployed))
            .await
            .map_err(|e| e.to_string());
    out.send(RepoMsg::StageLogged {
        team: t.team.clone(),
        stage,
        result,
    })
    .await;
}

pub async fn show_commit(t: RepoTarget, id: String, out: Outbox<RepoMsg>) {
    let dir = t.dir.clone();
    let wanted = id.clone();
    let result = blocking(move || super::git_log::commit_diff(&dir, &wanted))
        .await
        .map_err(|e| e.to_string());
    out.send(RepoMsg::CommitShown {
        team: t.team.clone(),
        id,
        result,
    })
    .await;
}
