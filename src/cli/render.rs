//! `stagecoach render VIEW`: one screen after the first sync, to stdout — the same app, runner
//! and drawing as the cockpit, on a test backend of the given size.

use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, ValueEnum};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use stagecoach::app::nav::Screen;
use stagecoach::app::App;
use stagecoach::keymap::Action;
use stagecoach::launch::launch;
use stagecoach::runtime::Cockpit;
use stagecoach::views::logs::StreamStatus;
use stagecoach::views::release::Tab;
use tokio::time::Instant;

use super::{TargetArgs, WorldArgs};

/// Twice the log stream's batch wait (50 ms): no batch in this long means the tail is in.
const LOG_QUIET: Duration = Duration::from_millis(100);

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum View {
    Stages,
    Pods,
    Pod,
    Diag,
    Logs,
    /// A team's Jenkins jobs and queue (`--team`, default: the first team).
    Jobs,
    /// Helm releases of the scope (`helm list -a`), after the visible rows are decoded.
    Releases,
    /// One release's detail (`--release`, default the first failed one; `--tab`).
    Release,
    /// The team's Jenkins pod templates from its JCasC file (`--team`/`--stage`).
    Agents,
    /// A stage's releases against the config repo's Helmfile (`--stage`, default the team's
    /// first stage the Helmfile describes), after the Helmfile is read and the payloads decoded.
    Drift,
    /// What changed a stage, newest first (`--stage`; `--release` keeps to one release), after
    /// its deploy builds, its config-repo commits and the revisions on screen are read.
    Timeline,
    /// The team's promotion (`--team`; `--stage` picks the stage promoted into): a branch per
    /// stage's pending commits once fetched, or the values side by side.
    Promotion,
    /// CPU and memory requested vs allocatable per node and stage (`--stage` names a team or
    /// stage whose team is shown; default every team), after the nodes and pods are listed
    /// and metrics.k8s.io has answered or said it is not served.
    Headroom,
    /// What a team's stages reserve and cost, idle ones first (`--team`/`--stage`), after the
    /// team's Jenkins has answered.
    Cost,
    /// What you and the team's Jenkins may do in each of its namespaces (`--team`), after the
    /// API's rules reviews and the Jenkins account's RoleBindings are read.
    Access,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Which screen.
    #[arg(value_enum)]
    pub view: View,
    /// A stage of the team (`qa`) or a namespace (`payments-qa`).
    #[arg(long)]
    pub stage: Option<String>,
    /// The pod for `pod` and `logs` (default: the worst one in scope).
    #[arg(long)]
    pub pod: Option<String>,
    /// The previous container's log, for `logs`.
    #[arg(long)]
    pub previous: bool,
    /// The release for `release` (default: the first failed one, else the first); for
    /// `timeline`, only what concerns this release.
    #[arg(long)]
    pub release: Option<String>,
    /// The tab for `release`: status, history, values, computed, manifest, hooks, diff, pods.
    #[arg(long, default_value = "status")]
    pub tab: String,
    #[arg(long, default_value_t = 80)]
    pub width: u16,
    #[arg(long, default_value_t = 24)]
    pub height: u16,
    /// Keep colours (ANSI SGR).
    #[arg(long)]
    pub ansi: bool,
    /// An SVG picture of the screen (the default theme's colours, a monospace font).
    #[arg(long, conflicts_with = "ansi")]
    pub svg: bool,
    /// Give up waiting for the data after this many seconds.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    /// Render against the embedded demo world.
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub world: WorldArgs,
}

