//! Starting the cockpit, the same way for a real cluster and for the demo world: config, kube
//! target and client, theme and keymap files, the app and its runner.

use std::path::PathBuf;

use jiff::Timestamp;
use tokio::sync::mpsc;

use crate::app::{App, AppInit};
use crate::cluster::connect::KubeTarget;
use crate::config::{config_dir, Config};
use crate::effects::Runner;
use crate::keymap::load_keymap;
use crate::runtime::Cockpit;
use crate::theme::{load_theme, ColourSupport};

/// Messages waiting for the loop at most; watch tasks wait when it is full.
const CHANNEL: usize = 4096;

#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    pub config_file: Option<PathBuf>,
    pub kubeconfig: Option<PathBuf>,
    pub context: Option<String>,
    pub team: Option<String>,
    pub readonly: bool,
    /// The API deadlines; tests shorten them to take a stall through in seconds.
    pub liveness: Option<crate::cluster::liveness::Liveness>,
}

pub async fn launch(opts: LaunchOptions) -> anyhow::Result<Cockpit> {
    // reqwest is built without a crypto provider of its own: install ring's before any client.
    crate::jenkins::client::install_crypto();
    let config = Config::load(opts.config_file.as_deref())?;
    let kubeconfig = opts.kubeconfig.clone().or(config.kubeconfig.clone());
    let context = opts.context.clone().or(config.context.clone());
    let mut target = KubeTarget::load(kubeconfig.as_deref(), context.as_deref())?;
    if let Some(l) = opts.liveness {
        target.liveness = l;
    }
    crate::cluster::connect::register_credentials(&target.kubeconfig);
    let client = target.client(&target.context).await?;
    let stream_client = target.stream_client(&target.context).await?;

    let mut warnings = Vec::new();
    // On loopback (the demo world) nothing crosses a network; elsewhere say it at once.
    if let Some(why) = target.endpoint(&target.context).withheld_text() {
        let host = target.endpoint(&target.context).server;
        let loopback = ["http://127.", "http://localhost", "http://[::1]"]
            .iter()
            .any(|p| host.starts_with(p));
        if !loopback {
            warnings.push(why);
        }
    }
    let user_dir = config_dir();
    let (theme, theme_errors) = load_theme(
        config.theme.as_deref(),
        user_dir.as_ref().map(|d| d.join("theme.yaml")).as_deref(),
        ColourSupport::from_env(),
    );
    warnings.extend(theme_errors.iter().map(|e| e.to_string()));
    let (keymap, keymap_error) =
        load_keymap(user_dir.as_ref().map(|d| d.join("keymap.yaml")).as_deref());
    warnings.extend(keymap_error.iter().map(|e| e.to_string()));
    for w in &warnings {
        tracing::warn!("{w}");
    }

    let teams = match &opts.team {
        // A team the config does not name would watch nothing and look healthy: say so now.
        Some(t) if !config.teams.is_empty() && !config.team_names().contains(t) => {
            anyhow::bail!(
                "no team {t:?} in the config (teams: {})",
                config.team_names().join(", ")
            )
        }
        Some(t) => vec![t.clone()],
        None => config.team_names(),
    };
    let protected: Vec<String> = config
        .teams
        .iter()
        .flat_map(|t| t.protected.iter().map(move |s| format!("{}-{s}", t.name)))
        .collect();
    let repos: std::collections::HashMap<String, crate::repo::tasks::RepoTarget> = config
        .teams
        .iter()
        .filter_map(|t| {
            let r = t.repo.as_ref()?;
            let dir =
                crate::repo::checkout::clone_dir(r.path.as_deref(), &target.context, &t.name)?;
            Some((
                t.name.clone(),
                crate::repo::tasks::RepoTarget {
                    team: t.name.clone(),
                    url: r.url.clone(),
                    branch: r.branch.clone(),
                    dir,
                    jcasc: r
                        .jcasc
                        .clone()
                        .unwrap_or_else(|| "jenkins/jenkins.yaml".into()),
                },
            ))
        })
        .collect();
    let recovery_dir = crate::config::paths::state_dir().map(|d| {
        d.join("recovery")
            .join(crate::config::paths::path_component(&target.context))
    });
    let recoveries = recovery_dir
        .as_deref()
        .map(|d| still_unsaved(d, &repos))
        .unwrap_or_default();
    let external_editor = ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
    let (tx, rx) = mpsc::channel(CHANNEL);
    let (mut app, mut effects) = App::new(AppInit {
        context: target.context.clone(),
        contexts: target.contexts.clone(),
        teams,
        protected: protected.clone(),
        configured: config
            .teams
            .iter()
            .filter(|t| opts.team.as_ref().is_none_or(|only| *only == t.name))
            .flat_map(|t| t.stages.iter().map(move |s| format!("{}-{s}", t.name)))
            .collect(),
        readonly: opts.readonly || config.readonly,
        keymap,
        log_capacity: config.log_lines.unwrap_or(10_000),
        now: Timestamp::now(),
        warnings,
        external_editor,
        recoveries,
        deploy_jobs: config.deploy_jobs(),
    });
    app.world.repo_teams = repos.keys().cloned().collect();
    app.world.promotion = config.promotion_models();
    app.world.capacity.min_free_percent = config.headroom.min_free_percent;
    app.world.capacity.prices = config.cost.clone();
    app.world.capacity.idle_days = config.idle.days;
    // All teams: two cluster-wide watches from the start, beside the namespace list (with
    // `--team`, the first namespace list decides: per namespace unless there are many).
    if opts.team.is_none() {
        app.world.all_stages.all_teams = true;
        effects.extend(app.world.start_all_stages());
    }
    if config.headroom.watch_at_start {
        effects.push(crate::app::effect::Effect::WatchCapacity);
    }
    let promotions = promotion_targets(&config, &target.context);
    app.kubeconfig = Some(match &kubeconfig {
        Some(p) => p.display().to_string(),
        None => std::env::var("KUBECONFIG").unwrap_or_else(|_| "~/.kube/config".into()),
    });
    app.world.endpoints = target
        .contexts
        .iter()
        .map(|c| (c.clone(), target.endpoint(c)))
        .collect();
    app.world.endpoint = Some(target.endpoint(&target.context));
    let readonly = opts.readonly || config.readonly;
    let kubectl = crate::cluster::kubectl::KubectlTarget {
        kubeconfig: kubeconfig.as_ref().map(|p| p.display().to_string()),
        context: Some(target.context.clone()),
    };
    let mut runner = Runner::new(client, Some(target), tx);
    runner.set_kubectl_target(kubectl);
    runner.set_stream_client(stream_client);
    runner.set_readonly(readonly);
    runner.set_protected(protected);
    runner.set_standard_stages(
        config
            .teams
            .iter()
            .flat_map(|t| {
                let build = std::iter::once("build".to_string());
                build
                    .chain(t.stages.iter().cloned())
                    .map(move |s| format!("{}-{s}", t.name))
            })
            .collect(),
    );
    runner.set_deploy_jobs(config.deploy_jobs());
    // One HTTP client (one load of the CA roots) for every team's Jenkins; a client is cheap
    // (its token is read on its first request), so a team never looked at costs nothing.
    let jenkins_http = crate::jenkins::client::http_client();
    runner.set_jenkins(
        config
            .teams
            .iter()
            .filter_map(|t| {
                let j = t.jenkins.as_ref()?;
                Some((
                    t.name.clone(),
                    crate::jenkins::JenkinsClient::from_config_on(&t.name, j, jenkins_http.clone()),
                ))
            })
            .collect(),
    );
    runner.set_repos(repos);
    runner.set_promotions(promotions);
    runner.set_recovery_dir(recovery_dir);
    runner.run(effects);
    Ok(Cockpit {
        app,
        runner,
        rx,
        theme,
    })
}

