//! The consoles of deploy and uninstall runs started while the world runs: they print their
//! plan (`sim::deploy_plan`) as `helmfile` and `helm` print theirs — the diff of what changes,
//! the revisions written, the failure and its cause — in weights of [`RUN_UNIT_MS`], so that a
//! stage appears in the console when the world carries it out.
//!
//! [`RUN_UNIT_MS`]: super::engine::RUN_UNIT_MS

use super::console::Script;
use super::console_script::{Ctx, GREEN, RED, RESET, YELLOW};
use crate::sim::deploy_plan::{DeployRun, ReleaseStep, StepKind};

/// When the Apply (Destroy) stage starts, at the earliest (12 s, 8 s in units).
const APPLY_AT: u32 = 120;
const DESTROY_AT: u32 = 80;
/// How long `--wait` takes when the pods come up (hooks, then the rollout).
pub const WAIT_OK: u32 = 200;
/// A line of at least this weight is the wait's end (the engine looks for it).
pub const WAIT_MIN: u32 = 100;

fn units(s: &Script) -> u32 {
    s.lines.iter().skip(1).map(|(w, _)| *w).sum()
}

/// The weight that makes the next line appear at `at` units (or right away if that is past).
fn pad_to(s: &Script, at: u32) -> u32 {
    at.saturating_sub(units(s)).max(1)
}

fn app_of(run: &DeployRun, r: &ReleaseStep) -> String {
    r.name
        .strip_prefix(&format!("{}-", run.team))
        .unwrap_or(&r.name)
        .to_string()
}

fn failing(r: &ReleaseStep) -> Option<String> {
    match &r.kind {
        StepKind::ChartMissing(why) => Some(format!("Error: {why}")),
        StepKind::Locked => Some(
            "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress"
                .into(),
        ),
        StepKind::Upgrade { revision: 1 } if r.failure.is_some() => {
            Some("Error: INSTALLATION FAILED: context deadline exceeded".into())
        }
        StepKind::Upgrade { .. } if r.failure.is_some() => {
            Some("Error: UPGRADE FAILED: context deadline exceeded".into())
        }
        _ => None,
    }
}

fn diff(s: &mut Script, run: &DeployRun) {
    s.line(1, format!("+ helmfile -e {} diff --context 3", run.stage));
    s.line(
        3,
        format!(
            "Adding repo {t} https://charts.{t}.example.com",
            t = run.team
        ),
    );
    s.line(
        2,
        format!("\"{}\" has been added to your repositories", run.team),
    );
    if let Some(e) = &run.error {
        s.line(4, format!("{RED}in ./helmfile.yaml.gotmpl: {e}{RESET}"));
        return;
    }
    let mut any = false;
    for r in &run.releases {
        if matches!(r.kind, StepKind::Unchanged { .. }) {
            continue;
        }
        any = true;
        s.line(
            2,
            format!(
                "Comparing release={}, chart={}, namespace={}",
                r.name, r.chart, r.namespace
            ),
        );
        if matches!(r.kind, StepKind::Delete) {
            s.line(
                1,
                format!(
                    "{YELLOW}{}, {}, Deployment (apps) has been removed:{RESET}",
                    r.namespace, r.name
                ),
            );
            continue;
        }
        let head = if !r.deployed {
            "has been added"
        } else {
            "has changed"
        };
        s.line(
            1,
            format!(
                "{YELLOW}{}, {}, Deployment (apps) {head}:{RESET}",
                r.namespace, r.name
            ),
        );
        if r.image_before != r.image_after {
            if let Some(before) = &r.image_before {
                s.line(1, format!("{RED}-         image: \"{before}\"{RESET}"));
            }
            if let Some(after) = &r.image_after {
                s.line(1, format!("{GREEN}+         image: \"{after}\"{RESET}"));
            }
        }
        let others: Vec<&str> = r
            .changed
            .iter()
            .map(String::as_str)
            .filter(|k| *k != "image.tag" && *k != "image.repository")
            .collect();
        if !others.is_empty() {
            s.line(1, format!("  values changed: {}", others.join(", ")));
        }
    }
    if !any {
        s.line(1, "No affected releases");
    }
}

fn skipped(s: &mut Script, stages: &[&str]) {
    for name in stages {
        s.stage(name);
        s.line(
            1,
            format!("Stage \"{name}\" skipped due to earlier failure(s)"),
        );
        s.close("stage");
    }
}

