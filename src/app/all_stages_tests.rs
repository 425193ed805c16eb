//! The cluster-wide design in the app: the same stages and matrix as the per-namespace
//! watches give, rows that come before their namespace, the lost-watch badge, and the
//! fall-back to per-namespace watches when listing cluster-wide is forbidden.

use super::{WatchDesign, CLUSTER_WIDE_FROM};
use crate::app::effect::Effect;
use crate::app::msg::{ClusterMsg, Msg, WatchId};
use crate::app::App;
use crate::cluster::pod_row::PodRow;
use crate::cluster::watch_failure::FailureKind;
use crate::helm::ReleaseRow;
use crate::testkit::{self, Fixture};

fn all_pods(f: &Fixture) -> Msg {
    Msg::Cluster(ClusterMsg::AllPodsSynced(
        f.all_pods().iter().map(PodRow::from_pod).collect(),
    ))
}

fn all_releases(f: &Fixture) -> Msg {
    Msg::Cluster(ClusterMsg::AllReleasesSynced(
        f.release_secrets()
            .filter(|s| {
                s.metadata
                    .labels
                    .as_ref()
                    .and_then(|l| l.get("owner"))
                    .is_some_and(|o| o == "helm")
            })
            .map(|s| ReleaseRow::from_meta(&s.metadata))
            .collect(),
    ))
}

fn namespaces_synced(f: &Fixture) -> Msg {
    // The fixture's first message is the namespace list.
    f.sync_messages()
        .into_iter()
        .next()
        .expect("the namespace list")
}

/// An app started for all teams, as `launch` starts it without `--team`.
fn all_teams_app(f: &Fixture) -> (App, Vec<Effect>) {
    let mut app = testkit::app_unsynced(f, 80, 24);
    app.world.all_stages.all_teams = true;
    let fx = app.world.start_all_stages();
    (app, fx)
}

fn failed(id: WatchId, kind: FailureKind) -> Msg {
    Msg::Cluster(ClusterMsg::WatchFailed {
        id,
        kind,
        error: "pods is forbidden: User \"dev\" cannot list resource \"pods\" at the cluster scope"
            .into(),
    })
}

#[test]
fn the_cluster_wide_rows_make_the_same_stages_and_matrix_as_the_per_namespace_ones() {
    let f = testkit::fixture();
    let per_namespace = testkit::app(&f, 80, 24);
    let (mut all, fx) = all_teams_app(&f);
    assert!(matches!(fx.as_slice(), [Effect::WatchAllStages { .. }]));
    // The pods may come before the namespaces: two connections.
    all.update(all_pods(&f));
    let fx = all.update(namespaces_synced(&f));
    // (the teams' access is asked for once their stages are known, app/update.rs)
    let fx: Vec<&Effect> = fx
        .iter()
        .filter(|e| !matches!(e, Effect::LoadAccess { .. }))
        .collect();
    assert!(fx.is_empty(), "no per-namespace watch: {fx:?}");
    all.update(all_releases(&f));
    assert!(all.world.is_synced());
    assert_eq!(
        all.world.stages.keys().collect::<Vec<_>>(),
        per_namespace.world.stages.keys().collect::<Vec<_>>()
    );
    for (ns, want) in &per_namespace.world.stages {
        let got = &all.world.stages[ns];
        assert_eq!(got.pods, want.pods, "{ns}");
        assert_eq!(got.releases, want.releases, "{ns}");
        assert_eq!(got.summary, want.summary, "{ns}");
    }
    assert_eq!(
        testkit::screen_lines(&all),
        testkit::screen_lines(&per_namespace)
    );
}

