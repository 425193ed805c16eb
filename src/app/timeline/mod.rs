//! "What changed it last": a stage's timeline, newest first, from what the world holds — the
//! release revisions Helm wrote (and the values each changed), the deploy and uninstall builds
//! of the stage's jobs, the config-repo commits that touched the stage's files, and the pod
//! rollouts (a Deployment's new ReplicaSet) — with the links between them made into one chain
//! where they are known: a revision's description names the build that wrote it (`Deployed by
//! payments/deploy-qa #91`), a build names the commit it checked out.

mod chain;

use std::collections::BTreeMap;

use jiff::Timestamp;

pub use chain::{short, BuildRef, Chain};
use chain::{window, Window};

use super::release_cache::{Decoded, RevisionKey};
use super::world::{Stage, World};
use crate::helm::ReleaseStatus;
use crate::jenkins::{BuildDetail, BuildResult, JobPath};
use crate::repo::drift::{values_diff, ValueDiff};
use crate::repo::stage_path::app_of;

/// What a revision changed against the revision before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// Not decoded yet (only the revisions on screen are).
    Unknown,
    /// The first revision the stage keeps of the release.
    Installed,
    Changed {
        chart: Option<(String, String)>,
        values: Vec<ValueDiff>,
    },
    Unreadable(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    Revision {
        release: String,
        revision: u32,
        status: ReleaseStatus,
        changes: Changes,
    },
    Build {
        job: JobPath,
        number: u32,
        result: Option<BuildResult>,
        building: bool,
        /// Who or what started it (`alice`, `Started by timer`).
        by: Option<String>,
        uninstall: bool,
    },
    Commit {
        id: String,
        author: String,
        subject: String,
        files: Vec<String>,
    },
    /// A Deployment's new ReplicaSet: its pods rolled.
    Rollout {
        deployment: String,
        replica_set: String,
        revision: Option<u32>,
        images: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at: Option<Timestamp>,
    pub what: What,
    pub chain: Chain,
}

impl Entry {
    /// The release (or the Deployment) the entry is about, for a release filter.
    fn touches(&self, release: &str) -> bool {
        let in_chain = self.chain.revisions.iter().any(|(n, _)| n == release);
        match &self.what {
            What::Revision { release: r, .. } => r == release,
            What::Rollout { deployment, .. } => deployment == release,
            What::Build { .. } => in_chain,
            What::Commit { files, .. } => {
                in_chain
                    || files.iter().any(|f| {
                        let app = app_of(f).or_else(|| {
                            f.strip_prefix("values/common/")
                                .and_then(|n| n.split('.').next())
                        });
                        app.is_some_and(|a| release.ends_with(&format!("-{a}")) || release == a)
                    })
            }
        }
    }
}

/// The user's view of a build's first cause: the user's name for `Started by user X`.
fn started_by(b: &BuildDetail) -> Option<String> {
    let c = b.causes.first().or(b.row.cause.as_ref())?;
    Some(
        c.strip_prefix("Started by user ")
            .map_or_else(|| c.clone(), str::to_string),
    )
}

/// The revisions of a stage with their predecessor (the revision before, if kept).
fn revisions(stage: &Stage) -> Vec<(&crate::helm::ReleaseRow, Option<&crate::helm::ReleaseRow>)> {
    let mut by_release: BTreeMap<&str, Vec<&crate::helm::ReleaseRow>> = BTreeMap::new();
    for r in stage.releases.values().filter(|r| r.problem.is_none()) {
        by_release.entry(r.name.as_str()).or_default().push(r);
    }
    let mut out = Vec::new();
    for revs in by_release.values_mut() {
        revs.sort_by_key(|r| r.revision);
        for (i, r) in revs.iter().enumerate() {
            out.push((*r, i.checked_sub(1).map(|p| revs[p])));
        }
    }
    out
}

fn changes(
    world: &World,
    r: &crate::helm::ReleaseRow,
    before: Option<&crate::helm::ReleaseRow>,
) -> Changes {
    let now = match world.decoded.get(&r.namespace, &r.secret) {
        Decoded::Pending => return Changes::Unknown,
        Decoded::Failed(e) => return Changes::Unreadable(e.to_string()),
        Decoded::Ready(rel) => rel,
    };
    let Some(before) = before else {
        return Changes::Installed;
    };
    let prev = match world.decoded.get(&before.namespace, &before.secret) {
        Decoded::Pending => return Changes::Unknown,
        Decoded::Failed(e) => return Changes::Unreadable(e.to_string()),
        Decoded::Ready(rel) => rel,
    };
    let (a, b) = (&prev.chart.metadata.version, &now.chart.metadata.version);
    Changes::Changed {
        chart: (a != b).then(|| (a.clone(), b.clone())),
        values: values_diff(&prev.config, &now.config),
    }
}

/// The build a decoded revision names in its description.
fn written_by(world: &World, team: &str, r: &crate::helm::ReleaseRow) -> Option<BuildRef> {
    match world.decoded.get(&r.namespace, &r.secret) {
        Decoded::Ready(rel) => BuildRef::from_description(&rel.info.description, team),
        _ => None,
    }
}

/// What the timeline of one stage is made of besides the world: the builds of its deploy
/// jobs (polled by the screen) and which of those jobs uninstall.
pub struct Sources<'a> {
    pub builds: &'a [(JobPath, Vec<BuildDetail>)],
    pub uninstall_job: &'a str,
    pub release: Option<&'a str>,
}

