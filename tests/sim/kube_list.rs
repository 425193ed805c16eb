//! The simulated API server against kube-rs: lists, selectors, pagination, gets and errors.

use crate::common;

use k8s_openapi::api::apps::v1::{Deployment, ReplicaSet};
use k8s_openapi::api::core::v1::{Event, Namespace, Node, Pod, Secret};
use kube::api::{Api, DeleteParams, ListParams, PostParams};

#[tokio::test(flavor = "multi_thread")]
async fn lists_every_team_stage_and_the_failure_kinds() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let nss = Api::<Namespace>::all(client.clone())
        .list(&ListParams::default())
        .await
        .unwrap();
    let names: Vec<String> = nss
        .items
        .iter()
        .filter_map(|n| n.metadata.name.clone())
        .collect();
    for team in ["payments", "advisory", "logistics"] {
        for stage in ["build", "dev", "e2e", "qa", "prod"] {
            assert!(
                names.contains(&format!("{team}-{stage}")),
                "{team}-{stage} in {names:?}"
            );
        }
    }
    assert!(names.contains(&"payments-stage-demo".to_string()));
    assert!(nss.metadata.resource_version.is_some());

    let pods = Api::<Pod>::all(client.clone())
        .list(&ListParams::default())
        .await
        .unwrap();
    assert!(
        pods.items.len() >= 200,
        "a few hundred pods, got {}",
        pods.items.len()
    );
    let statuses: Vec<String> = pods
        .items
        .iter()
        .map(|p| stagecoach::cluster::pod_status::pod_summary(p).status)
        .collect();
    for kind in [
        "Running",
        "CrashLoopBackOff",
        "ImagePullBackOff",
        "OOMKilled",
        "Pending",
        "Error",
        "Completed",
        "Terminating",
        "CreateContainerConfigError",
        "ContainerStatusUnknown",
    ] {
        assert!(statuses.iter().any(|s| s == kind), "no pod is {kind}");
    }
    // Every pod of a Deployment is owned by a ReplicaSet owned by that Deployment.
    let rs = Api::<ReplicaSet>::namespaced(client.clone(), "payments-qa")
        .list(&ListParams::default())
        .await
        .unwrap();
    let deps = Api::<Deployment>::namespaced(client.clone(), "payments-qa")
        .list(&ListParams::default())
        .await
        .unwrap();
    let qa_pods = Api::<Pod>::namespaced(client.clone(), "payments-qa")
        .list(&ListParams::default().labels("app.kubernetes.io/instance=payments-api"))
        .await
        .unwrap();
    assert!(!qa_pods.items.is_empty());
    for p in &qa_pods.items {
        let owner = &p.metadata.owner_references.as_ref().unwrap()[0];
        assert_eq!(owner.kind, "ReplicaSet");
        let r = rs
            .items
            .iter()
            .find(|r| r.metadata.name.as_deref() == Some(&owner.name))
            .unwrap();
        let dep_owner = &r.metadata.owner_references.as_ref().unwrap()[0];
        assert!(deps
            .items
            .iter()
            .any(|d| d.metadata.name.as_deref() == Some(&dep_owner.name)));
    }
    let nodes = Api::<Node>::all(client)
        .list(&ListParams::default())
        .await
        .unwrap();
    assert!(nodes
        .items
        .iter()
        .all(|n| n.status.as_ref().unwrap().allocatable.is_some()));
}

