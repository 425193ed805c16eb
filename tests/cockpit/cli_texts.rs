//! What the command line says when it is given something wrong: once, at once, and what to do.

use std::process::Command;
use std::time::{Duration, Instant};

fn stagecoach(args: &[&str]) -> (i32, String, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_stagecoach"))
        .args(args)
        .env("STAGECOACH_LOG_FILE", dir.path().join("log"))
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        t.elapsed(),
    )
}

#[test]
fn an_unknown_team_fails_at_once_and_lists_the_teams() {
    let (code, err, _) = stagecoach(&["render", "stages", "--demo", "--team", "nosuchteam"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("no team \"nosuchteam\" in the config (teams: payments, advisory, logistics)"),
        "{err}"
    );
    // Not after waiting for a cluster that will never list such a team (which blamed the
    // kubeconfig); how long it takes is a benchmark's business, not a test's.
    assert!(!err.contains("kubeconfig"), "{err}");
}

#[test]
fn a_missing_config_file_is_said_once() {
    let (code, err, _) = stagecoach(&[
        "--config",
        "/nonexistent/stagecoach.yaml",
        "render",
        "stages",
    ]);
    assert_ne!(code, 0);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(
        err.contains("cannot read /nonexistent/stagecoach.yaml"),
        "{err}"
    );
}

#[test]
fn an_unknown_release_tab_lists_the_tabs() {
    let (code, err, _) = stagecoach(&["render", "release", "--demo", "--tab", "bogus"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("no tab \"bogus\" (tabs: Status, History"),
        "{err}"
    );
}

#[test]
fn no_kubeconfig_names_the_path_once_and_suggests_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stagecoach"))
        .args(["render", "stages"])
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env("STAGECOACH_LOG_FILE", dir.path().join("log"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_eq!(err.matches("/nonexistent/kubeconfig").count(), 1, "{err}");
    assert!(!err.contains("'\""), "the path is quoted once: {err}");
    assert!(err.contains("stagecoach demo"), "{err}");
}

#[test]
fn render_previous_logs_picks_a_pod_that_has_a_previous_container() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stagecoach"))
        .args(["render", "logs", "--demo", "--stage", "qa", "--previous"])
        .env("STAGECOACH_LOG_FILE", dir.path().join("log"))
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.lines()
            .nth(1)
            .unwrap_or_default()
            .contains(" previous "),
        "{text}"
    );
    assert!(!text.contains("not found"), "{text}");
}

/// Finding 4: `render` against an address where nothing listens fails as soon as the refusal
/// is certain, naming the address, instead of waiting out its timeout and blaming the
/// kubeconfig. (A `--timeout` of ten minutes: the test would hang if it waited.)
#[test]
fn render_names_the_address_that_refused_and_does_not_wait_for_the_timeout() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kubeconfig");
    std::fs::write(
        &kc,
        format!(
            "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context: {{cluster: c, user: u}}\nclusters:\n- name: c\n  cluster: {{server: 'https://127.0.0.1:{port}'}}\nusers:\n- name: u\n  user: {{token: abcdefgh12345678}}\n"
        ),
    )
    .unwrap();
    let (code, err, _) = stagecoach(&[
        "--kubeconfig",
        kc.to_str().unwrap(),
        "render",
        "stages",
        "--timeout",
        "600",
    ]);
    assert_ne!(code, 0);
    assert!(
        err.contains(&format!(
            "cannot reach the cluster at https://127.0.0.1:{port}"
        )),
        "{err}"
    );
    assert!(!err.contains("is the kubeconfig right"), "{err}");
    assert!(!err.contains("abcdefgh12345678"), "{err}");
}

/// Finding 9: `render jobs` exits non-zero, with the reason, when the team's Jenkins cannot be
/// reached (a script must not take the error screen for the jobs).
#[tokio::test(flavor = "multi_thread")]
async fn render_jobs_fails_when_jenkins_cannot_be_reached() {
    let sim = crate::common::world("").await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    let config = dir.path().join("stagecoach.yaml");
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let yaml = std::fs::read_to_string(&config).unwrap().replace(
        &sim.jenkins[0].url(),
        &format!("http://127.0.0.1:{closed}/"),
    );
    std::fs::write(&config, yaml).unwrap();
    let team = sim.jenkins[0].team.clone();
    let args = [
        "--config".to_string(),
        config.display().to_string(),
        "--team".to_string(),
        team,
        "render".to_string(),
        "jobs".to_string(),
    ];
    let (code, err, _) = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        stagecoach(&args)
    })
    .await
    .unwrap();
    assert_ne!(code, 0, "{err}");
    assert!(err.contains(&format!("127.0.0.1:{closed}")), "{err}");
}
