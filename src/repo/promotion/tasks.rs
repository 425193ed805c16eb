//! I/O half: the runner's promotion tasks. Fetches and pushes go through the system `git` (the
//! user's ssh-agent and credential helpers, never a prompt); merges through git2 on the blocking
//! pool. Every write is recorded for the `@` screen with its git command.

use std::collections::BTreeMap;

use super::git::{self, MergeOutcome};
use super::model::{PromotionMsg, PromotionTarget, RemoteBranch, Step};
use crate::call_log::Call;
use crate::outbox::Outbox;
use crate::repo::error::RepoError;
use crate::repo::git_remote::{self, command_line, parse_push, PushResult};

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, RepoError> + Send + 'static,
) -> Result<T, RepoError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(RepoError::Io(format!("the git task failed: {e}"))))
}

async fn progress(t: &PromotionTarget, out: &Outbox<PromotionMsg>, text: impl Into<String>) {
    out.send(PromotionMsg::Progress {
        team: t.team.clone(),
        text: text.into(),
    })
    .await;
}

/// Makes the promotion repository if needed and fetches `remotes`; each remote that could not
/// be fetched maps to why.
async fn fetch(
    t: &PromotionTarget,
    remotes: &[String],
) -> Result<BTreeMap<String, String>, RepoError> {
    let dir = t.dir.clone();
    let all = t.remotes();
    blocking(move || git::ensure(&dir, &all)).await?;
    let mut failed = BTreeMap::new();
    for r in remotes {
        if let Err(e) = git_remote::git(Some(&t.dir), &["fetch", "--prune", r]).await {
            failed.insert(r.clone(), e.to_string());
        }
    }
    Ok(failed)
}

/// Fetches every remote and reports each stage's pending commits.
pub async fn load(t: PromotionTarget, out: Outbox<PromotionMsg>) {
    progress(&t, &out, "Fetching the stage branches…").await;
    let remotes: Vec<String> = t.remotes().into_iter().map(|(n, _)| n).collect();
    let failed = match fetch(&t, &remotes).await {
        Ok(f) => f,
        Err(e) => {
            let why = e.to_string();
            let steps = t
                .stages
                .iter()
                .filter_map(|(s, _)| t.step(s).map(|(f, to)| step(s, f, to, Err(why.clone()))))
                .collect();
            out.send(PromotionMsg::Loaded {
                team: t.team.clone(),
                steps,
            })
            .await;
            return;
        }
    };
    let t2 = t.clone();
    let steps = blocking(move || {
        Ok(t2
            .stages
            .iter()
            .filter_map(|(stage, _)| {
                let (from, to) = t2.step(stage)?;
                let why = failed.get(&from.remote).or_else(|| failed.get(&to.remote));
                let pending = match why {
                    Some(w) => Err(w.clone()),
                    None => git::pending(&t2.dir, &from.tracking(), &to.tracking())
                        .map_err(|e| e.to_string()),
                };
                Some(step(stage, from, to, pending))
            })
            .collect::<Vec<_>>())
    })
    .await
    .unwrap_or_default();
    out.send(PromotionMsg::Loaded {
        team: t.team.clone(),
        steps,
    })
    .await;
}

fn step(
    stage: &str,
    from: &RemoteBranch,
    to: &RemoteBranch,
    pending: Result<super::Pending, String>,
) -> Step {
    Step {
        stage: stage.to_string(),
        from: from.label(),
        to: to.label(),
        pending,
    }
}

/// Git's own words for the merge commit.
pub fn merge_message(from: &RemoteBranch, to: &RemoteBranch, stage: &str) -> String {
    let of = if from.url == to.url {
        String::new()
    } else {
        format!(" of {}", from.url)
    };
    format!(
        "Merge branch '{}'{of} into {}\n\nPromoted to {stage} with stagecoach.\n",
        from.branch, to.branch
    )
}

/// Promotes `stage`: merges `from_tip` (the source's head the user saw) into the stage's branch
/// and pushes it — never forced. A conflict, a rejected push or a failed fetch leave the stage's
/// branch where it was; then every stage is read again.
pub async fn promote(
    t: PromotionTarget,
    stage: String,
    from_tip: String,
    out: Outbox<PromotionMsg>,
) {
    let result = promote_inner(&t, &stage, &from_tip, &out).await;
    out.send(PromotionMsg::Finished {
        team: t.team.clone(),
        stage,
        result,
    })
    .await;
    load(t, out).await;
}

