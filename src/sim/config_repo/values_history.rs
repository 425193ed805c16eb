//! The history of a team's Helmfile values, as the seeded world lived it: an initial commit,
//! weekly image trains per stage (CI build tags `2.7.0-b101`…, then the release tag), dev
//! first and production last; and, shortly before the deploy that rolled it out, the commit
//! that broke each app the world's plan has misbehave (`catalog::behaviour`). The repo is
//! written from this list and the world's seeding replays the deploy builds against it, so a
//! build, the commit it deployed and the revisions it wrote agree.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};

use super::helmfile_files::{breaking_change, files, stage_values_at};
use crate::sim::jenkins::catalog::PEOPLE;
use crate::sim::jenkins::engine::HistoryRun;
use crate::sim::world::catalog::Team;

/// Weekly trains before the world's start; the last one brings the release tags.
pub const TRAINS: u32 = 6;

/// One commit of the values history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValuesCommit {
    pub at: Timestamp,
    pub author: (String, String),
    pub message: String,
    /// The files it writes (all of them for the first commit).
    pub files: BTreeMap<String, String>,
}

/// The image tag of train `k` (0: the initial commit's) of an app released as `version`.
pub fn train_tag(version: &str, k: u32) -> String {
    if k >= TRAINS {
        version.to_string()
    } else {
        format!("{version}-b{}", 100 + k)
    }
}

/// Days after dev that a train reaches a stage.
fn lag_days(stage: &str) -> i64 {
    match stage {
        "dev" => 0,
        "e2e" => 1,
        "qa" => 2,
        "prod" => 4,
        _ => 1,
    }
}

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

fn person(i: usize) -> (String, String) {
    let (id, name) = PEOPLE[i % PEOPLE.len()];
    (name.to_string(), format!("{id}@example.com"))
}

fn values_path(stage: &str, short: &str) -> String {
    format!("values/{stage}/{short}.yaml")
}

/// The values history of `team` up to `start`, oldest first; `runs` are the team's deploy
/// builds (none for a team that deploys with Helmfile by hand).
pub fn values_history(team: &Team, start: Timestamp, runs: &[HistoryRun]) -> Vec<ValuesCommit> {
    let stages = team.stages();
    let mut first = files(team);
    for stage in &stages {
        for (ai, app) in team.apps.iter().enumerate() {
            first.insert(
                values_path(stage, app.short),
                stage_values_at(team, ai, stage, &train_tag(app.app_version, 0), false),
            );
        }
    }
    let mut out = vec![ValuesCommit {
        at: start - days(400),
        author: ("Platform Team".into(), "platform@example.com".into()),
        message: format!(
            "Initial config for {}: Jenkins (JCasC) and the stages' Helmfile",
            team.name
        ),
        files: first,
    }];
    for k in 1..=TRAINS {
        for (si, stage) in stages.iter().enumerate() {
            let at = start - days(7 * i64::from(TRAINS + 1 - k)) + days(lag_days(stage));
            let files = team
                .apps
                .iter()
                .enumerate()
                .map(|(ai, app)| {
                    let tag = train_tag(app.app_version, k);
                    (
                        values_path(stage, app.short),
                        stage_values_at(team, ai, stage, &tag, false),
                    )
                })
                .collect();
            let message = if k == TRAINS {
                let first = &team.apps[0];
                format!(
                    "{stage}: release images ({} {} and {} more)",
                    first.short,
                    first.app_version,
                    team.apps.len() - 1
                )
            } else {
                format!("{stage}: images to build b{}", 100 + k)
            };
            out.push(ValuesCommit {
                at,
                author: person(k as usize + si),
                message,
                files,
            });
        }
    }
    for (si, stage) in stages.iter().enumerate() {
        let last_train = start - days(7) + days(lag_days(stage));
        for (ai, app) in team.apps.iter().enumerate() {
            let Some(message) = breaking_change(team, ai, stage) else {
                continue;
            };
            // Just before the last deploy that rolls this app out, so that deploy carries it.
            let deploy = runs
                .iter()
                .filter(|r| {
                    r.stage == *stage
                        && !r.destroy
                        && !r.dry
                        && r.planned_ok
                        && r.app.as_deref().is_none_or(|a| a == app.short)
                })
                .map(|r| r.start)
                .max();
            let at = deploy.map_or(start - SignedDuration::from_hours(6), |t| {
                t - SignedDuration::from_mins(20 + ai as i64)
            });
            let at = at.max(last_train + SignedDuration::from_hours(1));
            let mut files = BTreeMap::new();
            files.insert(
                values_path(stage, app.short),
                stage_values_at(team, ai, stage, app.app_version, true),
            );
            out.push(ValuesCommit {
                at,
                author: person(si + ai + 1),
                message,
                files,
            });
        }
    }
    // The last word: a bump pushed to qa after its last deploy, not deployed yet — the drift
    // a team sees every day ("undeployed commits").
    if let Some(app) = team
        .apps
        .get(1)
        .filter(|_| stages.iter().any(|s| s == "qa"))
    {
        let last_qa = runs
            .iter()
            .filter(|r| r.stage == "qa")
            .map(|r| r.start)
            .max();
        let at = (start - SignedDuration::from_mins(10))
            .max(last_qa.map_or(start, |t| t + SignedDuration::from_secs(60)))
            .min(start - SignedDuration::from_secs(1));
        let next = next_patch(app.app_version);
        let mut files = BTreeMap::new();
        files.insert(
            values_path("qa", app.short),
            stage_values_at(team, 1, "qa", &next, true),
        );
        out.push(ValuesCommit {
            at,
            author: person(2),
            message: format!("qa: {} image.tag {} → {next}", app.short, app.app_version),
            files,
        });
    }
    out.sort_by_key(|c| c.at);
    out
}

/// `0.9.1` → `0.9.2`.
pub fn next_patch(version: &str) -> String {
    match version.rsplit_once('.') {
        Some((head, patch)) => match patch.parse::<u64>() {
            Ok(n) => format!("{head}.{}", n + 1),
            Err(_) => format!("{version}.1"),
        },
        None => format!("{version}.1"),
    }
}

/// Every file as it stands after the commits dated no later than `at`.
pub fn files_at(commits: &[ValuesCommit], at: Timestamp) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for c in commits.iter().take_while(|c| c.at <= at) {
        for (k, v) in &c.files {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::world::catalog::teams;

    #[test]
    fn the_history_ends_where_the_repo_stands() {
        let team = teams(1).remove(0);
        let start: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
        let h = values_history(&team, start, &[]);
        assert!(h.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(h.iter().all(|c| c.at < start));
        let end = files_at(&h, start);
        for (path, text) in files(&team) {
            if path == "values/qa/ledger.yaml" {
                // Bumped at the end and not deployed: qa's drift.
                assert!(end[&path].contains("tag: \"0.9.2\""), "{}", end[&path]);
                continue;
            }
            assert_eq!(end.get(&path), Some(&text), "{path}");
        }
        // The first commit predates every train: dev's api ran a CI build then.
        let first = files_at(&h, h[0].at);
        assert!(first["values/dev/api.yaml"].contains("tag: \"2.7.0-b100\""));
    }
}
