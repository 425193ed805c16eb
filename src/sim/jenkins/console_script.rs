//! What each kind of job prints: Pipeline step markers, git checkouts, build tools, helmfile
//! and helm output, test reports; with the ANSI colours the AnsiColor plugin lets through
//! (maven's levels, helm-diff's red and green, pytest's summary). A failing build stops at its
//! failing step and skips the rest, as declarative Pipelines do.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::console::{ConsoleInput, Script};
use super::model::{BuildResult, Cause, JobKind};
use super::rng::{hex, rng_for};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const BOLD_BLUE: &str = "\x1b[1;34m";
const BOLD_GREEN: &str = "\x1b[1;32m";
const BOLD_RED: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

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

struct Ctx<'a> {
    input: &'a ConsoleInput<'a>,
    rng: ChaCha8Rng,
    /// The planned outcome: where the script fails, or is aborted, if it does.
    result: BuildResult,
    failed: bool,
}

impl Ctx<'_> {
    fn param(&self, name: &str) -> String {
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
        freestyle(&mut s, &mut cx);
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
        JobKind::Branch { app, branch } => branch_build(&mut s, &mut cx, app, branch),
        JobKind::Deploy { stage } => deploy(&mut s, &mut cx, stage),
        JobKind::Uninstall { stage } => uninstall(&mut s, &mut cx, stage),
        JobKind::E2e | JobKind::Nightly => e2e(&mut s, &mut cx),
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
    s.line(1, format!("Checking out Revision {sha} ({branch})"));
    s.line(1, " > git config core.sparsecheckout # timeout=10");
    s.line(1, format!(" > git checkout -f {sha} # timeout=10"));
    let msg = MESSAGES[cx.rng.random_range(0..MESSAGES.len())];
    s.line(1, format!("Commit message: \"{msg}\""));
    s.close("stage");
}

