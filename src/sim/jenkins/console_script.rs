//! What each kind of job prints: Pipeline step markers, git checkouts, build tools, helmfile
//! and helm output, test reports; with the ANSI colours the AnsiColor plugin lets through
//! (maven's levels, helm-diff's red and green, pytest's summary). A failing build stops at its
//! failing step and skips the rest, as declarative Pipelines do.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::console::{ConsoleInput, Script};
use super::console_jobs as jobs;
use super::model::{BuildResult, Cause, JobKind};
use super::rng::{hex, rng_for};

pub(super) const RED: &str = "\x1b[31m";
pub(super) const GREEN: &str = "\x1b[32m";
pub(super) const YELLOW: &str = "\x1b[33m";
pub(super) const BOLD_BLUE: &str = "\x1b[1;34m";
pub(super) const BOLD_GREEN: &str = "\x1b[1;32m";
pub(super) const BOLD_RED: &str = "\x1b[1;31m";
pub(super) const RESET: &str = "\x1b[0m";

const MESSAGES: &[&str] = &[
    "Retry idempotent calls on 503",
    "Bump base image",
    "Add metrics for slow queries",
    "Fix flaky clock test",
    "Log request ids",
    "Tighten input validation",
];

pub fn cause_line(c: &Cause) -> String {
    match c {
        Cause::User { name, .. } => format!("Started by user {name}"),
        Cause::Timer => "Started by timer".into(),
        Cause::Scm => "Started by an SCM change".into(),
        Cause::BranchIndexing => "Branch indexing".into(),
        Cause::Upstream { project, build } => {
            format!("Started by upstream project \"{project}\" build number {build}")
        }
    }
}

pub(super) struct Ctx<'a> {
    pub input: &'a ConsoleInput<'a>,
    pub rng: ChaCha8Rng,
    /// The planned outcome: where the script fails, or is aborted, if it does.
    pub result: BuildResult,
    pub failed: bool,
}

impl Ctx<'_> {
    pub fn param(&self, name: &str) -> String {
        self.input
            .build
            .params
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.as_text())
            .unwrap_or_default()
    }
}

/// The whole script of a build for its planned result (without the final `Finished:` line).
pub fn script(input: &ConsoleInput) -> Script {
    let b = input.build;
    let mut cx = Ctx {
        input,
        rng: rng_for(
            input.seed,
            &[input.team, input.full_name, "console"],
            u64::from(b.number),
        ),
        result: b.planned_result,
        failed: false,
    };
    let mut s = Script::default();
    for c in &b.causes {
        s.line(1, cause_line(c));
    }
    if input.job.freestyle {
        jobs::freestyle(&mut s, &mut cx);
        return s;
    }
    let (repo, template) = match &input.job.kind {
        JobKind::Branch { app, .. } => (format!("{}/{app}", input.team), input.tool.0),
        _ => (format!("{}-config", input.team), "helmfile"),
    };
    let pod = format!(
        "{}-{}-{}-{}",
        input.full_name.replace(['/', '%'], "-").to_lowercase(),
        b.number,
        hex(&mut cx.rng, 5),
        hex(&mut cx.rng, 5)
    );
    if matches!(input.job.kind, JobKind::Branch { .. }) {
        s.line(
            1,
            format!("Obtained Jenkinsfile from git https://git.example.com/{repo}.git"),
        );
    }
    s.step("Start of Pipeline");
    s.open("podTemplate");
    s.open("node");
    s.line(
        3,
        format!("Created Pod: kubernetes {}-build/{pod}", input.team),
    );
    s.line(
        8,
        format!("Agent {pod} is provisioned from template {template}"),
    );
    let ws = input.full_name.replace('/', "_");
    s.line(
        2,
        format!("Running on {pod} in /home/jenkins/agent/workspace/{ws}"),
    );
    s.step("{");
    checkout(&mut s, &mut cx, &repo, &ws);
    s.open("withEnv");
    s.open("ansiColor");
    match &input.job.kind {
        JobKind::Branch { app, branch } => jobs::branch_build(&mut s, &mut cx, app, branch),
        JobKind::Deploy { stage } => match &b.run {
            Some(run) => {
                let dry = cx.param("DRY_RUN") == "true";
                super::console_runs::deploy(&mut s, &mut cx, run, dry)
            }
            None => jobs::deploy(&mut s, &mut cx, stage),
        },
        JobKind::Uninstall { stage } => match &b.run {
            Some(run) => super::console_runs::uninstall(&mut s, &mut cx, run),
            None => jobs::uninstall(&mut s, &mut cx, stage),
        },
        JobKind::E2e | JobKind::Nightly => jobs::e2e(&mut s, &mut cx),
    }
    s.close("ansiColor");
    s.close("withEnv");
    s.close("node");
    s.close("podTemplate");
    s.step("End of Pipeline");
    if cx.failed {
        s.line(1, "ERROR: script returned exit code 1");
    }
    s
}

