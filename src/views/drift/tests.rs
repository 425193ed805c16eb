use serde_json::json;

use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg};
use crate::app::nav::Screen;
use crate::app::App;
use crate::helm::ReleaseRow;
use crate::repo::drift::DriftState as RowState;
use crate::repo::RepoMsg;
use crate::testkit::{self, press, render, settle, Fixture};

fn landscape_loaded() -> Msg {
    Msg::Repo(RepoMsg::Landscape {
        team: "payments".into(),
        landscape: Box::new(testkit::drift_landscape()),
    })
}

/// The fixture app with a config repo for payments, its Helmfile read, and the payloads the
/// top screen asked for decoded.
fn with_landscape(s: &Fixture, w: u16, h: u16) -> App {
    let mut app = testkit::app(s, w, h);
    app.world.repo_teams.insert("payments".into());
    let fx = app.update(landscape_loaded());
    settle(&mut app, s, fx);
    app
}

/// Revision 2 of payments-qa's notifications, with the values its Helmfile computes, put in the
/// fixture's cluster; the message its release watch then sends.
fn notifications_deployed_as_desired(s: &mut Fixture) -> Msg {
    let release = json!({
        "name": "payments-notifications",
        "namespace": "payments-qa",
        "version": 2,
        "info": {"status": "deployed", "last_deployed": testkit::start().to_string()},
        "chart": {"metadata": {"name": "notifications", "version": "1.1.7"}},
        "config": {"image": {"tag": "1.12.4"}, "replicaCount": 1,
                   "probes": {"readiness": {"path": "/ready"}}},
        "manifest": "",
        "hooks": [],
    });
    let secret = testkit::release_secret(&release, testkit::start(), None);
    s.put_secrets(std::slice::from_ref(&secret));
    Msg::Cluster(ClusterMsg::ReleasesChanged {
        namespace: "payments-qa".into(),
        applied: vec![ReleaseRow::from_meta(&secret.metadata)],
        deleted: Vec::new(),
    })
}

fn drift_screen(s: &Fixture, w: u16, h: u16, stage: &str) -> App {
    let mut app = with_landscape(s, w, h);
    let fx = testkit::command(&mut app, &format!("drift {stage}"));
    settle(&mut app, s, fx);
    app
}

fn rows(app: &App) -> Vec<(String, RowState)> {
    let Screen::Drift(d) = app.top() else {
        panic!("not on the drift screen: {:?}", app.top().title());
    };
    match d.view(&app.world).1 {
        crate::app::drift::DriftView::Known(d) => {
            d.rows.into_iter().map(|r| (r.release, r.state)).collect()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_matrix_asks_for_the_clone_then_the_helmfile_once() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    app.world.repo_teams.insert("payments".into());
    let fx = app.update(Msg::Clock(testkit::start()));
    // A page of teams' reads take turns with each other (the runner's few slots).
    assert_eq!(
        fx,
        vec![Effect::RepoInTurn(RepoEffect::Open {
            team: "payments".into()
        })]
    );
    let line = testkit::screen_lines(&app)[2].clone();
    assert!(line.ends_with('…') || line.contains("… "), "{line}");
    let fx: Vec<Effect> = testkit::repo_messages()
        .into_iter()
        .flat_map(|m| app.update(m))
        .filter(|e| matches!(e, Effect::Repo(_) | Effect::RepoInTurn(_)))
        .collect();
    assert_eq!(
        fx,
        vec![Effect::RepoInTurn(RepoEffect::LoadLandscape {
            team: "payments".into()
        })]
    );
    assert!(app.update(Msg::Clock(testkit::start())).is_empty());
    // Read: the visible stages' latest revisions are decoded, no more.
    let fx = app.update(landscape_loaded());
    assert!(
        fx.iter().all(|e| matches!(e, Effect::DecodeRelease { namespace, .. }
            if namespace == "payments-qa" || namespace == "payments-prod")),
        "{fx:?}"
    );
    assert!(!fx.is_empty());
}

#[test]
fn matrix_drift_column_80x24() {
    let s = testkit::fixture();
    let app = with_landscape(&s, 80, 24);
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("DRIFT"), "{text}");
    insta::assert_snapshot!("matrix_drift_80x24", render(&app).backend());
}

#[test]
fn matrix_drift_column_160x48() {
    let s = testkit::fixture();
    let app = with_landscape(&s, 160, 48);
    let lines = testkit::screen_lines(&app);
    let prod = lines.iter().find(|l| l.starts_with("5 payments-prod")).unwrap();
    assert!(prod.contains("in sync"), "{prod}");
    let qa = lines.iter().find(|l| l.starts_with("4 payments-qa")).unwrap();
    assert!(
        qa.contains("2 drifted +3"),
        "{qa}"
    );
    insta::assert_snapshot!("matrix_drift_160x48", render(&app).backend());
}

#[test]
fn every_case_in_one_stage() {
    let s = testkit::fixture();
    let app = drift_screen(&s, 80, 24, "qa");
    let got = rows(&app);
    let state = |name: &str| got.iter().find(|(n, _)| n == name).unwrap().1.clone();
    assert_eq!(state("payments-api"), RowState::InSync);
    assert_eq!(state("payments-web"), RowState::InSync);
    assert_eq!(state("payments-legacy"), RowState::InSync);
    assert_eq!(state("payments-search"), RowState::Missing);
    assert_eq!(state("payments-statements"), RowState::Extra);
    assert_eq!(state("payments-ledger"), RowState::Failed { revision: 4 });
    let RowState::Drifted(g) = state("payments-gateway") else {
        panic!("gateway");
    };
    assert_eq!(g.chart_version, Some(("3.0.4".into(), "3.0.5".into())));
    assert!(g.values.is_empty());
    let RowState::Drifted(n) = state("payments-notifications") else {
        panic!("notifications");
    };
    let keys: Vec<&str> = n.values.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(keys, vec!["image.tag", "probes.readiness.path"]);
}

#[test]
fn drift_qa_80x24() {
    let s = testkit::fixture();
    let app = drift_screen(&s, 80, 24, "qa");
    insta::assert_snapshot!("drift_qa_80x24", render(&app).backend());
}

#[test]
fn drift_qa_160x48() {
    let s = testkit::fixture();
    let app = drift_screen(&s, 160, 48, "qa");
    insta::assert_snapshot!("drift_qa_160x48", render(&app).backend());
}

#[test]
fn w_on_the_matrix_opens_the_selected_stage_and_enter_a_release() {
    let s = testkit::fixture();
    let mut app = with_landscape(&s, 80, 24);
    // payments-build, -dev, -e2e, -qa.
    press(&mut app, "j j j w");
    assert!(
        matches!(app.top(), Screen::Drift(d) if d.stage_namespace.as_deref() == Some("payments-qa")),
        "{}",
        app.top().title()
    );
    // The first row is payments-api: its release screen.
    press(&mut app, "enter");
    assert!(
        matches!(app.top(), Screen::Release(r) if r.name == "payments-api" && r.namespace == "payments-qa")
    );
}

#[test]
fn deploy_on_the_drift_screen_deploys_its_stage() {
    let s = testkit::fixture();
    let mut app = drift_screen(&s, 80, 24, "qa");
    press(&mut app, "I");
    assert!(
        matches!(app.top(), Screen::Trigger(_)),
        "{}",
        app.top().title()
    );
}

#[test]
fn drift_clears_when_the_release_gets_a_revision_with_the_desired_values() {
    let mut s = testkit::fixture();
    let mut app = drift_screen(&s, 80, 24, "qa");
    // The deploy writes revision 2 of notifications with what the Helmfile computes.
    let fx = app.update(notifications_deployed_as_desired(&mut s));
    // Until the new revision is read, drift does not guess.
    let state = |app: &App| {
        rows(app)
            .into_iter()
            .find(|(n, _)| n == "payments-notifications")
            .unwrap()
            .1
    };
    assert_eq!(state(&app), RowState::Unknown(None));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::DecodeRelease { secret, .. }
            if secret == "sh.helm.release.v1.payments-notifications.v2")),
        "{fx:?}"
    );
    settle(&mut app, &s, fx);
    assert_eq!(state(&app), RowState::InSync);
}

