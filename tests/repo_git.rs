//! The config repo's git flows on real temporary repositories: a bare origin, the cockpit's
//! working clone, and a colleague's clone that pushes first. Driven through the repo area's
//! tasks as the runner drives them; checked with the system `git`, an independent client.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use stagecoach::outbox::Outbox;
use stagecoach::repo::tasks::{self, RepoTarget};
use stagecoach::repo::{RepoMsg, RepoOp};
use tokio::sync::mpsc;

#[path = "../src/testkit/script.rs"]
mod script;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn identity(dir: &Path, name: &str) {
    git(dir, &["config", "user.name", name]);
    git(
        dir,
        &[
            "config",
            "user.email",
            &format!("{}@example.com", name.to_lowercase()),
        ],
    );
}

struct World {
    _tmp: tempfile::TempDir,
    origin: PathBuf,
    mine: PathBuf,
    colleague: PathBuf,
}

/// A bare origin holding `values/qa/api.yaml` and `values/dev/api.yaml`, the cockpit's clone
/// (made by the open task) and a colleague's clone.
async fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let seed = tmp.path().join("seed");
    std::fs::create_dir_all(seed.join("values/qa")).unwrap();
    std::fs::create_dir_all(seed.join("values/dev")).unwrap();
    std::fs::write(
        seed.join("values/qa/api.yaml"),
        "# payments-api in qa\nreplicaCount: 2\nimage:\n  tag: \"1.4.2\"\n",
    )
    .unwrap();
    std::fs::write(
        seed.join("values/dev/api.yaml"),
        "image:\n  tag: \"1.4.3\"\n",
    )
    .unwrap();
    std::fs::create_dir_all(seed.join("jenkins")).unwrap();
    std::fs::write(
        seed.join("jenkins/jenkins.yaml"),
        "jenkins:\n  systemMessage: \"payments\"\n",
    )
    .unwrap();
    git(&seed, &["init", "-q", "-b", "main"]);
    identity(&seed, "Seeder");
    git(&seed, &["add", "."]);
    git(&seed, &["commit", "-q", "-m", "the landscape"]);
    let origin = tmp.path().join("origin.git");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            "--bare",
            seed.to_str().unwrap(),
            origin.to_str().unwrap(),
        ],
    );
    let mine = tmp.path().join("data/repos/ctx/payments");
    let (out, mut rx) = outbox();
    tasks::open(target(&origin, &mine), out).await;
    let finished = until_finished(&mut rx, RepoOp::Fetch).await;
    assert!(finished.is_ok(), "{finished:?}");
    identity(&mine, "Alice");
    let colleague = tmp.path().join("colleague");
    git(
        tmp.path(),
        &[
            "clone",
            "-q",
            origin.to_str().unwrap(),
            colleague.to_str().unwrap(),
        ],
    );
    identity(&colleague, "Bob");
    World {
        _tmp: tmp,
        origin,
        mine,
        colleague,
    }
}

fn target(origin: &Path, dir: &Path) -> RepoTarget {
    RepoTarget {
        team: "payments".into(),
        url: origin.display().to_string(),
        branch: "main".into(),
        dir: dir.to_path_buf(),
        jcasc: "jenkins/jenkins.yaml".into(),
    }
}

fn outbox() -> (Outbox<RepoMsg>, mpsc::Receiver<RepoMsg>) {
    let (tx, rx) = mpsc::channel(256);
    (Outbox::new(tx), rx)
}

/// The outcome of `op`, skipping progress and status messages.
async fn until_finished(rx: &mut mpsc::Receiver<RepoMsg>, op: RepoOp) -> Result<String, String> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let m = tokio::time::timeout_at(deadline.into(), rx.recv())
            .await
            .expect("the task finishes in time")
            .expect("the task reports");
        if let RepoMsg::Finished { op: o, result, .. } = m {
            if o == op {
                return result.map_err(|e| e.to_string());
            }
        }
    }
}

fn edit(dir: &Path, path: &str, from: &str, to: &str) {
    let p = dir.join(path);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{text}");
    std::fs::write(&p, text.replace(from, to)).unwrap();
}

async fn commit_and_push(w: &World, path: &str, message: &str) -> Result<String, String> {
    let (out, mut rx) = outbox();
    tasks::commit(
        target(&w.origin, &w.mine),
        vec![path.into()],
        message.into(),
        out,
    )
    .await;
    until_finished(&mut rx, RepoOp::Commit).await?;
    let (out, mut rx) = outbox();
    tasks::push(target(&w.origin, &w.mine), out).await;
    until_finished(&mut rx, RepoOp::Push).await
}

