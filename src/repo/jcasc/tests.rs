use super::*;
use crate::repo::yaml_edit::{format_path, set_scalar};

const JCASC: &str = r#"# Jenkins of team payments: configured only here.
jenkins:
  numExecutors: 0
  clouds:
    - kubernetes:
        name: "kubernetes"
        namespace: "payments-build"
        templates:
          - name: "base"
            namespace: "payments-build"
            label: "base"
            containers:
              - name: "jnlp"
                image: "jenkins/inbound-agent:3327.v868139a_d00e0-1"
                resourceRequestCpu: "100m"
                resourceRequestMemory: "256Mi"
          - name: "maven"
            namespace: "payments-build"
            inheritFrom: "base"
            label: "maven java"
            containers:
              - name: "maven"
                image: "maven:3.9-eclipse-temurin-21"
                command: "sleep"
                args: "9999999"
                resourceLimitCpu: "1"
                resourceLimitMemory: "2Gi"

          # a bigger maven for the monolith
          - name: "maven-big"
            inheritFrom: "maven"
            label: "maven-big"
            containers:
              - name: "maven"
                resourceLimitMemory: "8Gi"
              - name: "jnlp"
                image: "jenkins/inbound-agent:3345.v03dee9b_f88fc-1"
          - name: "golang"
            label: "golang"
            containers:
              - name: "golang"
                image: "golang:1.24"
          - name: "polyglot"
            inheritFrom: "golang  maven"
            label: "polyglot"
unclassified:
  location:
    url: "http://jenkins.payments.example/"
"#;

fn summary(cs: &[ContainerTemplate]) -> Vec<(String, String, usize)> {
    cs.iter()
        .map(|c| {
            let image = c.image.as_ref().expect("image");
            (
                c.name().expect("name").to_string(),
                image.value.clone(),
                image.line,
            )
        })
        .collect()
}

#[test]
fn templates_are_read_with_labels_parents_and_lines() {
    let j = parse_jcasc(JCASC).unwrap();
    let names: Vec<_> = j.templates.iter().map(|t| t.name().unwrap()).collect();
    assert_eq!(names, ["base", "maven", "maven-big", "golang", "polyglot"]);
    let maven = &j.templates[1];
    assert_eq!(maven.line, 17);
    assert_eq!(maven.labels, ["maven", "java"]);
    assert_eq!(maven.inherit_from, ["base"]);
    assert_eq!(maven.namespace.as_ref().unwrap().value, "payments-build");
    assert_eq!(maven.cloud.as_deref(), Some("kubernetes"));
    let c = &maven.containers[0];
    assert_eq!(c.line, 22);
    assert_eq!(c.command.as_ref().unwrap().value, "sleep");
    assert_eq!(c.args.as_ref().unwrap().value, "9999999");
    assert_eq!(c.resource_limit_memory.as_ref().unwrap().value, "2Gi");
    assert_eq!(c.resource_request_cpu, None);
    assert_eq!(j.templates[2].line, 30);
    assert_eq!(j.templates[4].inherit_from, ["golang", "maven"]);
    assert_eq!(
        j.roots,
        vec![
            ("jenkins".to_string(), 2, 1),
            ("unclassified".to_string(), 46, 1)
        ]
    );
}

