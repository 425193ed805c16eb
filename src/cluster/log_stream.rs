//! I/O half of the log view: a container's log stream, batched, reconnecting without
//! duplicates. Called only from `effects/`.
//!
//! The stream always asks for `timestamps=true`: the view shows or hides them, and a
//! reconnect resumes from the last line's time. `sinceTime` only takes whole seconds (kube-rs
//! even rounds it to the nearest one, which could skip lines: we pass it already truncated),
//! so the server resends the start of that second; [`Resume`] drops what was delivered before
//! — earlier times, and at the last time as many lines as were delivered at it.
//!
//! Every text from the server (lines, API messages, reasons) is untrusted: it is sanitised
//! (`text::sanitize`) before it leaves this module.

use std::time::Duration;

use futures::io::{AsyncBufRead, AsyncBufReadExt};
use futures::StreamExt;
use jiff::Timestamp;
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, LogParams};
use kube::Client;

use super::msg::{LogLine, LogMsg, LogStreamId};
use crate::outbox::Outbox;
use crate::text::sanitize::sanitize_line;

/// A batch goes out after this many lines, or this long after its first line.
pub const BATCH_LINES: usize = 500;
const BATCH_WAIT: Duration = Duration::from_millis(50);
/// Longer lines are cut (a stream without newlines must not eat the memory).
const MAX_LINE_BYTES: usize = 64 * 1024;
/// Deadlines for opening a stream and for asking about the container.
const OPEN_TIMEOUT: Duration = Duration::from_secs(30);
const CHECK_TIMEOUT: Duration = Duration::from_secs(15);
/// Reconnects back off as client-go's do: 800 ms doubling to 30 s, with jitter.
const BACKOFF_START: Duration = Duration::from_millis(800);
const BACKOFF_MAX: Duration = Duration::from_secs(30);

/// One raw line of a timestamped log: `2026-11-24T12:00:00.040000000Z text`. The text is
/// sanitised here, at the edge: no escape sequence or control character goes further.
pub fn parse_line(raw: &[u8]) -> LogLine {
    let s = String::from_utf8_lossy(raw);
    let s = s.strip_suffix('\n').unwrap_or(&s);
    let s = s.strip_suffix('\r').unwrap_or(s);
    if let Some((ts, rest)) = s.split_once(' ') {
        if let Ok(t) = ts.parse::<Timestamp>() {
            return LogLine {
                time: Some(t),
                text: sanitize_line(rest),
            };
        }
    }
    LogLine {
        time: None,
        text: sanitize_line(s),
    }
}

/// What has been delivered, for resuming without duplicates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resume {
    last: Option<Timestamp>,
    /// Lines delivered with the time `last`.
    at_last: usize,
}

impl Resume {
    pub fn delivered(&mut self, time: Option<Timestamp>) {
        let Some(t) = time else { return };
        if self.last == Some(t) {
            self.at_last += 1;
        } else {
            self.last = Some(t);
            self.at_last = 1;
        }
    }

    pub fn has_delivered(&self) -> bool {
        self.last.is_some()
    }

    /// Where to reopen: the second of the last line (the API takes whole seconds).
    pub fn since_time(&self) -> Option<Timestamp> {
        self.last
            .map(|t| Timestamp::from_second(t.as_second()).unwrap_or(t))
    }

    /// A filter for the lines of the reopened stream.
    pub fn skipper(&self) -> Skip {
        Skip {
            last: self.last,
            left: self.at_last,
            past: self.last.is_none(),
            skipped: 0,
        }
    }
}

/// Drops the lines a reopened stream sends again.
#[derive(Debug, Clone)]
pub struct Skip {
    last: Option<Timestamp>,
    left: usize,
    past: bool,
    pub skipped: usize,
}

impl Skip {
    /// False for a line delivered before the reconnect.
    pub fn keep(&mut self, time: Option<Timestamp>) -> bool {
        if self.past {
            return true;
        }
        let (Some(t), Some(last)) = (time, self.last) else {
            return true;
        };
        if t < last || (t == last && self.left > 0) {
            if t == last {
                self.left -= 1;
            }
            self.skipped += 1;
            return false;
        }
        self.past = true;
        true
    }
}

