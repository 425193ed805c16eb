//! Deploy and uninstall builds change the cluster when they succeed: a new Helm release
//! revision (as Helm writes it) and rolling pods; an uninstall deletes the release's Secrets.

use crate::jenkins_support::{payments, request, world, Admin};
use jiff::SignedDuration;
use stagecoach::sim::serve::RunningSim;

/// Revisions of a release, from its Helm Secrets' `version` labels.
async fn revisions(sim: &RunningSim, ns: &str, release: &str) -> Vec<u64> {
    let path =
        format!("/api/v1/namespaces/{ns}/secrets?labelSelector=owner%3Dhelm,name%3D{release}");
    let v = request(sim.addr, "GET", &path, &[], "").await.json();
    let mut out: Vec<u64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["metadata"]["labels"]["version"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    out.sort();
    out
}

async fn pod_names(sim: &RunningSim, ns: &str, release: &str) -> Vec<String> {
    let path = format!("/api/v1/namespaces/{ns}/pods");
    let v = request(sim.addr, "GET", &path, &[], "").await.json();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .filter(|n| n.starts_with(&format!("{release}-")))
        .collect()
}

/// Runs the job with `query` until one of these builds succeeds (outcomes are planned per
/// build number); returns whether one did. Follows each queue item to its own build, since
/// colleagues' builds of the same job come and go meanwhile.
async fn run_until_success(sim: &RunningSim, c: &Admin, job: &str, query: &str) -> bool {
    let base = format!("http://{}/", c.addr);
    for _ in 0..6 {
        let r = c
            .post(
                &format!("/job/{job}/buildWithParameters?delay=0sec&{query}"),
                "",
            )
            .await;
        assert_eq!(r.status, 201);
        let item = r.header("Location").unwrap().replace(&base, "/");
        sim.advance(SignedDuration::from_secs(3));
        let exe = c.get(&format!("{item}api/json")).await.json()["executable"]["url"]
            .as_str()
            .unwrap()
            .replace(&base, "/");
        for _ in 0..10 {
            sim.advance(SignedDuration::from_mins(1));
            let b = c.get(&format!("{exe}api/json?tree=result")).await.json();
            match b["result"].as_str() {
                None => continue,
                Some("SUCCESS") => return true,
                Some(_) => break,
            }
        }
    }
    false
}

#[tokio::test]
async fn a_successful_deploy_upgrades_the_release_and_rolls_its_pods() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let before = revisions(&sim, "payments-qa", "payments-api").await;
    let pods_before = pod_names(&sim, "payments-qa", "payments-api").await;
    assert!(!before.is_empty() && !pods_before.is_empty());
    let ledger = revisions(&sim, "payments-qa", "payments-ledger").await;

    assert!(run_until_success(&sim, &c, "deploy-qa", "APPS=api").await);
    let after = revisions(&sim, "payments-qa", "payments-api").await;
    assert!(after.last() > before.last(), "{before:?} → {after:?}");
    assert_eq!(
        revisions(&sim, "payments-qa", "payments-ledger").await,
        ledger,
        "APPS=api only"
    );
    // The pods end their grace period; the clockwork's next step replaces them.
    sim.advance(SignedDuration::from_secs(60));
    sim.world.step(sim.world.store().clock.now());
    let pods_after = pod_names(&sim, "payments-qa", "payments-api").await;
    assert!(
        pods_after.iter().all(|p| !pods_before.contains(p)),
        "the pods rolled"
    );
}

#[tokio::test]
async fn a_dry_run_changes_nothing_and_an_uninstall_removes_the_releases() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    // Production is deployed rarely: nobody else's build lands in the window.
    let before = revisions(&sim, "payments-prod", "payments-web").await;
    assert!(run_until_success(&sim, &c, "deploy-prod", "DRY_RUN=true").await);
    assert_eq!(
        revisions(&sim, "payments-prod", "payments-web").await,
        before
    );

    assert!(run_until_success(&sim, &c, "uninstall-e2e", "CONFIRM=true&REASON=test").await);
    assert!(revisions(&sim, "payments-e2e", "payments-web")
        .await
        .is_empty());
    assert!(revisions(&sim, "payments-e2e", "payments-api")
        .await
        .is_empty());
    // Deploying again installs anew: the history restarts at revision 1.
    assert!(run_until_success(&sim, &c, "deploy-e2e", "APPS=web").await);
    let revs = revisions(&sim, "payments-e2e", "payments-web").await;
    assert_eq!(revs.first(), Some(&1), "{revs:?}");
}
