//! A namespace's end, as the apiserver and the namespace controller make it: DELETE marks it
//! (`deletionTimestamp`, phase `Terminating`, watchers see MODIFIED), everything in it goes — pods
//! through their graceful termination, and the world forgets the namespace's Deployments and Helm
//! histories first so that no ReplicaSet replaces them — and once its last pod is gone the
//! namespace itself is removed (DELETED). Until then nothing new may be created in it.

use std::sync::Arc;

use jiff::Timestamp;

use super::{dynamics, World, Writes};
use crate::sim::kinds::{Kind, ALL_KINDS};
use crate::sim::store::Obj;

/// Why a namespace cannot be deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamespaceDeleteError {
    NotFound,
    /// Already being deleted: the apiserver answers 409 and lets the controller finish.
    AlreadyTerminating,
}

/// Whether a stored namespace is being deleted.
pub fn is_terminating(obj: &Obj) -> bool {
    !obj.value()["metadata"]["deletionTimestamp"].is_null()
}

impl World {
    /// DELETE of a namespace at `now`: returns the namespace as it is now (Terminating).
    pub fn delete_namespace(
        &self,
        ns: &str,
        now: Timestamp,
    ) -> Result<Arc<Obj>, NamespaceDeleteError> {
        let cur = self
            .store
            .get(Kind::Namespace, "", ns)
            .ok_or(NamespaceDeleteError::NotFound)?;
        if is_terminating(&cur) {
            return Err(NamespaceDeleteError::AlreadyTerminating);
        }
        let mut v = cur.value();
        v["metadata"]["deletionTimestamp"] = now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string().into();
        v["metadata"]["deletionGracePeriodSeconds"] = 0.into();
        v["status"]["phase"] = "Terminating".into();
        let marked = self.store.put(Kind::Namespace, v);

        let mut inner = self.inner.lock().expect("world lock");
        inner.closed.insert(ns.to_string());
        // Forget what would bring pods back: the Deployments (their ReplicaSets replace pods),
        // Helm's histories and the installs waiting for their pods.
        let of_ns = |k: &(String, String)| k.0 != ns;
        inner.deployments.retain(|k, _| of_ns(k));
        inner.releases.retain(|k, _| of_ns(k));
        inner.waits.retain(|k, _| of_ns(k));
        let pods: Vec<String> = inner
            .pods
            .keys()
            .filter(|(pns, _)| pns == ns)
            .map(|(_, name)| name.clone())
            .collect();
        let mut w = Writes::default();
        for name in &pods {
            dynamics::begin_delete(&mut inner, ns, name, now, &mut w);
        }
        w.touched.clear();
        drop(inner);
        w.apply(&self.store);

        // The rest goes at once; pods the world does not model (created through the API) too.
        for kind in ALL_KINDS.into_iter().filter(|k| k.namespaced()) {
            if kind == Kind::Pod || kind == Kind::Event {
                continue;
            }
            self.delete_all(kind, ns);
        }
        for p in self.objects(Kind::Pod, ns) {
            if !pods.contains(&p.name) {
                let _ = self.store.delete(Kind::Pod, ns, &p.name);
            }
        }
        self.finish_namespaces();
        Ok(marked)
    }

    /// Whether objects may not be created in `ns` (it is being deleted).
    pub fn namespace_terminating(&self, ns: &str) -> bool {
        self.store
            .get(Kind::Namespace, "", ns)
            .is_some_and(|o| is_terminating(&o))
    }

    /// A namespace was created (again): the world may put things into it, and the secrets
    /// operator writes the team's database credentials there, as into every stage of it; the
    /// platform's provisioner its ServiceAccount and the team's RoleBindings.
    pub fn namespace_created(&self, ns: &str) {
        self.inner.lock().expect("world lock").closed.remove(ns);
        let team = self
            .teams
            .iter()
            .filter(|t| {
                ns.strip_prefix(&format!("{}-", t.name))
                    .is_some_and(|s| !s.is_empty())
            })
            .max_by_key(|t| t.name.len());
        let Some(team) = team else { return };
        let stage = &ns[team.name.len() + 1..];
        let now = self.store.clock.now();
        for (kind, v) in super::rbac::namespace_objects(&team.name, stage, ns, now) {
            self.store.put(kind, v);
        }
        for app in &team.apps {
            let release = format!("{}-{}", team.name, app.short);
            self.store
                .put(Kind::Secret, super::seed::db_credentials(ns, &release));
        }
    }

    /// The namespace controller's last step: a Terminating namespace whose pods are all gone
    /// loses what is left in it (the events of its pods' last moments) and then itself.
    pub(super) fn finish_namespaces(&self) {
        let closed: Vec<String> = self
            .inner
            .lock()
            .expect("world lock")
            .closed
            .iter()
            .cloned()
            .collect();
        for ns in closed {
            if !self.namespace_terminating(&ns) || !self.objects(Kind::Pod, &ns).is_empty() {
                continue;
            }
            for kind in ALL_KINDS.into_iter().filter(|k| k.namespaced()) {
                self.delete_all(kind, &ns);
            }
            let _ = self.store.delete(Kind::Namespace, "", &ns);
        }
    }

    fn objects(&self, kind: Kind, ns: &str) -> Vec<Arc<Obj>> {
        self.store.snapshot(kind, Some(ns), None, |_| true).1
    }

    fn delete_all(&self, kind: Kind, ns: &str) {
        for o in self.objects(kind, ns) {
            let _ = self.store.delete(kind, ns, &o.name);
        }
    }
}
