//! Helmfile mode in the runner, on a real git clone (a bare origin and the team's clone) and a
//! stand-in `helmfile` script: streaming in arrival order, exit codes, cancel (SIGINT reaches
//! the script; one that ignores it gets SIGTERM after the grace period), the tools missing, the
//! clone not at the pushed commit, and the guards (read-only, protected stages). Each test
//! passes its own tool directory to the runner: the process's PATH is never changed.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use stagecoach::app::effect::helmfile::HelmfileEffect;
use stagecoach::app::effect::Effect;
use stagecoach::app::msg::Msg;
use stagecoach::config::DeployKind;
use stagecoach::effects::Runner;
use stagecoach::jenkins::ansi::AnsiColour;
use stagecoach::repo::helmfile::run::{HelmfileEvent, RunEnd};
use stagecoach::repo::tasks::RepoTarget;
use tempfile::TempDir;

/// The stand-in: its behaviour is chosen by the environment name (`-e <stage>`), so that tests
/// running at once need no shared state.
const HELMFILE: &str = r#"#!/bin/bash
env="$2"
printf '\033[32mComparing release=api, chart=charts/api\033[0m\n'
echo "Upgrading release=api" >&2
case "$env" in
  ok) sleep 0.3; echo "UPDATED RELEASES:"; exit 0 ;;
  fail) echo "Error: UPGRADE FAILED: context deadline exceeded" >&2
        echo "in ./helmfile.yaml.gotmpl: failed processing release api: exit status 1" >&2
        exit 1 ;;
  trap) trap 'echo "got SIGINT"; exit 130' INT; echo ready; while true; do sleep 0.1; done ;;
  ignore) trap '' INT; echo ready; while true; do sleep 0.1; done ;;
esac
exit 3
"#;

fn git(dir: &Path, args: &[&str]) {
    let s = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(s.status.success(), "git {args:?}: {s:?}");
}

struct Bed {
    _tmp: TempDir,
    clone: std::path::PathBuf,
    tools: std::path::PathBuf,
}

/// A bare origin with one commit on `main`, the team's clone of it, and a tool directory.
fn bed(helm: bool, helmfile: bool) -> Bed {
    let tmp = tempfile::tempdir().unwrap();
    let origin = tmp.path().join("origin.git");
    let clone = tmp.path().join("clone");
    let tools = tmp.path().join("bin");
    std::fs::create_dir_all(&tools).unwrap();
    std::fs::create_dir_all(&clone).unwrap();
    git(
        tmp.path(),
        &["init", "-q", "--bare", "-b", "main", "origin.git"],
    );
    git(&clone, &["init", "-q", "-b", "main"]);
    std::fs::write(clone.join("helmfile.yaml.gotmpl"), "releases: []\n").unwrap();
    git(&clone, &["add", "."]);
    git(&clone, &["commit", "-qm", "first"]);
    git(
        &clone,
        &["remote", "add", "origin", origin.to_str().unwrap()],
    );
    git(&clone, &["push", "-q", "-u", "origin", "main"]);
    let script = |name: &str, body: &str| {
        let p = tools.join(name);
        crate::script::write_script(&p, body);
    };
    if helmfile {
        script("helmfile", HELMFILE);
    }
    if helm {
        script("helm", "#!/bin/sh\nexit 0\n");
    }
    Bed {
        _tmp: tmp,
        clone,
        tools,
    }
}

fn runner(bed: &Bed) -> (Runner, tokio::sync::mpsc::Receiver<Msg>) {
    let kube =
        kube::Client::try_from(kube::Config::new("http://127.0.0.1:9".parse().unwrap())).unwrap();
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    let mut r = Runner::new(kube, None, tx);
    r.set_repos(HashMap::from([(
        "payments".to_string(),
        RepoTarget {
            team: "payments".into(),
            url: "origin".into(),
            branch: "main".into(),
            dir: bed.clone.clone(),
            jcasc: String::new(),
        },
    )]));
    // The stand-ins first; bash and sleep from the system.
    let path = format!("{}:/usr/bin:/bin", bed.tools.display());
    r.set_tool_path(Some(path.into()));
    r.set_helmfile_grace(Duration::from_secs(1));
    r.set_protected(vec!["payments-prod".into()]);
    (r, rx)
}

