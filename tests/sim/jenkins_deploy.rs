//! Deploy and uninstall builds change the cluster as their pipelines would: a deploy checks out
//! the config repo's head, writes the revisions its values make (as Helm writes them) and rolls
//! the pods those values describe; a value that cannot work fails the release and the build; an
//! uninstall leaves nothing of the releases behind.

use crate::jenkins_support::{payments, push_file, request, world, Admin};
use base64::Engine as _;
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

/// Triggers `job` with `query`, follows it until it ends (stepping the world as time passes),
/// and returns the build's path and its JSON.
async fn run_build(
    sim: &RunningSim,
    c: &Admin,
    job: &str,
    query: &str,
) -> (String, serde_json::Value) {
    let base = format!("http://{}/", c.addr);
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
    for _ in 0..120 {
        sim.advance(SignedDuration::from_secs(2));
        sim.world.step(sim.world.store().clock.now());
        let b = c.get(&format!("{exe}api/json")).await.json();
        if !b["result"].is_null() {
            // The world catches up with the build's last instant.
            sim.world.step(sim.world.store().clock.now());
            return (exe, b);
        }
    }
    panic!("{job} never ended");
}

async fn get(sim: &RunningSim, path: &str) -> serde_json::Value {
    request(sim.addr, "GET", path, &[], "").await.json()
}

/// The decoded release of `release`'s latest revision.
async fn latest_release(sim: &RunningSim, ns: &str, release: &str) -> serde_json::Value {
    let rev = *revisions(sim, ns, release).await.last().unwrap();
    let s = get(
        sim,
        &format!("/api/v1/namespaces/{ns}/secrets/sh.helm.release.v1.{release}.v{rev}"),
    )
    .await;
    let raw = s["data"]["release"].as_str().unwrap();
    let payload = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .unwrap();
    let json = stagecoach::helm::release_json(&payload).unwrap();
    serde_json::from_slice(&json).unwrap()
}

fn value_file(tag: &str, extra: &str) -> String {
    format!("# payments-api in qa\nreplicaCount: 2\nimage:\n  tag: \"{tag}\"\nenv:\n  STAGE: qa\n  LOG_LEVEL: debug\ningress:\n  enabled: true\n  host: api.qa.payments.example.com\n{extra}")
}

async fn images(sim: &RunningSim, ns: &str, release: &str) -> Vec<(String, String)> {
    let v = get(sim, &format!("/api/v1/namespaces/{ns}/pods")).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["metadata"]["name"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{release}-"))
        })
        .filter(|p| p["metadata"]["deletionTimestamp"].is_null())
        .map(|p| {
            let st = &p["status"]["containerStatuses"][0];
            let state = st["state"]
                .as_object()
                .and_then(|m| m.iter().next())
                .map(|(k, v)| v["reason"].as_str().unwrap_or(k).to_string())
                .unwrap_or_default();
            (
                p["spec"]["containers"][0]["image"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                state,
            )
        })
        .collect()
}

#[tokio::test]
async fn a_deploy_carries_out_the_pushed_commit() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    push_file(
        &j.repo_path(),
        "values/qa/api.yaml",
        &value_file("2.7.1", ""),
        "qa: payments-api image.tag 2.7.0 → 2.7.1",
    );
    let pushed = stagecoach::sim::config_repo::head_commit(&j.repo_path(), "main").unwrap();
    let before = revisions(&sim, "payments-qa", "payments-api").await;

    let (build, b) = run_build(&sim, &c, "deploy-qa", "APPS=all").await;
    let console = c.get(&format!("{build}consoleText")).await.text();
    assert_eq!(b["result"], "SUCCESS", "{console}");
    assert!(
        console.contains(&format!("Checking out Revision {pushed} (main)")),
        "{console}"
    );
    assert!(console.contains("Commit message: \"qa: payments-api image.tag 2.7.0 → 2.7.1\""));
    assert!(
        console.contains("+         image: \"registry.example.com/payments/api:2.7.1\""),
        "{console}"
    );

    let after = revisions(&sim, "payments-qa", "payments-api").await;
    let rev = *after.last().unwrap();
    assert_eq!(rev, before.last().unwrap() + 1);
    assert!(
        console.contains(&format!("REVISION: {rev}")),
        "the console names the revision written:\n{console}"
    );
    let rel = latest_release(&sim, "payments-qa", "payments-api").await;
    assert_eq!(rel["info"]["status"], "deployed");
    assert_eq!(rel["config"]["image"]["tag"], "2.7.1");
    let number = b["number"].as_u64().unwrap();
    assert_eq!(
        rel["info"]["description"],
        format!("Deployed by payments/deploy-qa #{number}")
    );

    // The pods roll to the new image: the old ones go once the new ones are ready.
    sim.advance(SignedDuration::from_secs(40));
    sim.world.step(sim.world.store().clock.now());
    let pods = images(&sim, "payments-qa", "payments-api").await;
    assert_eq!(pods.len(), 2, "{pods:?}");
    assert!(
        pods.iter()
            .all(|(img, _)| img == "registry.example.com/payments/api:2.7.1"),
        "{pods:?}"
    );
    let d = get(
        &sim,
        "/apis/apps/v1/namespaces/payments-qa/deployments/payments-api",
    )
    .await;
    assert_eq!(d["status"]["updatedReplicas"], 2);
    assert_eq!(d["status"]["availableReplicas"], 2);
    assert_eq!(d["status"]["replicas"], 2);
    // Unchanged releases were left alone (helmfile apply diffs first).
    let web = revisions(&sim, "payments-qa", "payments-web").await;
    assert!(!console.contains("Upgrading release=payments-web"));
    assert_eq!(web, revisions(&sim, "payments-qa", "payments-web").await);
}

