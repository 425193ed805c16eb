//! The cockpit against the demo world through an apiserver outage: the status line says the
//! watch is lost, nothing crashes, and once the server is back every watch relists and the data
//! is current again.

use crate::common;

use std::time::Duration;

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use stagecoach::app::msg::Msg;
use stagecoach::app::App;
use stagecoach::launch::{launch, LaunchOptions};
use stagecoach::sim::kinds::Kind;

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(100, 24)).unwrap();
    let theme = stagecoach::theme::Theme::builtin();
    t.draw(|f| stagecoach::ui::draw(app, &theme, f)).unwrap();
    stagecoach::ui::export::to_text(t.backend().buffer())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cockpit_lives_through_an_apiserver_outage() {
    // Watches are cut every second, so every watch meets the outage quickly.
    let sim = common::world("drop-watches=1s").await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.path().join("stagecoach.yaml")),
        ..LaunchOptions::default()
    })
    .await
    .expect("the cockpit starts");
    c.app.update(Msg::Resized {
        width: 100,
        height: 24,
    });
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.is_synced()
            && a.world.stages.len() > 10)
        .await,
        "first sync"
    );
    assert!(screen(&c.app).contains("payments-qa"));

    sim.state.faults.set_outage(true);
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a
            .world
            .worst_watch()
            .is_some())
        .await,
        "the outage is noticed"
    );
    let during = screen(&c.app);
    assert!(during.contains("watch lost"), "{during}");
    // The last data stays on screen while the watch is down.
    assert!(during.contains("payments-qa"), "{during}");

    sim.state.faults.set_outage(false);
    assert!(
        common::pump(&mut c, Duration::from_secs(60), |a| a
            .world
            .worst_watch()
            .is_none())
        .await,
        "every watch recovers: {:?}",
        c.app.world.worst_watch()
    );
    let after = screen(&c.app);
    assert!(!after.contains("watch lost"), "{after}");

    // And the data is the world's: the same pods in a namespace (give live changes a moment).
    let names_in_sim = || {
        let (_, pods) = sim
            .state
            .store
            .snapshot(Kind::Pod, Some("payments-qa"), None, |_| true);
        pods.iter().map(|o| o.name.clone()).collect::<Vec<_>>()
    };
    let mut same = false;
    for _ in 0..20 {
        let want = names_in_sim();
        same = common::pump(&mut c, Duration::from_millis(500), |a| {
            a.world.stages["payments-qa"]
                .pods
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                == want
        })
        .await;
        if same {
            break;
        }
    }
    assert!(same, "the cockpit's pods of payments-qa match the world's");
}

/// Finding 1 of the reliability probe: an API server that accepts connections and then sends
/// nothing (a hung apiserver, a proxy holding bytes) is noticed — the badge says the data is
/// stale — and when it answers again every watch comes back, without restarting the cockpit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cockpit_notices_a_stalled_api_and_recovers_from_it() {
    let sim = common::world("").await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    // Watches of 2 s with 2 s of grace: the same bounds as the default 55 s + 15 s, faster.
    let liveness = stagecoach::cluster::liveness::Liveness {
        watch_timeout_secs: 2,
        margin: Duration::from_secs(2),
        connect: Duration::from_secs(2),
    };
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.path().join("stagecoach.yaml")),
        liveness: Some(liveness),
        ..LaunchOptions::default()
    })
    .await
    .expect("the cockpit starts");
    c.app.update(Msg::Resized {
        width: 100,
        height: 24,
    });
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.is_synced()
            && a.world.stages.len() > 10)
        .await,
        "first sync"
    );

    sim.state.faults.set_stall(true);
    assert!(
        common::pump(&mut c, Duration::from_secs(60), |a| a
            .world
            .worst_watch()
            .is_some())
        .await,
        "the stall is noticed"
    );
    c.app.update(Msg::Clock(jiff::Timestamp::now()));
    let during = screen(&c.app);
    assert!(during.contains("watch lost"), "{during}");
    assert!(during.contains("payments-qa"), "{during}");

    sim.state.faults.set_stall(false);
    assert!(
        common::pump(&mut c, Duration::from_secs(60), |a| a
            .world
            .worst_watch()
            .is_none())
        .await,
        "every watch recovers: {:?}",
        c.app.world.worst_watch()
    );
    assert!(!screen(&c.app).contains("watch lost"));

    // The data is current again: a pod created after the stall shows up.
    let pods: kube::Api<k8s_openapi::api::core::v1::Pod> =
        kube::Api::namespaced(common::client(&sim).await, "payments-qa");
    let mut probe = pods
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .remove(0);
    probe.metadata = kube::api::ObjectMeta {
        name: Some("after-the-stall".into()),
        labels: probe.metadata.labels.clone(),
        ..Default::default()
    };
    probe.status = None;
    pods.create(&Default::default(), &probe).await.unwrap();
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.stages
            ["payments-qa"]
            .pods
            .contains_key("after-the-stall"))
        .await,
        "a change after the stall arrives"
    );
}
