use super::*;

const FILE: &str = "jenkins/jenkins.yaml";

/// (line, column, severity, message) of each finding, in order.
fn brief(findings: &[Finding]) -> Vec<(usize, usize, Severity, String)> {
    findings
        .iter()
        .map(|f| {
            assert_eq!(f.file, FILE);
            (f.line, f.column, f.severity, f.message.clone())
        })
        .collect()
}

const GOOD: &str = r#"jenkins:
  clouds:
    - kubernetes:
        name: "kubernetes"
        templates:
          - name: "base"
            label: "base"
            containers:
              - name: "jnlp"
                image: "jenkins/inbound-agent:3327.v868139a_d00e0-1"
          - name: "maven"
            inheritFrom: "base"
            label: "maven"
            containers:
              - name: "jnlp"
                resourceLimitCpu: "1"
              - name: "maven"
                image: "maven@sha256:0123abcd"
unclassified:
  location:
    url: "http://jenkins.example/"
credentials: {}
"#;

#[test]
fn a_sound_jcasc_file_has_no_findings() {
    assert_eq!(validate_jcasc(FILE, GOOD), vec![]);
}

#[test]
fn a_syntax_error_is_the_only_finding_with_its_position() {
    let findings = validate_jcasc(FILE, "jenkins:\n  systemMessage: \"open\n");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Error);
    // libyaml reports where it gave up (the end of the stream), and names the scalar's start.
    assert_eq!(findings[0].line, 3);
    assert!(
        findings[0].message.contains("quoted scalar"),
        "{}",
        findings[0].message
    );
    assert!(blocks_commit(&findings));
    let findings = validate_yaml(FILE, "a: 1\n b: 2\n");
    assert_eq!((findings[0].line, findings[0].column), (2, 3));
    assert_eq!(validate_yaml(FILE, "a: 1\n---\nb: 2\n"), vec![]);
}

#[test]
fn jcasc_mistakes_are_found_where_they_are() {
    let text = r#"jenkins:
  clouds:
    - kubernetes:
        templates:
          - name: base
            label: "base shared"
            containers:
              - name: jnlp
                image: jenkins/inbound-agent
          - name: base
            inheritFrom: "base ghost"
            label: shared
            containers:
              - image: busybox:1.36
              - name: tool
                image: registry.example.com:5000/tools:latest
              - name: sidecar
jobz:
  - script: x
"#;
    let e = Severity::Error;
    let w = Severity::Warning;
    assert_eq!(
        brief(&validate_jcasc(FILE, text)),
        vec![
            (18, 1, e, "unknown root `jobz`: Jenkins has no configurator for it (roots: jenkins, credentials, unclassified, tool, security, jobs, appearance, configuration-as-code)".into()),
            (9, 24, w, "image `jenkins/inbound-agent` has no tag: it runs whatever `latest` is at pull time".into()),
            (10, 19, e, "pod template name `base` is already used at line 5".into()),
            (12, 20, w, "label `shared` is also on pod template `base` (line 5): jobs asking for it get the first".into()),
            (11, 26, e, "inheritFrom names `ghost`, which is no pod template".into()),
            (14, 17, e, "container without a name".into()),
            (16, 24, w, "image `registry.example.com:5000/tools:latest` uses `:latest`: agents may differ from one build to the next".into()),
            (17, 17, e, "container `sidecar` has no image, nor has any template it inherits from".into()),
        ]
    );
}

#[test]
fn an_inherit_cycle_is_an_error_on_the_inherit_line() {
    let text = "jenkins:\n  clouds:\n    - kubernetes:\n        templates:\n          - name: a\n            inheritFrom: a\n";
    assert_eq!(
        brief(&validate_jcasc(FILE, text)),
        vec![(6, 26, Severity::Error, "inheritFrom cycle: a → a".into())]
    );
}

fn values(path: &str, line: usize, exists: bool) -> ValuesFileRef {
    ValuesFileRef {
        path: path.into(),
        environment: None,
        line,
        column: 9,
        exists,
    }
}

fn release(name: &str, chart: Option<&str>, namespace: Option<&str>) -> ReleaseInput {
    ReleaseInput {
        name: name.into(),
        line: 20,
        column: 5,
        chart: chart.map(String::from),
        namespace: namespace.map(String::from),
        values: vec![],
        missing_file_handler: None,
    }
}

#[test]
fn helmfile_missing_files_and_incomplete_releases() {
    let mut api = release("payments-api", Some("payments/api"), Some("payments-qa"));
    api.values = vec![
        values("values/common/api.yaml", 24, true),
        ValuesFileRef {
            environment: Some("e2e".into()),
            ..values("values/e2e/api.yaml", 25, false)
        },
    ];
    api.missing_file_handler = Some(MissingFileHandler::Warn);
    let mut worker = release("payments-worker", None, None);
    worker.values = vec![values("values/common/worker.yaml", 31, false)];
    let h = HelmfileInput {
        file: "helmfile.yaml.gotmpl".into(),
        environments: vec![EnvironmentInput {
            name: "qa".into(),
            line: 3,
            column: 3,
            values: vec![
                values("environments/common.yaml", 5, true),
                values("environments/qa.yaml", 6, false),
            ],
            missing_file_handler: None,
        }],
        releases: vec![api, worker],
        missing_file_handler: None,
    };
    let got: Vec<_> = validate_helmfile(&h)
        .into_iter()
        .map(|f| {
            assert_eq!(f.file, "helmfile.yaml.gotmpl");
            (f.line, f.severity, f.message)
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (6, Severity::Error, "values file `environments/qa.yaml` of environment `qa` does not exist".to_string()),
            (25, Severity::Warning, "values file `values/e2e/api.yaml` of release `payments-api` in environment `e2e` does not exist (skipped: missingFileHandler Warn)".to_string()),
            (20, Severity::Error, "release `payments-worker` has no chart".to_string()),
            (20, Severity::Error, "release `payments-worker` has no namespace: it would go to the kube context's current one".to_string()),
            (31, Severity::Error, "values file `values/common/worker.yaml` of release `payments-worker` does not exist".to_string()),
        ]
    );
}

#[test]
fn a_top_level_handler_applies_unless_a_release_sets_its_own() {
    let mut lenient = release("a", Some("c/a"), Some("ns"));
    lenient.values = vec![values("v/a.yaml", 7, false)];
    let mut strict = release("b", Some("c/b"), Some("ns"));
    strict.values = vec![values("v/b.yaml", 8, false)];
    strict.missing_file_handler = Some(MissingFileHandler::Error);
    let h = HelmfileInput {
        file: "helmfile.yaml".into(),
        releases: vec![lenient, strict],
        missing_file_handler: MissingFileHandler::parse("Info"),
        ..HelmfileInput::default()
    };
    let severities: Vec<_> = validate_helmfile(&h).iter().map(|f| f.severity).collect();
    assert_eq!(severities, [Severity::Warning, Severity::Error]);
    assert!(blocks_commit(&validate_helmfile(&h)));
    assert!(!blocks_commit(&validate_helmfile(&HelmfileInput {
        releases: vec![],
        ..h
    })));
}
