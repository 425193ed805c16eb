use super::Focus;
use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::jenkins::{JenkinsEffect, JenkinsMsg, JenkinsSlot};
use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::app::App;
use crate::jenkins::{ErrorKind, JenkinsError};
use crate::keymap::Key;
use crate::repo::edit::EditRequest;
use crate::repo::{RepoMsg, RepoOp};
use crate::testkit::{self, press, render, JCASC_BROKEN, JCASC_CLEAN, JCASC_UNPARSABLE};
use crate::theme::Role;

fn load_agents() -> Effect {
    Effect::Repo(RepoEffect::LoadAgents {
        team: "payments".into(),
    })
}

/// The agents screen of the payments team, its repo opened and its JCasC file read from `text`.
fn agents_app(text: &str, width: u16, height: u16) -> App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, width, height);
    let fx = press(&mut app, "a");
    assert_eq!(
        fx,
        vec![
            Effect::Repo(RepoEffect::Open {
                team: "payments".into()
            }),
            load_agents(),
        ],
        "a repo never opened is opened first"
    );
    for m in testkit::repo_messages() {
        app.update(m);
    }
    app.update(testkit::agents_message(text));
    app
}

/// The labels of `JCASC_CLEAN`'s templates, in file order.
const CLEAN_LABELS: [&str; 5] = ["base", "maven", "golang", "helmfile", "deploy"];

fn generation(app: &App) -> u64 {
    match app.top() {
        Screen::Agents(a) => a.generation,
        other => panic!("not the agents screen: {}", other.title()),
    }
}

/// The label poll the agents screen on top runs now, for `JCASC_CLEAN`.
fn poll_labels(app: &App) -> Effect {
    Effect::Jenkins(JenkinsEffect::PollLabels {
        team: "payments".into(),
        labels: CLEAN_LABELS.iter().map(|l| l.to_string()).collect(),
        generation: generation(app),
    })
}

fn labels_polled(generation: u64, live: &[&str]) -> Msg {
    Msg::Jenkins(JenkinsMsg::LabelsPolled {
        team: "payments".into(),
        generation,
        result: Ok(CLEAN_LABELS
            .iter()
            .map(|l| (l.to_string(), live.contains(l)))
            .collect()),
    })
}

/// The `JENKINS` cell of a template's row.
fn jenkins_cell(app: &App, template: &str) -> String {
    let lines = testkit::screen_lines(app);
    let header = lines
        .iter()
        .find(|l| l.starts_with("TEMPLATE"))
        .expect("the template table");
    let at = header.find("JENKINS").expect("the JENKINS column");
    let end = header.find("INHERITS").unwrap_or(header.len());
    let row = lines
        .iter()
        .find(|l| l.split_whitespace().next() == Some(template))
        .unwrap_or_else(|| panic!("a {template} row: {lines:#?}"));
    row.chars().skip(at).take(end - at).collect::<String>().trim().to_string()
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
}

fn screen(app: &App) -> String {
    testkit::screen_lines(app).join("\n")
}

fn focus(app: &App) -> Focus {
    match app.top() {
        Screen::Agents(a) => a.focus,
        other => panic!("not the agents screen: {}", other.title()),
    }
}

#[test]
fn agents_clean_80x24() {
    let app = agents_app(JCASC_CLEAN, 80, 24);
    insta::assert_snapshot!("agents_clean_80x24", render(&app).backend());
}

#[test]
fn agents_clean_160x48() {
    let mut app = agents_app(JCASC_CLEAN, 160, 48);
    // helmfile: a container of its own and base's jnlp with its memory overridden.
    press(&mut app, "G");
    insta::assert_snapshot!("agents_clean_160x48", render(&app).backend());
}

#[test]
fn agents_live_80x24() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    // helmfile was pushed, Update configuration not run yet.
    app.update(labels_polled(generation(&app), &["base", "maven", "golang"]));
    insta::assert_snapshot!("agents_live_80x24", render(&app).backend());
    crate::testkit::screenshot("agents", &app);
}

#[test]
fn agents_broken_80x24() {
    let mut app = agents_app(JCASC_BROKEN, 80, 24);
    // maven: an image without a tag.
    press(&mut app, "j");
    insta::assert_snapshot!("agents_broken_80x24", render(&app).backend());
}

