//! `s`: a shell in a pod's container through `kubectl exec -it`. The loop hands the terminal
//! over while it runs ([`run_shell`] blocks and inherits the terminal), then takes it back.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use super::KubectlTarget;

/// The shell the container has: bash if there is one, else sh.
pub const SHELL_SCRIPT: &str = "command -v bash >/dev/null && exec bash || exec sh";

/// Which container of which pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellTarget {
    pub namespace: String,
    pub pod: String,
    pub container: String,
}

pub fn exec_args(target: &KubectlTarget, shell: &ShellTarget) -> Vec<String> {
    let mut a: Vec<String> = vec![
        "exec".into(),
        "-it".into(),
        "-n".into(),
        shell.namespace.clone(),
        shell.pod.clone(),
        "-c".into(),
        shell.container.clone(),
    ];
    a.extend(target.flags());
    a.extend(["--".into(), "sh".into(), "-c".into(), SHELL_SCRIPT.into()]);
    a
}

/// Runs kubectl with the terminal (stdin and stdout inherited); its stderr goes to the
/// terminal too and is kept, so that a failure can be said after the screen comes back.
/// Ok when the shell ended with 0; else what went wrong in one line.
pub fn run_shell(program: &Path, args: &[String]) -> Result<(), String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::inherit())
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let mut stderr = child.stderr.take();
    let tee = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let Some(err) = stderr.as_mut() else {
            return kept;
        };
        let mut buf = [0u8; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            let _ = std::io::stderr().write_all(&buf[..n]);
            kept.extend_from_slice(&buf[..n]);
            // Only the end is said afterwards.
            if kept.len() > 16 * 1024 {
                kept.drain(..kept.len() - 8 * 1024);
            }
        }
        kept
    });
    let status = child.wait().map_err(|e| format!("kubectl exec: {e}"))?;
    let kept = tee.join().unwrap_or_default();
    if status.success() {
        return Ok(());
    }
    let why = super::last_line(&String::from_utf8_lossy(&kept));
    let code = match status.code() {
        Some(c) => format!("exit code {c}"),
        None => "a signal".into(),
    };
    // What kubectl said first: the status line is narrow.
    Err(match why {
        Some(w) => format!("{w} (kubectl exec ended with {code})"),
        None => format!("kubectl exec ended with {code}"),
    })
}