#[tokio::test(flavor = "multi_thread")]
async fn label_and_field_selectors() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "payments-dev");
    let all = pods.list(&ListParams::default()).await.unwrap();
    let one = all.items[0].metadata.name.clone().unwrap();
    let by_name = pods
        .list(&ListParams::default().fields(&format!("metadata.name={one}")))
        .await
        .unwrap();
    assert_eq!(by_name.items.len(), 1);
    let not_running = pods
        .list(&ListParams::default().fields("status.phase!=Running"))
        .await
        .unwrap();
    assert!(not_running
        .items
        .iter()
        .all(|p| p.status.as_ref().unwrap().phase.as_deref() != Some("Running")));
    assert!(!not_running.items.is_empty());
    let set = pods
        .list(&ListParams::default().labels("app.kubernetes.io/name in (api,ledger),!job-name"))
        .await
        .unwrap();
    assert!(!set.items.is_empty());
    assert!(set.items.iter().all(|p| {
        let n = &p.metadata.labels.as_ref().unwrap()["app.kubernetes.io/name"];
        n == "api" || n == "ledger"
    }));

    let events: Api<Event> = Api::namespaced(client.clone(), "payments-dev");
    let warnings = events
        .list(&ListParams::default().fields("type=Warning"))
        .await
        .unwrap();
    assert!(!warnings.items.is_empty());
    assert!(warnings
        .items
        .iter()
        .all(|e| e.type_.as_deref() == Some("Warning")));
    let crashing = warnings
        .items
        .iter()
        .find(|e| e.reason.as_deref() == Some("BackOff"))
        .unwrap();
    let target = crashing.involved_object.name.clone().unwrap();
    let about = events
        .list(&ListParams::default().fields(&format!(
            "involvedObject.name={target},involvedObject.kind=Pod"
        )))
        .await
        .unwrap();
    assert!(about
        .items
        .iter()
        .all(|e| e.involved_object.name.as_deref() == Some(target.as_str())));

    let err = pods
        .list(&ListParams::default().fields("spec.bogus=1"))
        .await
        .unwrap_err();
    match err {
        kube::Error::Api(s) => {
            assert_eq!(s.code, 400);
            assert!(
                s.message.contains("field label not supported: spec.bogus"),
                "{}",
                s.message
            );
        }
        e => panic!("unexpected {e}"),
    }
    let secrets: Api<Secret> = Api::namespaced(client, "payments-qa");
    let opaque = secrets
        .list(&ListParams::default().fields("type=Opaque"))
        .await
        .unwrap();
    assert!(opaque
        .items
        .iter()
        .all(|s| s.type_.as_deref() == Some("Opaque")));
}

#[tokio::test(flavor = "multi_thread")]
async fn pagination_is_consistent_and_tokens_expire() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let pods: Api<Pod> = Api::all(client);
    let full = pods.list(&ListParams::default()).await.unwrap();
    let mut seen = Vec::new();
    let mut lp = ListParams::default().limit(37);
    let mut rvs = Vec::new();
    let mut first_continue = None;
    loop {
        let page = pods.list(&lp).await.unwrap();
        assert!(page.items.len() <= 37);
        rvs.push(page.metadata.resource_version.clone().unwrap());
        seen.extend(
            page.items
                .iter()
                .map(|p| (p.metadata.namespace.clone(), p.metadata.name.clone())),
        );
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(c) => {
                assert!(page.metadata.remaining_item_count.unwrap() > 0);
                first_continue.get_or_insert(c.clone());
                lp = lp.continue_token(&c);
            }
            None => break,
        }
    }
    assert!(
        rvs.windows(2).all(|w| w[0] == w[1]),
        "one RV across pages: {rvs:?}"
    );
    let mut want: Vec<_> = full
        .items
        .iter()
        .map(|p| (p.metadata.namespace.clone(), p.metadata.name.clone()))
        .collect();
    want.sort();
    seen.sort();
    seen.dedup();
    // Pods may come and go between the two lists (report jobs), but almost all are shared.
    let common_count = seen
        .iter()
        .filter(|k| want.binary_search(k).is_ok())
        .count();
    assert!(
        common_count + 3 >= want.len(),
        "{common_count} of {}",
        want.len()
    );

    sim.state.continues.expire_all();
    let err = pods
        .list(
            &ListParams::default()
                .limit(37)
                .continue_token(&first_continue.unwrap()),
        )
        .await
        .unwrap_err();
    match err {
        kube::Error::Api(s) => {
            assert_eq!(s.code, 410);
            assert_eq!(s.reason, "Expired");
        }
        e => panic!("unexpected {e}"),
    }
    let err = pods
        .list(&ListParams::default().limit(5).continue_token("not-a-token"))
        .await
        .unwrap_err();
    assert!(matches!(err, kube::Error::Api(s) if s.code == 400));
}

