//! The simulated cluster's object store: one ordered map per kind, one global resourceVersion
//! counter (as etcd has), and a bounded history of changes per kind that watches read from.

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use bytes::Bytes;
use serde_json::Value;

use super::clock::SimClock;
use super::kinds::{Kind, ALL_KINDS};

/// One stored object: its identity, what selectors need, and its serialized JSON.
#[derive(Debug)]
pub struct Obj {
    pub kind: Kind,
    pub namespace: String,
    pub name: String,
    pub uid: String,
    pub rv: u64,
    pub labels: BTreeMap<String, String>,
    fields: Vec<(&'static str, String)>,
    pub json: Bytes,
}

impl Obj {
    pub fn field(&self, f: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| *k == f)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn value(&self) -> Value {
        serde_json::from_slice(&self.json).expect("stored objects are valid JSON")
    }

    pub fn typed<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.json)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeType {
    Added,
    Modified,
    Deleted,
}

impl ChangeType {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeType::Added => "ADDED",
            ChangeType::Modified => "MODIFIED",
            ChangeType::Deleted => "DELETED",
        }
    }
}

#[derive(Debug)]
pub struct Change {
    pub rv: u64,
    pub typ: ChangeType,
    pub obj: Arc<Obj>,
}

/// The requested resourceVersion is older than the kept history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expired {
    pub requested: u64,
    pub oldest: u64,
}

type Key = (String, String);

struct KindInner {
    objects: BTreeMap<Key, Arc<Obj>>,
    history: VecDeque<Arc<Change>>,
    /// RV of the newest change dropped from `history`: a watch may resume from this RV or later.
    compacted: u64,
}

struct KindStore {
    inner: RwLock<KindInner>,
    notify: tokio::sync::watch::Sender<u64>,
}

