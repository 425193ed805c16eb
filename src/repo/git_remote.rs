//! I/O half, remote: clone, fetch and push through the system `git`, so that the user's
//! ssh-agent, `~/.ssh/config` (ProxyJump on a jump host) and credential helpers work as they do
//! in a shell. Never a prompt (`GIT_TERMINAL_PROMPT=0`, ssh in batch mode, no stdin) and never
//! longer than a deadline: a remote that wants a password fails at once with words that say so.
//! Never a force push.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::process::Command;

use crate::text::sanitize::sanitize_text;

/// How long one network git command may take.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// Why talking to the remote failed, as far as git's words tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemoteFailure {
    /// The remote wants credentials we could not give without a prompt.
    Auth,
    /// No answer: a wrong host, no network, a refused connection.
    Unreachable,
    /// The deadline passed.
    Timeout,
    /// `git` is not installed.
    NoGit,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteError {
    pub failure: RemoteFailure,
    /// The command as a user would type it (`git -C … push origin main`).
    pub command: String,
    /// What git said on stderr (sanitised).
    pub detail: String,
    /// What it printed on stdout, raw (porcelain push output says which ref failed and why);
    /// never shown as it is.
    pub stdout: String,
}

impl std::fmt::Display for RemoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.failure {
            RemoteFailure::Auth => {
                "the remote asks for credentials and stagecoach never prompts: load your ssh key \
                 (ssh-add) or set up a git credential helper, then retry"
            }
            RemoteFailure::Unreachable => "cannot reach the remote: check the URL and the network",
            RemoteFailure::Timeout => "no answer within the deadline",
            RemoteFailure::NoGit => "git is not installed (apt-get install git)",
            RemoteFailure::Other => "git failed",
        };
        let detail = self.detail.lines().last().unwrap_or("").trim();
        if detail.is_empty() {
            write!(f, "{}: {why}", self.command)
        } else {
            write!(f, "{}: {why} ({detail})", self.command)
        }
    }
}

/// What git's words say about a failure.
pub fn classify(stderr: &str) -> RemoteFailure {
    let s = stderr.to_lowercase();
    let any = |needles: &[&str]| needles.iter().any(|n| s.contains(n));
    if any(&[
        "terminal prompts disabled",
        "could not read username",
        "could not read password",
        "authentication failed",
        "permission denied",
        "host key verification failed",
        "403",
        "401",
    ]) {
        RemoteFailure::Auth
    } else if any(&[
        "could not resolve host",
        "connection refused",
        "unable to access",
        "does not appear to be a git repository",
        "no such file or directory",
        "network is unreachable",
        "connection timed out",
        "could not connect",
    ]) {
        RemoteFailure::Unreachable
    } else {
        RemoteFailure::Other
    }
}

/// The command line as shown to the user (and on the `@` screen).
pub fn command_line(dir: Option<&Path>, args: &[&str]) -> String {
    let mut out = String::from("git");
    if let Some(d) = dir {
        out.push_str(&format!(" -C {}", d.display()));
    }
    for a in args {
        out.push(' ');
        out.push_str(a);
    }
    out
}

/// Runs `git args` (in `dir`), no prompt, no stdin, within the deadline; stdout on success.
pub async fn git(dir: Option<&Path>, args: &[&str]) -> Result<String, RemoteError> {
    let command = command_line(dir, args);
    let mut cmd = Command::new("git");
    if let Some(d) = dir {
        cmd.arg("-C").arg(d);
    }
    cmd.args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GCM_INTERACTIVE", "never")
        .env_remove("GIT_ASKPASS")
        .env_remove("SSH_ASKPASS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    // Batch mode keeps ssh from asking for a password or a host key; the user's own ssh
    // command (and ~/.ssh/config) still applies.
    if std::env::var_os("GIT_SSH_COMMAND").is_none() {
        cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
    }
    let child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return Err(RemoteError {
                failure: if e.kind() == std::io::ErrorKind::NotFound {
                    RemoteFailure::NoGit
                } else {
                    RemoteFailure::Other
                },
                command,
                detail: e.to_string(),
                stdout: String::new(),
            })
        }
    };
    let out = match tokio::time::timeout(DEADLINE, child.wait_with_output()).await {
        Ok(Ok(o)) => o,
        Ok(Err(e)) => {
            return Err(RemoteError {
                failure: RemoteFailure::Other,
                command,
                detail: e.to_string(),
                stdout: String::new(),
            })
        }
        Err(_) => {
            return Err(RemoteError {
                failure: RemoteFailure::Timeout,
                command,
                detail: String::new(),
                stdout: String::new(),
            })
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        return Ok(stdout);
    }
    let stderr = sanitize_text(&String::from_utf8_lossy(&out.stderr));
    Err(RemoteError {
        failure: classify(&stderr),
        command,
        detail: stderr,
        // Raw: porcelain lines are tab-separated (the parser sanitises what it keeps).
        stdout,
    })
}

