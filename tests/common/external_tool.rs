//! Third-party tools some tests drive (tmux, kubectl, python-jenkins). CI installs them, so there
//! a missing tool fails the test; elsewhere the test is skipped and says why.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

/// Whether a test can use `tool`; `installed` looks for it. `skip_var` set skips knowingly.
pub fn usable(tool: &str, installed: impl FnOnce() -> bool, skip_var: &str) -> bool {
    if std::env::var_os(skip_var).is_some() {
        say(&format!("skipped: {skip_var} is set"));
        return false;
    }
    if installed() {
        return true;
    }
    assert!(
        !on_ci(),
        "{tool} is missing and CI is set: CI must install it (.ci/run)"
    );
    say(&format!(
        "skipped: {tool} is missing (install it, or set {skip_var}=1 to skip knowingly)"
    ));
    false
}

/// Whether `program args` runs and exits 0.
pub fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Straight to stderr, naming the test: the harness swallows `eprintln!` of a passing test.
fn say(line: &str) {
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    let _ = writeln!(std::io::stderr(), "{test}: {line}");
}
