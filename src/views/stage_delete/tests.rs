use crate::app::effect::stage_admin::StageAdminEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::stage_admin::{StageAdminMsg, StageOp};
use crate::keymap::Key;
use crate::testkit::{self, command, press, render};

/// The matrix with the team's standard stages named in the config, the cursor on `ns`.
fn on(ns: &str, width: u16, height: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, width, height);
    app.world.configured = ["dev", "e2e", "qa", "prod"]
        .iter()
        .map(|st| format!("payments-{st}"))
        .collect();
    while match app.top() {
        Screen::Stages(st) => st.selected_namespace(&app.world).as_deref() != Some(ns),
        _ => true,
    } {
        press(&mut app, "j");
    }
    app
}

fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    for c in text.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
    press(app, "enter")
}

fn notice(app: &App) -> String {
    app.notice.as_ref().map(|(n, _)| n.text.clone()).unwrap_or_default()
}

#[test]
fn the_confirmation_form_80x24() {
    let mut app = on("payments-stage-demo", 80, 24);
    assert!(press(&mut app, "ctrl-x").is_empty());
    assert!(matches!(app.top(), Screen::StageDelete(_)));
    assert_eq!(app.input.as_ref().map(|i| i.kind), Some(InputKind::TypeNamespace));
    insta::assert_snapshot!("stage_delete_80x24", render(&app).backend());
}

#[test]
fn the_confirmation_form_160x48() {
    let mut app = on("payments-stage-demo", 160, 48);
    press(&mut app, "ctrl-x");
    insta::assert_snapshot!("stage_delete_160x48", render(&app).backend());
}

#[test]
fn only_the_namespace_typed_exactly_deletes() {
    let mut app = on("payments-stage-demo", 80, 24);
    press(&mut app, "ctrl-x");
    assert!(typed(&mut app, "payments-stage").is_empty());
    assert!(notice(&app).contains("that is not payments-stage-demo"), "{}", notice(&app));
    assert!(matches!(app.top(), Screen::StageDelete(_)));
    // enter asks again.
    press(&mut app, "enter");
    let fx = typed(&mut app, "payments-stage-demo");
    assert_eq!(
        fx,
        vec![Effect::StageAdmin(StageAdminEffect::Delete {
            namespace: "payments-stage-demo".into(),
            confirmed: Some("payments-stage-demo".into()),
        })]
    );
    // The answer closes the form and is said; the write goes to the `@` screen.
    let call = crate::call_log::Call::new("delete stage payments-stage-demo", "kubectl delete namespace payments-stage-demo");
    app.update(Msg::StageAdmin(StageAdminMsg::Called(call)));
    app.update(Msg::StageAdmin(StageAdminMsg::Done {
        op: StageOp::Delete,
        namespace: "payments-stage-demo".into(),
        result: Ok("deleting stage payments-stage-demo".into()),
    }));
    assert!(matches!(app.top(), Screen::Stages(_)));
    assert_eq!(notice(&app), "deleting stage payments-stage-demo");
    assert_eq!(
        app.world.repos.calls.back().unwrap().command,
        "kubectl delete namespace payments-stage-demo"
    );
}

#[test]
fn a_refusal_from_the_api_is_said_with_its_reason() {
    let mut app = on("payments-stage-demo", 80, 24);
    press(&mut app, "ctrl-x");
    typed(&mut app, "payments-stage-demo");
    app.update(Msg::StageAdmin(StageAdminMsg::Done {
        op: StageOp::Delete,
        namespace: "payments-stage-demo".into(),
        result: Err("you may not delete namespaces: RBAC: only the cluster's platform team (group platform-admins) may delete namespaces".into()),
    }));
    assert!(matches!(app.top(), Screen::Stages(_)));
    let n = app.notice.clone().unwrap().0;
    assert!(n.error && n.text.contains("platform-admins"), "{n:?}");
}

#[test]
fn standard_protected_and_build_stages_are_refused_at_the_key() {
    for (ns, why) in [
        ("payments-qa", "standard stages"),
        ("payments-build", "standard stages"),
        ("payments-prod", "protected"),
    ] {
        let mut app = on(ns, 80, 24);
        assert!(press(&mut app, "ctrl-x").is_empty());
        assert!(matches!(app.top(), Screen::Stages(_)), "{ns}");
        assert!(app.input.is_none());
        assert!(notice(&app).contains(why), "{ns}: {}", notice(&app));
    }
    let mut app = on("payments-stage-demo", 80, 24);
    assert!(command(&mut app, "delstage qa").is_empty());
    assert!(notice(&app).contains("standard stages"));
    command(&mut app, "delstage stage-demo");
    assert!(matches!(app.top(), Screen::StageDelete(f) if f.namespace == "payments-stage-demo"));
}

#[test]
fn read_only_refuses_at_the_key_and_the_command() {
    let mut app = on("payments-stage-demo", 80, 24);
    app.readonly = true;
    assert!(press(&mut app, "ctrl-x").is_empty());
    assert!(matches!(app.top(), Screen::Stages(_)));
    assert!(notice(&app).starts_with("read-only mode: deleting payments-stage-demo refused"));
    assert!(command(&mut app, "newstage review").is_empty());
    assert!(notice(&app).starts_with("read-only mode: creating a stage refused"));
}

#[test]
fn newstage_validates_the_name_then_asks_the_runner() {
    let mut app = on("payments-dev", 80, 24);
    assert_eq!(
        command(&mut app, "newstage review"),
        vec![Effect::StageAdmin(StageAdminEffect::Create {
            team: "payments".into(),
            stage: "review".into(),
        })]
    );
    for (bad, why) in [
        ("Review", "not a valid stage name"),
        ("-x", "not a valid stage name"),
        ("qa", "exists already"),
    ] {
        assert!(command(&mut app, &format!("newstage {bad}")).is_empty(), "{bad}");
        assert!(notice(&app).contains(why), "{bad}: {}", notice(&app));
    }
    let long = "x".repeat(60);
    assert!(command(&mut app, &format!("newstage {long}")).is_empty());
    assert!(notice(&app).contains("at most 63"), "{}", notice(&app));
    assert!(command(&mut app, "newstage").is_empty());
    assert!(notice(&app).contains("name the stage"));
}

#[test]
fn a_created_stage_gets_its_helmfile_environment_in_the_clone() {
    use crate::app::effect::repo::RepoEffect;
    let mut app = on("payments-dev", 80, 24);
    app.world.repo_teams.insert("payments".into());
    let fx = app.update(Msg::StageAdmin(StageAdminMsg::Done {
        op: StageOp::Create,
        namespace: "payments-review".into(),
        result: Ok("created payments-review".into()),
    }));
    assert!(
        fx.contains(&Effect::Repo(RepoEffect::AddEnvironment {
            team: "payments".into(),
            stage: "review".into(),
        })),
        "{fx:?}"
    );
    // A refused create, or a team without a config repo, changes no file.
    let fx = app.update(Msg::StageAdmin(StageAdminMsg::Done {
        op: StageOp::Create,
        namespace: "payments-other".into(),
        result: Err("forbidden".into()),
    }));
    assert!(fx.is_empty(), "{fx:?}");
    app.world.repo_teams.clear();
    let fx = app.update(Msg::StageAdmin(StageAdminMsg::Done {
        op: StageOp::Create,
        namespace: "payments-third".into(),
        result: Ok("created payments-third".into()),
    }));
    assert!(fx.is_empty(), "{fx:?}");
}
