//! What the fixture world adds for a stage's timeline (payments-qa): the deploy build
//! `deploy-qa #91` that checked out commit `3e70759` and wrote revision 4 of payments-api
//! (image.tag 2.7.0 → 2.7.1, "Deployed by payments/deploy-qa #91"), the new ReplicaSet that
//! rolled its pods, an older failed build (running when payments-ledger's revision 4 failed),
//! and a later commit not deployed yet.

use k8s_openapi::api::apps::v1::ReplicaSet;
use serde_json::json;

use super::helm_secret::release_secret;
use super::pod_builder::{hours_ago, mins_ago};
use super::{key, Fixture};
use crate::app::msg::{ClusterMsg, Msg};
use crate::cluster::replica_set_row::ReplicaSetRow;
use crate::helm::ReleaseRow;
use crate::jenkins::{BuildDetail, JobPath};
use crate::repo::git_log::PathCommit;
use crate::repo::{CommitRow, RepoMsg};

/// The commit deploy-qa #91 deployed.
pub const DEPLOYED_COMMIT: &str = "3e70759c1f0a4b6e8d2f5a7b9c1d3e5f7a9b0c2d";
/// A commit pushed after it, not deployed yet.
pub const PENDING_COMMIT: &str = "9b1f2e4a7c3d5e6f8a0b1c2d3e4f5a6b7c8d9e0f";

/// Revision 4 of payments-api in payments-qa (revision 3 superseded), and the messages the
/// release and ReplicaSet watches send for it.
pub fn timeline_messages(s: &mut Fixture) -> Vec<Msg> {
    let ns = "payments-qa";
    let rev4 = json!({
        "name": "payments-api",
        "namespace": ns,
        "version": 4,
        "info": {"status": "deployed", "last_deployed": mins_ago(26).to_string(),
                 "description": "Deployed by payments/deploy-qa #91"},
        "chart": {"metadata": {"name": "api", "version": "1.4.2", "appVersion": "2.7.1"}},
        "config": {"image": {"tag": "2.7.1"}, "replicaCount": 2},
        "manifest": "",
        "hooks": [],
    });
    let secret = release_secret(&rev4, mins_ago(26), None);
    let mut applied = vec![ReleaseRow::from_meta(&secret.metadata)];
    s.secrets.insert(key(&secret.metadata), secret);
    // Helm rewrites the revision it supersedes.
    let k = (
        ns.to_string(),
        "sh.helm.release.v1.payments-api.v3".to_string(),
    );
    if let Some(old) = s.secrets.get_mut(&k) {
        let labels = old.metadata.labels.get_or_insert_with(Default::default);
        labels.insert("status".into(), "superseded".into());
        labels.remove("createdAt");
        labels.insert("modifiedAt".into(), mins_ago(26).as_second().to_string());
        applied.push(ReleaseRow::from_meta(&old.metadata));
    }
    let rs = |name: &str, revision: u32, created: jiff::Timestamp, tag: &str| -> ReplicaSet {
        serde_json::from_value(json!({
            "metadata": {
                "name": name, "namespace": ns,
                "creationTimestamp": created.to_string(),
                "labels": {"app.kubernetes.io/instance": "payments-api"},
                "annotations": {"deployment.kubernetes.io/revision": revision.to_string()},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment",
                    "name": "payments-api", "uid": "deploy-payments-api", "controller": true}],
            },
            "spec": {"selector": {}, "template": {"spec": {"containers": [
                {"name": "api", "image": format!("registry.example.com/payments/api:{tag}")}]}}},
            "status": {"replicas": 2},
        }))
        .expect("a ReplicaSet")
    };
    let sets = [
        rs("payments-api-6d4b8", 3, hours_ago(4 * 24 + 4), "2.7.0"),
        rs("payments-api-7f9c2", 4, mins_ago(25), "2.7.1"),
    ];
    vec![
        Msg::Cluster(ClusterMsg::ReleasesChanged {
            namespace: ns.into(),
            applied,
            deleted: Vec::new(),
        }),
        Msg::Cluster(ClusterMsg::ReplicaSetsSynced {
            namespace: ns.into(),
            rows: sets.iter().map(ReplicaSetRow::from_replica_set).collect(),
        }),
    ]
}

/// `job/deploy-qa/api/json?tree=builds[…]` as Jenkins answers it, read by the product's parser.
pub fn timeline_builds() -> Vec<(JobPath, Vec<BuildDetail>)> {
    let build = |n: u32, result: &str, at: jiff::Timestamp, user: &str, sha: &str| {
        json!({
            "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
            "number": n, "result": result, "building": false,
            "timestamp": at.as_millisecond(), "duration": 120_000, "estimatedDuration": 120_000,
            "actions": [
                {"_class": "hudson.model.CauseAction",
                 "causes": [{"shortDescription": format!("Started by user {user}")}]},
                {"_class": "hudson.model.ParametersAction",
                 "parameters": [{"name": "APPS", "value": "all"}]},
                {"_class": "hudson.plugins.git.util.BuildData",
                 "lastBuiltRevision": {"SHA1": sha}},
            ],
        })
    };
    let deploy = json!({"_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob", "builds": [
        build(91, "SUCCESS", mins_ago(28), "alice", DEPLOYED_COMMIT),
        // It ran while revision 4 of payments-ledger failed (Helm's description names no build).
        build(90, "FAILURE", mins_ago(62), "bob", "5c2a9e1b7d3f4a6c8e0b2d4f6a8c0e2b4d6f8a0c"),
    ]});
    let uninstall =
        json!({"_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob", "builds": []});
    let parse = |v: serde_json::Value| {
        crate::jenkins::model::parse_builds(&serde_json::to_vec(&v).expect("json"))
            .expect("builds parse")
    };
    vec![
        (JobPath::parse("deploy-qa"), parse(deploy)),
        (JobPath::parse("uninstall-qa"), parse(uninstall)),
    ]
}

/// The config repo's commits that touched payments-qa's files, newest first.
pub fn timeline_log() -> Msg {
    let commit = |id: &str, author: &str, at: jiff::Timestamp, subject: &str| CommitRow {
        id: id.into(),
        author: author.into(),
        email: format!("{}@example.com", author.to_lowercase()),
        time: at,
        subject: subject.into(),
    };
    Msg::Repo(RepoMsg::StageLogged {
        team: "payments".into(),
        stage: "qa".into(),
        result: Ok(vec![
            PathCommit {
                commit: commit(PENDING_COMMIT, "Bob", mins_ago(4), "qa: web 3 replicas"),
                files: vec!["values/qa/web.yaml".into()],
                deployed_in: Vec::new(),
            },
            PathCommit {
                commit: commit(DEPLOYED_COMMIT, "Alice", mins_ago(31), "qa: api 2.7.1"),
                files: vec!["values/qa/api.yaml".into()],
                deployed_in: vec![DEPLOYED_COMMIT.into()],
            },
        ]),
    })
}
