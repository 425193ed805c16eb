//! The log view's I/O half (`cluster::log_stream::stream_log`) against the simulated world: a
//! previous log arrives and ends, a follow stream gets lines, a refused log fails with the
//! API's words, and a stream whose connection keeps breaking (`--faults drop-logs=…`)
//! reconnects with no line duplicated and none lost.

use crate::common;

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, ListParams, LogParams};
use stagecoach::app::msg::{LogLine, LogMsg, LogStreamId, Msg};
use stagecoach::cluster::log_stream::{parse_line, stream_log};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

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

fn name_of(p: &Pod) -> String {
    p.metadata.name.clone().unwrap()
}

fn first_container(p: &Pod) -> String {
    p.spec.as_ref().unwrap().containers[0].name.clone()
}

fn id(ns: &str, pod: &str, container: &str, previous: bool) -> LogStreamId {
    LogStreamId {
        namespace: ns.into(),
        pod: pod.into(),
        container: container.into(),
        previous,
        generation: 1,
    }
}

/// A running stream task and what it sent.
struct Run {
    task: JoinHandle<()>,
    rx: mpsc::Receiver<Msg>,
    msgs: Vec<LogMsg>,
}

impl Run {
    fn start(client: kube::Client, stream: LogStreamId, tail: Option<i64>) -> Run {
        let (tx, rx) = mpsc::channel(64);
        let task = tokio::spawn(stream_log(
            client,
            stream,
            tail,
            stagecoach::outbox::Outbox::new(tx),
        ));
        Run {
            task,
            rx,
            msgs: Vec::new(),
        }
    }

