//! All teams through two cluster-wide watches (issue 15) on the demo world: the matrix of a
//! team is the one its own per-namespace watches give, and a change arrives through them.

use crate::common;

use std::time::Duration;

use stagecoach::app::all_stages::WatchDesign;
use stagecoach::app::App;
use stagecoach::launch::{launch, LaunchOptions};
use stagecoach::runtime::Cockpit;

async fn cockpit(dir: &std::path::Path, team: Option<&str>) -> Cockpit {
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.join("stagecoach.yaml")),
        team: team.map(String::from),
        ..LaunchOptions::default()
    })
    .await
    .expect("the cockpit starts");
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.is_synced()
            && !a.world.stages.is_empty())
        .await,
        "first sync"
    );
    c
}

/// The payments stages as the matrix reads them: summary, pods and releases.
fn payments(app: &App) -> Vec<String> {
    app.world
        .stages_of("payments")
        .map(|s| {
            format!(
                "{} {:?} pods={:?} releases={:?}",
                s.namespace, s.summary, s.pods, s.releases
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_all_teams_matrix_equals_the_per_team_one() {
    let sim = common::world("").await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    let mut all = cockpit(dir.path(), None).await;
    let mut one = cockpit(dir.path(), Some("payments")).await;
    assert_eq!(all.app.world.all_stages.design, WatchDesign::ClusterWide);
    assert_eq!(one.app.world.all_stages.design, WatchDesign::PerNamespace);
    assert!(all.app.world.teams.len() > 1);
    assert!(all.app.world.stages_of("payments").count() >= 5);

    // The world's clockwork keeps changing pods: read both until they agree.
    let mut same = false;
    let mut last = (Vec::new(), Vec::new());
    for _ in 0..40 {
        common::pump(&mut all, Duration::from_millis(200), |_| false).await;
        common::pump(&mut one, Duration::from_millis(200), |_| false).await;
        last = (payments(&all.app), payments(&one.app));
        if last.0 == last.1 {
            same = true;
            break;
        }
    }
    assert!(same, "all teams:\n{:#?}\nper team:\n{:#?}", last.0, last.1);

    // A pod created now arrives through the cluster-wide watch.
    let pods: kube::Api<k8s_openapi::api::core::v1::Pod> =
        kube::Api::namespaced(common::client(&sim).await, "payments-qa");
    let mut probe = pods
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .remove(0);
    probe.metadata = kube::api::ObjectMeta {
        name: Some("all-teams-probe".into()),
        labels: probe.metadata.labels.clone(),
        ..Default::default()
    };
    probe.status = None;
    pods.create(&Default::default(), &probe).await.unwrap();
    assert!(
        common::pump(&mut all, Duration::from_secs(30), |a| a.world.stages
            ["payments-qa"]
            .pods
            .contains_key("all-teams-probe"))
        .await,
        "a new pod arrives"
    );
}
