//! Drift of one stage: what the Helmfile wants (the landscape's `StageDesired`) against what
//! the cluster runs (the latest revision of each release Secret). Pure: the caller hands in the
//! deployed side as plain facts, so the area knows nothing of the app's cache; a release whose
//! payload is not decoded yet is `Unknown` rather than guessed.
//!
//! Values are compared as Helm stores them: the release's `config` is the merge of the `-f`
//! files Helmfile passed, which is exactly the merged tree the landscape computes. Leaves are
//! compared one by one under their `--set` paths; a list is one leaf (Helm replaces lists).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::landscape::{DesiredRelease, StageDesired};
use crate::helm::ReleaseStatus;

/// The latest revision of one deployed release.
#[derive(Debug, Clone, PartialEq)]
pub struct Deployed<'a> {
    pub name: &'a str,
    pub revision: u32,
    pub status: ReleaseStatus,
    /// `None` while the revision's payload is not decoded; `Err` when it cannot be.
    pub payload: Option<Result<Payload<'a>, String>>,
}

/// What drift needs of a decoded revision.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload<'a> {
    pub chart_version: &'a str,
    /// The user-supplied values (`helm get values`).
    pub config: &'a Map<String, Value>,
}

/// One value that differs: its `--set` path, the deployed and the desired value as text
/// (`None`: not set on that side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueDiff {
    pub key: String,
    pub deployed: Option<String>,
    pub desired: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Drift {
    /// (deployed, desired) chart versions.
    pub chart_version: Option<(String, String)>,
    /// The Helmfile says `installed: false` but the release is deployed.
    pub uninstall: bool,
    pub values: Vec<ValueDiff>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriftState {
    InSync,
    Drifted(Drift),
    /// Desired, not deployed.
    Missing,
    /// Deployed, not in the Helmfile.
    Extra,
    /// The latest revision failed.
    Failed {
        revision: u32,
    },
    /// An install or upgrade is in flight (or died mid-way).
    Pending {
        revision: u32,
        status: ReleaseStatus,
    },
    /// Cannot be said yet (payload not decoded) or at all (why).
    Unknown(Option<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DriftRow {
    pub release: String,
    /// The deployed revision, if any.
    pub revision: Option<u32>,
    pub state: DriftState,
}

/// Every release of a stage, the Helmfile's order first, then the extra ones by name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StageDrift {
    pub rows: Vec<DriftRow>,
}

/// Counts per state, for the matrix cell and the screen's headline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub in_sync: usize,
    pub drifted: usize,
    pub missing: usize,
    pub extra: usize,
    pub failed: usize,
    pub pending: usize,
    pub unknown: usize,
}

/// The releases a stage wants: its namespace's (Helmfile releases may name another).
fn desired_here<'a>(
    desired: &'a StageDesired,
    namespace: &'a str,
) -> impl Iterator<Item = &'a DesiredRelease> + 'a {
    desired
        .releases
        .iter()
        .filter(move |r| r.summary.namespace.is_empty() || r.summary.namespace == namespace)
}

/// The drift of the stage in `namespace`; `deployed` holds the latest revision per release.
pub fn stage_drift(desired: &StageDesired, namespace: &str, deployed: &[Deployed]) -> StageDrift {
    let by_name: BTreeMap<&str, &Deployed> = deployed
        .iter()
        .filter(|d| d.status != ReleaseStatus::Uninstalled)
        .map(|d| (d.name, d))
        .collect();
    let mut rows = Vec::new();
    let mut seen = BTreeSet::new();
    for want in desired_here(desired, namespace) {
        let name = want.summary.name.as_str();
        seen.insert(name);
        let have = by_name.get(name).copied();
        rows.push(DriftRow {
            release: name.to_string(),
            revision: have.map(|d| d.revision),
            state: release_state(want, have),
        });
    }
    for d in by_name.values().filter(|d| !seen.contains(d.name)) {
        rows.push(DriftRow {
            release: d.name.to_string(),
            revision: Some(d.revision),
            state: DriftState::Extra,
        });
    }
    StageDrift { rows }
}