/// Release Secrets the user may not read: drift cannot be known, and says why instead of
/// calling every release of the Helmfile missing.
#[test]
fn refused_release_secrets_make_drift_unreadable_not_missing() {
    let s = testkit::fixture();
    let mut app = with_landscape(&s, 80, 24);
    testkit::refuse_releases(&mut app, "payments-qa", "alice");
    let view = crate::app::drift::drift_of(&app.world, "payments-qa");
    assert_eq!(
        view,
        crate::app::drift::DriftView::Unreadable("alice may not list secrets".into())
    );
    assert_eq!(view.cell(), "? 403");
    let text = crate::ui::export::to_text(render(&app).backend().buffer());
    let row = text
        .lines()
        .find(|l| l.contains("payments-qa"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("? 403") && !row.contains("missing"), "{row}");
    let fx = testkit::command(&mut app, "drift payments-qa");
    settle(&mut app, &s, fx);
    let text = crate::ui::export::to_text(render(&app).backend().buffer());
    assert!(
        text.contains("cannot be read (alice may not list secrets)"),
        "{text}"
    );
}

/// The matrix keeps its DRIFT cells between frames (`DriftCells`): each one drawn is the one
/// worked out afresh, before the Helmfile is read, once it is, when a release gets a new
/// revision and once that revision is decoded.
#[test]
fn the_matrix_drift_cell_is_never_an_old_one() {
    let mut s = testkit::fixture();
    let mut app = testkit::app(&s, 160, 48);
    app.world.repo_teams.insert("payments".into());
    let cell_drawn = |app: &App| {
        let text = crate::ui::export::to_text(render(app).backend().buffer());
        let row = text
            .lines()
            .find(|l| l.contains("payments-qa "))
            .unwrap_or_else(|| panic!("{text}"))
            .trim_end()
            .to_string();
        let fresh = crate::app::drift::drift_of(&app.world, "payments-qa").cell();
        assert!(row.ends_with(&fresh), "drawn {row:?}, afresh {fresh:?}");
        fresh
    };
    let mut seen = vec![cell_drawn(&app)];
    let fx = app.update(landscape_loaded());
    seen.push(cell_drawn(&app));
    settle(&mut app, &s, fx);
    seen.push(cell_drawn(&app));
    let fx = app.update(notifications_deployed_as_desired(&mut s));
    seen.push(cell_drawn(&app));
    settle(&mut app, &s, fx);
    seen.push(cell_drawn(&app));
    seen.dedup();
    assert!(seen.len() >= 3, "the cell should have changed: {seen:?}");
}
