use super::*;

const JOBS: &str = r#"{"_class":"hudson.model.Hudson","jobs":[
 {"_class":"org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject","name":"api",
  "jobs":[{"_class":"org.jenkinsci.plugins.workflow.job.WorkflowJob","name":"main","color":"blue"},
          {"_class":"org.jenkinsci.plugins.workflow.job.WorkflowJob","name":"feature%2Fx","color":"red_anime"}]},
 {"_class":"org.jenkinsci.plugins.workflow.job.WorkflowJob","name":"e2e-tests","color":"red_anime",
  "lastBuild":{"_class":"org.jenkinsci.plugins.workflow.job.WorkflowRun","number":12,"result":null,
   "building":true,"timestamp":1763632680000,"duration":0,"estimatedDuration":600000}},
 {"_class":"hudson.model.FreeStyleProject","name":"old","color":"notbuilt","lastBuild":null}]}"#;

#[test]
fn jobs_folders_and_colours() {
    let rows = parse_jobs(JOBS.as_bytes(), &JobPath::default()).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].kind, JobKind::MultiBranch);
    assert_eq!(
        rows[0].children[1].path,
        JobPath::new(["api", "feature%2Fx"])
    );
    assert_eq!(rows[0].children[1].display(), "feature/x");
    let worst = rows[0].folder_color().unwrap();
    assert_eq!((worst.status, worst.running), (BallStatus::Red, true));
    let b = rows[1].last.as_ref().unwrap();
    assert!(b.building && b.result.is_none());
    assert_eq!(b.estimated_ms, 600_000);
    assert_eq!(rows[2].kind, JobKind::Freestyle);
    assert!(rows[2].last.is_none());
    assert_eq!(rows[2].color.unwrap().status, BallStatus::NotBuilt);
}

#[test]
fn builds_read_causes_parameters_commits_and_changes() {
    let json = r#"{"_class":"hudson.model.FreeStyleBuild","number":3,"result":"UNSTABLE","building":false,
      "timestamp":1763632680000,"duration":5000,"estimatedDuration":4000,"fullDisplayName":"nightly » dependency-check #3",
      "queueId":77,"actions":[{"_class":"hudson.model.CauseAction","causes":[{"_class":"hudson.triggers.TimerTrigger$TimerTriggerCause","shortDescription":"Started by timer"}]},
      {},{"_class":"hudson.model.ParametersAction","parameters":[{"_class":"hudson.model.BooleanParameterValue","name":"DRY_RUN","value":true},{"name":"N","value":null}]},
      {"_class":"hudson.plugins.git.util.BuildData","lastBuiltRevision":{"SHA1":"abc123","branch":[{"SHA1":"abc123","name":"refs/remotes/origin/main"}]},"remoteUrls":["https://git.example.com/x.git"]}],
      "changeSet":{"_class":"hudson.plugins.git.GitChangeSetList","items":[{"commitId":"abc123","msg":"Bump chart","author":{"fullName":"Alice"}}],"kind":"git"}}"#;
    let b = parse_build(json.as_bytes()).unwrap();
    assert_eq!(b.row.result, Some(BuildResult::Unstable));
    assert_eq!(b.causes, vec!["Started by timer"]);
    assert_eq!(
        b.params,
        vec![
            ("DRY_RUN".into(), "true".into()),
            ("N".into(), String::new())
        ]
    );
    assert_eq!(
        b.commits[0].branch.as_deref(),
        Some("refs/remotes/origin/main")
    );
    assert_eq!(b.changes[0].author.as_deref(), Some("Alice"));
    assert_eq!(b.queue_id, Some(77));
}

#[test]
fn parameter_definitions_and_queue_items() {
    let json = r#"{"property":[{"_class":"hudson.model.ParametersDefinitionProperty","parameterDefinitions":[
      {"_class":"hudson.model.ChoiceParameterDefinition","name":"APPS","type":"ChoiceParameterDefinition","choices":["api","web"],"defaultParameterValue":{"value":"api"}},
      {"_class":"hudson.model.BooleanParameterDefinition","name":"DRY_RUN","type":"BooleanParameterDefinition","defaultParameterValue":{"value":false}},
      {"_class":"hudson.model.PasswordParameterDefinition","name":"SECRET","type":"PasswordParameterDefinition"}]}]}"#;
    let p = parse_params(json.as_bytes()).unwrap();
    assert_eq!(
        p[0].kind,
        ParamKind::Choice(vec!["api".into(), "web".into()])
    );
    assert_eq!(p[1].default, "false");
    assert_eq!(
        p[2].kind,
        ParamKind::Other("PasswordParameterDefinition".into())
    );
    let left = r#"{"_class":"hudson.model.Queue$LeftItem","id":5,"cancelled":false,"executable":{"number":43,"url":"http://j/job/x/43/"}}"#;
    assert_eq!(
        parse_queue_item(left.as_bytes()).unwrap(),
        QueueItemState::Started { number: 43 }
    );
    let gone =
        r#"{"_class":"hudson.model.Queue$LeftItem","id":5,"cancelled":true,"executable":null}"#;
    assert_eq!(
        parse_queue_item(gone.as_bytes()).unwrap(),
        QueueItemState::Cancelled
    );
    let waiting =
        r#"{"_class":"hudson.model.Queue$WaitingItem","id":5,"why":"In the quiet period."}"#;
    assert_eq!(
        parse_queue_item(waiting.as_bytes()).unwrap(),
        QueueItemState::Waiting {
            why: Some("In the quiet period.".into())
        }
    );
    let q = r#"{"_class":"hudson.model.Queue","items":[{"id":9,"why":"Waiting for next available executor","inQueueSince":1763632680000,"task":{"name":"main","url":"http://j/job/api/job/main/"}}]}"#;
    let q = parse_queue(q.as_bytes(), "http://j/").unwrap();
    assert_eq!(q[0].job, Some(JobPath::new(["api", "main"])));
}

#[test]
fn labels_and_the_clouds_that_provision_them() {
    let live = parse_label(
        br#"{"_class":"hudson.model.labels.LabelAtom","name":"maven","clouds":[{"_class":"org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud"}]}"#,
    )
    .unwrap();
    assert_eq!(live.name, "maven");
    assert!(live.provisioned());
    let unknown = parse_label(
        br#"{"_class":"hudson.model.labels.LabelAtom","name":"x\u001b[2J","clouds":[]}"#,
    )
    .unwrap();
    assert!(!unknown.provisioned());
    assert!(
        !unknown.name.contains('\u{1b}'),
        "sanitised: {:?}",
        unknown.name
    );
    // `tree=` without clouds: nothing says it can be provisioned.
    assert!(!parse_label(br#"{"name":"x"}"#).unwrap().provisioned());
}