#[test]
fn agents_broken_160x48() {
    let mut app = agents_app(JCASC_BROKEN, 160, 48);
    // golang: its parent does not exist.
    press(&mut app, "j j");
    insta::assert_snapshot!("agents_broken_160x48", render(&app).backend());
}

#[test]
fn a_file_that_is_not_yaml_shows_where_it_breaks() {
    let app = agents_app(JCASC_UNPARSABLE, 80, 24);
    let text = screen(&app);
    let error = testkit::agents_of(JCASC_UNPARSABLE)
        .error
        .expect("a syntax error");
    assert!(error.starts_with("jenkins/jenkins.yaml:5:9: "), "{error}");
    assert!(text.contains("jenkins/jenkins.yaml:5:9: "), "{text}");
    assert!(
        text.contains("no pod templates can be read until the file parses"),
        "{text}"
    );
}

#[test]
fn templates_with_errors_are_in_the_error_role_and_warnings_in_the_warning_role() {
    let app = agents_app(JCASC_BROKEN, 80, 24);
    let lines = testkit::screen_lines(&app);
    let buf = render(&app);
    let fg_of_row = |name: &str, findings: &str| {
        let y = lines
            .iter()
            .position(|l| l.trim_start().starts_with(name) && l.contains(findings))
            .unwrap_or_else(|| panic!("a {name} row with {findings}: {lines:#?}"));
        buf.backend().buffer()[(0, u16::try_from(y).unwrap())].fg
    };
    let theme = testkit::theme();
    assert_eq!(
        fg_of_row("golang", "1 error"),
        theme.style(Role::Error).fg.unwrap()
    );
    assert_eq!(
        fg_of_row("maven", "1 warning"),
        theme.style(Role::HealthWarn).fg.unwrap()
    );
}

#[test]
fn agents_is_reached_by_its_command_and_its_aliases() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    // The repo is open now: only the file is read again.
    for line in ["agents", "templates payments", "podtemplates qa"] {
        press(&mut app, "esc");
        let fx = testkit::command(&mut app, line);
        assert_eq!(fx, vec![load_agents(), poll_labels(&app)], ":{line}");
        assert!(matches!(app.top(), Screen::Agents(a) if a.team == "payments"));
    }
    // `a` on the agents screen stays there.
    assert!(press(&mut app, "a").is_empty());
    let fx = testkit::command(&mut app, "agents advisory");
    assert_eq!(
        fx,
        vec![
            // payments' screen is covered: its label poll stops.
            Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Labels)),
            Effect::Repo(RepoEffect::Open {
                team: "advisory".into()
            }),
            Effect::Repo(RepoEffect::LoadAgents {
                team: "advisory".into()
            }),
        ]
    );
}

#[test]
fn e_writes_the_image_of_the_templates_own_container() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    // maven: jnlp comes from base, maven is its own; `e` means maven's.
    press(&mut app, "j");
    assert!(press(&mut app, "e").is_empty());
    let input = app.input.clone().expect("the input bar");
    assert_eq!(input.kind, InputKind::Field);
    assert_eq!(input.text, "maven:3.9-eclipse-temurin-21");
    assert!(
        screen(&app).contains("new image for container `maven` of template `maven` (line 24)"),
        "{}",
        screen(&app)
    );
    press(&mut app, "ctrl-u");
    type_text(&mut app, "maven:3.9.9-eclipse-temurin-21");
    let fx = press(&mut app, "enter");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Edit {
            team: "payments".into(),
            edit: EditRequest {
                file: "jenkins/jenkins.yaml".into(),
                path: "jenkins.clouds[0].kubernetes.templates[1].containers[0].image".into(),
                value: "maven:3.9.9-eclipse-temurin-21".into(),
                insert: false,
                typed: false,
                subject: Some("template maven image".into()),
                object: None,
            },
        })]
    );
    // In flight at once, then the runner's outcome.
    assert!(screen(&app).contains("Saving…"), "{}", screen(&app));
    // The runner's answers: the edit, the file read again, the outcome.
    app.update(Msg::Repo(RepoMsg::Edited {
        team: "payments".into(),
        edit: crate::repo::commit_message::Edit {
            file: "jenkins/jenkins.yaml".into(),
            path: "jenkins.clouds[0].kubernetes.templates[1].containers[0].image".into(),
            subject: Some("template maven image".into()),
            object: None,
            change: crate::repo::commit_message::Change::Set {
                old: "maven:3.9-eclipse-temurin-21".into(),
                new: "maven:3.9.9-eclipse-temurin-21".into(),
            },
        },
    }));
    app.update(testkit::agents_message(
        &JCASC_CLEAN.replace("maven:3.9-eclipse", "maven:3.9.9-eclipse"),
    ));
    app.update(Msg::Repo(RepoMsg::Finished {
        team: "payments".into(),
        op: RepoOp::Save,
        result: Ok("jenkins/jenkins.yaml: template maven image maven:3.9-eclipse-temurin-21 → maven:3.9.9-eclipse-temurin-21 (not committed)".into()),
    }));
    insta::assert_snapshot!("agents_edited_80x24", render(&app).backend());
    let text = screen(&app);
    assert!(
        text.contains("not committed: template maven image maven:3.9-eclipse-temurin-21 →"),
        "{text}"
    );
    assert!(text.contains("› maven     maven:3.9.9-eclipse-temurin-21"), "{text}");
}

