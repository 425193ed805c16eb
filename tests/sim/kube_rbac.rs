//! The world's RBAC through kube-rs, as a real apiserver serves it: Roles, bindings and
//! ServiceAccounts listed; every request authorized from them (the developer `alice`, reached
//! by impersonation as `kubectl --as` does, works in the stages and only reads production);
//! the rules review and `whoami`; and the cockpit's own reading of access (`cluster::access`)
//! agreeing with what the API then does.

use crate::common::{self, wait};

use std::time::Duration;

use k8s_openapi::api::authorization::v1::{SelfSubjectRulesReview, SelfSubjectRulesReviewSpec};
use k8s_openapi::api::core::v1::{Namespace, Pod, Secret, ServiceAccount};
use k8s_openapi::api::rbac::v1::{ClusterRole, RoleBinding};
use kube::api::{Api, DeleteParams, ListParams, ObjectMeta, PostParams};
use stagecoach::cluster::access::capability::Capability;
use stagecoach::cluster::access::fetch::team_access;
use stagecoach::cluster::access::May;

const DEVELOPER: &str = "stagecoach-demo-developer";

fn forbidden(e: &kube::Error) -> String {
    match e {
        kube::Error::Api(s) if s.code == 403 => s.message.clone(),
        other => panic!("expected a 403, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn rbac_objects_are_served_and_the_team_jenkins_is_bound_in_every_stage() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let sa: Api<ServiceAccount> = Api::namespaced(client.clone(), "payments-build");
    assert!(sa.get("jenkins").await.is_ok());
    assert!(sa.get("default").await.is_ok());
    for stage in ["dev", "qa", "prod"] {
        let rb: Api<RoleBinding> = Api::namespaced(client.clone(), &format!("payments-{stage}"));
        let b = rb.get("jenkins-deployer").await.unwrap();
        assert_eq!(b.role_ref.name, "stage-deployer");
        let s = &b.subjects.unwrap()[0];
        assert_eq!(
            (s.kind.as_str(), s.name.as_str(), s.namespace.as_deref()),
            ("ServiceAccount", "jenkins", Some("payments-build"))
        );
    }
    let role = Api::<ClusterRole>::all(client.clone())
        .get("stage-developer")
        .await
        .unwrap();
    assert!(!role.rules.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_developer_works_in_the_stages_and_only_reads_production() {
    let sim = common::world("").await;
    let dev = common::client_for(&sim.kubeconfig(), Some(DEVELOPER)).await;
    let prod: Api<Pod> = Api::namespaced(dev.clone(), "payments-prod");
    let pods = prod.list(&ListParams::default()).await.unwrap();
    let victim = pods.items[0].metadata.name.clone().unwrap();
    let e = prod
        .delete(&victim, &DeleteParams::default())
        .await
        .unwrap_err();
    let why = forbidden(&e);
    assert!(
        why.contains("User \"alice\" cannot delete resource \"pods\"")
            && why.contains("payments-prod"),
        "{why}"
    );
    let e = Api::<Secret>::namespaced(dev.clone(), "payments-qa")
        .list(&ListParams::default())
        .await
        .unwrap_err();
    assert!(forbidden(&e).contains("cannot list resource \"secrets\""));
    // Another team's namespace is not hers at all.
    let e = Api::<Pod>::namespaced(dev.clone(), "advisory-qa")
        .list(&ListParams::default())
        .await
        .unwrap_err();
    forbidden(&e);
    // In qa she may delete a pod (its Deployment starts another).
    let qa: Api<Pod> = Api::namespaced(dev.clone(), "payments-qa");
    let one = qa.list(&ListParams::default()).await.unwrap().items[0]
        .metadata
        .name
        .clone()
        .unwrap();
    qa.delete(&one, &DeleteParams::default()).await.unwrap();

    // The rules review says the same.
    let review = |ns: &str| SelfSubjectRulesReview {
        spec: SelfSubjectRulesReviewSpec {
            namespace: Some(ns.into()),
        },
        ..Default::default()
    };
    let api: Api<SelfSubjectRulesReview> = Api::all(dev.clone());
    let status = api
        .create(&PostParams::default(), &review("payments-prod"))
        .await
        .unwrap()
        .status
        .unwrap();
    assert!(!status.incomplete);
    let deletes = status
        .resource_rules
        .iter()
        .any(|r| r.verbs.iter().any(|v| v == "delete" || v == "*"));
    assert!(!deletes, "{:?}", status.resource_rules);
    assert!(status.resource_rules.iter().any(|r| r
        .resources
        .iter()
        .flatten()
        .any(|x| x == "pods")
        && r.verbs.iter().any(|v| v == "list")));
    // A review without a namespace is invalid, as the apiserver says.
    let e = api
        .create(&PostParams::default(), &review(""))
        .await
        .unwrap_err();
    assert!(matches!(&e, kube::Error::Api(s) if s.code == 422), "{e:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cockpits_reading_of_access_agrees_with_what_the_api_then_does() {
    let sim = common::world("").await;
    let dev = common::client_for(&sim.kubeconfig(), Some(DEVELOPER)).await;
    let namespaces: Vec<String> = ["build", "qa", "prod"]
        .iter()
        .map(|s| format!("payments-{s}"))
        .collect();
    let account = ("payments-build".to_string(), "jenkins".to_string());
    let mine = team_access(
        dev.clone(),
        "payments".into(),
        namespaces.clone(),
        account.clone(),
    )
    .await;
    assert_eq!(
        mine.user.as_deref(),
        Some("User alice (groups payments-developers, system:authenticated)")
    );
    let qa = mine.namespace("payments-qa").unwrap();
    let prod = mine.namespace("payments-prod").unwrap();
    assert_eq!(qa.may(Capability::DeletePods), May::Yes);
    assert_eq!(qa.may(Capability::Exec), May::Yes);
    assert!(matches!(qa.may(Capability::Deploy), May::No(_)));
    assert!(matches!(prod.may(Capability::DeletePods), May::No(_)));
    assert_eq!(prod.may(Capability::Logs), May::Yes);
    // alice may not read RBAC objects: the account's rights are unknown, and said so.
    let e = mine.account_error.clone().unwrap();
    assert!(e.contains("clusterrolebindings is forbidden"), "{e}");

    // The admin reads the Jenkins account's bindings: it deploys to the stages, not to build.
    let admin = common::client(&sim).await;
    let all = team_access(admin, "payments".into(), namespaces, account).await;
    assert_eq!(all.account_error, None);
    let jq = all.account_in("payments-qa").unwrap();
    assert_eq!(jq.may(Capability::Deploy), May::Yes);
    assert!(jq
        .via(Capability::Deploy)
        .iter()
        .any(|g| g.binding == "RoleBinding \"payments-qa/jenkins-deployer\""));
    let jb = all.account_in("payments-build").unwrap();
    assert!(matches!(jb.may(Capability::Deploy), May::No(_)));
    assert_eq!(
        jb.may(Capability::DeletePods),
        May::Yes,
        "it runs its agents' pods"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn impersonating_needs_the_right_to_and_the_viewer_has_none() {
    let sim = common::world("").await;
    let kc = kube::config::Kubeconfig::from_yaml(&sim.kubeconfig()).unwrap();
    let opts = kube::config::KubeConfigOptions {
        context: Some("stagecoach-demo-viewer".into()),
        ..Default::default()
    };
    let mut cfg = kube::Config::from_custom_kubeconfig(kc, &opts)
        .await
        .unwrap();
    cfg.auth_info.impersonate = Some("alice".into());
    let viewer_as_alice = kube::Client::try_from(cfg).unwrap();
    let e = Api::<Pod>::namespaced(viewer_as_alice, "payments-qa")
        .list(&ListParams::default())
        .await
        .unwrap_err();
    let why = forbidden(&e);
    assert!(
        why.contains("User \"demo-viewer\" cannot impersonate resource \"users\""),
        "{why}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_stage_gets_the_teams_bindings_and_deleting_it_takes_them() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let ns = Namespace {
        metadata: ObjectMeta {
            name: Some("payments-stage-rbac".into()),
            labels: Some(
                [("team", "payments"), ("stage", "stage-rbac")]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            ..Default::default()
        },
        ..Default::default()
    };
    let namespaces: Api<Namespace> = Api::all(client.clone());
    namespaces
        .create(&PostParams::default(), &ns)
        .await
        .unwrap();
    let rb: Api<RoleBinding> = Api::namespaced(client.clone(), "payments-stage-rbac");
    let names: Vec<String> = rb
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|b| b.metadata.name)
        .collect();
    assert_eq!(names, ["developers", "jenkins-deployer"]);
    namespaces
        .delete("payments-stage-rbac", &DeleteParams::default())
        .await
        .unwrap();
    wait::until_async(
        "the stage's RoleBindings to be gone",
        Duration::from_secs(20),
        || async {
            match rb.list(&ListParams::default()).await {
                Ok(l) if !l.items.is_empty() => Err(format!("{} left", l.items.len())),
                _ => Ok(()),
            }
        },
    )
    .await;
    let sa: Api<ServiceAccount> = Api::namespaced(client, "payments-stage-rbac");
    assert!(sa
        .list(&ListParams::default())
        .await
        .map(|l| l.items.is_empty())
        .unwrap_or(true));
}