pub async fn clone(url: &str, branch: &str, dest: &Path) -> Result<(), RemoteError> {
    if let Some(parent) = dest.parent() {
        let _ = tokio::fs::create_dir_all(parent).await;
    }
    let dest = dest.display().to_string();
    git(None, &["clone", "--branch", branch, "--", url, &dest])
        .await
        .map(|_| ())
}

pub async fn fetch(dir: &Path) -> Result<(), RemoteError> {
    git(Some(dir), &["fetch", "--prune", "origin"])
        .await
        .map(|_| ())
}

/// How the remote took a push of one branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushResult {
    /// Updated (or already up to date).
    Pushed,
    /// Not a fast-forward: someone pushed first.
    Rejected,
    /// The remote refused it (a hook, a protected branch); its words.
    Refused(String),
}

/// Pushes `branch` to origin's branch of the same name — never forced — and reads the per-ref
/// outcome from git's porcelain output (the exit code alone cannot tell a rejection from a
/// network failure).
pub async fn push(dir: &Path, branch: &str) -> Result<PushResult, RemoteError> {
    let refspec = format!("refs/heads/{branch}:refs/heads/{branch}");
    match git(Some(dir), &["push", "--porcelain", "origin", &refspec]).await {
        Ok(out) => Ok(parse_push(&out).unwrap_or(PushResult::Pushed)),
        Err(e) => match parse_push(&e.stdout) {
            Some(PushResult::Refused(why)) => {
                Ok(PushResult::Refused(with_remote_words(why, &e.detail)))
            }
            Some(r) => Ok(r),
            None => Err(e),
        },
    }
}

/// A refusal with what the remote's hook said (`remote: …` lines on stderr): the porcelain
/// summary only says "pre-receive hook declined", the hook's own words say why.
fn with_remote_words(why: String, stderr: &str) -> String {
    let words: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("remote:"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if words.is_empty() {
        return why;
    }
    crate::text::sanitize::clip_chars(format!("{why}: {}", words.join("; ")), 400)
}

/// The outcome of the first ref line of `git push --porcelain` (`<flag>\t<from>:<to>\t<summary>`).
pub fn parse_push(out: &str) -> Option<PushResult> {
    out.lines().find_map(|l| {
        let mut parts = l.splitn(3, '\t');
        let flag = parts.next()?;
        let _refs = parts.next()?;
        let summary = parts.next().unwrap_or("").trim();
        Some(match flag {
            " " | "*" | "=" | "+" | "-" => PushResult::Pushed,
            "!" if summary.contains("[rejected]") => PushResult::Rejected,
            "!" => PushResult::Refused(crate::text::sanitize::sanitize_line(summary)),
            _ => return None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn porcelain_push_lines() {
        let ok = "To /tmp/o.git\n \trefs/heads/main:refs/heads/main\t3e70759..a1b2c3d\nDone\n";
        assert_eq!(parse_push(ok), Some(PushResult::Pushed));
        let up = "To /tmp/o.git\n=\trefs/heads/main:refs/heads/main\t[up to date]\nDone\n";
        assert_eq!(parse_push(up), Some(PushResult::Pushed));
        let nff =
            "To /tmp/o.git\n!\trefs/heads/main:refs/heads/main\t[rejected] (fetch first)\nDone\n";
        assert_eq!(parse_push(nff), Some(PushResult::Rejected));
        let hook = "To /tmp/o.git\n!\trefs/heads/main:refs/heads/main\t[remote rejected] (pre-receive hook declined)\nDone\n";
        assert_eq!(
            parse_push(hook),
            Some(PushResult::Refused(
                "[remote rejected] (pre-receive hook declined)".into()
            ))
        );
        assert_eq!(parse_push("fatal: unable to access 'x'"), None);
        assert_eq!(
            with_remote_words(
                "[remote rejected] (pre-receive hook declined)".into(),
                "remote: policy: qa needs a ticket        \nremote: \nTo /tmp/o.git\n"
            ),
            "[remote rejected] (pre-receive hook declined): policy: qa needs a ticket"
        );
    }

    #[test]
    fn failures_are_named_from_gits_words() {
        assert_eq!(
            classify("fatal: could not read Username for 'https://git.example.com': terminal prompts disabled"),
            RemoteFailure::Auth
        );
        assert_eq!(
            classify("git@host: Permission denied (publickey)."),
            RemoteFailure::Auth
        );
        assert_eq!(
            classify("fatal: unable to access 'https://x/': Could not resolve host: x"),
            RemoteFailure::Unreachable
        );
        assert_eq!(classify("error: something else"), RemoteFailure::Other);
    }
}
