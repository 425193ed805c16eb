//! Connecting to a cluster the way kubectl does: the kubeconfig (KUBECONFIG's list merged, or
//! ~/.kube/config, or an explicit file), its contexts, and exec/token auth through kube-rs.

use std::path::Path;

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

use super::liveness::Liveness;

/// Where the kubeconfig was looked for and why it could not be read, said once.
fn missing_detail(e: &kube::config::KubeconfigError) -> String {
    match e {
        kube::config::KubeconfigError::ReadConfig(io, path) => {
            format!(" at {} ({io})", path.display())
        }
        other => format!(" ({other})"),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot read the kubeconfig {path}: {source}")]
    Read {
        path: String,
        source: kube::config::KubeconfigError,
    },
    #[error("no kubeconfig{}: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config (no cluster? `stagecoach demo` runs on a simulated one)", missing_detail(.0))]
    Missing(kube::config::KubeconfigError),
    #[error("the kubeconfig has no context {0:?} (it has: {1})")]
    NoContext(String, String),
    #[error("the kubeconfig names no current context: pass --context")]
    NoCurrentContext,
    #[error("cannot use context {context:?}: {source}")]
    Config {
        context: String,
        source: kube::config::KubeconfigError,
    },
    #[error("cannot build a client for context {context:?}: {source}")]
    Client {
        context: String,
        source: kube::Error,
    },
}

/// A loaded kubeconfig and the context chosen from it.
#[derive(Debug, Clone)]
pub struct KubeTarget {
    pub kubeconfig: Kubeconfig,
    pub context: String,
    pub contexts: Vec<String>,
    /// The deadlines of the clients it builds.
    pub liveness: Liveness,
}

impl KubeTarget {
    pub fn load(file: Option<&Path>, context: Option<&str>) -> Result<KubeTarget, ConnectError> {
        let kubeconfig = match file {
            Some(p) => Kubeconfig::read_from(p).map_err(|source| ConnectError::Read {
                path: p.display().to_string(),
                source,
            })?,
            None => read_default()?,
        };
        let contexts: Vec<String> = kubeconfig.contexts.iter().map(|c| c.name.clone()).collect();
        let context = match context {
            Some(c) => c.to_string(),
            None => kubeconfig
                .current_context
                .clone()
                .ok_or(ConnectError::NoCurrentContext)?,
        };
        if !contexts.contains(&context) {
            return Err(ConnectError::NoContext(context, contexts.join(", ")));
        }
        Ok(KubeTarget {
            kubeconfig,
            context,
            contexts,
            liveness: Liveness::default(),
        })
    }

    /// The client of the watches and single requests: every connection has a read deadline.
    pub async fn client(&self, context: &str) -> Result<Client, ConnectError> {
        let mut config = self.config(context).await?;
        self.liveness.bound(&mut config);
        build(context, config)
    }

    /// The client of followed log streams: no read deadline (a quiet container is silent).
    pub async fn stream_client(&self, context: &str) -> Result<Client, ConnectError> {
        let mut config = self.config(context).await?;
        self.liveness.bound_streams(&mut config);
        build(context, config)
    }

    async fn config(&self, context: &str) -> Result<Config, ConnectError> {
        let opts = KubeConfigOptions {
            context: Some(context.to_string()),
            ..KubeConfigOptions::default()
        };
        Config::from_custom_kubeconfig(self.kubeconfig.clone(), &opts)
            .await
            .map_err(|source| ConnectError::Config {
                context: context.to_string(),
                source,
            })
    }
}

fn build(context: &str, config: Config) -> Result<Client, ConnectError> {
    Client::try_from(config).map_err(|source| ConnectError::Client {
        context: context.to_string(),
        source,
    })
}

/// `KUBECONFIG`'s files merged in order, skipping those that do not exist (as kubectl does;
/// kube-rs would fail on them), else `~/.kube/config`.
fn read_default() -> Result<Kubeconfig, ConnectError> {
    read_listed(std::env::var_os("KUBECONFIG"))
}

fn read_listed(kubeconfig_env: Option<std::ffi::OsString>) -> Result<Kubeconfig, ConnectError> {
    let listed: Vec<std::path::PathBuf> = kubeconfig_env
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let existing: Vec<&std::path::PathBuf> = listed.iter().filter(|p| p.exists()).collect();
    if existing.is_empty() {
        return Kubeconfig::read().map_err(ConnectError::Missing);
    }
    let mut merged = Kubeconfig::default();
    for p in existing {
        let next = Kubeconfig::read_from(p).map_err(|source| ConnectError::Read {
            path: p.display().to_string(),
            source,
        })?;
        merged = merged.merge(next).map_err(|source| ConnectError::Read {
            path: p.display().to_string(),
            source,
        })?;
    }
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\nclusters:\n- name: a\n  cluster: {server: 'http://127.0.0.1:1'}\nusers:\n- name: a\n  user: {token: abcdefgh12345678}\n";
    const TWO: &str = "apiVersion: v1\nkind: Config\ncurrent-context: b\ncontexts:\n- name: b\n  context: {cluster: a, user: a}\n";

    #[test]
    fn kubeconfig_lists_merge_in_order_and_skip_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let (one, two) = (dir.path().join("one"), dir.path().join("two"));
        std::fs::write(&one, ONE).unwrap();
        std::fs::write(&two, TWO).unwrap();
        let missing = dir.path().join("missing");
        let list = std::env::join_paths([&missing, &one, &two]).unwrap();
        let kc = read_listed(Some(list)).expect("merged");
        // The first file's current context wins; contexts of both are there.
        assert_eq!(kc.current_context.as_deref(), Some("a"));
        let names: Vec<_> = kc.contexts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, vec!["a", "b"]);
    }
}
