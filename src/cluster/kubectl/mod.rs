//! kubectl as a tool beside the cockpit: `exec -it` gets the terminal for a shell, and
//! `port-forward` runs as a managed child. Pure half: finding the binary and the argument
//! lists (tested with a stand-in script). I/O half: [`exec::run_shell`] (blocking, the loop
//! hands it the terminal) and [`port_forward::run_forward`] (a tokio task of the runner).

pub mod children;
pub mod exec;
pub mod port_forward;

#[cfg(test)]
mod tests;

use std::ffi::OsStr;
use std::path::PathBuf;

/// What to say when there is no kubectl: shells and port-forwards need it.
pub const INSTALL_HINT: &str = "kubectl is not on PATH: shells and port-forwards run it. Install it \
(https://kubernetes.io/docs/tasks/tools/ — or apt install kubectl / brew install kubectl) and put it on PATH";

/// kubectl on `path` (the PATH the cockpit started with), if there is one.
pub fn find(path: Option<&OsStr>) -> Option<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    which::which_in("kubectl", path, cwd).ok()
}

/// The cluster kubectl must talk to: the cockpit's kubeconfig (when one was named; else
/// kubectl reads KUBECONFIG as the cockpit did) and its current context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KubectlTarget {
    pub kubeconfig: Option<String>,
    pub context: Option<String>,
}

impl KubectlTarget {
    pub fn flags(&self) -> Vec<String> {
        let mut f = Vec::new();
        if let Some(k) = &self.kubeconfig {
            f.push(format!("--kubeconfig={k}"));
        }
        if let Some(c) = &self.context {
            f.push(format!("--context={c}"));
        }
        f
    }
}

/// An argument list as a user would type it (for the `@` screen and messages).
pub fn command_line(args: &[String]) -> String {
    std::iter::once("kubectl".to_string())
        .chain(args.iter().map(|a| shell_quote(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shell_quote(a: &str) -> String {
    let plain = !a.is_empty()
        && a.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=,@".contains(&b));
    if plain {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\'', r"'\''"))
    }
}

/// The last line worth showing of what kubectl wrote to stderr (its `error: …`).
pub fn last_line(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .map(crate::text::sanitize::sanitize_line)
}