/// Reads one line (up to and with its `\n`, cut at [`MAX_LINE_BYTES`]); false at the end.
async fn read_line<R: AsyncBufRead + Unpin + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
) -> std::io::Result<bool> {
    loop {
        let avail = r.fill_buf().await?;
        if avail.is_empty() {
            return Ok(!buf.is_empty());
        }
        let (take, done) = match avail.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(buf.len());
        buf.extend_from_slice(&avail[..take.min(room)]);
        r.consume_unpin(take);
        if done {
            return Ok(true);
        }
    }
}

/// How one opened stream ended.
enum Outcome {
    /// The server closed it.
    Eof,
    /// The connection broke.
    Broken(String),
    /// The app no longer listens.
    Gone,
}

async fn send(tx: &Outbox<LogMsg>, m: LogMsg) -> bool {
    tx.send(m).await
}

/// Sends the batch (if it holds anything) and empties it; false once the app is gone.
async fn flush(tx: &Outbox<LogMsg>, stream: &LogStreamId, batch: &mut Vec<LogLine>) -> bool {
    if batch.is_empty() {
        return true;
    }
    let lines = std::mem::take(batch);
    send(
        tx,
        LogMsg::Lines {
            stream: stream.clone(),
            lines,
        },
    )
    .await
}

/// Reads an opened stream to its end, sending lines in batches.
async fn pump<R>(
    reader: R,
    stream: &LogStreamId,
    resume: &mut Resume,
    tx: &Outbox<LogMsg>,
) -> Outcome
where
    R: AsyncBufRead + Send,
{
    let mut skip = resume.skipper();
    let lines = futures::stream::unfold(Box::pin(reader), |mut r| async move {
        let mut buf = Vec::new();
        match read_line(&mut r, &mut buf).await {
            Ok(true) => Some((Ok(buf), r)),
            Ok(false) => None,
            Err(e) => Some((Err(e), r)),
        }
    });
    let mut lines = std::pin::pin!(lines);
    let mut batch: Vec<LogLine> = Vec::new();
    let mut flush_at: Option<tokio::time::Instant> = None;
    let outcome = loop {
        let next = match flush_at {
            Some(at) => tokio::select! {
                l = lines.next() => Some(l),
                _ = tokio::time::sleep_until(at) => None,
            },
            None => Some(lines.next().await),
        };
        match next {
            None => {
                flush_at = None;
                if !flush(tx, stream, &mut batch).await {
                    return Outcome::Gone;
                }
            }
            Some(Some(Ok(raw))) => {
                let line = parse_line(&raw);
                if !skip.keep(line.time) {
                    continue;
                }
                resume.delivered(line.time);
                batch.push(line);
                if batch.len() >= BATCH_LINES {
                    flush_at = None;
                    if !flush(tx, stream, &mut batch).await {
                        return Outcome::Gone;
                    }
                } else if flush_at.is_none() {
                    flush_at = Some(tokio::time::Instant::now() + BATCH_WAIT);
                }
            }
            Some(Some(Err(e))) => break Outcome::Broken(sanitize_line(&e.to_string())),
            Some(None) => break Outcome::Eof,
        }
    };
    if skip.skipped > 0 {
        tracing::debug!(
            skipped = skip.skipped,
            ?stream,
            "log lines seen before the reconnect"
        );
    }
    if !flush(tx, stream, &mut batch).await {
        return Outcome::Gone;
    }
    outcome
}

/// The followed container's status in `pod`.
fn container_status<'a>(
    pod: &'a Pod,
    stream: &LogStreamId,
) -> Option<&'a k8s_openapi::api::core::v1::ContainerStatus> {
    let status = pod.status.as_ref()?;
    status
        .container_statuses
        .iter()
        .chain(status.init_container_statuses.iter())
        .flatten()
        .find(|c| c.name == stream.container || stream.container.is_empty())
}

