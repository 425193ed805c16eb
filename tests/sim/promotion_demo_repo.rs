//! The demo's branch-per-stage team: `stagecoach.yaml` names its stage branches and its
//! production repository, and the cockpit's promotion task finds commits pending between the
//! stages (a fast-forward for dev and qa, a merge commit for production's hotfix).

use crate::jenkins_support::world;
use stagecoach::config::{Config, PromotionModel};
use stagecoach::outbox::Outbox;
use stagecoach::repo::promotion::{tasks, PromotionMsg, PromotionTarget};

#[tokio::test]
async fn advisory_keeps_a_branch_per_stage_with_commits_pending() {
    let sim = world().await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    let yaml = std::fs::read_to_string(dir.path().join("stagecoach.yaml")).unwrap();
    let cfg = Config::parse(&yaml, "stagecoach.yaml").unwrap();
    let models = cfg.promotion_models();
    assert!(matches!(models["payments"], PromotionModel::Values { .. }));
    let PromotionModel::Branches(chain) = &models["advisory"] else {
        panic!("{:?}", models["advisory"]);
    };
    assert_eq!(chain.source.branch, "develop");
    assert_eq!(
        chain.branch_of("prod").unwrap().url,
        dir.path()
            .join("repos/advisory-prod-config.git")
            .display()
            .to_string()
    );
    let t = PromotionTarget::new("advisory", chain.path.clone().unwrap(), chain);
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    tasks::load(t, Outbox::new(tx)).await;
    let steps = loop {
        if let Some(PromotionMsg::Loaded { steps, .. }) = rx.recv().await {
            break steps;
        }
    };
    let seen: Vec<(String, usize, usize)> = steps
        .iter()
        .map(|s| {
            let p = s.pending.as_ref().expect("read");
            (s.stage.clone(), p.ahead, p.behind)
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("dev".into(), 2, 0),
            ("qa".into(), 2, 0),
            ("prod".into(), 1, 1)
        ]
    );
    let dev = steps[0].pending.as_ref().unwrap();
    assert!(
        dev.commits[0].subject.starts_with("dev: advisory-"),
        "{:?}",
        dev.commits
    );
}