async fn promote_inner(
    t: &PromotionTarget,
    stage: &str,
    from_tip: &str,
    out: &Outbox<PromotionMsg>,
) -> Result<String, String> {
    let (from, to) = t.step(stage).ok_or_else(|| {
        format!(
            "{stage} has no branch in teams[{}].promotion.branches",
            t.team
        )
    })?;
    progress(
        t,
        out,
        format!("Fetching {} and {}…", from.label(), to.label()),
    )
    .await;
    let mut remotes = vec![from.remote.clone()];
    if to.remote != from.remote {
        remotes.push(to.remote.clone());
    }
    let failed = fetch(t, &remotes).await.map_err(|e| e.to_string())?;
    if let Some(why) = failed.values().next() {
        return Err(format!("{why}: nothing promoted"));
    }
    progress(
        t,
        out,
        format!("Merging {} into {}…", from.label(), to.label()),
    )
    .await;
    let message = merge_message(from, to, stage);
    let dir = t.dir.clone();
    let (tip, tracking, msg) = (from_tip.to_string(), to.tracking(), message.clone());
    let merged = blocking(move || git::merge(&dir, &tip, &tracking, &msg))
        .await
        .map_err(|e| e.to_string())?;
    let short = |s: &str| s[..s.len().min(7)].to_string();
    let merge_cmd = format!(
        "git merge --no-ff -m {:?} {}/{}   # on {}",
        message.lines().next().unwrap_or_default(),
        from.remote,
        from.branch,
        to.label()
    );
    let what = format!("promote {} → {} ({stage})", from.label(), to.label());
    let commit = match &merged {
        MergeOutcome::UpToDate => {
            return Ok(format!(
                "{} already has every commit of {}",
                to.label(),
                from.label()
            ))
        }
        MergeOutcome::Conflict { files } => {
            let why = format!(
                "{} and {} changed the same lines in {}: nothing merged, nothing pushed; merge them by hand (git merge {}/{} on {}), then promote",
                from.label(),
                to.label(),
                files.join(", "),
                from.remote,
                from.branch,
                to.label()
            );
            out.send(PromotionMsg::Called(Call::new(what, merge_cmd).ended(Err(
                format!("conflict in {}: nothing written", files.join(", ")),
            ))))
            .await;
            return Err(why);
        }
        MergeOutcome::Merged { commit } => {
            out.send(PromotionMsg::Called(
                Call::new(format!("merge for {what}"), merge_cmd)
                    .ended(Ok(format!("merge commit {}", short(commit)))),
            ))
            .await;
            commit.clone()
        }
        MergeOutcome::FastForward { commit } => commit.clone(),
    };
    progress(t, out, format!("Pushing {}…", to.label())).await;
    let refspec = format!("{commit}:refs/heads/{}", to.branch);
    let args = ["push", "--porcelain", to.remote.as_str(), refspec.as_str()];
    let pushed = match git_remote::git(Some(&t.dir), &args).await {
        Ok(o) => Ok(parse_push(&o).unwrap_or(PushResult::Pushed)),
        Err(e) => parse_push(&e.stdout).ok_or(e),
    };
    let how = if matches!(merged, MergeOutcome::FastForward { .. }) {
        "fast-forward"
    } else {
        "merge commit"
    };
    let result = match pushed {
        Ok(PushResult::Pushed) => Ok(format!(
            "promoted {} → {}: {how} {} pushed",
            from.label(),
            to.label(),
            short(&commit)
        )),
        Ok(PushResult::Rejected) => Err(format!(
            "{} moved on since the fetch: nothing pushed; r reads it again, then promote",
            to.label()
        )),
        Ok(PushResult::Refused(why)) => Err(format!("the remote refused the push: {why}")),
        Err(e) => Err(format!("{e}; nothing was promoted")),
    };
    out.send(PromotionMsg::Called(
        Call::new(what, command_line(Some(&t.dir), &args)).ended(result.clone()),
    ))
    .await;
    result
}
