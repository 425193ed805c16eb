//! The cockpit's Jenkins client and its polling tasks against the simulated Jenkins: `tree=`
//! queries read into rows, the progressive console, trigger → queue → build → console, stop,
//! crumbs (missing, expired: fetched again and the POST retried once), auth failures that name
//! the config key (and never the token), and JCasC reloads good and bad.

use std::time::Duration;

use crate::jenkins_support::{jcasc, payments, push_file, world};
use jiff::SignedDuration;
use secrecy::SecretString;
use stagecoach::app::jenkins::{JenkinsMsg, TriggerProgress};
use stagecoach::app::msg::Msg;
use stagecoach::jenkins::console::Progressive;
use stagecoach::jenkins::model::QueueItemState;
use stagecoach::jenkins::reload::ReloadPhase;
use stagecoach::jenkins::tree::HISTORY_BUILDS;
use stagecoach::jenkins::{
    poll, BuildResult, ErrorKind, JenkinsClient, JobKind, JobPath, ParamKind,
};
use stagecoach::sim::jenkins::JenkinsHandle;

const KEY: &str = "teams[payments].jenkins.token_file (/tmp/payments.token)";

fn client_as(j: &JenkinsHandle, user: &str, secret: &str) -> JenkinsClient {
    JenkinsClient::new(
        "payments",
        &j.url(),
        user,
        Ok(SecretString::from(secret.to_string())),
        KEY.into(),
    )
}

fn admin(j: &JenkinsHandle) -> JenkinsClient {
    client_as(j, "admin", j.token("admin").unwrap())
}

fn job(s: &str) -> JobPath {
    JobPath::parse(s)
}

#[tokio::test]
async fn tree_queries_read_jobs_folders_queue_history_and_builds() {
    let sim = world().await;
    let j = payments(&sim);
    let c = admin(j);
    let jobs = c.jobs(&JobPath::default()).await.unwrap();
    let deploy = jobs.iter().find(|r| r.path == job("deploy-qa")).unwrap();
    assert_eq!(deploy.kind, JobKind::Pipeline);
    assert!(deploy
        .last
        .as_ref()
        .is_some_and(|b| b.number > 0 && b.started.is_some()));
    let api = jobs.iter().find(|r| r.path == job("api")).unwrap();
    assert_eq!(api.kind, JobKind::MultiBranch);
    assert_eq!(api.children.len(), 2, "children by name and colour");
    assert!(api.children[0].color.is_some() && api.children[0].last.is_none());
    let e2e = jobs.iter().find(|r| r.path == job("e2e-tests")).unwrap();
    assert!(e2e.color.unwrap().running && e2e.last.as_ref().unwrap().building);

    let branches = c.jobs(&job("api")).await.unwrap();
    assert_eq!(
        branches[1].path,
        JobPath::new(["api", "feature%2Fcheckout-v2"])
    );
    assert_eq!(branches[1].path.to_string(), "api/feature/checkout-v2");
    assert!(branches.iter().all(|b| b.last.is_some()));
    // A branch job is reached through its folder, its name encoded once more.
    let h = c.job(&branches[1].path, HISTORY_BUILDS).await.unwrap();
    assert!(!h.builds.is_empty());

    let h = c.job(&job("deploy-qa"), HISTORY_BUILDS).await.unwrap();
    assert!(h.builds.len() <= 50 && h.builds.windows(2).all(|w| w[0].number > w[1].number));
    assert!(h
        .builds
        .iter()
        .any(|b| b.result == Some(BuildResult::Success)));
    assert!(h.builds[0].cause.is_some());
    // A page of history knows whether Jenkins keeps older builds; a longer page reads
    // `allBuilds` (past the 100 that `builds` exports) and ends at the oldest build kept.
    let page = c.job(&job("deploy-qa"), 2).await.unwrap();
    assert_eq!(page.builds.len(), 2);
    assert_eq!(page.first_build, h.builds.last().map(|b| b.number));
    assert!(page.has_older_builds());
    let all = c.job(&job("deploy-qa"), 150).await.unwrap();
    assert_eq!(all.builds.len(), h.builds.len());
    assert!(!all.has_older_builds());
    let params = c.params(&job("deploy-qa")).await.unwrap();
    let kinds: Vec<(&str, &ParamKind)> =
        params.iter().map(|p| (p.name.as_str(), &p.kind)).collect();
    assert!(matches!(kinds[0], ("APPS", ParamKind::Choice(c)) if c.len() > 1));
    assert_eq!(kinds[1], ("CONFIG_REF", &ParamKind::String));
    assert_eq!(kinds[2], ("DRY_RUN", &ParamKind::Boolean));
    assert_eq!(params[2].default, "false");

    let b = c
        .build(&job("deploy-qa"), h.builds[0].number)
        .await
        .unwrap();
    assert!(!b.causes.is_empty());
    assert!(b.params.iter().any(|(k, _)| k == "APPS"));
    let commit = &b.commits[0];
    assert_eq!(commit.sha.len(), 40);
    assert!(commit
        .remote
        .as_deref()
        .unwrap()
        .ends_with("payments-config.git"));
    assert!(c.queue().await.unwrap().is_empty());

    let e = c.build(&job("deploy-qa"), 99_999).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("404"), "{e}");
}

