//! `/me` and `/computer`: what third-party clients (python-jenkins' `get_whoami`,
//! `get_running_builds`) call to authenticate and to find running builds.

use crate::jenkins_support::{payments, world, Admin};

#[tokio::test]
async fn me_names_the_authenticated_user() {
    let sim = world().await;
    let r = Admin::of(payments(&sim)).get("/me/api/json").await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["_class"], "hudson.model.User");
    assert_eq!(v["id"], "admin");
}

#[tokio::test]
async fn every_running_build_sits_on_an_agent_of_its_own() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let v = c.get("/computer/api/json").await.json();
    assert_eq!(v["_class"], "hudson.model.ComputerSet");
    let computers = v["computer"].as_array().unwrap();
    assert_eq!(computers[0]["displayName"], "Built-In Node");
    assert_eq!(computers[0]["offline"], false);
    let agents: Vec<_> = computers[1..].to_vec();
    // e2e-tests always has a build running.
    assert!(!agents.is_empty());
    assert_eq!(v["busyExecutors"], agents.len());
    let name = agents[0]["displayName"].as_str().unwrap().to_string();
    assert!(name.starts_with("payments-agent-"), "{name}");
    let node = c
        .get(&format!("/computer/{name}/api/json?depth=2"))
        .await
        .json();
    let run = &node["executors"][0]["currentExecutable"];
    assert!(run["url"].as_str().unwrap().starts_with(&j.url()));
    assert!(run["number"].as_u64().unwrap() > 0);
    // At depth 0 executors are only their class; depth 2 shows what they run.
    let deep = c.get("/computer/api/json?depth=2").await.json();
    let urls: Vec<_> = deep["computer"].as_array().unwrap()[1..]
        .iter()
        .map(|a| {
            a["executors"][0]["currentExecutable"]["url"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        urls.iter().any(|u| u.contains("/job/e2e-tests/")),
        "{urls:?}"
    );
    assert_eq!(c.get("/computer/(built-in)/api/json").await.status, 200);
    assert_eq!(c.get("/computer/nope/api/json").await.status, 404);
}
