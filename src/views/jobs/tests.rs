//! The Jenkins views driven by messages, as the runner would send them: fixtures are the
//! simulated Jenkins' answers (seed 1, the testkit's start), read by the product's own parsers;
//! the clock is fixed. Snapshots at 80x24 and 160x48; colours checked by role.

use jiff::SignedDuration;

use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::jenkins::{
    ConsoleChunk, JenkinsEffect, JenkinsMsg, JenkinsSlot, JobsSnapshot, TriggerProgress,
};
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::{App, AppInit};
use crate::jenkins::console::Progressive;
use crate::jenkins::model::{parse_build, parse_job, parse_jobs, parse_params};
use crate::jenkins::reload::ReloadPhase;
use crate::jenkins::{ErrorKind, JenkinsError, JobPath, QueueRow};
use crate::keymap::{Key, Keymap};
use crate::testkit::{self, press, render};
use crate::theme::Role;

const JOBS: &str = include_str!("fixtures/jobs.json");
const API: &str = include_str!("fixtures/api.json");
const HISTORY: &str = include_str!("fixtures/deploy-qa.json");
const PARAMS: &str = include_str!("fixtures/deploy-qa-params.json");
const BUILD: &str = include_str!("fixtures/deploy-qa-build.json");
const E2E_BUILD: &str = include_str!("fixtures/e2e-tests-build.json");
const CONSOLE: &str = include_str!("fixtures/deploy-qa-console.txt");
const RUNNING_CONSOLE: &str = include_str!("fixtures/e2e-tests-console.txt");

fn app(w: u16, h: u16) -> App {
    let (mut app, _) = App::new(AppInit {
        context: "stagecoach-demo".into(),
        contexts: vec!["stagecoach-demo".into()],
        teams: vec!["payments".into(), "advisory".into()],
        protected: vec!["payments-prod".into()],
        configured: Vec::new(),
        readonly: false,
        keymap: Keymap::builtin(),
        log_capacity: 10_000,
        now: testkit::start(),
        warnings: Vec::new(),
        external_editor: None,
        recoveries: Vec::new(),
        deploy_jobs: Default::default(),
    });
    app.update(Msg::Resized {
        width: w,
        height: h,
    });
    // No cluster in these tests: an empty, synced one.
    app.update(Msg::Cluster(crate::app::msg::ClusterMsg::NamespacesSynced(
        Vec::new(),
    )));
    app
}

fn job(s: &str) -> JobPath {
    JobPath::parse(s)
}

fn snapshot(expanded: bool) -> JobsSnapshot {
    let mut jobs = parse_jobs(JOBS.as_bytes(), &JobPath::default()).unwrap();
    if expanded {
        jobs[0].children = parse_jobs(API.as_bytes(), &job("api")).unwrap();
    }
    let queue = vec![QueueRow {
        id: 412,
        job: Some(job("deploy-qa")),
        task: "deploy-qa".into(),
        why: Some("In the quiet period. Expires in 3.2 sec".into()),
        since: Some(testkit::start() - SignedDuration::from_secs(2)),
        blocked: false,
        buildable: false,
        stuck: false,
    }];
    JobsSnapshot { jobs, queue }
}

fn generation(app: &App) -> u64 {
    match app.top() {
        Screen::Jobs(s) => s.generation,
        Screen::Builds(s) => s.generation,
        Screen::Build(s) => s.generation,
        Screen::Console(s) => s.generation,
        Screen::Trigger(s) => s.generation,
        other => panic!("not a Jenkins view: {other:?}"),
    }
}

fn jenkins(app: &mut App, m: JenkinsMsg) -> Vec<Effect> {
    app.update(Msg::Jenkins(m))
}

/// The jobs view of payments, opened with `J` from the stage matrix, with its first poll in.
fn jobs_app(w: u16, h: u16) -> App {
    let mut app = app(w, h);
    let fx = press(&mut app, "J");
    let g = generation(&app);
    assert_eq!(
        fx,
        vec![Effect::Jenkins(JenkinsEffect::PollJobs {
            team: "payments".into(),
            expanded: vec![],
            generation: g,
        })]
    );
    jenkins(
        &mut app,
        JenkinsMsg::JobsPolled {
            team: "payments".into(),
            generation: g,
            result: Ok(snapshot(false)),
        },
    );
    app
}

