//! The runner's release decode path over HTTP against the demo world: a `DecodeRelease` effect
//! GETs one Secret and answers with the decoded release, the bad-data error, or the fetch
//! error; and the cockpit's release list, opened on a live world, fills its visible rows.

use crate::common;

use std::time::Duration;

use k8s_openapi::api::core::v1::Secret;
use kube::api::{Api, ListParams, PostParams};
use stagecoach::app::effect::Effect;
use stagecoach::app::msg::{HelmMsg, Msg};
use stagecoach::app::nav::Screen;
use stagecoach::app::release_cache::Decoded;
use stagecoach::effects::Runner;
use stagecoach::launch::{launch, LaunchOptions};
use stagecoach::sim::helm_samples::garbage_release_secrets;
use tokio::sync::mpsc;

fn decode(ns: &str, secret: &str, generation: u64) -> Effect {
    Effect::DecodeRelease {
        namespace: ns.into(),
        secret: secret.into(),
        generation,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_runner_fetches_and_decodes_one_revision() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let api: Api<Secret> = Api::namespaced(client.clone(), "payments-qa");
    for s in garbage_release_secrets("payments-qa") {
        api.create(&PostParams::default(), &s).await.unwrap();
    }
    let secrets = api
        .list(&ListParams::default().labels("owner=helm,name=payments-api"))
        .await
        .unwrap();
    let good = secrets.items[0].metadata.name.clone().unwrap();

    let (tx, mut rx) = mpsc::channel(16);
    let mut runner = Runner::new(client, None, tx);
    runner.run(vec![
        decode("payments-qa", &good, 1),
        decode("payments-qa", "sh.helm.release.v1.garbage-gzip.v1", 2),
        decode("payments-qa", "sh.helm.release.v1.garbage-oversized.v1", 3),
        decode("payments-qa", "sh.helm.release.v1.nothing-here.v1", 4),
    ]);
    let mut answers = Vec::new();
    for _ in 0..4 {
        let m = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("an answer in time")
            .expect("the runner lives");
        let Msg::Helm(HelmMsg::ReleaseDecoded {
            secret,
            generation,
            result,
            ..
        }) = m
        else {
            panic!("{m:?}")
        };
        answers.push((generation, secret, result));
    }
    answers.sort_by_key(|a| a.0);
    let rel = answers[0].2.as_ref().expect("the release decodes");
    assert_eq!(rel.name, "payments-api");
    assert_eq!(rel.secret_name(), good);
    assert_eq!(rel.chart_label(), "api-1.4.2");
    assert!(rel.manifest.contains("# Source: api/templates/"));
    // Chart sources are not kept in memory.
    assert!(rel.chart.templates.is_empty() && rel.chart.files.is_empty());

    let gzip = answers[1].2.as_ref().unwrap_err();
    assert_eq!(gzip.text, "release payload is not valid gzip");
    assert!(!gzip.transient);
    let big = answers[2].2.as_ref().unwrap_err();
    assert_eq!(
        big.text,
        "release payload is larger than 32 MiB when decompressed"
    );
    let missing = answers[3].2.as_ref().unwrap_err();
    assert!(missing.transient, "{missing:?}");
    assert!(missing.text.contains("not found"), "{missing:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_release_list_fills_its_visible_rows_from_the_live_world() {
    let sim = common::world("").await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.path().join("stagecoach.yaml")),
        team: Some("payments".into()),
        ..LaunchOptions::default()
    })
    .await
    .expect("the cockpit starts");
    c.app.update(Msg::Resized {
        width: 80,
        height: 24,
    });
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.is_synced()
            && a.world.stages.contains_key("payments-qa"))
        .await
    );
    let fx = c.app.run_command("releases payments");
    c.runner.run(fx);
    let fx = c.app.want_releases();
    assert_eq!(fx.len(), c.app.page(), "one decode per visible row: {fx:?}");
    c.runner.run(fx);
    assert!(common::pump(&mut c, Duration::from_secs(30), |a| a.releases_settled()).await);
    let Screen::Releases(st) = c.app.top() else {
        panic!()
    };
    let rows = st.rows(&c.app.world);
    let page = c.app.page();
    for l in &rows[..page] {
        match c.app.world.decoded.get(&l.row.namespace, &l.row.secret) {
            Decoded::Ready(r) => assert_eq!(r.version, l.row.revision),
            other => panic!("{}: {other:?}", l.row.secret),
        }
    }
    // Rows below the page were never fetched.
    for l in &rows[page..] {
        assert_eq!(
            c.app.world.decoded.get(&l.row.namespace, &l.row.secret),
            Decoded::Pending
        );
    }
}
