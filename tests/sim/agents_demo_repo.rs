//! The agents screen's data on the simulator's config repo, checked out with git: the demo's
//! JCasC file reads without a finding, every build tool template runs base's `jnlp` beside its
//! own container, and a quick edit of an inherited image lands in `base`, on its line only.

use stagecoach::repo::agents::load_agents;
use stagecoach::repo::edit::{apply_edit, EditRequest};
use stagecoach::repo::yaml_edit::format_path;
use stagecoach::sim::config_repo::{create_team_repo, RepoSeed};
use stagecoach::sim::world::catalog::teams;

const JCASC: &str = "jenkins/jenkins.yaml";

#[test]
fn the_demo_teams_pod_templates_read_clean_and_an_inherited_image_is_edited_in_base() {
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

    let agents = load_agents(&checkout, JCASC);
    assert_eq!(agents.error, None);
    assert_eq!(agents.findings, vec![]);
    let names: Vec<&str> = agents
        .templates
        .iter()
        .filter_map(|t| t.template.name())
        .collect();
    assert_eq!(names.first(), Some(&"base"), "{names:?}");
    assert!(names.contains(&"helmfile"), "{names:?}");

    let helmfile = agents
        .templates
        .iter()
        .position(|t| t.template.name() == Some("helmfile"))
        .unwrap();
    let containers = agents.templates[helmfile].effective.as_ref().unwrap();
    let in_helmfile: Vec<Option<&str>> = containers.iter().map(|c| c.name()).collect();
    assert_eq!(in_helmfile, vec![Some("jnlp"), Some("helmfile")]);
    let image = containers[0].image.as_ref().unwrap();
    assert_eq!(agents.template_at(&image.path), Some(0), "jnlp is base's");

    // What `e` asks for on helmfile's jnlp.
    let before = std::fs::read_to_string(checkout.join(JCASC)).unwrap();
    let new_image = "jenkins/inbound-agent:3345.v03dee9b_f88fc-1";
    apply_edit(
        &checkout,
        &EditRequest {
            file: JCASC.into(),
            path: format_path(&image.path),
            value: new_image.into(),
            insert: false,
            typed: false,
            subject: Some("template base container jnlp image".into()),
            object: None,
        },
    )
    .unwrap();
    let after = std::fs::read_to_string(checkout.join(JCASC)).unwrap();
    let changed: Vec<(usize, &str)> = before
        .lines()
        .zip(after.lines())
        .enumerate()
        .filter(|(_, (b, a))| b != a)
        .map(|(i, (_, a))| (i + 1, a))
        .collect();
    assert_eq!(
        changed,
        vec![(
            image.line,
            format!("                image: \"{new_image}\"").as_str()
        )]
    );
    assert_eq!(before.lines().count(), after.lines().count());

    let again = load_agents(&checkout, JCASC);
    assert_eq!(again.findings, vec![]);
    for t in &again.templates {
        let jnlp = &t.effective.as_ref().unwrap()[0];
        assert_eq!(jnlp.image(), Some(new_image), "{:?}", t.template.name());
    }
}