fn text(app: &App) -> String {
    let t = render(app);
    let buf = t.backend().buffer();
    crate::ui::export::to_text(buf)
}

fn select(app: &mut App, name: &str) {
    press(app, "/");
    for c in name.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(app, "enter");
}

#[test]
fn jobs_show_results_running_builds_folders_and_the_queue() {
    let app = jobs_app(80, 24);
    insta::assert_snapshot!("jobs_80x24", render(&app).backend());
    crate::testkit::screenshot("jobs", &app);
    let app = jobs_app(160, 48);
    insta::assert_snapshot!("jobs_160x48", render(&app).backend());
    // Colours come from the health roles: the running e2e-tests row is pending, a failed
    // job's row failed.
    let t = render(&jobs_app(80, 24));
    let buf = t.backend().buffer();
    let theme = testkit::theme();
    let row_of = |needle: &str| {
        (0..buf.area.height)
            .find(|y| {
                (0..buf.area.width)
                    .map(|x| buf[(x, *y)].symbol().to_string())
                    .collect::<String>()
                    .contains(needle)
            })
            .unwrap()
    };
    let y = row_of("e2e-tests");
    assert_eq!(buf[(0, y)].fg, theme.style(Role::HealthPending).fg.unwrap());
    let y = row_of("deploy-prod");
    assert_eq!(buf[(0, y)].fg, theme.style(Role::HealthFailed).fg.unwrap());
}

#[test]
fn folders_expand_and_the_poll_follows_what_is_open() {
    let mut app = jobs_app(80, 24);
    let g = generation(&app);
    let fx = press(&mut app, "enter");
    assert_eq!(
        fx,
        vec![Effect::Jenkins(JenkinsEffect::PollJobs {
            team: "payments".into(),
            expanded: vec![job("api")],
            generation: g,
        })]
    );
    jenkins(
        &mut app,
        JenkinsMsg::JobsPolled {
            team: "payments".into(),
            generation: g,
            result: Ok(snapshot(true)),
        },
    );
    insta::assert_snapshot!("jobs_expanded_80x24", render(&app).backend());
    // An answer for a screen the user left (an older generation) is dropped.
    jenkins(
        &mut app,
        JenkinsMsg::JobsPolled {
            team: "payments".into(),
            generation: g - 1,
            result: Ok(JobsSnapshot::default()),
        },
    );
    assert!(text(&app).contains("feature/checkout-v2"));
}

#[test]
fn failures_keep_the_last_data_and_say_how_stale_it_is() {
    let mut app = jobs_app(80, 24);
    let g = generation(&app);
    let e = JenkinsError::new(
        ErrorKind::Unavailable,
        "jobs: 503 Service Unavailable — Jenkins is (re)starting or overloaded",
    );
    jenkins(
        &mut app,
        JenkinsMsg::JobsPolled {
            team: "payments".into(),
            generation: g,
            result: Err(e),
        },
    );
    app.update(Msg::Clock(testkit::start() + SignedDuration::from_secs(70)));
    insta::assert_snapshot!("jobs_stale_80x24", render(&app).backend());
    let t = text(&app);
    assert!(t.contains("data from 70s ago"), "{t}");
    assert!(t.contains("deploy-qa"), "the last data stays");
}

#[test]
fn a_401_names_the_config_key_and_never_the_token() {
    let token = "11c0ffeec0ffeec0ffeec0ffeec0ffee42";
    crate::secrets::register(token);
    let mut app = app(80, 24);
    press(&mut app, ":");
    for c in "jobs payments".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(&mut app, "enter");
    let g = generation(&app);
    // Even a message that carried the token (it never does) is redacted on its way in.
    let e = JenkinsError::new(
        ErrorKind::Unauthorized,
        format!("jobs: 401 Unauthorized — payments's Jenkins rejected user \"admin\" with its API token {token}; fix teams[payments].jenkins.token_file (/home/me/.config/stagecoach/payments.token)"),
    );
    jenkins(
        &mut app,
        JenkinsMsg::JobsPolled {
            team: "payments".into(),
            generation: g,
            result: Err(e),
        },
    );
    let t = text(&app);
    assert!(t.contains("teams[payments].jenkins.token_file"), "{t}");
    assert!(!t.contains(token) && !t.contains("c0ffee"), "{t}");
    insta::assert_snapshot!("jobs_401_80x24", render(&app).backend());
}

