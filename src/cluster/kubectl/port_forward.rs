//! `shift-f`: `kubectl port-forward` as a managed child. The local port is tried first (a
//! busy one is said before kubectl runs); kubectl's stdout says when it listens, its stderr
//! is kept, and its exit is reported with the last thing it said (k9s#482, #3301: a forward
//! that dies must not look alive).

use std::path::PathBuf;
use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};

use super::KubectlTarget;
use crate::outbox::Outbox;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardSpec {
    /// The app's id of this forward.
    pub id: u64,
    pub namespace: String,
    pub pod: String,
    /// The container port.
    pub remote: u16,
    /// The port on 127.0.0.1.
    pub local: u16,
}

/// What a forward's kubectl did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForwardMsg {
    /// kubectl said `Forwarding from 127.0.0.1:L -> R`.
    Listening { id: u64 },
    /// A line kubectl wrote to stderr (an error of one connection, or why it will exit).
    Said { id: u64, line: String },
    /// It could not start, or it ended: why, in one line.
    Died { id: u64, why: String },
}

pub fn forward_args(target: &KubectlTarget, spec: &ForwardSpec) -> Vec<String> {
    let mut a: Vec<String> = vec![
        "port-forward".into(),
        "-n".into(),
        spec.namespace.clone(),
        format!("pod/{}", spec.pod),
        format!("{}:{}", spec.local, spec.remote),
        "--address=127.0.0.1".into(),
    ];
    a.extend(target.flags());
    a
}

/// Whether something listens on 127.0.0.1:`port` already: its error, in words.
pub fn local_port_busy(port: u16) -> Option<String> {
    match std::net::TcpListener::bind(("127.0.0.1", port)) {
        Ok(_) => None,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Some(format!(
            "local port {port} is busy: something listens on 127.0.0.1:{port} already — pick another local port"
        )),
        Err(e) => Some(format!("local port {port} cannot be used: {e}")),
    }
}

/// kubectl's own words for a busy port, made plain.
fn plain(line: &str, local: u16) -> String {
    if line.contains("address already in use")
        || line.contains("unable to listen on any of the requested ports")
    {
        return format!("local port {local} is busy ({line})");
    }
    line.to_string()
}

/// Runs the forward until kubectl ends (or the task is aborted: the child is killed with it).
pub async fn run_forward(
    program: PathBuf,
    args: Vec<String>,
    spec: ForwardSpec,
    out: Outbox<ForwardMsg>,
) {
    let id = spec.id;
    if let Some(why) = local_port_busy(spec.local) {
        out.send(ForwardMsg::Died { id, why }).await;
        return;
    }
    let child = tokio::process::Command::new(&program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            let why = format!("cannot run {}: {e}", program.display());
            out.send(ForwardMsg::Died { id, why }).await;
            return;
        }
    };
    let pid = child.id();
    if let Some(p) = pid {
        super::children::register(p);
    }
    // Unregisters the child however the task ends (an abort drops this too).
    struct Registered(Option<u32>);
    impl Drop for Registered {
        fn drop(&mut self) {
            if let Some(p) = self.0 {
                super::children::unregister(p);
            }
        }
    }
    let _registered = Registered(pid);
    let mut stdout = child.stdout.take().map(|s| BufReader::new(s).lines());
    let mut stderr = child.stderr.take().map(|s| BufReader::new(s).lines());
    let mut last_error: Option<String> = None;
    let mut listening = false;
    loop {
        tokio::select! {
            line = async { stdout.as_mut()?.next_line().await.ok().flatten() }, if stdout.is_some() => match line {
                Some(l) if l.starts_with("Forwarding from") && !listening => {
                    listening = true;
                    out.send(ForwardMsg::Listening { id }).await;
                }
                Some(_) => {}
                None => stdout = None,
            },
            line = async { stderr.as_mut()?.next_line().await.ok().flatten() }, if stderr.is_some() => match line {
                Some(l) => {
                    if let Some(l) = super::last_line(&l) {
                        let l = plain(&l, spec.local);
                        last_error = Some(l.clone());
                        out.send(ForwardMsg::Said { id, line: l }).await;
                    }
                }
                None => stderr = None,
            },
            else => break,
        }
    }
    let status = child.wait().await;
    let code = match status {
        Ok(s) => match s.code() {
            Some(c) => format!("kubectl exited with {c}"),
            None => "kubectl was killed".to_string(),
        },
        Err(e) => format!("kubectl: {e}"),
    };
    let why = match last_error {
        Some(e) => e,
        None => code,
    };
    out.send(ForwardMsg::Died { id, why }).await;
}
