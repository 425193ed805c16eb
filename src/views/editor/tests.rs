use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::keymap::Key;
use crate::repo::recovery::Recovery;
use crate::repo::{RepoError, RepoMsg, RepoOp};
use crate::testkit::{self, press, render};

const JCASC: &str = "jenkins:\n  systemMessage: \"payments\"\n  clouds:\n    - kubernetes:\n        templates:\n          - name: \"base\"\n            label: \"base\"\n            containers:\n              - name: \"jnlp\"\n                image: \"jenkins/inbound-agent:3327\"\n";

/// The editor on the JCasC file, read from the working tree.
fn editor(width: u16, height: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, width, height);
    for m in testkit::repo_messages() {
        app.update(m);
    }
    let fx = testkit::command(&mut app, "edit");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::ReadFile {
            team: "payments".into(),
            path: "jenkins/jenkins.yaml".into()
        })]
    );
    app.update(Msg::Repo(RepoMsg::FileRead {
        team: "payments".into(),
        path: "jenkins/jenkins.yaml".into(),
        result: Ok(JCASC.into()),
    }));
    app
}

fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    let mut last = Vec::new();
    for c in text.chars() {
        last = if c == '\n' {
            press(app, "enter")
        } else {
            app.update(Msg::Key(Key::char(c)))
        };
    }
    last
}

fn editor_state(app: &App) -> &crate::views::editor::EditorState {
    match app.top() {
        Screen::Editor(e) => e,
        _ => panic!("the editor is on top"),
    }
}

#[test]
fn typing_is_text_validated_live_and_journalled() {
    let mut app = editor(80, 24);
    // `q` and `j` are text here, not keys.
    let fx = type_text(&mut app, "q");
    assert!(matches!(app.top(), Screen::Editor(_)), "q is text");
    assert_eq!(
        fx,
        vec![Effect::Journal {
            team: "payments".into(),
            file: "jenkins/jenkins.yaml".into(),
            text: format!("q{JCASC}"),
            now: false,
        }]
    );
    // An unknown root key: the JCasC rules find it with its line and column.
    assert!(
        editor_state(&app)
            .findings
            .iter()
            .any(|f| f.line == 1 && f.message.contains("qjenkins")),
        "{:?}",
        editor_state(&app).findings
    );
}

#[test]
fn editor_with_an_error_80x24() {
    let mut app = editor(80, 24);
    // Break the YAML: an unclosed quote in the system message.
    press(&mut app, "down end left");
    type_text(&mut app, "\n  bad: \"oops");
    insta::assert_snapshot!("editor_error_80x24", render(&app).backend());
    crate::testkit::screenshot("editor", &app);
}

#[test]
fn editor_with_an_error_160x48() {
    let mut app = editor(160, 48);
    press(&mut app, "down end left");
    type_text(&mut app, "\n  bad: \"oops");
    insta::assert_snapshot!("editor_error_160x48", render(&app).backend());
}

#[test]
fn a_failed_save_keeps_the_buffer_modified_and_a_good_one_settles_it() {
    let mut app = editor(80, 24);
    type_text(&mut app, "# note\n");
    let fx = press(&mut app, "ctrl-s");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Save {
            team: "payments".into(),
            path: "jenkins/jenkins.yaml".into(),
            text: format!("# note\n{JCASC}"),
        })]
    );
    app.update(Msg::Repo(RepoMsg::Finished {
        team: "payments".into(),
        op: RepoOp::Save,
        result: Err(RepoError::Io("No space left on device (os error 28)".into())),
    }));
    assert!(editor_state(&app).is_modified(), "the buffer survives");
    // Leaving keeps it in the journal at once.
    let fx = press(&mut app, "esc");
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::Journal { now: true, text, .. } if text.starts_with("# note"))),
        "{fx:?}"
    );
    // Back in, saved for good.
    testkit::command(&mut app, "edit");
    app.update(Msg::Repo(RepoMsg::FileRead {
        team: "payments".into(),
        path: "jenkins/jenkins.yaml".into(),
        result: Ok(JCASC.into()),
    }));
    type_text(&mut app, "# again\n");
    press(&mut app, "ctrl-s");
    app.update(Msg::Repo(RepoMsg::Finished {
        team: "payments".into(),
        op: RepoOp::Save,
        result: Ok("saved jenkins/jenkins.yaml".into()),
    }));
    assert!(!editor_state(&app).is_modified());
    assert!(press(&mut app, "esc").is_empty(), "nothing to journal");
}

#[test]
fn a_quit_or_a_hangup_journals_unsaved_text_at_once() {
    let mut app = editor(80, 24);
    type_text(&mut app, "x");
    let fx = app.update(Msg::Terminated);
    assert!(app.quit);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::Journal { now: true, .. })),
        "{fx:?}"
    );
}

