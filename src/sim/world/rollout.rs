//! What the Deployment and ReplicaSet controllers do when Helm applies a release: a changed
//! pod template gets a new ReplicaSet and a rolling update (maxSurge 25%, maxUnavailable 25%,
//! rounded as Kubernetes rounds them: surge up, unavailable down); new pods replace old ones
//! one by one as they turn ready, so pods that never do leave the old ones serving. A new
//! release gets its Deployment and Service; an uninstalled one loses them, and its pods
//! terminate.

use jiff::Timestamp;
use rand::Rng;
use serde_json::json;

use super::catalog::App;
use super::dynamics::begin_delete;
use super::pod::suffix;
use super::workload_spec::WorkloadSpec;
use super::workloads::SimDeployment;
use super::{Inner, Writes};
use crate::sim::kinds::Kind;

/// The pod template's containers as the Deployment's spec has them.
pub(super) fn containers_json(app: &App, spec: &WorkloadSpec) -> serde_json::Value {
    json!([{
        "name": app.short,
        "image": spec.image,
        "resources": {
            "limits": {"memory": spec.memory_limit},
            "requests": {"cpu": spec.cpu_request, "memory": spec.memory_request},
        },
        "env": [{"name": "DB_SECRET", "value": spec.secret}],
    }])
}

/// Pod names, each with whether it is ready.
type Pods = Vec<(String, bool)>;

/// The pods of `d` that count (not being deleted, not failed): (current, old) ReplicaSets.
fn pods_of(inner: &Inner, d: &SimDeployment) -> (Pods, Pods) {
    let mut current = Vec::new();
    let mut old = Vec::new();
    let lo = (d.ns.clone(), String::new());
    for ((ns, name), p) in inner.pods.range(lo..) {
        if *ns != d.ns {
            break;
        }
        if p.deletion.is_some() || p.phase == "Failed" {
            continue;
        }
        let ready = p.all_ready() && p.phase == "Running";
        match p.owner.as_ref().filter(|o| d.owns_rs(&o.name)) {
            Some(o) if o.name == d.rs_name => current.push((name.clone(), ready)),
            Some(_) => old.push((name.clone(), ready)),
            None => {}
        }
    }
    (current, old)
}

fn spawn(inner: &mut Inner, d: &SimDeployment, at: Timestamp, w: &mut Writes) {
    super::seed::spawn_pod(inner, d, at, w);
}

/// Applies a release's workload: creates, updates (rolling) or scales its Deployment.
pub(super) fn apply(
    inner: &mut Inner,
    app: &App,
    (ns, release): (&str, &str),
    spec: &WorkloadSpec,
    at: Timestamp,
    w: &mut Writes,
) {
    let key = (ns.to_string(), release.to_string());
    let containers = containers_json(app, spec);
    let Some(mut d) = inner.deployments.get(&key).cloned() else {
        create(inner, app, (ns, release), spec, containers, at, w);
        return;
    };
    w.touched.push(key.clone());
    let same = d.containers == containers && d.behaviour == spec.behaviour;
    if same {
        // Only the replica count may change: the ReplicaSet scales.
        d.replicas = spec.replicas;
        scale(inner, d, at, w);
        return;
    }
    d.containers = containers;
    d.behaviour = spec.behaviour;
    d.replicas = spec.replicas;
    d.labels.insert(
        "app.kubernetes.io/version".into(),
        spec.image
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_string(),
    );
    roll(inner, d, at, w);
}

/// The current ReplicaSet follows `d.replicas`: pods start or terminate, nothing rolls.
fn scale(inner: &mut Inner, d: SimDeployment, at: Timestamp, w: &mut Writes) {
    let ns = d.ns.clone();
    inner
        .deployments
        .insert((d.ns.clone(), d.name.clone()), d.clone());
    let (current, _) = pods_of(inner, &d);
    let have = current.len() as u32;
    for _ in have..d.replicas {
        spawn(inner, &d, at, w);
    }
    for (name, _) in current.iter().skip(d.replicas as usize) {
        begin_delete(inner, &ns, name, at, w);
    }
}