fn history_app(w: u16, h: u16) -> App {
    let mut app = jobs_app(w, h);
    select(&mut app, "deploy-qa");
    let fx = press(&mut app, "enter");
    let g = generation(&app);
    assert_eq!(
        fx,
        vec![
            Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Jobs)),
            Effect::Jenkins(JenkinsEffect::PollJob {
                team: "payments".into(),
                job: job("deploy-qa"),
                limit: crate::jenkins::tree::HISTORY_BUILDS,
                generation: g,
            }),
        ]
    );
    let mut detail = parse_job(HISTORY.as_bytes(), &job("deploy-qa")).unwrap();
    detail.params = parse_params(PARAMS.as_bytes()).unwrap();
    jenkins(
        &mut app,
        JenkinsMsg::JobPolled {
            generation: g,
            result: Ok(detail),
        },
    );
    app
}

#[test]
fn history_lists_builds_with_results_and_causes() {
    insta::assert_snapshot!("builds_80x24", render(&history_app(80, 24)).backend());
    insta::assert_snapshot!("builds_160x48", render(&history_app(160, 48)).backend());
}

fn build_app(w: u16, h: u16) -> App {
    let mut app = history_app(w, h);
    let fx = press(&mut app, "enter");
    let g = generation(&app);
    let b = parse_build(BUILD.as_bytes()).unwrap();
    assert!(fx.contains(&Effect::Jenkins(JenkinsEffect::PollBuild {
        team: "payments".into(),
        job: job("deploy-qa"),
        number: b.row.number,
        generation: g,
    })));
    jenkins(
        &mut app,
        JenkinsMsg::BuildPolled {
            generation: g,
            result: Ok(b),
        },
    );
    app
}

#[test]
fn build_detail_shows_parameters_causes_and_the_commit() {
    let app = build_app(80, 24);
    insta::assert_snapshot!("build_80x24", render(&app).backend());
    insta::assert_snapshot!("build_160x48", render(&build_app(160, 48)).backend());
    let t = text(&app);
    assert!(t.contains("APPS") && t.contains("Commit"), "{t}");
}

fn chunks(text: &str) -> Vec<ConsoleChunk> {
    let mut p = Progressive::new();
    let bytes = text.as_bytes();
    let mid = bytes.len() / 2;
    let a = p.on_response(&bytes[..mid], Some(mid as u64), true);
    let b = p.on_response(&bytes[mid..], Some(bytes.len() as u64), false);
    [a, b]
        .into_iter()
        .map(|c| ConsoleChunk {
            reset: c.reset,
            lines: c.lines,
            more: c.more,
            size: c.size,
        })
        .collect()
}

/// The console of deploy-qa #90 (the fixture's failed deploy, with colours).
fn console_app(w: u16, h: u16) -> App {
    let mut app = history_app(w, h);
    let fx = press(&mut app, "j c");
    let g = generation(&app);
    let Screen::Console(c) = app.top() else {
        panic!()
    };
    assert!(fx.contains(&Effect::Jenkins(JenkinsEffect::FollowConsole {
        team: "payments".into(),
        job: job("deploy-qa"),
        number: c.number,
        generation: g,
    })));
    for chunk in chunks(CONSOLE) {
        jenkins(
            &mut app,
            JenkinsMsg::ConsoleRead {
                generation: g,
                chunk,
            },
        );
    }
    app
}

#[test]
fn the_console_renders_ansi_colours_through_the_theme_and_nothing_raw() {
    let app = console_app(80, 24);
    insta::assert_snapshot!("console_80x24", render(&app).backend());
    crate::testkit::screenshot("console", &app);
    let app = console_app(160, 48);
    insta::assert_snapshot!("console_160x48", render(&app).backend());
    let Screen::Console(c) = app.top() else {
        panic!()
    };
    assert!(c.logs.lines.iter().all(|l| !l.text.contains('\x1b')));
    assert!(
        c.styles.iter().any(|s| !s.is_empty()),
        "the colours were read"
    );
    // A coloured cell on screen has a console role's colour.
    let t = render(&app);
    let buf = t.backend().buffer();
    let theme = testkit::theme();
    let roles = [
        Role::ConsoleRed,
        Role::ConsoleGreen,
        Role::ConsoleYellow,
        Role::ConsoleBlue,
        Role::ConsoleMagenta,
        Role::ConsoleCyan,
    ]
    .map(|r| theme.style(r).fg);
    let coloured = buf
        .content()
        .iter()
        .filter(|cell| roles.contains(&Some(cell.fg)))
        .count();
    assert!(coloured > 0, "no coloured cell on screen");
    assert!(buf
        .content()
        .iter()
        .all(|cell| !cell.symbol().contains('\x1b')));
}

