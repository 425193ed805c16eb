//! The timeline of payments-qa on the demo world: every chain commit → build → revision it
//! shows agrees with the team's bare origin (`git`), its Jenkins (the build's JSON) and the
//! cluster (the revision's release Secret, decoded).

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use stagecoach::app::msg::Msg;
use stagecoach::app::nav::Screen;
use stagecoach::app::timeline::{Entry, What};
use stagecoach::app::App;
use stagecoach::launch::{launch, LaunchOptions};

use crate::common;
use crate::jenkins_support::Admin;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn entries(app: &App) -> Vec<Entry> {
    match app.top() {
        Screen::Timeline(t) => t.entries(&app.world),
        other => panic!("not on the timeline: {}", other.title()),
    }
}

/// The builds polled, the stage's log read and the revisions on screen decoded.
fn read(app: &App) -> bool {
    let Screen::Timeline(t) = app.top() else {
        return false;
    };
    t.builds.data.is_some()
        && app
            .world
            .repos
            .get("payments")
            .is_some_and(|d| d.stage_logs.contains_key("qa"))
        && app.releases_settled()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payments_qa_chains_agree_with_git_jenkins_and_helm() {
    let sim = common::world("").await;
    let dir = tempfile::tempdir().unwrap();
    sim.write_dir(dir.path()).unwrap();
    let mut c = launch(LaunchOptions {
        config_file: Some(dir.path().join("stagecoach.yaml")),
        team: Some("payments".into()),
        ..LaunchOptions::default()
    })
    .await
    .expect("the cockpit starts");
    c.app.update(Msg::Resized {
        width: 160,
        height: 48,
    });
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| a.world.is_synced()
            && a.world.stages.contains_key("payments-qa"))
        .await
    );
    let fx = c.app.run_command("timeline payments-qa");
    c.runner.run(fx);
    assert!(
        common::pump(&mut c, Duration::from_secs(60), read).await,
        "the timeline's builds, commits and revisions were not read in time"
    );
    let all = entries(&c.app);
    let chains: Vec<&Entry> = all
        .iter()
        .filter(|e| {
            matches!(e.what, What::Revision { .. })
                && e.chain.commit.is_some()
                && e.chain.build.is_some()
        })
        .collect();
    assert!(
        !chains.is_empty(),
        "no revision on screen reads as commit → build → revision: {all:#?}"
    );

    // The rollouts are the stage's ReplicaSets as the API lists them (the screen's watch).
    let kube = common::client(&sim).await;
    let listed: kube::Api<k8s_openapi::api::apps::v1::ReplicaSet> =
        kube::Api::namespaced(kube.clone(), "payments-qa");
    let mut names: Vec<String> = listed
        .list(&Default::default())
        .await
        .expect("ReplicaSets list")
        .items
        .into_iter()
        .filter_map(|r| r.metadata.name)
        .collect();
    names.sort();
    assert!(
        common::pump(&mut c, Duration::from_secs(30), |a| {
            let mut held: Vec<String> = a.world.stages["payments-qa"]
                .replica_sets
                .keys()
                .cloned()
                .collect();
            held.sort();
            held == names
        })
        .await,
        "the ReplicaSet watch does not hold what the API lists"
    );
    let rollouts = entries(&c.app)
        .iter()
        .filter(|e| matches!(e.what, What::Rollout { .. }))
        .count();
    assert_eq!(rollouts, names.len());

    let origin = sim.repos_dir().join("payments-config.git");
    let jenkins = Admin::of(sim.jenkins_of("payments").expect("payments' Jenkins"));
    let secrets: kube::Api<k8s_openapi::api::core::v1::Secret> =
        kube::Api::namespaced(kube, "payments-qa");
    for e in chains {
        let What::Revision {
            release, revision, ..
        } = &e.what
        else {
            unreachable!()
        };
        let commit = e.chain.commit.as_deref().unwrap();
        let build = e.chain.build.as_ref().unwrap();
        let secret = secrets
            .get(&format!("sh.helm.release.v1.{release}.v{revision}"))
            .await
            .expect("the revision's Secret");
        let json = jenkins
            .get(&format!(
                "/job/{}/{}/api/json?tree=timestamp,duration,actions[lastBuiltRevision[SHA1]]",
                build.job, build.number
            ))
            .await
            .json();
        if e.chain.inferred {
            // Helm's failure text replaced the description: the build ran when it was written.
            let written = secret.metadata.creation_timestamp.as_ref().unwrap().0;
            let start = json["timestamp"].as_i64().unwrap();
            let end = start + json["duration"].as_i64().unwrap();
            let at = written.as_millisecond();
            assert!(start <= at && at <= end, "{release} {revision}: {json}");
        } else {
            // Helm: the revision's Secret names the build.
            let rel = stagecoach::helm::decode_release_secret(&secret).expect("it decodes");
            assert_eq!(
                rel.info.description,
                format!("Deployed by payments/{} #{}", build.job, build.number)
            );
        }
        // Jenkins: the build checked out the commit.
        let shas: Vec<&str> = json["actions"]
            .as_array()
            .expect("actions")
            .iter()
            .filter_map(|a| a["lastBuiltRevision"]["SHA1"].as_str())
            .collect();
        assert_eq!(shas, vec![commit], "{}", json);
        // git: the commit is on origin's main.
        let on_main = git(&origin, &["rev-list", "main"]);
        assert!(on_main.lines().any(|l| l == commit), "{commit} not on main");
    }
    // Every commit the timeline shows touched one of the stage's files on origin's main, as
    // `git log main -- <its files>` says; one it calls deployed is in the build's checkout.
    for e in &all {
        let What::Commit { id, files, .. } = &e.what else {
            continue;
        };
        if let Some(b) = &e.chain.build {
            let json = jenkins
                .get(&format!(
                    "/job/{}/{}/api/json?tree=actions[lastBuiltRevision[SHA1]]",
                    b.job, b.number
                ))
                .await
                .json();
            let sha = json["actions"]
                .as_array()
                .unwrap()
                .iter()
                .find_map(|a| a["lastBuiltRevision"]["SHA1"].as_str())
                .unwrap()
                .to_string();
            let ok = Command::new("git")
                .args(["merge-base", "--is-ancestor", id, &sha])
                .current_dir(&origin)
                .status()
                .unwrap()
                .success();
            assert!(
                ok,
                "{id} is not in {} #{}'s checkout {sha}",
                b.job, b.number
            );
        }
        let mut args = vec!["log", "--format=%H", "main", "--"];
        args.extend(files.iter().map(String::as_str));
        let log = git(&origin, &args);
        assert!(log.lines().any(|l| l == id), "{id} did not touch {files:?}");
    }
}

fn render(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stagecoach"))
        .args(args)
        .env("STAGECOACH_LOG_FILE", dir.path().join("log"))
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn render_timeline_prints_the_stage_and_wants_one() {
    let (code, _, err) = render(&["render", "timeline", "--demo"]);
    assert_ne!(code, 0);
    assert!(err.contains("render timeline needs --stage"), "{err}");
    let (code, out, err) = render(&[
        "render", "timeline", "--demo", "--stage", "qa", "--width", "120", "--height", "40",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("timeline payments-qa"), "{out}");
    for kind in ["revision", "build", "commit"] {
        assert!(out.contains(&format!(" {kind} ")), "no {kind} line:\n{out}");
    }
    assert!(
        out.contains("← deploy-qa #"),
        "no revision names its build:\n{out}"
    );
}
