use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::keymap::Key;
use crate::repo::edit::EditRequest;
use crate::repo::landscape::Landscape;
use crate::testkit::{self, command, press, render, screen_lines};
use crate::theme::Role;

use super::Mode;

pub(super) fn team() -> String {
    "payments".into()
}

/// The values screen after `v` on the payments repo, its Helmfile read as `landscape`.
pub(super) fn values_app_with(width: u16, height: u16, landscape: Landscape) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, width, height);
    for m in testkit::repo_messages() {
        app.update(m);
    }
    press(&mut app, "C");
    let fx = press(&mut app, "v");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::LoadLandscape { team: team() })]
    );
    app.update(testkit::landscape_message(landscape));
    app
}

pub(super) fn values_app(width: u16, height: u16) -> App {
    values_app_with(width, height, testkit::landscape())
}

pub(super) fn text(app: &App) -> String {
    screen_lines(app).join("\n")
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
}

/// `e`, then the input bar replaced with `value` and `enter`: the effects of that enter.
fn quick_edit(app: &mut App, value: &str) -> Vec<Effect> {
    assert!(press(app, "e").is_empty());
    assert_eq!(
        app.input.as_ref().map(|i| i.kind),
        Some(InputKind::Field),
        "the input bar opens: {:?}",
        app.notice
    );
    press(app, "ctrl-u");
    type_text(app, value);
    press(app, "enter")
}

pub(super) fn edit(file: &str, path: &str, value: &str, insert: bool) -> Vec<Effect> {
    vec![Effect::Repo(RepoEffect::Edit {
        team: team(),
        edit: EditRequest {
            file: file.into(),
            path: path.into(),
            value: value.into(),
            insert,
            // The fixture's numbers (ports, replicas) stay numbers when a stage overrides them.
            typed: path.ends_with("port") || path.ends_with("replicaCount"),
            subject: None,
            // The release the values are for names the change in the commit message.
            object: Some("payments-api".into()),
        },
    })]
}

pub(super) fn state(app: &App) -> &super::ValuesState {
    match app.top() {
        Screen::Values(v) => v,
        other => panic!("not the values screen: {}", other.title()),
    }
}

/// What the selected row is about: a release's name or a value's path (or a side-by-side
/// row's label).
pub(super) fn selected(app: &App) -> String {
    let v = state(app);
    let l = v.landscape(&app.world).expect("the landscape");
    match v.mode {
        Mode::Stage => {
            let (_, stage) = v.current_stage(l).expect("a stage");
            let rows = super::rows::stage_rows(stage, v.release.as_deref());
            let row = &rows[v.cursor.selected];
            row.path()
                .map_or_else(|| row.release().summary.name.clone(), str::to_string)
        }
        Mode::SideBySide => {
            let rows = super::rows::side_by_side(l, &v.sbs_release(l).expect("a release"));
            rows[v.cursor.selected].label().to_string()
        }
    }
}

/// Moves the cursor down to the row about `what`.
pub(super) fn go_to(app: &mut App, what: &str) {
    for _ in 0..40 {
        if selected(app) == what {
            return;
        }
        press(app, "j");
    }
    panic!("no row {what:?}:\n{}", text(app));
}

#[test]
fn values_per_stage_80x24() {
    let mut app = values_app(80, 24);
    press(&mut app, "2");
    insta::assert_snapshot!("values_qa_80x24", render(&app).backend());
    crate::testkit::screenshot("values", &app);
}

#[test]
fn values_per_stage_160x48() {
    let mut app = values_app(160, 48);
    press(&mut app, "2");
    insta::assert_snapshot!("values_qa_160x48", render(&app).backend());
}

#[test]
fn side_by_side_80x24() {
    let mut app = values_app(80, 24);
    press(&mut app, "2 0");
    insta::assert_snapshot!("values_side_by_side_80x24", render(&app).backend());
    crate::testkit::screenshot("values-side-by-side", &app);
    // Four stages do not fit in 80 columns: l scrolls to prod.
    assert!(!text(&app).contains("4 prod          "), "{}", text(&app));
    press(&mut app, "l l l");
    let t = text(&app);
    assert!(t.contains("stages 2–4 of 4"), "{t}");
    assert!(t.contains("4 prod"), "{t}");
}

#[test]
fn side_by_side_160x48() {
    let mut app = values_app(160, 48);
    press(&mut app, "0");
    insta::assert_snapshot!("values_side_by_side_160x48", render(&app).backend());
}

#[test]
fn a_stage_that_failed_to_render_says_why_and_the_others_still_show() {
    let mut app = values_app(80, 24);
    press(&mut app, "3");
    let t = text(&app);
    assert!(
        t.contains("e2e could not be rendered: environments/e2e.yaml:3:9: did not find expected key"),
        "{t}"
    );
    insta::assert_snapshot!("values_e2e_failed_80x24", render(&app).backend());
    press(&mut app, "4");
    let t = text(&app);
    assert!(t.contains("payments-web") && t.contains("not installed"), "{t}");
}

#[test]
fn stage_keys_pick_the_helmfile_environments_in_order() {
    let mut app = values_app(80, 24);
    for (key, stage) in [("1", "dev"), ("2", "qa"), ("3", "e2e"), ("4", "prod")] {
        press(&mut app, key);
        assert_eq!(state(&app).stage.as_deref(), Some(stage));
        assert_eq!(state(&app).mode, Mode::Stage);
        assert!(text(&app).contains(&format!("[{key} {stage}")), "{}", text(&app));
    }
    press(&mut app, "5");
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(n.text.contains("no stage 5: the Helmfile has 4"), "{n:?}");
    assert_eq!(state(&app).stage.as_deref(), Some("prod"));
    press(&mut app, "0");
    assert_eq!(state(&app).mode, Mode::SideBySide);
}

