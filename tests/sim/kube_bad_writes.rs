//! Bad write bodies get the Status a real apiserver answers with, and never take the simulated
//! server (or its store's locks) down for the requests after them.

use crate::common;

use k8s_openapi::api::core::v1::{ConfigMap, Pod};
use kube::api::{Api, ListParams, Patch, PatchParams, PostParams};

fn api_error(e: kube::Error) -> kube::core::Status {
    match e {
        kube::Error::Api(s) => *s,
        other => panic!("an apiserver Status, got {other:?}"),
    }
}

/// A raw request with a JSON body, for bodies kube-rs' typed API would never send.
async fn raw(
    sim: &stagecoach::sim::serve::RunningSim,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(sim.addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        sim.addr,
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").expect("an HTTP answer");
    let code: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (code, serde_json::from_str(body).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_patches_and_bodies_are_answered_with_a_status_and_the_server_keeps_serving() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let pods: Api<Pod> = Api::namespaced(client.clone(), "payments-qa");
    let name = pods.list(&ListParams::default()).await.unwrap().items[0]
        .metadata
        .name
        .clone()
        .unwrap();
    let pp = PatchParams::default();

    // A merge patch that is no object: json-patch's ErrBadJSONPatch, a 400.
    let e = pods
        .patch(&name, &pp, &Patch::Merge(serde_json::json!(5)))
        .await
        .unwrap_err();
    let s = api_error(e);
    assert_eq!((s.code, s.reason.as_str()), (400, "BadRequest"), "{s:?}");
    assert_eq!(s.message, "Invalid JSON Patch");

    // A patch whose result no longer decodes: 422 Invalid on the field `patch`.
    let e = pods
        .patch(
            &name,
            &pp,
            &Patch::Merge(serde_json::json!({"metadata": 1})),
        )
        .await
        .unwrap_err();
    let s = api_error(e);
    assert_eq!((s.code, s.reason.as_str()), (422, "Invalid"), "{s:?}");
    assert!(
        s.message.starts_with(" \"\" is invalid: patch: Invalid value: ")
            && s.message.ends_with(
                "json: cannot unmarshal number into Go struct field Pod.metadata of type v1.ObjectMeta"
            ),
        "{}",
        s.message
    );
    let e = pods
        .patch(
            &name,
            &pp,
            &Patch::Merge(serde_json::json!({"metadata": {"labels": 7}})),
        )
        .await
        .unwrap_err();
    assert_eq!(api_error(e).code, 422);

    // Create and replace with metadata of the wrong type: the decoder's 400.
    let cms: Api<ConfigMap> = Api::namespaced(client.clone(), "payments-qa");
    let path = "/api/v1/namespaces/payments-qa/configmaps";
    let (code, body) = raw(&sim, "POST", path, r#"{"kind":"ConfigMap","metadata":1}"#).await;
    assert_eq!(code, 400, "{body}");
    assert_eq!(
        body["message"],
        "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.metadata of type v1.ObjectMeta"
    );
    let made = cms
        .create(
            &PostParams::default(),
            &serde_json::from_value(serde_json::json!({"metadata": {"name": "plain"}})).unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(made.metadata.name.as_deref(), Some("plain"));
    let (code, body) = raw(&sim, "PUT", &format!("{path}/plain"), r#"{"metadata":[]}"#).await;
    assert_eq!(code, 400, "{body}");
    assert_eq!(body["kind"], "Status");

    // Nothing was poisoned: the pod is unchanged and every kind still reads and writes.
    let pod = pods.get(&name).await.unwrap();
    assert_eq!(pod.metadata.name.as_deref(), Some(name.as_str()));
    let patched = pods
        .patch(
            &name,
            &pp,
            &Patch::Merge(serde_json::json!({"metadata": {"labels": {"probe": "ok"}}})),
        )
        .await
        .unwrap();
    assert_eq!(patched.metadata.labels.unwrap()["probe"], "ok");
    assert!(!cms
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .is_empty());
}
