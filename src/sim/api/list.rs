//! LIST with `limit`/`continue` pagination over consistent snapshots.
//!
//! The first page of a limited list freezes its result set; later pages are cut from that
//! snapshot, so every page reports the same resourceVersion (as an etcd read at that revision
//! would). Snapshots live 5 minutes, like etcd's compaction window; an unknown or expired token
//! gets HTTP 410 Expired with a fresh token for an inconsistent remainder, as the apiserver does.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::response::Response;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::query::ListOpts;
use super::status::ApiError;
use super::{json_response, table, ApiState, Shape, Target};
use crate::sim::store::Obj;

const SNAPSHOT_TTL: Duration = Duration::from_secs(300);
const MAX_SNAPSHOTS: usize = 256;

struct Snapshot {
    rv: u64,
    items: Arc<Vec<Arc<Obj>>>,
    created: Instant,
}

#[derive(Default)]
pub struct ContinueCache {
    snaps: Mutex<HashMap<u64, Snapshot>>,
    next: AtomicU64,
}

impl ContinueCache {
    fn insert(&self, rv: u64, items: Arc<Vec<Arc<Obj>>>) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut snaps = self.snaps.lock().expect("continue cache");
        snaps.retain(|_, s| s.created.elapsed() < SNAPSHOT_TTL);
        if snaps.len() >= MAX_SNAPSHOTS {
            if let Some(oldest) = snaps.iter().min_by_key(|(_, s)| s.created).map(|(k, _)| *k) {
                snaps.remove(&oldest);
            }
        }
        snaps.insert(
            id,
            Snapshot {
                rv,
                items,
                created: Instant::now(),
            },
        );
        id
    }

    fn get(&self, id: u64) -> Option<(u64, Arc<Vec<Arc<Obj>>>)> {
        let snaps = self.snaps.lock().expect("continue cache");
        snaps
            .get(&id)
            .filter(|s| s.created.elapsed() < SNAPSHOT_TTL)
            .map(|s| (s.rv, s.items.clone()))
    }

    /// Drops every snapshot, so outstanding tokens expire (a test knob).
    pub fn expire_all(&self) {
        self.snaps.lock().expect("continue cache").clear();
    }
}

/// The continue token: base64 JSON, like the apiserver's `{"v":…,"rv":…,"start":…}`.
#[derive(Debug, Serialize, Deserialize)]
struct Token {
    v: String,
    rv: u64,
    /// Last key served, `namespace/name`.
    start: String,
    /// Snapshot id and offset; absent for an inconsistent continuation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    snap: Option<u64>,
    #[serde(default)]
    off: usize,
}

impl Token {
    fn encode(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(s: &str) -> Result<Token, ApiError> {
        let bad = || ApiError::bad_request(format!("continue key is not valid: {s:?}"));
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s.trim_end_matches('='))
            .map_err(|_| bad())?;
        let t: Token = serde_json::from_slice(&raw).map_err(|_| bad())?;
        if t.v != "meta.k8s.io/v1" {
            return Err(bad());
        }
        Ok(t)
    }
}

fn key_of(o: &Obj) -> String {
    format!("{}/{}", o.namespace, o.name)
}

fn split_key(k: &str) -> (String, String) {
    let (ns, name) = k.split_once('/').unwrap_or(("", k));
    (ns.into(), name.into())
}

/// One page: items, the list RV, the next token and how many remain.
struct Page {
    rv: u64,
    items: Vec<Arc<Obj>>,
    next: Option<String>,
    remaining: Option<usize>,
}

fn page_of(rv: u64, all: &[Arc<Obj>], off: usize, limit: Option<usize>, snap: Option<u64>) -> Page {
    let end = limit.map_or(all.len(), |l| (off + l).min(all.len()));
    let items = all[off.min(all.len())..end].to_vec();
    let more = end < all.len();
    let next = more.then(|| {
        Token {
            v: "meta.k8s.io/v1".into(),
            rv,
            start: items.last().map(|o| key_of(o)).unwrap_or_default(),
            snap,
            off: end,
        }
        .encode()
    });
    Page {
        rv,
        items,
        next,
        remaining: more.then(|| all.len() - end),
    }
}

