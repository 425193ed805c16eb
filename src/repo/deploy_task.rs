//! I/O half: a stage deployed (or uninstalled) with `helmfile` from the team's working clone.
//! The tools must be on PATH, and the clone must hold exactly what origin has — every change
//! goes through the config repo, so a commit not pushed, a change not committed or a commit of
//! origin's not pulled is refused with what to do, and nothing is started.

use std::ffi::OsString;
use std::time::Duration;

use tokio::sync::oneshot;

use super::checkout::is_checkout;
use super::git_local;
use super::git_remote;
use super::helmfile::run::{self, find_tools, HelmfileEvent, HelmfileMsg, RunSpec};
use super::tasks::RepoTarget;
use crate::call_log::Call;
use crate::outbox::Outbox;

/// What the runner asks for.
#[derive(Debug, Clone)]
pub struct HelmfileDeploy {
    pub namespace: String,
    /// The Helmfile environment (the stage's short name).
    pub stage: String,
    /// `apply` or `destroy`.
    pub verb: &'static str,
    /// Where the tools are looked up (and the child's PATH).
    pub path_var: Option<OsString>,
    pub grace: Duration,
}

/// Checks the tools and the clone, then runs; every outcome is reported through `out`.
pub async fn deploy(
    t: RepoTarget,
    d: HelmfileDeploy,
    cancel: oneshot::Receiver<()>,
    out: Outbox<HelmfileMsg>,
) {
    let ns = d.namespace.clone();
    let say = |event| {
        let out = out.clone();
        let ns = ns.clone();
        async move {
            out.send(HelmfileMsg {
                namespace: ns,
                event,
            })
            .await
        }
    };
    let tools = match find_tools(d.path_var.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            say(HelmfileEvent::Refused(e)).await;
            return;
        }
    };
    let commit = match at_pushed_commit(&t).await {
        Ok(c) => c,
        Err(e) => {
            say(HelmfileEvent::Refused(e)).await;
            return;
        }
    };
    let spec = RunSpec {
        namespace: ns.clone(),
        program: tools.helmfile,
        args: vec!["-e".into(), d.stage.clone(), d.verb.into()],
        dir: t.dir.clone(),
        path_var: d.path_var.clone(),
        grace: d.grace,
    };
    let command = spec.command_line();
    let call = Call::new(
        format!("helmfile {} {} at {commit}", d.verb, d.namespace),
        command.clone(),
    );
    say(HelmfileEvent::Started {
        command: command.clone(),
        commit,
    })
    .await;
    let end = run::run(spec, cancel, out.clone()).await;
    let outcome = if end.is_success() {
        Ok(end.text())
    } else {
        Err(end.text())
    };
    say(HelmfileEvent::Ended(end)).await;
    say(HelmfileEvent::Called(call.ended(outcome))).await;
}

/// The clone's head, if it is exactly origin's branch with a clean tree (after a fetch, so
/// that "behind" is today's answer); else what to do, in a sentence.
async fn at_pushed_commit(t: &RepoTarget) -> Result<String, String> {
    if !is_checkout(&t.dir) {
        return Err(format!(
            "there is no working clone of the {} config repo at {} yet: open it with C (it clones), then deploy again",
            t.team,
            t.dir.display()
        ));
    }
    if let Err(e) = git_remote::fetch(&t.dir).await {
        return Err(format!(
            "could not fetch origin to check that the clone is at the pushed commit: {e}; nothing was started"
        ));
    }
    let dir = t.dir.clone();
    let status = tokio::task::spawn_blocking(move || git_local::status(&dir, 1))
        .await
        .map_err(|e| format!("reading the clone failed: {e}"))?
        .map_err(|e| format!("reading the clone at {} failed: {e}", t.dir.display()))?;
    let clone = t.dir.display();
    if status.branch.as_deref() != Some(t.branch.as_str()) {
        return Err(format!(
            "the clone at {clone} is on {}, not {}: check out {} (C shows the clone); nothing was started",
            status.branch.as_deref().unwrap_or("a detached HEAD"),
            t.branch,
            t.branch
        ));
    }
    if !status.changes.is_empty() {
        let files: Vec<&str> = status
            .changes
            .iter()
            .map(|c| c.path.as_str())
            .take(3)
            .collect();
        return Err(format!(
            "the clone has changes not committed ({}{}): only what is on origin is deployed — commit and push them (C), or undo them, first",
            files.join(", "),
            if status.changes.len() > 3 { ", …" } else { "" }
        ));
    }
    match status.ahead_behind {
        None => Err(format!(
            "{} in the clone at {clone} follows no branch of origin: nothing to compare with; nothing was started",
            t.branch
        )),
        Some((ahead, _)) if ahead > 0 => Err(format!(
            "the clone has {ahead} commit(s) not pushed: push them first (C, then P) — only what is on origin is deployed"
        )),
        Some((_, behind)) if behind > 0 => Err(format!(
            "origin/{} has {behind} commit(s) the clone lacks: pull first (C, then p), then deploy again",
            t.branch
        )),
        Some(_) => Ok(status
            .head
            .map(|c| format!("{} {}", c.short_id(), c.subject))
            .unwrap_or_default()),
    }
}
