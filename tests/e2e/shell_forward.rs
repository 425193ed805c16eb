//! `s` and `shift-f` in a real terminal: the cockpit hands the terminal to `kubectl exec -it`
//! and takes it back (the alternate screen again, keys read again), saying what kubectl said —
//! the demo world refuses the upgrade as an apiserver does; a port-forward's refusal shows on
//! `:pf`. Needs tmux and kubectl.

use std::time::Duration;

use crate::external_tool;
use crate::tmux::{skip, Tmux};

#[test]
fn a_shell_returns_to_the_cockpit_and_a_dead_forward_says_why() {
    if skip()
        || !external_tool::usable(
            "kubectl",
            || external_tool::runs("kubectl", &["version", "--client"]),
            "STAGECOACH_SKIP_KUBECTL",
        )
    {
        return;
    }
    let log = tempfile::NamedTempFile::new().unwrap();
    let tmux = Tmux::start(&format!(
        "{} demo --log-file {}",
        env!("CARGO_BIN_EXE_stagecoach"),
        log.path().display()
    ));
    tmux.wait_for("payments-qa", Duration::from_secs(60));
    tmux.keys(&[":"]);
    tmux.type_text("pods payments-qa");
    tmux.keys(&["Enter"]);
    tmux.wait_for("payments-api-", Duration::from_secs(30));

    tmux.keys(&["s"]);
    let back = tmux.wait_for("shell: ", Duration::from_secs(30));
    assert!(back.contains("Upgrade request required"), "{back}");
    assert!(
        tmux.alternate_screen_on(),
        "the cockpit has the terminal again"
    );

    // Keys are read again: the port-forward dialog, the default local port, a refusal.
    tmux.keys(&["F"]);
    tmux.wait_for("Port-forward payments-", Duration::from_secs(10));
    tmux.keys(&["Enter"]);
    tmux.wait_for("value: ", Duration::from_secs(10));
    tmux.keys(&["Enter"]);
    tmux.keys(&[":"]);
    tmux.type_text("pf");
    tmux.keys(&["Enter"]);
    let pf = tmux.wait_for("died: ", Duration::from_secs(30));
    assert!(pf.contains("port-forwards"), "{pf}");

    tmux.keys(&["q", "q"]);
    let end = tmux.wait_for("EXITED rc=", Duration::from_secs(10));
    assert!(end.contains("EXITED rc=0"), "{end}");
    assert!(!tmux.alternate_screen_on(), "the terminal is restored");
}
