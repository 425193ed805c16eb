//! WATCH: newline-delimited JSON events over a chunked 200 response.
//!
//! Resumes from a resourceVersion out of the kind's bounded history; one too old gets what the
//! watch cache answers — HTTP 200 and a single in-stream ERROR event carrying Status 410
//! `Expired` — because an HTTP-level 410 makes kube-rs retry the same version forever.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{json, Value};
use tokio::sync::mpsc;
use tokio::time::Instant;

use super::query::ListOpts;
use super::status::ApiError;
use super::{table, ApiState, Shape, Target};
use crate::sim::kinds::Kind;
use crate::sim::store::{ChangeType, Obj};

/// How often an idle watch gets a bookmark (the apiserver's `defaultBookmarkFrequency`).
const BOOKMARK_EVERY: Duration = Duration::from_secs(60);
/// The apiserver's default `--min-request-timeout` spread: used when no timeoutSeconds is given.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(1800);
const BATCH: usize = 500;

struct Sink {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    kind: Kind,
    shape: Shape,
    columns_sent: bool,
    include: super::query::IncludeObject,
    state: Arc<ApiState>,
}

impl Sink {
    /// Sends one event line; false once the client is gone.
    async fn send(&mut self, v: Value) -> bool {
        let mut line = serde_json::to_vec(&v).unwrap_or_default();
        line.push(b'\n');
        self.tx.send(Ok(Bytes::from(line))).await.is_ok()
    }

    async fn object_event(&mut self, typ: &str, obj: &Arc<Obj>) -> bool {
        let mut line = Vec::with_capacity(obj.json.len() + 32);
        line.extend_from_slice(b"{\"type\":\"");
        line.extend_from_slice(typ.as_bytes());
        line.extend_from_slice(b"\",\"object\":");
        if self.shape == Shape::Table {
            let now = self.state.store.clock.now();
            let t = table::table(
                self.kind,
                std::slice::from_ref(obj),
                obj.rv,
                None,
                self.include,
                now,
                !self.columns_sent,
            );
            self.columns_sent = true;
            line.extend_from_slice(&serde_json::to_vec(&t).unwrap_or_default());
        } else if self.shape == Shape::Metadata {
            line.extend_from_slice(&super::partial_metadata(obj));
        } else {
            line.extend_from_slice(&obj.json);
        }
        line.extend_from_slice(b"}\n");
        self.tx.send(Ok(Bytes::from(line))).await.is_ok()
    }

    async fn bookmark(&mut self, rv: u64, initial_end: bool) -> bool {
        let mut meta = json!({"resourceVersion": rv.to_string()});
        if initial_end {
            meta["annotations"] = json!({"k8s.io/initial-events-end": "true"});
        }
        let object = if self.shape == Shape::Table {
            json!({"kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": meta, "rows": []})
        } else if self.shape == Shape::Metadata {
            json!({"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta})
        } else {
            json!({"kind": self.kind.kind(), "apiVersion": self.kind.api_version(), "metadata": meta})
        };
        self.send(json!({"type": "BOOKMARK", "object": object}))
            .await
    }

    async fn expired(&mut self, requested: u64, oldest: u64) {
        let e = ApiError::expired(format!("too old resource version: {requested} ({oldest})"));
        self.send(json!({"type": "ERROR", "object": e.body()}))
            .await;
    }
}

pub async fn serve(
    state: &Arc<ApiState>,
    target: &Target,
    opts: ListOpts,
    shape: Shape,
) -> Result<Response, ApiError> {
    let requested = opts.parsed_rv()?;
    let (tx, rx) = mpsc::channel(64);
    let sink = Sink {
        tx,
        kind: target.kind,
        shape,
        columns_sent: false,
        include: opts.include_object,
        state: state.clone(),
    };
    let state = state.clone();
    let ns = target.namespace.clone();
    tokio::spawn(run(state, ns, opts, requested, sink));
    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx));
    let mut resp = body.into_response();
    let ct = if shape == Shape::Table {
        "application/json;as=Table;v=v1;g=meta.k8s.io"
    } else {
        "application/json"
    };
    resp.headers_mut()
        .insert("content-type", HeaderValue::from_static(ct));
    Ok(resp)
}

