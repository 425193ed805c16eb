//! End to end, as a person uses it: `stagecoach demo` in tmux at 80x24, real keystrokes, and
//! the screen read back at each step: home → stage → pod → previous log → back → quit, and the
//! terminal restored afterwards. Needs tmux (CI installs it: there a missing tmux fails the test);
//! set STAGECOACH_SKIP_TMUX=1 to skip knowingly.

use std::process::Command;
use std::time::Duration;

use crate::tmux::{skip, Tmux};

#[test]
fn home_stage_pod_previous_log_back_quit() {
    if skip() {
        return;
    }
    let log = tempfile::NamedTempFile::new().unwrap();
    let tmux = Tmux::start(&format!(
        "{} demo --log-file {}",
        env!("CARGO_BIN_EXE_stagecoach"),
        log.path().display()
    ));
    let home = tmux.wait_for("payments-qa", Duration::from_secs(60));
    assert!(home.contains("stagecoach › stages"), "{home}");
    // The pods sync after the namespaces, and crash-looping pods pass through Running.
    tmux.wait_for("CrashLoopBackOff", Duration::from_secs(60));
    assert!(tmux.alternate_screen_on());

    // An applied filter shows in the breadcrumb; esc clears it, and esc on home never quits.
    tmux.keys(&["/", "qa", "Enter"]);
    tmux.wait_until("home filtered to qa", Duration::from_secs(10), |s| {
        s.contains("stagecoach › stages /qa") && !s.contains("payments-build")
    });
    tmux.keys(&["Escape"]);
    tmux.wait_until("the filter cleared", Duration::from_secs(10), |s| {
        !s.contains("/qa") && s.contains("payments-build")
    });
    tmux.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(500));
    let still = tmux.screen();
    assert!(
        still.contains("stagecoach › stages") && !still.contains("EXITED"),
        "esc on home must not quit: {still}"
    );

    // payments-qa is the fourth row (build, dev, e2e, qa).
    tmux.keys(&["j", "j", "j", "Enter"]);
    let pods = tmux.wait_for("pods payments-qa", Duration::from_secs(10));
    assert!(
        pods.contains("READY") && pods.contains("RESTARTS"),
        "{pods}"
    );

    // Filter to the API's pods (they crash-loop: their previous container has a log), then
    // open the first one's detail.
    tmux.keys(&["/", "payments-api", "Enter"]);
    // The API's pods are on screen before the filter too: wait for the others to go.
    tmux.wait_until("only payments-api pods", Duration::from_secs(10), |s| {
        s.contains("payments-api-") && !s.contains("payments-ledger")
    });
    assert!(
        tmux.screen().contains("pods payments-qa /payments-api"),
        "the filter shows in the breadcrumb: {}",
        tmux.screen()
    );
    tmux.keys(&["g", "g", "Enter"]);
    let pod = tmux.wait_for("› pod payments-api-", Duration::from_secs(10));
    assert!(pod.contains("payments-"), "{pod}");

    tmux.keys(&["p"]);
    let log_screen = tmux.wait_for("(previous)", Duration::from_secs(10));
    assert!(log_screen.contains("logs "), "{log_screen}");

    tmux.keys(&["Escape"]);
    // The log's breadcrumb names the pod too: wait for the log to be gone.
    tmux.wait_until(
        "the pod detail without its log",
        Duration::from_secs(10),
        |s| s.contains("› pod payments-") && !s.contains("(previous)"),
    );

    tmux.keys(&["q", "q", "q"]);
    let end = tmux.wait_for("EXITED rc=", Duration::from_secs(10));
    assert!(end.contains("EXITED rc=0"), "{end}");
    assert!(!tmux.alternate_screen_on(), "the terminal is restored");
}