fn run(stage: &str) -> Effect {
    Effect::Helmfile(HelmfileEffect::Run {
        team: "payments".into(),
        namespace: format!("payments-{stage}"),
        stage: stage.into(),
        kind: DeployKind::Deploy,
        confirmed: None,
    })
}

/// The events until the run ends (or is refused), in order.
async fn events(
    rx: &mut tokio::sync::mpsc::Receiver<Msg>,
    until_ready: bool,
) -> Vec<HelmfileEvent> {
    let mut out = Vec::new();
    loop {
        let m = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("the run reports within 20 s")
            .expect("the runner is alive");
        let Msg::Helmfile(m) = m else { continue };
        let end = match &m.event {
            HelmfileEvent::Refused(_) | HelmfileEvent::Called(_) => true,
            HelmfileEvent::Lines(l) => until_ready && l.iter().any(|l| l.text == "ready"),
            _ => false,
        };
        out.push(m.event);
        if end {
            return out;
        }
    }
}

fn texts(ev: &[HelmfileEvent]) -> Vec<String> {
    ev.iter()
        .filter_map(|e| match e {
            HelmfileEvent::Lines(l) => Some(l.iter().map(|l| l.text.clone()).collect::<Vec<_>>()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn ended(ev: &[HelmfileEvent]) -> RunEnd {
    ev.iter()
        .find_map(|e| match e {
            HelmfileEvent::Ended(end) => Some(end.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no end: {ev:?}"))
}

#[tokio::test]
async fn a_run_streams_its_output_in_order_with_colours_and_exits_0() {
    let b = bed(true, true);
    let (mut r, mut rx) = runner(&b);
    r.run(vec![run("ok")]);
    let ev = events(&mut rx, false).await;
    let HelmfileEvent::Started { command, commit } = &ev[0] else {
        panic!("{ev:?}")
    };
    assert!(command.ends_with("helmfile -e ok apply"), "{command}");
    assert!(commit.ends_with("first"), "{commit}");
    let lines = texts(&ev);
    assert_eq!(
        lines.first().unwrap(),
        "Comparing release=api, chart=charts/api"
    );
    assert!(
        lines.contains(&"Upgrading release=api".to_string()),
        "stderr too: {lines:?}"
    );
    assert_eq!(lines.last().unwrap(), "UPDATED RELEASES:");
    // The colour is data; the escape sequence is gone.
    let HelmfileEvent::Lines(first) = ev
        .iter()
        .find(|e| matches!(e, HelmfileEvent::Lines(_)))
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!(first[0].styles[0].style.fg, Some(AnsiColour::Green));
    // Lines came before the end, the end before the call.
    let at = |f: fn(&HelmfileEvent) -> bool| ev.iter().position(f).unwrap();
    assert!(
        at(|e| matches!(e, HelmfileEvent::Lines(_))) < at(|e| matches!(e, HelmfileEvent::Ended(_)))
    );
    assert_eq!(
        ended(&ev),
        RunEnd::Exited {
            code: 0,
            cancelled: false
        }
    );
    let Some(HelmfileEvent::Called(c)) = ev.last() else {
        panic!("{ev:?}")
    };
    assert!(c.ok && c.command.contains("helmfile -e ok apply"), "{c:?}");
}

#[tokio::test]
async fn a_failing_run_reports_its_exit_code_and_the_failing_release() {
    let b = bed(true, true);
    let (mut r, mut rx) = runner(&b);
    r.run(vec![run("fail")]);
    let ev = events(&mut rx, false).await;
    assert_eq!(
        ended(&ev),
        RunEnd::Exited {
            code: 1,
            cancelled: false
        }
    );
    let (release, error) = stagecoach::repo::helmfile::run::first_failure(texts(&ev));
    assert_eq!(release.as_deref(), Some("api"));
    assert_eq!(
        error.as_deref(),
        Some("Error: UPGRADE FAILED: context deadline exceeded")
    );
}

#[tokio::test]
async fn cancel_sends_sigint_which_the_script_traps() {
    let b = bed(true, true);
    let (mut r, mut rx) = runner(&b);
    r.run(vec![run("trap")]);
    events(&mut rx, true).await;
    r.run(vec![Effect::Helmfile(HelmfileEffect::Cancel {
        namespace: "payments-trap".into(),
    })]);
    let ev = events(&mut rx, false).await;
    assert!(ev.contains(&HelmfileEvent::Signalled("SIGINT")), "{ev:?}");
    assert!(!ev.contains(&HelmfileEvent::Signalled("SIGTERM")), "{ev:?}");
    assert!(texts(&ev).contains(&"got SIGINT".to_string()), "{ev:?}");
    let end = ended(&ev);
    assert_eq!(
        end,
        RunEnd::Exited {
            code: 130,
            cancelled: true
        }
    );
    assert!(end.is_cancelled() && end.text().starts_with("cancelled (SIGINT)"));
}

#[tokio::test]
async fn a_script_that_ignores_sigint_gets_sigterm_after_the_grace_period() {
    let b = bed(true, true);
    let (mut r, mut rx) = runner(&b);
    r.run(vec![run("ignore")]);
    events(&mut rx, true).await;
    let asked = std::time::Instant::now();
    r.run(vec![Effect::Helmfile(HelmfileEffect::Cancel {
        namespace: "payments-ignore".into(),
    })]);
    let ev = events(&mut rx, false).await;
    assert!(
        asked.elapsed() >= Duration::from_millis(900),
        "{:?}",
        asked.elapsed()
    );
    assert!(ev.contains(&HelmfileEvent::Signalled("SIGTERM")), "{ev:?}");
    assert_eq!(ended(&ev), RunEnd::Terminated);
}

async fn refusal(r: &mut Runner, rx: &mut tokio::sync::mpsc::Receiver<Msg>, e: Effect) -> String {
    r.run(vec![e]);
    let ev = events(rx, false).await;
    match ev.as_slice() {
        [HelmfileEvent::Refused(why)] => why.clone(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn missing_tools_are_named_with_where_to_get_them() {
    let b = bed(false, false);
    let (mut r, mut rx) = runner(&b);
    let why = refusal(&mut r, &mut rx, run("ok")).await;
    assert!(
        why.contains("neither helmfile nor helm is installed"),
        "{why}"
    );
    let b = bed(true, false);
    let (mut r, mut rx) = runner(&b);
    let why = refusal(&mut r, &mut rx, run("ok")).await;
    assert!(
        why.starts_with("helmfile is not installed")
            && why.contains("https://github.com/helmfile/helmfile/releases"),
        "{why}"
    );
    let b = bed(false, true);
    let (mut r, mut rx) = runner(&b);
    let why = refusal(&mut r, &mut rx, run("ok")).await;
    assert!(
        why.starts_with("helm is not installed")
            && why.contains("https://helm.sh/docs/intro/install/"),
        "{why}"
    );
}

#[tokio::test]
async fn a_clone_not_at_the_pushed_commit_is_refused() {
    let b = bed(true, true);
    let (mut r, mut rx) = runner(&b);
    std::fs::write(b.clone.join("helmfile.yaml.gotmpl"), "releases: [x]\n").unwrap();
    let why = refusal(&mut r, &mut rx, run("ok")).await;
    assert!(
        why.contains("changes not committed (helmfile.yaml.gotmpl)"),
        "{why}"
    );
    git(&b.clone, &["commit", "-qam", "second"]);
    let why = refusal(&mut r, &mut rx, run("ok")).await;
    assert!(why.contains("1 commit(s) not pushed"), "{why}");
}

#[tokio::test]
async fn the_runner_refuses_read_only_and_unconfirmed_protected_stages() {
    let b = bed(true, true);
    let (mut r, mut rx) = runner(&b);
    let why = refusal(&mut r, &mut rx, run("prod")).await;
    assert!(why.contains("protected stage payments-prod"), "{why}");
    r.set_readonly(true);
    let why = refusal(&mut r, &mut rx, run("ok")).await;
    assert!(why.starts_with("read-only mode"), "{why}");
}
