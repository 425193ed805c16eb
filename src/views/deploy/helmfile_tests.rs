//! Helmfile mode on the deploy screen, driven by messages as the runner would send them: the
//! dialog before a run (Cancel focused; a protected stage's name typed), the streamed output
//! in its colours, the banners from the exit status, the cancel key, the matrix row.
//! Snapshots of a running and a failed run at 80x24 and 160x48.

use jiff::SignedDuration;

use super::tests::{deployment, deployments, revision, text, QA};
use crate::app::deploy::Ended;
use crate::app::effect::helmfile::HelmfileEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::call_log::Call;
use crate::config::{DeployJobs, DeployKind, DeployMode};
use crate::helm::ReleaseStatus;
use crate::jenkins::ansi::{parse_line, AnsiStyle};
use crate::keymap::Key;
use crate::repo::helmfile::run::{HelmfileEvent, HelmfileMsg, RunEnd};
use crate::testkit::{self, command, press, render, settle, Fixture};

fn helmfile_app(w: u16, h: u16) -> (App, Fixture) {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, w, h);
    app.world.deploy_jobs.insert(
        "payments".into(),
        DeployJobs {
            mode: DeployMode::Helmfile,
            ..DeployJobs::default()
        },
    );
    (app, f)
}

fn has_helmfile(fx: &[Effect]) -> bool {
    fx.iter().any(|e| matches!(e, Effect::Helmfile(_)))
}

fn event(app: &mut App, e: HelmfileEvent) -> Vec<Effect> {
    app.update(Msg::Helmfile(HelmfileMsg {
        namespace: QA.into(),
        event: e,
    }))
}

fn lines(app: &mut App, raw: &[&str]) {
    let mut style = AnsiStyle::default();
    let l = raw.iter().map(|r| parse_line(r, &mut style)).collect();
    event(app, HelmfileEvent::Lines(l));
}

/// `I` on payments-qa's pods, confirmed: the run started 72 s ago and printed a few lines.
fn running(w: u16, h: u16) -> (App, Fixture) {
    let (mut app, f) = helmfile_app(w, h);
    app.update(Msg::Clock(testkit::start() - SignedDuration::from_secs(72)));
    command(&mut app, "pods payments-qa");
    let fx = press(&mut app, "I");
    assert!(!has_helmfile(&fx), "asks first: {fx:?}");
    settle(&mut app, &f, fx);
    let fx = press(&mut app, "l enter");
    assert!(
        fx.contains(&Effect::Helmfile(HelmfileEffect::Run {
            team: "payments".into(),
            namespace: QA.into(),
            stage: "qa".into(),
            kind: DeployKind::Deploy,
            confirmed: None,
        })),
        "{fx:?}"
    );
    assert!(app.world.deploys[QA].helmfile.is_some());
    event(
        &mut app,
        HelmfileEvent::Started {
            command: "cd /home/me/payments-config && helmfile -e qa apply".into(),
            commit: "a1b2c3d qa: payments-api image.tag 1.4.3".into(),
        },
    );
    app.update(Msg::Clock(testkit::start()));
    lines(
        &mut app,
        &[
            "Building dependency release=payments-api, chart=charts/api",
            "Comparing release=payments-api, chart=charts/api, namespace=payments-qa",
            "\x1b[33mpayments-qa, payments-api, Deployment (apps) has changed:\x1b[0m",
            "\x1b[31m-         image: \"registry.example.com/payments/api:1.4.2\"\x1b[0m",
            "\x1b[32m+         image: \"registry.example.com/payments/api:1.4.3\"\x1b[0m",
            "Upgrading release=payments-api, chart=charts/api, namespace=payments-qa",
        ],
    );
    (app, f)
}

