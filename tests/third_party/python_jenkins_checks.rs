//! python-jenkins (a third-party Jenkins client, from PyPI) against `stagecoach demo serve`:
//! who-am-I, jobs, builds, consoles, trigger → queue → running build, stop, a wrong token.
//! Needs `python3` with `python-jenkins` (CI installs it: there a missing one fails the test);
//! set STAGECOACH_SKIP_PYTHON_JENKINS=1 to skip knowingly.

use std::process::Command;

use crate::demo_serve::DemoServe;
use crate::external_tool;

#[test]
fn python_jenkins_works_against_the_simulated_jenkins() {
    let installed = || external_tool::runs("python3", &["-c", "import jenkins"]);
    if !external_tool::usable(
        "python3 with python-jenkins",
        installed,
        "STAGECOACH_SKIP_PYTHON_JENKINS",
    ) {
        return;
    }
    let world = DemoServe::start();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/python_jenkins_check.py"
    );
    let out = Command::new("python3")
        .arg(script)
        .arg(world.dir())
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "python-jenkins failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("wrong token refused ok"), "{stdout}");
}
