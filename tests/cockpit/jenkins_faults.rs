//! The Jenkins cells of the fault matrix (issue 16) on the demo world, each switched at run
//! time on the simulated controller: answers that take 5 s (keys keep working, the screen says
//! it waits, and no poll piles up behind another), the API token revoked mid-session (a clear
//! message, the data kept, and recovery once the token is valid again), and a queue item that
//! is cancelled from the web UI or vanishes (the cockpit says so instead of waiting forever).

use crate::common;

use std::collections::HashMap;
use std::time::Duration;

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use stagecoach::app::effect::Effect;
use stagecoach::app::jenkins::{JenkinsEffect, JenkinsMsg, TriggerProgress};
use stagecoach::app::msg::Msg;
use stagecoach::app::nav::Screen;
use stagecoach::app::App;
use stagecoach::config::JenkinsConfig;
use stagecoach::effects::Runner;
use stagecoach::jenkins::{JenkinsClient, JobPath};
use stagecoach::launch::{launch, LaunchOptions};
use stagecoach::runtime::Cockpit;
use stagecoach::sim::serve::RunningSim;

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 24)).unwrap();
    let theme = stagecoach::theme::Theme::builtin();
    t.draw(|f| stagecoach::ui::draw(app, &theme, f)).unwrap();
    stagecoach::ui::export::to_text(t.backend().buffer())
}

fn key(c: &mut Cockpit, k: &str) {
    let fx = c
        .app
        .update(Msg::Key(stagecoach::keymap::key::Key::parse(k).unwrap()));
    c.runner.run(fx);
}

/// Runs the cockpit with the clock moving (as the loop's ticks would) until `ready` holds for
/// the screen drawn, or `within` ends; returns the last screen and whether it held.
async fn run_until(
    c: &mut Cockpit,
    within: Duration,
    ready: impl Fn(&str) -> bool,
) -> (String, bool) {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let fx = c.app.update(Msg::Clock(jiff::Timestamp::now()));
        c.runner.run(fx);
        let s = screen(&c.app);
        if ready(&s) {
            return (s, true);
        }
        if tokio::time::Instant::now() >= deadline {
            return (s, false);
        }
        common::pump(c, Duration::from_millis(250), |_| false).await;
    }
}

async fn cockpit_on_payments_jobs(sim: &RunningSim, dir: &std::path::Path) -> Cockpit {
    sim.write_dir(dir).unwrap();
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.join("stagecoach.yaml")),
        ..LaunchOptions::default()
    })
    .await
    .expect("the cockpit starts");
    c.app.update(Msg::Resized {
        width: 100,
        height: 24,
    });
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.is_synced()).await,
        "first sync"
    );
    // The matrix's first row is payments-build: `J` opens payments' jobs.
    key(&mut c, "J");
    assert!(matches!(c.app.top(), Screen::Jobs(_)));
    c
}

fn selected_job(app: &App) -> Option<JobPath> {
    match app.top() {
        Screen::Jobs(j) => j.selected.clone(),
        _ => None,
    }
}

/// Every answer of payments' Jenkins takes 5 s: the jobs come, keys move the selection while
/// the next answer is awaited, the header says it waits for Jenkins when an answer is overdue,
/// and never is more than one request for the same thing in flight.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jenkins_answers_taking_5s_keep_keys_working_and_polls_never_pile_up() {
    let sim = common::world("").await;
    let j = sim.jenkins_of("payments").unwrap();
    j.switches().set_latency(Duration::from_secs(5));
    let dir = tempfile::tempdir().unwrap();
    let mut c = cockpit_on_payments_jobs(&sim, dir.path()).await;
    let (first, ok) = run_until(&mut c, Duration::from_secs(60), |s| s.contains("e2e-tests")).await;
    assert!(ok, "the jobs arrive: {first}");
    // Keys work while the next answer is awaited.
    let at = selected_job(&c.app);
    key(&mut c, "j");
    key(&mut c, "j");
    assert_ne!(selected_job(&c.app), at, "j moves the selection");
    let (waiting, ok) = run_until(&mut c, Duration::from_secs(60), |s| {
        s.contains("waiting for Jenkins")
    })
    .await;
    assert!(ok, "an overdue answer is said: {waiting}");
    // The data stays on screen meanwhile.
    assert!(waiting.contains("e2e-tests"), "{waiting}");
    // A few more rounds of polls, with keys pressed between them.
    for _ in 0..4 {
        key(&mut c, "k");
        run_until(&mut c, Duration::from_secs(4), |_| false).await;
    }
    let most = j.switches().most_in_flight();
    assert!(!most.is_empty());
    assert!(
        most.values().all(|n| *n == 1),
        "never two requests for one thing at once: {most:?}"
    );
    j.switches().set_latency(Duration::ZERO);
    let (live, ok) = run_until(&mut c, Duration::from_secs(30), |s| {
        s.contains("live") && !s.contains("waiting for Jenkins")
    })
    .await;
    assert!(ok, "live again once answers are quick: {live}");
}