/// The Deployment's API object was patched (`kubectl rollout restart`, `kubectl scale`, or
/// the cockpit's same writes): a changed pod template gets a new ReplicaSet and a rolling
/// update, a changed replica count scales. False if the world has no such Deployment.
pub(super) fn patched(
    inner: &mut Inner,
    (ns, name): (&str, &str),
    replicas: Option<u32>,
    annotations: Option<std::collections::BTreeMap<String, String>>,
    at: Timestamp,
    w: &mut Writes,
) -> bool {
    let key = (ns.to_string(), name.to_string());
    let Some(mut d) = inner.deployments.get(&key).cloned() else {
        return false;
    };
    w.touched.push(key);
    if let Some(r) = replicas {
        d.replicas = r;
    }
    match annotations {
        Some(a) if a != d.template_annotations => {
            d.template_annotations = a;
            roll(inner, d, at, w);
        }
        _ => scale(inner, d, at, w),
    }
    true
}

/// A new pod template: a new ReplicaSet, and the old one's pods make way as far as the
/// surge and the allowed unavailability let the controller go at once.
fn roll(inner: &mut Inner, mut d: SimDeployment, at: Timestamp, w: &mut Writes) {
    let ns = d.ns.clone();
    let ns = ns.as_str();
    let release = d.name.clone();
    let key = (d.ns.clone(), d.name.clone());
    let hash = suffix(inner.rng.random(), 10);
    if let Some((retired, ..)) = d.old_rs.take() {
        d.retired_rs.push(retired);
    }
    d.old_rs = Some((
        d.rs_name.clone(),
        d.rs_uid.clone(),
        d.rs_hash.clone(),
        d.rs_created,
    ));
    d.rs_name = format!("{release}-{hash}");
    d.rs_uid = super::seed::uid(inner);
    d.rs_hash = hash;
    d.rs_created = at;
    d.revision += 1;
    d.rolling = true;
    inner.deployments.insert(key, d.clone());
    // Old pods that serve nothing go at once; then as many new pods as the surge and the
    // allowed unavailability let the controller start.
    let (_, old) = pods_of(inner, &d);
    let mut ready_old = 0u32;
    for (name, ready) in &old {
        if *ready {
            ready_old += 1;
        } else {
            begin_delete(inner, ns, name, at, w);
        }
    }
    let surge = d.replicas.div_ceil(4).max(1);
    let unavailable = d.replicas / 4;
    let mut gone = 0;
    for (name, ready) in &old {
        if *ready && gone < unavailable {
            begin_delete(inner, ns, name, at, w);
            gone += 1;
        }
    }
    if d.replicas == 0 {
        // Scaled to zero: nothing new starts and the old pods all go.
        for (name, ready) in &old {
            if *ready {
                begin_delete(inner, ns, name, at, w);
            }
        }
        return;
    }
    let room = d.replicas.saturating_sub(ready_old - gone) + surge;
    for _ in 0..room.min(d.replicas).max(1) {
        spawn(inner, &d, at, w);
    }
}

