//! The runner's config-repo half on a real bare origin: tasks on one team's clone take turns.
//! The home screen's drift column and the values screen both open the clone when the cockpit
//! starts; two clones into one directory at once made git abort (CI saw "BUG: initial ref
//! transaction called with existing refs").

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use stagecoach::app::effect::repo::RepoEffect;
use stagecoach::app::effect::Effect;
use stagecoach::app::msg::Msg;
use stagecoach::effects::Runner;
use stagecoach::repo::tasks::RepoTarget;
use stagecoach::repo::{RepoMsg, RepoOp};

fn git(dir: &Path, args: &[&str]) {
    let s = Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(s.status.success(), "git {args:?}: {s:?}");
}

/// A bare origin in `dir` holding one commit of a JCasC file.
fn bare_origin(dir: &Path) -> PathBuf {
    let seed = dir.join("seed");
    std::fs::create_dir_all(seed.join("jenkins")).unwrap();
    std::fs::write(seed.join("jenkins/jenkins.yaml"), "jenkins: {}\n").unwrap();
    git(dir, &["init", "-q", "-b", "main", "seed"]);
    git(&seed, &["add", "."]);
    git(&seed, &["commit", "-qm", "first"]);
    git(dir, &["clone", "-q", "--bare", "seed", "origin.git"]);
    dir.join("origin.git")
}

#[tokio::test]
async fn opens_asked_at_once_clone_once_and_all_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let origin = bare_origin(tmp.path());
    let dir = tmp.path().join("clones/payments");

    let kube =
        kube::Client::try_from(kube::Config::new("http://127.0.0.1:9".parse().unwrap())).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::channel(256);
    let mut r = Runner::new(kube, None, tx);
    r.set_repos(HashMap::from([(
        "payments".to_string(),
        RepoTarget {
            team: "payments".into(),
            url: origin.display().to_string(),
            branch: "main".into(),
            dir: dir.clone(),
            jcasc: "jenkins/jenkins.yaml".into(),
        },
    )]));
    let open = || {
        Effect::Repo(RepoEffect::Open {
            team: "payments".into(),
        })
    };
    let status = || {
        Effect::Repo(RepoEffect::Refresh {
            team: "payments".into(),
        })
    };
    r.run(vec![open(), open(), status(), open(), status()]);

    let (mut opened, mut statuses) = (0, 0);
    while opened < 3 || statuses < 2 {
        let m = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("the runner reports within 30 s")
            .expect("the runner is alive");
        match m {
            Msg::Repo(RepoMsg::Finished {
                op: RepoOp::Fetch,
                result,
                ..
            }) => {
                // An open ends with a fetch of the clone it made or found.
                assert!(result.is_ok(), "an open failed: {result:?}");
                opened += 1;
            }
            Msg::Repo(RepoMsg::Finished { op, result, .. }) => {
                panic!("{op:?} failed: {result:?}")
            }
            Msg::Repo(RepoMsg::Status { status: s, .. }) => {
                assert_eq!(
                    s.branch.as_deref(),
                    Some("main"),
                    "a read saw a half-made clone"
                );
                statuses += 1;
            }
            _ => {}
        }
    }
    assert!(dir.join("jenkins/jenkins.yaml").exists());
}

/// A page of teams' reads (`Effect::RepoInTurn`) take turns: never more clones at once than the
/// runner's slots, and every one of them done.
#[tokio::test]
async fn a_lists_reads_take_turns_and_all_finish() {
    let tmp = tempfile::tempdir().unwrap();
    let origin = bare_origin(tmp.path()).display().to_string();
    let teams: Vec<String> = (0..6).map(|i| format!("team{i}")).collect();

    let kube =
        kube::Client::try_from(kube::Config::new("http://127.0.0.1:9".parse().unwrap())).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::channel(256);
    let mut r = Runner::new(kube, None, tx);
    r.set_repos(
        teams
            .iter()
            .map(|t| {
                let target = RepoTarget {
                    team: t.clone(),
                    url: origin.clone(),
                    branch: "main".into(),
                    dir: tmp.path().join("clones").join(t),
                    jcasc: "jenkins/jenkins.yaml".into(),
                };
                (t.clone(), target)
            })
            .collect(),
    );
    r.run(
        teams
            .iter()
            .map(|t| Effect::RepoInTurn(RepoEffect::Open { team: t.clone() }))
            .collect(),
    );

    // A read's status is its last word, sent before its slot is given to the next.
    let (mut running, mut most, mut done) = (0usize, 0usize, 0usize);
    while done < teams.len() {
        let m = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("the runner reports within 30 s")
            .expect("the runner is alive");
        match m {
            Msg::Repo(RepoMsg::Progress {
                op: RepoOp::Open, ..
            }) => {
                running += 1;
                most = most.max(running);
            }
            Msg::Repo(RepoMsg::Finished { op, result, .. }) => {
                assert!(result.is_ok(), "{op:?} failed: {result:?}");
            }
            Msg::Repo(RepoMsg::Status { .. }) => {
                running -= 1;
                done += 1;
            }
            _ => {}
        }
    }
    assert!((1..=2).contains(&most), "{most} clones ran at once");
    for t in &teams {
        assert!(tmp
            .path()
            .join("clones")
            .join(t)
            .join("jenkins/jenkins.yaml")
            .exists());
    }
}
