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
        let mut config = Config::from_custom_kubeconfig(self.kubeconfig.clone(), &opts)
            .await
            .map_err(|source| ConnectError::Config {
                context: context.to_string(),
                source,
            })?;
        withhold_credentials_over_http(&mut config);
        Ok(config)
    }

    /// Who the cockpit is to a context's server, for the messages about it.
    pub fn endpoint(&self, context: &str) -> Endpoint {
        let ctx = self
            .kubeconfig
            .contexts
            .iter()
            .find(|c| c.name == context)
            .and_then(|c| c.context.as_ref());
        let cluster = ctx.and_then(|c| {
            self.kubeconfig
                .clusters
                .iter()
                .find(|k| k.name == c.cluster)
                .and_then(|k| k.cluster.as_ref())
        });
        let user = ctx.and_then(|c| c.user.clone()).unwrap_or_default();
        let auth = self
            .kubeconfig
            .auth_infos
            .iter()
            .find(|a| a.name == user)
            .and_then(|a| a.auth_info.as_ref());
        let server = cluster.and_then(|c| c.server.clone()).unwrap_or_default();
        let credential = auth.and_then(credential_kind);
        let plain = server.starts_with("http://");
        Endpoint {
            withheld_over_http: plain && credential.is_some(),
            credential: credential.unwrap_or_else(|| "no credential".into()),
            server,
            user,
        }
    }
}

/// Who the cockpit is to a server: its address, the kubeconfig user and its kind of
/// credential (never the credential itself).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Endpoint {
    pub server: String,
    pub user: String,
    /// `token`, `token file /path`, `exec plugin aws`, `client certificate`…
    pub credential: String,
    /// The kubeconfig has a credential, but the server is plain `http://`: it is not sent.
    pub withheld_over_http: bool,
}

impl Endpoint {
    /// Why requests carry no credential, when they do not.
    pub fn withheld_text(&self) -> Option<String> {
        self.withheld_over_http.then(|| {
            format!(
                "requests to {} are unauthenticated: it is plain http://, and like kubectl \
                 stagecoach sends user {:?}'s {} only over https",
                self.server, self.user, self.credential
            )
        })
    }
}

/// The kind of credential a kubeconfig user presents, as the messages name it.
fn credential_kind(a: &kube::config::AuthInfo) -> Option<String> {
    if let Some(e) = &a.exec {
        return Some(format!(
            "exec plugin {}",
            e.command.as_deref().unwrap_or("(no command)")
        ));
    }
    if let Some(p) = &a.auth_provider {
        return Some(format!("auth provider {}", p.name));
    }
    if let Some(f) = &a.token_file {
        return Some(format!("token file {f}"));
    }
    if a.token.is_some() {
        return Some("token".into());
    }
    if a.client_certificate.is_some() || a.client_certificate_data.is_some() {
        return Some("client certificate".into());
    }
    if a.username.is_some() || a.password.is_some() {
        return Some("username and password".into());
    }
    None
}