#[test]
fn an_inherited_image_is_written_in_the_parent_and_the_screen_says_so() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    // helmfile overrides base's jnlp (more memory) but not its image.
    press(&mut app, "G enter");
    assert_eq!(focus(&app), Focus::Containers);
    press(&mut app, "k e");
    assert_eq!(
        app.input.as_ref().map(|i| i.text.as_str()),
        Some("jenkins/inbound-agent:3327.v868139a_d00e0-1")
    );
    insta::assert_snapshot!("agents_inherited_edit_80x24", render(&app).backend());
    let text = screen(&app);
    assert!(
        text.contains("`jnlp` is inherited: its image is written in template `base`"),
        "{text}"
    );
    assert!(
        text.contains("every template inheriting from `base` gets it"),
        "{text}"
    );
    press(&mut app, "ctrl-u");
    type_text(&mut app, "jenkins/inbound-agent:3345.v03dee9b_f88fc-1");
    let fx = press(&mut app, "enter");
    assert_eq!(
        fx,
        vec![Effect::Repo(RepoEffect::Edit {
            team: "payments".into(),
            edit: EditRequest {
                file: "jenkins/jenkins.yaml".into(),
                path: "jenkins.clouds[0].kubernetes.templates[0].containers[0].image".into(),
                value: "jenkins/inbound-agent:3345.v03dee9b_f88fc-1".into(),
                insert: false,
                typed: false,
                subject: Some("template base container jnlp image".into()),
                object: None,
            },
        })]
    );
}

#[test]
fn esc_leaves_the_containers_first_then_the_screen() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    press(&mut app, "j enter");
    assert_eq!(focus(&app), Focus::Containers);
    // j/k now move among the containers, and the template stays selected.
    press(&mut app, "k");
    press(&mut app, "esc");
    assert_eq!(focus(&app), Focus::Templates);
    assert!(matches!(app.top(), Screen::Agents(a) if a.cursor.selected == 1));
    press(&mut app, "esc");
    assert!(!matches!(app.top(), Screen::Agents(_)));
}

#[test]
fn an_unchanged_or_empty_image_writes_nothing() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    press(&mut app, "j e");
    assert!(press(&mut app, "enter").is_empty());
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(n.text.contains("image unchanged"), "{n:?}");
    press(&mut app, "e ctrl-u");
    assert!(press(&mut app, "enter").is_empty());
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(n.error && n.text.contains("an empty image"), "{n:?}");
}

#[test]
fn a_container_without_an_image_anywhere_cannot_be_quick_edited() {
    let mut app = agents_app(JCASC_BROKEN, 80, 24);
    // gradle: its container has no image, and base has no `gradle` container.
    press(&mut app, "G enter j e");
    assert!(app.input.is_none());
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(n.error && n.text.contains("`gradle` has no image"), "{n:?}");
}

#[test]
fn read_only_refuses_the_edit_at_the_key() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    app.readonly = true;
    assert!(press(&mut app, "j e").is_empty());
    assert!(app.input.is_none(), "no input bar opens");
    let (n, _) = app.notice.clone().expect("a notice");
    assert!(n.error && n.text.contains("read-only"), "{n:?}");
}

#[test]
fn the_file_is_read_again_once_the_clone_is_current() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    let fx = app.update(Msg::Repo(RepoMsg::Finished {
        team: "payments".into(),
        op: RepoOp::Fetch,
        result: Ok("pulled".into()),
    }));
    assert_eq!(fx, vec![load_agents()]);
    // A failed fetch changed nothing on disk.
    let fx = app.update(Msg::Repo(RepoMsg::Finished {
        team: "payments".into(),
        op: RepoOp::Fetch,
        result: Err(crate::repo::RepoError::Remote("offline".into())),
    }));
    assert!(fx.is_empty());
}

