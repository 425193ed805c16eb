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

/// Queues `job` with `query` (no quiet period); returns the queue item's path.
async fn queue(c: &Admin, job: &str, query: &str) -> String {
    let r = c
        .post(
            &format!("/job/{job}/buildWithParameters?delay=0sec&{query}"),
            "",
        )
        .await;
    assert_eq!(r.status, 201);
    let base = format!("http://{}/", c.addr);
    r.header("Location").unwrap().replace(&base, "/")
}

/// The path of the build a queue item became.
async fn executable(c: &Admin, item: &str) -> String {
    let base = format!("http://{}/", c.addr);
    c.get(&format!("{item}api/json")).await.json()["executable"]["url"]
        .as_str()
        .expect("the item became a build")
        .replace(&base, "/")
}

/// Runs the job with `query` until one of these builds succeeds (outcomes are planned per
/// build number); returns whether one did. Follows each queue item to its own build, since
/// colleagues' builds of the same job come and go meanwhile.
async fn run_until_success(sim: &RunningSim, c: &Admin, job: &str, query: &str) -> bool {
    for _ in 0..6 {
        let item = queue(c, job, query).await;
        sim.advance(SignedDuration::from_secs(3));
        let exe = executable(c, &item).await;
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
async fn a_deploy_of_the_same_values_writes_a_revision_and_rolls_nothing() {
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
    // `helm upgrade` of the same values leaves the pod template as it was: the Deployment
    // does not roll (a changed value rolls: see `a_deploy_carries_out_the_pushed_commit`).
    sim.advance(SignedDuration::from_secs(60));
    sim.world.step(sim.world.store().clock.now());
    let pods_after = pod_names(&sim, "payments-qa", "payments-api").await;
    assert_eq!(pods_after, pods_before, "nothing rolled");
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
    let item = queue(c, job, query).await;
    sim.advance(SignedDuration::from_secs(3));
    let exe = executable(c, &item).await;
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

/// A file of the team's config repo as `main` has it now.
fn file_at_head(bare: &std::path::Path, path: &str) -> String {
    let repo = git2::Repository::open_bare(bare).unwrap();
    let tree = repo
        .find_reference("refs/heads/main")
        .unwrap()
        .peel_to_tree()
        .unwrap();
    let blob = tree.get_path(std::path::Path::new(path)).unwrap();
    let blob = repo.find_blob(blob.id()).unwrap();
    String::from_utf8(blob.content().to_vec()).unwrap()
}

async fn replica_sets(sim: &RunningSim, ns: &str, release: &str) -> Vec<String> {
    let v = get(sim, &format!("/apis/apps/v1/namespaces/{ns}/replicasets")).await;
    let mut out: Vec<String> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["metadata"]["name"].as_str().unwrap().to_string())
        .filter(|n| n.starts_with(&format!("{release}-")))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn fewer_replicas_scale_down_and_a_rollout_to_fewer_leaves_no_old_pods() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let file = file_at_head(&j.repo_path(), "values/qa/api.yaml");
    assert!(file.contains("replicaCount: 2"), "{file}");
    let rs_before = replica_sets(&sim, "payments-qa", "payments-api").await;

    // Only the count changes: the ReplicaSet scales, nothing rolls.
    push_file(
        &j.repo_path(),
        "values/qa/api.yaml",
        &file.replace("replicaCount: 2", "replicaCount: 1"),
        "qa: one api replica",
    );
    let (build, b) = run_build(&sim, &c, "deploy-qa", "APPS=api").await;
    let console = c.get(&format!("{build}consoleText")).await.text();
    assert_eq!(b["result"], "SUCCESS", "{console}");
    sim.advance(SignedDuration::from_secs(60));
    sim.world.step(sim.world.store().clock.now());
    assert_eq!(images(&sim, "payments-qa", "payments-api").await.len(), 1);
    assert_eq!(
        replica_sets(&sim, "payments-qa", "payments-api").await,
        rs_before
    );

    // A new image with fewer replicas than the old ReplicaSet had: no old pod stays.
    push_file(
        &j.repo_path(),
        "values/qa/api.yaml",
        &value_file("2.7.1", "").replace("replicaCount: 2", "replicaCount: 3"),
        "qa: api 2.7.1 on three",
    );
    run_build(&sim, &c, "deploy-qa", "APPS=api").await;
    push_file(
        &j.repo_path(),
        "values/qa/api.yaml",
        &value_file("2.7.2", "").replace("replicaCount: 2", "replicaCount: 1"),
        "qa: api 2.7.2 on one",
    );
    let (build, b) = run_build(&sim, &c, "deploy-qa", "APPS=api").await;
    let console = c.get(&format!("{build}consoleText")).await.text();
    assert_eq!(b["result"], "SUCCESS", "{console}");
    sim.advance(SignedDuration::from_secs(90));
    sim.world.step(sim.world.store().clock.now());
    let pods = images(&sim, "payments-qa", "payments-api").await;
    assert_eq!(
        pods.iter().map(|(i, _)| i.as_str()).collect::<Vec<_>>(),
        ["registry.example.com/payments/api:2.7.2"],
        "{pods:?}"
    );
}

#[tokio::test]
async fn a_second_deploy_while_the_first_holds_the_release_fails_as_helm_does() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    push_file(
        &j.repo_path(),
        "values/qa/api.yaml",
        &value_file("2.7.1", ""),
        "qa: api 2.7.1",
    );
    let before = *revisions(&sim, "payments-qa", "payments-api")
        .await
        .last()
        .unwrap();
    let mut items = Vec::new();
    for query in ["APPS=api", "APPS=all"] {
        items.push(queue(&c, "deploy-qa", query).await);
        sim.advance(SignedDuration::from_secs(1));
    }
    sim.advance(SignedDuration::from_secs(3));
    let mut builds = Vec::new();
    for item in &items {
        builds.push(executable(&c, item).await);
    }
    let mut results = Vec::new();
    for exe in &builds {
        loop {
            let b = c.get(&format!("{exe}api/json")).await.json();
            if !b["result"].is_null() {
                let console = c.get(&format!("{exe}consoleText")).await.text();
                results.push((b["result"].as_str().unwrap().to_string(), console));
                break;
            }
            sim.advance(SignedDuration::from_secs(2));
            sim.world.step(sim.world.store().clock.now());
        }
    }
    sim.world.step(sim.world.store().clock.now());
    let after = revisions(&sim, "payments-qa", "payments-api").await;
    assert_eq!(after.last(), Some(&(before + 1)), "{after:?}");
    let (ok, console) = &results[0];
    assert_eq!(ok, "SUCCESS", "{console}");
    assert!(
        console.contains(&format!("REVISION: {}", before + 1)),
        "{console}"
    );
    let (failed, console) = &results[1];
    assert_eq!(failed, "FAILURE", "{console}");
    assert!(
        console.contains("another operation (install/upgrade/rollback) is in progress"),
        "{console}"
    );
    let rel = latest_release(&sim, "payments-qa", "payments-api").await;
    assert_eq!(rel["info"]["status"], "deployed");
    assert_eq!(rel["config"]["image"]["tag"], "2.7.1");
}

#[tokio::test]
async fn an_uninstall_while_a_deploy_waits_leaves_no_pending_revision() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let file = file_at_head(&j.repo_path(), "values/e2e/api.yaml");
    let bumped = file.replace("replicaCount:", "podLabelsChanged: \"yes\"\nreplicaCount:");
    assert_ne!(file, bumped, "{file}");
    push_file(
        &j.repo_path(),
        "values/e2e/api.yaml",
        &bumped,
        "e2e: a label",
    );
    let item = queue(&c, "deploy-e2e", "APPS=api").await;
    let pending = "/api/v1/namespaces/payments-e2e/secrets?labelSelector=owner%3Dhelm";
    let mut seen = false;
    for _ in 0..120 {
        sim.advance(SignedDuration::from_secs(1));
        // Jenkins catches up when asked (the world's ticker is not running in tests).
        c.get("/api/json?tree=mode").await;
        sim.world.step(sim.world.store().clock.now());
        let secrets = get(&sim, pending).await;
        if secrets["items"].as_array().unwrap().iter().any(|s| {
            s["metadata"]["labels"]["status"]
                .as_str()
                .is_some_and(|st| st.starts_with("pending"))
        }) {
            seen = true;
            break;
        }
    }
    let exe = executable(&c, &item).await;
    let console = c.get(&format!("{exe}consoleText")).await.text();
    assert!(seen, "the deploy wrote its pending revision:\n{console}");
    let (_, b) = run_build(&sim, &c, "uninstall-e2e", "CONFIRM=true&REASON=test").await;
    assert_eq!(b["result"], "SUCCESS");
    sim.advance(SignedDuration::from_secs(300));
    sim.world.step(sim.world.store().clock.now());
    assert_no_release_left(&sim, "payments-e2e").await;
}

