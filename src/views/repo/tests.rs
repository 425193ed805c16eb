use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::nav::Screen;
use crate::app::App;
use crate::keymap::Key;
use crate::testkit::{self, press, render};
use crate::theme::Role;

fn repo_app(width: u16, height: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, width, height);
    let fx = press(&mut app, "C");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Open {
            team: "payments".into()
        })]
    );
    for m in testkit::repo_messages() {
        app.update(m);
    }
    app
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(crate::app::msg::Msg::Key(Key::char(c)));
    }
}

#[test]
fn repo_80x24() {
    let app = repo_app(80, 24);
    insta::assert_snapshot!("repo_80x24", render(&app).backend());
    crate::testkit::screenshot("repo", &app);
}

#[test]
fn repo_160x48() {
    let app = repo_app(160, 48);
    insta::assert_snapshot!("repo_160x48", render(&app).backend());
}

#[test]
fn a_push_shows_on_the_row_at_once_and_its_failure_stays_readable() {
    let mut app = repo_app(80, 24);
    let fx = press(&mut app, "P");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Push {
            team: "payments".into()
        })]
    );
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("Pushing…"), "{text}");
    app.update(crate::app::msg::Msg::Repo(crate::repo::RepoMsg::Finished {
        team: "payments".into(),
        op: crate::repo::RepoOp::Push,
        result: Err(crate::repo::RepoError::Remote(
            "cannot reach the remote; the commit stays local: press P to push again".into(),
        )),
    }));
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("the commit stays local"), "{text}");
    let buf = render(&app);
    let y = (0..24)
        .find(|&y| {
            (0..80)
                .map(|x| buf.backend().buffer()[(x, y)].symbol().to_string())
                .collect::<String>()
                .contains("stays local")
        })
        .expect("the error line");
    assert_eq!(
        buf.backend().buffer()[(0, y)].fg,
        testkit::theme().style(Role::Error).fg.unwrap()
    );
}

#[test]
fn read_only_refuses_push_and_commit_at_the_key() {
    let mut app = repo_app(80, 24);
    app.readonly = true;
    for key in ["P", "c", "p"] {
        assert!(press(&mut app, key).is_empty(), "{key} asks for nothing");
        let (n, _) = app.notice.clone().expect("a notice");
        assert!(n.error && n.text.contains("read-only"), "{n:?}");
        assert!(matches!(app.top(), Screen::Repo(_)), "no form opens");
    }
}

#[test]
fn enter_on_a_file_opens_its_diff() {
    let mut app = repo_app(80, 24);
    let fx = press(&mut app, "j enter");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Diff {
            team: "payments".into()
        })]
    );
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("file 2/3 values/qa/web.yaml"), "{text}");
    assert!(text.contains("-replicaCount: 1") && text.contains("+replicaCount: 2"), "{text}");
}

#[test]
fn diff_80x24() {
    let mut app = repo_app(80, 24);
    press(&mut app, "d");
    insta::assert_snapshot!("diff_80x24", render(&app).backend());
    crate::testkit::screenshot("diff", &app);
    press(&mut app, "n n");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("file 3/3 notes.txt (new)"), "{text}");
}

#[test]
fn diff_160x48() {
    let mut app = repo_app(160, 48);
    press(&mut app, "d");
    insta::assert_snapshot!("diff_160x48", render(&app).backend());
}

#[test]
fn commit_form_80x24() {
    let mut app = repo_app(80, 24);
    press(&mut app, "c");
    insta::assert_snapshot!("commit_80x24", render(&app).backend());
    crate::testkit::screenshot("commit", &app);
}

#[test]
fn commit_form_160x48() {
    let mut app = repo_app(160, 48);
    press(&mut app, "c");
    insta::assert_snapshot!("commit_160x48", render(&app).backend());
}

#[test]
fn a_protected_stage_needs_its_name_typed_to_commit() {
    let mut app = repo_app(80, 24);
    press(&mut app, "c");
    // The form starts with both tracked files in: prod's values among them.
    assert!(press(&mut app, "G enter").is_empty());
    assert_eq!(app.input.as_ref().map(|i| i.kind), Some(InputKind::TypeName));
    type_text(&mut app, "qa");
    assert!(press(&mut app, "enter").is_empty());
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(n.error && n.text.contains("that is not prod"), "{n:?}");

    press(&mut app, "enter");
    type_text(&mut app, "prod");
    let fx = press(&mut app, "enter");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Commit {
            team: "payments".into(),
            paths: vec!["values/prod/api.yaml".into(), "values/qa/web.yaml".into()],
            message: "update 2 files: values/prod/api.yaml, values/qa/web.yaml".into(),
            confirmed: Some("prod".into()),
        })]
    );
}

#[test]
fn the_summary_is_edited_and_a_file_left_out() {
    let mut app = repo_app(80, 24);
    press(&mut app, "c");
    // Summary: replace the prefilled text.
    press(&mut app, "enter ctrl-u");
    type_text(&mut app, "qa: web replicas 1 → 2");
    press(&mut app, "enter");
    // Leave prod's file out (the first file), keep qa's.
    press(&mut app, "j j space");
    let fx = press(&mut app, "c");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Commit {
            team: "payments".into(),
            paths: vec!["values/qa/web.yaml".into()],
            message: "qa: web replicas 1 → 2".into(),
            confirmed: None,
        })]
    );
}

#[test]
fn calls_80x24() {
    let mut app = repo_app(80, 24);
    press(&mut app, "@");
    insta::assert_snapshot!("calls_80x24", render(&app).backend());
    crate::testkit::screenshot("writes", &app);
}