#[test]
fn a_helmfile_team_is_asked_first_and_cancel_starts_nothing() {
    let (mut app, _) = helmfile_app(80, 24);
    command(&mut app, "pods payments-qa");
    press(&mut app, "I");
    assert!(text(&app).contains("Run helmfile -e qa apply"), "{}", text(&app));
    // enter alone presses Cancel.
    let fx = press(&mut app, "enter");
    assert!(!has_helmfile(&fx), "{fx:?}");
    assert!(!app.world.deploys.contains_key(QA));
    // X on the same stage asks about destroy.
    press(&mut app, "X");
    assert!(text(&app).contains("helmfile -e qa destroy"), "{}", text(&app));
    let fx = press(&mut app, "l enter");
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Helmfile(HelmfileEffect::Run {
            kind: DeployKind::Uninstall,
            ..
        })
    )));
}

#[test]
fn a_protected_stage_runs_only_with_its_name_typed() {
    let (mut app, _) = helmfile_app(80, 24);
    command(&mut app, "deploy prod");
    assert!(text(&app).contains("payments-prod is protected"), "{}", text(&app));
    let fx = press(&mut app, "l enter");
    assert!(!has_helmfile(&fx), "{fx:?}");
    assert_eq!(app.input.as_ref().unwrap().kind, InputKind::TypeName);
    for c in "payments-prod".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    let fx = press(&mut app, "enter");
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::Helmfile(HelmfileEffect::Run { confirmed: Some(ns), .. }) if ns == "payments-prod"
        )),
        "{fx:?}"
    );
}

#[test]
fn read_only_refuses_a_helmfile_deploy_at_the_key() {
    let (mut app, _) = helmfile_app(80, 24);
    app.readonly = true;
    command(&mut app, "pods payments-qa");
    let fx = press(&mut app, "I");
    assert!(!has_helmfile(&fx));
    let (n, _) = app.notice.clone().unwrap();
    assert!(n.text.contains("read-only mode"), "{n:?}");
    assert!(!matches!(app.top(), Screen::Deploy(_)));
}

#[test]
fn a_running_helmfile_run_streams_its_output_in_colour() {
    for (w, h) in [(80, 24), (160, 48)] {
        let (mut app, mut f) = running(w, h);
        revision(&mut app, &mut f, "payments-api", ReleaseStatus::PendingUpgrade);
        deployments(&mut app, vec![deployment("payments-api", 2, 1, 1, 3)]);
        let t = text(&app);
        assert!(t.contains("helmfile -e qa apply running (72s)"), "{t}");
        assert!(t.contains("$ helmfile -e qa apply  at a1b2c3d"), "{t}");
        assert!(t.contains("Upgrading release=payments-api"), "{t}");
        // The diff's colours come through the console's theme roles.
        let buf = render(&app).backend().buffer().clone();
        let green = testkit::theme().style(crate::theme::Role::ConsoleGreen);
        let plus = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .find(|&(x, y)| buf[(x, y)].symbol() == "+")
            .expect("the + line");
        assert_eq!(buf[plus].fg, green.fg.unwrap());
        insta::assert_snapshot!(format!("helmfile_running_{w}x{h}"), render(&app).backend());
        press(&mut app, "H");
        let t = text(&app);
        let row = t.lines().find(|l| l.starts_with("4 payments-qa ")).unwrap();
        assert!(row.contains("deploying 72s"), "{row}");
    }
}

#[test]
fn exit_1_fails_the_run_naming_the_release_and_the_error() {
    for (w, h) in [(80, 24), (160, 48)] {
        let (mut app, mut f) = running(w, h);
        revision(&mut app, &mut f, "payments-api", ReleaseStatus::PendingUpgrade);
        lines(
            &mut app,
            &[
                "\x1b[31mError: UPGRADE FAILED: context deadline exceeded\x1b[0m",
                "FAILED RELEASES:",
                "NAME           CHART        VERSION   DURATION",
                "payments-api   charts/api   1.4.3       2m0s",
                "in ./helmfile.yaml.gotmpl: failed processing release payments-api: command \"/usr/local/bin/helm\" exited with non-zero status:",
            ],
        );
        assert!(app.world.deploys[QA].is_running(), "until the process ends");
        event(
            &mut app,
            HelmfileEvent::Ended(RunEnd::Exited {
                code: 1,
                cancelled: false,
            }),
        );
        let Some((Ended::Failed { release, .. }, _)) = &app.world.deploys[QA].ended else {
            panic!("{:?}", app.world.deploys[QA].ended)
        };
        assert_eq!(release.as_deref(), Some("payments-api"));
        let t = text(&app);
        assert!(
            t.contains("✗ deploy payments-qa failed: helmfile apply exit code 1, release payments-api"),
            "{t}"
        );
        insta::assert_snapshot!(format!("helmfile_failed_{w}x{h}"), render(&app).backend());
    }
}