#[tokio::test]
async fn commit_and_push_land_on_origin_with_the_author_and_message() {
    let w = world().await;
    edit(&w.mine, "values/qa/api.yaml", "\"1.4.2\"", "\"1.4.3\"");
    let r = commit_and_push(
        &w,
        "values/qa/api.yaml",
        "qa: payments-api image.tag 1.4.2 → 1.4.3",
    )
    .await;
    assert_eq!(r.as_deref(), Ok("pushed to origin"));
    let log = git(&w.origin, &["log", "-1", "--format=%an <%ae>|%s", "main"]);
    assert_eq!(
        log,
        "Alice <alice@example.com>|qa: payments-api image.tag 1.4.2 → 1.4.3"
    );
    let file = git(&w.origin, &["show", "main:values/qa/api.yaml"]);
    assert!(
        file.contains("tag: \"1.4.3\"") && file.contains("# payments-api in qa"),
        "{file}"
    );
}

#[tokio::test]
async fn a_colleagues_commit_on_origin_makes_the_push_rebase_and_succeed() {
    let w = world().await;
    edit(&w.colleague, "values/dev/api.yaml", "1.4.3", "1.5.0");
    git(&w.colleague, &["commit", "-qam", "dev: api 1.5.0"]);
    git(&w.colleague, &["push", "-q", "origin", "main"]);

    edit(&w.mine, "values/qa/api.yaml", "\"1.4.2\"", "\"1.4.3\"");
    let r = commit_and_push(&w, "values/qa/api.yaml", "qa: api 1.4.3").await;
    let text = r.expect("pushed after a rebase");
    assert!(text.contains("rebased 1 commit"), "{text}");
    let log = git(&w.origin, &["log", "--format=%s", "main"]);
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        ["qa: api 1.4.3", "dev: api 1.5.0", "the landscape"]
    );
}

#[tokio::test]
async fn a_conflicting_commit_keeps_the_local_commit_and_names_the_file() {
    let w = world().await;
    edit(&w.colleague, "values/qa/api.yaml", "\"1.4.2\"", "\"1.9.9\"");
    git(&w.colleague, &["commit", "-qam", "qa: api 1.9.9"]);
    git(&w.colleague, &["push", "-q", "origin", "main"]);
    let origin_head = git(&w.origin, &["rev-parse", "main"]);

    edit(&w.mine, "values/qa/api.yaml", "\"1.4.2\"", "\"1.4.3\"");
    let r = commit_and_push(&w, "values/qa/api.yaml", "qa: api 1.4.3").await;
    let err = r.expect_err("a conflict stops the push");
    assert!(
        err.contains("values/qa/api.yaml") && err.contains("stays local"),
        "{err}"
    );
    // Origin is untouched, the local commit is still the head, the tree is clean (no half rebase).
    assert_eq!(git(&w.origin, &["rev-parse", "main"]), origin_head);
    assert_eq!(git(&w.mine, &["log", "-1", "--format=%s"]), "qa: api 1.4.3");
    assert_eq!(git(&w.mine, &["status", "--porcelain"]), "");
    assert!(!w.mine.join(".git/rebase-merge").exists());
}

#[tokio::test]
async fn an_unreachable_origin_keeps_the_commit_and_says_how_to_retry() {
    let w = world().await;
    git(
        &w.mine,
        &["remote", "set-url", "origin", "/nonexistent/origin.git"],
    );
    edit(&w.mine, "values/qa/api.yaml", "\"1.4.2\"", "\"1.4.3\"");
    let err = commit_and_push(&w, "values/qa/api.yaml", "qa: api 1.4.3")
        .await
        .expect_err("no origin");
    assert!(
        err.contains("stays local") && err.contains("press P"),
        "{err}"
    );
    assert_eq!(git(&w.mine, &["log", "-1", "--format=%s"]), "qa: api 1.4.3");
}

