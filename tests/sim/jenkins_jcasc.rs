//! JCasC reloads from the team's config repo (bare origin, branch head): a refused file leaves
//! the running configuration as it was (200 error page, or 500 for broken YAML); a good one
//! applies after a few seconds of 503, as a restarting controller.

use crate::jenkins_support::{basic, jcasc, payments, push_file, request, world, Admin};
use jiff::SignedDuration;

const PATH: &str = "jenkins/jenkins.yaml";

#[tokio::test]
async fn bad_configurations_are_refused_and_change_nothing() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let before = c
        .get("/api/json?tree=description,numExecutors")
        .await
        .json();
    let original = jcasc(j);

    push_file(
        &j.repo_path(),
        PATH,
        &original.replace("  systemMessage:", "  systemMessag:"),
        "typo",
    );
    let r = c.post("/configuration-as-code/reload", "").await;
    assert_eq!(
        r.status, 200,
        "the plugin reports configuration errors with 200"
    );
    let page = r.text();
    assert!(page.contains("Error loading configuration"));
    assert!(page.contains(
        "Invalid configuration elements for type: class jenkins.model.Jenkins : systemMessag."
    ));
    assert!(
        page.contains("<li>systemMessage</li>"),
        "lists the valid attributes"
    );
    let after = c.get("/api/json?tree=description,numExecutors").await;
    assert_eq!(after.status, 200, "no restart for a refused file");
    assert_eq!(after.json(), before);

    push_file(
        &j.repo_path(),
        PATH,
        "jenkins:\n  systemMessage: [unclosed\n",
        "broken yaml",
    );
    let r = c.post("/configuration-as-code/reload", "").await;
    assert_eq!(
        r.status, 500,
        "a YAML syntax error escapes as a server error"
    );
    push_file(
        &j.repo_path(),
        PATH,
        "jenkinz:\n  systemMessage: x\n",
        "unknown root",
    );
    let r = c.post("/configuration-as-code/reload", "").await;
    assert_eq!(r.status, 200);
    assert!(r
        .text()
        .contains("No configurator found for the following root element: jenkinz."));
    assert_eq!(
        c.get("/api/json?tree=description,numExecutors")
            .await
            .json(),
        before
    );
    assert_eq!(
        j.running_config().system_message.as_deref(),
        before["description"].as_str()
    );

    assert_eq!(c.get("/configuration-as-code/reload").await.status, 405);
    let pw = basic("admin", j.password("admin").unwrap());
    let r = request(
        j.addr,
        "POST",
        "/configuration-as-code/reload",
        &[("Authorization", &pw)],
        "",
    )
    .await;
    assert_eq!(r.status, 403, "a password session needs a crumb");
}

#[tokio::test]
async fn a_good_configuration_applies_after_a_restart() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let new = jcasc(j)
        .replace("  numExecutors: 0", "  numExecutors: 3")
        .replacen("  systemMessage: \"", "  systemMessage: \"Reloaded! ", 1);
    push_file(&j.repo_path(), PATH, &new, "jenkins: three executors");
    let r = c.post("/configuration-as-code/reload", "").await;
    assert_eq!(r.status, 302);
    assert_eq!(
        r.header("Location"),
        Some(format!("http://{}/configuration-as-code/", j.addr).as_str())
    );
    let during = c.get("/api/json").await;
    assert_eq!(during.status, 503);
    assert_eq!(during.header("Retry-After"), None);
    assert!(during.header("X-Jenkins").is_some());

    sim.advance(SignedDuration::from_secs(4));
    let v = c
        .get("/api/json?tree=description,numExecutors")
        .await
        .json();
    assert!(v["description"]
        .as_str()
        .unwrap()
        .starts_with("Reloaded! payments Jenkins"));
    assert_eq!(v["numExecutors"], 3);
}

#[tokio::test]
async fn the_token_reload_endpoint() {
    let sim = world().await;
    let j = payments(&sim);
    let url = |t: &str| format!("/reload-configuration-as-code/?casc-reload-token={t}");
    assert_eq!(
        request(j.addr, "POST", &url("wrong"), &[], "").await.status,
        401
    );
    push_file(
        &j.repo_path(),
        PATH,
        "jenkins:\n  numExecutors: lots\n",
        "bad",
    );
    let r = request(j.addr, "POST", &url(j.reload_token()), &[], "").await;
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["status"], "error");
    assert!(v["message"]
        .as_str()
        .unwrap()
        .starts_with("Failed to reload configuration: "));
    push_file(
        &j.repo_path(),
        PATH,
        "jenkins:\n  numExecutors: 5\n",
        "good",
    );
    let r = request(j.addr, "POST", &url(j.reload_token()), &[], "").await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    sim.advance(SignedDuration::from_secs(4));
    assert_eq!(j.running_config().num_executors, 5);
    assert!(
        j.running_config().system_message.is_some(),
        "attributes not in the file stay"
    );
}
