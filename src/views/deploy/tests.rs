//! The deploy flow driven by messages, as the runner and the watches would send them, on the
//! testkit's fixture world (payments-prod is protected): the key, the prefilled form, the
//! screen while the build and the rollout run, and how it ends. Snapshots at 80x24 and 160x48.

use jiff::SignedDuration;

use crate::app::deploy::Ended;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::jenkins::{ConsoleChunk, JenkinsEffect, JenkinsMsg, TriggerProgress};
use crate::app::msg::{ClusterMsg, Msg};
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::health::Health;
use crate::cluster::rollout::DeploymentRow;
use crate::config::DeployJobs;
use crate::helm::ReleaseStatus;
use crate::jenkins::ansi::ConsoleLine;
use crate::jenkins::model::{parse_build, parse_params};
use crate::jenkins::{BuildResult, JobPath};
use crate::keymap::Key;
use crate::testkit::{self, command, press, render, settle, Fixture};

const PARAMS: &str = include_str!("../jobs/fixtures/deploy-qa-params.json");
const BUILD: &str = include_str!("../jobs/fixtures/deploy-qa-build.json");
const UNINSTALL_PARAMS: &str = r#"{"property":[{"_class":"hudson.model.ParametersDefinitionProperty","parameterDefinitions":[{"_class":"hudson.model.BooleanParameterDefinition","defaultParameterValue":{"value":false},"description":"Tick to really uninstall every release of the stage","name":"CONFIRM","type":"BooleanParameterDefinition"},{"_class":"hudson.model.StringParameterDefinition","defaultParameterValue":{"value":""},"description":"Why (shown in the build description)","name":"REASON","type":"StringParameterDefinition"}]}]}"#;
const STAGE_PARAMS: &str = r#"{"property":[{"_class":"hudson.model.ParametersDefinitionProperty","parameterDefinitions":[{"_class":"hudson.model.StringParameterDefinition","defaultParameterValue":{"value":"dev"},"description":"Stage to deploy","name":"STAGE","type":"StringParameterDefinition"}]}]}"#;

pub(super) const QA: &str = "payments-qa";

fn generation(app: &App) -> u64 {
    match app.top() {
        Screen::Trigger(t) => t.generation,
        other => panic!("not the form: {other:?}"),
    }
}

fn jenkins(app: &mut App, m: JenkinsMsg) -> Vec<Effect> {
    app.update(Msg::Jenkins(m))
}

fn cluster(app: &mut App, m: ClusterMsg) -> Vec<Effect> {
    app.update(Msg::Cluster(m))
}

fn params_loaded(app: &mut App, json: &str) {
    let g = generation(app);
    jenkins(
        app,
        JenkinsMsg::ParamsLoaded {
            generation: g,
            result: Ok(parse_params(json.as_bytes()).unwrap()),
        },
    );
}

fn run_generation(app: &App) -> u64 {
    app.world.deploys[QA].generation
}

fn console(app: &mut App, lines: &[&str], more: bool) {
    let g = run_generation(app);
    jenkins(
        app,
        JenkinsMsg::ConsoleRead {
            generation: g,
            chunk: ConsoleChunk {
                reset: false,
                lines: lines.iter().map(|l| ConsoleLine::plain(l)).collect(),
                more,
                size: 0,
            },
        },
    );
}

fn build(app: &mut App, building: bool, result: Option<BuildResult>) {
    let g = run_generation(app);
    let mut b = parse_build(BUILD.as_bytes()).unwrap();
    b.row.number = 93;
    b.row.building = building;
    b.row.result = result;
    b.row.started = Some(testkit::start() - SignedDuration::from_secs(130));
    b.row.estimated_ms = 300_000;
    b.row.duration_ms = if building { 0 } else { 250_000 };
    jenkins(
        app,
        JenkinsMsg::BuildPolled {
            generation: g,
            result: Ok(b),
        },
    );
}

