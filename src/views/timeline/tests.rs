use crate::app::effect::jenkins::{JenkinsEffect, JenkinsSlot};
use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::msg::{JenkinsMsg, Msg};
use crate::app::nav::Screen;
use crate::app::timeline::{Changes, What};
use crate::app::App;
use crate::jenkins::JobPath;
use crate::testkit::{self, press, render, settle, Fixture, DEPLOYED_COMMIT, PENDING_COMMIT};
use crate::views::release::Tab;

/// The generation of the stage-builds poll among `fx`.
fn poll_generation(fx: &[Effect]) -> u64 {
    fx.iter()
        .find_map(|e| match e {
            Effect::Jenkins(JenkinsEffect::PollStageBuilds { generation, .. }) => Some(*generation),
            _ => None,
        })
        .expect("the screen polls the stage's deploy jobs")
}

/// The fixture app on payments-qa's timeline, with the deploy build, the commits and the
/// rollout known and the revisions on screen decoded.
fn timeline_screen(w: u16, h: u16) -> (Fixture, App) {
    let mut s = testkit::fixture();
    let mut app = testkit::app(&s, w, h);
    app.world.repo_teams.insert("payments".into());
    for m in testkit::timeline_messages(&mut s) {
        app.update(m);
    }
    let fx = testkit::command(&mut app, "timeline qa");
    let generation = poll_generation(&fx);
    settle(&mut app, &s, fx);
    app.update(testkit::timeline_log());
    let fx = app.update(Msg::Jenkins(JenkinsMsg::StageBuildsPolled {
        generation,
        result: Ok(testkit::timeline_builds()),
    }));
    settle(&mut app, &s, fx);
    (s, app)
}

fn entries(app: &App) -> Vec<crate::app::timeline::Entry> {
    let Screen::Timeline(t) = app.top() else {
        panic!("not on the timeline: {}", app.top().title());
    };
    t.entries(&app.world)
}

#[test]
fn the_deploy_reads_as_one_chain_commit_build_revision() {
    let (_, app) = timeline_screen(80, 24);
    let all = entries(&app);
    let rev = all
        .iter()
        .find(|e| matches!(&e.what, What::Revision { release, revision: 4, .. } if release == "payments-api"))
        .expect("revision 4 of payments-api");
    assert_eq!(
        rev.chain.text(),
        "commit 3e70759 → build deploy-qa #91 → revision 4"
    );
    let What::Revision { changes, .. } = &rev.what else {
        unreachable!()
    };
    let Changes::Changed { chart, values } = changes else {
        panic!("{changes:?}")
    };
    assert_eq!(chart, &None);
    assert_eq!(values.len(), 1);
    assert_eq!(values[0].key, "image.tag");
    assert_eq!(values[0].deployed.as_deref(), Some("2.7.0"));
    assert_eq!(values[0].desired.as_deref(), Some("2.7.1"));
    // The build and the commit carry the same chain; the later commit is not deployed.
    let build = all
        .iter()
        .find(|e| matches!(&e.what, What::Build { number: 91, .. }))
        .unwrap();
    assert_eq!(build.chain, rev.chain);
    let commit = all
        .iter()
        .find(|e| matches!(&e.what, What::Commit { id, .. } if id == DEPLOYED_COMMIT))
        .unwrap();
    assert_eq!(commit.chain, rev.chain);
    let pending = all
        .iter()
        .find(|e| matches!(&e.what, What::Commit { id, .. } if id == PENDING_COMMIT))
        .unwrap();
    assert!(!pending.chain.is_linked());
    // A failed upgrade's description names no build: the build running then wrote it.
    let failed = all
        .iter()
        .find(|e| matches!(&e.what, What::Revision { release, revision: 4, .. } if release == "payments-ledger"))
        .unwrap();
    assert!(failed.chain.inferred);
    assert_eq!(failed.chain.build.as_ref().map(|b| b.text()).as_deref(), Some("deploy-qa #90"));
    assert!(!rev.chain.inferred);
    // Newest first: the pending commit, the rollout, the revision, the build, the commit.
    let kinds: Vec<&str> = all
        .iter()
        .take(5)
        .map(|e| match &e.what {
            What::Revision { .. } => "revision",
            What::Build { .. } => "build",
            What::Commit { .. } => "commit",
            What::Rollout { .. } => "rollout",
        })
        .collect();
    assert_eq!(kinds, ["commit", "rollout", "revision", "build", "commit"]);
    let text = testkit::screen_lines(&app).join("\n");
    assert!(
        text.contains("payments-api 4 deployed ← deploy-qa #91  image.tag 2.7.0→2.7.1"),
        "{text}"
    );
    assert!(
        text.contains("payments-ledger 4 failed ← deploy-qa #90?  chart 0.9.1→0.10.0"),
        "{text}"
    );
    assert!(text.contains("deploy-qa #91 SUCCESS by alice"), "{text}");
    assert!(text.contains("not deployed"), "{text}");
}

