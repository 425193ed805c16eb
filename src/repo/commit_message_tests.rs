use super::commit_message::*;

fn set(file: &str, path: &str, old: &str, new: &str) -> Edit {
    Edit {
        file: file.into(),
        path: path.into(),
        subject: None,
        object: None,
        change: Change::Set {
            old: old.into(),
            new: new.into(),
        },
    }
}

#[test]
fn one_stage_value() {
    let m = commit_message(&[set(
        "values/qa/payments-api.yaml",
        "image.tag",
        "1.4.2",
        "1.4.3",
    )])
    .unwrap();
    assert_eq!(m.summary, "qa: payments-api image.tag 1.4.2 → 1.4.3");
    assert_eq!(m.body, "");
    assert_eq!(m.to_string(), "qa: payments-api image.tag 1.4.2 → 1.4.3");
}

#[test]
fn a_jcasc_template_added_and_a_value_added() {
    let added = Edit {
        file: "jenkins/jenkins.yaml".into(),
        path: "jenkins.clouds[0].kubernetes.templates[5]".into(),
        subject: Some("template helmfile".into()),
        object: None,
        change: Change::Added { value: None },
    };
    assert_eq!(
        commit_message(&[added]).unwrap().summary,
        "jenkins: template helmfile added"
    );
    let override_added = Edit {
        file: "values/dev/api.yaml".into(),
        path: "image.tag".into(),
        subject: None,
        object: None,
        change: Change::Added {
            value: Some("1.10".into()),
        },
    };
    assert_eq!(
        commit_message(&[override_added]).unwrap().summary,
        "dev: api image.tag added: 1.10"
    );
}

#[test]
fn a_promotion_names_the_stages_once() {
    let m = commit_message(&[
        set("values/qa/api.yaml", "image.tag", "1.4.2", "1.4.3"),
        set("values/prod/api.yaml", "image.tag", "1.4.2", "1.4.3"),
    ])
    .unwrap();
    assert_eq!(m.summary, "qa, prod: api image.tag 1.4.2 → 1.4.3");
    assert_eq!(
        m.body,
        "- values/qa/api.yaml: image.tag 1.4.2 → 1.4.3\n- values/prod/api.yaml: image.tag 1.4.2 → 1.4.3"
    );
}

#[test]
fn several_edits_summarise_and_list() {
    let m = commit_message(&[
        set("values/qa/api.yaml", "image.tag", "1.4.2", "1.4.3"),
        set("values/qa/worker.yaml", "replicaCount", "1", "2"),
        set("values/qa/api.yaml", "env.LOG_LEVEL", "debug", "info"),
    ])
    .unwrap();
    assert_eq!(m.summary, "qa: 3 edits in api, worker");
    assert_eq!(m.body.lines().count(), 3);
    assert_eq!(
        m.body.lines().nth(1),
        Some("- values/qa/worker.yaml: replicaCount 1 → 2")
    );
    let m = commit_message(&[
        set("values/qa/api.yaml", "image.tag", "1", "2"),
        set("jenkins/jenkins.yaml", "jenkins.numExecutors", "0", "1"),
        set("environments/dev.yaml", "stage", "dev", "dev2"),
    ])
    .unwrap();
    assert_eq!(m.summary, "3 edits in qa, jenkins, dev");
}

#[test]
fn a_long_summary_drops_the_values_into_the_body() {
    let e = Edit {
        subject: Some("template maven image".into()),
        object: None,
        ..set(
            "jenkins/jenkins.yaml",
            "jenkins.clouds[0].kubernetes.templates[1].containers[0].image",
            "registry.example.com/mirror/maven:3.9-eclipse-temurin-21",
            "registry.example.com/mirror/maven:3.9.9-eclipse-temurin-21",
        )
    };
    let m = commit_message(&[e]).unwrap();
    assert_eq!(m.summary, "jenkins: template maven image changed");
    assert_eq!(m.body, "- jenkins/jenkins.yaml: template maven image registry.example.com/mirror/maven:3.9-eclipse-temurin-21 → registry.example.com/mirror/maven:3.9.9-eclipse-temurin-21");
}

#[test]
fn the_summary_never_exceeds_72_characters() {
    let long_path = "a".repeat(100);
    let m = commit_message(&[set("values/qa/api.yaml", &long_path, "x", "y")]).unwrap();
    assert_eq!(m.summary.chars().count(), 72);
    assert!(m.summary.ends_with('…'));
    assert_eq!(commit_message(&[]), None);
}

#[test]
fn control_characters_in_values_do_not_break_the_summary() {
    let m = commit_message(&[set("values/qa/api.yaml", "motd", "a\nb", "")]).unwrap();
    assert_eq!(m.summary, "qa: api motd a b → \"\"");
}
