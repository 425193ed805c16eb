//! Shared set-up for integration tests: the demo world on an ephemeral port, and a kube client
//! built from the kubeconfig it writes — the same path a user's cluster takes.
#![allow(dead_code)]

pub mod external_tool;
pub mod wait;

use stagecoach::sim::serve::{RunningSim, SimOptions};

pub async fn world(faults: &str) -> RunningSim {
    RunningSim::start(SimOptions {
        seed: 7,
        scale: 1,
        faults: faults.into(),
        start: Some("2026-11-24T12:00:00Z".parse().unwrap()),
        ..SimOptions::default()
    })
    .await
    .expect("the world starts")
}

pub async fn client_for(kubeconfig: &str, context: Option<&str>) -> kube::Client {
    let kc = kube::config::Kubeconfig::from_yaml(kubeconfig).expect("kubeconfig parses");
    let opts = kube::config::KubeConfigOptions {
        context: context.map(String::from),
        ..Default::default()
    };
    let cfg = kube::Config::from_custom_kubeconfig(kc, &opts)
        .await
        .expect("kubeconfig resolves");
    kube::Client::try_from(cfg).expect("client builds")
}

pub async fn client(sim: &RunningSim) -> kube::Client {
    client_for(&sim.kubeconfig(), None).await
}

/// Raw GET through a plain HTTP client, for what kube-rs does not expose (Tables, statuses).
pub async fn raw_get(
    sim: &RunningSim,
    path_and_query: &str,
    accept: &str,
) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(sim.addr).await.unwrap();
    let req = format!(
        "GET {path_and_query} HTTP/1.1\r\nHost: {}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n",
        sim.addr
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let code: u16 = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_string()
    };
    (
        code,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::String(body)),
    )
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((len, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(len.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

/// Feeds the cockpit's messages into its app (and the app's effects to its runner) until `ready`
/// holds; false if `within` passes first.
pub async fn pump(
    c: &mut stagecoach::runtime::Cockpit,
    within: std::time::Duration,
    ready: impl Fn(&stagecoach::app::App) -> bool,
) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if ready(&c.app) {
            return true;
        }
        let msg = tokio::select! {
            m = c.rx.recv() => m.expect("the runner lives"),
            _ = tokio::time::sleep_until(deadline) => return false,
        };
        let fx = c.app.update(msg);
        c.runner.run(fx);
    }
}