#[test]
fn exit_0_is_done_once_the_releases_are_deployed_and_rolled_out() {
    let (mut app, mut f) = running(80, 24);
    event(
        &mut app,
        HelmfileEvent::Ended(RunEnd::Exited {
            code: 0,
            cancelled: false,
        }),
    );
    revision(&mut app, &mut f, "payments-api", ReleaseStatus::Deployed);
    deployments(&mut app, vec![deployment("payments-api", 2, 1, 1, 3)]);
    assert!(app.world.deploys[QA].is_running(), "the rollout is not done");
    assert!(text(&app).contains("exit code 0; waiting for"), "{}", text(&app));
    deployments(&mut app, vec![deployment("payments-api", 2, 2, 2, 2)]);
    assert!(matches!(
        app.world.deploys[QA].ended,
        Some((Ended::Done, _))
    ));
    assert!(text(&app).contains("✓ deploy payments-qa done"), "{}", text(&app));
    // The run's call reaches the @ screen.
    event(
        &mut app,
        HelmfileEvent::Called(
            Call::new(
                "helmfile apply payments-qa",
                "cd /home/me/payments-config && helmfile -e qa apply",
            )
            .ended(Ok("exit code 0".into())),
        ),
    );
    press(&mut app, "@");
    assert!(text(&app).contains("helmfile -e qa apply"), "{}", text(&app));
}

#[test]
fn x_asks_then_cancels_and_the_run_ends_aborted() {
    let (mut app, _) = running(80, 24);
    let fx = press(&mut app, "x");
    assert!(!has_helmfile(&fx));
    assert!(text(&app).contains("Cancel the run"), "{}", text(&app));
    let fx = press(&mut app, "l enter");
    assert_eq!(
        fx,
        vec![Effect::Helmfile(HelmfileEffect::Cancel {
            namespace: QA.into()
        })]
    );
    event(&mut app, HelmfileEvent::Signalled("SIGINT"));
    assert!(text(&app).contains("cancelling — SIGINT sent"), "{}", text(&app));
    event(&mut app, HelmfileEvent::Ended(RunEnd::Cancelled));
    let Some((Ended::Aborted(why), _)) = &app.world.deploys[QA].ended else {
        panic!("{:?}", app.world.deploys[QA].ended)
    };
    assert_eq!(why, "helmfile apply cancelled (SIGINT)");
    assert!(text(&app).contains("■ deploy payments-qa aborted"), "{}", text(&app));
    // Ended: nothing left to cancel.
    press(&mut app, "x");
    assert!(app.notice.as_ref().unwrap().0.text.contains("nothing to cancel"));
}

#[test]
fn a_missing_tool_is_said_in_full_on_the_screen() {
    let (mut app, _) = helmfile_app(80, 24);
    command(&mut app, "pods payments-qa");
    press(&mut app, "I l enter");
    event(
        &mut app,
        HelmfileEvent::Refused(
            "helmfile is not installed (not on PATH): get it from https://github.com/helmfile/helmfile/releases; nothing was started".into(),
        ),
    );
    assert!(matches!(
        app.world.deploys[QA].ended,
        Some((Ended::Failed { .. }, _))
    ));
    let t = text(&app);
    assert!(t.contains("not started: helmfile is not installed"), "{t}");
    assert!(t.contains("https://github.com/helmfile/helmfile/releases"), "{t}");
}