/// The pods screen of payments-qa, `I`, the parameters in, `b`: the deploy screen follows the
/// queued build #93.
fn deploying(w: u16, h: u16) -> (App, Fixture) {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, w, h);
    // The deploy was asked for 2m30s ago; the build has run for 2m10s.
    app.update(Msg::Clock(testkit::start() - SignedDuration::from_secs(150)));
    command(&mut app, "pods payments-qa");
    let fx = press(&mut app, "I");
    let g = generation(&app);
    assert_eq!(
        fx.last(),
        Some(&Effect::Jenkins(JenkinsEffect::LoadParams {
            team: "payments".into(),
            job: JobPath::parse("deploy-qa"),
            generation: g,
        }))
    );
    params_loaded(&mut app, PARAMS);
    let fx = press(&mut app, "b");
    let Some(Effect::Jenkins(JenkinsEffect::TriggerBuild { deploy, job, .. })) = fx.first() else {
        panic!("{fx:?}")
    };
    assert_eq!((deploy.as_deref(), job), (Some(QA), &JobPath::parse("deploy-qa")));
    assert!(matches!(app.top(), Screen::Deploy(d) if d.namespace == QA));
    app.update(Msg::Clock(testkit::start()));
    settle(&mut app, &f, fx.clone());
    assert!(
        fx.contains(&Effect::WatchDeployments {
            namespace: QA.into()
        }),
        "{fx:?}"
    );
    jenkins(
        &mut app,
        JenkinsMsg::Trigger {
            generation: g,
            progress: TriggerProgress::Queued {
                queue_id: Some(412),
                merged: false,
            },
        },
    );
    let fx = jenkins(
        &mut app,
        JenkinsMsg::Trigger {
            generation: g,
            progress: TriggerProgress::Started { number: 93 },
        },
    );
    assert_eq!(
        fx,
        vec![Effect::Jenkins(JenkinsEffect::FollowDeploy {
            team: "payments".into(),
            namespace: QA.into(),
            job: JobPath::parse("deploy-qa"),
            number: 93,
            generation: g,
        })]
    );
    build(&mut app, true, None);
    console(
        &mut app,
        &[
            "Started by user Dana Ruiz",
            "[Pipeline] stage",
            "[Pipeline] { (Declarative: Checkout SCM)",
            "Checking out Revision 0fe5d767c10634e1644b38c4f68c2e35ed4771d1 (main)",
            "[Pipeline] }",
            "[Pipeline] // stage",
            "[Pipeline] stage",
            "[Pipeline] { (Diff)",
            "+ helmfile -e qa diff --context 3",
            "[Pipeline] }",
            "[Pipeline] // stage",
            "[Pipeline] stage",
            "[Pipeline] { (Apply)",
            "+ helmfile -e qa apply --suppress-diff",
            "Upgrading release=payments-api, chart=payments/api, namespace=payments-qa",
        ],
        true,
    );
    let fx = app.update(Msg::Clock(testkit::start()));
    settle(&mut app, &f, fx);
    (app, f)
}

/// Helm writes a new revision of `release` with `status`; the screen decodes it.
pub(super) fn revision(app: &mut App, f: &mut Fixture, release: &str, status: ReleaseStatus) {
    let r = f.next_revision(QA, release, status.as_str());
    let fx = cluster(
        app,
        ClusterMsg::ReleasesChanged {
            namespace: QA.into(),
            applied: vec![r],
            deleted: vec![],
        },
    );
    settle(app, f, fx);
}

pub(super) fn deployment(name: &str, spec: i32, updated: i32, available: i32, total: i32) -> DeploymentRow {
    DeploymentRow {
        namespace: QA.into(),
        name: name.into(),
        generation: 4,
        observed_generation: 4,
        spec_replicas: Some(spec),
        replicas: total,
        updated_replicas: updated,
        available_replicas: available,
        progressing_reason: None,
        release: Some(name.into()),
    }
}

pub(super) fn deployments(app: &mut App, rows: Vec<DeploymentRow>) {
    cluster(
        app,
        ClusterMsg::DeploymentsSynced {
            namespace: QA.into(),
            rows,
        },
    );
}

/// A new pod of payments-api's new ReplicaSet that cannot pull its image.
fn broken_pod(app: &mut App) {
    let mut p = app.world.stages[QA]
        .pods
        .values()
        .find(|p| p.name.starts_with("payments-api-"))
        .expect("a payments-api pod")
        .clone();
    p.name = "payments-api-7d9f8b6c5-xk2lp".into();
    p.status = "ImagePullBackOff".into();
    p.health = Health::Failed;
    p.ready = 0;
    p.restarts = 0;
    p.last_restart = None;
    p.last_termination = None;
    p.created = Some(testkit::start() - SignedDuration::from_secs(90));
    p.instance = Some("payments-api".into());
    p.message = Some(
        "Back-off pulling image \"registry.example.com/payments/api:1.4.3-brokne\"".into(),
    );
    cluster(
        app,
        ClusterMsg::PodsChanged {
            namespace: QA.into(),
            applied: vec![p],
            deleted: vec![],
        },
    );
}

