//! What a release's computed values (the chart's defaults under the user-supplied values) make
//! of its pods: image, replicas, resources, the Secret it reads, and how it behaves. Every
//! failure a deploy can cause in the demo world comes from here, from a value a user can read
//! and change: a memory request no node has, a tag the registry does not hold, a Secret that
//! does not exist, a limit below what the app uses, a crashing feature flag, a wrong probe path.

use serde_json::{Map, Value};

use super::catalog::{memory_profile, registry_has, App, Behaviour};

/// The chart's readiness endpoint: the apps answer there and nowhere else.
pub const READY_PATH: &str = "/healthz/ready";

/// What a node can give a pod (allocatable memory of the demo's nodes, in MiB).
const NODE_MEMORY_MIB: u64 = 30_000;

/// The most pods the world starts for one release, whatever `replicaCount` says.
pub const MAX_REPLICAS: u64 = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadSpec {
    pub image: String,
    pub replicas: u32,
    pub memory_request: String,
    pub memory_limit: String,
    pub cpu_request: String,
    /// The Secret the app reads its database credentials from.
    pub secret: String,
    pub behaviour: Behaviour,
    /// Why it behaves so, in the words an engineer would use (none when healthy).
    pub why: Option<String>,
}

fn lookup<'a>(v: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut cur = v.get(parts.next()?)?;
    for p in parts {
        cur = cur.as_object()?.get(p)?;
    }
    Some(cur)
}

fn text(v: &Map<String, Value>, path: &str) -> Option<String> {
    match lookup(v, path)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A Kubernetes memory quantity in MiB (`512Mi`, `1Gi`, `300M`, `134217728`); None if it is
/// not one.
pub fn memory_mib(q: &str) -> Option<u64> {
    let q = q.trim();
    let split = q
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(q.len());
    let (num, unit) = q.split_at(split);
    let n: f64 = num.parse().ok()?;
    let bytes = match unit {
        "" => 1.0,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024f64.powi(4),
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        _ => return None,
    };
    Some((n * bytes / (1024.0 * 1024.0)).ceil() as u64)
}

/// The chart's defaults with the user-supplied `values` over them (Helm's coalescing).
pub fn computed(defaults: &Map<String, Value>, values: &Value) -> Map<String, Value> {
    fn merge(base: &mut Map<String, Value>, over: &Map<String, Value>) {
        for (k, v) in over {
            match (base.get_mut(k), v) {
                (Some(Value::Object(b)), Value::Object(o)) => merge(b, o),
                (_, Value::Null) => {
                    base.remove(k);
                }
                _ => {
                    base.insert(k.clone(), v.clone());
                }
            }
        }
    }
    let mut out = defaults.clone();
    if let Some(v) = values.as_object() {
        merge(&mut out, v);
    }
    out
}

/// The pods `values` (computed) make for `app` of `team` as release `release`;
/// `secret_exists` says whether a Secret of that name is in the release's namespace.
pub fn workload_spec(
    team: &str,
    app: &App,
    release: &str,
    values: &Map<String, Value>,
    secret_exists: &dyn Fn(&str) -> bool,
) -> WorkloadSpec {
    let (default_request, default_limit, peak, _) = memory_profile(app.lang);
    let repo = text(values, "image.repository")
        .unwrap_or_else(|| format!("registry.example.com/{team}/{}", app.short));
    let tag = text(values, "image.tag").unwrap_or_else(|| app.app_version.to_string());
    let image = format!("{repo}:{tag}");
    // The demo's nodes hold a few dozen pods of a release at most; a larger count (or a
    // typo such as 1000000) would make the world spawn without bound.
    let replicas = lookup(values, "replicaCount")
        .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
        .unwrap_or(1)
        .min(MAX_REPLICAS) as u32;
    let memory_request =
        text(values, "resources.requests.memory").unwrap_or_else(|| default_request.into());
    let memory_limit =
        text(values, "resources.limits.memory").unwrap_or_else(|| default_limit.into());
    let cpu_request = text(values, "resources.requests.cpu").unwrap_or_else(|| "100m".into());
    let secret = text(values, "database.existingSecret")
        .unwrap_or_else(|| format!("{release}-db-credentials"));
    let ready_path = text(values, "probes.readiness.path").unwrap_or_else(|| READY_PATH.into());
    let experimental = lookup(values, "featureFlags.experimental")
        .is_some_and(|v| v.as_bool() == Some(true) || v.as_str() == Some("true"));
    let (behaviour, why) = if memory_mib(&memory_request).is_some_and(|m| m > NODE_MEMORY_MIB) {
        (
            Behaviour::Unschedulable,
            Some(format!(
                "resources.requests.memory {memory_request} is more than any node has"
            )),
        )
    } else if !registry_has(team, app, &image) {
        (
            Behaviour::ImagePull,
            Some(format!("image {image} is not in the registry")),
        )
    } else if !secret_exists(&secret) {
        (
            Behaviour::ConfigError,
            Some(format!("database.existingSecret {secret} does not exist")),
        )
    } else if memory_mib(&memory_limit).is_some_and(|m| m < peak) {
        (
            Behaviour::CrashLoop { oom: true },
            Some(format!(
                "resources.limits.memory {memory_limit} is below what {} uses ({peak}Mi)",
                app.short
            )),
        )
    } else if experimental {
        (
            Behaviour::CrashLoop { oom: false },
            Some("featureFlags.experimental crashes the app at start".into()),
        )
    } else if ready_path != READY_PATH {
        (
            Behaviour::NotReady,
            Some(format!(
                "probes.readiness.path {ready_path}: the app answers on {READY_PATH}"
            )),
        )
    } else {
        (Behaviour::Healthy, None)
    };
    WorkloadSpec {
        image,
        replicas,
        memory_request,
        memory_limit,
        cpu_request,
        secret,
        behaviour,
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::config_repo::seeded_values;
    use crate::sim::world::catalog::{behaviour, teams};
    use crate::sim::world::releases::chart_for;

    #[test]
    fn quantities() {
        assert_eq!(memory_mib("512Mi"), Some(512));
        assert_eq!(memory_mib("1Gi"), Some(1024));
        assert_eq!(memory_mib("48Gi"), Some(49_152));
        assert_eq!(memory_mib("134217728"), Some(128));
        assert_eq!(memory_mib("lots"), None);
    }

    /// The seeded stages misbehave because of their values, so that fixing a value fixes the
    /// stage, and a deploy of unchanged values keeps it as it is.
    #[test]
    fn every_seeded_failure_comes_from_a_value() {
        for team in teams(2) {
            for stage in team.stages() {
                for (ai, app) in team.apps.iter().enumerate() {
                    let want = behaviour(team.index, ai, &stage);
                    let release = format!("{}-{}", team.name, app.short);
                    let values = computed(
                        &chart_for(app).default_values,
                        &seeded_values(&team, ai, &stage),
                    );
                    let exists = |s: &str| s == format!("{release}-db-credentials");
                    let spec = workload_spec(&team.name, app, &release, &values, &exists);
                    assert_eq!(spec.behaviour, want, "{release} in {stage}: {spec:?}");
                    assert_eq!(spec.why.is_none(), want == Behaviour::Healthy);
                }
            }
        }
    }
}