/// A remote that answers every request with 401 Basic: git would ask for a password.
async fn password_server() -> std::net::SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let _ = s
                    .write_all(
                        b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\n\
                          Content-Length: 0\r\nConnection: close\r\n\r\n",
                    )
                    .await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_remote_that_wants_a_password_fails_at_once_with_a_clear_message() {
    let addr = password_server().await;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("clone");
    let (out, mut rx) = outbox();
    let started = Instant::now();
    tasks::open(
        RepoTarget {
            team: "payments".into(),
            url: format!("http://{addr}/payments-config.git"),
            branch: "main".into(),
            dir,
            jcasc: "jenkins/jenkins.yaml".into(),
        },
        out,
    )
    .await;
    let err = until_finished(&mut rx, RepoOp::Open)
        .await
        .expect_err("no credentials");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "it must not wait for a prompt"
    );
    assert!(
        err.contains("credentials") && err.contains("never prompts"),
        "{err}"
    );
}

#[tokio::test]
async fn a_pushed_jcasc_change_is_reported_for_update_configuration() {
    let w = world().await;
    edit(&w.mine, "values/qa/api.yaml", "\"1.4.2\"", "\"1.4.3\"");
    let (out, mut rx) = outbox();
    tasks::commit(
        target(&w.origin, &w.mine),
        vec!["values/qa/api.yaml".into()],
        "qa: api".into(),
        out,
    )
    .await;
    until_finished(&mut rx, RepoOp::Commit).await.unwrap();
    let (out, mut rx) = outbox();
    tasks::push(target(&w.origin, &w.mine), out).await;
    let mut msgs = Vec::new();
    while let Ok(m) = rx.try_recv() {
        msgs.push(m);
    }
    assert!(
        !msgs
            .iter()
            .any(|m| matches!(m, RepoMsg::JcascPushed { .. })),
        "a values change is no JCasC change"
    );

    edit(
        &w.mine,
        "jenkins/jenkins.yaml",
        "\"payments\"",
        "\"payments, reloaded\"",
    );
    let (out, mut rx) = outbox();
    tasks::commit(
        target(&w.origin, &w.mine),
        vec!["jenkins/jenkins.yaml".into()],
        "jenkins: message".into(),
        out,
    )
    .await;
    until_finished(&mut rx, RepoOp::Commit).await.unwrap();
    let (out, mut rx) = outbox();
    tasks::push(target(&w.origin, &w.mine), out).await;
    let head = git(&w.origin, &["rev-parse", "--short=7", "main"]);
    let mut found = None;
    while let Ok(m) = rx.try_recv() {
        if let RepoMsg::JcascPushed { commit, .. } = m {
            found = Some(commit);
        }
    }
    assert_eq!(found, Some(head));
}

#[tokio::test]
async fn a_push_a_hook_refuses_keeps_the_commit_and_says_the_hooks_words() {
    let w = world().await;
    let hook = w.origin.join("hooks/pre-receive");
    script::write_script(
        &hook,
        "#!/bin/sh\necho 'policy: qa changes need a ticket id' >&2\nexit 1\n",
    );
    let origin_head = git(&w.origin, &["rev-parse", "main"]);
    edit(&w.mine, "values/qa/api.yaml", "\"1.4.2\"", "\"1.4.3\"");
    let err = commit_and_push(&w, "values/qa/api.yaml", "qa: api 1.4.3")
        .await
        .expect_err("the hook refuses");
    assert!(err.contains("qa changes need a ticket id"), "{err}");
    assert!(err.contains("stays local"), "{err}");
    assert_eq!(git(&w.origin, &["rev-parse", "main"]), origin_head);
    assert_eq!(git(&w.mine, &["log", "-1", "--format=%s"]), "qa: api 1.4.3");
}

#[tokio::test]
async fn an_edit_keeps_what_changed_in_the_file_behind_the_cockpits_back() {
    let w = world().await;
    // Someone (an editor in another terminal) changes the file after the cockpit read it.
    edit(
        &w.mine,
        "values/qa/api.yaml",
        "replicaCount: 2",
        "replicaCount: 3",
    );
    let (out, mut rx) = outbox();
    tasks::edit(
        target(&w.origin, &w.mine),
        stagecoach::repo::edit::EditRequest {
            file: "values/qa/api.yaml".into(),
            path: "image.tag".into(),
            value: "1.4.9".into(),
            insert: false,
            typed: false,
            subject: None,
            object: None,
        },
        out,
    )
    .await;
    let r = until_finished(&mut rx, RepoOp::Save).await;
    assert!(r.is_ok(), "{r:?}");
    let text = std::fs::read_to_string(w.mine.join("values/qa/api.yaml")).unwrap();
    assert!(
        text.contains("replicaCount: 3"),
        "the other change is kept: {text}"
    );
    assert!(text.contains("1.4.9"), "{text}");
    assert!(text.contains("# payments-api in qa"), "{text}");
}