#[test]
fn the_console_searches_wraps_saves_and_follows() {
    let mut app = console_app(80, 24);
    press(&mut app, "/");
    for c in "helm".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(&mut app, "enter n");
    insta::assert_snapshot!("console_search_80x24", render(&app).backend());
    press(&mut app, "w");
    let Screen::Console(c) = app.top() else {
        panic!()
    };
    assert!(c.logs.wrap && !c.logs.follow, "n paused the follow");
    let number = c.number;
    press(&mut app, "s");
    let input = app.input.as_ref().unwrap();
    assert_eq!(input.kind, InputKind::SavePath);
    assert_eq!(input.text, format!("./deploy-qa-{number}-console.log"));
    let fx = press(&mut app, "enter");
    assert!(
        matches!(&fx[..], [Effect::SaveText { text, .. }] if text.starts_with("Started by user"))
    );

    // A running build's console: following, then the server sends the log again from 0.
    let mut app = build_app(80, 24);
    let g0 = generation(&app);
    jenkins(
        &mut app,
        JenkinsMsg::BuildPolled {
            generation: g0,
            result: Ok(parse_build(E2E_BUILD.as_bytes()).unwrap()),
        },
    );
    press(&mut app, "c");
    let g = generation(&app);
    let mut p = Progressive::new();
    let c = p.on_response(
        RUNNING_CONSOLE.as_bytes(),
        Some(RUNNING_CONSOLE.len() as u64),
        true,
    );
    let chunk = |c: crate::jenkins::console::Chunk| ConsoleChunk {
        reset: c.reset,
        lines: c.lines,
        more: c.more,
        size: c.size,
    };
    jenkins(
        &mut app,
        JenkinsMsg::ConsoleRead {
            generation: g,
            chunk: chunk(c),
        },
    );
    assert!(text(&app).contains("following"));
    let again = p.on_response(b"Started by timer\n", Some(17), true);
    assert!(again.reset);
    jenkins(
        &mut app,
        JenkinsMsg::ConsoleRead {
            generation: g,
            chunk: chunk(again),
        },
    );
    let Screen::Console(c) = app.top() else {
        panic!()
    };
    assert_eq!(c.logs.lines.len(), 1, "replaced, not appended");
}

