//! Triggering builds: 201 + Location of the queue item, the item's life (waiting, buildable,
//! left with its executable, gone after five minutes), merging, errors, stop and cancel.

use crate::jenkins_support::{payments, world, Admin};
use jiff::SignedDuration;
use serde_json::Value;

fn path_of(url: &str, base: &str) -> String {
    format!(
        "/{}",
        url.strip_prefix(base)
            .expect("an absolute URL under the root")
    )
}

#[tokio::test]
async fn trigger_queue_build_console() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let r = c
        .post("/job/deploy-qa/buildWithParameters?APPS=api", "")
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let location = r.header("Location").unwrap().to_string();
    assert!(
        location.starts_with(&format!("http://{}/queue/item/", j.addr)) && location.ends_with('/')
    );
    let id: i64 = location
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let item_path = format!("/queue/item/{id}/api/json");

    let item = c.get(&item_path).await.json();
    assert_eq!(item["_class"], "hudson.model.Queue$WaitingItem");
    assert_eq!(item["id"], id);
    assert_eq!(item["url"], format!("queue/item/{id}/"));
    assert_eq!(item["params"], "\nAPPS=api\nCONFIG_REF=main\nDRY_RUN=false");
    assert!(item["why"]
        .as_str()
        .unwrap()
        .starts_with("In the quiet period. Expires in "));
    assert_eq!(item["task"]["name"], "deploy-qa");
    assert_eq!(item["task"]["url"], format!("{}job/deploy-qa/", j.url()));
    assert_eq!(item["actions"][0]["causes"][0]["userId"], "admin");

    let again = c
        .post("/job/deploy-qa/buildWithParameters", "APPS=api")
        .await;
    assert_eq!(again.status, 303, "an identical item is merged");
    assert_eq!(again.header("Location"), Some(location.as_str()));
    let job = c
        .get("/job/deploy-qa/api/json?tree=inQueue,queueItem[id]")
        .await
        .json();
    assert_eq!(job["inQueue"], true);
    assert_eq!(job["queueItem"]["id"], id);
    let queue = c.get("/queue/api/json").await.json();
    assert!(queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == id));

    sim.advance(SignedDuration::from_secs(5));
    let item = c.get(&item_path).await.json();
    assert_eq!(item["_class"], "hudson.model.Queue$BuildableItem");
    assert_eq!(item["buildable"], true);

    sim.advance(SignedDuration::from_secs(3));
    let item = c.get(&item_path).await.json();
    assert_eq!(item["_class"], "hudson.model.Queue$LeftItem");
    assert_eq!(item["cancelled"], false);
    let exe = &item["executable"];
    assert_eq!(
        exe["_class"],
        "org.jenkinsci.plugins.workflow.job.WorkflowRun"
    );
    let build_path = path_of(exe["url"].as_str().unwrap(), &j.url());
    let build = c.get(&format!("{build_path}api/json")).await.json();
    assert_eq!(build["number"], exe["number"]);
    assert_eq!(build["queueId"], id);
    assert_eq!(build["building"], true);
    assert_eq!(build["result"], Value::Null);
    assert_eq!(
        build["actions"][0]["causes"][0]["shortDescription"],
        "Started by user Admin"
    );
    assert_eq!(build["actions"][1]["parameters"][0]["value"], "api");
    let color = c.get("/job/deploy-qa/api/json?tree=color").await.json();
    assert!(color["color"].as_str().unwrap().ends_with("_anime"));

    sim.advance(SignedDuration::from_mins(10));
    let console = c.get(&format!("{build_path}consoleText")).await.text();
    assert!(
        console
            .contains("+ helm upgrade --install payments-api payments/api --version 1.4.2 --namespace payments-qa"),
        "{console}"
    );
    assert!(console
        .lines()
        .next_back()
        .unwrap()
        .starts_with("Finished: "));
    let build = c
        .get(&format!(
            "{build_path}api/json?tree=building,result,duration"
        ))
        .await
        .json();
    assert_eq!(build["building"], false);
    assert!(build["duration"].as_i64().unwrap() > 0);
    assert_eq!(
        c.get(&item_path).await.status,
        404,
        "left items vanish after five minutes"
    );
}