#[tokio::test]
async fn the_progressive_console_follows_a_running_build_exactly() {
    let sim = world().await;
    let j = payments(&sim);
    let c = admin(j);
    let e2e = job("e2e-tests");
    let n = c.job(&e2e, HISTORY_BUILDS).await.unwrap().builds[0].number;
    let mut p = Progressive::new();
    let mut lines = Vec::new();
    for _ in 0..60 {
        let a = c.progressive(&e2e, n, p.start).await.unwrap();
        let chunk = p.on_response(&a.body, a.text_size, a.more_data);
        assert!(!chunk.reset);
        lines.extend(chunk.lines.into_iter().map(|l| l.text));
        if p.done {
            break;
        }
        sim.advance(SignedDuration::from_secs(30));
    }
    assert!(p.done, "the build ended and the server said so");
    let text = c
        .get(&format!("job/e2e-tests/{n}/consoleText"), "text")
        .await
        .unwrap()
        .text();
    let clean: Vec<String> = text
        .lines()
        .map(|l| stagecoach::jenkins::ansi::parse_line(l, &mut Default::default()).text)
        .collect();
    assert_eq!(lines, clean, "every line once, in order, nothing raw");
    assert!(lines.iter().all(|l| !l.contains('\x1b')));
    assert!(lines.last().unwrap().starts_with("Finished: "));
}

/// The next Jenkins message that is not the record of a write (`Called`, for the `@` screen).
async fn next_msg(rx: &mut tokio::sync::mpsc::Receiver<Msg>) -> JenkinsMsg {
    loop {
        match next_any(rx).await {
            JenkinsMsg::Called(_) => continue,
            m => return m,
        }
    }
}

async fn next_any(rx: &mut tokio::sync::mpsc::Receiver<Msg>) -> JenkinsMsg {
    match tokio::time::timeout(Duration::from_secs(20), rx.recv()).await {
        Ok(Some(Msg::Jenkins(m))) => m,
        other => panic!("no Jenkins message: {other:?}"),
    }
}

#[tokio::test]
async fn trigger_follows_the_queue_item_into_the_build_and_its_console() {
    let sim = world().await;
    let j = payments(&sim);
    let c = admin(j);
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let params = vec![
        ("APPS".to_string(), "ledger".to_string()),
        ("CONFIG_REF".to_string(), "main".to_string()),
        ("DRY_RUN".to_string(), "true".to_string()),
    ];
    let task = tokio::spawn(poll::trigger(
        c.clone(),
        job("deploy-qa"),
        params,
        true,
        7,
        stagecoach::outbox::Outbox::new(tx),
    ));
    // The write is recorded for the `@` screen with a command that repeats it (no token value).
    let JenkinsMsg::Called(call) = next_any(&mut rx).await else {
        panic!("the trigger is recorded first")
    };
    assert!(call.ok, "{call:?}");
    assert!(
        call.command
            .starts_with("curl -X POST -u admin:$JENKINS_TOKEN --data 'APPS=ledger&")
            && call.command.ends_with("/job/deploy-qa/buildWithParameters"),
        "{}",
        call.command
    );
    let m = next_msg(&mut rx).await;
    assert!(
        matches!(
            m,
            JenkinsMsg::Trigger {
                generation: 7,
                progress: TriggerProgress::Queued {
                    queue_id: Some(_),
                    merged: false
                }
            }
        ),
        "{m:?}"
    );
    let m = next_msg(&mut rx).await;
    let JenkinsMsg::Trigger {
        progress: TriggerProgress::Waiting { why },
        ..
    } = m
    else {
        panic!("{m:?}")
    };
    assert!(why.unwrap().starts_with("In the quiet period"));
    // Past the quiet period and the buildable phase.
    sim.advance(SignedDuration::from_secs(10));
    let number = loop {
        match next_msg(&mut rx).await {
            JenkinsMsg::Trigger {
                progress: TriggerProgress::Started { number },
                ..
            } => break number,
            JenkinsMsg::Trigger {
                progress: TriggerProgress::Waiting { .. },
                ..
            } => {}
            m => panic!("{m:?}"),
        }
    };
    task.await.unwrap();
    let b = c.build(&job("deploy-qa"), number).await.unwrap();
    assert!(b.params.contains(&("APPS".into(), "ledger".into())));
    assert!(b.params.contains(&("DRY_RUN".into(), "true".into())));
    assert!(
        b.causes[0].to_lowercase().contains("admin"),
        "{:?}",
        b.causes
    );
    // The console of the new build, from its first line.
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let follow = tokio::spawn(poll::follow_console(
        c.clone(),
        job("deploy-qa"),
        number,
        8,
        stagecoach::outbox::Outbox::new(tx),
    ));
    let JenkinsMsg::ConsoleRead {
        generation: 8,
        chunk,
    } = next_msg(&mut rx).await
    else {
        panic!()
    };
    assert!(chunk.more && !chunk.reset);
    assert!(
        chunk.lines[0].text.starts_with("Started by user"),
        "{:?}",
        chunk.lines[0]
    );
    follow.abort();

    // A non-parameterized trigger of a parameterized job's sibling that is disabled: 409.
    let e = c
        .trigger(&job("uninstall-prod"), &[], true)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Refused);
    assert!(e.message.contains("is not buildable"), "{e}");
    // A left item that was forgotten is found by its queueId.
    let id = b.queue_id.unwrap();
    assert_eq!(
        c.build_for_queue_item(&job("deploy-qa"), id).await.unwrap(),
        Some(number)
    );
    sim.advance(SignedDuration::from_mins(6));
    assert_eq!(
        c.queue_item(id).await.unwrap_err().kind,
        ErrorKind::NotFound
    );
    assert!(matches!(
        c.queue_item(id).await,
        Err(_) | Ok(QueueItemState::Started { .. })
    ));
}

