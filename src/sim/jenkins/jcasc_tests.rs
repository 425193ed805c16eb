use super::*;
use crate::sim::config_repo::jcasc_yaml;
use crate::sim::world::catalog::teams;

fn secrets(name: &str) -> Option<String> {
    (name == "JENKINS_ADMIN_PASSWORD").then(|| "s3cret".to_string())
}

#[test]
fn the_demo_file_loads_with_every_part() {
    let yaml = jcasc_yaml(&teams(1)[0], "http://127.0.0.1:9/", true);
    let cfg = apply(&RunningConfig::default(), &yaml, &secrets).unwrap();
    assert!(cfg.system_message.unwrap().starts_with("payments Jenkins"));
    assert_eq!(cfg.num_executors, 0);
    assert_eq!(cfg.mode, "EXCLUSIVE");
    assert_eq!(cfg.location_url.as_deref(), Some("http://127.0.0.1:9/"));
    assert_eq!(cfg.users[0].id, "admin");
    assert_eq!(cfg.users[0].password, "s3cret");
    assert_eq!(
        cfg.users[1].password, "",
        "unknown variables resolve to empty"
    );
    assert!(matches!(cfg.authz, Authz::Matrix(ref e) if e.len() == 2));
    assert!(cfg.templates.iter().any(|t| t.name == "helmfile"));
    assert!(cfg.templates.iter().any(|t| t.containers
        == [(
            "maven".to_string(),
            "maven:3.9-eclipse-temurin-21".to_string()
        )]));
}

#[test]
fn unknown_attribute_is_refused_with_the_plugins_words() {
    let err = apply(
        &RunningConfig::default(),
        "jenkins:\n  systemMessage2: hi\n",
        &secrets,
    )
    .unwrap_err();
    let JcascError::Config {
        message,
        attribute,
        valid,
        ..
    } = err
    else {
        panic!("a configurator error")
    };
    assert!(message.starts_with(
        "Invalid configuration elements for type: class jenkins.model.Jenkins : systemMessage2.\nAvailable attributes : "
    ));
    assert_eq!(attribute.as_deref(), Some("systemMessage2"));
    assert!(valid.contains(&"systemMessage".to_string()));
}

#[test]
fn unknown_root_bad_values_and_syntax() {
    let cur = RunningConfig::default();
    let err = apply(&cur, "jenkinz:\n  systemMessage: x\n", &secrets).unwrap_err();
    assert!(err
        .to_string()
        .starts_with("No configurator found for the following root element: jenkinz."));
    let err = apply(&cur, "jenkins:\n  numExecutors: many\n", &secrets).unwrap_err();
    assert!(matches!(err, JcascError::Config { .. }));
    let yaml = "jenkins:\n  clouds:\n    - kubernetes:\n        templates:\n          - name: x\n            containers:\n              - name: c\n                imag: busybox\n";
    let err = apply(&cur, yaml, &secrets).unwrap_err();
    assert!(
        err.to_string().contains("ContainerTemplate : imag."),
        "{err}"
    );
    let err = apply(&cur, "jenkins:\n  systemMessage: [unclosed\n", &secrets).unwrap_err();
    assert!(matches!(err, JcascError::Syntax(_)));
}

#[test]
fn attributes_not_mentioned_keep_their_values() {
    let cur = apply(
        &RunningConfig::default(),
        "jenkins:\n  systemMessage: one\n  numExecutors: 3\n",
        &secrets,
    )
    .unwrap();
    let next = apply(&cur, "jenkins:\n  systemMessage: two\n", &secrets).unwrap();
    assert_eq!(next.system_message.as_deref(), Some("two"));
    assert_eq!(next.num_executors, 3);
    assert_eq!(apply(&cur, "", &secrets).unwrap(), cur);
}
