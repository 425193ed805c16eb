use std::path::Path;
use std::process::Command;

use super::*;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Alice",
            "-c",
            "user.email=alice@example.com",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn commit(dir: &Path, file: &str, text: &str, message: &str) -> String {
    let full = dir.join(file);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", message]);
    git(dir, &["rev-parse", "HEAD"])
}

fn qa() -> StageFiles {
    StageFiles {
        stage: "qa".into(),
        paths: vec![
            "helmfile.yaml.gotmpl".into(),
            "values/common/api.yaml".into(),
        ],
    }
}

#[test]
fn the_log_keeps_the_commits_that_touched_the_stage_newest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    git(d, &["init", "-q", "-b", "main"]);
    let first = commit(d, "helmfile.yaml.gotmpl", "releases: []\n", "Helmfile");
    commit(d, "jenkins/jenkins.yaml", "jenkins: {}\n", "JCasC only");
    let common = commit(
        d,
        "values/common/api.yaml",
        "replicaCount: 2\n",
        "api: 2 replicas",
    );
    commit(
        d,
        "values/prod/api.yaml",
        "image: {tag: 1.0.0}\n",
        "prod: api 1.0.0",
    );
    let bump = commit(
        d,
        "values/qa/api.yaml",
        "image: {tag: 1.4.3}\n",
        "qa: api 1.4.3",
    );
    let head = git(d, &["rev-parse", "HEAD"]);
    let log = stage_log(d, "main", &qa(), 10, &[common.clone(), "0000000".into()]).unwrap();
    let ids: Vec<&str> = log.iter().map(|c| c.commit.id.as_str()).collect();
    assert_eq!(ids, vec![bump.as_str(), common.as_str(), first.as_str()]);
    assert_eq!(log[0].files, vec!["values/qa/api.yaml"]);
    assert_eq!(log[0].commit.subject, "qa: api 1.4.3");
    assert_eq!(log[0].commit.author, "Alice");
    // The same as git's own path-limited log.
    let git_ids = git(
        d,
        &[
            "log",
            "--format=%H",
            "main",
            "--",
            "helmfile.yaml.gotmpl",
            "values/common/api.yaml",
            "values/qa",
        ],
    );
    assert_eq!(git_ids.lines().collect::<Vec<_>>(), ids);
    assert_eq!(stage_log(d, "main", &qa(), 1, &[]).unwrap().len(), 1);
    // A build of `common` deployed it and the Helmfile before it, not the later bump.
    let deployed: Vec<&[String]> = log.iter().map(|c| c.deployed_in.as_slice()).collect();
    assert_eq!(
        deployed,
        vec![&[][..], &[common.clone()][..], &[common.clone()][..]]
    );
    let log = stage_log(d, "main", &qa(), 10, std::slice::from_ref(&head)).unwrap();
    assert!(log.iter().all(|c| c.deployed_in == vec![head.clone()]));
}

#[test]
fn a_commit_diff_has_each_file_before_and_after() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    git(d, &["init", "-q", "-b", "main"]);
    commit(d, "values/qa/api.yaml", "image:\n  tag: 1.4.2\n", "first");
    std::fs::write(d.join("gone.yaml"), "x: 1\n").unwrap();
    commit(d, "values/qa/web.yaml", "replicaCount: 1\n", "second");
    std::fs::remove_file(d.join("gone.yaml")).unwrap();
    let id = commit(
        d,
        "values/qa/api.yaml",
        "image:\n  tag: 1.4.3\n",
        "qa: api 1.4.3",
    );
    let (row, files) = commit_diff(d, &id[..7]).unwrap();
    assert_eq!(row.id, id);
    let api = files
        .iter()
        .find(|f| f.path == "values/qa/api.yaml")
        .unwrap();
    assert_eq!(api.old.as_deref(), Some("image:\n  tag: 1.4.2\n"));
    assert_eq!(api.new.as_deref(), Some("image:\n  tag: 1.4.3\n"));
    let gone = files.iter().find(|f| f.path == "gone.yaml").unwrap();
    assert_eq!(
        (gone.old.as_deref(), gone.new.as_deref()),
        (Some("x: 1\n"), None)
    );
    let e = commit_diff(d, "0000000").unwrap_err();
    assert!(e.to_string().contains("no commit 0000000"), "{e}");
}
