use super::{PodState, Section};
use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg, WatchId};
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::event_row::EventRow;
use crate::keymap::Key;
use crate::testkit::{self, press, render, Fixture};
use crate::theme::Role;

const NS: &str = "payments-qa";

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Msg::Key(Key::char(c)));
    }
}

/// The pods of `ns`, filtered down to `name`, and `enter` on it: returns its effects.
fn open_in(s: &Fixture, ns: &str, name: &str, w: u16, h: u16) -> (App, Vec<Effect>) {
    let mut app = testkit::app(s, w, h);
    press(&mut app, ":");
    type_text(&mut app, &format!("pods {ns}"));
    press(&mut app, "enter /");
    type_text(&mut app, name);
    press(&mut app, "enter");
    let fx = press(&mut app, "enter");
    match app.top() {
        Screen::Pod(p) => assert_eq!(p.name, name),
        other => panic!("{other:?}"),
    }
    (app, fx)
}

fn open(s: &Fixture, name: &str, w: u16, h: u16) -> (App, Vec<Effect>) {
    open_in(s, NS, name, w, h)
}

/// The detail of the first pod of `ns` with `status`, loaded.
fn loaded_in(s: &Fixture, ns: &str, status: &str, w: u16, h: u16) -> (App, String) {
    let name = s.pod_with_status(ns, status);
    let (mut app, _) = open_in(s, ns, &name, w, h);
    for m in s.detail_messages(ns, &name) {
        app.update(m);
    }
    (app, name)
}

fn loaded(s: &Fixture, status: &str, w: u16, h: u16) -> (App, String) {
    loaded_in(s, NS, status, w, h)
}

/// The cell is drawn in the role's colour and modifiers.
fn assert_role(cell: &ratatui::buffer::Cell, role: Role) {
    let want = testkit::theme().style(role);
    assert_eq!(
        (cell.fg, cell.modifier),
        (want.fg.unwrap_or_default(), want.add_modifier),
        "{cell:?} is not {role:?}"
    );
}

fn pod(app: &App) -> &PodState {
    match app.top() {
        Screen::Pod(p) => p,
        other => panic!("{other:?}"),
    }
}

#[test]
fn entering_watches_the_pod_and_leaving_stops_it() {
    let s = testkit::fixture();
    let name = s.pod_with_status(NS, "CrashLoopBackOff");
    let (mut app, fx) = open(&s, &name, 80, 24);
    assert_eq!(
        fx,
        vec![Effect::WatchPodDetail {
            namespace: NS.into(),
            name: name.clone(),
        }]
    );
    assert!(pod(&app).detail.is_none());
    assert_eq!(press(&mut app, "esc"), vec![Effect::StopPodDetail]);
    assert!(matches!(app.top(), Screen::Pods(_)));
}

#[test]
fn detail_and_events_arrive_and_only_this_pods_count() {
    let s = testkit::fixture();
    let (mut app, name) = loaded(&s, "CrashLoopBackOff", 80, 24);
    let p = pod(&app);
    let d = p.detail.as_ref().expect("the detail");
    assert_eq!(d.row.status, "CrashLoopBackOff");
    let kinds: Vec<&str> = d.owners.iter().map(|o| o.kind.as_str()).collect();
    assert_eq!(kinds, ["ReplicaSet", "Deployment"]);
    assert!(p.events_loaded && !p.events.is_empty());
    assert!(p.events.windows(2).all(|w| w[0].last <= w[1].last));
    // Another pod's messages change nothing.
    let n = p.events.len();
    app.update(Msg::Cluster(ClusterMsg::PodEventsLoaded {
        namespace: NS.into(),
        name: "someone-else".into(),
        events: Vec::new(),
    }));
    assert_eq!(pod(&app).events.len(), n);
    assert!(app
        .update(Msg::Cluster(ClusterMsg::PodGone {
            namespace: NS.into(),
            name,
        }))
        .is_empty());
    assert!(pod(&app).gone);
    assert!(testkit::screen_lines(&app)[1].contains("deleted"));
}

