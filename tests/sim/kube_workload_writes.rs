//! The cockpit's cluster writes (`cluster::workload_write`, through kube-rs) against the demo
//! world, which must do what the controllers do: a restart (the template's `restartedAt`)
//! makes a new ReplicaSet and rolls the pods, a scale through the `scale` subresource changes
//! the replicas and the pods follow, a deleted pod terminates. And exec/portforward, which the
//! world never upgrades, answer as the apiserver does for a request it will not upgrade.

use crate::common;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams};
use stagecoach::cluster::workload_write::{run, WorkloadKind, WorkloadMsg, WorkloadOp};
use stagecoach::outbox::Outbox;

const NS: &str = "payments-qa";

async fn write(client: &kube::Client, op: WorkloadOp) -> (Result<String, String>, String) {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<WorkloadMsg>(4);
    run(client.clone(), op, Outbox::new(tx)).await;
    let Some(WorkloadMsg::Called(call)) = rx.recv().await else {
        panic!("the write is recorded first");
    };
    let Some(WorkloadMsg::Done { result, .. }) = rx.recv().await else {
        panic!("then its outcome");
    };
    assert_eq!(call.ok, result.is_ok());
    (result, call.command)
}

fn selector(d: &Deployment) -> String {
    d.spec
        .as_ref()
        .unwrap()
        .selector
        .match_labels
        .as_ref()
        .unwrap()
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

#[tokio::test(flavor = "multi_thread")]
async fn restart_makes_a_new_replica_set_and_scale_changes_the_pods() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), NS);
    let rss: Api<ReplicaSet> = Api::namespaced(client.clone(), NS);
    let pods: Api<Pod> = Api::namespaced(client.clone(), NS);
    let d = deployments.get("payments-api").await.unwrap();
    let lp = ListParams::default().labels(&selector(&d));
    let before: Vec<String> = rss
        .list(&lp)
        .await
        .unwrap()
        .items
        .into_iter()
        .filter_map(|r| r.metadata.name)
        .collect();

    let (result, command) = write(
        &client,
        WorkloadOp::Restart {
            kind: WorkloadKind::Deployment,
            namespace: NS.into(),
            name: "payments-api".into(),
        },
    )
    .await;
    assert_eq!(result, Ok("deployment/payments-api restarted".into()));
    assert_eq!(
        command,
        "kubectl rollout restart deployment/payments-api -n payments-qa"
    );
    let d = deployments.get("payments-api").await.unwrap();
    let tpl = d.spec.as_ref().unwrap().template.metadata.as_ref().unwrap();
    assert!(tpl
        .annotations
        .as_ref()
        .unwrap()
        .contains_key("kubectl.kubernetes.io/restartedAt"));
    let after = rss.list(&lp).await.unwrap().items;
    let new: Vec<&ReplicaSet> = after
        .iter()
        .filter(|r| !before.contains(r.metadata.name.as_ref().unwrap()))
        .collect();
    assert_eq!(new.len(), 1, "one new ReplicaSet: {after:?}");
    let new_rs = new[0].metadata.name.clone().unwrap();
    let new_pods = pods
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.metadata.name.as_ref().unwrap().starts_with(&new_rs))
        .count();
    assert!(new_pods >= 1, "the rollout starts pods of {new_rs}");

    let (result, command) = write(
        &client,
        WorkloadOp::Scale {
            kind: WorkloadKind::Deployment,
            namespace: NS.into(),
            name: "payments-web".into(),
            replicas: 4,
        },
    )
    .await;
    assert_eq!(result, Ok("deployment/payments-web scaled to 4".into()));
    assert_eq!(
        command,
        "kubectl scale deployment/payments-web --replicas=4 -n payments-qa"
    );
    let web = deployments.get("payments-web").await.unwrap();
    assert_eq!(web.spec.as_ref().unwrap().replicas, Some(4));
    let scale = deployments.get_scale("payments-web").await.unwrap();
    assert_eq!(scale.spec.unwrap().replicas, Some(4));
    let web_pods = pods
        .list(&ListParams::default().labels(&selector(&web)))
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .count();
    assert_eq!(web_pods, 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_pod_terminates_and_a_missing_one_is_a_404() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), NS);
    let victim = pods
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .find(|p| {
            p.metadata.deletion_timestamp.is_none()
                && p.metadata
                    .name
                    .as_ref()
                    .unwrap()
                    .starts_with("payments-ledger")
        })
        .unwrap()
        .metadata
        .name
        .unwrap();
    let op = |name: &str| WorkloadOp::DeletePod {
        namespace: NS.into(),
        name: name.into(),
    };
    let (result, command) = write(&client, op(&victim)).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(
        command,
        format!("kubectl delete pod {victim} -n payments-qa")
    );
    let p = pods.get(&victim).await.unwrap();
    assert!(
        p.metadata.deletion_timestamp.is_some(),
        "it terminates gracefully"
    );

    let (result, _) = write(&client, op("no-such-pod")).await;
    assert_eq!(
        result,
        Err("delete pod no-such-pod refused: pods \"no-such-pod\" not found".into())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn exec_and_portforward_are_refused_as_an_apiserver_refuses_a_request_it_will_not_upgrade() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), NS);
    let pod = pods.list(&ListParams::default()).await.unwrap().items[0]
        .metadata
        .name
        .clone()
        .unwrap();
    let status = |path: String, method: &'static str| {
        let addr = sim.addr;
        async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
            let req = format!(
                "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            s.write_all(req.as_bytes()).await.unwrap();
            let mut buf = Vec::new();
            s.read_to_end(&mut buf).await.unwrap();
            let text = String::from_utf8_lossy(&buf).to_string();
            let (_, body) = text.split_once("\r\n\r\n").unwrap();
            serde_json::from_str::<serde_json::Value>(body).unwrap()
        }
    };
    let base = format!("/api/v1/namespaces/{NS}/pods");
    for (path, method) in [
        (
            format!("{base}/{pod}/exec?container=api&command=sh&stdin=true&tty=true"),
            "POST",
        ),
        (format!("{base}/{pod}/exec?container=api&command=sh"), "GET"),
        (format!("{base}/{pod}/portforward?ports=8080"), "POST"),
    ] {
        let s = status(path.clone(), method).await;
        assert_eq!(
            (
                s["kind"].as_str(),
                s["code"].as_i64(),
                s["reason"].as_str(),
                s["message"].as_str()
            ),
            (
                Some("Status"),
                Some(400),
                Some("BadRequest"),
                Some("Upgrade request required")
            ),
            "{method} {path}: {s}"
        );
    }
    let s = status(
        format!("{base}/{pod}/exec?container=nope&command=sh"),
        "POST",
    )
    .await;
    assert_eq!(
        s["message"],
        format!("container nope is not valid for pod {pod}")
    );
    let s = status(format!("{base}/gone/exec?container=api&command=sh"), "POST").await;
    assert_eq!(
        (s["code"].as_i64(), s["message"].as_str()),
        (Some(404), Some("pods \"gone\" not found"))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restarted_stateful_set_gets_its_replica_back_under_the_same_name() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "payments-build");
    let before = pods.get("jenkins-0").await.unwrap().metadata.uid.unwrap();
    let (result, command) = write(
        &client,
        WorkloadOp::Restart {
            kind: WorkloadKind::StatefulSet,
            namespace: "payments-build".into(),
            name: "jenkins".into(),
        },
    )
    .await;
    assert_eq!(result, Ok("statefulset/jenkins restarted".into()));
    assert_eq!(
        command,
        "kubectl rollout restart statefulset/jenkins -n payments-build"
    );
    let p = pods.get("jenkins-0").await.unwrap();
    assert!(
        p.metadata.deletion_timestamp.is_some(),
        "the replica terminates"
    );
    let mut back = None;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        if let Ok(p) = pods.get("jenkins-0").await {
            if p.metadata.uid.as_deref() != Some(before.as_str()) {
                back = Some(p);
                break;
            }
        }
    }
    let back = back.expect("jenkins-0 comes back within 20 s");
    assert!(back.metadata.deletion_timestamp.is_none());
}
