//! The job-specific parts of console scripts: what a branch build, a deploy, an uninstall, the
//! e2e tests and the freestyle nightly job print.

use rand::Rng;

use super::console::Script;
use super::console_script::{
    stage, Ctx, BOLD_BLUE, BOLD_GREEN, BOLD_RED, GREEN, RED, RESET, YELLOW,
};
use super::model::BuildResult;
use super::rng::hex;

pub(super) fn branch_build(s: &mut Script, cx: &mut Ctx, app: &str, branch: &str) {
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

pub(super) fn releases(cx: &Ctx) -> Vec<String> {
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

pub(super) fn deploy(s: &mut Script, cx: &mut Ctx, stage_name: &str) {
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
                "NAME                     NAMESPACE            CHART                    DURATION",
            );
            for r in &rels {
                let chart = format!("{team}/{}", r.trim_start_matches(&format!("{team}-")));
                s.line(
                    1,
                    format!(
                        "{r:<24} {ns:<20} {chart:<24} {:>7}s",
                        cx.rng.random_range(8..40)
                    ),
                );
            }
        }
        s.close("container");
    });
}

pub(super) fn uninstall(s: &mut Script, cx: &mut Ctx, stage_name: &str) {
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

pub(super) fn e2e(s: &mut Script, cx: &mut Ctx) {
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

pub(super) fn freestyle(s: &mut Script, cx: &mut Ctx) {
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