/// The Diff and Apply stages of a deploy run.
pub(super) fn deploy(s: &mut Script, cx: &mut Ctx, run: &DeployRun, dry: bool) {
    if cx.failed {
        skipped(s, &["Diff", "Apply"]);
        return;
    }
    s.stage("Diff");
    s.open("container");
    s.step("sh");
    diff(s, run);
    s.close("container");
    s.close("stage");
    if run.error.is_some() {
        cx.failed = true;
        s.stage("Apply");
        s.line(1, "Stage \"Apply\" skipped due to earlier failure(s)");
        s.close("stage");
        return;
    }
    let at = pad_to(s, APPLY_AT);
    s.line(at, "[Pipeline] stage");
    s.step("{ (Apply)");
    if dry {
        s.line(1, "Stage \"Apply\" skipped due to when conditional");
        s.close("stage");
        return;
    }
    s.open("container");
    s.step("sh");
    let by = format!(
        "{}/{} #{}",
        cx.input.team, cx.input.full_name, cx.input.build.number
    );
    if run.single {
        if let Some(r) = run.releases.first() {
            let app = app_of(run, r);
            s.line(1, format!("+ helm upgrade --install {} {} --version {} --namespace {} --values values/common/{app}.yaml --values values/{}/{app}.yaml --wait --timeout {}s --history-max 10 --description 'Deployed by {by}'", r.name, r.chart, r.version, r.namespace, run.stage, run.timeout));
        }
    } else {
        s.line(
            1,
            format!(
                "+ helmfile -e {} apply --suppress-diff --args --description='Deployed by {by}'",
                run.stage
            ),
        );
    }
    let touched: Vec<&ReleaseStep> = run
        .releases
        .iter()
        .filter(|r| !matches!(r.kind, StepKind::Unchanged { .. }))
        .collect();
    if touched.is_empty() {
        s.line(2, "No affected releases");
    }
    for r in &touched {
        match &r.kind {
            StepKind::Delete => s.line(2, format!("Deleting {}", r.name)),
            StepKind::Upgrade { revision: 1 } => s.line(
                2,
                format!("Release \"{}\" does not exist. Installing it now.", r.name),
            ),
            _ => s.line(
                2,
                format!(
                    "Upgrading release={}, chart={}, namespace={}",
                    r.name, r.chart, r.namespace
                ),
            ),
        }
    }
    let waits = touched
        .iter()
        .any(|r| matches!(r.kind, StepKind::Upgrade { .. }));
    let blocked = touched
        .iter()
        .any(|r| matches!(r.kind, StepKind::ChartMissing(_) | StepKind::Locked));
    if waits && !blocked {
        let fails = touched.iter().any(|r| failing(r).is_some());
        let wait = if fails {
            run.timeout.saturating_mul(10)
        } else {
            WAIT_OK
        };
        s.line(wait.max(WAIT_MIN), "");
    }
    let mut failed = Vec::new();
    for r in &touched {
        if let Some(err) = failing(r) {
            failed.push((*r, err));
            continue;
        }
        match &r.kind {
            StepKind::Delete => s.line(1, format!("release \"{}\" uninstalled", r.name)),
            StepKind::Upgrade { revision } if !blocked => {
                let verb = if *revision == 1 {
                    "installed"
                } else {
                    "upgraded"
                };
                if *revision > 1 {
                    s.line(
                        1,
                        format!("Release \"{}\" has been {verb}. Happy Helming!", r.name),
                    );
                }
                s.line(1, format!("NAME: {}", r.name));
                s.line(1, format!("NAMESPACE: {}", r.namespace));
                s.line(1, "STATUS: deployed");
                s.line(1, format!("REVISION: {revision}"));
            }
            _ => {}
        }
    }
    let done: Vec<&&ReleaseStep> = touched
        .iter()
        .filter(|r| failing(r).is_none() && matches!(r.kind, StepKind::Upgrade { .. }))
        .collect();
    if !run.single && !done.is_empty() && !blocked {
        s.line(1, "");
        s.line(1, format!("{GREEN}UPDATED RELEASES:{RESET}"));
        s.line(
            1,
            "NAME                   NAMESPACE         CHART                 VERSION",
        );
        for r in done {
            s.line(
                1,
                format!(
                    "{:<22} {:<17} {:<21} {}",
                    r.name, r.namespace, r.chart, r.version
                ),
            );
        }
    }
    if !failed.is_empty() {
        if !run.single {
            s.line(1, "");
            s.line(1, format!("{RED}FAILED RELEASES:{RESET}"));
            s.line(
                1,
                "NAME                   NAMESPACE         CHART                 VERSION",
            );
            for (r, _) in &failed {
                s.line(
                    1,
                    format!(
                        "{:<22} {:<17} {:<21} {}",
                        r.name, r.namespace, r.chart, r.version
                    ),
                );
            }
        }
        for (r, err) in &failed {
            if !run.single {
                s.line(1, format!("{RED}in ./helmfile.yaml.gotmpl: failed processing release {}: command \"/usr/local/bin/helm\" exited with non-zero status:{RESET}", r.name));
            }
            s.line(1, format!("{RED}  {err}{RESET}"));
        }
        cx.failed = true;
    }
    s.close("container");
    s.close("stage");
}

/// The Destroy stage of an uninstall run.
pub(super) fn uninstall(s: &mut Script, cx: &mut Ctx, run: &DeployRun) {
    if cx.failed {
        skipped(s, &["Destroy"]);
        return;
    }
    let confirmed = cx.param("CONFIRM") == "true";
    let at = pad_to(s, DESTROY_AT);
    s.line(at, "[Pipeline] stage");
    s.step("{ (Destroy)");
    if !confirmed {
        s.line(
            1,
            format!(
                "{RED}CONFIRM is not ticked: refusing to uninstall {}{RESET}",
                run.namespace()
            ),
        );
        cx.failed = true;
        s.close("stage");
        return;
    }
    s.open("container");
    s.step("sh");
    s.line(1, format!("+ helmfile -e {} destroy", run.stage));
    if let Some(e) = &run.error {
        s.line(4, format!("{RED}in ./helmfile.yaml.gotmpl: {e}{RESET}"));
        cx.failed = true;
        s.close("container");
        s.close("stage");
        return;
    }
    let gone: Vec<&ReleaseStep> = run.releases.iter().filter(|r| r.deployed).collect();
    for r in &gone {
        s.line(3, format!("Deleting {}", r.name));
        s.line(2, format!("release \"{}\" uninstalled", r.name));
    }
    s.line(2, "");
    if gone.is_empty() {
        s.line(1, "No releases to delete");
    } else {
        s.line(1, format!("{GREEN}DELETED RELEASES:{RESET}"));
        s.line(1, "NAME                   DURATION");
        for r in &gone {
            s.line(1, format!("{:<22} {:>8}", r.name, "1s"));
        }
    }
    s.close("container");
    s.close("stage");
}