#[tokio::test]
async fn stop_aborts_a_running_build() {
    let sim = world().await;
    let j = payments(&sim);
    let c = admin(j);
    let e2e = job("e2e-tests");
    let n = c.job(&e2e, HISTORY_BUILDS).await.unwrap().builds[0].number;
    assert!(c.build(&e2e, n).await.unwrap().row.building);
    c.stop(&e2e, n).await.unwrap();
    let b = c.build(&e2e, n).await.unwrap();
    assert!(!b.row.building);
    assert_eq!(b.row.result, Some(BuildResult::Aborted));
}

#[tokio::test]
async fn crumbs_are_fetched_when_missing_and_again_when_expired() {
    let sim = world().await;
    let j = payments(&sim);
    // A password (not an API token) needs the crumb of its session for every POST.
    let c = client_as(j, "admin", j.password("admin").unwrap());
    let t = c
        .trigger(&job("deploy-e2e"), &[("APPS".into(), "api".into())], true)
        .await
        .expect("the missing crumb was fetched and the POST sent again");
    assert!(t.queue_id.is_some());
    // The held crumb works for the next POST.
    c.trigger(&job("deploy-e2e"), &[("APPS".into(), "web".into())], true)
        .await
        .unwrap();
    // Sessions die after 30 idle minutes, and their crumbs with them.
    sim.advance(SignedDuration::from_mins(31));
    let t = c
        .trigger(
            &job("deploy-e2e"),
            &[("APPS".into(), "ledger".into())],
            true,
        )
        .await
        .expect("the expired crumb was replaced and the POST retried once");
    assert!(!t.merged);
    // API-token requests are exempt: no crumb is needed at all.
    admin(j)
        .trigger(
            &job("deploy-e2e"),
            &[("APPS".into(), "gateway".into())],
            true,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn auth_failures_say_what_to_fix_and_never_show_the_token() {
    let sim = world().await;
    let j = payments(&sim);
    let wrong = "11ffffffffffffffffffffffffffffff00";
    stagecoach::secrets::register(wrong);
    let e = client_as(j, "admin", wrong)
        .jobs(&JobPath::default())
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unauthorized);
    assert!(e.message.contains("401") && e.message.contains(KEY), "{e}");
    assert!(!e.message.contains(wrong), "{e}");

    let viewer = client_as(j, "viewer", j.token("viewer").unwrap());
    assert!(
        viewer.jobs(&JobPath::default()).await.is_ok(),
        "the viewer reads"
    );
    let e = viewer.reload_jcasc().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert!(
        e.message.contains("403") && e.message.contains("viewer"),
        "{e}"
    );
    let e = viewer
        .trigger(&job("deploy-qa"), &[("APPS".into(), "api".into())], true)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::Forbidden, "{e}");

    // A token that could not be read: every call says which key to fix, and sends nothing.
    let broken = JenkinsClient::new(
        "payments",
        &j.url(),
        "admin",
        Err(stagecoach::jenkins::JenkinsError::new(
            ErrorKind::Token,
            format!("{KEY}: missing"),
        )),
        KEY.into(),
    );
    let e = broken.queue().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Token);
    assert!(e.message.contains("teams[payments].jenkins.token_file"));
    // An address nobody listens on.
    let gone = JenkinsClient::new(
        "payments",
        "http://127.0.0.1:9/",
        "admin",
        Ok(SecretString::from("x".to_string())),
        KEY.into(),
    );
    assert_eq!(gone.queue().await.unwrap_err().kind, ErrorKind::Connect);
}