pub(super) fn text(app: &App) -> String {
    crate::ui::export::to_text(render(app).backend().buffer())
}

#[test]
fn a_running_deploy_shows_its_steps_releases_rollouts_and_console() {
    for (w, h) in [(80, 24), (160, 48)] {
        let (mut app, mut f) = deploying(w, h);
        revision(&mut app, &mut f, "payments-api", ReleaseStatus::PendingUpgrade);
        deployments(
            &mut app,
            vec![
                deployment("payments-api", 2, 1, 1, 3),
                deployment("payments-web", 2, 2, 2, 2),
            ],
        );
        let t = text(&app);
        assert!(t.contains("Checkout SCM ✓"), "{t}");
        assert!(t.contains("Apply …"), "{t}");
        assert!(t.contains("2m10s of ~5m"), "{t}");
        assert!(
            t.contains("Waiting for deployment \"payments-api\" rollout to finish:"),
            "{t}"
        );
        assert!(t.contains("1 out of 2 new replicas have been updated..."), "{t}");
        insta::assert_snapshot!(format!("deploy_running_{w}x{h}"), render(&app).backend());
        if w == 80 {
            crate::testkit::screenshot("deploy-running", &app);
        }
    }
}

#[test]
fn the_matrix_row_says_how_far_the_deploy_is_and_i_reopens_it() {
    for (w, h) in [(80, 24), (160, 48)] {
        let (mut app, _) = deploying(w, h);
        press(&mut app, "H");
        assert!(matches!(app.top(), Screen::Stages(_)));
        let t = text(&app);
        let row = t
            .lines()
            .find(|l| l.starts_with("4 payments-qa "))
            .expect("the qa row");
        assert!(row.contains("deploying 43%"), "{row}");
        insta::assert_snapshot!(format!("deploy_matrix_{w}x{h}"), render(&app).backend());
        // The run went on while home: I on its row opens it again instead of a second form.
        press(&mut app, "/");
        for c in "payments-qa".chars() {
            app.update(Msg::Key(Key::char(c)));
        }
        press(&mut app, "enter");
        let fx = press(&mut app, "I");
        assert!(matches!(app.top(), Screen::Deploy(d) if d.namespace == QA));
        assert!(
            !fx.iter()
                .any(|e| matches!(e, Effect::Jenkins(JenkinsEffect::LoadParams { .. }))),
            "{fx:?}"
        );
    }
}

#[test]
fn a_deploy_ends_done_when_every_release_is_deployed_and_every_rollout_finished() {
    for (w, h) in [(80, 24), (160, 48)] {
        let (mut app, mut f) = deploying(w, h);
        revision(&mut app, &mut f, "payments-api", ReleaseStatus::Deployed);
        deployments(&mut app, vec![deployment("payments-api", 2, 2, 1, 2)]);
        console(&mut app, &["[Pipeline] // stage", "Finished: SUCCESS"], false);
        build(&mut app, false, Some(BuildResult::Success));
        assert_eq!(app.world.deploys[QA].ended, None, "a rollout still waits");
        assert!(text(&app).contains("1 of 2 updated replicas are available"));
        deployments(&mut app, vec![deployment("payments-api", 2, 2, 2, 2)]);
        let run = &app.world.deploys[QA];
        assert!(
            matches!(run.ended, Some((Ended::Done, _))),
            "{:?}",
            run.ended
        );
        let t = text(&app);
        assert!(t.contains("✓ deploy payments-qa done"), "{t}");
        insta::assert_snapshot!(format!("deploy_done_{w}x{h}"), render(&app).backend());
        if w == 80 {
            crate::testkit::screenshot("deploy-done", &app);
        }
    }
    // Once ended and left, the Deployments are no longer watched.
    let (mut app, mut f) = deploying(80, 24);
    revision(&mut app, &mut f, "payments-api", ReleaseStatus::Deployed);
    deployments(&mut app, vec![]);
    build(&mut app, false, Some(BuildResult::Success));
    let fx = press(&mut app, "esc");
    assert!(
        fx.contains(&Effect::StopDeployments {
            namespace: QA.into()
        }),
        "{fx:?}"
    );
}