    /// Receives until `done` holds (true) or `wait` passes (false).
    async fn until(&mut self, wait: Duration, done: impl Fn(&[LogMsg]) -> bool) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        while !done(&self.msgs) {
            match tokio::time::timeout_at(deadline, self.rx.recv()).await {
                Ok(Some(Msg::Log(m))) => self.msgs.push(m),
                Ok(Some(other)) => panic!("not a log message: {other:?}"),
                Ok(None) | Err(_) => return false,
            }
        }
        true
    }

    fn lines(&self) -> Vec<LogLine> {
        lines_of(&self.msgs)
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lines_of(msgs: &[LogMsg]) -> Vec<LogLine> {
    msgs.iter()
        .flat_map(|m| match m {
            LogMsg::Lines { lines, .. } => lines.clone(),
            _ => Vec::new(),
        })
        .collect()
}

fn is_final(m: &LogMsg) -> bool {
    matches!(m, LogMsg::Ended { .. } | LogMsg::Failed { .. })
}

/// The whole log as a plain (non-follow) GET with timestamps returns it, parsed as the stream
/// parses its lines.
async fn full_log(api: &Api<Pod>, pod: &str, lp: LogParams) -> Vec<LogLine> {
    let text = api
        .logs(
            pod,
            &LogParams {
                timestamps: true,
                ..lp
            },
        )
        .await
        .unwrap();
    text.lines().map(|l| parse_line(l.as_bytes())).collect()
}

/// A running pod with a single container: its name and the container's.
async fn running_single_container(api: &Api<Pod>) -> (String, String) {
    let running = pods_with(api, "Running").await;
    let pod = running
        .iter()
        .find(|p| p.spec.as_ref().unwrap().containers.len() == 1)
        .unwrap();
    (name_of(pod), first_container(pod))
}

/// The lines streamed are the server's log from the first of them on: every line once, in
/// order, none missing.
async fn assert_is_a_run_of_the_full_log(api: &Api<Pod>, pod: &str, got: &[LogLine]) {
    let since: Timestamp = got[0].time.unwrap() - SignedDuration::from_secs(1);
    let full = full_log(
        api,
        pod,
        LogParams {
            since_time: Some(since),
            ..Default::default()
        },
    )
    .await;
    let start = full
        .iter()
        .position(|l| *l == got[0])
        .expect("the first line");
    assert!(full.len() >= start + got.len(), "lines after the end?");
    assert_eq!(
        full[start..start + got.len()],
        got[..],
        "every line once, in order"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_previous_log_of_a_crash_looping_pod_arrives_whole_and_ends() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let api: Api<Pod> = Api::namespaced(client.clone(), "payments-qa");
    // The one that crashed last: it waits longest before its next start (so that its
    // current log, read below, is still the crashed run's).
    let pod = pods_with(&api, "CrashLoopBackOff")
        .await
        .into_iter()
        .max_by_key(|p| {
            p.status
                .as_ref()
                .unwrap()
                .container_statuses
                .as_ref()
                .unwrap()[0]
                .last_state
                .as_ref()
                .and_then(|s| s.terminated.as_ref())
                .and_then(|t| t.finished_at.as_ref())
                .map(|t| t.0)
        })
        .unwrap();
    let (name, container) = (name_of(&pod), first_container(&pod));
    let mut run = Run::start(
        client.clone(),
        id("payments-qa", &name, &container, true),
        Some(10_000),
    );
    assert!(
        run.until(Duration::from_secs(20), |m| m.last().is_some_and(is_final))
            .await,
        "{:?}",
        run.msgs
    );
    assert!(
        matches!(run.msgs[0], LogMsg::Connected { .. }),
        "{:?}",
        run.msgs[0]
    );
    match run.msgs.last().unwrap() {
        LogMsg::Ended { reason, .. } => assert_eq!(reason, "log complete"),
        other => panic!("{other:?}"),
    }
    let got = run.lines();
    let expected = full_log(
        &api,
        &name,
        LogParams {
            container: Some(container.clone()),
            previous: true,
            ..Default::default()
        },
    )
    .await;
    assert!(got.len() > 10, "{got:?}");
    assert_eq!(got, expected);
    assert!(got.iter().all(|l| l.time.is_some()));

    // The current log of the same (waiting) container: the last run's lines, then the
    // stream says why it stopped and waits for the container's next run, as `kubectl logs -f`
    // users wish it did, rather than reconnecting in a loop or ending for good.
    let awaiting = |m: &[LogMsg]| {
        m.iter()
            .any(|m| matches!(m, LogMsg::AwaitingRestart { .. }))
    };
    let mut run = Run::start(client, id("payments-qa", &name, &container, false), Some(5));
    assert!(
        run.until(Duration::from_secs(20), awaiting).await,
        "{:?}",
        run.msgs
    );
    assert_eq!(run.lines().len(), 5);
    match run.msgs.last().unwrap() {
        LogMsg::AwaitingRestart { reason, .. } => {
            assert_eq!(reason, "container is waiting: CrashLoopBackOff")
        }
        other => panic!("{other:?}"),
    }
    // The back-off ends: the next run's lines follow a marker.
    sim.advance(SignedDuration::from_mins(10));
    let restarted = |m: &[LogMsg]| {
        let lines = lines_of(m);
        let at = lines
            .iter()
            .position(|l| l.text == "── container restarted ──");
        at.is_some_and(|i| lines.len() > i + 1)
    };
    assert!(
        run.until(Duration::from_secs(60), restarted).await,
        "{:?}",
        run.msgs
    );
    assert!(!run.msgs.iter().any(is_final), "{:?}", run.msgs);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_follow_stream_gets_the_tail_then_new_lines() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let api: Api<Pod> = Api::namespaced(client.clone(), "payments-prod");
    let (name, container) = running_single_container(&api).await;
    let mut run = Run::start(
        client,
        id("payments-prod", &name, &container, false),
        Some(3),
    );
    assert!(
        run.until(Duration::from_secs(30), |m| lines_of(m).len() >= 5)
            .await,
        "{:?}",
        run.msgs
    );
    assert!(matches!(run.msgs[0], LogMsg::Connected { .. }));
    // The tail comes first, in one batch (a line written within the same batching window may
    // join it); then lines as they are written.
    match &run.msgs[1] {
        LogMsg::Lines { lines, .. } => assert!(lines.len() >= 3, "{lines:?}"),
        other => panic!("{other:?}"),
    }
    assert!(run.msgs.iter().all(|m| !is_final(m)), "{:?}", run.msgs);
    assert_is_a_run_of_the_full_log(&api, &name, &run.lines()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_logs_fail_with_the_apis_words() {
    let sim = common::world("").await;
    let client = common::client(&sim).await;
    let e2e: Api<Pod> = Api::namespaced(client.clone(), "payments-e2e");
    let pulling = &pods_with(&e2e, "ImagePullBackOff").await[0];
    let (name, container) = (name_of(pulling), first_container(pulling));
    let failed = |msgs: &[LogMsg]| match msgs.last() {
        Some(LogMsg::Failed { error, .. }) => error.clone(),
        other => panic!("expected a failure, got {other:?} after {msgs:?}"),
    };
    let mut run = Run::start(
        client.clone(),
        id("payments-e2e", &name, &container, false),
        Some(100),
    );
    assert!(run.until(Duration::from_secs(20), |m| !m.is_empty()).await);
    assert_eq!(
        failed(&run.msgs),
        format!("container \"{container}\" in pod \"{name}\" is waiting to start: trying and failing to pull image")
    );
    assert_eq!(run.msgs.len(), 1);

    let qa: Api<Pod> = Api::namespaced(client.clone(), "payments-qa");
    // payments-api runs with a log shipper that has never restarted.
    let crashing = name_of(
        qa.list(&Default::default())
            .await
            .unwrap()
            .items
            .iter()
            .find(|p| name_of(p).starts_with("payments-api-"))
            .unwrap(),
    );
    let mut run = Run::start(
        client.clone(),
        id("payments-qa", &crashing, "log-shipper", true),
        Some(100),
    );
    assert!(run.until(Duration::from_secs(20), |m| !m.is_empty()).await);
    assert_eq!(
        failed(&run.msgs),
        format!("previous terminated container \"log-shipper\" in pod \"{crashing}\" not found")
    );

    let mut run = Run::start(client, id("payments-qa", "no-such-pod", "api", false), None);
    assert!(run.until(Duration::from_secs(20), |m| !m.is_empty()).await);
    assert_eq!(failed(&run.msgs), "pods \"no-such-pod\" not found");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_connection_reconnects_without_duplicates_or_gaps() {
    let sim = common::world("drop-logs=1500ms").await;
    let client = common::client(&sim).await;
    let api: Api<Pod> = Api::namespaced(client.clone(), "payments-prod");
    let (name, container) = running_single_container(&api).await;
    let mut run = Run::start(
        client,
        id("payments-prod", &name, &container, false),
        Some(20),
    );
    // At least three breaks, and lines that came after a reconnect.
    let enough = |m: &[LogMsg]| {
        let breaks = m
            .iter()
            .filter(|m| matches!(m, LogMsg::Reconnecting { .. }))
            .count();
        let first_break = m
            .iter()
            .position(|m| matches!(m, LogMsg::Reconnecting { .. }));
        breaks >= 3 && first_break.is_some_and(|i| !lines_of(&m[i..]).is_empty())
    };
    assert!(
        run.until(Duration::from_secs(60), enough).await,
        "{:#?}",
        run.msgs
    );
    assert!(run.msgs.iter().all(|m| !is_final(m)), "{:?}", run.msgs);
    // Each break is said, then the stream is open again.
    for (i, m) in run.msgs.iter().enumerate() {
        if let LogMsg::Reconnecting { error, .. } = m {
            assert!(!error.is_empty());
            if let Some(next) = run.msgs.get(i + 1) {
                assert!(matches!(next, LogMsg::Connected { .. }), "{next:?}");
            }
        }
    }
    let got = run.lines();
    assert!(got.len() > 20, "{}", got.len());
    assert_is_a_run_of_the_full_log(&api, &name, &got).await;
}