#[tokio::test(flavor = "multi_thread")]
async fn gets_and_error_statuses() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "payments-qa");
    let list = pods.list(&ListParams::default()).await.unwrap();
    let name = list.items[0].metadata.name.clone().unwrap();
    let got = pods.get(&name).await.unwrap();
    assert_eq!(got.metadata.name.as_deref(), Some(name.as_str()));
    assert!(got.metadata.managed_fields.is_none());

    let missing = pods.get("nope").await.unwrap_err();
    assert!(
        matches!(&missing, kube::Error::Api(s) if s.code == 404 && s.reason == "NotFound" && s.message == "pods \"nope\" not found"),
        "{missing:?}"
    );

    let nss: Api<Namespace> = Api::all(client.clone());
    let ns: Namespace =
        serde_json::from_value(serde_json::json!({"metadata": {"name": "payments-qa"}})).unwrap();
    let dup = nss.create(&PostParams::default(), &ns).await.unwrap_err();
    assert!(
        matches!(&dup, kube::Error::Api(s) if s.code == 409 && s.reason == "AlreadyExists"),
        "{dup:?}"
    );

    let (code, body) = common::raw_get(
        &sim,
        "/api/v1/pods?resourceVersionMatch=Exact",
        "application/json",
    )
    .await;
    assert_eq!(code, 422);
    assert_eq!(body["reason"], "Invalid");

    let viewer = common::client_for(&sim.kubeconfig(), Some("stagecoach-demo-viewer")).await;
    let denied = Api::<Pod>::namespaced(viewer.clone(), "payments-qa")
        .delete(&name, &DeleteParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&denied, kube::Error::Api(s) if s.code == 403 && s.reason == "Forbidden"),
        "{denied:?}"
    );
    // The viewer may read.
    Api::<Pod>::namespaced(viewer, "payments-qa")
        .get(&name)
        .await
        .unwrap();

    let mut bad = sim.kubeconfig();
    bad = bad.replace(&sim.tokens.admin, "admin.wrong");
    let intruder = common::client_for(&bad, None).await;
    let e = Api::<Pod>::namespaced(intruder, "payments-qa")
        .get(&name)
        .await
        .unwrap_err();
    assert!(matches!(&e, kube::Error::Api(s) if s.code == 401), "{e:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn tables_as_kubectl_asks_for_them() {
    let sim = common::world("").await;
    let accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
    let (code, t) = common::raw_get(
        &sim,
        "/api/v1/namespaces/payments-qa/pods?limit=500",
        accept,
    )
    .await;
    assert_eq!(code, 200);
    assert_eq!(t["kind"], "Table");
    let cols: Vec<&str> = t["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(&cols[..5], ["Name", "Ready", "Status", "Restarts", "Age"]);
    let rows = t["rows"].as_array().unwrap();
    assert!(rows.iter().any(|r| r["cells"][2] == "CrashLoopBackOff"));
    assert!(rows
        .iter()
        .any(|r| r["cells"][3].as_str().unwrap().contains(" ago)")));
    assert_eq!(rows[0]["object"]["kind"], "PartialObjectMetadata");
    assert_eq!(rows[0]["object"]["metadata"]["namespace"], "payments-qa");

    let (_, ev) = common::raw_get(&sim, "/api/v1/namespaces/payments-qa/events", accept).await;
    let cols: Vec<&str> = ev["columnDefinitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(&cols[..4], ["Last Seen", "Type", "Reason", "Object"]);
    let (_, one) = common::raw_get(&sim, "/api/v1/namespaces", accept).await;
    assert_eq!(one["rows"][0]["cells"][1], "Active");
}