#[tokio::test]
async fn a_value_that_cannot_work_fails_the_release_and_keeps_the_old_pods() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    push_file(
        &j.repo_path(),
        "values/qa/api.yaml",
        &value_file("2.7.1-rc1", ""),
        "qa: try the release candidate",
    );
    let (build, b) = run_build(&sim, &c, "deploy-qa", "APPS=api").await;
    assert_eq!(b["result"], "FAILURE");
    let console = c.get(&format!("{build}consoleText")).await.text();
    assert!(
        console.contains("Error: UPGRADE FAILED: context deadline exceeded"),
        "{console}"
    );
    let rel = latest_release(&sim, "payments-qa", "payments-api").await;
    assert_eq!(rel["info"]["status"], "failed");
    let pods = images(&sim, "payments-qa", "payments-api").await;
    let new: Vec<_> = pods
        .iter()
        .filter(|(i, _)| i.ends_with(":2.7.1-rc1"))
        .collect();
    let old: Vec<_> = pods.iter().filter(|(i, _)| i.ends_with(":2.7.0")).collect();
    assert!(
        !new.is_empty()
            && new
                .iter()
                .all(|(_, s)| s == "ErrImagePull" || s == "ImagePullBackOff"),
        "{pods:?}"
    );
    assert_eq!(old.len(), 2, "the old pods keep serving: {pods:?}");
}

#[tokio::test]
async fn an_uninstall_leaves_nothing_of_the_releases() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let (_, b) = run_build(&sim, &c, "uninstall-e2e", "CONFIRM=true&REASON=test").await;
    assert_eq!(b["result"], "SUCCESS");
    sim.advance(SignedDuration::from_secs(60));
    sim.world.step(sim.world.store().clock.now());
    let ns = "/namespaces/payments-e2e";
    let secrets = get(
        &sim,
        &format!("/api/v1{ns}/secrets?labelSelector=owner%3Dhelm"),
    )
    .await;
    assert_eq!(secrets["items"].as_array().unwrap().len(), 0);
    for kind in ["deployments", "replicasets"] {
        let v = get(&sim, &format!("/apis/apps/v1{ns}/{kind}")).await;
        assert_eq!(v["items"].as_array().unwrap().len(), 0, "{kind}: {v}");
    }
    let pods = get(&sim, &format!("/api/v1{ns}/pods")).await;
    assert_eq!(pods["items"].as_array().unwrap().len(), 0, "{pods}");
    let svcs = get(&sim, &format!("/api/v1{ns}/services")).await;
    assert_eq!(svcs["items"].as_array().unwrap().len(), 0, "{svcs}");
}

#[tokio::test]
async fn config_ref_deploys_that_commit_and_an_unknown_ref_fails_at_checkout() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    push_file(
        &j.repo_path(),
        "values/qa/api.yaml",
        &value_file("2.7.1", ""),
        "qa: api 2.7.1",
    );
    let first = stagecoach::sim::config_repo::head_commit(&j.repo_path(), "main").unwrap();
    push_file(
        &j.repo_path(),
        "values/qa/api.yaml",
        &value_file("2.7.2", ""),
        "qa: api 2.7.2",
    );
    let (build, b) = run_build(
        &sim,
        &c,
        "deploy-qa",
        &format!("APPS=api&CONFIG_REF={}", &first[..10]),
    )
    .await;
    let console = c.get(&format!("{build}consoleText")).await.text();
    assert_eq!(b["result"], "SUCCESS", "{console}");
    assert!(
        console.contains(&format!("Checking out Revision {first}")),
        "{console}"
    );
    let rel = latest_release(&sim, "payments-qa", "payments-api").await;
    assert_eq!(rel["config"]["image"]["tag"], "2.7.1");

    let before = revisions(&sim, "payments-qa", "payments-api").await;
    let (build, b) = run_build(&sim, &c, "deploy-qa", "APPS=api&CONFIG_REF=no-such-branch").await;
    let console = c.get(&format!("{build}consoleText")).await.text();
    assert_eq!(b["result"], "FAILURE", "{console}");
    assert!(
        console.contains("ERROR: Couldn't find any revision to build."),
        "{console}"
    );
    assert_eq!(revisions(&sim, "payments-qa", "payments-api").await, before);
}

/// The builds the world seeded: each failed one still checked out the commit it names (the
/// checkout step fails only for a ref the repository lacks, which seeded builds never use).
#[tokio::test]
async fn seeded_builds_that_failed_name_their_commit_at_checkout() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let mut failed = 0;
    for job in ["deploy-dev", "deploy-qa", "deploy-e2e", "uninstall-e2e"] {
        let tree = "builds[number,result,actions[lastBuiltRevision[SHA1]]]";
        let v = c.get(&format!("/job/{job}/api/json?tree={tree}")).await;
        if v.status != 200 {
            continue;
        }
        for b in v.json()["builds"].as_array().unwrap() {
            if b["result"] != "FAILURE" {
                continue;
            }
            let sha = b["actions"]
                .as_array()
                .unwrap()
                .iter()
                .find_map(|a| a["lastBuiltRevision"]["SHA1"].as_str())
                .unwrap_or_default()
                .to_string();
            let n = b["number"].as_u64().unwrap();
            let console = c.get(&format!("/job/{job}/{n}/consoleText")).await.text();
            assert!(
                !console.contains("Couldn't find any revision"),
                "{job} #{n}:\n{console}"
            );
            assert!(
                sha.len() == 40 && console.contains(&format!("Checking out Revision {sha}")),
                "{job} #{n} ({sha}):\n{console}"
            );
            failed += 1;
        }
    }
    assert!(failed > 0, "the seeded history has failed deploys to check");
}
