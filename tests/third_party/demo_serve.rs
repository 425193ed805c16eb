//! `stagecoach demo serve` as its own process, the way a third-party client meets the world.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::wait;

/// A child process that is killed when dropped, so a failing check leaves nothing running.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The world, serving until dropped; `dir` holds what it wrote (kubeconfig, jenkins.json, …).
pub struct DemoServe {
    // Declared first, so the world stops before its directory is removed.
    _process: KillOnDrop,
    dir: tempfile::TempDir,
}

impl DemoServe {
    pub fn start() -> DemoServe {
        DemoServe::start_with(&[])
    }

    /// With more flags for `demo serve` (`--metrics`).
    pub fn start_with(flags: &[&str]) -> DemoServe {
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_stagecoach"))
            .args(["demo", "serve"])
            .args(flags)
            .arg("--dir")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("stagecoach demo serve starts");
        let serve = DemoServe {
            _process: KillOnDrop(child),
            dir,
        };
        let ready = serve.dir().join("ready");
        wait::until(
            "demo serve to write its ready file",
            Duration::from_secs(60),
            || {
                if ready.exists() {
                    Ok(())
                } else {
                    Err("no ready file")
                }
            },
        );
        serve
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}
