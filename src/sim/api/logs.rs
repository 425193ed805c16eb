//! `GET …/pods/{name}/log`: plain text, windowed by `sinceSeconds`/`sinceTime`/`tailLines`,
//! cut at `limitBytes`, optionally timestamped, and with `follow=true` a chunked stream that
//! ends when the container's run ends — as the kubelet serves it.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc;

use super::query::{flag, get};
use super::status::ApiError;
use super::{ApiState, Target};
use crate::sim::world::logs::Instance;
use crate::sim::world::LogError;

struct LogOpts {
    container: Option<String>,
    follow: bool,
    previous: bool,
    timestamps: bool,
    tail: Option<usize>,
    since: Option<Timestamp>,
    limit_bytes: Option<usize>,
}

fn parse(pairs: &[(String, String)], now: Timestamp) -> Result<LogOpts, ApiError> {
    let num = |k: &str| -> Result<Option<i64>, ApiError> {
        match get(pairs, k).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v
                .parse()
                .map(Some)
                .map_err(|_| ApiError::bad_request(format!("invalid value for {k}: {v:?}"))),
        }
    };
    let since_seconds = num("sinceSeconds")?;
    let since_time = get(pairs, "sinceTime").filter(|v| !v.is_empty());
    if since_seconds.is_some() && since_time.is_some() {
        return Err(ApiError::invalid(
            "PodLogOptions",
            "",
            "sinceSeconds",
            "at most one of `sinceTime` or `sinceSeconds` may be specified",
        ));
    }
    if since_seconds.is_some_and(|s| s < 1) {
        return Err(ApiError::invalid(
            "PodLogOptions",
            "",
            "sinceSeconds",
            "must be greater than 0",
        ));
    }
    let since =
        match (since_seconds, since_time) {
            (Some(s), _) => Some(now - SignedDuration::from_secs(s)),
            (None, Some(t)) => Some(t.parse().map_err(|_| {
                ApiError::bad_request(format!("invalid value for sinceTime: {t:?}"))
            })?),
            _ => None,
        };
    Ok(LogOpts {
        container: get(pairs, "container")
            .filter(|c| !c.is_empty())
            .map(String::from),
        follow: flag(pairs, "follow"),
        previous: flag(pairs, "previous"),
        timestamps: flag(pairs, "timestamps"),
        tail: num("tailLines")?.filter(|n| *n >= 0).map(|n| n as usize),
        since,
        limit_bytes: num("limitBytes")?.filter(|n| *n > 0).map(|n| n as usize),
    })
}

fn render(lines: &[(Timestamp, String)], timestamps: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (t, text) in lines {
        if timestamps {
            out.extend_from_slice(t.strftime("%Y-%m-%dT%H:%M:%S%.9fZ ").to_string().as_bytes());
        }
        out.extend_from_slice(text.as_bytes());
        out.push(b'\n');
    }
    out
}

/// Cuts `chunk` so that at most `budget` bytes go out; false once the budget is spent.
fn spend(chunk: &mut Vec<u8>, budget: &mut Option<usize>) -> bool {
    if let Some(b) = budget {
        if chunk.len() >= *b {
            chunk.truncate(*b);
            *b = 0;
            return false;
        }
        *b -= chunk.len();
    }
    true
}

pub async fn serve(
    state: &Arc<ApiState>,
    target: &Target,
    pairs: &[(String, String)],
) -> Result<Response, ApiError> {
    let ns = target.namespace.clone().unwrap_or_default();
    let pod = target.name.clone().unwrap_or_default();
    let now = state.store.clock.now();
    let opts = parse(pairs, now)?;
    let (container, inst) = state
        .world
        .log_instance(&ns, &pod, opts.container.as_deref(), opts.previous)
        .map_err(|e| match e {
            LogError::PodNotFound => ApiError::not_found("pods", "", &pod),
            LogError::BadRequest(m) => ApiError::bad_request(m),
        })?;
    let from = opts.since.unwrap_or(inst.start).max(inst.start);
    let mut lines = inst.lines(from, now);
    if let Some(n) = opts.tail {
        let skip = lines.len().saturating_sub(n);
        lines.drain(..skip);
    }
    let mut first = render(&lines, opts.timestamps);
    let mut budget = opts.limit_bytes;
    let more = spend(&mut first, &mut budget);
    let live = opts.follow && !opts.previous && more;
    let mut resp = if !live {
        Body::from(first).into_response()
    } else {
        let (tx, rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(16);
        let world = state.world.clone();
        let clock = state.store.clock.clone();
        let drop_after = state.faults.drop_logs;
        tokio::spawn(async move {
            if tx.send(Ok(Bytes::from(first))).await.is_err() {
                return;
            }
            let cut = tx.clone();
            let run = follow(
                world,
                clock,
                ns,
                pod,
                container,
                inst,
                now,
                budget,
                opts.timestamps,
                tx,
            );
            match drop_after {
                None => run.await,
                // The `drop-logs` fault: an error in the body aborts the connection mid-stream
                // (no final chunk), as a proxy or a restarting node would.
                Some(d) => tokio::select! {
                    _ = run => {}
                    _ = tokio::time::sleep(d) => {
                        let e = std::io::Error::new(
                            std::io::ErrorKind::ConnectionReset,
                            "injected fault: log stream dropped",
                        );
                        let _ = cut.send(Err(e)).await;
                    }
                },
            }
        });
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx)).into_response()
    };
    resp.headers_mut()
        .insert("content-type", HeaderValue::from_static("text/plain"));
    Ok(resp)
}

#[allow(clippy::too_many_arguments)]
async fn follow(
    world: Arc<crate::sim::world::World>,
    clock: crate::sim::clock::SimClock,
    ns: String,
    pod: String,
    container: String,
    inst: Instance,
    mut cursor: Timestamp,
    mut budget: Option<usize>,
    timestamps: bool,
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    loop {
        let Some(next) = inst.next_line_after(cursor) else {
            return; // the run has ended: so does the stream
        };
        let wait = next
            .duration_since(clock.now())
            .clamp(SignedDuration::ZERO, SignedDuration::from_secs(1));
        tokio::select! {
            _ = tokio::time::sleep(Duration::try_from(wait).unwrap_or_default() + Duration::from_millis(5)) => {}
            _ = tx.closed() => return,
        }
        if !world.log_is_live(&ns, &pod, &container, &inst) {
            return;
        }
        let now = clock.now();
        let lines = inst.lines(cursor, now);
        cursor = now;
        if lines.is_empty() {
            continue;
        }
        let mut chunk = render(&lines, timestamps);
        let more = spend(&mut chunk, &mut budget);
        if tx.send(Ok(Bytes::from(chunk))).await.is_err() || !more {
            return;
        }
    }
}
