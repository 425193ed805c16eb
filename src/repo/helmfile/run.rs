//! I/O half: one `helmfile` run as a child process — the tools looked up on a PATH given in
//! (never the process's own, so tests on stand-in scripts do not leak into each other), its
//! stdout and stderr merged line by line in arrival order and sent in batches, and a cancel
//! that behaves like Ctrl-C in a terminal: SIGINT to the run's process group (helmfile and the
//! helm processes it started), SIGTERM after a grace period, SIGKILL after another.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::Command;
use tokio::sync::{mpsc, oneshot};

use crate::call_log::Call;
use crate::jenkins::ansi::{parse_line, AnsiStyle, ConsoleLine};
use crate::outbox::Outbox;

/// Lines sent in one message at most; a batch also goes after `BATCH_WAIT` of quiet.
const BATCH_LINES: usize = 200;
const BATCH_WAIT: Duration = Duration::from_millis(100);
/// After the child exits, how long a grandchild that kept the pipes open may delay the end.
const DRAIN_AFTER_EXIT: Duration = Duration::from_secs(2);

pub const HELMFILE_RELEASES: &str = "https://github.com/helmfile/helmfile/releases";
pub const HELM_INSTALL: &str = "https://helm.sh/docs/intro/install/";

/// The tools a run needs: helmfile itself and helm, which helmfile shells out to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tools {
    pub helmfile: PathBuf,
    pub helm: PathBuf,
}

/// Finds `helmfile` and `helm` on `path_var` (a PATH value). The error says which is missing
/// and where to get it.
pub fn find_tools(path_var: Option<&OsStr>) -> Result<Tools, String> {
    let find = |name: &str| {
        let p = path_var?;
        which::which_in(name, Some(p), "/").ok()
    };
    let (helmfile, helm) = (find("helmfile"), find("helm"));
    match (helmfile, helm) {
        (Some(helmfile), Some(helm)) => Ok(Tools { helmfile, helm }),
        (None, None) => Err(format!(
            "neither helmfile nor helm is installed (not on PATH): install helm ({HELM_INSTALL}) and helmfile ({HELMFILE_RELEASES}); nothing was started"
        )),
        (None, Some(_)) => Err(format!(
            "helmfile is not installed (not on PATH): get it from {HELMFILE_RELEASES}; nothing was started"
        )),
        (Some(_), None) => Err(format!(
            "helm is not installed (not on PATH; helmfile runs it): see {HELM_INSTALL}; nothing was started"
        )),
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunEnd {
    /// It exited by itself (or after SIGINT, see `cancelled`) with this code.
    Exited { code: i32, cancelled: bool },
    /// SIGINT was sent and the run ended with a signal or within the grace period.
    Cancelled,
    /// It ignored SIGINT for the grace period: SIGTERM (or in the end SIGKILL) ended it.
    Terminated,
    /// Killed by a signal nobody here sent.
    Signalled(i32),
    /// It could not be started or waited for.
    Failed(String),
}

impl RunEnd {
    pub fn text(&self) -> String {
        match self {
            RunEnd::Exited {
                code,
                cancelled: true,
            } => format!("cancelled (SIGINT), exit code {code}"),
            RunEnd::Exited { code: 0, .. } => "exit code 0".into(),
            RunEnd::Exited { code, .. } => format!("exit code {code}"),
            RunEnd::Cancelled => "cancelled (SIGINT)".into(),
            RunEnd::Terminated => "terminated (SIGTERM after SIGINT was ignored)".into(),
            RunEnd::Signalled(s) => format!("killed by signal {s}"),
            RunEnd::Failed(e) => e.clone(),
        }
    }

    pub fn is_success(&self) -> bool {
        matches!(
            self,
            RunEnd::Exited {
                code: 0,
                cancelled: false
            }
        )
    }

    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            RunEnd::Cancelled
                | RunEnd::Terminated
                | RunEnd::Exited {
                    cancelled: true,
                    ..
                }
        )
    }
}

