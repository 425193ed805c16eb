//! The config repo end to end, as a platform engineer does it in `stagecoach demo`: add a pod
//! template to the team's JCasC in the built-in editor, commit, push, run Update configuration
//! from the repo screen, and see the team's Jenkins take it — checked on screen and against
//! the world's bare origin with the system `git`.

use std::process::Command;
use std::time::Duration;

use stagecoach::sim::config_repo::jcasc_yaml;
use stagecoach::sim::world::catalog::teams;

use crate::tmux::{skip, Tmux};

const TEMPLATE: &[&str] = &[
    "          - name: \"gradle\"",
    "            namespace: \"payments-build\"",
    "            inheritFrom: \"base\"",
    "            label: \"gradle\"",
    "            containers:",
    "              - name: \"gradle\"",
    "                image: \"gradle:8.10-jdk21\"",
];

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

/// The working clone's directory, as the repo screen's head line shows it.
fn clone_dir(screen: &str) -> String {
    screen
        .split_whitespace()
        .find(|w| w.contains("/clones/payments"))
        .unwrap_or_else(|| panic!("no clone path on screen:\n{screen}"))
        .to_string()
}

#[test]
fn add_a_pod_template_commit_push_and_update_the_configuration() {
    if skip() {
        return;
    }
    // The line of the demo JCasC's `templates:` key, where the new template goes first.
    let team = &teams(1)[0];
    let jcasc = jcasc_yaml(team, "http://unused/", true);
    let line = jcasc
        .lines()
        .position(|l| l.trim() == "templates:")
        .expect("a templates: key")
        + 1;
    let log = tempfile::NamedTempFile::new().unwrap();
    // The recovery journal goes to a directory of the test's own.
    let state = tempfile::tempdir().unwrap();
    let tmux = Tmux::start_sized(
        &format!(
            "env VISUAL= EDITOR= GIT_AUTHOR_NAME='E2E Tester' GIT_AUTHOR_EMAIL=e2e@example.com \
             XDG_STATE_HOME={} {} demo --log-file {}",
            state.path().display(),
            env!("CARGO_BIN_EXE_stagecoach"),
            log.path().display()
        ),
        160,
        40,
    );
    tmux.wait_for("payments-qa", Duration::from_secs(60));

    // The agents screen, then the whole file in the built-in editor.
    tmux.keys(&["a"]);
    tmux.wait_for("helmfile", Duration::from_secs(30));
    tmux.keys(&["E"]);
    tmux.wait_for("edit jenkins/jenkins.yaml", Duration::from_secs(20));
    tmux.wait_for("valid", Duration::from_secs(20));
    for _ in 1..line {
        tmux.keys(&["Down"]);
    }
    tmux.keys(&["End"]);
    tmux.wait_for(&format!("{line}:"), Duration::from_secs(10));
    for l in TEMPLATE {
        tmux.keys(&["Enter"]);
        tmux.type_text(l);
    }
    tmux.wait_for("gradle:8.10-jdk21", Duration::from_secs(10));
    let screen = tmux.wait_for("valid", Duration::from_secs(10));
    assert!(!screen.contains("error(s)"), "{screen}");
    tmux.keys(&["C-s"]);
    tmux.wait_until("the save", Duration::from_secs(20), |s| {
        !s.contains("saving…") && !s.contains("modified")
    });

    // Back to the agents (the new template is read from the saved file), then the repo.
    tmux.keys(&["Escape"]);
    tmux.wait_for("gradle", Duration::from_secs(20));
    tmux.keys(&["C"]);
    let repo = tmux.wait_until(
        "the changed file on the repo screen",
        Duration::from_secs(20),
        |s| s.contains("/clones/payments") && s.contains("M       jenkins/jenkins.yaml"),
    );
    let dir = clone_dir(&repo);

    // Commit (the form's summary is prefilled), then push.
    tmux.keys(&["c"]);
    tmux.wait_for(
        "Commit to the payments config repo",
        Duration::from_secs(10),
    );
    tmux.keys(&["c"]);
    tmux.wait_for("committed", Duration::from_secs(20));
    tmux.keys(&["Escape"]);
    tmux.wait_for("1 to push", Duration::from_secs(20));
    tmux.keys(&["P"]);
    tmux.wait_for("U runs Update configuration", Duration::from_secs(30));

    // The commit is on the origin, with its author, and holds the template.
    let origin = git(&dir, &["remote", "get-url", "origin"]);
    let log_line = git(&origin, &["log", "-1", "--format=%an|%s", "main"]);
    assert!(log_line.starts_with("E2E Tester|"), "{log_line}");
    let file = git(&origin, &["show", "main:jenkins/jenkins.yaml"]);
    assert!(file.contains("image: \"gradle:8.10-jdk21\""), "{file}");

    // Update configuration from the repo screen: asks first (Cancel focused), then follows it.
    tmux.keys(&["U"]);
    tmux.wait_for("Update configuration", Duration::from_secs(10));
    tmux.keys(&["l", "Enter"]);
    tmux.wait_for("applied, Jenkins is back", Duration::from_secs(60));

    // The team's Jenkins now provisions the new template's label.
    tmux.keys(&["a"]);
    tmux.wait_until("gradle live", Duration::from_secs(60), |s| {
        s.lines()
            .any(|l| l.trim_start().starts_with("gradle") && l.contains(" live"))
    });
}
