use jiff::SignedDuration;

use super::lines::{per_day, Activity};
use super::CostState;
use crate::app::effect::Effect;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot, JobsSnapshot};
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::headroom::Amounts;
use crate::config::panel::CostConfig;
use crate::jenkins::model::{BuildRow, JobKind, JobRow};
use crate::jenkins::path::JobPath;
use crate::testkit::{self, command, press, render, screen_lines};

fn job(name: &str, days_ago: Option<i64>) -> JobRow {
    JobRow {
        path: JobPath::parse(name),
        kind: JobKind::Pipeline,
        color: None,
        last: days_ago.map(|d| BuildRow {
            number: 7,
            result: None,
            building: false,
            started: Some(testkit::start() - SignedDuration::from_hours(24 * d)),
            duration_ms: 60_000,
            estimated_ms: 60_000,
            cause: None,
        }),
        children: Vec::new(),
    }
}

/// payments' Jenkins: qa and prod deployed recently, dev and e2e weeks ago, nothing for the
/// ad-hoc stage's shared job.
fn jobs() -> JobsSnapshot {
    JobsSnapshot {
        jobs: vec![
            job("deploy-dev", Some(20)),
            job("uninstall-dev", None),
            job("deploy-e2e", Some(15)),
            job("uninstall-e2e", Some(14)),
            job("deploy-qa", Some(0)),
            job("uninstall-qa", None),
            job("deploy-prod", Some(2)),
            job("uninstall-prod", None),
            job("deploy-adhoc", Some(1)),
            job("uninstall-adhoc", None),
        ],
        queue: Vec::new(),
    }
}

/// `:cost payments` on the fixture world with its capacity, prices, and Jenkins' answer.
fn cost(w: u16, h: u16, answer: bool) -> App {
    cost_of("payments", w, h, answer)
}

fn cost_of(team: &str, w: u16, h: u16, answer: bool) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    for m in s.capacity_messages(false) {
        app.update(m);
    }
    app.world.capacity.prices = CostConfig {
        cpu_hour: Some(0.04),
        gib_hour: Some(0.005),
        currency: Some("EUR".into()),
    };
    let fx = command(&mut app, &format!("cost {team}"));
    assert!(matches!(app.top(), Screen::Cost(_)), "{:?}", app.notice);
    let generation = fx
        .iter()
        .find_map(|e| match e {
            Effect::Jenkins(JenkinsEffect::PollJobs {
                team: t, generation, ..
            }) if t == team => Some(*generation),
            _ => None,
        })
        .expect("the team's jobs are polled");
    if answer {
        app.update(Msg::Jenkins(JenkinsMsg::JobsPolled {
            team: team.into(),
            generation,
            result: Ok(jobs()),
        }));
    }
    app
}

fn state(app: &App) -> &CostState {
    match app.top() {
        Screen::Cost(c) => c,
        other => panic!("{other:?}"),
    }
}

#[test]
fn cost_80x24() {
    let app = advisory(80, 24);
    insta::assert_snapshot!("cost_80x24", render(&app).backend());
    crate::testkit::screenshot("cost", &app);
}

#[test]
fn cost_160x48() {
    let app = advisory(160, 48);
    insta::assert_snapshot!("cost_160x48", render(&app).backend());
}

#[test]
fn a_price_per_cpu_hour_and_gib_hour_makes_money_per_day() {
    let prices = CostConfig {
        cpu_hour: Some(0.04),
        gib_hour: Some(0.005),
        currency: None,
    };
    let a = Amounts {
        cpu_milli: 1500,
        memory: 4 * 1024 * 1024 * 1024,
    };
    // (1.5 × 0.04 + 4 × 0.005) × 24 = 1.92
    assert!((per_day(a, &prices).unwrap() - 1.92).abs() < 1e-9);
    assert_eq!(per_day(a, &CostConfig::default()), None);
}

#[test]
fn idle_needs_no_deploy_no_build_and_no_restart_for_the_days() {
    let mut app = cost(120, 30, true);
    // A rule long enough to make nothing idle, then one that the quiet stages meet.
    app.world.capacity.idle_days = 400;
    let lines = state(&app).lines(&app.world, app.now);
    assert!(lines.iter().all(|l| !l.idle));
    let by = |ns: &str| lines.iter().find(|l| l.namespace == ns).unwrap().clone();
    // qa was deployed today: not idle.
    assert!(!by("payments-qa").idle);
    assert!(matches!(by("payments-qa").built, Activity::At(_)));
    // dev's deploy job ran 20 days ago, but a release of it changed today.
    assert!(!by("payments-dev").idle);
    // The team's Jenkins namespace is never an idle stage.
    assert!(!by("payments-build").idle);
    // Idle ones come first.
    let first_busy = lines.iter().position(|l| !l.idle).unwrap_or(lines.len());
    assert!(lines[first_busy..].iter().all(|l| !l.idle));
    // A shorter rule makes more stages idle, never fewer.
    let mut short = app.clone();
    short.world.capacity.idle_days = 1;
    let more = state(&short)
        .lines(&short.world, short.now)
        .iter()
        .filter(|l| l.idle)
        .count();
    assert!(more >= lines.iter().filter(|l| l.idle).count());
}

#[test]
fn without_jenkins_builds_are_unknown_and_nothing_is_called_idle() {
    let app = cost(120, 30, false);
    let lines = state(&app).lines(&app.world, app.now);
    assert!(lines.iter().all(|l| !l.idle && l.built == Activity::Unknown));
    let screen = screen_lines(&app);
    assert!(screen.iter().any(|l| l.contains("asking Jenkins")), "{screen:#?}");
}

#[test]
fn x_uninstalls_the_selected_stage_and_leaving_stops_the_poll() {
    let mut app = cost(120, 30, true);
    let selected = state(&app).selected_namespace(&app.world, app.now).unwrap();
    press(&mut app, "X");
    match app.top() {
        Screen::Trigger(t) => assert!(
            t.job.full_name().starts_with("uninstall-"),
            "{:?}",
            t.job
        ),
        other => panic!("X on {selected}: {other:?} {:?}", app.notice),
    }
    let mut app = cost(120, 30, true);
    let fx = press(&mut app, "q");
    assert!(
        fx.contains(&Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Jobs))),
        "{fx:?}"
    );
}

#[test]
fn x_is_refused_at_the_key_under_readonly() {
    let mut app = cost(120, 30, true);
    app.readonly = true;
    press(&mut app, "X");
    assert!(matches!(app.top(), Screen::Cost(_)));
    let notice = format!("{:?}", app.notice);
    assert!(notice.contains("read-only"), "{notice}");
}

/// advisory with a 5-day rule: its e2e stage (deployed 6 days ago, built 14, never
/// restarted) is idle.
fn advisory(w: u16, h: u16) -> App {
    let mut app = cost_of("advisory", w, h, true);
    app.world.capacity.idle_days = 5;
    app
}

#[test]
fn a_stage_quiet_on_all_three_is_idle_and_comes_first() {
    let app = advisory(120, 30);
    let lines = state(&app).lines(&app.world, app.now);
    assert_eq!(lines[0].namespace, "advisory-e2e");
    assert!(lines[0].idle);
    assert!(lines[1..].iter().all(|l| !l.idle));
    let screen = screen_lines(&app);
    assert!(screen.iter().any(|l| l.contains("1 idle for 5d+")), "{screen:#?}");
    // The selected (first) line is the one X uninstalls.
    assert_eq!(
        state(&app).selected_namespace(&app.world, app.now).as_deref(),
        Some("advisory-e2e")
    );
}
