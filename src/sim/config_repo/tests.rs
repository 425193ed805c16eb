use super::*;
use crate::sim::world::catalog::teams;

fn seeded(dir: &Path) -> PathBuf {
    let team = &teams(1)[0];
    create_team_repo(
        dir,
        &RepoSeed {
            team,
            jenkins_url: "http://127.0.0.1:8080/",
            start: "2026-11-24T12:00:00Z".parse().unwrap(),
            history: &[],
        },
    )
    .unwrap()
}

#[test]
fn bare_repo_has_main_with_history_and_files() {
    let tmp = tempfile::tempdir().unwrap();
    let path = seeded(tmp.path());
    assert!(path.ends_with("payments-config.git"));
    let repo = Repository::open_bare(&path).unwrap();
    assert_eq!(repo.head().unwrap().name().ok(), Some("refs/heads/main"));
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    assert_eq!(walk.count(), 2, "a couple of commits of history");

    let jcasc = read_head_file(&path, BRANCH, JCASC_PATH).unwrap();
    let text = String::from_utf8(jcasc.content).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(doc["jenkins"]["numExecutors"], serde_yaml::Value::from(0));
    assert_eq!(
        doc["unclassified"]["location"]["url"].as_str(),
        Some("http://127.0.0.1:8080/")
    );
    assert!(
        text.contains("name: \"helmfile\""),
        "second commit's template"
    );
    assert_eq!(jcasc.commit, head_commit(&path, BRANCH).unwrap());

    let helmfile = read_head_file(&path, BRANCH, HELMFILE_PATH).unwrap();
    let text = String::from_utf8(helmfile.content).unwrap();
    let (envs, releases) = text.split_once("\n---\n").expect("two parts");
    assert!(envs.contains("  stage-demo:\n") && envs.contains("  prod:\n"));
    assert!(releases.contains("- values/{{ .Environment.Name }}/api.yaml"));
    let qa = read_head_file(&path, BRANCH, "values/qa/api.yaml").unwrap();
    assert!(String::from_utf8(qa.content)
        .unwrap()
        .contains("replicaCount: 2"));
}

#[test]
fn missing_file_and_branch_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let path = seeded(tmp.path());
    assert!(matches!(
        read_head_file(&path, BRANCH, "nope.yaml"),
        Err(ConfigRepoError::NoSuchFile { .. })
    ));
    assert!(matches!(
        read_head_file(&path, "nope", JCASC_PATH),
        Err(ConfigRepoError::Git(_))
    ));
}
