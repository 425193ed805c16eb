//! End to end, as a person uses it: `stagecoach demo` in tmux at 80x24, real keystrokes, and
//! the screen read back at each step: home → stage → pod → previous log → back → quit, and the
//! terminal restored afterwards. Needs tmux (CI installs it: there a missing tmux fails the test);
//! set STAGECOACH_SKIP_TMUX=1 to skip knowingly.

use std::process::Command;
use std::time::Duration;

use crate::{external_tool, wait};

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(cmd: &str) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = format!("stagecoach-e2e-{}-{n}", std::process::id());
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &session, "-x", "80", "-y", "24"])
            // The wrapper prints how the cockpit ended, then keeps the pane open to read it.
            .arg(format!("{cmd}; echo \"EXITED rc=$?\"; sleep 600"))
            .env("TERM", "xterm-256color")
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session");
        Tmux { session }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn alternate_screen_on(&self) -> bool {
        let out = Command::new("tmux")
            .args([
                "display-message",
                "-p",
                "-t",
                &self.session,
                "#{alternate_on}",
            ])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }

    /// The cockpit's pid: the child of the pane's shell.
    fn cockpit_pid(&self) -> String {
        let out = Command::new("tmux")
            .args(["display-message", "-p", "-t", &self.session, "#{pane_pid}"])
            .output()
            .expect("display-message");
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let out = Command::new("pgrep")
            .args(["-P", &shell])
            .output()
            .expect("pgrep");
        let pid = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(!pid.is_empty(), "no child of the pane's shell {shell}");
        pid
    }

    /// Sends the keys in one go, in order: the cockpit reads them as separate key presses.
    fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(status.success(), "send-keys {keys:?}");
    }

    /// Waits for `text` on a settled screen and returns that screen.
    fn wait_for(&self, text: &str, within: Duration) -> String {
        self.wait_until(&format!("{text:?}"), within, |s| s.contains(text))
    }

    /// Waits for a settled screen (the same on two looks in a row, so a frame is not read half
    /// drawn) that satisfies `ready`, described by `what`, and returns it.
    fn wait_until(&self, what: &str, within: Duration, ready: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        wait::until(&format!("{what} on a settled screen"), within, || {
            let s = self.screen();
            let settled = s == last && ready(&s);
            last = s.clone();
            if settled {
                Ok(s)
            } else {
                Err(format!("the screen:\n{s}"))
            }
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

fn skip() -> bool {
    !external_tool::usable(
        "tmux",
        || external_tool::runs("tmux", &["-V"]),
        "STAGECOACH_SKIP_TMUX",
    )
}

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
    assert!(home.contains("CrashLoopBackOff"), "{home}");
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
