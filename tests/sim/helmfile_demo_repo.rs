//! The built-in Helmfile reader on the simulator's config repo, checked out with git: every
//! demo stage renders without a note, each app's image tag comes from its stage file and
//! overrides the common one, and the stages line up side by side.

use stagecoach::repo::helmfile::{EnvVars, Helmfile};
use stagecoach::sim::config_repo::{create_team_repo, RepoSeed};
use stagecoach::sim::world::catalog::teams;

#[test]
fn the_demo_teams_helmfile_reads_for_every_stage() {
    let tmp = tempfile::tempdir().unwrap();
    let team = &teams(1)[0];
    let bare = create_team_repo(
        &tmp.path().join("repos"),
        &RepoSeed {
            team,
            jenkins_url: "http://127.0.0.1:8080/",
            start: "2026-11-24T12:00:00Z".parse().unwrap(),
            history: &[],
        },
    )
    .unwrap();
    let checkout = tmp.path().join("checkout");
    git2::Repository::clone(bare.to_str().unwrap(), &checkout).unwrap();

    let hf = Helmfile::load(&checkout).unwrap();
    assert_eq!(hf.files(), vec!["helmfile.yaml.gotmpl"]);
    let env_vars = EnvVars::fixed([]);
    let envs = hf.environments(&env_vars).unwrap();
    let names: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
    assert!(
        names.contains(&"qa") && names.contains(&"prod"),
        "{names:?}"
    );

    for env in &envs {
        let state = hf.desired_state(&env.name, &env_vars).unwrap();
        assert_eq!(state.notes, vec![], "{}", env.name);
        let api = state.release("payments-api").unwrap();
        assert_eq!(
            api.namespace.as_deref(),
            Some(format!("payments-{}", env.name).as_str())
        );
        assert!(api.installed);
        let values = hf
            .release_values(&env.name, "payments-api", &env_vars)
            .unwrap();
        let tag = values.get("image.tag").unwrap();
        // The stage file writes `image:` on line 3 and `tag:` on line 4.
        assert_eq!(
            tag.source.to_string(),
            format!("values/{}/api.yaml:4", env.name)
        );
        let repo = values.get("image.repository").unwrap();
        assert_eq!(repo.source.to_string(), "values/common/api.yaml:3");
    }

    let sbs = hf.side_by_side("payments-api", &env_vars).unwrap();
    assert_eq!(sbs.columns.len(), envs.len());
    let stage = sbs.rows.iter().find(|r| r.path == "env.STAGE").unwrap();
    assert!(stage.differs);
    let team_row = sbs.rows.iter().find(|r| r.path == "env.TEAM").unwrap();
    assert!(!team_row.differs);
}