#[tokio::test]
async fn stop_aborts_a_running_build() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let r = c
        .post(
            "/job/deploy-dev/buildWithParameters?delay=0sec&APPS=api",
            "",
        )
        .await;
    assert_eq!(r.status, 201);
    let item_path = format!(
        "{}api/json",
        path_of(
            r.header("Location").unwrap(),
            &format!("http://{}/", j.addr)
        )
    );
    let item = c.get(&item_path).await.json();
    assert_eq!(
        item["_class"], "hudson.model.Queue$BuildableItem",
        "delay=0sec skips the quiet period"
    );
    sim.advance(SignedDuration::from_secs(3));
    let item = c.get(&item_path).await.json();
    let build_path = path_of(item["executable"]["url"].as_str().unwrap(), &j.url());
    sim.advance(SignedDuration::from_secs(20));

    let stop = c.post(&format!("{build_path}stop"), "").await;
    assert_eq!(stop.status, 302);
    assert_eq!(
        stop.header("Location"),
        Some(format!("http://{}{build_path}", j.addr).as_str())
    );
    let build = c
        .get(&format!("{build_path}api/json?tree=result,building"))
        .await
        .json();
    assert_eq!(build["result"], "ABORTED");
    assert_eq!(build["building"], false);
    let console = c.get(&format!("{build_path}consoleText")).await.text();
    assert!(console.contains("Aborted by Admin\n"));
    assert!(console.ends_with("Finished: ABORTED\n"));
    let job = c
        .get("/job/deploy-dev/api/json?tree=color,lastBuild[number]")
        .await
        .json();
    assert_eq!(job["color"], "aborted");
    // Stopping a finished build redirects all the same.
    assert_eq!(c.post(&format!("{build_path}stop"), "").await.status, 302);
}

#[tokio::test]
async fn trigger_errors_and_forms() {
    let sim = world().await;
    let c = Admin::of(payments(&sim));
    let r = c.post("/job/api/job/main/buildWithParameters", "").await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("api/main is not parameterized"));
    assert_eq!(c.post("/job/api/job/main/build", "").await.status, 201);
    let r = c.post("/job/uninstall-prod/buildWithParameters", "").await;
    assert_eq!(r.status, 409);
    assert!(r.text().contains("uninstall-prod is not buildable"));
    let r = c.post("/job/deploy-qa/build", "").await;
    assert_eq!(
        r.status, 400,
        "a parameterized job's build wants the json field"
    );
    let json = urlencoding::encode(
        r#"{"parameter":[{"name":"APPS","value":"ledger"},{"name":"DRY_RUN","value":true}]}"#,
    );
    let r = c
        .post("/job/deploy-qa/build", &format!("json={json}"))
        .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r
        .header("Location")
        .unwrap()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let item = c
        .get(&format!("/queue/item/{id}/api/json?tree=params"))
        .await
        .json();
    assert_eq!(
        item["params"],
        "\nAPPS=ledger\nCONFIG_REF=main\nDRY_RUN=true"
    );
    assert_eq!(
        c.post("/job/deploy-qa/buildWithParameters?APPS=nope", "")
            .await
            .status,
        400
    );
    assert_eq!(c.get("/job/deploy-qa/build").await.status, 405);

    let cancel = c.post(&format!("/queue/cancelItem?id={id}"), "").await;
    assert_eq!(cancel.status, 204);
    let item = c.get(&format!("/queue/item/{id}/api/json")).await.json();
    assert_eq!(item["_class"], "hudson.model.Queue$LeftItem");
    assert_eq!(item["cancelled"], true);
    assert_eq!(item["executable"], Value::Null);
    assert_eq!(c.post("/queue/cancelItem?id=999999", "").await.status, 404);
}