pub async fn run(args: &RenderArgs, target: &TargetArgs) -> ExitCode {
    let mut opts = super::cockpit::options(target);
    let _world = if args.demo {
        match super::demo::start_world(&args.world).await {
            Ok((sim, dir)) => {
                opts.config_file = Some(dir.path().join("stagecoach.yaml"));
                opts.kubeconfig = Some(dir.path().join("kubeconfig"));
                Some((sim, dir))
            }
            Err(e) => {
                eprintln!("stagecoach: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        None
    };
    let mut c = match launch(opts).await {
        Ok(c) => c,
        Err(e) => return super::cockpit::fail(&e),
    };
    match render(&mut c, args).await {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stagecoach: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn render(c: &mut Cockpit, args: &RenderArgs) -> Result<String, String> {
    let deadline = Instant::now() + Duration::from_secs(args.timeout);
    c.app.update(stagecoach::app::msg::Msg::Resized {
        width: args.width,
        height: args.height,
    });
    // Stops early when the cause is certain (a refused credential, nothing listening).
    pump(c, deadline, |a| {
        (a.world.is_synced() && !a.world.stages.is_empty()) || a.world.certain_failure().is_some()
    })
    .await
    .map_err(|_| match c.app.world.worst_watch() {
        Some(_) => c.app.world.unsynced_text(),
        None => "no data from the cluster in time (is the kubeconfig right?)".to_string(),
    })?;
    if let Some(why) = c.app.world.certain_failure() {
        return Err(why);
    }
    let scope = match (&args.stage, &args.view) {
        (Some(s), _) => Some(s.clone()),
        (None, _) => c.app.world.teams.first().cloned(),
    };
    match args.view {
        View::Stages => {}
        View::Jobs => {
            command(c, &format!("jobs {}", scope.unwrap_or_default()))?;
            let polled = |a: &App| match a.top() {
                Screen::Jobs(j) => j.jobs.data.is_some() || j.jobs.error.is_some(),
                _ => true,
            };
            pump(c, deadline, polled)
                .await
                .map_err(|_| "no answer from Jenkins in time".to_string())?;
            // Jenkins refused or could not be reached: the screen says so, and so does the
            // exit code (a script must not take an error screen for the jobs).
            if let Screen::Jobs(j) = c.app.top() {
                if let (None, Some(lost)) = (&j.jobs.data, &j.jobs.error) {
                    return Err(lost.error.to_string());
                }
            }
        }
        View::Diag => command(c, &format!("diag {}", scope.unwrap_or_default()))?,
        View::Cost => {
            command(c, &format!("cost {}", scope.unwrap_or_default()))?;
            let read = |a: &App| match a.top() {
                Screen::Cost(s) => {
                    a.world.capacity.synced() && (s.generation == 0 || s.jobs.is_some())
                }
                _ => true,
            };
            pump(c, deadline, read)
                .await
                .map_err(|_| "the nodes, pods or Jenkins jobs were not read in time".to_string())?;
        }
        View::Access => {
            let team = scope.unwrap_or_default();
            command(c, &format!("access {team}"))?;
            let read = |a: &App| match a.top() {
                Screen::Access(s) => a.world.access.contains_key(&s.team),
                _ => true,
            };
            pump(c, deadline, read)
                .await
                .map_err(|_| "the API did not say in time what you may do".to_string())?;
        }
        View::Headroom => {
            command(
                c,
                &format!("headroom {}", args.stage.clone().unwrap_or_default()),
            )?;
            let read = |a: &App| a.world.capacity.synced() && a.world.capacity.usage.is_some();
            pump(c, deadline, read)
                .await
                .map_err(|_| "the nodes and pods were not listed in time".to_string())?;
        }
        View::Agents => {
            command(c, &format!("agents {}", scope.unwrap_or_default()))?;
            // The file is read once the clone is there (a first run clones it); then Jenkins
            // is asked which of its labels it can provision.
            let read = |a: &App| match a.top() {
                Screen::Agents(s) => {
                    s.agents(&a.world).is_some_and(|agents| {
                        agents
                            .templates
                            .iter()
                            .all(|t| t.template.labels.is_empty())
                            || s.live.data.is_some()
                            || s.live.error.is_some()
                    }) && a
                        .world
                        .repos
                        .get(&s.team)
                        .is_some_and(|d| d.status.is_some() && d.busy.is_none())
                }
                _ => true,
            };
            pump(c, deadline, read).await.map_err(|_| {
                "the JCasC file was not read, or Jenkins did not answer, in time".to_string()
            })?;
        }
        View::Drift => {
            command(c, &format!("drift {}", scope.unwrap_or_default()))?;
            // The clone is opened and its Helmfile read first; then the releases' payloads.
            let read = |a: &App| match a.top() {
                Screen::Drift(d) => {
                    !matches!(
                        d.view(&a.world).1,
                        stagecoach::app::drift::DriftView::Reading
                    ) || a.world.repos.get(&d.team).is_some_and(|r| {
                        r.busy.is_none() && r.last.as_ref().is_some_and(|l| l.1.is_err())
                    })
                }
                _ => true,
            };
            pump(c, deadline, read)
                .await
                .map_err(|_| "the config repo's Helmfile was not read in time".to_string())?;
            settle_releases(c, deadline).await;
        }
        View::Timeline => {
            let stage = args
                .stage
                .clone()
                .ok_or("render timeline needs --stage (qa, or a namespace)")?;
            command(c, &format!("timeline {stage}"))?;
            if let Screen::Timeline(t) = c.app.top_mut() {
                t.release.clone_from(&args.release);
            }
            pump(c, deadline, timeline_read)
                .await
                .map_err(|_| "the stage's builds and commits were not read in time".to_string())?;
            settle_releases(c, deadline).await;
        }
        View::Promotion => {
            command(c, &format!("promote {}", scope.unwrap_or_default()))?;
            let read = |a: &App| match a.top() {
                Screen::Promotion(p) => a
                    .world
                    .promotions
                    .get(&p.team)
                    .is_some_and(|d| d.steps.is_some()),
                Screen::Values(v) => v.landscape(&a.world).is_some(),
                _ => true,
            };
            pump(c, deadline, read)
                .await
                .map_err(|_| "the stage branches were not read in time".to_string())?;
        }
        View::Releases | View::Release => {
            command(c, &format!("releases {}", scope.unwrap_or_default()))?;
            settle_releases(c, deadline).await;
            if args.view == View::Release {
                select_release(c, args.release.as_deref())?;
                act(c, Action::Drill);
                let tab = Tab::ALL
                    .into_iter()
                    .find(|t| t.title().eq_ignore_ascii_case(&args.tab))
                    .ok_or_else(|| {
                        let tabs: Vec<&str> = Tab::ALL.iter().map(|t| t.title()).collect();
                        format!("no tab {:?} (tabs: {})", args.tab, tabs.join(", "))
                    })?;
                act(c, tab.action());
                settle_releases(c, deadline).await;
            }
        }
        View::Pods | View::Pod | View::Logs => {
            command(c, &format!("pods {}", scope.unwrap_or_default()))?;
            if args.view != View::Pods {
                select_pod(c, args.pod.as_deref(), args.previous)?;
                let action = match (args.view, args.previous) {
                    (View::Pod, _) => Action::Drill,
                    (_, true) => Action::PreviousLogs,
                    _ => Action::Logs,
                };
                act(c, action);
                // Detail and logs arrive after their own requests: wait for them, not a clock.
                pump(c, deadline, detail_read)
                    .await
                    .map_err(|_| "the pod's detail or log did not arrive in time".to_string())?;
                if args.view == View::Logs {
                    log_settled(c, deadline).await;
                }
            }
        }
    }
    // What has already arrived lands; nothing is waited for (the view is complete).
    drain_queued(c);
    let mut t =
        Terminal::new(TestBackend::new(args.width, args.height)).map_err(|e| e.to_string())?;
    t.draw(|f| stagecoach::ui::draw(&c.app, &c.theme, f))
        .map_err(|e| e.to_string())?;
    let buf = t.backend().buffer();
    Ok(if args.ansi {
        stagecoach::ui::export::to_ansi(buf)
    } else if args.svg {
        stagecoach::ui::svg::to_svg(buf)
    } else {
        stagecoach::ui::export::to_text(buf)
    })
}

/// The timeline's sources have answered: Jenkins (or there is none to ask), and the config
/// repo's log of the stage (or the repo failed, or the team has none).
fn timeline_read(a: &App) -> bool {
    let Screen::Timeline(t) = a.top() else {
        return true;
    };
    let jenkins = t.jobs(&a.world).is_empty() || !t.builds.is_loading();
    let stage = a.world.stages.get(&t.namespace).map(|s| s.stage.clone());
    let repo = !a.world.repo_teams.contains(&t.team)
        || a.world.repos.get(&t.team).is_some_and(|r| {
            stage.as_ref().is_some_and(|s| r.stage_logs.contains_key(s))
                || (r.busy.is_none() && r.last.as_ref().is_some_and(|l| l.1.is_err()))
                || r.landscape.as_ref().is_some_and(|l| l.error.is_some())
        });
    jenkins && repo
}

/// The pod detail has its pod and events (or their errors); a log stream has opened, ended
/// or failed.
fn detail_read(a: &App) -> bool {
    match a.top() {
        Screen::Pod(p) => {
            (p.detail.is_some() || p.gone || p.pod_error.is_some())
                && (p.events_loaded || p.events_error.is_some())
        }
        Screen::Logs(l) => l.status != StreamStatus::Connecting,
        _ => true,
    }
}

/// A followed log never ends: its tail is complete once the stream has caught up with it. The
/// stream sends full batches while it reads what the server already had, and a short one once
/// it waits for new lines; so a short batch (or an end, a failure, a stop) completes the view.
/// A log with no line at all sends no batch: the stream's own flush wait, twice, says so.
async fn log_settled(c: &mut Cockpit, deadline: Instant) {
    use stagecoach::app::msg::{LogMsg, Msg};
    use stagecoach::cluster::log_stream::BATCH_LINES;
    loop {
        let done = match c.app.top() {
            Screen::Logs(l) => {
                !matches!(l.status, StreamStatus::Connecting | StreamStatus::Streaming)
            }
            _ => true,
        };
        if done {
            return;
        }
        let empty = match c.app.top() {
            Screen::Logs(l) => l.lines.is_empty(),
            _ => false,
        };
        let left = deadline.saturating_duration_since(Instant::now());
        let wait = if empty { LOG_QUIET.min(left) } else { left };
        let msg = tokio::select! {
            m = c.rx.recv() => m,
            _ = tokio::time::sleep(wait) => None,
        };
        let Some(msg) = msg else { return };
        let caught_up =
            matches!(&msg, Msg::Log(LogMsg::Lines { lines, .. }) if lines.len() < BATCH_LINES);
        let fx = c.app.update(msg);
        c.runner.run(fx);
        if caught_up {
            return;
        }
    }
}

/// Applies the messages already queued, without waiting for more.
fn drain_queued(c: &mut Cockpit) {
    while let Ok(msg) = c.rx.try_recv() {
        let fx = c.app.update(msg);
        c.runner.run(fx);
    }
}

/// Asks for the payloads the screen shows and waits until they are decoded.
async fn settle_releases(c: &mut Cockpit, deadline: Instant) {
    let fx = c.app.want_releases();
    c.runner.run(fx);
    let _ = pump(c, deadline, |a| a.releases_settled()).await;
}

/// Selects a release by name, or the first failed one, or the first.
fn select_release(c: &mut Cockpit, name: Option<&str>) -> Result<(), String> {
    let world = c.app.world.clone();
    let Screen::Releases(r) = c.app.top_mut() else {
        return Err("not on a release list".into());
    };
    let rows = r.rows(&world);
    let line = match name {
        Some(n) => rows.iter().find(|l| l.row.name == n),
        None => rows
            .iter()
            .find(|l| l.row.status == stagecoach::helm::ReleaseStatus::Failed)
            .or(rows.first()),
    }
    .ok_or_else(|| format!("no release {} in scope", name.unwrap_or("at all")))?;
    r.selected = Some(line.key());
    Ok(())
}

fn act(c: &mut Cockpit, a: Action) {
    let fx = c.app.update(stagecoach::app::msg::Msg::Action(a));
    c.runner.run(fx);
}

fn command(c: &mut Cockpit, line: &str) -> Result<(), String> {
    let fx = c.app.run_command(line);
    c.runner.run(fx);
    match &c.app.notice {
        Some((n, _)) if n.error => Err(n.text.clone()),
        _ => Ok(()),
    }
}

/// Selects a pod by name, or the worst one (status sort puts failures first).
/// Selects the named pod, else the worst one; for `--previous`, the worst one that has a
/// previous container to show.
fn select_pod(c: &mut Cockpit, name: Option<&str>, previous: bool) -> Result<(), String> {
    if name.is_none() {
        act(c, Action::SortStatus);
    }
    let Screen::Pods(p) = c.app.top() else {
        return Err("not on a pod list".into());
    };
    let rows = p.rows(&c.app.world);
    let key = match name {
        Some(n) => rows.iter().find(|r| r.name == n),
        None if previous => rows.iter().find(|r| r.restarts > 0),
        None => rows.first(),
    }
    .map(|r| (r.namespace.clone(), r.name.clone()))
    .ok_or_else(|| match (name, previous) {
        (Some(n), _) => format!("no pod {n} in scope"),
        (None, true) => {
            "no pod in scope has restarted: there is no previous container to show (pass --pod)"
                .into()
        }
        (None, false) => "no pod in scope at all".into(),
    })?;
    if let Screen::Pods(p) = c.app.top_mut() {
        p.selected = Some(key);
    }
    Ok(())
}

/// Runs messages into the app until `ready` holds or the deadline passes.
async fn pump(c: &mut Cockpit, deadline: Instant, ready: impl Fn(&App) -> bool) -> Result<(), ()> {
    loop {
        if ready(&c.app) {
            return Ok(());
        }
        let msg = tokio::select! {
            m = c.rx.recv() => match m { Some(m) => m, None => return Err(()) },
            _ = tokio::time::sleep_until(deadline) => return Err(()),
        };
        let fx = c.app.update(msg);
        c.runner.run(fx);
    }
}