/// What a run reports, in order: `Started`, `Lines`…, `Cancelling`…, `Ended`, `Called`.
/// A run refused before it started reports only `Refused`.
#[derive(Debug, Clone, PartialEq)]
pub enum HelmfileEvent {
    Refused(String),
    Started {
        command: String,
        /// The commit deployed (`a1b2c3d subject`).
        commit: String,
    },
    /// Output lines, colours read into styles (every other escape removed).
    Lines(Vec<ConsoleLine>),
    /// A signal went to the run (`SIGINT`, `SIGTERM`).
    Signalled(&'static str),
    Ended(RunEnd),
    /// For the `@` screen.
    Called(Call),
}

/// A run's event, tagged with the stage's namespace.
#[derive(Debug, Clone, PartialEq)]
pub struct HelmfileMsg {
    pub namespace: String,
    pub event: HelmfileEvent,
}

/// One command to run.
#[derive(Debug, Clone)]
pub struct RunSpec {
    pub namespace: String,
    pub program: PathBuf,
    pub args: Vec<String>,
    pub dir: PathBuf,
    /// The PATH the child gets (the one the tools were found on).
    pub path_var: Option<std::ffi::OsString>,
    /// SIGINT → SIGTERM, and SIGTERM → SIGKILL.
    pub grace: Duration,
}

impl RunSpec {
    /// `helmfile -e qa apply` as a user would type it in the clone.
    pub fn command_line(&self) -> String {
        let name = self.program.file_name().map_or_else(
            || self.program.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        format!(
            "cd {} && {name} {}",
            self.dir.display(),
            self.args.join(" ")
        )
    }
}

async fn send(out: &Outbox<HelmfileMsg>, ns: &str, event: HelmfileEvent) -> bool {
    out.send(HelmfileMsg {
        namespace: ns.to_string(),
        event,
    })
    .await
}

/// Reads one pipe line by line (bytes: a line that is not UTF-8 is shown lossily).
async fn pump(pipe: impl AsyncRead + Unpin, tx: mpsc::Sender<String>) {
    let mut r = BufReader::new(pipe);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match r.read_until(b'\n', &mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {
                let line = String::from_utf8_lossy(&buf);
                let line = line.trim_end_matches(['\n', '\r']).to_string();
                if tx.send(line).await.is_err() {
                    return;
                }
            }
        }
    }
}

fn signal(pid: Option<u32>, sig: libc::c_int) {
    let Some(pid) = pid.and_then(|p| libc::pid_t::try_from(p).ok()) else {
        return;
    };
    // The child leads its own process group: the signal reaches helm's processes too, as
    // Ctrl-C in a terminal would.
    // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
    unsafe {
        libc::kill(-pid, sig);
    }
}

fn end_of(status: ExitStatus, sigint_sent: bool, sigterm_sent: bool) -> RunEnd {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => RunEnd::Exited {
            code,
            cancelled: sigint_sent,
        },
        (None, Some(_)) if sigterm_sent => RunEnd::Terminated,
        (None, Some(_)) if sigint_sent => RunEnd::Cancelled,
        (None, Some(s)) => RunEnd::Signalled(s),
        (None, None) => RunEnd::Failed("ended without a status".into()),
    }
}

