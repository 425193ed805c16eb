//! The config repo end to end, as its users do it in `stagecoach demo`: a developer bumps
//! `payments-api`'s `image.tag` for `qa` from the values screen, commits and pushes; a platform
//! engineer adds a pod template to the team's JCasC in the built-in editor, commits, pushes,
//! runs Update configuration from the repo screen and sees the team's Jenkins take it — checked
//! on screen and against the world's bare origin with the system `git`.

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

/// `stagecoach demo` in tmux with a git identity and a recovery journal of the test's own.
fn demo(state: &std::path::Path, log: &std::path::Path) -> Tmux {
    Tmux::start_sized(
        &format!(
            "env VISUAL= EDITOR= GIT_AUTHOR_NAME='E2E Tester' GIT_AUTHOR_EMAIL=e2e@example.com \
             XDG_STATE_HOME={} {} demo --log-file {}",
            state.display(),
            env!("CARGO_BIN_EXE_stagecoach"),
            log.display()
        ),
        160,
        40,
    )
}

#[test]
fn bump_an_image_tag_from_the_values_screen_commit_and_push() {
    if skip() {
        return;
    }
    let log = tempfile::NamedTempFile::new().unwrap();
    let state = tempfile::tempdir().unwrap();
    let tmux = demo(state.path(), log.path());
    tmux.wait_for("payments-qa", Duration::from_secs(60));

    // qa's payments-api values; image.tag is its seventh value (database.existingSecret,
    // env ×3, image.pullPolicy, image.repository, image.tag).
    tmux.keys(&["v"]);
    tmux.wait_for("[1 dev]", Duration::from_secs(30));
    tmux.keys(&["3"]);
    tmux.wait_for("[3 qa]", Duration::from_secs(10));
    tmux.keys(&["j", "j", "j", "j", "j", "j", "j"]);
    let screen = tmux.wait_for("image.tag = ", Duration::from_secs(10));
    let old = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("image.tag = "))
        .and_then(|l| l.split_whitespace().next())
        .expect("the selected value's line")
        .to_string();
    assert!(screen.contains("from values/qa/api.yaml:"), "{screen}");
    tmux.keys(&["e"]);
    tmux.wait_for(&format!("value: {old}"), Duration::from_secs(10));
    tmux.keys(&["C-u"]);
    tmux.type_text("9.9.9-e2e");
    tmux.keys(&["Enter"]);
    // The values are read again from the file: the row shows the new tag.
    tmux.wait_for("image.tag = 9.9.9-e2e", Duration::from_secs(20));

    // Commit from the values screen: the message is made from the edit.
    tmux.keys(&["c"]);
    let form = tmux.wait_for(
        "Commit to the payments config repo",
        Duration::from_secs(10),
    );
    assert!(
        form.contains(&format!("qa: payments-api image.tag {old} → 9.9.9-e2e")),
        "{form}"
    );
    tmux.keys(&["c"]);
    tmux.wait_for("committed", Duration::from_secs(20));
    tmux.keys(&["P"]);
    tmux.wait_for("pushed to origin", Duration::from_secs(30));

    // On the origin: the author, the message, and only that line of the file changed.
    // (Escape and the next key sent together would read as alt-C.)
    tmux.keys(&["Escape"]);
    tmux.wait_for("[3 qa]", Duration::from_secs(10));
    tmux.keys(&["C"]);
    let repo = tmux.wait_for("/clones/payments", Duration::from_secs(20));
    let dir = clone_dir(&repo);
    let origin = git(&dir, &["remote", "get-url", "origin"]);
    let head = git(&origin, &["log", "-1", "--format=%an|%s", "main"]);
    assert_eq!(
        head,
        format!("E2E Tester|qa: payments-api image.tag {old} → 9.9.9-e2e")
    );
    let diff = git(&origin, &["diff", "main~1", "main", "--stat"]);
    assert!(diff.contains("values/qa/api.yaml | 2 +-"), "{diff}");
    let file = git(&origin, &["show", "main:values/qa/api.yaml"]);
    assert!(file.contains("tag: \"9.9.9-e2e\""), "{file}");
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
    let state = tempfile::tempdir().unwrap();
    let tmux = demo(state.path(), log.path());
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