/// Why the container's log is over, or None while it still runs (or we cannot tell); with it,
/// whether the container will run again (a pod that restarts its containers).
async fn ended_reason(api: &Api<Pod>, stream: &LogStreamId) -> Option<String> {
    ended(api, stream).await.map(|(reason, _)| reason)
}

async fn ended(api: &Api<Pod>, stream: &LogStreamId) -> Option<(String, bool)> {
    let pod = match tokio::time::timeout(CHECK_TIMEOUT, api.get(&stream.pod)).await {
        Ok(Ok(p)) => p,
        Ok(Err(kube::Error::Api(s))) if s.code == 404 => {
            return Some(("the pod is gone".into(), false))
        }
        _ => return None,
    };
    // `Always` (the default) restarts every exit, `OnFailure` a failed one, `Never` none.
    let policy = pod
        .spec
        .as_ref()
        .and_then(|s| s.restart_policy.as_deref())
        .unwrap_or("Always");
    let restarts = policy != "Never";
    let c = container_status(&pod, stream)?;
    let state = c.state.clone()?;
    // Only a container that ran before is waiting for its next run; one that never started
    // (an image that will not pull) keeps the API's own words.
    let ran = c.restart_count > 0
        || c.last_state
            .as_ref()
            .is_some_and(|s| s.terminated.is_some());
    let deleting = pod.metadata.deletion_timestamp.is_some();
    if let Some(t) = state.terminated {
        let reason = sanitize_line(t.reason.as_deref().unwrap_or("Terminated"));
        let again = restarts && !deleting && (t.exit_code != 0 || policy == "Always");
        return Some((
            format!("container exited: {reason}, exit code {}", t.exit_code),
            again,
        ));
    }
    if let Some(w) = state.waiting {
        let reason = sanitize_line(w.reason.as_deref().unwrap_or("waiting"));
        return Some((
            format!("container is waiting: {reason}"),
            restarts && ran && !deleting,
        ));
    }
    None
}

/// Waits, on a watch of the one pod, until the container runs again (a new run: its restart
/// count went up, or it is running where it was not). False if the pod went away.
async fn await_restart(api: &Api<Pod>, stream: &LogStreamId) -> bool {
    use kube::runtime::watcher;
    use kube::runtime::WatchStreamExt;
    let cfg = watcher::Config::default().fields(&format!("metadata.name={}", stream.pod));
    let mut seen: Option<i32> = None;
    let mut pods = std::pin::pin!(watcher::watcher(api.clone(), cfg)
        .default_backoff()
        .touched_objects());
    while let Some(ev) = pods.next().await {
        let Ok(pod) = ev else { continue };
        if pod.metadata.deletion_timestamp.is_some() {
            return false;
        }
        let Some(c) = container_status(&pod, stream) else {
            continue;
        };
        let running = c.state.as_ref().is_some_and(|s| s.running.is_some());
        match seen {
            None if !running => seen = Some(c.restart_count),
            None => seen = Some(c.restart_count - 1),
            Some(_) => {}
        }
        if running && seen.is_some_and(|n| c.restart_count > n) {
            return true;
        }
    }
    false
}

/// The follow stream's container stopped and will run again: say so, wait for its next run
/// and mark the new run in the stream. False when the stream should end instead.
async fn follow_restart(
    api: &Api<Pod>,
    stream: &LogStreamId,
    reason: String,
    resume: &mut Resume,
    tx: &Outbox<LogMsg>,
) -> bool {
    let waiting = LogMsg::AwaitingRestart {
        stream: stream.clone(),
        reason,
    };
    if !send(tx, waiting).await || !await_restart(api, stream).await {
        return false;
    }
    // A new container: its log starts empty, so it is read from its start.
    *resume = Resume::default();
    let marker = LogLine {
        time: Some(Timestamp::now()),
        text: "── container restarted ──".into(),
    };
    send(
        tx,
        LogMsg::Lines {
            stream: stream.clone(),
            lines: vec![marker],
        },
    )
    .await
}

struct Backoff(Duration);

impl Backoff {
    fn reset(&mut self) {
        self.0 = BACKOFF_START;
    }

