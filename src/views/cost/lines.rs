//! One line per stage, computed from what the app holds: the capacity watches (requests), the
//! stage's releases (deploys), its pods (restarts) and the team's Jenkins jobs (builds).

use jiff::{SignedDuration, Timestamp};

use crate::app::world::World;
use crate::cluster::headroom::Amounts;
use crate::config::panel::CostConfig;
use crate::config::{DeployKind, DeployMode};
use crate::jenkins::msg::JobsSnapshot;
use crate::jenkins::path::JobPath;

/// When something last happened, as far as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    At(Timestamp),
    /// Looked for and never seen (a job with no build, a pod never restarted).
    Never,
    /// Cannot be told: Jenkins not answered (yet), or a job shared by several stages.
    Unknown,
}

impl Activity {
    fn of(t: Option<Timestamp>) -> Activity {
        t.map_or(Activity::Never, Activity::At)
    }

    /// Quiet for at least `days` (unknown is not quiet: idle must be proven).
    fn quiet(self, now: Timestamp, days: u32) -> bool {
        match self {
            Activity::At(t) => now.duration_since(t) >= SignedDuration::from_hours(24 * i64::from(days)),
            Activity::Never => true,
            Activity::Unknown => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CostLine {
    pub namespace: String,
    pub stage: String,
    pub pods: usize,
    pub requested: Amounts,
    /// Money per day at the configured prices (`None` without prices).
    pub per_day: Option<f64>,
    /// The latest release revision written (a deploy, an upgrade, a rollback).
    pub deployed: Activity,
    /// The latest build of the stage's own deploy or uninstall job.
    pub built: Activity,
    /// The latest container restart of its pods.
    pub restarted: Activity,
    /// Up (pods or releases) and quiet on all three for `idle.days`.
    pub idle: bool,
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Money per day for `a` reserved around the clock.
pub fn per_day(a: Amounts, prices: &CostConfig) -> Option<f64> {
    if prices.cpu_hour.is_none() && prices.gib_hour.is_none() {
        return None;
    }
    let cpu = a.cpu_milli as f64 / 1000.0 * prices.cpu_hour.unwrap_or(0.0);
    let mem = a.memory as f64 / GIB * prices.gib_hour.unwrap_or(0.0);
    Some((cpu + mem) * 24.0)
}

/// The latest build of the stage's deploy or uninstall job in the team's jobs (`Unknown`
/// while Jenkins has not answered, or when the job is shared by stages — an ad-hoc job whose
/// builds name the stage only in their parameters).
fn built(world: &World, team: &str, stage: &str, jobs: Option<&JobsSnapshot>) -> Activity {
    let dj = world.deploy_jobs_of(team);
    if dj.mode == DeployMode::Helmfile {
        return Activity::Never;
    }
    let Some(snapshot) = jobs else {
        return Activity::Unknown;
    };
    let mut latest = None;
    for kind in [DeployKind::Deploy, DeployKind::Uninstall] {
        let name = dj.job(kind, stage);
        if !name.contains(stage) {
            return Activity::Unknown;
        }
        let path = JobPath::parse(&name);
        let row = find(&snapshot.jobs, &path);
        if let Some(started) = row.and_then(|r| r.last.as_ref()).and_then(|b| b.started) {
            latest = latest.max(Some(started));
        }
    }
    Activity::of(latest)
}

fn find<'a>(
    rows: &'a [crate::jenkins::model::JobRow],
    path: &JobPath,
) -> Option<&'a crate::jenkins::model::JobRow> {
    rows.iter().find_map(|r| {
        if r.path == *path {
            Some(r)
        } else {
            find(&r.children, path)
        }
    })
}

/// The team's stages (or all teams' when `team` is `None`), idle ones first, then by what
/// they reserve.
pub fn stage_lines(
    world: &World,
    team: Option<&str>,
    jobs: Option<&JobsSnapshot>,
    prices: &CostConfig,
    idle_days: u32,
    now: Timestamp,
) -> Vec<CostLine> {
    let namespaces = crate::app::capacity::stage_namespaces(world, team);
    let headroom = world.capacity.headroom(&namespaces);
    let mut lines: Vec<CostLine> = headroom
        .namespaces
        .iter()
        .filter_map(|n| {
            let s = world.stages.get(&n.namespace)?;
            let deployed = Activity::of(s.releases.values().filter_map(|r| r.modified).max());
            let restarted = Activity::of(s.pods.values().filter_map(|p| p.last_restart).max());
            let built = built(world, &s.team, &s.stage, jobs);
            // The team's Jenkins lives in `-build`: its own builds are its activity.
            let up = s.stage != "build" && (s.summary.pods_total > 0 || s.summary.releases > 0);
            let idle = up
                && deployed.quiet(now, idle_days)
                && built.quiet(now, idle_days)
                && restarted.quiet(now, idle_days);
            Some(CostLine {
                namespace: n.namespace.clone(),
                stage: s.stage.clone(),
                pods: s.summary.pods_total,
                requested: n.requested,
                per_day: per_day(n.requested, prices),
                deployed,
                built,
                restarted,
                idle,
            })
        })
        .collect();
    lines.sort_by(|a, b| {
        b.idle
            .cmp(&a.idle)
            .then_with(|| b.requested.cmp(&a.requested))
            .then_with(|| a.namespace.cmp(&b.namespace))
    });
    lines
}
