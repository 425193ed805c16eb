//! Plans against a real team repo (no cluster): which commit, which releases, what changes.

use std::sync::{Arc, RwLock};

use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::sim::config_repo::{create_team_repo, RepoSeed};
use crate::sim::world::catalog::teams;

fn planner(dir: &Path) -> (Planner, Team, Timestamp) {
    let team = teams(1).remove(0);
    let start: Timestamp = "2026-12-01T10:00:00Z".parse().unwrap();
    let seed = RepoSeed {
        team: &team,
        jenkins_url: "http://127.0.0.1:1/",
        start,
        history: &[],
    };
    let repo = create_team_repo(dir, &seed).unwrap();
    (Planner::new(Arc::new(RwLock::new(repo)), None), team, start)
}

#[test]
fn a_run_checks_out_the_head_of_its_moment() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _, start) = planner(dir.path());
    let (now, subject) = p.commit_at(start).unwrap();
    assert_eq!(
        subject,
        "jenkins: add a helmfile pod template for the deploy jobs"
    );
    let (before, first) = p
        .commit_at(start - SignedDuration::from_hours(24 * 10))
        .unwrap();
    assert_ne!(now, before);
    assert!(first.starts_with("Initial config"), "{first}");
}

#[test]
fn a_deploy_plan_has_every_release_of_the_stage_with_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let (p, team, start) = planner(dir.path());
    let run = p.plan(&team, "qa", false, None, start);
    assert_eq!(run.error, None);
    assert_eq!(run.releases.len(), team.apps.len());
    let api = run
        .releases
        .iter()
        .find(|r| r.name == "payments-api")
        .unwrap();
    assert_eq!(api.namespace, "payments-qa");
    assert_eq!(api.chart, "payments/api");
    assert_eq!(api.values["image"]["tag"], "2.7.0");
    assert_eq!(
        api.values["image"]["repository"],
        "registry.example.com/payments/api"
    );
    // No cluster: every release would be a fresh install.
    assert_eq!(api.kind, StepKind::Upgrade { revision: 1 });
    let one = p.plan(&team, "qa", false, Some("api"), start);
    assert_eq!(one.releases.len(), 1);
    assert!(one.single);
    assert_eq!(run.timeout, 120);
}

#[test]
fn a_chart_that_the_repository_lacks_stops_the_release() {
    let team = teams(1).remove(0);
    let api = &team.apps[0];
    assert!(chart_missing(&team, Some(api), "payments/api", "1.5.0").is_none());
    assert!(chart_missing(&team, Some(api), "payments/api", "").is_none());
    let e = chart_missing(&team, Some(api), "payments/api", "2.0.0").unwrap();
    assert!(
        e.contains("not found in https://charts.payments.example.com"),
        "{e}"
    );
    assert!(chart_missing(&team, None, "payments/nope", "1.0.0").is_some());
}

#[test]
fn changed_keys_are_the_differing_leaves() {
    let a = serde_json::json!({"image": {"tag": "1", "repository": "r"}, "x": 1});
    let b = serde_json::json!({"image": {"tag": "2", "repository": "r"}, "y": 1});
    let mut out = Vec::new();
    diff_keys("", &a, &b, &mut out);
    assert_eq!(out, vec!["image.tag", "x", "y"]);
}
