//! The simulated Jenkins' JSON API: `_class`, absolute URLs, `tree=` (nesting, wildcards,
//! ranges), `depth`, colours, permalinks, `api/python`, and the history's results.

use crate::jenkins_support::{payments, world, Admin};
use serde_json::Value;

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[tokio::test]
async fn root_depth_zero_shows_nested_jobs_briefly_with_absolute_urls() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let r = c.get("/api/json").await;
    assert_eq!(r.status, 200);
    assert!(r.header("X-Jenkins").is_some());
    assert_eq!(
        r.header("Content-Type"),
        Some("application/json;charset=UTF-8")
    );
    let v = r.json();
    assert_eq!(v["_class"], "hudson.model.Hudson");
    assert!(v["description"]
        .as_str()
        .unwrap()
        .starts_with("payments Jenkins"));
    assert_eq!(v["numExecutors"], 0);
    assert_eq!(v["url"], j.url());
    let jobs = v["jobs"].as_array().unwrap();
    let e2e = jobs.iter().find(|x| x["name"] == "e2e-tests").unwrap();
    assert_eq!(keys(e2e), ["_class", "color", "name", "url"]);
    assert_eq!(e2e["url"], format!("{}job/e2e-tests/", j.url()));
    let folder = jobs.iter().find(|x| x["name"] == "api").unwrap();
    assert_eq!(
        folder["_class"],
        "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
    );
    assert_eq!(
        keys(folder),
        ["_class", "name", "url"],
        "folders have no colour"
    );
    let names: Vec<&str> = jobs.iter().map(|x| x["name"].as_str().unwrap()).collect();
    for n in [
        "deploy-qa",
        "uninstall-qa",
        "e2e-tests",
        "nightly",
        "ledger",
    ] {
        assert!(names.contains(&n), "{n} in {names:?}");
    }
    // Every response, even an error, says it is Jenkins.
    let r = c.get("/job/nope/api/json").await;
    assert_eq!(r.status, 404);
    assert!(r.header("X-Jenkins").is_some());
}