/// A kubeconfig to a port nobody listens on: the cockpit says it cannot reach the cluster and
/// why, and never that all is healthy or that there are no stages.
#[test]
fn an_unreachable_cluster_is_said_on_screen() {
    if skip() {
        return;
    }
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster:\n    server: http://127.0.0.1:{port}\ncontexts:\n- name: gone\n  context:\n    cluster: gone\n    user: u\ncurrent-context: gone\nusers:\n- name: u\n  user: {{}}\n"
        ),
    )
    .unwrap();
    let config = dir.path().join("stagecoach.yaml");
    std::fs::write(&config, "teams:\n  - name: payments\n").unwrap();
    let log = dir.path().join("log");
    let tmux = Tmux::start(&format!(
        "{} --kubeconfig {} --config {} --log-file {}",
        env!("CARGO_BIN_EXE_stagecoach"),
        kubeconfig.display(),
        config.display(),
        log.display()
    ));
    let home = tmux.wait_for("cannot reach the cluster", Duration::from_secs(30));
    let words = home.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.to_lowercase().contains("connection refused"),
        "{home}"
    );
    assert!(!home.contains("no <team>-<stage> namespaces"), "{home}");
    tmux.keys(&["D"]);
    let diag = tmux.wait_for("diagnose", Duration::from_secs(10));
    assert!(!diag.contains("all healthy"), "{diag}");
    tmux.keys(&["q", "q"]);
    tmux.wait_for("EXITED rc=", Duration::from_secs(10));
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    if skip() {
        return;
    }
    for signal in ["TERM", "HUP"] {
        let log = tempfile::NamedTempFile::new().unwrap();
        let cmd = format!(
            "{} demo --log-file {}",
            env!("CARGO_BIN_EXE_stagecoach"),
            log.path().display()
        );
        let tmux = Tmux::start(&cmd);
        tmux.wait_for("payments-qa", Duration::from_secs(60));
        assert!(tmux.alternate_screen_on());
        let pid = tmux.cockpit_pid();
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{signal} {pid}");
        let end = tmux.wait_for("EXITED rc=", Duration::from_secs(10));
        assert!(end.contains("EXITED rc=0"), "SIG{signal}: {end}");
        assert!(
            !tmux.alternate_screen_on(),
            "SIG{signal}: the terminal is restored"
        );
    }
}

/// `$EDITOR` gets the terminal and every key typed into it, and the cockpit takes the terminal
/// back afterwards (the key reader used to keep crossterm's reader: the first key went astray
/// and the cockpit died on return, its cursor query timed out).
#[test]
fn an_external_editor_gets_the_keys_and_hands_the_terminal_back() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let got = dir.path().join("got");
    let editor = dir.path().join("editor.sh");
    crate::script::write_script(
        &editor,
        &format!(
            "#!/bin/sh\nprintf 'type a line: '\nread line\necho \"$line\" > {}\necho \"# $line\" >> \"$1\"\n",
            got.display()
        ),
    );
    let log = dir.path().join("log");
    let tmux = Tmux::start(&format!(
        "env VISUAL= EDITOR={} {} demo --log-file {}",
        editor.display(),
        env!("CARGO_BIN_EXE_stagecoach"),
        log.display()
    ));
    tmux.wait_for("payments-qa", Duration::from_secs(60));
    // On a loaded machine the first keys can arrive before the cockpit reads them, and the
    // config repo may still be opening (the cockpit says so and does nothing): type the
    // command until the command bar shows it (esc clears a half-typed one), run it, and run it
    // again until the editor asks for its line.
    let shows = |text: &str, within: Duration| {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if tmux.screen().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    };
    let mut opened = false;
    for _ in 0..12 {
        tmux.keys(&[":"]);
        tmux.type_text("edit jenkins/jenkins.yaml");
        if !shows(":edit jenkins/jenkins.yaml", Duration::from_secs(5)) {
            tmux.keys(&["Escape"]);
            continue;
        }
        tmux.keys(&["Enter"]);
        if shows("type a line:", Duration::from_secs(5)) {
            opened = true;
            break;
        }
        // The cockpit has stepped aside for a slow editor: no more keys until it asks.
        if !tmux.screen().contains("stagecoach ›") {
            tmux.wait_for("type a line:", Duration::from_secs(30));
            opened = true;
            break;
        }
    }
    assert!(opened, "the editor never opened:\n{}", tmux.screen());
    tmux.type_text("hello");
    tmux.keys(&["Enter"]);
    tmux.wait_for("stagecoach ›", Duration::from_secs(20));
    assert_eq!(
        std::fs::read_to_string(&got).unwrap_or_default().trim(),
        "hello",
        "every key reached the editor"
    );
    tmux.keys(&["4"]);
    tmux.wait_for("pods payments-qa", Duration::from_secs(10));
    tmux.keys(&["q", "q"]);
    let end = tmux.wait_for("EXITED rc=", Duration::from_secs(10));
    assert!(end.contains("EXITED rc=0"), "{end}");
}