#[test]
fn every_hint_of_the_agents_screen_has_a_label() {
    let mut app = agents_app(JCASC_CLEAN, 160, 24);
    for keys in ["", "enter"] {
        press(&mut app, keys);
        let last = testkit::screen_lines(&app).last().cloned().unwrap_or_default();
        assert!(
            !last.trim_end().contains("  "),
            "an empty hint label in {last:?}"
        );
    }
}

#[test]
fn the_labels_are_polled_once_the_file_is_read_and_the_column_follows_the_answers() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    // Nothing known yet: no labels to ask about.
    assert_eq!(
        press(&mut app, "a"),
        vec![
            Effect::Repo(RepoEffect::Open {
                team: "payments".into()
            }),
            load_agents(),
        ]
    );
    for m in testkit::repo_messages() {
        app.update(m);
    }
    let fx = app.update(testkit::agents_message(JCASC_CLEAN));
    assert_eq!(fx, vec![poll_labels(&app)], "the file brought labels");
    let first = generation(&app);
    assert!(
        app.update(testkit::agents_message(JCASC_CLEAN)).is_empty(),
        "the same labels: the poll runs on"
    );
    assert_eq!(jenkins_cell(&app, "base"), "…");

    app.update(labels_polled(first, &["base", "maven", "golang"]));
    assert_eq!(jenkins_cell(&app, "base"), "live");
    assert_eq!(jenkins_cell(&app, "helmfile"), "not live");
    // After Update configuration: Jenkins is asked at once, and the new template is live.
    let fx = app.update(Msg::Jenkins(JenkinsMsg::Reload {
        team: "payments".into(),
        generation: 1,
        phase: crate::jenkins::reload::ReloadPhase::Applied {
            system_message: "payments".into(),
        },
    }));
    assert_eq!(fx, vec![poll_labels(&app)]);
    let second = generation(&app);
    assert!(second > first);
    app.update(labels_polled(first, &[]));
    assert_eq!(
        jenkins_cell(&app, "base"),
        "live",
        "an answer of the replaced poll is dropped"
    );
    app.update(labels_polled(second, &CLEAN_LABELS));
    assert_eq!(jenkins_cell(&app, "helmfile"), "live");

    // A template without a label has nothing to ask; one with a new label waits for it.
    let text = JCASC_CLEAN.replace("label: \"golang\"", "label: \"go\"");
    let fx = app.update(testkit::agents_message(&text));
    assert!(
        matches!(&fx[..], [Effect::Jenkins(JenkinsEffect::PollLabels { labels, .. })] if labels.contains(&"go".to_string())),
        "{fx:?}"
    );
    assert_eq!(jenkins_cell(&app, "golang"), "…");

    let fx = press(&mut app, "esc");
    assert!(
        fx.contains(&Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::Labels))),
        "leaving stops the poll: {fx:?}"
    );
    let fx = press(&mut app, "a");
    assert!(
        matches!(&fx[..], [e, Effect::Jenkins(JenkinsEffect::PollLabels { generation, .. })] if *e == load_agents() && *generation > second),
        "back on top: polled again at once: {fx:?}"
    );
}

#[test]
fn a_failed_label_poll_is_said_once_not_per_row() {
    let mut app = agents_app(JCASC_CLEAN, 80, 24);
    let message =
        "no Jenkins for team payments: add teams[payments].jenkins (url, user, token_file) to the config";
    app.update(Msg::Jenkins(JenkinsMsg::LabelsPolled {
        team: "payments".into(),
        generation: generation(&app),
        result: Err(JenkinsError::new(ErrorKind::Token, message)),
    }));
    let text = screen(&app);
    assert_eq!(text.matches("no Jenkins for team payments").count(), 1, "{text}");
    for t in ["base", "maven", "golang", "helmfile"] {
        assert_eq!(jenkins_cell(&app, t), "", "{t}");
    }
    // Another team's answer is not this screen's.
    app.update(Msg::Jenkins(JenkinsMsg::LabelsPolled {
        team: "advisory".into(),
        generation: generation(&app),
        result: Ok(vec![("base".into(), true)]),
    }));
    assert_eq!(jenkins_cell(&app, "base"), "");
}