#[test]
fn timeline_qa_80x24() {
    let (_, mut app) = timeline_screen(80, 24);
    // The revision is selected: its chain is the footer.
    press(&mut app, "j j");
    let text = testkit::screen_lines(&app).join("\n");
    assert!(
        text.contains("commit 3e70759 → build deploy-qa #91 → revision 4"),
        "{text}"
    );
    insta::assert_snapshot!("timeline_qa_80x24", render(&app).backend());
    crate::testkit::screenshot("timeline", &app);
}

#[test]
fn timeline_qa_160x48() {
    let (_, app) = timeline_screen(160, 48);
    insta::assert_snapshot!("timeline_qa_160x48", render(&app).backend());
}

#[test]
fn t_on_the_matrix_opens_the_selected_stage_and_leaving_stops_its_watch_and_poll() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 80, 24);
    // payments-build, -dev, -e2e, -qa.
    let fx = press(&mut app, "j j j t");
    assert!(
        matches!(app.top(), Screen::Timeline(t) if t.namespace == "payments-qa" && t.release.is_none()),
        "{}",
        app.top().title()
    );
    assert!(fx.contains(&Effect::WatchReplicaSets {
        namespace: "payments-qa".into()
    }));
    assert!(fx.contains(&Effect::Jenkins(JenkinsEffect::PollStageBuilds {
        team: "payments".into(),
        jobs: vec![JobPath::parse("deploy-qa"), JobPath::parse("uninstall-qa")],
        generation: poll_generation(&fx),
    })));
    let fx = press(&mut app, "esc");
    assert!(fx.contains(&Effect::StopReplicaSets {
        namespace: "payments-qa".into()
    }));
    assert!(fx.contains(&Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::StageBuilds))));
}

#[test]
fn enter_opens_each_entrys_evidence() {
    let (_, mut app) = timeline_screen(80, 24);
    let select = |app: &mut App, pick: &dyn Fn(&What) -> bool| {
        let i = entries(app).iter().position(|e| pick(&e.what)).unwrap();
        press(app, "g g");
        for _ in 0..i {
            press(app, "j");
        }
        press(app, "enter")
    };
    select(&mut app, &|w| matches!(w, What::Revision { revision: 4, release, .. } if release == "payments-api"));
    assert!(
        matches!(app.top(), Screen::Release(r) if r.name == "payments-api" && r.tab == Tab::Diff && r.revision == Some(4)),
        "{}",
        app.top().title()
    );
    press(&mut app, "esc");
    select(&mut app, &|w| matches!(w, What::Build { number: 91, .. }));
    assert!(
        matches!(app.top(), Screen::Console(c) if c.number == 91),
        "{}",
        app.top().title()
    );
    press(&mut app, "esc");
    let fx = select(&mut app, &|w| matches!(w, What::Commit { id, .. } if id == DEPLOYED_COMMIT));
    assert!(fx.contains(&Effect::Repo(RepoEffect::ShowCommit {
        team: "payments".into(),
        id: DEPLOYED_COMMIT.into()
    })));
    assert_eq!(app.top().title(), "commit 3e70759");
    press(&mut app, "esc");
    select(&mut app, &|w| matches!(w, What::Rollout { revision: Some(4), .. }));
    assert!(
        matches!(app.top(), Screen::Pods(p) if p.filter.text() == "payments-api"),
        "{}",
        app.top().title()
    );
}

#[test]
fn from_a_release_the_timeline_keeps_to_that_release() {
    let (_, mut app) = timeline_screen(80, 24);
    testkit::command(&mut app, "releases payments-qa");
    press(&mut app, "enter");
    let Screen::Release(r) = app.top() else {
        panic!("{}", app.top().title())
    };
    let name = r.name.clone();
    press(&mut app, "t");
    let Screen::Timeline(t) = app.top() else {
        panic!("{}", app.top().title())
    };
    assert_eq!(t.release.as_deref(), Some(name.as_str()));
    assert!(entries(&app).iter().all(|e| match &e.what {
        What::Revision { release, .. } => *release == name,
        What::Rollout { deployment, .. } => *deployment == name,
        _ => e.chain.revisions.iter().any(|(n, _)| *n == name)
            || matches!(&e.what, What::Commit { .. }),
    }));
}

#[test]
fn the_matrix_says_what_changed_a_stage_last() {
    let mut s = testkit::fixture();
    let mut app = testkit::app(&s, 160, 48);
    for m in testkit::timeline_messages(&mut s) {
        app.update(m);
    }
    let lines = testkit::screen_lines(&app);
    let qa = lines.iter().find(|l| l.starts_with("4 payments-qa")).unwrap();
    assert!(qa.contains("payments-api rev 4, 26m"), "{qa}");
    // At 80 columns the release's name gives way, its revision and age do not.
    app.update(Msg::Resized {
        width: 80,
        height: 24,
    });
    let lines = testkit::screen_lines(&app);
    let qa = lines.iter().find(|l| l.starts_with("4 payments-qa")).unwrap();
    assert!(qa.contains(" rev 4, 26m"), "{qa}");
}