#[test]
fn the_values_command_picks_a_stage() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    for m in testkit::repo_messages() {
        app.update(m);
    }
    let fx = command(&mut app, "vals qa");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::LoadLandscape { team: team() })]
    );
    assert_eq!(state(&app).stage.as_deref(), Some("qa"));
    let fx = command(&mut app, "helmfile payments");
    assert_eq!(state(&app).stage, None);
    assert_eq!(fx.len(), 1);
}

#[test]
fn before_the_clone_it_opens_the_repo_then_reads_the_helmfile() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    let fx = command(&mut app, "values payments");
    assert_eq!(fx, vec![Effect::Repo(RepoEffect::Open { team: team() })]);
    assert!(text(&app).contains("the config repo first, then the Helmfile"), "{}", text(&app));
    let mut fx = Vec::new();
    for m in testkit::repo_messages() {
        fx.extend(app.update(m));
    }
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::LoadLandscape { team: team() })]
    );
    assert!(text(&app).contains("reading the Helmfile…"), "{}", text(&app));
}

#[test]
fn a_helmfile_that_cannot_be_read_says_why() {
    let mut l = testkit::landscape();
    l.stages.clear();
    l.error = Some("helmfile.yaml.gotmpl:7:3: mapping values are not allowed here".into());
    let app = values_app_with(80, 24, l);
    let t = text(&app);
    assert!(
        t.contains("the Helmfile could not be read: helmfile.yaml.gotmpl:7:3: mapping values"),
        "{t}"
    );
}

#[test]
fn e_on_a_stage_value_edits_the_stage_file() {
    let mut app = values_app(80, 24);
    press(&mut app, "2");
    go_to(&mut app, "image.tag");
    assert_eq!(app.input.as_ref().map(|i| i.kind), None);
    press(&mut app, "e");
    assert_eq!(app.input.as_ref().map(|i| i.text.clone()), Some("1.4.2".to_string()));
    press(&mut app, "esc");
    let fx = quick_edit(&mut app, "1.4.3");
    assert_eq!(fx, edit("values/qa/api.yaml", "image.tag", "1.4.3", false));
}

#[test]
fn e_on_a_common_value_adds_it_to_the_stage_file() {
    let mut app = values_app(80, 24);
    press(&mut app, "2");
    go_to(&mut app, "service.port");
    let fx = quick_edit(&mut app, "8080");
    // The stage overrides the shared value; dev and prod keep theirs.
    assert_eq!(fx, edit("values/qa/api.yaml", "service.port", "8080", true));
}

#[test]
fn e_side_by_side_edits_the_selected_column_stage() {
    let mut app = values_app(80, 24);
    press(&mut app, "0");
    go_to(&mut app, "image.tag");
    // The column starts on the stage that was shown (dev); l moves to qa, then past e2e.
    press(&mut app, "l");
    let fx = quick_edit(&mut app, "1.4.4");
    assert_eq!(fx, edit("values/qa/api.yaml", "image.tag", "1.4.4", false));
    press(&mut app, "l l");
    go_to(&mut app, "service.port");
    let fx = quick_edit(&mut app, "81");
    assert_eq!(fx, edit("values/prod/api.yaml", "service.port", "81", true));
}

#[test]
fn e_on_a_release_bumps_a_plain_chart_version_and_refuses_a_templated_one() {
    let mut app = values_app(80, 24);
    press(&mut app, "2");
    let fx = quick_edit(&mut app, "1.3.0");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Edit {
            team: team(),
            edit: EditRequest {
                file: "helmfile.yaml.gotmpl".into(),
                path: "releases[0].version".into(),
                value: "1.3.0".into(),
                insert: false,
                typed: false,
                subject: Some("payments-api chart version".into()),
                object: None,
            },
        })]
    );
    go_to(&mut app, "payments-web");
    assert!(press(&mut app, "e").is_empty());
    assert!(app.input.is_none());
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(n.error && n.text.contains("computed by a template"), "{n:?}");
}

#[test]
fn a_value_whose_stage_file_is_missing_is_refused_with_the_reason() {
    let mut app = values_app(80, 24);
    press(&mut app, "1");
    go_to(&mut app, "payments-web");
    go_to(&mut app, "replicaCount");
    assert!(press(&mut app, "e").is_empty());
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(
        n.error && n.text.contains("values/dev/web.yaml does not exist"),
        "{n:?}"
    );
}

#[test]
fn read_only_refuses_a_quick_edit_at_the_key() {
    let mut app = values_app(80, 24);
    app.readonly = true;
    press(&mut app, "2");
    go_to(&mut app, "image.tag");
    assert!(press(&mut app, "e").is_empty());
    assert!(app.input.is_none(), "no input bar opens");
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(n.error && n.text.contains("read-only"), "{n:?}");
}

#[test]
fn differences_are_marked_and_coloured() {
    let app = {
        let mut a = values_app(160, 48);
        press(&mut a, "0");
        a
    };
    let lines = screen_lines(&app);
    let y = lines
        .iter()
        .position(|l| l.contains("image.tag"))
        .expect("the image.tag row");
    assert!(lines[y].contains("≠"), "{}", lines[y]);
    let same = lines
        .iter()
        .position(|l| l.contains("service.port"))
        .expect("the service.port row");
    assert!(!lines[same].contains("≠"), "{}", lines[same]);
    let buf = render(&app);
    let x = u16::try_from(lines[y].find("image.tag").unwrap()).unwrap();
    assert_eq!(
        buf.backend().buffer()[(x, u16::try_from(y).unwrap())].fg,
        testkit::theme().style(Role::HealthWarn).fg.unwrap()
    );
}