/// The stage's timeline, newest first (entries without a time last).
pub fn timeline(world: &World, namespace: &str, src: &Sources) -> Vec<Entry> {
    let Some(stage) = world.stages.get(namespace) else {
        return Vec::new();
    };
    let team = stage.team.as_str();
    // Links first: which commit each build checked out, which build wrote which revisions.
    let mut built: BTreeMap<BuildRef, (Option<String>, Window)> = BTreeMap::new();
    for (job, builds) in src.builds {
        for b in builds {
            let key = BuildRef {
                job: job.full_name(),
                number: b.row.number,
            };
            built.insert(key, (b.commits.first().map(|c| c.sha.clone()), window(b)));
        }
    }
    let revs = revisions(stage);
    let mut link: BTreeMap<(String, u32), (BuildRef, bool)> = BTreeMap::new();
    for (r, _) in &revs {
        let named = written_by(world, team, r).map(|b| (b, false));
        let ran = || {
            let at = r.created?;
            built
                .iter()
                .filter(|(_, (_, w))| w.holds(at))
                .max_by_key(|(_, (_, w))| w.start)
                .map(|(b, _)| (b.clone(), true))
        };
        if let Some(l) = named.or_else(ran) {
            link.insert((r.name.clone(), r.revision), l);
        }
    }
    let mut wrote: BTreeMap<&BuildRef, Vec<(String, u32, bool)>> = BTreeMap::new();
    for ((name, rev), (b, inferred)) in &link {
        wrote
            .entry(b)
            .or_default()
            .push((name.clone(), *rev, *inferred));
    }
    let chain_of = |b: &BuildRef, commit: Option<String>| {
        let revisions = wrote.get(b).cloned().unwrap_or_default();
        Chain {
            commit: commit.or_else(|| built.get(b).and_then(|(c, _)| c.clone())),
            build: Some(b.clone()),
            inferred: revisions.iter().any(|r| r.2),
            revisions: revisions.into_iter().map(|(n, r, _)| (n, r)).collect(),
        }
    };
    let mut out = Vec::new();
    for (r, before) in &revs {
        let chain = match link.get(&(r.name.clone(), r.revision)) {
            Some((b, _)) => chain_of(b, None),
            None => Chain {
                revisions: vec![(r.name.clone(), r.revision)],
                ..Chain::default()
            },
        };
        out.push(Entry {
            at: r.created.or(r.modified),
            what: What::Revision {
                release: r.name.clone(),
                revision: r.revision,
                status: r.status,
                changes: changes(world, r, *before),
            },
            chain,
        });
    }
    for (job, builds) in src.builds {
        for b in builds {
            let key = BuildRef {
                job: job.full_name(),
                number: b.row.number,
            };
            out.push(Entry {
                at: b.row.started,
                what: What::Build {
                    job: job.clone(),
                    number: b.row.number,
                    result: b.row.result,
                    building: b.row.building,
                    by: started_by(b),
                    uninstall: job.full_name() == src.uninstall_job,
                },
                chain: chain_of(&key, None),
            });
        }
    }
    let log = world
        .repos
        .get(team)
        .and_then(|d| d.stage_logs.get(&stage.stage))
        .and_then(|l| l.as_ref().ok());
    for c in log.into_iter().flatten() {
        // The first build whose checkout holds the commit deployed it.
        let first = built
            .iter()
            .filter(|(_, (sha, _))| {
                sha.as_ref()
                    .is_some_and(|s| *s == c.commit.id || c.deployed_in.contains(s))
            })
            .min_by_key(|(b, (_, w))| (w.start, b.number))
            .map(|(b, _)| b);
        let chain = match first {
            Some(b) => chain_of(b, Some(c.commit.id.clone())),
            None => Chain {
                commit: Some(c.commit.id.clone()),
                ..Chain::default()
            },
        };
        out.push(Entry {
            at: Some(c.commit.time),
            what: What::Commit {
                id: c.commit.id.clone(),
                author: c.commit.author.clone(),
                subject: c.commit.subject.clone(),
                files: c.files.clone(),
            },
            chain,
        });
    }
    for rs in stage.replica_sets.values() {
        let Some(deployment) = &rs.deployment else {
            continue;
        };
        out.push(Entry {
            at: rs.created,
            what: What::Rollout {
                deployment: deployment.clone(),
                replica_set: rs.name.clone(),
                revision: rs.revision,
                images: rs.images.clone(),
            },
            chain: Chain::default(),
        });
    }
    if let Some(r) = src.release {
        out.retain(|e| e.touches(r));
    }
    // Newest first; at one instant the cause before its effect (commit, build, revision,
    // rollout), so that a chain reads downwards as it happened upwards.
    let rank = |w: &What| match w {
        What::Rollout { .. } => 0,
        What::Revision { .. } => 1,
        What::Build { .. } => 2,
        What::Commit { .. } => 3,
    };
    out.sort_by(|a, b| {
        b.at.cmp(&a.at)
            .then(rank(&a.what).cmp(&rank(&b.what)))
            .then_with(|| label(&a.what).cmp(&label(&b.what)))
    });
    out
}

/// A stable tie-break between entries of one kind at one instant.
fn label(w: &What) -> String {
    match w {
        What::Revision {
            release, revision, ..
        } => format!("{release} {revision:09}"),
        What::Build { job, number, .. } => format!("{} {number:09}", job.full_name()),
        What::Commit { id, .. } => id.clone(),
        What::Rollout { replica_set, .. } => replica_set.clone(),
    }
}

/// The revision payloads entries need to say what they changed: each revision's and the one
/// before it.
pub fn wants(world: &World, namespace: &str, entries: &[Entry]) -> Vec<RevisionKey> {
    let Some(stage) = world.stages.get(namespace) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for e in entries {
        let What::Revision {
            release, revision, ..
        } = &e.what
        else {
            continue;
        };
        let mine: Vec<_> = stage
            .releases
            .values()
            .filter(|r| &r.name == release && r.problem.is_none() && r.revision <= *revision)
            .collect();
        let this = mine.iter().find(|r| r.revision == *revision);
        let before = mine
            .iter()
            .filter(|r| r.revision < *revision)
            .max_by_key(|r| r.revision);
        for r in this.into_iter().chain(before) {
            let k = (r.namespace.clone(), r.secret.clone());
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests;
