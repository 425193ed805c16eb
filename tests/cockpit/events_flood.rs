//! Data cell of the fault matrix (issue 16): 100,000 events in a namespace, all of one pod (a
//! controller gone wild). The stage's events list and the pod's detail stay bounded — in the
//! app's state, not only on screen — keep the warnings and the newest, say what they left
//! out, and keys keep moving the cursor.

use crate::common;

use std::time::Duration;

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde_json::json;
use stagecoach::app::msg::Msg;
use stagecoach::app::nav::Screen;
use stagecoach::app::world::MAX_EVENT_ROWS;
use stagecoach::app::App;
use stagecoach::cluster::resource::ResourceKind;
use stagecoach::launch::{launch, LaunchOptions};
use stagecoach::runtime::Cockpit;
use stagecoach::sim::kinds::Kind;

const FLOOD: usize = 100_000;

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(160, 40)).unwrap();
    let theme = stagecoach::theme::Theme::builtin();
    t.draw(|f| stagecoach::ui::draw(app, &theme, f)).unwrap();
    stagecoach::ui::export::to_text(t.backend().buffer())
}

fn keys(c: &mut Cockpit, keys: &[&str]) {
    for k in keys {
        let fx = c
            .app
            .update(Msg::Key(stagecoach::keymap::key::Key::parse(k).unwrap()));
        c.runner.run(fx);
    }
}

fn event(ns: &str, pod: &str, i: usize, warning: bool) -> serde_json::Value {
    // Minutes apart, the last one newest; the warnings are among the oldest.
    let at = jiff::Timestamp::from_second(1_700_000_000 + i as i64 * 60).unwrap();
    let ts = at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": format!("{pod}.flood{i:06}"), "namespace": ns, "creationTimestamp": ts},
        "involvedObject": {"kind": "Pod", "namespace": ns, "name": pod, "apiVersion": "v1"},
        "reason": if warning { "FloodWarning" } else { "Flood" },
        "message": format!("flood event {i}"),
        "source": {"component": "wild-controller"},
        "firstTimestamp": ts,
        "lastTimestamp": ts,
        "count": 1,
        "type": if warning { "Warning" } else { "Normal" },
        "eventTime": null,
        "reportingComponent": "wild-controller",
        "reportingInstance": "",
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_events_stay_bounded_newest_and_warnings_first() {
    let sim = common::world("").await;
    let ns = "payments-qa";
    let (_, pods) = sim
        .state
        .store
        .snapshot(Kind::Pod, Some(ns), None, |_| true);
    let pod = pods
        .iter()
        .map(|o| o.name.clone())
        .find(|n| n.starts_with("payments-api-"))
        .expect("an api pod");
    for i in 0..FLOOD {
        // Ten old warnings among the first events.
        sim.state
            .store
            .put(Kind::Event, event(ns, &pod, i, i % 1000 == 0 && i < 10_000));
    }
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.path().join("stagecoach.yaml")),
        ..LaunchOptions::default()
    })
    .await
    .expect("the cockpit starts");
    c.app.update(Msg::Resized {
        width: 160,
        height: 40,
    });
    assert!(
        common::pump(&mut c, Duration::from_secs(60), |a| a.world.is_synced()).await,
        "first sync"
    );

    // The stage's events.
    keys(
        &mut c,
        &[
            ":", "e", "v", "space", "p", "a", "y", "m", "e", "n", "t", "s", "-", "q", "a", "enter",
        ],
    );
    let events_of = |a: &App| {
        a.world
            .resources
            .iter()
            .find(|(k, _)| k.kind == ResourceKind::Event && k.namespace.as_deref() == Some(ns))
            .map(|(_, s)| (s.rows.len(), s.cut))
    };
    assert!(
        common::pump(&mut c, Duration::from_secs(120), |a| events_of(a)
            .is_some_and(|(_, cut)| cut > 0))
        .await,
        "the flood is listed: {:?}",
        events_of(&c.app)
    );
    let (kept, cut) = events_of(&c.app).unwrap();
    assert_eq!(kept, MAX_EVENT_ROWS);
    assert!(cut >= FLOOD - MAX_EVENT_ROWS, "{cut}");
    let list = screen(&c.app);
    assert!(list.contains("FloodWarning"), "warnings first: {list}");
    assert!(list.contains("older left out"), "{list}");
    let newest = format!("flood event {}", FLOOD - 1);
    let warnings_then_newest = list.find("FloodWarning").unwrap() < list.find(&newest).unwrap_or(0);
    assert!(
        warnings_then_newest,
        "the newest after the warnings: {list}"
    );
    let selected = |a: &App| match a.top() {
        Screen::Resources(r) => r.cursor.selected,
        _ => usize::MAX,
    };
    let at = selected(&c.app);
    keys(&mut c, &["j", "j"]);
    assert_eq!(selected(&c.app), at + 2, "keys move the cursor");

    // The pod's detail: its events watch keeps a bounded set.
    keys(&mut c, &["esc"]);
    keys(
        &mut c,
        &[
            ":", "p", "o", "space", "p", "a", "y", "m", "e", "n", "t", "s", "-", "q", "a", "enter",
        ],
    );
    let pod_row = |a: &App| match a.top() {
        Screen::Pods(p) => p.cursor.selected,
        _ => usize::MAX,
    };
    assert!(pod_row(&c.app) != usize::MAX, "on the pods");
    keys(&mut c, &["/"]);
    for ch in pod.chars() {
        keys(&mut c, &[&ch.to_string()]);
    }
    keys(&mut c, &["enter", "enter"]);
    assert!(
        common::pump(&mut c, Duration::from_secs(120), |a| match a.top() {
            Screen::Pod(p) => p.events.len() > 100,
            _ => false,
        })
        .await,
        "the pod's events arrive"
    );
    let Screen::Pod(p) = c.app.top() else {
        panic!()
    };
    assert!(p.events.len() <= 500, "{}", p.events.len());
    assert!(
        p.events.iter().any(|e| e.message == newest),
        "the newest is kept"
    );
    let detail = screen(&c.app);
    assert!(detail.contains(&pod), "{detail}");
}