#[test]
fn the_build_form_is_made_from_the_parameter_definitions() {
    let mut app = jobs_app(80, 24);
    select(&mut app, "deploy-qa");
    let fx = press(&mut app, "b");
    let g = generation(&app);
    assert!(fx.contains(&Effect::Jenkins(JenkinsEffect::LoadParams {
        team: "payments".into(),
        job: job("deploy-qa"),
        generation: g,
    })));
    jenkins(
        &mut app,
        JenkinsMsg::ParamsLoaded {
            generation: g,
            result: Ok(parse_params(PARAMS.as_bytes()).unwrap()),
        },
    );
    insta::assert_snapshot!("trigger_80x24", render(&app).backend());
    crate::testkit::screenshot("build-form", &app);
    // APPS: the next choice; CONFIG_REF: typed in the input bar; DRY_RUN: toggled.
    press(&mut app, "l j enter");
    assert_eq!(app.input.as_ref().unwrap().kind, InputKind::Field);
    press(&mut app, "ctrl-u");
    for c in "release/1.4".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(&mut app, "enter j enter");
    insta::assert_snapshot!("trigger_filled_160x48", {
        app.update(Msg::Resized {
            width: 160,
            height: 48,
        });
        render(&app).backend().clone()
    });
    let Screen::Trigger(t) = app.top() else {
        panic!()
    };
    let values = t.values.clone();
    let fx = press(&mut app, "b");
    assert_eq!(
        fx,
        vec![Effect::Jenkins(JenkinsEffect::TriggerBuild {
            team: "payments".into(),
            job: job("deploy-qa"),
            params: vec![
                ("APPS".into(), values[0].clone()),
                ("CONFIG_REF".into(), "release/1.4".into()),
                ("DRY_RUN".into(), "true".into()),
            ],
            parameterized: true,
            generation: g,
            confirmed: None,
            deploy: None,
        })]
    );
    assert_eq!(
        values[0], "api",
        "the choice moved on from the default, all"
    );
    assert!(press(&mut app, "b").is_empty(), "one submit at a time");
    jenkins(
        &mut app,
        JenkinsMsg::Trigger {
            generation: g,
            progress: TriggerProgress::Waiting {
                why: Some("In the quiet period. Expires in 4.9 sec".into()),
            },
        },
    );
    assert!(text(&app).contains("In the quiet period"));
    // The build started: the form gives way to its console, followed from the start.
    let fx = jenkins(
        &mut app,
        JenkinsMsg::Trigger {
            generation: g,
            progress: TriggerProgress::Started { number: 92 },
        },
    );
    let Screen::Console(c) = app.top() else {
        panic!("{:?}", app.top())
    };
    assert_eq!((c.job.clone(), c.number), (job("deploy-qa"), 92));
    assert_eq!(
        fx,
        vec![
            Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Trigger)),
            Effect::Jenkins(JenkinsEffect::FollowConsole {
                team: "payments".into(),
                job: job("deploy-qa"),
                number: 92,
                generation: c.generation,
            }),
        ]
    );
}

#[test]
fn stopping_a_build_asks_first_with_cancel_focused() {
    let mut app = jobs_app(80, 24);
    select(&mut app, "e2e-tests");
    assert!(press(&mut app, "x").is_empty());
    insta::assert_snapshot!("stop_confirm_80x24", render(&app).backend());
    assert!(
        press(&mut app, "enter").is_empty(),
        "enter on Cancel does nothing"
    );
    let Screen::Jobs(s) = app.top() else { panic!() };
    assert!(s.confirm.is_none());
    press(&mut app, "x l");
    let fx = press(&mut app, "enter");
    let Effect::Jenkins(JenkinsEffect::StopBuild { job: j, .. }) = &fx[0] else {
        panic!("{fx:?}")
    };
    assert_eq!(*j, job("e2e-tests"));
    // The reload asks too, then shows how it goes.
    press(&mut app, "U l");
    let fx = press(&mut app, "enter");
    let g = generation(&app);
    assert_eq!(
        fx,
        vec![Effect::Jenkins(JenkinsEffect::ReloadJcasc {
            team: "payments".into(),
            generation: g,
        })]
    );
    jenkins(
        &mut app,
        JenkinsMsg::Reload {
            team: "payments".into(),
            generation: g,
            phase: ReloadPhase::Failed(JenkinsError::new(
                ErrorKind::Refused,
                "Jenkins refused the configuration (nothing changed): Invalid configuration elements for type: class jenkins.model.Jenkins : systemMessag. Available attributes : mode, numExecutors, systemMessage",
            )),
        },
    );
    insta::assert_snapshot!("reload_refused_80x24", render(&app).backend());
    assert!(app.notice.as_ref().is_some_and(|(n, _)| n.error));
}