#[tokio::test]
async fn tree_nests_folders_and_ranges_builds() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let v = c
        .get("/api/json?tree=jobs[name,jobs[name,color]]")
        .await
        .json();
    let api = v["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["name"] == "api")
        .unwrap();
    assert_eq!(keys(api), ["_class", "jobs", "name"]);
    let branches = api["jobs"].as_array().unwrap();
    assert_eq!(branches[0]["name"], "main");
    assert_eq!(branches[1]["name"], "feature%2Fcheckout-v2");
    assert_eq!(keys(&branches[0]), ["_class", "color", "name"]);

    let all = c
        .get("/job/e2e-tests/api/json?tree=builds[number]")
        .await
        .json();
    let all: Vec<i64> = all["builds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["number"].as_i64().unwrap())
        .collect();
    assert!(
        all.len() > 10 && all.windows(2).all(|w| w[0] > w[1]),
        "newest first"
    );
    let pick = |path: &'static str| {
        let c = &c;
        async move {
            let v = c.get(path).await.json();
            v["builds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b["number"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        pick("/job/e2e-tests/api/json?tree=builds[number]{0,3}").await,
        all[0..3]
    );
    assert_eq!(
        pick("/job/e2e-tests/api/json?tree=builds[number]{2}").await,
        all[2..3]
    );
    assert_eq!(
        pick("/job/e2e-tests/api/json?tree=builds[number]{,2}").await,
        all[..2]
    );
    assert_eq!(
        pick("/job/e2e-tests/api/json?tree=builds[number]{5,}").await,
        all[5..]
    );

    // A branch job reached through its folder, its name encoded twice in the URL.
    let v = c.get("/job/api/job/feature%252Fcheckout-v2/api/json?tree=name,displayName,fullName,lastBuild[number,*]").await.json();
    assert_eq!(v["displayName"], "feature/checkout-v2");
    assert_eq!(v["fullName"], "api/feature%2Fcheckout-v2");
    assert!(
        v["lastBuild"]["timestamp"].is_i64(),
        "`*` takes every property"
    );

    let r = c.get("/api/json?tree=jobs[name").await;
    assert_eq!(
        r.status, 500,
        "a malformed tree is a server error, as in stapler"
    );
}

#[tokio::test]
async fn depth_controls_nested_visibility() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let d0 = c.get("/job/deploy-qa/api/json").await.json();
    assert_eq!(
        d0["_class"],
        "org.jenkinsci.plugins.workflow.job.WorkflowJob"
    );
    assert_eq!(keys(&d0["builds"][0]), ["_class", "number", "url"]);
    assert_eq!(keys(&d0["lastBuild"]), ["_class", "number", "url"]);
    assert!(d0.get("allBuilds").is_none());
    let defs = &d0["property"][0]["parameterDefinitions"];
    assert_eq!(defs[0]["_class"], "hudson.model.ChoiceParameterDefinition");
    assert_eq!(defs[0]["choices"][0], "all");
    assert_eq!(defs[1]["type"], "StringParameterDefinition");
    assert_eq!(
        defs[2]["defaultParameterValue"]["_class"],
        "hudson.model.BooleanParameterValue"
    );
    assert_eq!(defs[2]["defaultParameterValue"]["value"], false);

    let d1 = c.get("/job/deploy-qa/api/json?depth=1").await.json();
    let b = &d1["builds"][0];
    assert!(
        b.get("result").is_some() && b.get("timestamp").is_some() && b.get("actions").is_some()
    );

    let build = c
        .get(&format!(
            "/job/deploy-qa/{}/api/json",
            d0["builds"][1]["number"]
        ))
        .await
        .json();
    assert_eq!(
        build["_class"],
        "org.jenkinsci.plugins.workflow.job.WorkflowRun"
    );
    let cause = &build["actions"][0]["causes"][0];
    assert_eq!(cause["_class"], "hudson.model.Cause$UserIdCause");
    assert!(cause["shortDescription"]
        .as_str()
        .unwrap()
        .starts_with("Started by user "));
    let params = &build["actions"][1];
    assert_eq!(params["_class"], "hudson.model.ParametersAction");
    assert_eq!(keys(&params["parameters"][0]), ["_class", "name", "value"]);
    assert!(
        build["timestamp"].as_i64().unwrap() > 1_700_000_000_000,
        "epoch millis"
    );
    assert!(build["duration"].as_i64().unwrap() > 0);
    assert_eq!(keys(&build["previousBuild"]), ["_class", "number", "url"]);
    // A tree ignores depth.
    let t = c
        .get("/job/deploy-qa/api/json?tree=name&depth=3")
        .await
        .json();
    assert_eq!(keys(&t), ["_class", "name"]);
}

#[tokio::test]
async fn colours_permalinks_classes_and_python() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let colors = c.get("/api/json?tree=jobs[name,color]").await.json();
    let color = |n: &str| {
        colors["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == n)
            .unwrap()["color"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        color("e2e-tests").ends_with("_anime"),
        "always one build running"
    );
    assert_eq!(color("uninstall-dev"), "notbuilt");
    assert_eq!(color("uninstall-prod"), "disabled");

    let last = c.get("/job/e2e-tests/lastBuild/api/json").await.json();
    assert_eq!(last["building"], true);
    assert_eq!(last["inProgress"], true);
    assert_eq!(last["result"], Value::Null);
    assert_eq!(last["duration"], 0);
    assert!(last["estimatedDuration"].as_i64().unwrap() > 0);
    assert!(last["executor"]["_class"].is_string());
    let done = c
        .get("/job/e2e-tests/lastCompletedBuild/api/json?tree=result,building")
        .await
        .json();
    assert_eq!(done["building"], false);
    assert!(done["result"].is_string());
    assert_eq!(
        c.get("/job/uninstall-dev/lastBuild/api/json").await.status,
        404
    );
    assert_eq!(c.get("/job/e2e-tests/1/api/json").await.status, 404);

    let free = c
        .get("/job/nightly/job/dependency-check/api/json?tree=lastBuild[number]")
        .await
        .json();
    assert_eq!(free["_class"], "hudson.model.FreeStyleProject");
    assert_eq!(free["lastBuild"]["_class"], "hudson.model.FreeStyleBuild");
    let folder = c.get("/job/nightly/api/json?tree=name").await.json();
    assert_eq!(
        folder["_class"],
        "com.cloudbees.hudson.plugins.folder.Folder"
    );

    let py = c
        .get("/job/e2e-tests/lastBuild/api/python?tree=building,result,keepLog")
        .await;
    assert_eq!(py.status, 200);
    assert_eq!(
        py.text(),
        "{\"_class\":\"org.jenkinsci.plugins.workflow.job.WorkflowRun\",\"building\":True,\"keepLog\":False,\"result\":None}"
    );
    let q = c.get("/queue/api/json").await.json();
    assert_eq!(q["_class"], "hudson.model.Queue");
}

#[tokio::test]
async fn history_has_every_result_and_is_deterministic() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let tree = "/api/json?tree=jobs[name,builds[number,result],jobs[name,builds[number,result]]]";
    let v = c.get(tree).await.json();
    let text = v.to_string();
    for r in ["SUCCESS", "FAILURE", "UNSTABLE", "ABORTED"] {
        assert!(
            text.contains(&format!("\"result\":\"{r}\"")),
            "{r} in the history"
        );
    }
    let other = world().await;
    let again = Admin::of(payments(&other)).get(tree).await.json();
    // Compare finished builds only: a build may end between the two requests.
    let (a, b) = (finished(&v), finished(&again));
    let common: Vec<_> = a.keys().filter(|k| b.contains_key(*k)).collect();
    assert!(common.len() > 100, "{} builds in common", common.len());
    for k in common {
        assert_eq!(a[k], b[k], "{k}: the same seed gives the same history");
    }
}

fn finished(v: &Value) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    fn walk(prefix: &str, jobs: &Value, out: &mut std::collections::BTreeMap<String, String>) {
        for j in jobs.as_array().into_iter().flatten() {
            let name = format!("{prefix}{}", j["name"].as_str().unwrap_or_default());
            for b in j["builds"].as_array().into_iter().flatten() {
                if let Some(r) = b["result"].as_str() {
                    out.insert(format!("{name}#{}", b["number"]), r.to_string());
                }
            }
            walk(&format!("{name}/"), &j["jobs"], out);
        }
    }
    walk("", &v["jobs"], &mut out);
    out
}
