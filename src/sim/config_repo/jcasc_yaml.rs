//! The team's JCasC file as a platform team would write it (reference §8.3): system message,
//! local users, a permission matrix, the Kubernetes cloud with a pod template per build tool,
//! and the root URL. Passwords are `${VAR}` references resolved by the simulated Jenkins'
//! secret source, never written into the repo.

use crate::sim::world::catalog::Team;
use crate::sim::world::logs::Lang;

/// The build tool container a language's pipelines use: (template name, container image).
pub fn build_tool(lang: Lang) -> (&'static str, &'static str) {
    match lang {
        Lang::Java => ("maven", "maven:3.9-eclipse-temurin-21"),
        Lang::Go => ("golang", "golang:1.24"),
        Lang::Python => ("python", "python:3.12-slim"),
        Lang::Node => ("node", "node:22-alpine"),
    }
}

fn tool_template(out: &mut String, ns: &str, name: &str, image: &str) {
    out.push_str(&format!(
        r#"          - name: "{name}"
            namespace: "{ns}"
            inheritFrom: "base"
            label: "{name}"
            containers:
              - name: "{name}"
                image: "{image}"
                command: "sleep"
                args: "9999999"
                ttyEnabled: true
                resourceRequestCpu: "500m"
                resourceRequestMemory: "1Gi"
                resourceLimitCpu: "1"
                resourceLimitMemory: "2Gi"
"#
    ));
}

/// The JCasC YAML of `team`'s Jenkins; `with_helm_template` adds the deploy jobs' pod template
/// (the second commit of the seeded history).
pub fn jcasc_yaml(team: &Team, jenkins_url: &str, with_helm_template: bool) -> String {
    let t = &team.name;
    let ns = format!("{t}-build");
    let mut out = format!(
        r#"# Jenkins of team {t}: configured only here (Configuration as Code).
# Manual changes in the UI are lost on reload: change this file, push, then
# "Update configuration" (POST /configuration-as-code/reload).
jenkins:
  systemMessage: "{t} Jenkins: managed by JCasC from {t}-config (jenkins/jenkins.yaml)"
  numExecutors: 0
  mode: EXCLUSIVE
  quietPeriod: 5
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: "admin"
          name: "Admin"
          password: "${{JENKINS_ADMIN_PASSWORD}}"
        - id: "viewer"
          name: "Viewer"
          password: "${{JENKINS_VIEWER_PASSWORD}}"
  authorizationStrategy:
    globalMatrix:
      entries:
        - user:
            name: "admin"
            permissions:
              - "Overall/Administer"
        - user:
            name: "viewer"
            permissions:
              - "Overall/Read"
              - "Job/Read"
  crumbIssuer:
    standard:
      excludeClientIPFromCrumb: true
  clouds:
    - kubernetes:
        name: "kubernetes"
        namespace: "{ns}"
        jenkinsUrl: "http://jenkins.{ns}.svc:8080/"
        jenkinsTunnel: "jenkins-agent.{ns}.svc:50000"
        containerCapStr: "20"
        templates:
          - name: "base"
            namespace: "{ns}"
            label: "base"
            nodeUsageMode: "NORMAL"
            idleMinutes: 0
            containers:
              - name: "jnlp"
                image: "jenkins/inbound-agent:3327.v868139a_d00e0-1"
                resourceRequestCpu: "100m"
                resourceRequestMemory: "256Mi"
"#
    );
    let mut tools: Vec<(&str, &str)> = team.apps.iter().map(|a| build_tool(a.lang)).collect();
    tools.sort();
    tools.dedup();
    for (name, image) in tools {
        tool_template(&mut out, &ns, name, image);
    }
    if with_helm_template {
        tool_template(
            &mut out,
            &ns,
            "helmfile",
            "ghcr.io/helmfile/helmfile:v1.1.7",
        );
    }
    out.push_str(&format!(
        r#"unclassified:
  location:
    url: "{jenkins_url}"
    adminAddress: "{t} Jenkins <jenkins@{t}.example.com>"
credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: "git"
              username: "ci-{t}"
              password: "${{GIT_PASSWORD}}"
"#
    ));
    out
}
