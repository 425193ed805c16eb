//! Connecting to a cluster the way kubectl does: the kubeconfig (KUBECONFIG's list merged, or
//! ~/.kube/config, or an explicit file), its contexts, and exec/token auth through kube-rs.

use std::path::Path;

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot read the kubeconfig {path}: {source}")]
    Read {
        path: String,
        source: kube::config::KubeconfigError,
    },
    #[error("no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create ~/.kube/config ({0})")]
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
}

impl KubeTarget {
    pub fn load(file: Option<&Path>, context: Option<&str>) -> Result<KubeTarget, ConnectError> {
        let kubeconfig = match file {
            Some(p) => Kubeconfig::read_from(p).map_err(|source| ConnectError::Read {
                path: p.display().to_string(),
                source,
            })?,
            None => Kubeconfig::read().map_err(ConnectError::Missing)?,
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
        })
    }

    pub async fn client(&self, context: &str) -> Result<Client, ConnectError> {
        let opts = KubeConfigOptions {
            context: Some(context.to_string()),
            ..KubeConfigOptions::default()
        };
        let config = Config::from_custom_kubeconfig(self.kubeconfig.clone(), &opts)
            .await
            .map_err(|source| ConnectError::Config {
                context: context.to_string(),
                source,
            })?;
        Client::try_from(config).map_err(|source| ConnectError::Client {
            context: context.to_string(),
            source,
        })
    }
}