#[test]
fn a_job_that_changes_a_protected_stage_runs_only_with_its_name_typed() {
    let mut app = jobs_app(80, 24);
    select(&mut app, "deploy-prod");
    press(&mut app, "b");
    let g = generation(&app);
    jenkins(
        &mut app,
        JenkinsMsg::ParamsLoaded {
            generation: g,
            result: Ok(parse_params(PARAMS.as_bytes()).unwrap()),
        },
    );
    assert!(text(&app).contains("payments-prod is a protected stage"));
    // Build asks for the name instead of building.
    assert!(press(&mut app, "b").is_empty());
    assert_eq!(app.input.as_ref().unwrap().kind, InputKind::TypeName);
    for c in "payments-qa".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    assert!(
        press(&mut app, "enter").is_empty(),
        "a wrong name starts nothing"
    );
    assert!(app
        .notice
        .as_ref()
        .unwrap()
        .0
        .text
        .contains("that is not payments-prod"));
    press(&mut app, "b");
    for c in "payments-prod".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    let fx = press(&mut app, "enter");
    match fx.as_slice() {
        [Effect::Jenkins(JenkinsEffect::TriggerBuild {
            job: j, confirmed, ..
        })] => {
            assert_eq!(j, &job("deploy-prod"));
            assert_eq!(confirmed.as_deref(), Some("payments-prod"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn read_only_refuses_builds_stops_and_reloads_at_the_key() {
    let mut app = jobs_app(80, 24);
    app.readonly = true;
    select(&mut app, "e2e-tests");
    for (key, what) in [
        ("b", "starting a build"),
        ("x", "stopping a build"),
        ("U", "Update configuration"),
    ] {
        assert!(press(&mut app, key).is_empty(), "{key}");
        let Screen::Jobs(s) = app.top() else {
            panic!("{key} left the jobs screen")
        };
        assert!(s.confirm.is_none(), "{key} opened a dialog");
        let (n, _) = app.notice.as_ref().expect("a notice");
        assert!(n.error && n.text.contains(what), "{key}: {}", n.text);
        assert!(n.text.contains("read-only"), "{}", n.text);
    }
}

#[test]
fn tab_moves_the_focus_in_a_dialog() {
    let mut app = jobs_app(80, 24);
    select(&mut app, "e2e-tests");
    press(&mut app, "x tab");
    let fx = press(&mut app, "enter");
    assert!(
        matches!(&fx[..], [Effect::Jenkins(JenkinsEffect::StopBuild { .. })]),
        "{fx:?}"
    );
    press(&mut app, "U tab tab");
    assert!(press(&mut app, "enter").is_empty(), "back on Cancel");
}

#[test]
fn ctrl_r_asks_for_the_screens_data_again() {
    let mut app = jobs_app(80, 24);
    let fx = press(&mut app, "ctrl-r");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Jenkins(JenkinsEffect::PollJobs { .. }))),
        "{fx:?}"
    );
}

fn status(app: &App) -> String {
    testkit::screen_lines(app).last().cloned().unwrap_or_default()
}

#[test]
fn jenkins_keys_that_do_nothing_on_the_row_say_why() {
    let mut app = jobs_app(80, 24);
    select(&mut app, "api");
    press(&mut app, "c");
    assert!(status(&app).contains("api is a folder"), "{}", status(&app));
    press(&mut app, "esc");
    let mut app = history_app(80, 24);
    press(&mut app, "G");
    press(&mut app, "x");
    assert!(status(&app).contains("is not running: nothing to stop"), "{}", status(&app));
}

/// A history of `count` builds, the newest `newest`, of a job that keeps builds from #1.
fn long_history(newest: u32, count: u32) -> crate::jenkins::JobDetail {
    let mut d = parse_job(HISTORY.as_bytes(), &job("deploy-qa")).unwrap();
    let template = d.builds.last().cloned().expect("the fixture has builds");
    d.builds = (0..count)
        .map(|i| crate::jenkins::BuildRow {
            number: newest - i,
            building: false,
            ..template.clone()
        })
        .collect();
    d.first_build = Some(1);
    d
}

#[test]
fn job_history_pages_down_into_older_builds() {
    let mut app = history_app(80, 24);
    let g = generation(&app);
    jenkins(
        &mut app,
        JenkinsMsg::JobPolled {
            generation: g,
            result: Ok(long_history(120, 50)),
        },
    );
    let last = testkit::screen_lines(&app)[22].clone();
    assert!(last.contains("older builds #1–#70 not loaded"), "{last}");
    press(&mut app, "G");
    let fx = press(&mut app, "j");
    let g = generation(&app);
    assert_eq!(
        fx,
        vec![Effect::Jenkins(JenkinsEffect::PollJob {
            team: "payments".into(),
            job: job("deploy-qa"),
            limit: 100,
            generation: g,
        })]
    );
    // Not asked twice while the page loads.
    assert!(press(&mut app, "j").is_empty());
    jenkins(
        &mut app,
        JenkinsMsg::JobPolled {
            generation: g,
            result: Ok(long_history(120, 100)),
        },
    );
    press(&mut app, "G");
    let screen = testkit::screen_lines(&app).join("\n");
    assert!(screen.contains("#21 "), "{screen}");
    assert!(screen.contains("older builds #1–#20 not loaded"), "{screen}");
}