    /// The next wait, ±20 % so that many streams do not reconnect in step.
    fn next(&mut self) -> Duration {
        let d = self.0;
        self.0 = (self.0 * 2).min(BACKOFF_MAX);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |t| t.subsec_nanos());
        let jitter = 0.8 + f64::from(nanos % 1000) / 2500.0;
        d.mul_f64(jitter)
    }
}

/// Streams a container's log into `tx` until it ends, fails or the task is aborted: opens it
/// with the last `tail` lines, follows unless `previous`, and reopens a broken stream from the
/// last line seen while the container still runs.
pub async fn stream_log(
    client: Client,
    stream: LogStreamId,
    tail: Option<i64>,
    tx: Outbox<LogMsg>,
) {
    let api: Api<Pod> = Api::namespaced(client, &stream.namespace);
    let mut resume = Resume::default();
    let mut backoff = Backoff(BACKOFF_START);
    let mut reopening = false;
    loop {
        let lp = LogParams {
            container: Some(stream.container.clone()).filter(|c| !c.is_empty()),
            follow: !stream.previous,
            previous: stream.previous,
            timestamps: true,
            tail_lines: if resume.has_delivered() { None } else { tail },
            since_time: resume.since_time(),
            ..Default::default()
        };
        let error = match tokio::time::timeout(OPEN_TIMEOUT, api.log_stream(&stream.pod, &lp)).await
        {
            Ok(Ok(reader)) => {
                backoff.reset();
                let at = Timestamp::now();
                if !send(
                    &tx,
                    LogMsg::Connected {
                        stream: stream.clone(),
                        at,
                    },
                )
                .await
                {
                    return;
                }
                match pump(reader, &stream, &mut resume, &tx).await {
                    Outcome::Gone => return,
                    Outcome::Eof if stream.previous => {
                        let reason = "log complete".to_string();
                        let _ = send(&tx, LogMsg::Ended { stream, reason }).await;
                        return;
                    }
                    Outcome::Eof => "the server closed the stream".to_string(),
                    Outcome::Broken(e) => e,
                }
            }
            // The API's own words: the container is waiting, has no previous run, the pod is
            // not there. Retrying would not change them — unless the log just ended.
            Ok(Err(kube::Error::Api(s))) if s.code >= 400 && s.code < 500 && s.code != 429 => {
                // A followed container in back-off has no log to open: its next run has.
                if !stream.previous {
                    if let Some((reason, true)) = ended(&api, &stream).await {
                        if follow_restart(&api, &stream, reason, &mut resume, &tx).await {
                            reopening = false;
                            continue;
                        }
                        return;
                    }
                }
                if reopening {
                    if let Some(reason) = ended_reason(&api, &stream).await {
                        let _ = send(&tx, LogMsg::Ended { stream, reason }).await;
                        return;
                    }
                }
                let _ = send(
                    &tx,
                    LogMsg::Failed {
                        stream,
                        error: sanitize_line(&s.message),
                    },
                )
                .await;
                return;
            }
            Ok(Err(e)) => sanitize_line(&crate::fd_limit::with_explanation(
                super::watch::with_causes(&e),
            )),
            Err(_) => format!("no answer within {}s", OPEN_TIMEOUT.as_secs()),
        };
        // A follow stream that stops while the container still runs broke: reopen it. One
        // whose container stopped follows its next run, if there is one.
        if !stream.previous {
            match ended(&api, &stream).await {
                Some((reason, true)) => {
                    if follow_restart(&api, &stream, reason, &mut resume, &tx).await {
                        backoff.reset();
                        reopening = false;
                        continue;
                    }
                    return;
                }
                Some((reason, false)) => {
                    let _ = send(&tx, LogMsg::Ended { stream, reason }).await;
                    return;
                }
                None => {}
            }
        }
        if !send(
            &tx,
            LogMsg::Reconnecting {
                stream: stream.clone(),
                error,
            },
        )
        .await
        {
            return;
        }
        tokio::time::sleep(backoff.next()).await;
        reopening = true;
    }
}

#[cfg(test)]
#[path = "log_stream_tests.rs"]
mod tests;
