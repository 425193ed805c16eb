//! The runner's own guards on the config repo's writes (issue 16, Security): a mutating effect
//! sent straight to the runner — no view, no dialog — is refused under `--readonly`, and a
//! commit that touches a protected stage's values is refused unless the stage's name was
//! typed, by the path it changes (the target), whatever the message or the key that asked.
//! The Jenkins, Helmfile, kubectl, promotion and stage admin halves have theirs in
//! `jenkins_cockpit.rs`, `helmfile_runner.rs`, `kubectl_runner.rs`, `stage_admin.rs` and
//! `tests/promotion_git.rs`.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use stagecoach::app::effect::repo::RepoEffect;
use stagecoach::app::effect::Effect;
use stagecoach::app::msg::Msg;
use stagecoach::effects::Runner;
use stagecoach::repo::msg::RepoMsg;
use stagecoach::repo::tasks::RepoTarget;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A clone with a commit, its prod and qa values changed in the working tree.
fn clone_with_changes(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.name", "Ada"]);
    git(dir, &["config", "user.email", "ada@example.com"]);
    for stage in ["prod", "qa"] {
        std::fs::create_dir_all(dir.join("values").join(stage)).unwrap();
        std::fs::write(
            dir.join(format!("values/{stage}/api.yaml")),
            "replicas: 1\n",
        )
        .unwrap();
    }
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "start"]);
    for stage in ["prod", "qa"] {
        std::fs::write(
            dir.join(format!("values/{stage}/api.yaml")),
            "replicas: 3\n",
        )
        .unwrap();
    }
}

fn runner(dir: &Path) -> (Runner, tokio::sync::mpsc::Receiver<Msg>) {
    let kube =
        kube::Client::try_from(kube::Config::new("http://127.0.0.1:9".parse().unwrap())).unwrap();
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    let mut r = Runner::new(kube, None, tx);
    r.set_repos(HashMap::from([(
        "payments".to_string(),
        RepoTarget {
            team: "payments".into(),
            url: dir.display().to_string(),
            branch: "main".into(),
            dir: dir.to_path_buf(),
            jcasc: "jenkins/jenkins.yaml".into(),
        },
    )]));
    r.set_protected(vec!["payments-prod".into()]);
    (r, rx)
}

async fn finished(rx: &mut tokio::sync::mpsc::Receiver<Msg>) -> Result<String, String> {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("the runner answers")
            .expect("the runner lives");
        if let Msg::Repo(RepoMsg::Finished { result, .. }) = m {
            return result.map_err(|e| e.to_string());
        }
    }
}

fn commit(paths: &[&str], message: &str, confirmed: Option<&str>) -> Effect {
    Effect::Repo(RepoEffect::Commit {
        team: "payments".into(),
        paths: paths.iter().map(|p| p.to_string()).collect(),
        message: message.into(),
        confirmed: confirmed.map(String::from),
    })
}

#[tokio::test]
async fn a_protected_stage_commit_sent_straight_to_the_runner_needs_the_stage_typed() {
    let dir = tempfile::tempdir().unwrap();
    clone_with_changes(dir.path());
    let (mut r, mut rx) = runner(dir.path());
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    // The message says qa and the other path is qa's: the prod path decides.
    r.run(vec![commit(
        &["values/qa/api.yaml", "values/prod/api.yaml"],
        "qa: three replicas",
        None,
    )]);
    let e = finished(&mut rx).await.unwrap_err();
    assert!(e.contains("prod"), "{e}");
    // A wrong name typed is no confirmation.
    r.run(vec![commit(&["values/prod/api.yaml"], "bump", Some("qa"))]);
    assert!(finished(&mut rx).await.is_err());
    assert_eq!(
        git(dir.path(), &["rev-parse", "HEAD"]),
        head,
        "nothing committed"
    );
    // An unprotected stage needs nothing typed; the protected one its name.
    r.run(vec![commit(
        &["values/qa/api.yaml"],
        "qa: three replicas",
        None,
    )]);
    finished(&mut rx).await.expect("qa commits");
    r.run(vec![commit(
        &["values/prod/api.yaml"],
        "prod: three",
        Some("prod"),
    )]);
    finished(&mut rx)
        .await
        .expect("prod commits with its name typed");
    assert_eq!(git(dir.path(), &["rev-list", "--count", "HEAD"]), "3");
}

#[tokio::test]
async fn read_only_refuses_every_config_repo_write_sent_straight_to_the_runner() {
    let dir = tempfile::tempdir().unwrap();
    clone_with_changes(dir.path());
    let (mut r, mut rx) = runner(dir.path());
    r.set_readonly(true);
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    let file = dir.path().join("values/qa/api.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    for effect in [
        commit(&["values/qa/api.yaml"], "qa", None),
        commit(&["values/prod/api.yaml"], "prod", Some("prod")),
        Effect::Repo(RepoEffect::Push {
            team: "payments".into(),
        }),
        Effect::Repo(RepoEffect::Save {
            team: "payments".into(),
            path: "values/qa/api.yaml".into(),
            text: "replicas: 9\n".into(),
        }),
    ] {
        r.run(vec![effect]);
        let e = finished(&mut rx).await.unwrap_err();
        assert!(e.contains("read-only"), "{e}");
    }
    assert_eq!(git(dir.path(), &["rev-parse", "HEAD"]), head);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
}