/// The admin's API token is revoked while the jobs screen polls: the screen says the token
/// was refused and which setting to fix, keeps the data it had, never shows the token; once
/// the token is valid again the screen is live again by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_revoked_mid_session_is_said_and_recovered_from() {
    let sim = common::world("").await;
    let j = sim.jenkins_of("payments").unwrap();
    let token = j.token("admin").unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let mut c = cockpit_on_payments_jobs(&sim, dir.path()).await;
    let (s, ok) = run_until(&mut c, Duration::from_secs(30), |s| {
        s.contains("e2e-tests") && s.contains("live")
    })
    .await;
    assert!(ok, "{s}");

    j.switches().set_token_revoked("admin", true);
    let (refused, ok) = run_until(&mut c, Duration::from_secs(60), |s| {
        s.contains("token_file")
    })
    .await;
    assert!(ok, "the refusal is said: {refused}");
    assert!(refused.contains("showing data"), "{refused}");
    assert!(refused.contains("e2e-tests"), "the data is kept: {refused}");
    assert!(!refused.contains(&token));
    let at = selected_job(&c.app);
    key(&mut c, "j");
    assert_ne!(selected_job(&c.app), at, "keys still work");

    j.switches().set_token_revoked("admin", false);
    let (live, ok) = run_until(&mut c, Duration::from_secs(90), |s| {
        s.contains("live") && !s.contains("token_file")
    })
    .await;
    assert!(ok, "live again once the token is valid: {live}");
}

/// A runner with payments' Jenkins of the world (its token from the 0600 file).
fn runner_for(
    sim: &RunningSim,
    dir: &std::path::Path,
) -> (Runner, tokio::sync::mpsc::Receiver<Msg>) {
    stagecoach::jenkins::client::install_crypto();
    sim.write_dir(dir).unwrap();
    let kube =
        kube::Client::try_from(kube::Config::new("http://127.0.0.1:9".parse().unwrap())).unwrap();
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    let mut runner = Runner::new(kube, None, tx);
    let cfg = JenkinsConfig {
        url: sim.jenkins_of("payments").unwrap().url(),
        user: "admin".into(),
        token_file: Some(stagecoach::sim::serve::token_file(dir, "payments")),
        token_env: None,
    };
    runner.set_jenkins(HashMap::from([(
        "payments".to_string(),
        JenkinsClient::from_config("payments", &cfg),
    )]));
    (runner, rx)
}

/// Triggers `deploy-e2e` (its 5 s quiet period keeps the item waiting) and returns its queue id.
async fn trigger(runner: &mut Runner, rx: &mut tokio::sync::mpsc::Receiver<Msg>, g: u64) -> u64 {
    runner.run(vec![Effect::Jenkins(JenkinsEffect::TriggerBuild {
        team: "payments".into(),
        job: JobPath::parse("deploy-e2e"),
        params: vec![("APPS".into(), "api".into())],
        parameterized: true,
        generation: g,
        confirmed: None,
        deploy: None,
    })]);
    loop {
        match next_progress(rx, g).await {
            TriggerProgress::Queued {
                queue_id: Some(id), ..
            } => return id,
            TriggerProgress::Failed(e) => panic!("the trigger failed: {e}"),
            _ => {}
        }
    }
}

async fn next_progress(rx: &mut tokio::sync::mpsc::Receiver<Msg>, g: u64) -> TriggerProgress {
    loop {
        let m = tokio::time::timeout(Duration::from_secs(60), rx.recv())
            .await
            .expect("the trigger reports within a minute")
            .expect("the runner lives");
        if let Msg::Jenkins(JenkinsMsg::Trigger {
            generation,
            progress,
        }) = m
        {
            if generation == g {
                return progress;
            }
        }
    }
}

/// Waits for the item to end: anything but waiting.
async fn outcome(rx: &mut tokio::sync::mpsc::Receiver<Msg>, g: u64) -> TriggerProgress {
    loop {
        match next_progress(rx, g).await {
            TriggerProgress::Waiting { .. } => {}
            other => return other,
        }
    }
}

/// A queue item cancelled from the web UI (`/queue/cancelItem`), and one that vanishes from
/// the queue (its URL a 404 and no build made from it): the trigger reports it cancelled
/// instead of waiting forever; the trigger screen's words for it are in `views::trigger`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queue_item_cancelled_or_vanished_is_said_not_waited_for() {
    let sim = common::world("").await;
    let dir = tempfile::tempdir().unwrap();
    let (mut runner, mut rx) = runner_for(&sim, dir.path());
    let j = sim.jenkins_of("payments").unwrap();

    let id = trigger(&mut runner, &mut rx, 1).await;
    let admin = crate::jenkins_support::Admin::of(j);
    let r = admin.post(&format!("/queue/cancelItem?id={id}"), "").await;
    assert!(r.status < 400, "cancelItem: {}", r.status);
    assert_eq!(outcome(&mut rx, 1).await, TriggerProgress::Cancelled);

    let id = trigger(&mut runner, &mut rx, 2).await;
    assert!(j.forget_queue_item(id), "the item was in the queue");
    assert_eq!(outcome(&mut rx, 2).await, TriggerProgress::Cancelled);
}
