//! The payments team's JCasC pod templates as the runner would report them, built by the real
//! parser and validator from fixture texts: a clean file shaped like the demo world's
//! (`base`, and `maven`, `golang`, `helmfile` inheriting from it), a broken one with a mistake
//! of every kind the screen must show, and one that is not YAML at all.

use crate::app::msg::Msg;
use crate::repo::agents::{agents_from_text, Agents};
use crate::repo::RepoMsg;

pub const JCASC_FILE: &str = "jenkins/jenkins.yaml";

/// `helmfile` overrides `base`'s `jnlp` with more memory and no image: the image it runs is
/// `base`'s, so a quick edit of it from `helmfile` must land in `base`.
pub const JCASC_CLEAN: &str = r#"# Jenkins of team payments: configured only here (Configuration as Code).
jenkins:
  systemMessage: "payments Jenkins: managed by JCasC"
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
            label: "maven"
            containers:
              - name: "maven"
                image: "maven:3.9-eclipse-temurin-21"
                command: "sleep"
                args: "9999999"
                resourceRequestCpu: "500m"
                resourceRequestMemory: "1Gi"
                resourceLimitCpu: "1"
                resourceLimitMemory: "2Gi"
          - name: "golang"
            namespace: "payments-build"
            inheritFrom: "base"
            label: "golang"
            containers:
              - name: "golang"
                image: "golang:1.24"
                command: "sleep"
                args: "9999999"
                resourceRequestCpu: "500m"
                resourceRequestMemory: "1Gi"
                resourceLimitCpu: "1"
                resourceLimitMemory: "2Gi"
          - name: "helmfile"
            namespace: "payments-build"
            inheritFrom: "base"
            label: "helmfile deploy"
            containers:
              - name: "jnlp"
                resourceRequestMemory: "512Mi"
              - name: "helmfile"
                image: "ghcr.io/helmfile/helmfile:v1.1.7"
                command: "sleep"
                args: "9999999"
                resourceRequestCpu: "250m"
                resourceRequestMemory: "512Mi"
unclassified:
  location:
    url: "http://jenkins.payments-build.svc:8080/"
"#;

/// Every kind of pod template mistake: a parent that does not exist (`golang`), an image
/// without a tag (`maven`), a container without an image (`gradle`), a label on two templates
/// (`java`), and an unknown root.
pub const JCASC_BROKEN: &str = r#"jenkins:
  clouds:
    - kubernetes:
        name: "kubernetes"
        namespace: "payments-build"
        templates:
          - name: "base"
            label: "base"
            containers:
              - name: "jnlp"
                image: "jenkins/inbound-agent:3327.v868139a_d00e0-1"
                resourceRequestCpu: "100m"
                resourceRequestMemory: "256Mi"
          - name: "maven"
            inheritFrom: "base"
            label: "maven java"
            containers:
              - name: "maven"
                image: "maven"
                resourceRequestCpu: "500m"
                resourceLimitMemory: "2Gi"
          - name: "golang"
            inheritFrom: "bsae"
            label: "golang"
            containers:
              - name: "golang"
                image: "golang:1.24"
          - name: "gradle"
            inheritFrom: "base"
            label: "java"
            containers:
              - name: "gradle"
                command: "sleep"
unclasified:
  location:
    url: "http://jenkins.payments-build.svc:8080/"
"#;

/// A YAML syntax error (line 5, column 9: `templates` under `name`'s indentation): nothing but the file-level error can be shown.
pub const JCASC_UNPARSABLE: &str = r#"jenkins:
  clouds:
    - kubernetes:
      name: "kubernetes"
        templates: []
"#;

pub fn agents_of(text: &str) -> Agents {
    agents_from_text(JCASC_FILE, text)
}

/// The message the runner sends once it has read the payments team's JCasC file.
pub fn agents_message(text: &str) -> Msg {
    Msg::Repo(RepoMsg::Agents {
        team: "payments".into(),
        agents: Box::new(agents_of(text)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::validate::Severity;

    #[test]
    fn the_fixtures_read_as_meant_and_findings_fall_on_their_template() {
        let clean = agents_of(JCASC_CLEAN);
        assert_eq!(clean.error, None);
        assert_eq!(clean.findings, Vec::new());
        assert_eq!(clean.templates.len(), 4);

        let broken = agents_of(JCASC_BROKEN);
        let said: Vec<(usize, Severity, &str)> = broken
            .findings
            .iter()
            .map(|f| (f.line, f.severity, f.message.as_str()))
            .collect();
        for needle in [
            "`bsae`",
            "`maven` has no tag",
            "`gradle` has no image",
            "label `java`",
            "`unclasified`",
        ] {
            assert!(
                said.iter().any(|(_, _, m)| m.contains(needle)),
                "{needle}: {said:?}"
            );
        }

        // The last template's findings stop at its last line: the unknown root after it is
        // the file's.
        let gradle = broken.findings_of(3);
        assert_eq!(gradle.len(), 2, "{gradle:?}");
        let file_level: Vec<&str> = broken
            .file_findings()
            .iter()
            .map(|f| f.message.as_str())
            .collect();
        assert_eq!(file_level.len(), 1, "{file_level:?}");
        assert!(file_level[0].contains("`unclasified`"));

        // helmfile's jnlp: its entry is helmfile's, its image base's.
        let jnlp = &clean.templates[3].effective.as_ref().expect("containers")[0];
        assert_eq!(clean.template_at(&jnlp.path), Some(3));
        let image = jnlp.image.as_ref().expect("an image");
        assert_eq!(clean.template_at(&image.path), Some(0));

        let bad = agents_of(JCASC_UNPARSABLE);
        assert!(bad.templates.is_empty());
        assert!(
            bad.error
                .as_deref()
                .is_some_and(|e| e.starts_with("jenkins/jenkins.yaml:")),
            "{bad:?}"
        );
    }
}
