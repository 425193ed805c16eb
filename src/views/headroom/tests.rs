use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg};
use crate::app::nav::Screen;
use crate::app::App;
use crate::cluster::headroom::CapacityMsg;
use crate::testkit::{self, command, press, render, screen_lines};

/// `:headroom <arg>` on the fixture world with its capacity (and metrics or not).
fn headroom(arg: &str, metrics: bool, w: u16, h: u16) -> (App, Vec<Effect>) {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    for m in s.capacity_messages(metrics) {
        app.update(m);
    }
    let fx = command(&mut app, format!("headroom {arg}").trim());
    assert!(matches!(app.top(), Screen::Headroom(_)), "{:?}", app.notice);
    (app, fx)
}

#[test]
fn headroom_80x24() {
    let (app, _) = headroom("payments", false, 80, 24);
    insta::assert_snapshot!("headroom_80x24", render(&app).backend());
    crate::testkit::screenshot("headroom", &app);
}

#[test]
fn headroom_with_metrics_160x48() {
    let (app, _) = headroom("", true, 160, 48);
    insta::assert_snapshot!("headroom_metrics_160x48", render(&app).backend());
}

#[test]
fn entering_polls_metrics_for_the_stages_in_view_and_leaving_stops_it() {
    let (mut app, fx) = headroom("payments", false, 80, 24);
    let polled = fx
        .iter()
        .find_map(|e| match e {
            Effect::PollMetrics { namespaces } => Some(namespaces.clone()),
            _ => None,
        })
        .expect("a metrics poll");
    assert!(polled.contains(&"payments-qa".to_string()), "{polled:?}");
    assert!(polled.iter().all(|n| n.starts_with("payments-")), "{polled:?}");
    let fx = press(&mut app, "q");
    assert!(fx.contains(&Effect::StopMetrics), "{fx:?}");
}

#[test]
fn the_free_share_under_the_rule_is_said_on_the_matrix_and_the_screen() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 120, 30);
    let before = screen_lines(&app);
    assert!(!before.iter().any(|l| l.contains("free rule")), "{before:#?}");
    for m in s.capacity_messages(false) {
        app.update(m);
    }
    let home = screen_lines(&app);
    let warn = home
        .iter()
        .find(|l| l.contains("under the 40% free rule"))
        .unwrap_or_else(|| panic!("{home:#?}"));
    assert!(warn.contains("most reserved by payments-"), "{warn}");
    // A threshold the cluster meets: no warning.
    app.world.capacity.min_free_percent = 10;
    let home = screen_lines(&app);
    assert!(!home.iter().any(|l| l.contains("free rule")), "{home:#?}");
}

#[test]
fn a_pod_that_terminates_gives_its_requests_back() {
    let (mut app, _) = headroom("payments", false, 120, 30);
    let before = app.world.capacity.headroom(&[]).requested;
    let s = testkit::fixture();
    let gone = s.pod_requests()[0].clone();
    app.update(Msg::Cluster(ClusterMsg::Capacity(CapacityMsg::PodsChanged {
        applied: Vec::new(),
        deleted: vec![gone.key()],
    })));
    let after = app.world.capacity.headroom(&[]).requested;
    assert_eq!(
        after.cpu_milli,
        before.cpu_milli - gone.requests.cpu_milli * i64::from(gone.node.is_some())
    );
}

#[test]
fn enter_opens_the_pods_of_the_stage_that_reserves_most() {
    let (mut app, _) = headroom("payments", false, 80, 24);
    let first = match app.top() {
        Screen::Headroom(h) => h.headroom(&app.world).namespaces[0].namespace.clone(),
        _ => unreachable!(),
    };
    press(&mut app, "enter");
    match app.top() {
        Screen::Pods(p) => assert_eq!(p.scope.namespaces, vec![first]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn before_the_lists_the_screen_says_it_is_listing() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    command(&mut app, "headroom");
    let lines = screen_lines(&app);
    assert!(lines.iter().any(|l| l.contains("listing nodes and pods")), "{lines:#?}");
}

#[test]
fn the_capacity_watches_start_with_the_first_screen_that_needs_them() {
    use crate::app::effect::Effect;
    let s = crate::testkit::fixture();
    let mut app = crate::testkit::app(&s, 80, 24);
    // Not at start: on a large cluster that would list every pod before the first frame.
    assert!(!app.world.capacity.is_watched());
    let fx = crate::testkit::command(&mut app, "headroom");
    assert!(fx.contains(&Effect::WatchCapacity), "{fx:?}");
    crate::testkit::press(&mut app, "esc");
    let fx = crate::testkit::command(&mut app, "cost");
    assert!(!fx.contains(&Effect::WatchCapacity), "asked once: {fx:?}");
}