#[test]
fn crash_loop_80x24() {
    let s = testkit::fixture();
    let (app, _) = loaded(&s, "CrashLoopBackOff", 80, 24);
    insta::assert_snapshot!("pod_crashloop_80x24", render(&app).backend());
    crate::testkit::screenshot("pod", &app);
}

#[test]
fn crash_loop_160x48() {
    let s = testkit::fixture();
    let (app, _) = loaded(&s, "CrashLoopBackOff", 160, 48);
    insta::assert_snapshot!("pod_crashloop_160x48", render(&app).backend());
}

#[test]
fn e_jumps_to_the_events_80x24() {
    let s = testkit::fixture();
    let (mut app, _) = loaded(&s, "CrashLoopBackOff", 80, 24);
    assert!(press(&mut app, "e").is_empty());
    assert_eq!(pod(&app).top, (Section::Events, 0));
    // The events are at the end: the last page shows them all, their header on it.
    let screen = testkit::screen_lines(&app);
    let header = screen.iter().position(|l| l.starts_with("Events ("));
    assert!(header.is_some_and(|y| y >= 2), "{screen:#?}");
    // The newest event, the back-off, ends the last page.
    assert!(screen[22].contains("q2wzt_payments-qa"), "{screen:#?}");
    insta::assert_snapshot!("pod_crashloop_events_80x24", render(&app).backend());
}

#[test]
fn scrolling_stops_at_both_ends() {
    let s = testkit::fixture();
    let (mut app, _) = loaded(&s, "CrashLoopBackOff", 80, 24);
    let page = app.page();
    let len = pod(&app).doc(80, app.now).len();
    assert!(len > page, "the crash-looping pod needs more than a page");
    press(&mut app, "k k");
    assert_eq!(pod(&app).top, (Section::Pod, 0));
    press(&mut app, "j j");
    let doc = pod(&app).doc(80, app.now);
    assert_eq!(pod(&app).first_line(&doc, page), 2);
    for _ in 0..20 {
        press(&mut app, "pgdn");
    }
    let doc = pod(&app).doc(80, app.now);
    assert_eq!(pod(&app).first_line(&doc, page), len - page);
    // The first `k` at the end moves at once (no hidden overscroll to climb back).
    press(&mut app, "k");
    let doc = pod(&app).doc(80, app.now);
    assert_eq!(pod(&app).first_line(&doc, page), len - page - 1);
    press(&mut app, "g g");
    assert_eq!(pod(&app).top, (Section::Pod, 0));
    press(&mut app, "G");
    let doc = pod(&app).doc(80, app.now);
    assert_eq!(pod(&app).first_line(&doc, page), len - page);
}

#[test]
fn pending_pod_says_why_it_is_not_scheduled_80x24() {
    let s = testkit::fixture();
    let (mut app, _) = loaded_in(&s, "payments-dev", "Pending", 80, 24);
    press(&mut app, "e");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("FailedScheduling"), "{text}");
    insta::assert_snapshot!("pod_pending_events_80x24", render(&app).backend());
}