async fn run(
    state: Arc<ApiState>,
    ns: Option<String>,
    opts: ListOpts,
    requested: Option<u64>,
    mut sink: Sink,
) {
    let kind = sink.kind;
    let store = state.store.clone();
    let started = Instant::now();
    let timeout = opts
        .timeout_seconds
        .map(Duration::from_secs)
        .unwrap_or(DEFAULT_TIMEOUT);
    let deadline = started + timeout;
    // A bookmark shortly before the deadline lets the client resume from a fresh version.
    let final_bookmark_at = deadline - (timeout / 2).min(Duration::from_secs(1));
    let drop_at = state.faults.drop_watches.map(|d| started + d);
    let in_ns = |o: &Obj| ns.as_deref().is_none_or(|ns| o.namespace == ns);
    let mut rx = store.subscribe(kind);

    let mut cursor = match requested {
        Some(rv) if rv != 0 && !opts.send_initial_events => {
            if state.faults.roll(state.faults.gone_on_resume) {
                sink.expired(rv, store.current_rv()).await;
                return;
            }
            rv
        }
        _ => {
            let (rv, items) = store.snapshot(kind, ns.as_deref(), None, |o| opts.matches(o));
            for o in &items {
                if !sink.object_event("ADDED", o).await {
                    return;
                }
            }
            if opts.send_initial_events && !sink.bookmark(rv, true).await {
                return;
            }
            rv
        }
    };
    let mut last_bookmark = Instant::now();
    let mut final_bookmark_sent = false;
    loop {
        // A stalled server sends nothing, not even the end of the watch at its timeout.
        tokio::select! {
            _ = state.faults.hold_while_stalled() => {}
            _ = sink.tx.closed() => return,
        }
        // Mark seen before reading, so a change landing during the read wakes us again.
        rx.borrow_and_update();
        match store.changes_since(kind, cursor, BATCH) {
            Err(e) => {
                sink.expired(e.requested, e.oldest).await;
                return;
            }
            Ok((changes, complete_to)) => {
                for c in &changes {
                    if in_ns(&c.obj) && opts.matches(&c.obj) {
                        let typ = match c.typ {
                            ChangeType::Added => "ADDED",
                            ChangeType::Modified => "MODIFIED",
                            ChangeType::Deleted => "DELETED",
                        };
                        if !sink.object_event(typ, &c.obj).await {
                            return;
                        }
                    }
                }
                cursor = complete_to;
                if changes.len() == BATCH {
                    continue;
                }
            }
        }
        let now = Instant::now();
        if now >= deadline {
            return;
        }
        if opts.allow_bookmarks {
            let due = now.duration_since(last_bookmark) >= BOOKMARK_EVERY
                || (now >= final_bookmark_at && !final_bookmark_sent);
            if due {
                final_bookmark_sent |= now >= final_bookmark_at;
                last_bookmark = now;
                if !sink.bookmark(cursor, false).await {
                    return;
                }
            }
        }
        let mut wake = deadline.min(last_bookmark + BOOKMARK_EVERY);
        if opts.allow_bookmarks && !final_bookmark_sent {
            wake = wake.min(final_bookmark_at);
        }
        if let Some(d) = drop_at {
            if now >= d {
                // A broken connection, not a clean end: the client must notice and reconnect.
                let _ = sink
                    .tx
                    .send(Err(std::io::Error::other("injected fault: watch dropped")))
                    .await;
                state.faults.note_watch_dropped();
                return;
            }
            wake = wake.min(d);
        }
        tokio::select! {
            // Stops sending at once when a stall starts.
            _ = state.faults.stall_begins() => {}
            changed = rx.changed() => if changed.is_err() { return },
            _ = tokio::time::sleep_until(wake) => {}
            _ = sink.tx.closed() => return,
        }
    }
}