#[test]
fn a_broken_value_ends_in_a_red_banner_naming_the_release_and_the_pods_why() {
    for (w, h) in [(80, 24), (160, 48)] {
        let (mut app, mut f) = deploying(w, h);
        revision(&mut app, &mut f, "payments-api", ReleaseStatus::PendingUpgrade);
        broken_pod(&mut app);
        deployments(&mut app, vec![deployment("payments-api", 2, 1, 1, 3)]);
        assert!(app.world.deploys[QA].is_running());
        console(
            &mut app,
            &[
                "Error: UPGRADE FAILED: context deadline exceeded",
                "[Pipeline] }",
                "[Pipeline] // stage",
            ],
            true,
        );
        revision(&mut app, &mut f, "payments-api", ReleaseStatus::Failed);
        let Some((Ended::Failed { release, step, .. }, _)) = &app.world.deploys[QA].ended else {
            panic!("{:?}", app.world.deploys[QA].ended)
        };
        assert_eq!(
            (release.as_deref(), step.as_deref()),
            (Some("payments-api"), Some("Apply"))
        );
        let t = text(&app);
        assert!(
            t.contains("✗ deploy payments-qa failed: release payments-api rev 5 failed, step Apply"),
            "{t}"
        );
        assert!(t.contains("ImagePullBackOff"), "{t}");
        // The banner is in the failed colour.
        let buf = render(&app).backend().buffer().clone();
        let failed = testkit::theme().style(crate::theme::Role::HealthFailed);
        let y = (0..h)
            .find(|&y| {
                (0..w)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .starts_with("✗ deploy")
            })
            .expect("the banner");
        assert_eq!(buf[(0, y)].fg, failed.fg.unwrap());
        insta::assert_snapshot!(format!("deploy_failed_{w}x{h}"), render(&app).backend());
        if w == 80 {
            crate::testkit::screenshot("deploy-failed", &app);
        }
        // One key to the failing pod's log.
        press(&mut app, "l");
        let Screen::Logs(l) = app.top() else {
            panic!("{:?}", app.top())
        };
        assert_eq!(l.pod, "payments-api-7d9f8b6c5-xk2lp");
    }
}

#[test]
fn read_only_refuses_at_the_key_before_any_form() {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, 80, 24);
    app.readonly = true;
    command(&mut app, "pods payments-qa");
    let fx = press(&mut app, "I");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(matches!(app.top(), Screen::Pods(_)));
    let (n, _) = app.notice.clone().unwrap();
    assert!(n.error && n.text.contains("read-only"), "{n:?}");
    let fx = command(&mut app, "uninstall qa");
    assert!(fx.is_empty());
    assert!(!matches!(app.top(), Screen::Trigger(_)));
}

#[test]
fn a_protected_stage_needs_its_name_typed_in_the_form() {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, 80, 24);
    command(&mut app, "deploy prod");
    params_loaded(&mut app, PARAMS);
    assert!(text(&app).contains("payments-prod is a protected stage"));
    assert!(press(&mut app, "b").is_empty());
    assert_eq!(app.input.as_ref().unwrap().kind, InputKind::TypeName);
    for c in "payments-prod".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    let fx = press(&mut app, "enter");
    let Some(Effect::Jenkins(JenkinsEffect::TriggerBuild {
        confirmed, deploy, ..
    })) = fx.first()
    else {
        panic!("{fx:?}")
    };
    assert_eq!(confirmed.as_deref(), Some("payments-prod"));
    assert_eq!(deploy.as_deref(), Some("payments-prod"));
}

#[test]
fn one_stage_parameterised_job_is_prefilled_and_protected_by_its_target() {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, 80, 24);
    app.world.deploy_jobs.insert(
        "payments".into(),
        DeployJobs {
            deploy_job: "ops/deploy".into(),
            stage_param: Some("STAGE".into()),
            ..DeployJobs::default()
        },
    );
    let fx = command(&mut app, "deploy payments-prod");
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Jenkins(JenkinsEffect::LoadParams { job, .. }) if *job == JobPath::parse("ops/deploy")
    )));
    params_loaded(&mut app, STAGE_PARAMS);
    let Screen::Trigger(t) = app.top() else {
        panic!()
    };
    assert_eq!(t.values, vec!["prod".to_string()]);
    assert!(text(&app).contains("payments-prod is a protected stage"));
    assert!(press(&mut app, "b").is_empty(), "asks for the name first");
    assert_eq!(app.input.as_ref().unwrap().kind, InputKind::TypeName);
}