#[test]
fn the_image_path_targets_the_quick_edit() {
    let j = parse_jcasc(JCASC).unwrap();
    let image = j.templates[1].containers[0].image.as_ref().unwrap();
    assert_eq!((image.line, image.column), (23, 24));
    assert_eq!(
        format_path(&image.path),
        "jenkins.clouds[0].kubernetes.templates[1].containers[0].image"
    );
    let out = set_scalar(JCASC, &image.path, "maven:3.9.9-eclipse-temurin-21").unwrap();
    assert_eq!(
        out.lines().nth(22),
        Some(r#"                image: "maven:3.9.9-eclipse-temurin-21""#)
    );
}

#[test]
fn inheriting_adds_the_parents_containers() {
    let j = parse_jcasc(JCASC).unwrap();
    assert_eq!(
        summary(&j.effective_containers(1).unwrap()),
        vec![
            (
                "jnlp".into(),
                "jenkins/inbound-agent:3327.v868139a_d00e0-1".into(),
                14
            ),
            ("maven".into(), "maven:3.9-eclipse-temurin-21".into(), 23),
        ]
    );
}

#[test]
fn a_child_container_overrides_only_the_fields_it_sets() {
    let j = parse_jcasc(JCASC).unwrap();
    let eff = j.effective_containers(2).unwrap();
    assert_eq!(
        summary(&eff),
        vec![
            (
                "jnlp".into(),
                "jenkins/inbound-agent:3345.v03dee9b_f88fc-1".into(),
                37
            ),
            ("maven".into(), "maven:3.9-eclipse-temurin-21".into(), 23),
        ]
    );
    let maven = &eff[1];
    assert_eq!(maven.resource_limit_memory.as_ref().unwrap().value, "8Gi");
    assert_eq!(maven.resource_limit_memory.as_ref().unwrap().line, 35);
    assert_eq!(maven.resource_limit_cpu.as_ref().unwrap().value, "1");
    assert_eq!(maven.command.as_ref().unwrap().value, "sleep");
    assert_eq!(maven.line, 34);
    // The base's jnlp request survives the child's jnlp override.
    assert_eq!(eff[0].resource_request_cpu.as_ref().unwrap().value, "100m");
}

#[test]
fn several_parents_combine_left_to_right() {
    let j = parse_jcasc(JCASC).unwrap();
    assert_eq!(
        summary(&j.effective_containers(4).unwrap()),
        vec![
            ("golang".into(), "golang:1.24".into(), 42),
            (
                "jnlp".into(),
                "jenkins/inbound-agent:3327.v868139a_d00e0-1".into(),
                14
            ),
            ("maven".into(), "maven:3.9-eclipse-temurin-21".into(), 23),
        ]
    );
}

#[test]
fn a_cycle_is_an_error_naming_the_chain_and_a_missing_parent_is_skipped() {
    let text = "jenkins:\n  clouds:\n    - kubernetes:\n        templates:\n          - name: a\n            inheritFrom: b\n          - name: b\n            inheritFrom: a\n          - name: c\n            inheritFrom: nowhere\n            containers:\n              - name: x\n                image: x:1\n";
    let j = parse_jcasc(text).unwrap();
    assert_eq!(
        j.effective_containers(0).unwrap_err(),
        InheritError::Cycle {
            chain: vec!["a".into(), "b".into(), "a".into()]
        }
    );
    assert_eq!(
        j.effective_containers(0).unwrap_err().to_string(),
        "inheritFrom cycle: a → b → a"
    );
    assert_eq!(j.effective_containers(2).unwrap().len(), 1);
    assert_eq!(
        j.effective_containers(9).unwrap_err(),
        InheritError::NoSuchTemplate(9)
    );
}

#[test]
fn templates_for_a_label_and_a_label_expression() {
    let j = parse_jcasc(JCASC).unwrap();
    let names = |label: &str| -> Vec<&str> {
        j.templates_for_label(label)
            .iter()
            .map(|t| t.name().unwrap())
            .collect()
    };
    assert_eq!(names("maven"), ["maven"]);
    assert_eq!(names("java"), ["maven"]);
    assert_eq!(names("maven || golang"), ["maven", "golang"]);
    assert_eq!(names("maven && !java"), Vec::<&str>::new());
    assert_eq!(names("(maven-big || base) && !java"), ["base", "maven-big"]);
    assert_eq!(names("nothing"), Vec::<&str>::new());
    assert_eq!(names("maven -> java"), Vec::<&str>::new());
    assert_eq!(names(""), Vec::<&str>::new());
}

#[test]
fn a_broken_file_is_a_syntax_error_with_its_line() {
    let err = parse_jcasc("jenkins:\n  clouds: [\n").unwrap_err();
    assert_eq!(err.line, 3);
}
