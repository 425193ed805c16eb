//! `/label/NAME`: what can run a label. A pod template's label is provisioned by the Kubernetes
//! cloud only once the configuration that adds it is applied (pushed, then reloaded); a label
//! nothing knows is an empty atom (200), as Jenkins creates atoms on demand.

use crate::jenkins_support::{jcasc, payments, push_file, request, world, Admin};
use jiff::SignedDuration;

const CLOUD: &str = "org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud";

/// A `nightly` template before `base` (the indentation of the demo's `templates:` list), with
/// labels no demo template has.
const NIGHTLY_TEMPLATE: &str = r#"          - name: "nightly"
            inheritFrom: "base"
            label: "nightly rust"
            containers:
              - name: "rust"
                image: "rust:1.91"
"#;

fn with_nightly_template(original: &str) -> String {
    let at = original
        .find("          - name: \"base\"")
        .expect("the demo JCasC has a base template");
    format!("{}{NIGHTLY_TEMPLATE}{}", &original[..at], &original[at..])
}

#[tokio::test]
async fn a_new_template_label_is_provisioned_only_after_the_reload() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let clouds = |v: &serde_json::Value| v["clouds"].as_array().expect("clouds").clone();

    let base = c.get("/label/base/api/json").await;
    assert_eq!(base.status, 200);
    let v = base.json();
    assert_eq!(v["_class"], "hudson.model.labels.LabelAtom");
    assert_eq!(v["name"], "base");
    assert_eq!(clouds(&v), vec![serde_json::json!({"_class": CLOUD})]);
    assert_eq!(v["nodes"], serde_json::json!([]));
    assert_eq!(v["offline"], true, "no node carries it: offline");
    assert_eq!(v["totalExecutors"], 0);
    assert_eq!(v["description"], serde_json::Value::Null);

    let before = c.get("/label/rust/api/json").await;
    assert_eq!(before.status, 200, "an unknown label is an empty atom");
    assert_eq!(clouds(&before.json()), Vec::<serde_json::Value>::new());

    push_file(
        &j.repo_path(),
        "jenkins/jenkins.yaml",
        &with_nightly_template(&jcasc(j)),
        "jenkins: a nightly template",
    );
    let pushed = c.get("/label/rust/api/json?tree=name,clouds").await.json();
    assert_eq!(
        pushed,
        serde_json::json!({"_class": "hudson.model.labels.LabelAtom", "name": "rust", "clouds": []}),
        "pushed is not applied"
    );

    assert_eq!(
        c.post("/configuration-as-code/reload", "").await.status,
        302
    );
    sim.advance(SignedDuration::from_secs(4));
    // Both labels of the template's set, and the tree= query as the cockpit asks it.
    for label in ["nightly", "rust"] {
        let v = c
            .get(&format!("/label/{label}/api/json?tree=name,clouds[name]"))
            .await
            .json();
        assert_eq!(
            v,
            serde_json::json!({"_class": "hudson.model.labels.LabelAtom", "name": label, "clouds": [{"_class": CLOUD}]}),
            "Cloud exports no name"
        );
    }
    assert_eq!(
        clouds(&c.get("/label/nightly%20rust/api/json").await.json()),
        Vec::<serde_json::Value>::new(),
        "the set is two labels, not one named with a space"
    );
}

#[tokio::test]
async fn tied_jobs_the_built_in_label_and_who_may_ask() {
    let sim = world().await;
    let j = payments(&sim);
    let c = Admin::of(j);
    let v = c.get("/label/base/api/json").await.json();
    let tied = v["tiedJobs"].as_array().unwrap();
    assert!(!tied.is_empty(), "the freestyle jobs run on base");
    assert!(tied
        .iter()
        .all(|t| t["_class"] == "hudson.model.FreeStyleProject" && t["url"].is_string()));

    let v = c.get("/label/built-in/api/json").await.json();
    assert_eq!(v["nodes"][0]["_class"], "hudson.model.Hudson");
    assert_eq!(v["clouds"], serde_json::json!([]));
    let python = c.get("/label/built-in/api/python").await;
    assert!(
        python.text().contains("\"offline\":True"),
        "{}",
        python.text()
    );

    let anon = request(j.addr, "GET", "/label/base/api/json", &[], "").await;
    assert_eq!(anon.status, 403, "Overall/Read, as for every read endpoint");
    assert_eq!(c.get("/label/base/").await.status, 200);
    assert_eq!(c.get("/label/").await.status, 404);
}