#[test]
fn warnings_and_the_crash_are_drawn_in_their_roles() {
    let s = testkit::fixture();
    let (app, _) = loaded(&s, "CrashLoopBackOff", 160, 48);
    let t = render(&app);
    let buf = t.backend().buffer();
    let find = |needle: &str| {
        (0..buf.area.height).find_map(|y| {
            let line: String = (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            line.find(needle)
                .map(|x| (u16::try_from(line[..x].chars().count()).unwrap(), y))
        })
    };
    let (x, y) = find("Waiting: CrashLoopBackOff").expect("the waiting state");
    assert_role(&buf[(x, y)], Role::HealthFailed);
    let (x, y) = find("Terminated: ").expect("the last state");
    assert_role(&buf[(x, y)], Role::HealthFailed);
    let (x, y) = find("  Warning ").expect("a warning event");
    assert_role(&buf[(x + 2, y)], Role::HealthWarn);
    assert_role(&buf[(x + 11, y)], Role::HealthWarn);
    let (x, y) = find("  Normal ").expect("a normal event");
    assert_role(&buf[(x + 2, y)], Role::HealthOk);
    // The header's status is in the pod's health role.
    let (x, y) = find("CrashLoopBackOff").expect("the header");
    assert_eq!(y, 1);
    assert_role(&buf[(x, y)], Role::HealthFailed);
    let (x, y) = find("Events (").expect("the events header");
    assert_role(&buf[(x, y)], Role::Header);
}

#[test]
fn watch_failures_are_shown_not_swallowed() {
    let s = testkit::fixture();
    let name = s.pod_with_status(NS, "CrashLoopBackOff");
    let (mut app, _) = open(&s, &name, 80, 24);
    let failed = |id| {
        Msg::Cluster(ClusterMsg::WatchFailed {
            id,
            kind: crate::cluster::watch_failure::FailureKind::Forbidden,
            error: "403 Forbidden: events is forbidden".into(),
        })
    };
    assert!(app
        .update(failed(WatchId::PodEvents {
            namespace: NS.into(),
            name: name.clone(),
        }))
        .is_empty());
    assert!(app.take_dirty());
    press(&mut app, "e");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(
        text.contains("events unavailable: 403 Forbidden: events is forbidden"),
        "{text}"
    );
    app.update(failed(WatchId::PodDetail {
        namespace: NS.into(),
        name: name.clone(),
    }));
    press(&mut app, "g g");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("pod unavailable: 403 Forbidden"), "{text}");
    // The stage watches' staleness is not touched by the detail's.
    assert!(app.world.worst_watch().is_none());
    // Data arriving clears the errors.
    for m in s.detail_messages(NS, &name) {
        app.update(m);
    }
    let p = pod(&app);
    assert!(p.pod_error.is_none() && p.events_error.is_none());
}

#[test]
fn control_characters_in_messages_never_reach_the_screen() {
    let s = testkit::fixture();
    let (mut app, name) = loaded(&s, "CrashLoopBackOff", 80, 24);
    let mut events = pod(&app).events.clone();
    // Cleaned where the watch builds the row, as every event is.
    events.push(EventRow::from_event(&k8s_openapi::api::core::v1::Event {
        type_: Some("Warning".into()),
        reason: Some("Evil\u{1b}[2J".into()),
        message: Some(
            "title\u{1b}]0;pwned\u{7} clip\u{1b}]52;c;aGk=\u{7} red\u{1b}[31m\r\nnext\u{8}".into(),
        ),
        last_timestamp: Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(
            app.now,
        )),
        ..Default::default()
    }));
    app.update(Msg::Cluster(ClusterMsg::PodEventsLoaded {
        namespace: NS.into(),
        name,
        events,
    }));
    press(&mut app, "G");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("title clip red next"), "{text}");
    assert!(!text.contains("pwned") && !text.contains("aGk="), "{text}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
}

#[test]
fn l_and_p_open_the_logs_and_stop_the_detail_watch() {
    let s = testkit::fixture();
    let (mut app, _) = loaded(&s, "CrashLoopBackOff", 80, 24);
    let fx = press(&mut app, "p");
    assert_eq!(fx.first(), Some(&Effect::StopPodDetail));
    match app.top() {
        Screen::Logs(l) => assert!(l.previous),
        other => panic!("{other:?}"),
    }
    // Back on the detail, its watch starts again.
    let fx = press(&mut app, "esc");
    assert_eq!(
        fx.last(),
        Some(&Effect::WatchPodDetail {
            namespace: NS.into(),
            name: pod(&app).name.clone(),
        })
    );
    press(&mut app, "l");
    match app.top() {
        Screen::Logs(l) => assert!(!l.previous),
        other => panic!("{other:?}"),
    }
}

#[test]
fn tiny_terminals_draw_without_panicking() {
    let s = testkit::fixture();
    let (mut app, _) = loaded(&s, "CrashLoopBackOff", 80, 24);
    for (w, h) in [(2, 3), (10, 3), (20, 5), (33, 9), (200, 4)] {
        app.update(Msg::Resized {
            width: w,
            height: h,
        });
        press(&mut app, "j pgdn e G k");
        let _ = render(&app);
    }
}