fn create(
    inner: &mut Inner,
    app: &App,
    (ns, release): (&str, &str),
    spec: &WorkloadSpec,
    containers: serde_json::Value,
    at: Timestamp,
    w: &mut Writes,
) {
    let hash = suffix(inner.rng.random(), 10);
    let mut labels = std::collections::BTreeMap::new();
    labels.insert("app.kubernetes.io/name".to_string(), app.short.to_string());
    labels.insert(
        "app.kubernetes.io/instance".to_string(),
        release.to_string(),
    );
    labels.insert(
        "app.kubernetes.io/version".to_string(),
        spec.image
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_string(),
    );
    labels.insert(
        "app.kubernetes.io/managed-by".to_string(),
        "Helm".to_string(),
    );
    labels.insert(
        "helm.sh/chart".to_string(),
        format!("{}-{}", app.short, app.chart_version),
    );
    let d = SimDeployment {
        ns: ns.into(),
        name: release.into(),
        uid: super::seed::uid(inner),
        release: release.into(),
        labels,
        replicas: spec.replicas,
        revision: 1,
        created: at,
        rs_name: format!("{release}-{hash}"),
        rs_uid: super::seed::uid(inner),
        rs_hash: hash,
        rs_created: at,
        old_rs: None,
        containers,
        behaviour: spec.behaviour,
        lang: app.lang,
        sidecar: app.sidecar,
        rolling: false,
        retired_rs: Vec::new(),
        template_annotations: Default::default(),
    };
    inner.serial += 1;
    let ip = format!(
        "10.96.{}.{}",
        (inner.serial / 250) % 250,
        inner.serial % 250 + 1
    );
    w.put(Kind::Service, d.service(&ip));
    w.put(Kind::Ingress, d.ingress());
    inner
        .deployments
        .insert((ns.to_string(), release.to_string()), d.clone());
    for _ in 0..d.replicas {
        spawn(inner, &d, at, w);
    }
    w.touched.push((ns.to_string(), release.to_string()));
}

/// A pod of ReplicaSet `rs` turned ready: the rollout takes its next step.
pub(super) fn progress(inner: &mut Inner, ns: &str, rs: &str, at: Timestamp, w: &mut Writes) {
    let Some(dep) = rs.rsplit_once('-').map(|(d, _)| d.to_string()) else {
        return;
    };
    let Some(d) = inner
        .deployments
        .get(&(ns.to_string(), dep.clone()))
        .cloned()
    else {
        return;
    };
    if d.rs_name != rs {
        return;
    }
    let (current, old) = pods_of(inner, &d);
    // The old ReplicaSet keeps only what the new one cannot serve yet (at least one fewer
    // after each new pod turns ready), unready pods first.
    let ready_new = current.iter().filter(|(_, r)| *r).count();
    let keep = d.replicas.saturating_sub(ready_new as u32) as usize;
    let keep = keep.min(old.len().saturating_sub(1));
    let mut by_readiness: Vec<&(String, bool)> = old.iter().collect();
    by_readiness.sort_by_key(|(_, ready)| *ready);
    for (name, _) in by_readiness.iter().take(old.len() - keep) {
        begin_delete(inner, ns, name, at, w);
    }
    if (current.len() as u32) < d.replicas {
        spawn(inner, &d, at, w);
    }
    w.touched.push((ns.to_string(), dep));
}

/// `helm uninstall` took the release's objects away: Deployment, ReplicaSets and Service are
/// deleted, the pods terminate (nothing replaces them).
pub(super) fn remove(inner: &mut Inner, ns: &str, release: &str, at: Timestamp, w: &mut Writes) {
    let Some(d) = inner
        .deployments
        .remove(&(ns.to_string(), release.to_string()))
    else {
        return;
    };
    w.deletes
        .push((Kind::Deployment, ns.to_string(), d.name.clone()));
    w.deletes
        .push((Kind::ReplicaSet, ns.to_string(), d.rs_name.clone()));
    let older = d.old_rs.iter().map(|o| o.0.clone());
    for old in older.chain(d.retired_rs.iter().cloned()) {
        w.deletes.push((Kind::ReplicaSet, ns.to_string(), old));
    }
    w.deletes
        .push((Kind::Service, ns.to_string(), d.name.clone()));
    w.deletes
        .push((Kind::Ingress, ns.to_string(), d.name.clone()));
    let pods: Vec<String> = inner
        .pods
        .iter()
        .filter(|((pns, _), p)| pns == ns && p.owner.as_ref().is_some_and(|o| d.owns_rs(&o.name)))
        .map(|((_, name), _)| name.clone())
        .collect();
    for name in pods {
        begin_delete(inner, ns, &name, at, w);
    }
}
