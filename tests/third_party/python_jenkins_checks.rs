//! python-jenkins (a third-party Jenkins client, from PyPI) against `stagecoach demo serve`:
//! who-am-I, jobs, builds, consoles, trigger → queue → running build, stop, a wrong token.
//! Needs `python3` with `python-jenkins` (CI installs it); set STAGECOACH_SKIP_PYTHON_JENKINS=1
//! to skip knowingly.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn python_jenkins_works_against_the_simulated_jenkins() {
    if std::env::var_os("STAGECOACH_SKIP_PYTHON_JENKINS").is_some() {
        eprintln!("skipped (STAGECOACH_SKIP_PYTHON_JENKINS)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut world = Command::new(env!("CARGO_BIN_EXE_stagecoach"))
        .args(["demo", "serve", "--dir"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t0 = Instant::now();
    while !dir.path().join("ready").exists() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "the world never got ready"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/python_jenkins_check.py"
    );
    let out = Command::new("python3").arg(script).arg(dir.path()).output();
    let _ = world.kill();
    let _ = world.wait();
    let out = out.expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "python-jenkins failed (pip install python-jenkins, or STAGECOACH_SKIP_PYTHON_JENKINS=1):\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("wrong token refused ok"), "{stdout}");
}