#[test]
fn timeline_names_a_release_after_a_slash() {
    let (s, mut app) = timeline_screen(80, 24);
    let fx = testkit::command(&mut app, "timeline qa/payments-api");
    let generation = poll_generation(&fx);
    settle(&mut app, &s, fx);
    let fx = app.update(Msg::Jenkins(JenkinsMsg::StageBuildsPolled {
        generation,
        result: Ok(testkit::timeline_builds()),
    }));
    settle(&mut app, &s, fx);
    let Screen::Timeline(t) = app.top() else {
        panic!("{}", app.top().title())
    };
    assert_eq!(t.namespace, "payments-qa");
    assert_eq!(t.release.as_deref(), Some("payments-api"));
    assert_eq!(app.top().title(), "timeline payments-qa payments-api");
    let all = entries(&app);
    assert!(all.iter().any(|e| matches!(&e.what, What::Build { number: 91, .. })));
    assert!(!all.iter().any(|e| matches!(&e.what, What::Build { number: 90, .. })));
    assert!(all
        .iter()
        .all(|e| !matches!(&e.what, What::Revision { release, .. } if release != "payments-api")));
}

#[test]
fn a_commits_diff_shows_its_files_against_its_parent() {
    let (_, mut app) = timeline_screen(80, 24);
    let i = entries(&app)
        .iter()
        .position(|e| matches!(&e.what, What::Commit { id, .. } if id == DEPLOYED_COMMIT))
        .unwrap();
    for _ in 0..i {
        press(&mut app, "j");
    }
    press(&mut app, "enter");
    assert!(testkit::screen_lines(&app).join("\n").contains("reading the commit…"));
    let row = crate::repo::CommitRow {
        id: DEPLOYED_COMMIT.into(),
        author: "Alice".into(),
        email: "alice@example.com".into(),
        time: testkit::start(),
        subject: "qa: api 2.7.1".into(),
    };
    app.update(Msg::Repo(crate::repo::RepoMsg::CommitShown {
        team: "payments".into(),
        id: DEPLOYED_COMMIT.into(),
        result: Ok((
            row,
            vec![crate::repo::FileDiff {
                path: "values/qa/api.yaml".into(),
                old: Some("image:\n  tag: 2.7.0\n".into()),
                new: Some("image:\n  tag: 2.7.1\n".into()),
            }],
        )),
    }));
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("3e70759 Alice · qa: api 2.7.1"), "{text}");
    assert!(text.contains("values/qa/api.yaml  +1 −1"), "{text}");
    assert!(text.contains("+  tag: 2.7.1"), "{text}");
    // A commit the clone lacks says what to do.
    app.update(Msg::Repo(crate::repo::RepoMsg::CommitShown {
        team: "payments".into(),
        id: DEPLOYED_COMMIT.into(),
        result: Err(format!("no commit {DEPLOYED_COMMIT} in the clone: fetch (f) first")),
    }));
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("fetch (f) first"), "{text}");
}

#[test]
fn the_headline_says_why_commits_are_missing() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 120, 24);
    testkit::command(&mut app, "timeline qa");
    let head = testkit::screen_lines(&app)[1].clone();
    assert!(head.contains("no config repo: add teams[payments].repo"), "{head}");
    app.world.repo_teams.insert("payments".into());
    app.update(Msg::Repo(crate::repo::RepoMsg::StageLogged {
        team: "payments".into(),
        stage: "qa".into(),
        result: Err("not a git checkout".into()),
    }));
    let head = testkit::screen_lines(&app)[1].clone();
    assert!(head.contains("config repo: not a git checkout"), "{head}");
}

#[test]
fn a_helmfile_team_has_no_builds_and_no_commit_waits_for_one() {
    let s = testkit::fixture();
    let mut app = testkit::app(&s, 120, 30);
    app.world.repo_teams.insert("payments".into());
    let jobs = crate::config::DeployJobs {
        mode: crate::config::DeployMode::Helmfile,
        ..Default::default()
    };
    app.world.deploy_jobs.insert("payments".into(), jobs);
    let fx = testkit::command(&mut app, "timeline qa");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Jenkins(_))),
        "no Jenkins poll: {fx:?}"
    );
    app.update(testkit::timeline_log());
    let text = testkit::screen_lines(&app).join("\n");
    assert!(text.contains("deployed by helmfile: no Jenkins builds"), "{text}");
    assert!(text.contains("9b1f2e4 Bob: qa: web 3 replicas"), "{text}");
    assert!(!text.contains("not deployed"), "{text}");
}
