//! Terminal cell of the fault matrix (issue 16): SIGTERM, SIGHUP and ctrl-c on every main
//! screen end the real binary cleanly and give the terminal back — the alternate screen left,
//! and the tty sane again (`stty -a` shows `icanon` and `echo`, not raw mode). The cockpit
//! runs against one `demo serve` world (so each start costs a connection, not a world), one
//! tmux session per (screen, signal); the three signals go in parallel.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::demo_serve::KillOnDrop;
use crate::tmux::{skip, Tmux};
use crate::wait;

/// A screen: the steps from home (a key, then a text that shows it took effect); the last
/// step's text shows the screen is open.
type Screen = (&'static str, &'static [(&'static str, &'static str)]);

const SCREENS: [Screen; 9] = [
    ("stages", &[("", "stagecoach › stages")]),
    ("pods", &[("4", "pods payments-qa")]),
    ("pod", &[("4", "READY"), ("Enter", "› pod ")]),
    (
        "logs",
        &[("4", "READY"), ("Enter", "› pod "), ("l", "logs ")],
    ),
    ("diagnose", &[("D", "diagnose")]),
    ("releases", &[("4", "READY"), ("r", "releases payments-qa")]),
    ("jobs", &[("J", "payments Jenkins")]),
    ("repo", &[("C", "repo")]),
    ("help", &[("?", "help")]),
];

/// How the tty stands after the cockpit ended, as the pane's shell prints it.
const AFTER: &str = "echo \"EXITED rc=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo";

fn signal_on(world: &Path, screen: Screen, signal: &str) {
    let (name, steps) = screen;
    let log = tempfile::NamedTempFile::new().unwrap();
    let tmux = Tmux::start(&format!(
        "{} --kubeconfig {} --config {} --log-file {}; {AFTER}",
        env!("CARGO_BIN_EXE_stagecoach"),
        world.join("kubeconfig").display(),
        world.join("stagecoach.yaml").display(),
        log.path().display()
    ));
    tmux.wait_for("payments-qa", Duration::from_secs(60));
    for (key, shows) in steps {
        if !key.is_empty() {
            tmux.keys(&[key]);
        }
        tmux.wait_for(shows, Duration::from_secs(30));
    }
    assert!(tmux.alternate_screen_on(), "{name}: the cockpit's screen");
    if signal == "ctrl-c" {
        tmux.keys(&["C-c"]);
    } else {
        let pid = tmux.cockpit_pid();
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill");
        assert!(status.success(), "kill -{signal} {pid}");
    }
    let end = tmux.wait_for("EXITED rc=", Duration::from_secs(20));
    assert!(end.contains("EXITED rc=0"), "{name}, {signal}: {end}");
    let tty = tmux.wait_until(
        &format!("{name}, {signal}: stty"),
        Duration::from_secs(10),
        |s| s.contains("icanon") && s.contains("echo"),
    );
    assert!(
        tty.contains(" icanon") || tty.contains("\nicanon") || tty.starts_with("icanon"),
        "{name}, {signal}: the tty is canonical again: {tty}"
    );
    assert!(
        !tty.contains("-icanon") && !tty.contains("-echo "),
        "{name}, {signal}: no raw mode left: {tty}"
    );
    assert!(
        !tmux.alternate_screen_on(),
        "{name}, {signal}: the alternate screen is left"
    );
}

#[test]
fn sigterm_sighup_and_ctrl_c_on_every_main_screen_restore_the_terminal() {
    if skip() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let world = dir.path().join("world");
    let child = Command::new(env!("CARGO_BIN_EXE_stagecoach"))
        .args(["demo", "serve", "--dir"])
        .arg(&world)
        .arg("--log-file")
        .arg(dir.path().join("serve.log"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("demo serve starts");
    let _serve = KillOnDrop(child);
    wait::until("demo serve's ready file", Duration::from_secs(60), || {
        world.join("ready").exists().then_some(()).ok_or("not yet")
    });
    std::thread::scope(|s| {
        for signal in ["TERM", "HUP", "ctrl-c"] {
            let world = &world;
            s.spawn(move || {
                for screen in SCREENS {
                    signal_on(world, screen, signal);
                }
            });
        }
    });
}
