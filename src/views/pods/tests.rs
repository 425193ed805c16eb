use crate::app::msg::Msg;
use crate::app::nav::Screen;
use crate::testkit::{self, press, render};

fn pods_of(ns: &str, w: u16, h: u16) -> crate::app::App {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    press(&mut app, ":");
    for c in format!("pods {ns}").chars() {
        app.update(Msg::Key(crate::keymap::Key::char(c)));
    }
    press(&mut app, "enter");
    assert!(matches!(app.top(), Screen::Pods(_)), "{:?}", app.notice);
    app
}

#[test]
fn pods_of_qa_80x24() {
    let app = pods_of("payments-qa", 80, 24);
    insta::assert_snapshot!("pods_qa_80x24", render(&app).backend());
    crate::testkit::screenshot("pods", &app);
}

#[test]
fn pods_of_qa_160x48() {
    let app = pods_of("payments-qa", 160, 48);
    insta::assert_snapshot!("pods_qa_160x48", render(&app).backend());
}

#[test]
fn pods_of_a_team_sorted_by_restarts_80x24() {
    let mut app = pods_of("payments", 80, 24);
    press(&mut app, "R");
    insta::assert_snapshot!("pods_team_by_restarts_80x24", render(&app).backend());
}

#[test]
fn filter_inverts_with_a_bang() {
    let mut app = pods_of("payments-qa", 160, 48);
    press(&mut app, "/ ! r u n n i n g enter");
    let Screen::Pods(p) = app.top() else { panic!() };
    let rows = p.rows(&app.world);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.status != "Running"), "{rows:?}");
    insta::assert_snapshot!("pods_qa_not_running_160x48", render(&app).backend());
    press(&mut app, "/ esc");
    let Screen::Pods(p) = app.top() else { panic!() };
    assert!(p.rows(&app.world).iter().any(|r| r.status == "Running"));
}

#[test]
fn number_keys_switch_stage_within_the_team() {
    let mut app = pods_of("payments-qa", 80, 24);
    press(&mut app, "1");
    let Screen::Pods(p) = app.top() else { panic!() };
    assert_eq!(p.scope.namespaces, vec!["payments-build".to_string()]);
    press(&mut app, "0");
    let Screen::Pods(p) = app.top() else { panic!() };
    assert!(p.scope.namespaces.is_empty());
}