/// Runs `spec` to its end, streaming its output; `cancel` firing starts the SIGINT → SIGTERM
/// → SIGKILL sequence. Dropping the future kills the child (`kill_on_drop`).
pub async fn run(
    spec: RunSpec,
    mut cancel: oneshot::Receiver<()>,
    out: Outbox<HelmfileMsg>,
) -> RunEnd {
    let ns = spec.namespace.clone();
    let mut cmd = Command::new(&spec.program);
    cmd.args(&spec.args)
        .current_dir(&spec.dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .process_group(0);
    if let Some(p) = &spec.path_var {
        cmd.env("PATH", p);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            return RunEnd::Failed(format!("could not start {}: {e}", spec.program.display()))
        }
    };
    let pid = child.id();
    let (tx, mut lines) = mpsc::channel::<String>(1024);
    if let Some(o) = child.stdout.take() {
        tokio::spawn(pump(o, tx.clone()));
    }
    if let Some(e) = child.stderr.take() {
        tokio::spawn(pump(e, tx.clone()));
    }
    drop(tx);

    let mut style = AnsiStyle::default();
    let mut batch: Vec<ConsoleLine> = Vec::new();
    let mut sigint_sent = false;
    let mut sigterm_sent = false;
    let mut cancel_armed = true;
    let mut escalate: Option<std::pin::Pin<Box<tokio::time::Sleep>>> = None;
    let mut tick = tokio::time::interval(BATCH_WAIT);
    let mut status = None;
    let mut pipes_open = true;
    let mut drain_deadline: Option<std::pin::Pin<Box<tokio::time::Sleep>>> = None;
    while status.is_none() || pipes_open {
        tokio::select! {
            l = lines.recv(), if pipes_open => match l {
                Some(l) => {
                    batch.push(parse_line(&l, &mut style));
                    if batch.len() >= BATCH_LINES {
                        send(&out, &ns, HelmfileEvent::Lines(std::mem::take(&mut batch))).await;
                    }
                }
                None => pipes_open = false,
            },
            _ = tick.tick() => {
                if !batch.is_empty() {
                    send(&out, &ns, HelmfileEvent::Lines(std::mem::take(&mut batch))).await;
                }
            }
            c = &mut cancel, if cancel_armed => {
                cancel_armed = false;
                // A dropped sender (the runner went away) is no request to cancel.
                if c.is_ok() && status.is_none() {
                    signal(pid, libc::SIGINT);
                    sigint_sent = true;
                    send(&out, &ns, HelmfileEvent::Signalled("SIGINT")).await;
                    escalate = Some(Box::pin(tokio::time::sleep(spec.grace)));
                }
            }
            _ = async { escalate.as_mut().expect("armed").as_mut().await }, if escalate.is_some() && status.is_none() => {
                if sigterm_sent {
                    let _ = child.start_kill();
                    escalate = None;
                    send(&out, &ns, HelmfileEvent::Signalled("SIGKILL")).await;
                } else {
                    signal(pid, libc::SIGTERM);
                    sigterm_sent = true;
                    escalate = Some(Box::pin(tokio::time::sleep(spec.grace)));
                    send(&out, &ns, HelmfileEvent::Signalled("SIGTERM")).await;
                }
            }
            s = child.wait(), if status.is_none() => {
                status = Some(s);
                drain_deadline = Some(Box::pin(tokio::time::sleep(DRAIN_AFTER_EXIT)));
            }
            _ = async { drain_deadline.as_mut().expect("armed").as_mut().await }, if drain_deadline.is_some() => {
                // A grandchild holds the pipes: what it writes later is not this run's.
                pipes_open = false;
            }
        }
    }
    if !batch.is_empty() {
        send(&out, &ns, HelmfileEvent::Lines(batch)).await;
    }
    match status.expect("the loop ends with a status") {
        Ok(s) => end_of(s, sigint_sent, sigterm_sent),
        Err(e) => RunEnd::Failed(format!("waiting for {}: {e}", spec.program.display())),
    }
}

/// The first release the output says failed (`failed processing release api: …`) and the
/// first `Error:` line, for the banner.
pub fn first_failure(
    lines: impl IntoIterator<Item = impl AsRef<str>>,
) -> (Option<String>, Option<String>) {
    let mut release = None;
    let mut error = None;
    for l in lines {
        let l = l.as_ref().trim();
        if release.is_none() {
            if let Some((_, rest)) = l.split_once("failed processing release ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != ':' && *c != ',')
                    .collect();
                if !name.is_empty() {
                    release = Some(name);
                }
            }
        }
        if error.is_none() && (l.starts_with("Error:") || l.starts_with("ERROR:")) {
            error = Some(l.to_string());
        }
    }
    (release, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failing_release_and_error_are_read_from_the_output() {
        let out = [
            "Upgrading release=api, chart=charts/api",
            "Error: UPGRADE FAILED: context deadline exceeded",
            "in ./helmfile.yaml.gotmpl: failed processing release api: command \"/usr/bin/helm\" exited with non-zero status:",
            "in ./helmfile.yaml.gotmpl: failed processing release web: …",
        ];
        let (r, e) = first_failure(out);
        assert_eq!(r.as_deref(), Some("api"));
        assert_eq!(
            e.as_deref(),
            Some("Error: UPGRADE FAILED: context deadline exceeded")
        );
        assert_eq!(first_failure(["all good"]), (None, None));
    }

    #[test]
    fn missing_tools_are_named() {
        let empty = tempfile::tempdir().unwrap();
        let e = find_tools(Some(empty.path().as_os_str())).unwrap_err();
        assert!(e.contains("neither helmfile nor helm"), "{e}");
        assert!(
            e.contains(HELMFILE_RELEASES) && e.contains(HELM_INSTALL),
            "{e}"
        );
        assert!(find_tools(None).is_err());
    }
}
