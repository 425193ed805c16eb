//! I/O half of `y` and `d`: one GET of the selected object (as kubectl get -o yaml does), and
//! for describe one list of its events (as kubectl describe does). A Secret's values are
//! masked here, before anything leaves the task, unless the user asked to reveal them.

use std::time::Duration;

use k8s_openapi::api::core::v1::Event;
use kube::api::{DynamicObject, ListParams};
use kube::{Api, Client};
use serde_json::Value;

use super::ResourceKind;
use crate::cluster::event_row::EventRow;
use crate::cluster::msg::ClusterMsg;
use crate::cluster::watch::with_causes;
use crate::outbox::Outbox;

/// A GET or the events' list gets this long.
const DEADLINE: Duration = Duration::from_secs(15);

/// Which object a YAML or describe screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ObjectRef {
    pub kind: ResourceKind,
    pub namespace: Option<String>,
    pub name: String,
}

impl ObjectRef {
    pub fn new(kind: ResourceKind, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef {
            kind,
            namespace: (kind.namespaced() && !namespace.is_empty()).then(|| namespace.to_string()),
            name: name.to_string(),
        }
    }

    /// `deployment/payments-api`.
    pub fn label(&self) -> String {
        format!("{}/{}", self.kind.kind().to_lowercase(), self.name)
    }
}

/// What the screen asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchWhat {
    /// The object's events too (describe).
    pub events: bool,
    /// A Secret's values in clear (asked for with the reveal key).
    pub reveal: bool,
}

/// The object as fetched: its JSON (values of a Secret masked unless revealed) and, for
/// describe, its events oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    pub object: Value,
    pub events: Option<Vec<EventRow>>,
    pub revealed: bool,
}

pub async fn fetch_object(
    client: Client,
    object: ObjectRef,
    what: FetchWhat,
    generation: u64,
    tx: Outbox<ClusterMsg>,
) {
    let result = fetch(&client, &object, what).await;
    let _ = tx
        .send(ClusterMsg::ObjectFetched {
            object,
            generation,
            result: result.map(Box::new),
        })
        .await;
}

async fn fetch(client: &Client, o: &ObjectRef, what: FetchWhat) -> Result<Fetched, String> {
    let ar = o.kind.api_resource();
    let api: Api<DynamicObject> = match &o.namespace {
        Some(ns) => Api::namespaced_with(client.clone(), ns, &ar),
        None => Api::all_with(client.clone(), &ar),
    };
    let obj = match tokio::time::timeout(DEADLINE, api.get(&o.name)).await {
        Err(_) => return Err(format!("no answer in {}s", DEADLINE.as_secs())),
        Ok(Err(kube::Error::Api(s))) if s.code == 404 => {
            return Err(format!("{} is gone (404)", o.label()))
        }
        Ok(Err(kube::Error::Api(s))) if s.code == 403 => {
            return Err(format!("forbidden: {}", s.message))
        }
        Ok(Err(e)) => return Err(with_causes(&e)),
        Ok(Ok(obj)) => obj,
    };
    let object = serde_json::to_value(&obj).map_err(|e| e.to_string())?;
    let object = prepare(o.kind, object, what.reveal);
    let events = if what.events {
        Some(events_of(client, o).await)
    } else {
        None
    };
    Ok(Fetched {
        object,
        events,
        revealed: what.reveal && o.kind == ResourceKind::Secret,
    })
}

/// The object's events, oldest first; none when they cannot be listed (describe says so by
/// showing `<none>`, as kubectl does when events are forbidden).
async fn events_of(client: &Client, o: &ObjectRef) -> Vec<EventRow> {
    let api: Api<Event> = match &o.namespace {
        Some(ns) => Api::namespaced(client.clone(), ns),
        None => Api::namespaced(client.clone(), "default"),
    };
    let mut fields = format!(
        "involvedObject.kind={},involvedObject.name={}",
        o.kind.kind(),
        o.name
    );
    if let Some(ns) = &o.namespace {
        fields.push_str(&format!(",involvedObject.namespace={ns}"));
    }
    let lp = ListParams::default().fields(&fields);
    match tokio::time::timeout(DEADLINE, api.list(&lp)).await {
        Ok(Ok(list)) => {
            let rows: Vec<EventRow> = list.items.iter().map(EventRow::from_event).collect();
            crate::cluster::detail_watch::sorted_events(rows.iter())
        }
        _ => Vec::new(),
    }
}

/// The object as the app may hold it: a Secret's values masked (unless revealed), every
/// string and key cleaned of escape sequences and controls (anyone can write an annotation).
pub fn prepare(kind: ResourceKind, mut object: Value, reveal: bool) -> Value {
    if kind == ResourceKind::Secret {
        mask_secret(&mut object, reveal);
    }
    clean(object)
}

fn clean(v: Value) -> Value {
    use crate::text::sanitize::{sanitize_line, sanitize_text};
    match v {
        Value::String(s) => Value::String(sanitize_text(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(clean).collect()),
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| (sanitize_line(&k), clean(v)))
                .collect(),
        ),
        other => other,
    }
}

/// A Secret's `data` (and `stringData`) values replaced by their size, and the
/// last-applied annotation (which holds them too) dropped; revealed, the values are decoded
/// where they are text.
pub fn mask_secret(object: &mut Value, reveal: bool) {
    use base64::Engine;
    for field in ["data", "stringData"] {
        let Some(map) = object.get_mut(field).and_then(Value::as_object_mut) else {
            continue;
        };
        for v in map.values_mut() {
            let raw = v.as_str().unwrap_or_default();
            let bytes = if field == "data" {
                base64::engine::general_purpose::STANDARD
                    .decode(raw)
                    .unwrap_or_default()
            } else {
                raw.as_bytes().to_vec()
            };
            *v = if reveal {
                match String::from_utf8(bytes) {
                    Ok(text) => Value::String(text),
                    Err(_) => Value::String(raw.to_string()),
                }
            } else {
                Value::String(format!(
                    "<hidden: {}>",
                    super::rows_config::size(bytes.len())
                ))
            };
        }
    }
    if !reveal {
        if let Some(a) = object
            .pointer_mut("/metadata/annotations")
            .and_then(Value::as_object_mut)
        {
            a.remove("kubectl.kubernetes.io/last-applied-configuration");
        }
    }
}