#[tokio::test]
async fn reload_applies_a_good_file_and_watches_jenkins_come_back() {
    let sim = world().await;
    let j = payments(&sim);
    let original = jcasc(j);
    let changed = original.replacen(
        "systemMessage: \"",
        "systemMessage: \"Reloaded by the cockpit test. ",
        1,
    );
    assert_ne!(changed, original, "the JCasC file has a systemMessage");
    push_file(
        &j.repo_path(),
        "jenkins/jenkins.yaml",
        &changed,
        "new message",
    );
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let task = tokio::spawn(poll::reload(
        admin(j),
        3,
        stagecoach::outbox::Outbox::new(tx),
    ));
    let phases: Vec<ReloadPhase> = {
        let mut out = Vec::new();
        loop {
            let JenkinsMsg::Reload {
                phase,
                generation: 3,
                team,
            } = next_msg(&mut rx).await
            else {
                panic!()
            };
            assert_eq!(team, "payments");
            let done = matches!(phase, ReloadPhase::Applied { .. } | ReloadPhase::Failed(_));
            if matches!(phase, ReloadPhase::Restarting { .. }) {
                // The restart's few seconds, without waiting for them.
                sim.advance(SignedDuration::from_secs(5));
            }
            out.push(phase);
            if done {
                break out;
            }
        }
    };
    task.await.unwrap();
    assert_eq!(phases[0], ReloadPhase::Sent);
    assert!(
        matches!(phases[1], ReloadPhase::Restarting { .. }),
        "{phases:?}"
    );
    let ReloadPhase::Applied { system_message } = phases.last().unwrap() else {
        panic!("{phases:?}")
    };
    assert!(
        system_message.starts_with("Reloaded by the cockpit test."),
        "{system_message}"
    );
}

#[tokio::test]
async fn reload_refusals_are_read_from_the_body() {
    let sim = world().await;
    let j = payments(&sim);
    let c = admin(j);
    let before = c.system_message().await.unwrap();
    let original = jcasc(j);
    push_file(
        &j.repo_path(),
        "jenkins/jenkins.yaml",
        &original.replace("  systemMessage:", "  systemMessag:"),
        "typo",
    );
    let e = c.reload_jcasc().await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Refused);
    assert!(e.message.contains("systemMessag."), "{e}");
    assert!(
        e.message.contains("nothing changed") && !e.message.contains('<'),
        "{e}"
    );
    push_file(
        &j.repo_path(),
        "jenkins/jenkins.yaml",
        "jenkins:\n  systemMessage: [unclosed\n",
        "broken",
    );
    let e = c.reload_jcasc().await.unwrap_err();
    assert!(
        e.message.contains("HTTP 500") && e.message.contains("YAMLException"),
        "{e}"
    );
    assert_eq!(
        c.system_message().await.unwrap(),
        before,
        "a refused file changes nothing"
    );
}

#[tokio::test]
async fn a_pushed_template_is_provisioned_once_update_configuration_applied_it() {
    let sim = world().await;
    let j = payments(&sim);
    let c = admin(j);
    let original = jcasc(j);
    let at = original
        .find("          - name: \"base\"")
        .expect("the demo JCasC has a base template");
    let changed = format!(
        "{}          - name: \"nightly\"\n            inheritFrom: \"base\"\n            label: \"nightly\"\n{}",
        &original[..at],
        &original[at..]
    );
    push_file(&j.repo_path(), "jenkins/jenkins.yaml", &changed, "nightly");
    let labels = vec!["base".to_string(), "nightly".to_string()];
    assert_eq!(
        poll::labels_once(&c, &labels).await.unwrap(),
        vec![("base".into(), true), ("nightly".into(), false)],
        "pushed, not applied"
    );
    c.reload_jcasc().await.unwrap();
    sim.advance(SignedDuration::from_secs(5));

    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let task = tokio::spawn(poll::poll_labels(
        c.clone(),
        labels,
        9,
        stagecoach::outbox::Outbox::new(tx),
    ));
    let JenkinsMsg::LabelsPolled {
        team,
        generation,
        result,
    } = next_msg(&mut rx).await
    else {
        panic!("not a label answer")
    };
    task.abort();
    assert_eq!((team.as_str(), generation), ("payments", 9));
    assert_eq!(
        result.unwrap(),
        vec![("base".into(), true), ("nightly".into(), true)]
    );
    // One path segment, whatever the name: an unknown label is an empty atom.
    let odd = c.label("a b/c").await.unwrap();
    assert_eq!(odd.name, "a b/c");
    assert!(!odd.provisioned());
}