/// client-go reads a kubeconfig user's credentials only for a TLS transport (`clientcmd`'s
/// "only try to read the auth information if we are secure"): over plain `http://` kubectl
/// sends no token, password, certificate or exec output, and neither do we — anyone on the
/// path would read them. Impersonation (`as:`, `as-groups:`) is no credential, and kubectl
/// sends it over http too.
fn withhold_credentials_over_http(config: &mut Config) {
    if config.cluster_url.scheme_str() == Some("http") {
        let old = std::mem::take(&mut config.auth_info);
        config.auth_info.impersonate = old.impersonate;
        config.auth_info.impersonate_groups = old.impersonate_groups;
        config.auth_info.impersonate_uid = old.impersonate_uid;
        config.auth_info.impersonate_user_extra = old.impersonate_user_extra;
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

/// Registers every credential a kubeconfig holds for redaction: static tokens, the contents of
/// token files, passwords, client keys and an auth provider's tokens (OIDC's `id-token`,
/// `refresh-token`, …), so that no error text or panic message can carry one to the screen.
pub fn register_credentials(kubeconfig: &Kubeconfig) {
    use secrecy::ExposeSecret;
    for a in kubeconfig
        .auth_infos
        .iter()
        .filter_map(|a| a.auth_info.as_ref())
    {
        let mut found: Vec<String> = Vec::new();
        found.extend(a.token.iter().map(|t| t.expose_secret().to_string()));
        found.extend(a.password.iter().map(|p| p.expose_secret().to_string()));
        found.extend(
            a.client_key_data
                .iter()
                .map(|k| k.expose_secret().to_string()),
        );
        if let Some(f) = &a.token_file {
            if let Ok(text) = std::fs::read_to_string(f) {
                found.push(text.trim().to_string());
            }
        }
        if let Some(p) = &a.auth_provider {
            found.extend(
                p.config
                    .iter()
                    .filter(|(k, _)| {
                        k.contains("token") || k.contains("secret") || k.contains("password")
                    })
                    .map(|(_, v)| v.clone()),
            );
        }
        for secret in found {
            crate::secrets::register(&secret);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = "apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts:\n- name: a\n  context: {cluster: a, user: a}\nclusters:\n- name: a\n  cluster: {server: 'http://127.0.0.1:1'}\nusers:\n- name: a\n  user: {token: abcdefgh12345678}\n";
    const TWO: &str = "apiVersion: v1\nkind: Config\ncurrent-context: b\ncontexts:\n- name: b\n  context: {cluster: a, user: a}\n";

    #[tokio::test]
    async fn no_credential_goes_over_plain_http_and_the_endpoint_says_why() {
        let kc = Kubeconfig::from_yaml(ONE).unwrap();
        let target = KubeTarget {
            kubeconfig: kc,
            context: "a".into(),
            contexts: vec!["a".into()],
            liveness: Liveness::default(),
        };
        let config = target.config("a").await.unwrap();
        assert!(config.auth_info.token.is_none());
        assert!(config.auth_info.token_file.is_none() && config.auth_info.exec.is_none());
        let e = target.endpoint("a");
        assert_eq!(e.server, "http://127.0.0.1:1");
        assert_eq!((e.user.as_str(), e.credential.as_str()), ("a", "token"));
        let why = e.withheld_text().expect("withheld");
        assert!(why.contains("plain http://"), "{why}");
        // Over https the token stays.
        let tls = ONE.replace("http://127.0.0.1:1", "https://127.0.0.1:1");
        let target = KubeTarget {
            kubeconfig: Kubeconfig::from_yaml(&tls).unwrap(),
            ..target
        };
        let config = target.config("a").await.unwrap();
        assert!(config.auth_info.token.is_some());
        assert_eq!(target.endpoint("a").withheld_text(), None);
    }

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

    #[test]
    fn every_credential_of_a_kubeconfig_is_registered_for_redaction() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("token");
        std::fs::write(&file, "from-a-token-file-0123456789\n").unwrap();
        let text = format!(
            "apiVersion: v1\nkind: Config\nusers:\n\
             - name: a\n  user: {{token: static-token-0123456789}}\n\
             - name: b\n  user: {{tokenFile: {}}}\n\
             - name: c\n  user: {{username: u, password: a-password-0123456789}}\n\
             - name: d\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        \
             id-token: oidc-id-token-0123456789\n        refresh-token: oidc-refresh-0123456789\n        \
             client-id: not-a-secret\n",
            file.display()
        );
        let k: Kubeconfig = serde_yaml::from_str(&text).unwrap();
        register_credentials(&k);
        let said = crate::secrets::redact(
            "static-token-0123456789 from-a-token-file-0123456789 a-password-0123456789 \
             oidc-id-token-0123456789 oidc-refresh-0123456789 not-a-secret",
        );
        assert_eq!(
            said,
            "<redacted> <redacted> <redacted> <redacted> <redacted> not-a-secret"
        );
    }
}