impl KindStore {
    // Nothing panics while holding the lock (`put` shapes its object before taking it); should
    // something still, every later request goes on with the maps as they are rather than
    // failing on the poison, as an apiserver outlives one bad request.
    fn read(&self) -> RwLockReadGuard<'_, KindInner> {
        self.inner
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, KindInner> {
        self.inner
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub struct Store {
    rv: AtomicU64,
    kinds: Vec<KindStore>,
    history_cap: usize,
    uid_seed: u64,
    pub clock: SimClock,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{kind} \"{name}\" not found")]
    NotFound { kind: &'static str, name: String },
    #[error("{kind} \"{name}\" already exists")]
    AlreadyExists { kind: &'static str, name: String },
}

fn index(kind: Kind) -> usize {
    ALL_KINDS
        .iter()
        .position(|k| *k == kind)
        .expect("known kind")
}

/// Value of a dotted field path, as the apiserver's field-label conversion renders it.
fn field_value(v: &Value, path: &str) -> String {
    if path == "source" {
        return field_value(v, "source.component");
    }
    let mut cur = v;
    for seg in path.split('.') {
        match cur.get(seg) {
            Some(next) => cur = next,
            None => return String::new(),
        }
    }
    match cur {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

impl Store {
    pub fn new(clock: SimClock, history_cap: usize, uid_seed: u64) -> Self {
        let kinds = ALL_KINDS
            .iter()
            .map(|_| KindStore {
                inner: RwLock::new(KindInner {
                    objects: BTreeMap::new(),
                    history: VecDeque::new(),
                    compacted: 0,
                }),
                notify: tokio::sync::watch::channel(0).0,
            })
            .collect();
        Store {
            rv: AtomicU64::new(1),
            kinds,
            history_cap,
            uid_seed,
            clock,
        }
    }

    pub fn current_rv(&self) -> u64 {
        self.rv.load(Ordering::SeqCst)
    }

    fn uid_for(&self, kind: Kind, ns: &str, name: &str, rv: u64) -> String {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (self.uid_seed, kind.kind(), ns, name, rv).hash(&mut h);
        let a = h.finish();
        (a, 0x5eedu16).hash(&mut h);
        let b = h.finish();
        format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            b >> 52,
            b & 0xffff_ffff_ffff
        )
    }

    /// Creates or replaces an object, stamping resourceVersion (and uid/creationTimestamp when
    /// missing), and records the change for watchers.
    pub fn put(&self, kind: Kind, mut v: Value) -> Arc<Obj> {
        // Shaped before the lock is taken: the API validates bodies, and a value that is still
        // no object (or whose metadata is none) is made one here rather than panicking inside
        // the lock.
        if !v.is_object() {
            v = Value::Object(Default::default());
        }
        if let Some(o) = v.as_object_mut() {
            o.insert("kind".into(), kind.kind().into());
            o.insert("apiVersion".into(), kind.api_version().into());
            let meta = o
                .entry("metadata")
                .or_insert_with(|| Value::Object(Default::default()));
            if !meta.is_object() {
                *meta = Value::Object(Default::default());
            }
        }
        let ks = &self.kinds[index(kind)];
        let ns = field_value(&v, "metadata.namespace");
        let name = field_value(&v, "metadata.name");
        let key = (ns.clone(), name.clone());
        let mut inner = ks.write();
        let rv = self.rv.fetch_add(1, Ordering::SeqCst) + 1;
        let existed = inner.objects.get(&key).cloned();
        if let Some(meta) = v.get_mut("metadata").and_then(Value::as_object_mut) {
            if meta.get("uid").and_then(Value::as_str).is_none() {
                let uid = match &existed {
                    Some(old) => old.uid.clone(),
                    None => self.uid_for(kind, &ns, &name, rv),
                };
                meta.insert("uid".into(), uid.into());
            }
            if meta.get("creationTimestamp").is_none_or(Value::is_null) {
                meta.insert(
                    "creationTimestamp".into(),
                    self.clock
                        .now()
                        .strftime("%Y-%m-%dT%H:%M:%SZ")
                        .to_string()
                        .into(),
                );
            }
            meta.insert("resourceVersion".into(), rv.to_string().into());
            meta.remove("managedFields");
        }
        let obj = Arc::new(self.make_obj(kind, ns, name, rv, &v));
        inner.objects.insert(key, obj.clone());
        let typ = if existed.is_some() {
            ChangeType::Modified
        } else {
            ChangeType::Added
        };
        self.record(&mut inner, rv, typ, obj.clone());
        drop(inner);
        ks.notify.send_replace(rv);
        obj
    }

    /// Creates an object; fails with AlreadyExists when the name is taken.
    pub fn create(&self, kind: Kind, v: Value) -> Result<Arc<Obj>, StoreError> {
        let ns = field_value(&v, "metadata.namespace");
        let name = field_value(&v, "metadata.name");
        if self.get(kind, &ns, &name).is_some() {
            return Err(StoreError::AlreadyExists {
                kind: kind.plural(),
                name,
            });
        }
        Ok(self.put(kind, v))
    }

    pub fn delete(&self, kind: Kind, ns: &str, name: &str) -> Result<Arc<Obj>, StoreError> {
        let ks = &self.kinds[index(kind)];
        let mut inner = ks.write();
        let Some(old) = inner.objects.remove(&(ns.to_string(), name.to_string())) else {
            return Err(StoreError::NotFound {
                kind: kind.plural(),
                name: name.into(),
            });
        };
        let rv = self.rv.fetch_add(1, Ordering::SeqCst) + 1;
        // A DELETED event carries the last state stamped with the deletion's RV.
        let mut v = old.value();
        v["metadata"]["resourceVersion"] = rv.to_string().into();
        let obj = Arc::new(self.make_obj(kind, ns.into(), name.into(), rv, &v));
        self.record(&mut inner, rv, ChangeType::Deleted, obj.clone());
        drop(inner);
        ks.notify.send_replace(rv);
        Ok(obj)
    }

    fn make_obj(&self, kind: Kind, namespace: String, name: String, rv: u64, v: &Value) -> Obj {
        let labels = v["metadata"]["labels"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let fields = kind
            .selectable_fields()
            .iter()
            .map(|f| (*f, field_value(v, f)))
            .collect();
        Obj {
            kind,
            uid: field_value(v, "metadata.uid"),
            namespace,
            name,
            rv,
            labels,
            fields,
            json: {
                // Held for the object's life: a large world holds ~100k of them, so without
                // the slack the serializer's doubling left.
                let mut bytes = serde_json::to_vec(v).expect("serializable");
                bytes.shrink_to_fit();
                Bytes::from(bytes)
            },
        }
    }

    fn record(&self, inner: &mut KindInner, rv: u64, typ: ChangeType, obj: Arc<Obj>) {
        inner.history.push_back(Arc::new(Change { rv, typ, obj }));
        while inner.history.len() > self.history_cap {
            if let Some(old) = inner.history.pop_front() {
                inner.compacted = old.rv;
            }
        }
    }

    /// Forgets all history so far: used after seeding, and by tests that need an expired RV.
    pub fn compact(&self) {
        for ks in &self.kinds {
            let mut inner = ks.write();
            if let Some(last) = inner.history.back() {
                inner.compacted = last.rv;
            }
            inner.compacted = inner.compacted.max(self.current_rv());
            inner.history.clear();
        }
    }

    pub fn get(&self, kind: Kind, ns: &str, name: &str) -> Option<Arc<Obj>> {
        let inner = self.kinds[index(kind)].read();
        inner
            .objects
            .get(&(ns.to_string(), name.to_string()))
            .cloned()
    }

    /// A consistent snapshot: the current RV and every object (of one namespace, if given)
    /// that `keep` accepts, in (namespace, name) order, starting after `after`.
    pub fn snapshot(
        &self,
        kind: Kind,
        ns: Option<&str>,
        after: Option<&(String, String)>,
        keep: impl Fn(&Obj) -> bool,
    ) -> (u64, Vec<Arc<Obj>>) {
        use std::ops::Bound;
        let inner = self.kinds[index(kind)].read();
        let rv = self.current_rv();
        let lower = match (after, ns) {
            (Some(k), _) => Bound::Excluded(k.clone()),
            (None, Some(ns)) => Bound::Included((ns.to_string(), String::new())),
            (None, None) => Bound::Unbounded,
        };
        let items = inner
            .objects
            .range((lower, Bound::Unbounded))
            .take_while(|((ons, _), _)| ns.is_none_or(|ns| ons == ns))
            .filter(|(_, o)| keep(o))
            .map(|(_, o)| o.clone())
            .collect();
        (rv, items)
    }

    pub fn count(&self, kind: Kind) -> usize {
        self.kinds[index(kind)].read().objects.len()
    }

    /// Changes after `since`, oldest first, at most `max` of them, and the RV up to which the
    /// answer is complete (any later change of this kind will carry a higher RV), which is what
    /// a bookmark may report.
    pub fn changes_since(
        &self,
        kind: Kind,
        since: u64,
        max: usize,
    ) -> Result<(Vec<Arc<Change>>, u64), Expired> {
        let inner = self.kinds[index(kind)].read();
        if since < inner.compacted {
            return Err(Expired {
                requested: since,
                oldest: inner.compacted,
            });
        }
        let start = inner.history.partition_point(|c| c.rv <= since);
        let changes: Vec<_> = inner.history.range(start..).take(max).cloned().collect();
        let complete_to = if changes.len() == max {
            changes.last().map_or(since, |c| c.rv)
        } else {
            self.current_rv().max(since)
        };
        Ok((changes, complete_to))
    }

    pub fn subscribe(&self, kind: Kind) -> tokio::sync::watch::Receiver<u64> {
        self.kinds[index(kind)].notify.subscribe()
    }
}