#[tokio::test]
async fn an_ad_hoc_stage_deploys_once_its_helmfile_environment_is_pushed() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let ns = r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"payments-demo","labels":{"team":"payments","stage":"demo"}}}"#;
    let r = request(
        sim.addr,
        "POST",
        "/api/v1/namespaces",
        &[("Content-Type", "application/json")],
        ns,
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());

    // Without the environment the pipeline stops before it changes anything.
    let (build, b) = run_build(&sim, &c, "deploy-adhoc", "STAGE=demo").await;
    let console = c.get(&format!("{build}consoleText")).await.text();
    assert_eq!(b["result"], "FAILURE", "{console}");
    assert!(console.contains("demo"), "{console}");

    // The cockpit's edit, pushed as a user would.
    let work = tempfile::tempdir().unwrap();
    git2::Repository::clone(j.repo_path().to_str().unwrap(), work.path()).unwrap();
    let edit = stagecoach::repo::helmfile_env::add_environment(work.path(), "demo").unwrap();
    let text = std::fs::read_to_string(work.path().join(&edit.file)).unwrap();
    push_file(
        &j.repo_path(),
        &edit.file,
        &text,
        "helmfile: environment demo",
    );

    let (build, b) = run_build(&sim, &c, "deploy-adhoc", "STAGE=demo").await;
    let console = c.get(&format!("{build}consoleText")).await.text();
    assert_eq!(b["result"], "SUCCESS", "{console}");
    assert_eq!(revisions(&sim, "payments-demo", "payments-api").await, [1]);
    let rel = latest_release(&sim, "payments-demo", "payments-api").await;
    assert_eq!(rel["info"]["status"], "deployed");
    sim.advance(SignedDuration::from_secs(90));
    sim.world.step(sim.world.store().clock.now());
    assert!(!images(&sim, "payments-demo", "payments-api")
        .await
        .is_empty());

    let (_, b) = run_build(&sim, &c, "uninstall-adhoc", "STAGE=demo&CONFIRM=true").await;
    assert_eq!(b["result"], "SUCCESS");
    sim.advance(SignedDuration::from_secs(60));
    sim.world.step(sim.world.store().clock.now());
    assert_no_release_left(&sim, "payments-demo").await;
}

/// After an uninstall: no Helm Secret and no pod left in `ns`.
async fn assert_no_release_left(sim: &RunningSim, ns: &str) {
    let secrets = get(
        sim,
        &format!("/api/v1/namespaces/{ns}/secrets?labelSelector=owner%3Dhelm"),
    )
    .await;
    assert_eq!(secrets["items"].as_array().unwrap().len(), 0, "{secrets}");
    let pods = get(sim, &format!("/api/v1/namespaces/{ns}/pods")).await;
    assert_eq!(pods["items"].as_array().unwrap().len(), 0, "{pods}");
}
