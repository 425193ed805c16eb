//! The user's config (`--config FILE`, default `$XDG_CONFIG_HOME/stagecoach/config.yaml`): teams,
//! their stages, Jenkins and config repos. Tokens are never inline, only references to them.

pub mod deploy;
pub mod panel;
pub mod paths;
pub mod promotion;

pub use deploy::{DeployJobs, DeployKind, DeployMode};
pub use paths::{config_dir, default_config_file};
pub use promotion::{BranchAt, BranchChain, PromotionModel};

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// A kubeconfig file; default: KUBECONFIG, then ~/.kube/config (as kubectl).
    #[serde(default)]
    pub kubeconfig: Option<PathBuf>,
    #[serde(default)]
    pub context: Option<String>,
    #[serde(default)]
    pub teams: Vec<TeamConfig>,
    /// A built-in theme name (`default`, `dusk`).
    #[serde(default)]
    pub theme: Option<String>,
    /// Lines kept per log stream.
    #[serde(default)]
    pub log_lines: Option<usize>,
    #[serde(default)]
    pub readonly: bool,
    /// The headroom's free-share warning.
    #[serde(default)]
    pub headroom: panel::HeadroomConfig,
    /// Prices of a stage's reservation.
    #[serde(default)]
    pub cost: panel::CostConfig,
    /// When an up stage is idle.
    #[serde(default)]
    pub idle: panel::IdleConfig,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamConfig {
    pub name: String,
    /// Known stages; namespaces `<team>-<anything>` are discovered as well.
    #[serde(default)]
    pub stages: Vec<String>,
    #[serde(default)]
    pub protected: Vec<String>,
    /// `jenkins` (deploy-<stage> jobs) or `helmfile`.
    #[serde(default)]
    pub deploy: Option<String>,
    /// The job that deploys a stage, `{stage}` replaced (default `deploy-{stage}`).
    #[serde(default)]
    pub deploy_job: Option<String>,
    /// The job that uninstalls a stage (default `uninstall-{stage}`).
    #[serde(default)]
    pub uninstall_job: Option<String>,
    /// The parameter that names the stage when one job deploys every stage (`STAGE`).
    #[serde(default)]
    pub stage_param: Option<String>,
    /// The job that deploys an ad-hoc stage (one not in `stages`), given the stage in its
    /// stage parameter (`stage_param`, else `STAGE`).
    #[serde(default)]
    pub adhoc_deploy_job: Option<String>,
    /// The job that uninstalls an ad-hoc stage.
    #[serde(default)]
    pub adhoc_uninstall_job: Option<String>,
    #[serde(default)]
    pub jenkins: Option<JenkinsConfig>,
    #[serde(default)]
    pub repo: Option<RepoConfig>,
    /// How changes travel between stages (see `promotion.rs`).
    #[serde(default)]
    pub promotion: Option<promotion::PromotionConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JenkinsConfig {
    pub url: String,
    pub user: String,
    /// A file (mode 0600) holding the API token.
    #[serde(default)]
    pub token_file: Option<PathBuf>,
    /// An environment variable holding the API token.
    #[serde(default)]
    pub token_env: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    pub url: String,
    /// An existing checkout to work in; without it the cockpit keeps its own clone under
    /// `$XDG_DATA_HOME/stagecoach/repos/<context>/<team>`.
    #[serde(default)]
    pub path: Option<PathBuf>,
    #[serde(default = "main_branch")]
    pub branch: String,
    #[serde(default)]
    pub jcasc: Option<String>,
    #[serde(default)]
    pub helmfile: Option<String>,
}

fn main_branch() -> String {
    "main".into()
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    // The OS error is part of this message, not a `source`: a caller printing the error chain
    // would say it twice.
    #[error("cannot read {path}: {reason}")]
    Read {
        path: String,
        reason: std::io::Error,
    },
    /// serde_yaml's message names the key, line and column.
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    /// A value of the right type that means nothing (`deploy: argo`): the message names the key.
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
}

impl Config {
    pub fn parse(text: &str, path: &str) -> Result<Config, ConfigError> {
        let c = serde_yaml::from_str::<Option<Config>>(text)
            .map(Option::unwrap_or_default)
            .map_err(|e| ConfigError::Parse {
                path: path.to_string(),
                message: e.to_string(),
            })?;
        for t in &c.teams {
            DeployJobs::of_team(t).map_err(|message| ConfigError::Invalid {
                path: path.to_string(),
                message,
            })?;
            PromotionModel::of_team(t).map_err(|message| ConfigError::Invalid {
                path: path.to_string(),
                message,
            })?;
        }
        Ok(c)
    }

    /// Each team's deploy and uninstall jobs (checked by `parse`; a team that fails the check
    /// here, built by hand, gets the defaults).
    pub fn deploy_jobs(&self) -> std::collections::BTreeMap<String, DeployJobs> {
        self.teams
            .iter()
            .map(|t| (t.name.clone(), DeployJobs::of_team(t).unwrap_or_default()))
            .collect()
    }

    /// Reads an explicit file (which must exist) or the default one (which may not).
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, must_exist) = match explicit {
            Some(p) => (p.to_path_buf(), true),
            None => match default_config_file() {
                Some(p) => (p, false),
                None => return Ok(Config::default()),
            },
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(&text, &path.display().to_string()),
            Err(e) if !must_exist && e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Config::default())
            }
            Err(reason) => Err(ConfigError::Read {
                path: path.display().to_string(),
                reason,
            }),
        }
    }

    /// Each team's promotion model (checked by `parse`; one built by hand that fails the
    /// check gets one branch with per-stage values).
    pub fn promotion_models(&self) -> std::collections::BTreeMap<String, PromotionModel> {
        self.teams
            .iter()
            .map(|t| {
                let m = PromotionModel::of_team(t)
                    .unwrap_or(PromotionModel::Values { order: Vec::new() });
                (t.name.clone(), m)
            })
            .collect()
    }

    pub fn team_names(&self) -> Vec<String> {
        self.teams.iter().map(|t| t.name.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_demo_config_shape() {
        let c = Config::parse(
            "kubeconfig: /tmp/w/kubeconfig\ncontext: stagecoach-demo\nteams:\n  - name: payments\n    stages: [dev, qa]\n    protected: [prod]\n    deploy: jenkins\n    jenkins:\n      url: http://127.0.0.1:1/\n      user: admin\n      token_file: /tmp/w/t\n    repo:\n      url: /tmp/w/repos/payments-config.git\n      jcasc: jenkins/jenkins.yaml\n",
            "c.yaml",
        )
        .unwrap();
        assert_eq!(c.team_names(), vec!["payments"]);
        assert_eq!(c.teams[0].repo.as_ref().unwrap().branch, "main");
    }

    #[test]
    fn a_typo_names_file_line_and_key() {
        let e = Config::parse("teams:\n  - name: payments\n    stagse: [dev]\n", "c.yaml")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("c.yaml") && e.contains("line 3") && e.contains("stagse"),
            "{e}"
        );
    }

    #[test]
    fn deploy_keys_are_read_and_checked() {
        let c = Config::parse(
            "teams:\n  - name: payments\n    deploy: jenkins\n    deploy_job: ops/deploy\n    stage_param: STAGE\n",
            "c.yaml",
        )
        .unwrap();
        let d = &c.deploy_jobs()["payments"];
        assert_eq!(d.job(DeployKind::Deploy, "qa"), "ops/deploy");
        assert_eq!(d.job(DeployKind::Uninstall, "qa"), "uninstall-qa");
        let e = Config::parse(
            "teams:\n  - name: payments\n    deploy_job: ops/deploy\n",
            "c.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("c.yaml") && e.contains("teams[payments].deploy_job"),
            "{e}"
        );
    }

    #[test]
    fn an_empty_file_is_the_default() {
        assert!(Config::parse("", "c.yaml").unwrap().teams.is_empty());
    }
}
