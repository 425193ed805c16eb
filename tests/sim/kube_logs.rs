//! Pod logs from the simulated API server through kube-rs: options, previous runs, follow, errors.

use crate::common;

use std::time::Duration;

use futures::{AsyncBufReadExt, TryStreamExt};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, LogParams};

fn status_of(p: &Pod) -> String {
    stagecoach::cluster::pod_status::pod_summary(p).status
}

async fn pods_with(api: &Api<Pod>, status: &str) -> Vec<Pod> {
    api.list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .filter(|p| status_of(p) == status)
        .collect()
}

fn bad_request(e: kube::Error) -> String {
    match e {
        kube::Error::Api(s) if s.code == 400 => s.message,
        e => panic!("expected a 400, got {e:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn previous_log_of_a_crash_looping_container_ends_in_its_crash() {
    let sim = common::world("").await;
    let api: Api<Pod> = Api::namespaced(common::client(&sim).await, "payments-qa");
    let crashing = &pods_with(&api, "CrashLoopBackOff").await[0];
    let name = crashing.metadata.name.clone().unwrap();
    let container = crashing.spec.as_ref().unwrap().containers[0].name.clone();
    let lp = LogParams {
        container: Some(container.clone()),
        previous: true,
        ..Default::default()
    };
    let prev = api.logs(&name, &lp).await.unwrap();
    assert!(prev.contains("Starting Application"), "{prev}");
    assert!(
        prev.contains("OutOfMemoryError"),
        "the previous run ends with what killed it: {prev}"
    );

    let tail = api
        .logs(
            &name,
            &LogParams {
                tail_lines: Some(3),
                ..lp.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(tail.lines().count(), 3);
    assert!(prev.ends_with(&tail));
    let stamped = api
        .logs(
            &name,
            &LogParams {
                timestamps: true,
                tail_lines: Some(1),
                ..lp.clone()
            },
        )
        .await
        .unwrap();
    let (ts, rest) = stamped.split_once(' ').unwrap();
    assert!(ts.parse::<jiff::Timestamp>().is_ok(), "{ts}");
    assert_eq!(
        format!("{rest}"),
        tail.lines().last().unwrap().to_string() + "\n"
    );
    let limited = api
        .logs(
            &name,
            &LogParams {
                limit_bytes: Some(100),
                ..lp.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(limited.len(), 100);

    // Multi-container pods need a container name; the error lists the choices.
    let all = api.list(&ListParams::default()).await.unwrap().items;
    let multi = all
        .iter()
        .find(|p| p.spec.as_ref().unwrap().containers.len() > 1)
        .expect("payments-api runs with a log shipper");
    let name = multi.metadata.name.clone().unwrap();
    let e = api.logs(&name, &LogParams::default()).await.unwrap_err();
    assert_eq!(
        bad_request(e),
        format!(
            "a container name must be specified for pod {name}, choose one of: [api log-shipper]"
        )
    );
    let e = api
        .logs(
            &name,
            &LogParams {
                container: Some("nope".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        bad_request(e),
        format!("container nope is not valid for pod {name}")
    );
    let e = api
        .logs(
            &name,
            &LogParams {
                container: Some("log-shipper".into()),
                previous: true,
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert_eq!(
        bad_request(e),
        format!("previous terminated container \"log-shipper\" in pod \"{name}\" not found")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn waiting_containers_answer_the_kubelet_texts() {
    let sim = common::world("").await;
    let api: Api<Pod> = Api::namespaced(common::client(&sim).await, "payments-e2e");
    // The kubelet alternates between the two while it retries.
    let mut pulling = pods_with(&api, "ImagePullBackOff").await;
    pulling.extend(pods_with(&api, "ErrImagePull").await);
    let pulling = &pulling[0];
    let name = pulling.metadata.name.clone().unwrap();
    let c = pulling.spec.as_ref().unwrap().containers[0].name.clone();
    let e = api.logs(&name, &LogParams::default()).await.unwrap_err();
    let why = match status_of(pulling).as_str() {
        "ErrImagePull" => "image can't be pulled",
        _ => "trying and failing to pull image",
    };
    let text = bad_request(e);
    // The pod may have moved on between the list and the log request.
    assert!(
        text == format!("container \"{c}\" in pod \"{name}\" is waiting to start: {why}")
            || text.starts_with(&format!(
                "container \"{c}\" in pod \"{name}\" is waiting to start: "
            )),
        "{text}"
    );
    let e = api
        .logs("no-such-pod", &LogParams::default())
        .await
        .unwrap_err();
    assert!(matches!(e, kube::Error::Api(s) if s.code == 404));
}

#[tokio::test(flavor = "multi_thread")]
async fn follow_streams_new_lines_as_they_are_written() {
    let sim = common::world("").await;
    let api: Api<Pod> = Api::namespaced(common::client(&sim).await, "payments-prod");
    let running = pods_with(&api, "Running").await;
    let pod = running
        .iter()
        .find(|p| p.spec.as_ref().unwrap().containers.len() == 1)
        .unwrap();
    let name = pod.metadata.name.clone().unwrap();
    let lp = LogParams {
        follow: true,
        tail_lines: Some(0),
        since_seconds: None,
        ..Default::default()
    };
    let mut lines = api.log_stream(&name, &lp).await.unwrap().lines();
    let mut got = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while got.len() < 2 {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match tokio::time::timeout(left, lines.try_next()).await {
            Ok(Ok(Some(l))) => got.push(l),
            other => panic!("follow stopped early after {got:?}: {other:?}"),
        }
    }
    assert!(got.iter().all(|l| !l.is_empty()));
    // Lines written since are in the plain log too, once: a re-read has no duplicates.
    let since = api
        .logs(
            &name,
            &LogParams {
                since_seconds: Some(60),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    for l in &got {
        assert_eq!(since.matches(l.as_str()).count(), 1, "{l}");
    }
}