#[test]
fn an_uninstall_form_shows_confirm_unticked_and_a_helmfile_team_is_asked_first() {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, 80, 24);
    let fx = command(&mut app, "uninstall payments-e2e");
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::Jenkins(JenkinsEffect::LoadParams { job, .. }) if *job == JobPath::parse("uninstall-e2e")
    )));
    params_loaded(&mut app, UNINSTALL_PARAMS);
    let Screen::Trigger(t) = app.top() else {
        panic!()
    };
    assert_eq!(t.values, vec!["false".to_string(), String::new()]);
    assert!(text(&app).contains("CONFIRM  [ ] false"), "{}", text(&app));
    press(&mut app, "esc");
    app.world.deploy_jobs.insert(
        "advisory".into(),
        DeployJobs {
            mode: crate::config::DeployMode::Helmfile,
            ..DeployJobs::default()
        },
    );
    let fx = command(&mut app, "deploy advisory-qa");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Helmfile(_))),
        "nothing runs before the dialog is answered: {fx:?}"
    );
    let Screen::Deploy(d) = app.top() else {
        panic!("{:?}", app.top())
    };
    assert!(d.dialog.is_some() && d.helmfile);
}

#[test]
fn an_uninstall_is_done_when_no_release_and_no_pod_is_left() {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, 80, 24);
    command(&mut app, "uninstall qa");
    params_loaded(&mut app, UNINSTALL_PARAMS);
    press(&mut app, "k enter b");
    let Screen::Deploy(_) = app.top() else {
        panic!("{:?}", app.top())
    };
    let g = run_generation(&app);
    jenkins(
        &mut app,
        JenkinsMsg::Trigger {
            generation: g,
            progress: TriggerProgress::Started { number: 4 },
        },
    );
    build(&mut app, false, Some(BuildResult::Success));
    assert!(app.world.deploys[QA].is_running(), "pods and releases remain");
    cluster(
        &mut app,
        ClusterMsg::ReleasesSynced {
            namespace: QA.into(),
            rows: vec![],
        },
    );
    cluster(
        &mut app,
        ClusterMsg::PodsSynced {
            namespace: QA.into(),
            rows: vec![],
        },
    );
    assert!(matches!(
        app.world.deploys[QA].ended,
        Some((Ended::Done, _))
    ));
}

#[test]
fn a_stage_without_a_deploy_job_is_told_what_would_give_it_one() {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, 120, 24);
    command(&mut app, "deploy qa");
    let g = generation(&app);
    jenkins(
        &mut app,
        JenkinsMsg::ParamsLoaded {
            generation: g,
            result: Err(crate::jenkins::JenkinsError::new(
                crate::jenkins::ErrorKind::NotFound,
                "parameters of deploy-qa: 404 Not Found",
            )),
        },
    );
    let screen = text(&app);
    assert!(
        screen.contains("payments's Jenkins has no job deploy-qa to deploy payments-qa"),
        "{screen}"
    );
    assert!(screen.contains("teams[payments].deploy_job"), "{screen}");
}

/// Issue 16, Security: the typed confirmation of a protected stage cannot be skipped through a
/// remapped key or an action sent as the command bar and help send them; what does reach the
/// runner without the name is refused there (`tests/cockpit/runner_guards.rs`,
/// `jenkins_cockpit.rs`).
#[test]
fn a_remapped_key_or_a_sent_action_cannot_skip_the_protected_stages_name() {
    let f = testkit::fixture();
    let mut app = testkit::app(&f, 80, 24);
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("keymap.yaml");
    std::fs::write(
        &user,
        "deploy:\n  - { keys: [enter, ctrl-b], action: trigger_build, desc: \"build\" }\njenkins:\n  - { keys: [enter, ctrl-b], action: trigger_build, desc: \"build\" }\n",
    )
    .unwrap();
    let (keymap, error) = crate::keymap::load_keymap(Some(&user));
    assert!(error.is_none(), "{error:?}");
    app.keymap = keymap;
    command(&mut app, "deploy prod");
    params_loaded(&mut app, PARAMS);
    let no_trigger = |fx: &[Effect]| {
        !fx.iter()
            .any(|e| matches!(e, Effect::Jenkins(JenkinsEffect::TriggerBuild { .. })))
    };
    for key in ["ctrl-b", "enter"] {
        assert!(no_trigger(&press(&mut app, key)), "{key}");
        assert_eq!(
            app.input.as_ref().map(|i| i.kind),
            Some(InputKind::TypeName),
            "{key}: the name is asked"
        );
        app.update(Msg::Key(Key::parse("esc").unwrap()));
    }
    let fx = app.update(Msg::Action(crate::keymap::Action::TriggerBuild));
    assert!(no_trigger(&fx), "{fx:?}");
    // The wrong name is no confirmation either.
    press(&mut app, "ctrl-b");
    for c in "payments-qa".chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    assert!(no_trigger(&press(&mut app, "enter")));
}