/// Runs `body` as a stage unless an earlier one failed; returns whether this one fails.
fn stage(
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

fn branch_build(s: &mut Script, cx: &mut Ctx, app: &str, branch: &str) {
    let tool = cx.input.tool.0;
    let team = cx.input.team;
    let fail_at = cx.rng.random_range(0..2);
    stage(s, cx, "Build", fail_at == 0, |s, _cx, fail| {
        s.open("container");
        s.step("sh");
        match tool {
            "maven" => {
                s.line(1, "+ mvn -B -ntp clean verify -DskipTests");
                s.line(
                    2,
                    format!("[{BOLD_BLUE}INFO{RESET}] Scanning for projects..."),
                );
                s.line(
                    3,
                    format!("[{BOLD_BLUE}INFO{RESET}] Building {team}-{app} 1.0.0-SNAPSHOT"),
                );
                s.line(20, format!("[{BOLD_BLUE}INFO{RESET}] --- compiler:3.13.0:compile (default-compile) @ {app} ---"));
                if fail {
                    s.line(10, format!("[{BOLD_RED}ERROR{RESET}] /src/main/java/com/example/{app}/Handler.java:[88,17] cannot find symbol"));
                    s.line(
                        1,
                        format!("[{BOLD_RED}ERROR{RESET}] {BOLD_RED}BUILD FAILURE{RESET}"),
                    );
                } else {
                    s.line(
                        10,
                        format!("[{BOLD_BLUE}INFO{RESET}] {BOLD_GREEN}BUILD SUCCESS{RESET}"),
                    );
                }
            }
            "golang" => {
                s.line(1, "+ go build ./...");
                s.line(
                    15,
                    "go: downloading github.com/prometheus/client_golang v1.20.5",
                );
                if fail {
                    s.line(
                        10,
                        format!("internal/{app}/store.go:142:9: undefined: retryPolicy"),
                    );
                }
            }
            "python" => {
                s.line(1, "+ pip install --no-cache-dir -r requirements.txt");
                s.line(
                    15,
                    "Successfully installed fastapi-0.115.6 pydantic-2.10.4 uvicorn-0.34.0",
                );
                if fail {
                    s.line(5, format!("{RED}ERROR: Could not find a version that satisfies the requirement ledger-client==4.2{RESET}"));
                }
            }
            _ => {
                s.line(1, "+ npm ci");
                s.line(15, "added 812 packages, and audited 813 packages in 21s");
                s.line(1, "+ npm run build");
                if fail {
                    s.line(8, format!("{RED}src/{app}/index.ts(41,7): error TS2322: Type 'string' is not assignable to type 'number'.{RESET}"));
                }
            }
        }
        s.close("container");
    });
    stage(s, cx, "Test", fail_at == 1, |s, cx, fail| {
        let total = cx.rng.random_range(80..400);
        let failures = if fail || cx.result == BuildResult::Unstable {
            cx.rng.random_range(1..5)
        } else {
            0
        };
        s.open("container");
        s.step("sh");
        let cmd = match tool {
            "maven" => "+ mvn -B -ntp test",
            "golang" => "+ go test -race ./...",
            "python" => "+ pytest -q --junitxml=reports/junit.xml",
            _ => "+ npm test -- --ci --reporters=jest-junit",
        };
        s.line(1, cmd);
        for part in ["unit", "integration", "contract", "api"] {
            s.line(10, format!("Running {team}.{app}.{part} tests"));
        }
        s.line(
            2,
            format!("Tests run: {total}, Failures: {failures}, Errors: 0, Skipped: 2"),
        );
        if failures > 0 {
            s.line(
                1,
                format!("{RED}FAILED{RESET} {app}_test::test_retry_after_timeout - AssertionError"),
            );
        } else {
            s.line(1, format!("{GREEN}{total} passed{RESET}"));
        }
        s.close("container");
        s.step("junit");
        s.line(2, "Recording test results");
        s.line(1, "[Checks API] No suitable checks publisher found.");
        if failures > 0 && !fail {
            s.line(
                1,
                "Build step 'Record JUnit test results' changed build result to UNSTABLE",
            );
        }
    });
    if branch == "main" {
        stage(s, cx, "Publish image", false, |s, cx, _| {
            let tag = hex(&mut cx.rng, 7);
            s.open("container");
            s.step("sh");
            s.line(
                1,
                format!("+ kaniko --destination registry.example.com/{team}/{app}:{tag}"),
            );
            s.line(
                15,
                format!(
                    "INFO Pushed registry.example.com/{team}/{app}@sha256:{}",
                    hex(&mut cx.rng, 64)
                ),
            );
            s.close("container");
        });
    }
}

fn releases(cx: &Ctx) -> Vec<String> {
    let team = cx.input.team;
    let apps = cx.param("APPS");
    match cx.input.job.params.first() {
        Some(super::model::ParamDef::Choice { choices, .. }) => choices
            .iter()
            .filter(|a| *a != "all" && (apps == "all" || apps.is_empty() || **a == apps))
            .map(|a| format!("{team}-{a}"))
            .collect(),
        _ => Vec::new(),
    }
}

fn deploy(s: &mut Script, cx: &mut Ctx, stage_name: &str) {
    let team = cx.input.team.to_string();
    let ns = format!("{team}-{stage_name}");
    let rels = releases(cx);
    let dry = cx.param("DRY_RUN") == "true";
    stage(s, cx, "Diff", false, |s, cx, _| {
        s.open("container");
        s.step("sh");
        s.line(1, format!("+ helmfile -e {stage_name} diff --context 3"));
        s.line(
            3,
            format!("Adding repo {team} https://charts.{team}.example.com"),
        );
        s.line(2, format!("\"{team}\" has been added to your repositories"));
        for r in rels.iter().take(2) {
            let old = cx.rng.random_range(100..140);
            s.line(
                6,
                format!("{YELLOW}{ns}, {r}, Deployment (apps) has changed:{RESET}"),
            );
            s.line(
                1,
                format!(
                    "{RED}-         image: \"registry.example.com/{}:1.0.0-b{old}\"{RESET}",
                    r.replacen('-', "/", 1)
                ),
            );
            s.line(
                1,
                format!(
                    "{GREEN}+         image: \"registry.example.com/{}:1.0.0-b{}\"{RESET}",
                    r.replacen('-', "/", 1),
                    old + 1
                ),
            );
        }
        s.close("container");
    });
    if dry {
        s.stage("Apply");
        s.line(1, "Stage \"Apply\" skipped due to when conditional");
        s.close("stage");
        return;
    }
    stage(s, cx, "Apply", true, |s, cx, fail| {
        s.open("container");
        s.step("sh");
        let single = rels.len() == 1;
        if single {
            let r = &rels[0];
            let app = r.trim_start_matches(&format!("{team}-")).to_string();
            s.line(1, format!("+ helm upgrade --install {r} {team}/{app} --namespace {ns} --values values/common/{app}.yaml --values values/{stage_name}/{app}.yaml --wait --timeout 300s --history-max 10"));
        } else {
            s.line(
                1,
                format!("+ helmfile -e {stage_name} apply --suppress-diff"),
            );
        }
        for (i, r) in rels.iter().enumerate() {
            let app = r.trim_start_matches(&format!("{team}-")).to_string();
            if !single {
                s.line(
                    2,
                    format!("Upgrading release={r}, chart={team}/{app}, namespace={ns}"),
                );
            }
            if fail && i == rels.len() / 2 {
                s.line(
                    60,
                    format!("{RED}Error: UPGRADE FAILED: context deadline exceeded{RESET}"),
                );
                s.line(1, format!("{RED}in ./helmfile.yaml.gotmpl: failed processing release {r}: command \"/usr/local/bin/helm\" exited with non-zero status{RESET}"));
                return;
            }
            let rev = cx.rng.random_range(3..40);
            s.line(
                12,
                format!("Release \"{r}\" has been upgraded. Happy Helming!"),
            );
            s.line(1, format!("NAME: {r}"));
            s.line(1, format!("NAMESPACE: {ns}"));
            s.line(1, "STATUS: deployed");
            s.line(1, format!("REVISION: {rev}"));
        }
        if !single {
            s.line(1, "");
            s.line(1, format!("{GREEN}UPDATED RELEASES:{RESET}"));
            s.line(
                1,
                "NAME                 NAMESPACE          CHART   VERSION   DURATION",
            );
            for r in &rels {
                s.line(
                    1,
                    format!(
                        "{r:<20} {ns:<18} {team}/…   —         {}s",
                        cx.rng.random_range(8..40)
                    ),
                );
            }
        }
        s.close("container");
    });
}

fn uninstall(s: &mut Script, cx: &mut Ctx, stage_name: &str) {
    let team = cx.input.team.to_string();
    let ns = format!("{team}-{stage_name}");
    let confirmed = cx.param("CONFIRM") == "true";
    stage(s, cx, "Destroy", true, |s, cx, fail| {
        if !confirmed {
            s.line(
                1,
                format!("{RED}CONFIRM is not ticked: refusing to uninstall {ns}{RESET}"),
            );
            cx.failed = true;
            return;
        }
        s.open("container");
        s.step("sh");
        s.line(1, format!("+ helmfile -e {stage_name} destroy"));
        if fail {
            s.line(10, format!("{RED}Error: uninstall: Release not loaded: {team}-api: query: failed to query with labels: Unauthorized{RESET}"));
            return;
        }
        s.line(10, format!("Deleting {team}-releases in {ns}"));
        s.line(5, format!("{GREEN}DELETED RELEASES:{RESET}"));
        s.line(1, "NAME            DURATION");
        s.close("container");
    });
}

fn e2e(s: &mut Script, cx: &mut Ctx) {
    let team = cx.input.team.to_string();
    let target = {
        let t = cx.param("TARGET_STAGE");
        if t.is_empty() {
            "e2e".to_string()
        } else {
            t
        }
    };
    let suite = {
        let t = cx.param("SUITE");
        if t.is_empty() {
            "smoke".to_string()
        } else {
            t
        }
    };
    stage(s, cx, "Wait for stage", true, |s, _cx, fail| {
        s.step("sh");
        s.line(
            1,
            format!("+ kubectl -n {team}-{target} rollout status deployment --timeout=300s"),
        );
        if fail {
            s.line(40, format!("{RED}error: timed out waiting for the condition on deployments/{team}-api{RESET}"));
        } else {
            s.line(
                10,
                format!("deployment \"{team}-api\" successfully rolled out"),
            );
        }
    });
    stage(s, cx, &format!("Run {suite} suite"), false, |s, cx, _| {
        let total = cx.rng.random_range(120..500);
        let failed = if cx.result == BuildResult::Unstable {
            cx.rng.random_range(1..9)
        } else {
            0
        };
        s.step("sh");
        s.line(
            1,
            format!("+ ./gradlew e2eTest -Dstage={target} -Dsuite={suite}"),
        );
        s.line(6, "> Task :e2eTest");
        // Gradle reports each test class as it finishes: the log keeps moving.
        for class in [
            "LoginIT",
            "CheckoutFlowIT",
            "RefundIT",
            "StatementsIT",
            "NotificationsIT",
            "ReportsIT",
            "SearchIT",
            "AdminIT",
        ] {
            s.line(
                7,
                format!("{team}.e2e.{class} > all scenarios {GREEN}PASSED{RESET}"),
            );
        }
        if failed > 0 {
            s.line(
                1,
                format!("{RED}{team}.checkout.CheckoutFlowIT > pays with saved card FAILED{RESET}"),
            );
            s.line(1, format!("{total} tests completed, {failed} failed"));
        } else {
            s.line(1, format!("{GREEN}{total} tests completed{RESET}"));
        }
        s.step("junit");
        s.line(2, "Recording test results");
        if failed > 0 {
            s.line(
                1,
                "Build step 'Record JUnit test results' changed build result to UNSTABLE",
            );
        }
    });
}

fn freestyle(s: &mut Script, cx: &mut Ctx) {
    let team = cx.input.team;
    let agent = format!("{team}-agent-{}", hex(&mut cx.rng, 5));
    s.line(1, "Running as SYSTEM");
    s.line(
        5,
        format!(
            "Building remotely on {agent} (base) in workspace /home/jenkins/agent/workspace/{}",
            cx.input.full_name
        ),
    );
    s.line(
        1,
        format!(
            "[dependency-check] $ /bin/sh -xe /tmp/jenkins{}.sh",
            cx.rng.random_range(1_000_000_000u64..9_999_999_999)
        ),
    );
    s.line(
        1,
        "+ dependency-check.sh --scan . --format JUNIT --failOnCVSS 9",
    );
    s.line(10, "[INFO] Checking for updates");
    s.line(60, "[INFO] Analysis Started");
    match cx.result {
        BuildResult::Failure => {
            s.line(5, format!("{RED}[ERROR] One or more dependencies were identified with vulnerabilities that have a CVSS score greater than or equal to '9.0':{RESET}"));
            s.line(1, "jackson-databind-2.9.10.jar: CVE-2020-36518(9.8)");
            s.line(1, "Build step 'Execute shell' marked build as failure");
        }
        BuildResult::Unstable => {
            s.line(5, format!("{YELLOW}[WARN] 3 dependencies have known vulnerabilities below the failure threshold{RESET}"));
            s.line(1, "Recording test results");
            s.line(
                1,
                "Build step 'Publish JUnit test result report' changed build result to UNSTABLE",
            );
        }
        BuildResult::Aborted => {
            s.line(5, "Build was aborted");
            s.line(1, "Aborted by alice");
        }
        _ => {
            s.line(5, "[INFO] Analysis Complete (41 seconds)");
        }
    }
}