fn release_state(want: &DesiredRelease, have: Option<&Deployed>) -> DriftState {
    let wanted = want.summary.installed && want.summary.enabled;
    let Some(have) = have else {
        return if wanted {
            DriftState::Missing
        } else {
            DriftState::InSync
        };
    };
    if !wanted {
        return DriftState::Drifted(Drift {
            uninstall: true,
            ..Drift::default()
        });
    }
    match have.status {
        ReleaseStatus::Failed => {
            return DriftState::Failed {
                revision: have.revision,
            }
        }
        s if s.is_pending() => {
            return DriftState::Pending {
                revision: have.revision,
                status: s,
            }
        }
        _ => {}
    }
    let payload = match &have.payload {
        None => return DriftState::Unknown(None),
        Some(Err(why)) => return DriftState::Unknown(Some(why.clone())),
        Some(Ok(p)) => p,
    };
    let desired_values = match &want.values {
        Ok(v) => v,
        Err(why) => return DriftState::Unknown(Some(why.clone())),
    };
    let want_version = want.summary.version.as_str();
    let chart_version = (!want_version.is_empty() && want_version != payload.chart_version)
        .then(|| (payload.chart_version.to_string(), want_version.to_string()));
    let desired: BTreeMap<String, Value> = desired_values
        .flat()
        .into_iter()
        .map(|f| {
            (
                f.path,
                serde_json::to_value(&f.leaf.value).unwrap_or(Value::Null),
            )
        })
        .collect();
    let mut have_flat = BTreeMap::new();
    flatten(payload.config, "", &mut have_flat);
    let values = diff_values(&have_flat, &desired);
    if chart_version.is_none() && values.is_empty() {
        DriftState::InSync
    } else {
        DriftState::Drifted(Drift {
            chart_version,
            uninstall: false,
            values,
        })
    }
}

/// Leaves under their `--set` paths (a dot inside a key escaped, as the values screen does).
fn flatten(m: &Map<String, Value>, prefix: &str, out: &mut BTreeMap<String, Value>) {
    for (k, v) in m {
        let key = k.replace('.', "\\.");
        let path = if prefix.is_empty() {
            key
        } else {
            format!("{prefix}.{key}")
        };
        match v {
            Value::Object(inner) => flatten(inner, &path, out),
            other => {
                out.insert(path, other.clone());
            }
        }
    }
}

/// The values that differ between two user-supplied value sets, leaf by leaf (`deployed` is
/// the old side, `desired` the new one): what a release revision changed.
pub fn values_diff(old: &Map<String, Value>, new: &Map<String, Value>) -> Vec<ValueDiff> {
    let (mut a, mut b) = (BTreeMap::new(), BTreeMap::new());
    flatten(old, "", &mut a);
    flatten(new, "", &mut b);
    diff_values(&a, &b)
}

fn diff_values(have: &BTreeMap<String, Value>, want: &BTreeMap<String, Value>) -> Vec<ValueDiff> {
    let keys: BTreeSet<&String> = have.keys().chain(want.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (h, w) = (have.get(k), want.get(k));
            (!same(h, w)).then(|| ValueDiff {
                key: k.clone(),
                deployed: h.map(show),
                desired: w.map(show),
            })
        })
        .collect()
}

/// YAML's `2` and JSON's `2.0` are one number to Helm; anything else compares exactly.
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// A value as one line: strings bare, the rest as JSON.
pub fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl StageDrift {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.rows {
            match r.state {
                DriftState::InSync => c.in_sync += 1,
                DriftState::Drifted(_) => c.drifted += 1,
                DriftState::Missing => c.missing += 1,
                DriftState::Extra => c.extra += 1,
                DriftState::Failed { .. } => c.failed += 1,
                DriftState::Pending { .. } => c.pending += 1,
                DriftState::Unknown(_) => c.unknown += 1,
            }
        }
        c
    }
}

impl Counts {
    /// Something the Helmfile says is not what runs: a deploy would change the stage.
    pub fn undeployed(&self) -> bool {
        self.drifted + self.missing + self.extra > 0
    }

    /// The matrix cell, short: `in sync`, `2 drifted`, `1 missing +2` (the most urgent kind,
    /// then how many other releases are off), `…` while not known.
    pub fn cell(&self) -> String {
        let parts = self.kinds();
        if let Some((n, what)) = parts.first() {
            let rest: usize = parts.iter().skip(1).map(|(n, _)| n).sum();
            return match rest {
                0 => format!("{n} {what}"),
                r => format!("{n} {what} +{r}"),
            };
        }
        if self.unknown > 0 {
            "…".into()
        } else {
            "in sync".into()
        }
    }

    fn kinds(&self) -> Vec<(usize, &'static str)> {
        [
            (self.drifted, "drifted"),
            (self.missing, "missing"),
            (self.extra, "extra"),
            (self.failed, "failed"),
            (self.pending, "pending"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .collect()
    }

    fn parts(&self) -> Vec<String> {
        self.kinds()
            .into_iter()
            .map(|(n, what)| format!("{n} {what}"))
            .collect()
    }

    /// The drift screen's headline.
    pub fn headline(&self) -> String {
        let parts = self.parts().join(", ");
        let waiting = match self.unknown {
            0 => String::new(),
            n => format!(" ({n} not read yet)"),
        };
        if self.undeployed() {
            format!("undeployed commits: {parts}{waiting}")
        } else if !parts.is_empty() {
            format!("{parts}{waiting}")
        } else if self.unknown > 0 {
            format!("reading the releases…{waiting}")
        } else {
            "in sync with the config repo".into()
        }
    }
}

#[cfg(test)]
#[path = "drift_tests.rs"]
mod tests;