#[test]
fn the_next_start_offers_the_journal_and_opens_it() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    app.world.repos.recoveries = vec![Recovery {
        team: "payments".into(),
        file: "values/qa/web.yaml".into(),
        text: "replicaCount: 5\n".into(),
        saved_at: testkit::start() - jiff::SignedDuration::from_mins(7),
        clone: "/home/alice/.local/share/stagecoach/repos/stagecoach-demo/payments".into(),
    }];
    for m in testkit::repo_messages() {
        app.update(m);
    }
    testkit::command(&mut app, "recover");
    app.update(Msg::Repo(RepoMsg::FileRead {
        team: "payments".into(),
        path: "values/qa/web.yaml".into(),
        result: Ok("replicaCount: 2\n".into()),
    }));
    let e = editor_state(&app);
    assert_eq!(e.text(), "replicaCount: 5\n");
    assert!(e.is_modified(), "recovered text is not what the file holds");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("recovered edits from 7m ago"), "{text}");
    // Committing the file drops its journal.
    press(&mut app, "esc esc");
    testkit::command(&mut app, "repo");
    app.world.repos.by_team.get_mut("payments").unwrap().committing = vec!["values/qa/web.yaml".into()];
    let fx = app.update(Msg::Repo(RepoMsg::Finished {
        team: "payments".into(),
        op: RepoOp::Commit,
        result: Ok("committed".into()),
    }));
    assert!(
        fx.contains(&Effect::DropJournal {
            team: "payments".into(),
            file: "values/qa/web.yaml".into()
        }),
        "{fx:?}"
    );
    assert!(app.world.repos.recoveries.is_empty());
}

#[test]
fn a_file_with_control_characters_goes_to_the_external_editor() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    for m in testkit::repo_messages() {
        app.update(m);
    }
    testkit::command(&mut app, "edit notes.txt");
    app.update(Msg::Repo(RepoMsg::FileRead {
        team: "payments".into(),
        path: "notes.txt".into(),
        result: Ok("a\u{1b}]52;c;ZXZpbA==\u{7}b\n".into()),
    }));
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("control character (U+001B)"), "{text}");
    assert!(!text.contains("ZXZpbA"), "{text}");
}

#[test]
fn with_an_editor_configured_the_file_goes_there() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    app.external_editor = Some("vi".into());
    for m in testkit::repo_messages() {
        app.update(m);
    }
    testkit::command(&mut app, "edit values/qa/web.yaml");
    let edit = app.external_edit.clone().expect("handed to the runtime");
    assert_eq!(
        edit.path,
        std::path::Path::new(
            "/home/alice/.local/share/stagecoach/repos/stagecoach-demo/payments/values/qa/web.yaml"
        )
    );
    let fx = app.update(Msg::EditorClosed {
        team: "payments".into(),
        result: Ok(()),
    });
    assert!(fx.contains(&Effect::Repo(RepoEffect::Refresh {
        team: "payments".into()
    })));
}

/// The fixture app with a config repo for payments in the config, its clone not open yet.
fn repo_not_open() -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    app.world.repo_teams.insert("payments".into());
    app
}

/// `:edit` typed while the team's clone is still opening is kept, not dropped: the clone is
/// opened if nothing opens it, and the file opens in the editor once it is.
#[test]
fn an_edit_before_the_clone_is_open_runs_once_it_is() {
    let mut app = repo_not_open();
    testkit::command(&mut app, "edit");
    // The clone is being opened (by the matrix's DRIFT column, or else by the edit).
    assert!(
        matches!(
            app.world.repos.get("payments").and_then(|d| d.busy.as_ref()),
            Some((RepoOp::Open, _))
        ),
        "{:?}",
        app.world.repos.get("payments")
    );
    let text = crate::ui::export::to_text(render(&app).backend().buffer());
    assert!(
        text.contains("still opening… the JCasC file opens in the editor once it is"),
        "{text}"
    );
    let mut fx = Vec::new();
    for m in testkit::repo_messages() {
        fx.extend(app.update(m));
    }
    assert!(
        fx.contains(&Effect::Repo(RepoEffect::ReadFile {
            team: "payments".into(),
            path: "jenkins/jenkins.yaml".into()
        })),
        "{fx:?}"
    );
    assert!(matches!(app.top(), Screen::Editor(_)));
    assert_eq!(app.pending_edit, None);
}

/// A kept edit is dropped when the user went elsewhere meanwhile, or the clone failed to open
/// (its error is on the status line).
#[test]
fn a_kept_edit_is_dropped_elsewhere_or_when_the_open_fails() {
    let mut app = repo_not_open();
    testkit::command(&mut app, "edit values/qa/web.yaml");
    assert!(app.pending_edit.is_some());
    testkit::command(&mut app, "jobs");
    for m in testkit::repo_messages() {
        app.update(m);
    }
    assert!(!matches!(app.top(), Screen::Editor(_)));
    assert_eq!(app.pending_edit, None);

    let mut app = repo_not_open();
    testkit::command(&mut app, "edit values/qa/web.yaml");
    app.update(Msg::Repo(RepoMsg::Finished {
        team: "payments".into(),
        op: RepoOp::Open,
        result: Err(RepoError::Git("cannot reach the remote".into())),
    }));
    assert_eq!(app.pending_edit, None);
    assert!(!matches!(app.top(), Screen::Editor(_)));
    // A team without a config repo says so at once.
    app.world.repo_teams.clear();
    testkit::command(&mut app, "edit");
    let text = crate::ui::export::to_text(render(&app).backend().buffer());
    assert!(text.contains("has no config repo"), "{text}");
}
