//! What `demo serve` writes for Jenkins: the config repos under DIR/repos, a 0600 token file
//! per team, `jenkins.json` for third-party clients, and the jenkins/repo keys in
//! stagecoach.yaml, which the cockpit's own config parser accepts.

use crate::jenkins_support::{basic, push_file, request, world};

#[tokio::test]
async fn files_point_at_working_jenkins_and_repos() {
    let sim = world().await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    assert!(dir.path().join("ready").exists());

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("jenkins.json")).unwrap())
            .unwrap();
    let p = &json["payments"];
    assert_eq!(p["user"], "admin");
    let j = sim.jenkins_of("payments").unwrap();
    assert_eq!(p["url"], j.url());
    let token = p["token"].as_str().unwrap();
    let r = request(
        j.addr,
        "GET",
        "/api/json?tree=jobs[name]",
        &[("Authorization", &basic("admin", token))],
        "",
    )
    .await;
    assert_eq!(r.status, 200);

    let token_file = dir.path().join("secrets/payments-jenkins.token");
    assert_eq!(std::fs::read_to_string(&token_file).unwrap().trim(), token);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let yaml = std::fs::read_to_string(dir.path().join("stagecoach.yaml")).unwrap();
    assert!(!yaml.contains(token), "tokens are referenced, never inline");
    let cfg = stagecoach::config::Config::parse(&yaml, "stagecoach.yaml").unwrap();
    let team = cfg.teams.iter().find(|t| t.name == "payments").unwrap();
    let jc = team.jenkins.as_ref().unwrap();
    assert_eq!(jc.url, j.url());
    assert_eq!(jc.token_file.as_deref(), Some(token_file.as_path()));
    let repo = team.repo.as_ref().unwrap();
    let bare = dir.path().join("repos/payments-config.git");
    assert_eq!(repo.url, bare.display().to_string());
    assert_eq!(repo.jcasc.as_deref(), Some("jenkins/jenkins.yaml"));
    assert_eq!(repo.helmfile.as_deref(), Some("helmfile.yaml.gotmpl"));
    assert_eq!(j.repo_path(), bare, "Jenkins reloads from the moved repo");

    // A push to the repo in DIR reaches Jenkins' reload.
    push_file(
        &bare,
        "jenkins/jenkins.yaml",
        "jenkins:\n  quietPeriod: 1\n",
        "quiet",
    );
    let r = request(
        j.addr,
        "POST",
        "/configuration-as-code/reload",
        &[("Authorization", &basic("admin", token))],
        "",
    )
    .await;
    assert_eq!(r.status, 302);
    assert_eq!(j.running_config().quiet_period, 1);
}
