//! An executable script for a test (a fake helmfile, kubectl, editor or git hook), written so
//! that its first run cannot fail with "Text file busy". A file this process writes is open for
//! writing for a moment; a child that another test's thread forks in that moment holds the
//! descriptor until it execs, and running the script meanwhile fails with ETXTBSY (CI saw it).
//! The file is written by a shell of its own instead, which no thread of ours forks from.
//! Included by path in the integration test crates.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Writes `text` to `path` with mode 755.
pub fn write_script(path: &Path, text: &str) {
    let mut sh = Command::new("sh")
        .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
        .arg(path)
        .stdin(Stdio::piped())
        .spawn()
        .expect("sh runs");
    sh.stdin
        .take()
        .expect("a pipe")
        .write_all(text.as_bytes())
        .expect("the script is written");
    let status = sh.wait().expect("sh ends");
    assert!(
        status.success(),
        "cannot write {}: {status}",
        path.display()
    );
}
