//! Promotion with a branch per stage in `stagecoach demo`: the advisory team's promotion
//! screen shows the commits pending between its stage branches, and `M` promotes `dev`
//! (a fast-forward of `dev-stage` to `develop`) — checked on the world's bare origin with the
//! system `git`.

use std::process::Command;
use std::time::Duration;

use crate::tmux::{skip, Tmux};

fn git(dir: &str, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn promote_dev_on_the_branch_per_stage_team() {
    if skip() {
        return;
    }
    let log = tempfile::NamedTempFile::new().unwrap();
    let state = tempfile::tempdir().unwrap();
    let tmux = Tmux::start_sized(
        &format!(
            "env GIT_AUTHOR_NAME='E2E Tester' GIT_AUTHOR_EMAIL=e2e@example.com XDG_STATE_HOME={} {} demo --log-file {}",
            state.path().display(),
            env!("CARGO_BIN_EXE_stagecoach"),
            log.path().display()
        ),
        160,
        40,
    );
    tmux.wait_for("advisory-qa", Duration::from_secs(60));
    tmux.keys(&[":"]);
    tmux.type_text("promote advisory");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for(
        "2 commit(s) of develop pending for dev",
        Duration::from_secs(60),
    );
    assert!(
        screen.contains("develop → dev-stage → qa-stage → prod-repo/main"),
        "{screen}"
    );
    assert!(screen.contains("merge commit · protected"), "{screen}");
    tmux.keys(&["M"]);
    tmux.wait_for(
        "Merge 2 commit(s) of develop into dev-stage",
        Duration::from_secs(10),
    );
    tmux.keys(&["l"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for(
        "promoted develop → dev-stage: fast-forward",
        Duration::from_secs(60),
    );
    tmux.wait_for(
        "dev-stage has every commit of develop",
        Duration::from_secs(30),
    );

    // On the origin: dev-stage is develop's commit.
    tmux.keys(&[":"]);
    tmux.type_text("repo advisory");
    tmux.keys(&["Enter"]);
    let repo = tmux.wait_for("/clones/advisory", Duration::from_secs(30));
    let dir = repo
        .split_whitespace()
        .find(|w| w.contains("/clones/advisory"))
        .expect("the clone's path")
        .to_string();
    let origin = git(&dir, &["remote", "get-url", "origin"]);
    assert_eq!(
        git(&origin, &["rev-parse", "dev-stage"]),
        git(&origin, &["rev-parse", "develop"])
    );
}
