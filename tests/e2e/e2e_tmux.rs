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