fn collect(state: &ApiState, target: &Target, opts: &ListOpts) -> Result<Page, ApiError> {
    let ns = target.namespace.as_deref();
    if let Some(tok) = &opts.continue_token {
        let t = Token::decode(tok)?;
        if let Some((rv, items)) = t.snap.and_then(|id| state.continues.get(id)) {
            return Ok(page_of(rv, &items, t.off, opts.limit, t.snap));
        }
        if t.snap.is_some() {
            let fresh = Token {
                v: t.v.clone(),
                rv: state.store.current_rv(),
                start: t.start.clone(),
                snap: None,
                off: 0,
            };
            let mut e = ApiError::expired(
                "The provided continue parameter is too old to display a consistent list result. \
                 You can start a new list without the continue parameter, or use the continue token \
                 in this response to retrieve the remainder of the results. Continuing with the \
                 provided token results in an inconsistent list - objects that were created, modified, \
                 or deleted between the time the first chunk was returned and now may show up in the list.",
            );
            e.list_meta = Some(json!({"continue": fresh.encode()}));
            return Err(e);
        }
        // An inconsistent continuation: the live state after the last key served.
        let after = split_key(&t.start);
        let (rv, items) = state
            .store
            .snapshot(target.kind, ns, Some(&after), |o| opts.matches(o));
        return Ok(page_of(rv, &items, 0, opts.limit, None).with_inconsistent_next(&items, opts));
    }
    let requested = opts.parsed_rv()?;
    let (rv, items) = state
        .store
        .snapshot(target.kind, ns, None, |o| opts.matches(o));
    if let Some(want) = requested.filter(|r| *r != 0) {
        let exact = opts.rv_match.as_deref() == Some("Exact")
            || (opts.limit.is_some() && opts.rv_match.is_none());
        if want > rv {
            let mut e =
                ApiError::internal(format!("Too large resource version: {want}, current: {rv}"));
            e.code = 504;
            e.reason = "Timeout";
            e.details = Some(
                json!({"causes": [{"reason": "ResourceVersionTooLarge", "message": "Too large resource version"}], "retryAfterSeconds": 1}),
            );
            return Err(e);
        }
        if exact && want != rv {
            return Err(ApiError::expired(format!(
                "too old resource version: {want} ({rv})"
            )));
        }
    }
    match opts.limit {
        Some(limit) if items.len() > limit => {
            let items = Arc::new(items);
            let id = state.continues.insert(rv, items.clone());
            Ok(page_of(rv, &items, 0, Some(limit), Some(id)))
        }
        _ => Ok(page_of(rv, &items, 0, None, None)),
    }
}

impl Page {
    /// Inconsistent pages chain by key, not by snapshot offset.
    fn with_inconsistent_next(mut self, all: &[Arc<Obj>], opts: &ListOpts) -> Self {
        if let Some(limit) = opts.limit {
            if all.len() > limit {
                self.next = Some(
                    Token {
                        v: "meta.k8s.io/v1".into(),
                        rv: self.rv,
                        start: self.items.last().map(|o| key_of(o)).unwrap_or_default(),
                        snap: None,
                        off: 0,
                    }
                    .encode(),
                );
            }
        }
        self
    }
}

pub fn serve(
    state: &ApiState,
    target: &Target,
    opts: ListOpts,
    shape: Shape,
) -> Result<Response, ApiError> {
    let page = collect(state, target, &opts)?;
    if shape == Shape::Table {
        let now = state.store.clock.now();
        let mut t = table::table(
            target.kind,
            &page.items,
            page.rv,
            page.next.clone(),
            opts.include_object,
            now,
            true,
        );
        if let Some(r) = page.remaining {
            t["metadata"]["remainingItemCount"] = r.into();
        }
        return Ok(json_response(serde_json::to_vec(&t).unwrap_or_default()));
    }
    let mut meta = json!({"resourceVersion": page.rv.to_string()});
    if let Some(c) = &page.next {
        meta["continue"] = c.clone().into();
    }
    if let Some(r) = page.remaining {
        meta["remainingItemCount"] = r.into();
    }
    let metadata_only = shape == Shape::Metadata;
    let head = if metadata_only {
        json!({
            "kind": "PartialObjectMetadataList",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": meta,
        })
    } else {
        json!({
            "kind": format!("{}List", target.kind.kind()),
            "apiVersion": target.kind.api_version(),
            "metadata": meta,
        })
    };
    // Splice the stored JSON of each item in, rather than re-serializing thousands of objects.
    let mut body = serde_json::to_vec(&head).unwrap_or_default();
    body.pop();
    body.extend_from_slice(b",\"items\":[");
    for (i, o) in page.items.iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        if metadata_only {
            body.extend_from_slice(&super::partial_metadata(o));
        } else {
            body.extend_from_slice(&o.json);
        }
    }
    body.extend_from_slice(b"]}");
    Ok(json_response(body))
}
