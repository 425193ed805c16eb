//! tmux as the end-to-end tests drive it: a session running a command, keys sent, the screen
//! read back once it has settled.

use std::process::Command;
use std::time::Duration;

use crate::{external_tool, wait};

pub struct Tmux {
    session: String,
}

impl Tmux {
    pub fn start(cmd: &str) -> Tmux {
        Tmux::start_sized(cmd, 80, 24)
    }

    /// A session of `width`×`height` running `cmd`.
    pub fn start_sized(cmd: &str, width: u16, height: u16) -> Tmux {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = format!("stagecoach-e2e-{}-{n}", std::process::id());
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &session])
            .args(["-x", &width.to_string(), "-y", &height.to_string()])
            // The wrapper prints how the cockpit ended, then keeps the pane open to read it.
            .arg(format!("{cmd}; echo \"EXITED rc=$?\"; sleep 600"))
            .env("TERM", "xterm-256color")
            .status()
            .expect("tmux runs");
        assert!(status.success(), "tmux new-session");
        Tmux { session }
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn alternate_screen_on(&self) -> bool {
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
    pub fn cockpit_pid(&self) -> String {
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
    pub fn keys(&self, keys: &[&str]) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.session])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(status.success(), "send-keys {keys:?}");
    }

    /// Types `text` as it is (no key names).
    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.session, "-l", text])
            .status()
            .expect("send-keys");
        assert!(status.success(), "send-keys -l {text:?}");
    }

    /// Waits for `text` on a settled screen and returns that screen.
    pub fn wait_for(&self, text: &str, within: Duration) -> String {
        self.wait_until(&format!("{text:?}"), within, |s| s.contains(text))
    }

    /// Waits for a settled screen (the same on two looks in a row, so a frame is not read half
    /// drawn) that satisfies `ready`, described by `what`, and returns it.
    pub fn wait_until(&self, what: &str, within: Duration, ready: impl Fn(&str) -> bool) -> String {
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

pub fn skip() -> bool {
    !external_tool::usable(
        "tmux",
        || external_tool::runs("tmux", &["-V"]),
        "STAGECOACH_SKIP_TMUX",
    )
}
