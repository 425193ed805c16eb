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

/// Creates a pod in `ns` (a copy of one of its pods under `name`), through kube-rs.
async fn create_pod(sim: &stagecoach::sim::serve::RunningSim, ns: &str, name: &str) {
    let pods: kube::Api<k8s_openapi::api::core::v1::Pod> =
        kube::Api::namespaced(common::client(sim).await, ns);
    let mut probe = pods
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .remove(0);
    probe.metadata = kube::api::ObjectMeta {
        name: Some(name.into()),
        labels: probe.metadata.labels.clone(),
        ..Default::default()
    };
    probe.status = None;
    pods.create(&Default::default(), &probe).await.unwrap();
}

/// The matrix's row of a stage, as drawn.
fn row_of(screen: &str, ns: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(&format!(" {ns} ")))
        .unwrap_or_default()
        .to_string()
}

/// RBAC taken away in one namespace at run time (the apiserver's 403 Status on every request
/// there): that stage's row says it is forbidden and who may not do what, the other stages go
/// on changing, keys still move the cursor, and when access comes back the stage recovers by
/// itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_namespace_the_server_refuses_shows_as_forbidden_and_recovers() {
    // Watches are cut every second, so the refusal meets the next list at once.
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
    assert!(!row_of(&screen(&c.app), "payments-qa").contains("forbidden"));

    sim.state.faults.set_forbidden("payments-qa", true);
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.stages
            ["payments-qa"]
            .refused()
            .is_some())
        .await,
        "the refusal is noticed"
    );
    let who = c.app.world.stages["payments-qa"]
        .refused()
        .cloned()
        .unwrap();
    assert!(
        who.starts_with("demo-admin may not ")
            && (who.ends_with(" pods") || who.ends_with(" secrets")),
        "{who}"
    );
    let during = screen(&c.app);
    assert!(
        row_of(&during, "payments-qa").contains("forbidden"),
        "{during}"
    );
    assert!(
        !row_of(&during, "payments-dev").contains("forbidden"),
        "{during}"
    );
    // The status line says where; with no notice taking the line, who may not do what and
    // since when.
    assert!(during.contains("payments-qa forbidden"), "{during}");
    c.app.notice = None;
    let quiet = screen(&c.app);
    assert!(
        quiet.contains(&format!("payments-qa forbidden: {who} (")),
        "{quiet}"
    );

    // The other stages keep working: a pod created in payments-dev arrives.
    create_pod(&sim, "payments-dev", "during-the-refusal").await;
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.stages
            ["payments-dev"]
            .pods
            .contains_key("during-the-refusal"))
        .await,
        "payments-dev goes on"
    );
    // Keys keep working: the cursor moves.
    let selected = |app: &App| match app.top() {
        stagecoach::app::nav::Screen::Stages(s) => s.cursor.selected,
        _ => panic!("not on the stage matrix"),
    };
    let at = selected(&c.app);
    c.app
        .update(Msg::Key(stagecoach::keymap::key::Key::parse("j").unwrap()));
    assert_eq!(selected(&c.app), at + 1, "j moves the cursor");

    sim.state.faults.set_forbidden("payments-qa", false);
    create_pod(&sim, "payments-qa", "after-the-refusal").await;
    assert!(
        common::pump(&mut c, Duration::from_secs(90), |a| {
            let s = &a.world.stages["payments-qa"];
            s.refused().is_none() && s.pods.contains_key("after-the-refusal")
        })
        .await,
        "payments-qa recovers by itself: {:?}",
        c.app.world.stages["payments-qa"].refused()
    );
    assert!(!row_of(&screen(&c.app), "payments-qa").contains("forbidden"));
}

/// Nothing listens at the kubeconfig's address when the cockpit starts: it says it cannot
/// reach the cluster (never that the stages are healthy or that there are none), and once the
/// server answers at that address it notices by itself and fills in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_at_start_then_reachable_fills_in_by_itself() {
    let sim = common::world("").await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    // A port nobody listens on (yet): the kubeconfig points there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let kubeconfig = dir.path().join("kubeconfig");
    let text = std::fs::read_to_string(&kubeconfig).unwrap().replace(
        &format!("127.0.0.1:{}", sim.addr.port()),
        &format!("127.0.0.1:{port}"),
    );
    std::fs::write(&kubeconfig, text).unwrap();
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.path().join("stagecoach.yaml")),
        kubeconfig: Some(kubeconfig),
        ..LaunchOptions::default()
    })
    .await
    .expect("the cockpit starts");
    c.app.update(Msg::Resized {
        width: 100,
        height: 24,
    });
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a
            .world
            .worst_watch()
            .is_some())
        .await,
        "the refused connection is noticed"
    );
    let down = screen(&c.app);
    assert!(down.contains("cannot reach the cluster"), "{down}");
    assert!(down.contains(&format!("127.0.0.1:{port}")), "{down}");
    assert!(!down.contains("payments-qa"), "{down}");
    assert!(!down.contains("no <team>-<stage>"), "{down}");
    assert!(!c.app.world.is_synced());

    // The server comes up at that address (a forwarder to the world).
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("the port is still free");
    let upstream = sim.addr;
    let forwarder = tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                if let Ok(mut out) = tokio::net::TcpStream::connect(upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut out).await;
                }
            });
        }
    });
    assert!(
        common::pump(&mut c, Duration::from_secs(90), |a| a.world.is_synced()
            && a.world.worst_watch().is_none()
            && a.world.stages.len() > 10)
        .await,
        "the cockpit fills in by itself: {:?}",
        c.app.world.worst_watch()
    );
    let up = screen(&c.app);
    assert!(up.contains("payments-qa"), "{up}");
    assert!(!up.contains("cannot reach"), "{up}");
    forwarder.abort();
}
