//! The cockpit's Jenkins plumbing around the client: the runner's read-only guard and
//! `stagecoach render jobs` (the token kept out of the log: `tests/token_log.rs`).

use std::collections::HashMap;

use stagecoach::app::effect::Effect;
use stagecoach::app::jenkins::{JenkinsEffect, JenkinsMsg, TriggerProgress};
use stagecoach::app::msg::Msg;
use stagecoach::config::JenkinsConfig;
use stagecoach::effects::Runner;
use stagecoach::jenkins::client::install_crypto;
use stagecoach::jenkins::reload::ReloadPhase;
use stagecoach::jenkins::{ErrorKind, JenkinsClient, JobPath};

/// A runner whose kube client and payments Jenkins point at a closed port: nothing it is asked
/// to do may reach a server.
fn runner_for_payments() -> (Runner, tokio::sync::mpsc::Receiver<Msg>) {
    install_crypto();
    let kube =
        kube::Client::try_from(kube::Config::new("http://127.0.0.1:9".parse().unwrap())).unwrap();
    let (tx, rx) = tokio::sync::mpsc::channel(16);
    let mut runner = Runner::new(kube, None, tx);
    let cfg = JenkinsConfig {
        url: "http://127.0.0.1:9/".into(),
        user: "admin".into(),
        token_file: None,
        token_env: Some("STAGECOACH_TEST_UNSET".into()),
    };
    runner.set_jenkins(HashMap::from([(
        "payments".to_string(),
        JenkinsClient::from_config("payments", &cfg),
    )]));
    (runner, rx)
}

#[tokio::test]
async fn the_runner_refuses_every_write_when_read_only() {
    let (mut runner, mut rx) = runner_for_payments();
    runner.set_readonly(true);
    let job = JobPath::parse("deploy-qa");
    runner.run(vec![
        Effect::Jenkins(JenkinsEffect::TriggerBuild {
            team: "payments".into(),
            job: job.clone(),
            params: vec![],
            parameterized: false,
            generation: 5,
            confirmed: None,
            deploy: Some("payments-qa".into()),
        }),
        Effect::Jenkins(JenkinsEffect::StopBuild {
            team: "payments".into(),
            job,
            number: 3,
        }),
        Effect::Jenkins(JenkinsEffect::ReloadJcasc {
            team: "payments".into(),
            generation: 6,
        }),
    ]);
    let mut refused = 0;
    for _ in 0..3 {
        let Some(Msg::Jenkins(m)) = rx.recv().await else {
            panic!()
        };
        let e = match m {
            JenkinsMsg::Trigger {
                generation: 5,
                progress: TriggerProgress::Failed(e),
            } => e,
            JenkinsMsg::BuildStopped { result: Err(e), .. } => e,
            JenkinsMsg::Reload {
                phase: ReloadPhase::Failed(e),
                ..
            } => e,
            m => panic!("{m:?}"),
        };
        assert_eq!(e.kind, ErrorKind::ReadOnly);
        assert!(e.message.contains("read-only"), "{e}");
        refused += 1;
    }
    assert_eq!(refused, 3);
}

#[tokio::test]
async fn the_runner_refuses_a_protected_stage_change_without_its_name() {
    let (mut runner, mut rx) = runner_for_payments();
    runner.set_protected(vec!["payments-prod".into()]);
    for (generation, confirmed) in [(7, None), (8, Some("payments-qa".to_string()))] {
        runner.run(vec![Effect::Jenkins(JenkinsEffect::TriggerBuild {
            team: "payments".into(),
            job: JobPath::parse("uninstall-prod"),
            params: vec![],
            parameterized: true,
            generation,
            confirmed,
            deploy: None,
        })]);
        let Some(Msg::Jenkins(JenkinsMsg::Trigger {
            generation: g,
            progress: TriggerProgress::Failed(e),
        })) = rx.recv().await
        else {
            panic!("refused")
        };
        assert_eq!(g, generation);
        assert_eq!(e.kind, ErrorKind::Protected);
        assert!(e.message.contains("type payments-prod"), "{e}");
    }
}

#[test]
fn render_jobs_prints_the_team_s_jobs() {
    if std::env::var_os("STAGECOACH_SKIP_RENDER").is_some() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stagecoach"))
        .args(["render", "jobs", "--demo", "--team", "payments"])
        .env("STAGECOACH_LOG_FILE", dir.path().join("log"))
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for want in [
        "payments Jenkins",
        "deploy-qa",
        "e2e-tests",
        "RUNNING",
        "▸ api/",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}

#[tokio::test]
async fn protection_goes_by_the_target_stage_of_a_stage_parameterised_job() {
    let (mut runner, mut rx) = runner_for_payments();
    runner.set_protected(vec!["payments-prod".into()]);
    let jobs = stagecoach::config::DeployJobs {
        deploy_job: "ops/deploy".into(),
        stage_param: Some("STAGE".into()),
        ..Default::default()
    };
    runner.set_deploy_jobs(std::collections::BTreeMap::from([(
        "payments".to_string(),
        jobs,
    )]));
    // Neither the job's name nor the view says prod: the STAGE parameter does.
    runner.run(vec![Effect::Jenkins(JenkinsEffect::TriggerBuild {
        team: "payments".into(),
        job: JobPath::parse("ops/deploy"),
        params: vec![("STAGE".into(), "prod".into())],
        parameterized: true,
        generation: 9,
        confirmed: None,
        deploy: None,
    })]);
    let Some(Msg::Jenkins(JenkinsMsg::Trigger {
        generation: 9,
        progress: TriggerProgress::Failed(e),
    })) = rx.recv().await
    else {
        panic!("refused")
    };
    assert_eq!(e.kind, ErrorKind::Protected);
    assert!(e.message.contains("type payments-prod"), "{e}");
}