#[test]
fn calls_160x48() {
    let mut app = repo_app(160, 48);
    press(&mut app, "@");
    insta::assert_snapshot!("calls_160x48", render(&app).backend());
}

#[test]
fn every_hint_of_the_repo_screens_has_a_label() {
    let mut app = repo_app(160, 24);
    for keys in ["", "d", "esc c", "esc @"] {
        press(&mut app, keys);
        let last = testkit::screen_lines(&app).last().cloned().unwrap_or_default();
        assert!(!last.trim_end().contains("  "), "an empty hint label in {last:?}");
    }
}

#[test]
fn invalid_yaml_is_refused_for_commit_with_line_and_column_until_overridden() {
    let mut app = repo_app(80, 24);
    // The working tree's qa file is broken (an unclosed quote on line 1).
    app.update(crate::app::msg::Msg::Repo(crate::repo::RepoMsg::Diffed {
        team: "payments".into(),
        files: vec![crate::repo::FileDiff {
            path: "values/qa/web.yaml".into(),
            old: Some("replicaCount: 1\n".into()),
            new: Some("replicaCount: \"2\nimage: {tag: x\n".into()),
        }],
    }));
    press(&mut app, "c j j space");
    assert!(press(&mut app, "c").is_empty(), "refused");
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(
        n.error && n.text.contains("values/qa/web.yaml:") && n.text.contains("! to commit anyway"),
        "{n:?}"
    );
    insta::assert_snapshot!("commit_invalid_80x24", render(&app).backend());
    press(&mut app, "!");
    let fx = press(&mut app, "c");
    assert!(
        matches!(fx.as_slice(), [Effect::Repo(RepoEffect::Commit { paths, .. })] if paths == &["values/qa/web.yaml".to_string()]),
        "{fx:?}"
    );
}

#[test]
fn the_commit_message_is_made_from_the_quick_edits() {
    let mut app = repo_app(80, 24);
    app.update(crate::app::msg::Msg::Repo(crate::repo::RepoMsg::Edited {
        team: "payments".into(),
        edit: crate::repo::commit_message::Edit {
            file: "values/qa/web.yaml".into(),
            path: "replicaCount".into(),
            subject: None,
            object: None,
            change: crate::repo::commit_message::Change::Set {
                old: "1".into(),
                new: "2".into(),
            },
        },
    }));
    press(&mut app, "c");
    let Screen::Commit(c) = app.top() else {
        panic!("the form")
    };
    assert!(c.summary.contains("replicaCount 1 → 2"), "{}", c.summary);
}

#[test]
fn after_a_jcasc_push_u_asks_for_update_configuration_for_that_commit() {
    let mut app = repo_app(80, 24);
    app.update(crate::app::msg::Msg::Repo(crate::repo::RepoMsg::JcascPushed {
        team: "payments".into(),
        commit: "a1b2c3d".into(),
    }));
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("a1b2c3d changed the JCasC: U runs Update configuration"), "{text}");
    press(&mut app, "U");
    let Screen::Jobs(j) = app.top() else {
        panic!("the jobs screen")
    };
    assert!(j.confirm.is_some(), "the dialog asks first");
    assert_eq!(j.for_commit.as_deref(), Some("a1b2c3d"));
    // Cancel has the focus; move to Reload and press it.
    press(&mut app, "l");
    let fx = press(&mut app, "enter");
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Jenkins(crate::app::jenkins::JenkinsEffect::ReloadJcasc { team, .. }) if team == "payments")),
        "{fx:?}"
    );
}

#[test]
fn jenkins_writes_show_on_the_writes_screen_with_their_command() {
    let mut app = repo_app(160, 24);
    let mut call = crate::call_log::Call::new(
        "Update configuration of payments's Jenkins",
        "curl -X POST -u admin:$JENKINS_TOKEN http://127.0.0.1:9/configuration-as-code/reload",
    )
    .ended(Ok("applied; Jenkins restarts for a moment".into()));
    call.at = testkit::start();
    app.update(crate::app::msg::Msg::Jenkins(
        crate::jenkins::msg::JenkinsMsg::Called(call),
    ));
    press(&mut app, "@");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("Update configuration of payments"), "{text}");
    assert!(
        text.contains("$ curl -X POST -u admin:$JENKINS_TOKEN http://127.0.0.1:9/configuration-as-code/reload"),
        "{text}"
    );
}

#[test]
fn the_commit_form_says_what_comes_next_after_a_commit_and_after_a_push() {
    use crate::repo::{RepoMsg, RepoOp};
    let mut app = repo_app(120, 24);
    press(&mut app, "c");
    press(&mut app, "G enter");
    type_text(&mut app, "prod");
    press(&mut app, "enter");
    let done = |op, text: &str| {
        crate::app::msg::Msg::Repo(RepoMsg::Finished {
            team: "payments".into(),
            op,
            result: Ok(text.into()),
        })
    };
    app.update(done(RepoOp::Commit, "committed a1b2c3d"));
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("committed a1b2c3d — P pushes, esc goes back"), "{text}");
    app.update(crate::app::msg::Msg::Repo(RepoMsg::JcascPushed {
        team: "payments".into(),
        commit: "a1b2c3d".into(),
    }));
    app.update(done(RepoOp::Push, "pushed to origin"));
    let text = testkit::screen_lines(&app).join("\n");
    assert!(
        text.contains("pushed to origin — a1b2c3d changed the JCasC: U on the repo screen"),
        "{text}"
    );
}
