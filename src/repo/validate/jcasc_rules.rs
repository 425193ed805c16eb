//! JCasC checks: what makes Jenkins refuse the reload (an unknown root), and the pod
//! template mistakes that make agents fail or differ from what the file seems to say.

use std::collections::HashMap;

use super::Finding;
use crate::repo::jcasc::{parse_jcasc, ContainerTemplate, InheritError, Jcasc, PodTemplate};

/// The root keys JCasC has a configurator for with the usual plugins (jenkins-api.md §8.3,
/// plus `appearance` from the theme plugin). Any other root fails the reload with "No
/// configurator found for the following root element".
pub const JCASC_ROOTS: &[&str] = &[
    "jenkins",
    "credentials",
    "unclassified",
    "tool",
    "security",
    "jobs",
    "appearance",
    "configuration-as-code",
];

/// The findings on a JCasC file: a syntax error alone when it does not parse, else every
/// root and pod template finding.
pub fn validate_jcasc(file: &str, text: &str) -> Vec<Finding> {
    let jcasc = match parse_jcasc(text) {
        Ok(j) => j,
        Err(e) => return vec![Finding::error(file, (e.line, e.column), e.message)],
    };
    let mut out = Vec::new();
    for (root, line, column) in &jcasc.roots {
        if !JCASC_ROOTS.contains(&root.as_str()) {
            out.push(Finding::error(
                file,
                (*line, *column),
                format!(
                    "unknown root `{root}`: Jenkins has no configurator for it (roots: {})",
                    JCASC_ROOTS.join(", ")
                ),
            ));
        }
    }
    Checker {
        file,
        jcasc: &jcasc,
        out: &mut out,
    }
    .templates();
    out
}

struct Checker<'a> {
    file: &'a str,
    jcasc: &'a Jcasc,
    out: &'a mut Vec<Finding>,
}

fn at_template(t: &PodTemplate) -> (usize, usize) {
    (t.line, t.column)
}

fn at_container(c: &ContainerTemplate) -> (usize, usize) {
    (c.line, c.column)
}

impl Checker<'_> {
    fn templates(&mut self) {
        let mut first_by_name: HashMap<&str, &PodTemplate> = HashMap::new();
        let mut first_by_label: HashMap<&str, &PodTemplate> = HashMap::new();
        for (i, t) in self.jcasc.templates.iter().enumerate() {
            match &t.name {
                None => self.error(at_template(t), "pod template without a name".into()),
                Some(name) => match first_by_name.get(name.value.as_str()) {
                    Some(first) => self.error(
                        (name.line, name.column),
                        format!(
                            "pod template name `{}` is already used at line {}",
                            name.value, first.line
                        ),
                    ),
                    None => {
                        first_by_name.insert(&name.value, t);
                    }
                },
            }
            for label in &t.labels {
                match first_by_label.get(label.as_str()) {
                    Some(first) => {
                        let pos = t
                            .label_field
                            .as_ref()
                            .map_or(at_template(t), |f| (f.line, f.column));
                        self.warning(
                            pos,
                            format!(
                                "label `{label}` is also on pod template `{}` (line {}): jobs asking for it get the first",
                                first.name().unwrap_or("?"),
                                first.line
                            ),
                        );
                    }
                    None => {
                        first_by_label.insert(label, t);
                    }
                }
            }
            self.parents(t);
            self.containers(i, t);
        }
    }

    fn parents(&mut self, t: &PodTemplate) {
        let Some(field) = &t.inherit_from_field else {
            return;
        };
        for parent in &t.inherit_from {
            if self.jcasc.template(parent).is_none() {
                self.error(
                    (field.line, field.column),
                    format!("inheritFrom names `{parent}`, which is no pod template"),
                );
            }
        }
    }

    fn containers(&mut self, index: usize, t: &PodTemplate) {
        let effective = match self.jcasc.effective_containers(index) {
            Ok(cs) => Some(cs),
            Err(e @ InheritError::Cycle { .. }) => {
                let pos = t
                    .inherit_from_field
                    .as_ref()
                    .map_or(at_template(t), |f| (f.line, f.column));
                self.error(pos, e.to_string());
                None
            }
            Err(InheritError::NoSuchTemplate(_)) => None,
        };
        for c in &t.containers {
            let Some(name) = c.name() else {
                self.error(at_container(c), "container without a name".into());
                continue;
            };
            match &c.image {
                Some(image) => {
                    if let Some(why) = unpinned(&image.value) {
                        self.warning(
                            (image.line, image.column),
                            format!("image `{}` {why}", image.value),
                        );
                    }
                }
                None => {
                    let inherited = effective.as_ref().is_none_or(|cs| {
                        cs.iter()
                            .any(|e| e.name() == Some(name) && e.image.is_some())
                    });
                    if !inherited {
                        self.error(
                            at_container(c),
                            format!("container `{name}` has no image, nor has any template it inherits from"),
                        );
                    }
                }
            }
        }
    }

    fn error(&mut self, pos: (usize, usize), message: String) {
        self.out.push(Finding::error(self.file, pos, message));
    }

    fn warning(&mut self, pos: (usize, usize), message: String) {
        self.out.push(Finding::warning(self.file, pos, message));
    }
}

/// Why an image reference is not pinned, if it is not: no tag (Kubernetes pulls `latest`),
/// or `:latest` itself. A digest (`@sha256:…`) pins it whatever the tag.
fn unpinned(image: &str) -> Option<&'static str> {
    if image.contains('@') {
        return None;
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    match name.split_once(':') {
        None => Some("has no tag: it runs whatever `latest` is at pull time"),
        Some((_, "latest")) => Some("uses `:latest`: agents may differ from one build to the next"),
        Some(_) => None,
    }
}