fn checkout(s: &mut Script, cx: &mut Ctx, repo: &str, ws: &str) {
    let (branch, sha) = match &cx.input.job.kind {
        JobKind::Branch { branch, .. } => (branch.clone(), cx.input.build.commit.clone()),
        _ => {
            let r = cx.param("CONFIG_REF");
            let r = if r.is_empty() { "main".to_string() } else { r };
            (r, cx.input.build.commit.clone())
        }
    };
    let url = format!("https://git.example.com/{repo}.git");
    s.stage("Declarative: Checkout SCM");
    s.step("checkout");
    s.line(1, "The recommended git tool is: NONE");
    s.line(1, "using credential git");
    s.line(1, "Cloning the remote Git repository");
    s.line(2, format!("Cloning repository {url}"));
    s.line(
        1,
        format!(" > git init /home/jenkins/agent/workspace/{ws} # timeout=10"),
    );
    s.line(1, format!("Fetching upstream changes from {url}"));
    s.line(
        4,
        format!(" > git fetch --no-tags --force --progress -- {url} +refs/heads/{branch}:refs/remotes/origin/{branch} # timeout=10"),
    );
    if cx
        .input
        .build
        .run
        .as_ref()
        .is_some_and(|r| r.commit.is_empty() && r.error.is_some())
    {
        // CONFIG_REF names nothing the repository has.
        s.line(
            1,
            "ERROR: Couldn't find any revision to build. Verify the repository and branch configuration for this job.",
        );
        s.close("stage");
        cx.failed = true;
        return;
    }
    s.line(1, format!("Checking out Revision {sha} ({branch})"));
    s.line(1, " > git config core.sparsecheckout # timeout=10");
    s.line(1, format!(" > git checkout -f {sha} # timeout=10"));
    let random = MESSAGES[cx.rng.random_range(0..MESSAGES.len())];
    let msg = cx.input.build.subject.as_deref().unwrap_or(random);
    s.line(1, format!("Commit message: \"{msg}\""));
    s.close("stage");
}

/// Runs `body` as a stage unless an earlier one failed; returns whether this one fails.
pub(super) fn stage(
    s: &mut Script,
    cx: &mut Ctx,
    name: &str,
    fails_here: bool,
    body: impl FnOnce(&mut Script, &mut Ctx, bool),
) {
    s.stage(name);
    if cx.failed {
        s.line(
            1,
            format!("Stage \"{name}\" skipped due to earlier failure(s)"),
        );
    } else if cx.result == BuildResult::Aborted && fails_here {
        body(s, cx, false);
        let who = crate::sim::jenkins::catalog::PEOPLE[cx.rng.random_range(0..4)].0;
        s.line(3, format!("Aborted by {who}"));
        s.line(1, "Sending interrupt signal to process");
        s.line(1, "script returned exit code 143");
        cx.failed = true;
    } else {
        let fail = fails_here && cx.result == BuildResult::Failure;
        body(s, cx, fail);
        cx.failed = fail;
    }
    s.close("stage");
}
