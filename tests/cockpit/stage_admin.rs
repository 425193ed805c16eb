//! The runner's ad-hoc stage writes against the world: create after the access review says yes,
//! the viewer refused with the API's reason (nothing written), the runner's own guards
//! (read-only, standard stages, the typed namespace), and delete with its cascade.

use std::time::Duration;

use k8s_openapi::api::core::v1::{Namespace, Secret};
use kube::api::{Api, ObjectMeta, PostParams};
use stagecoach::app::effect::stage_admin::StageAdminEffect;
use stagecoach::app::effect::Effect;
use stagecoach::app::msg::Msg;
use stagecoach::cluster::stage_admin::StageAdminMsg;
use stagecoach::effects::Runner;
use tokio::sync::mpsc;

use crate::common::{self, wait};

const WAIT: Duration = Duration::from_secs(20);

/// Runs one effect and returns what came back: the write recorded (if any) and the outcome.
async fn run(
    runner: &mut Runner,
    rx: &mut mpsc::Receiver<Msg>,
    e: StageAdminEffect,
) -> (Vec<String>, Result<String, String>) {
    runner.run(vec![Effect::StageAdmin(e)]);
    let mut calls = Vec::new();
    loop {
        let m = tokio::time::timeout(WAIT, rx.recv())
            .await
            .unwrap()
            .unwrap();
        match m {
            Msg::StageAdmin(StageAdminMsg::Called(c)) => calls.push(c.command),
            Msg::StageAdmin(StageAdminMsg::Done { result, .. }) => return (calls, result),
            _ => {}
        }
    }
}

fn create(stage: &str) -> StageAdminEffect {
    StageAdminEffect::Create {
        team: "payments".into(),
        stage: stage.into(),
    }
}

fn delete(ns: &str, typed: Option<&str>) -> StageAdminEffect {
    StageAdminEffect::Delete {
        namespace: ns.into(),
        confirmed: typed.map(String::from),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn create_and_delete_an_ad_hoc_stage_and_the_refusals() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let (tx, mut rx) = mpsc::channel(64);
    let mut runner = Runner::new(client.clone(), None, tx);
    runner.set_standard_stages(["payments-qa".to_string()].into_iter().collect());
    let nss: Api<Namespace> = Api::all(client.clone());

    let (calls, r) = run(&mut runner, &mut rx, create("review")).await;
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(
        calls,
        ["kubectl create namespace payments-review && kubectl label namespace payments-review team=payments stage=review"]
    );
    let labels = nss
        .get("payments-review")
        .await
        .unwrap()
        .metadata
        .labels
        .unwrap();
    assert_eq!(
        (labels["team"].as_str(), labels["stage"].as_str()),
        ("payments", "review")
    );

    // The runner's own guards: a standard stage, a namespace not typed.
    let (calls, r) = run(
        &mut runner,
        &mut rx,
        delete("payments-qa", Some("payments-qa")),
    )
    .await;
    assert!(calls.is_empty() && r.unwrap_err().contains("standard stage"));
    let (_, r) = run(
        &mut runner,
        &mut rx,
        delete("payments-review", Some("payments-revie")),
    )
    .await;
    assert!(r.unwrap_err().contains("not typed"));

    // Delete: everything in it goes with it.
    let secrets: Api<Secret> = Api::namespaced(client.clone(), "payments-review");
    let s = Secret {
        metadata: ObjectMeta {
            name: Some("db".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    secrets.create(&PostParams::default(), &s).await.unwrap();
    let (calls, r) = run(
        &mut runner,
        &mut rx,
        delete("payments-review", Some("payments-review")),
    )
    .await;
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(calls, ["kubectl delete namespace payments-review"]);
    wait::until_async("payments-review to be gone", WAIT, || async {
        match nss.get_opt("payments-review").await.unwrap() {
            None => Ok(()),
            Some(n) => Err(format!("{:?}", n.status)),
        }
    })
    .await;
    assert!(secrets
        .list(&Default::default())
        .await
        .unwrap()
        .items
        .is_empty());

    // Read-only: refused before any request.
    runner.set_readonly(true);
    let (calls, r) = run(&mut runner, &mut rx, create("later")).await;
    assert!(calls.is_empty() && r.unwrap_err().starts_with("read-only mode"));
    assert!(nss.get_opt("payments-later").await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_viewer_is_refused_with_the_apis_reason_and_nothing_is_written() {
    let sim = common::world("").await;
    let viewer = common::client_for(&sim.kubeconfig(), Some("stagecoach-demo-viewer")).await;
    let (tx, mut rx) = mpsc::channel(64);
    let mut runner = Runner::new(viewer, None, tx);
    let (calls, r) = run(&mut runner, &mut rx, create("review")).await;
    let why = r.unwrap_err();
    assert!(calls.is_empty(), "nothing was written: {calls:?}");
    assert!(
        why.starts_with("you may not create namespaces: RBAC:")
            && why.contains("group platform-admins"),
        "{why}"
    );
    let (_, r) = run(
        &mut runner,
        &mut rx,
        delete("payments-stage-demo", Some("payments-stage-demo")),
    )
    .await;
    assert!(r.unwrap_err().contains("you may not delete namespaces"));
    let admin: Api<Namespace> = Api::all(common::client(&sim).await);
    assert!(admin.get_opt("payments-review").await.unwrap().is_none());
    assert!(admin
        .get_opt("payments-stage-demo")
        .await
        .unwrap()
        .is_some());
}