/// The journals whose text is not what the working tree already holds (those are dropped: the
/// edits were saved after all), for the clones this config uses (a journal of a clone that is
/// gone — a finished demo's — is dropped too).
fn still_unsaved(
    dir: &std::path::Path,
    repos: &std::collections::HashMap<String, crate::repo::tasks::RepoTarget>,
) -> Vec<crate::repo::recovery::Recovery> {
    crate::repo::recovery::list(dir)
        .into_iter()
        .filter(|r| {
            let Some(t) = repos.get(&r.team) else {
                return false;
            };
            if !r.clone.is_empty() && r.clone != t.dir.display().to_string() {
                if !std::path::Path::new(&r.clone).exists() {
                    let _ = crate::repo::recovery::remove(dir, &r.team, &r.file);
                }
                return false;
            }
            let on_disk = std::fs::read_to_string(t.dir.join(&r.file)).ok();
            let saved = on_disk.is_some_and(|d| d.trim_end() == r.text.trim_end());
            if saved {
                let _ = crate::repo::recovery::remove(dir, &r.team, &r.file);
            }
            !saved
        })
        .collect()
}

/// The teams that keep a branch per stage, with the bare repository their merges are made in
/// (`promotion.path`, else one of stagecoach's own beside its clones).
fn promotion_targets(
    config: &crate::config::Config,
    context: &str,
) -> std::collections::HashMap<String, crate::repo::promotion::PromotionTarget> {
    config
        .promotion_models()
        .into_iter()
        .filter_map(|(team, m)| {
            let crate::config::PromotionModel::Branches(chain) = m else {
                return None;
            };
            // `~/…` as a shell would read it.
            let home = |p: std::path::PathBuf| match (p.strip_prefix("~"), std::env::var_os("HOME"))
            {
                (Ok(rest), Some(h)) => std::path::PathBuf::from(h).join(rest),
                _ => p,
            };
            let dir = chain.path.clone().map(home).or_else(|| {
                let clones = crate::repo::checkout::clone_dir(None, context, &team)?;
                Some(clones.with_file_name(format!(
                    "{}.promotion.git",
                    crate::config::paths::path_component(&team)
                )))
            })?;
            let t = crate::repo::promotion::PromotionTarget::new(&team, dir, &chain);
            Some((team, t))
        })
        .collect()
}