#[test]
fn changes_reach_their_stage_and_wait_for_a_namespace_not_yet_seen() {
    let f = testkit::fixture();
    let (mut app, _) = all_teams_app(&f);
    app.update(namespaces_synced(&f));
    app.update(all_pods(&f));
    app.update(all_releases(&f));
    let mut row = PodRow::from_pod(&f.all_pods()[0]);
    let gone = (row.namespace.clone(), row.name.clone());
    row.namespace = "payments-stage-new".into();
    row.name = "early".into();
    app.update(Msg::Cluster(ClusterMsg::AllPodsChanged {
        applied: vec![row.clone()],
        deleted: vec![gone.clone()],
    }));
    assert!(!app.world.stages[&gone.0].pods.contains_key(&gone.1));
    let fx = app.update(Msg::Cluster(ClusterMsg::NamespaceApplied(
        "payments-stage-new".into(),
    )));
    assert!(fx.is_empty(), "{fx:?}");
    let stage = &app.world.stages["payments-stage-new"];
    assert_eq!(stage.pods.get("early"), Some(&row));
    assert_eq!(stage.summary.pods_total, 1);
    assert!(app.world.is_synced());
}

#[test]
fn a_lost_cluster_wide_watch_shows_the_badge_until_it_lists_again() {
    let f = testkit::fixture();
    let (mut app, _) = all_teams_app(&f);
    app.update(namespaces_synced(&f));
    app.update(all_pods(&f));
    app.update(all_releases(&f));
    app.update(failed(WatchId::AllPods, FailureKind::Unreachable));
    let (what, _, _) = app.world.worst_watch().expect("a lost watch");
    assert_eq!(what, "pods in all namespaces");
    let screen = testkit::screen_lines(&app).join("\n");
    assert!(screen.contains("watch lost"), "{screen}");
    // The last data stays.
    assert!(screen.contains("payments-qa"), "{screen}");
    app.update(all_pods(&f));
    assert_eq!(app.world.worst_watch(), None);
}

#[test]
fn a_refused_cluster_wide_list_falls_back_to_each_namespace_and_says_so() {
    let f = testkit::fixture();
    let (mut app, _) = all_teams_app(&f);
    app.update(namespaces_synced(&f));
    let fx = app.update(failed(WatchId::AllPods, FailureKind::Forbidden));
    assert_eq!(fx.first(), Some(&Effect::StopAllStages));
    let watched: Vec<&str> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::WatchStage { namespace } => Some(namespace.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        watched,
        app.world
            .stages
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert_eq!(app.world.all_stages.design, WatchDesign::PerNamespace);
    let screen = testkit::screen_lines(&app).join("\n");
    assert!(
        screen.contains("may not list pods in all namespaces"),
        "{screen}"
    );
    // The other watch's refusal, and rows it sent before it stopped, change nothing.
    let fx = app.update(failed(WatchId::AllReleases, FailureKind::Forbidden));
    assert!(fx.is_empty(), "{fx:?}");
    app.update(all_pods(&f));
    assert_eq!(app.world.worst_watch(), None);
    assert!(app.world.stages.values().all(|s| s.pods.is_empty()));
    // The stages' own watches fill them as before.
    for m in f.sync_messages() {
        app.update(m);
    }
    assert!(app.world.is_synced());
    assert!(!app.world.stages["payments-qa"].pods.is_empty());
}

#[test]
fn with_a_team_the_first_namespace_list_decides_by_the_number_of_stages() {
    let f = testkit::fixture();
    let mut few = testkit::app_unsynced(&f, 80, 24);
    let fx = few.update(namespaces_synced(&f));
    assert!(fx
        .iter()
        .all(|e| matches!(e, Effect::WatchStage { .. } | Effect::LoadAccess { .. })));
    assert_eq!(few.world.all_stages.design, WatchDesign::PerNamespace);

    let mut many = testkit::app_unsynced(&f, 80, 24);
    let names: Vec<String> = (0..=CLUSTER_WIDE_FROM)
        .map(|i| format!("payments-adhoc-{i}"))
        .collect();
    let fx = many.update(Msg::Cluster(ClusterMsg::NamespacesSynced(names)));
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::WatchAllStages { .. }]
                | [Effect::WatchAllStages { .. }, Effect::LoadAccess { .. }]
        ),
        "{fx:?}"
    );
    assert_eq!(many.world.all_stages.design, WatchDesign::ClusterWide);
}
