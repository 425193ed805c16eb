//! The lines of a release list: per namespace, the latest revision of each release, as
//! `helm list -a` picks it, plus one line per release Secret whose labels are broken (Helm
//! would not list it; we show what is wrong with it). No ratatui.

use std::collections::BTreeMap;

use jiff::Timestamp;

use crate::app::release_cache::Decoded;
use crate::app::world::World;
use crate::cluster::human_duration::age_since;
use crate::helm::{ReleaseRow, ReleaseStatus};
use crate::theme::Role;
use crate::views::pods::PodScope;

/// What a cell says while the payload is being decoded.
pub const PENDING: &str = "…";

#[derive(Debug, Clone, Copy)]
pub struct ReleaseLine<'a> {
    /// The latest revision, or the broken Secret.
    pub row: &'a ReleaseRow,
    /// Revisions of the release (Secrets with sound labels).
    pub revisions: usize,
}

impl<'a> ReleaseLine<'a> {
    pub fn is_problem(&self) -> bool {
        self.row.problem.is_some()
    }

    /// Identity in the list, kept across live changes: the release, or the broken Secret.
    pub fn key(&self) -> (String, String) {
        let id = if self.is_problem() {
            &self.row.secret
        } else {
            &self.row.name
        };
        (self.row.namespace.clone(), id.clone())
    }

    /// NAME NAMESPACE REVISION STATUS CHART APP VERSION UPDATED, and the row's role.
    pub fn cells(&self, world: &World, now: Timestamp) -> (Vec<String>, Role) {
        let r = self.row;
        let revision = if r.revision == 0 {
            "?".to_string()
        } else {
            r.revision.to_string()
        };
        let stage = world
            .team_of(&r.namespace)
            .map_or(r.namespace.as_str(), |(_, s)| s);
        let mut cells = vec![
            r.name.clone(),
            stage.to_string(),
            revision,
            r.status.to_string(),
        ];
        let label_age = || r.modified.map_or("-".into(), |t| age_since(Some(t), now));
        if let Some(p) = &r.problem {
            cells.extend([format!("bad labels: {p}"), "-".into(), label_age()]);
            return (cells, Role::Error);
        }
        match world.decoded.get(&r.namespace, &r.secret) {
            Decoded::Pending => {
                cells.extend([PENDING.into(), PENDING.into(), PENDING.into()]);
                (cells, status_role(r.status))
            }
            Decoded::Ready(rel) => {
                cells.extend([
                    rel.chart_label(),
                    rel.app_version().to_string(),
                    rel.info
                        .last_deployed
                        .map_or("-".into(), |t| age_since(Some(t), now)),
                ]);
                (cells, status_role(r.status))
            }
            Decoded::Failed(e) => {
                cells.extend([e.short.clone(), "-".into(), label_age()]);
                (cells, Role::Error)
            }
        }
    }

    /// The text `/` matches against.
    pub fn haystack(&self, world: &World) -> String {
        let chart = match world.decoded.get(&self.row.namespace, &self.row.secret) {
            Decoded::Ready(rel) => rel.chart_label(),
            _ => String::new(),
        };
        format!(
            "{} {} {} {chart}",
            self.row.name, self.row.namespace, self.row.status
        )
    }
}

pub fn status_role(s: ReleaseStatus) -> Role {
    match s {
        ReleaseStatus::Deployed => Role::ReleaseDeployed,
        ReleaseStatus::Failed => Role::ReleaseFailed,
        ReleaseStatus::Superseded => Role::ReleaseSuperseded,
        ReleaseStatus::Uninstalling => Role::ReleaseUninstalling,
        ReleaseStatus::Uninstalled => Role::ReleaseUninstalled,
        ReleaseStatus::PendingInstall
        | ReleaseStatus::PendingUpgrade
        | ReleaseStatus::PendingRollback => Role::ReleasePending,
        ReleaseStatus::Unknown => Role::HealthWarn,
    }
}

/// The lines of the namespaces in `scope`, sorted by name, then namespace (as `helm list -A`).
pub fn release_lines<'a>(world: &'a World, scope: &PodScope) -> Vec<ReleaseLine<'a>> {
    let mut out = Vec::new();
    for stage in world
        .stages
        .values()
        .filter(|s| scope.covers(world, &s.namespace))
    {
        let mut latest: BTreeMap<&str, ReleaseLine> = BTreeMap::new();
        for r in stage.releases.values() {
            if r.problem.is_some() {
                out.push(ReleaseLine {
                    row: r,
                    revisions: 1,
                });
                continue;
            }
            let e = latest.entry(r.name.as_str()).or_insert(ReleaseLine {
                row: r,
                revisions: 0,
            });
            e.revisions += 1;
            if r.revision > e.row.revision {
                e.row = r;
            }
        }
        out.extend(latest.into_values());
    }
    out.sort_by(|a, b| {
        (&a.row.name, &a.row.namespace, a.is_problem(), &a.row.secret).cmp(&(
            &b.row.name,
            &b.row.namespace,
            b.is_problem(),
            &b.row.secret,
        ))
    });
    out
}
