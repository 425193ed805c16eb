//! The JCasC file as the agents screen shows it: the Kubernetes clouds' pod templates, each with
//! its effective containers (`inheritFrom` resolved) and the validation findings on its lines.
//! Blocking (one file read); the text is sanitised before it is parsed, so everything the app
//! keeps from it is clean — edits go to the real file through the runner.

use std::path::Path;

use super::jcasc::{parse_jcasc, ContainerTemplate, PodTemplate};
use super::validate::{validate_jcasc, Finding};
use super::yaml_edit::PathSeg;
use crate::text::sanitize::sanitize_text;

#[derive(Debug, Clone, PartialEq)]
pub struct AgentTemplate {
    pub template: PodTemplate,
    /// The containers an agent of this template runs, or why they cannot be known.
    pub effective: Result<Vec<ContainerTemplate>, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Agents {
    /// The JCasC file, relative to the checkout.
    pub file: String,
    pub templates: Vec<AgentTemplate>,
    pub findings: Vec<Finding>,
    /// Why the file could not be read or parsed at all.
    pub error: Option<String>,
}

impl Agents {
    /// The findings on a template's lines: from its entry to the last line read of it (not to
    /// the next template's entry, so the last template does not take the file's later roots).
    pub fn findings_of(&self, index: usize) -> Vec<&Finding> {
        let Some(t) = self.templates.get(index) else {
            return Vec::new();
        };
        let (start, end) = (t.template.line, last_line(&t.template));
        self.findings
            .iter()
            .filter(|f| f.line >= start && f.line <= end)
            .collect()
    }

    /// The findings on no template's lines: unknown roots, a syntax error.
    pub fn file_findings(&self) -> Vec<&Finding> {
        self.findings
            .iter()
            .filter(|f| {
                !self
                    .templates
                    .iter()
                    .any(|t| f.line >= t.template.line && f.line <= last_line(&t.template))
            })
            .collect()
    }

    /// The template whose entry holds `path` (a container's or a value's): where an inherited
    /// value is written.
    pub fn template_at(&self, path: &[PathSeg]) -> Option<usize> {
        self.templates
            .iter()
            .position(|t| !t.template.path.is_empty() && path.starts_with(&t.template.path))
    }
}

/// The last line of the file read for a template: its own values and its containers'.
fn last_line(t: &PodTemplate) -> usize {
    let fields = [&t.name, &t.label_field, &t.namespace, &t.inherit_from_field];
    let own = fields.into_iter().flatten().map(|f| f.line);
    let containers = t.containers.iter().flat_map(|c| {
        let fields = [
            &c.name,
            &c.image,
            &c.command,
            &c.args,
            &c.resource_request_cpu,
            &c.resource_request_memory,
            &c.resource_limit_cpu,
            &c.resource_limit_memory,
        ];
        fields
            .into_iter()
            .flatten()
            .map(|f| f.line)
            .chain(std::iter::once(c.line))
    });
    own.chain(containers).fold(t.line, usize::max)
}

pub fn load_agents(checkout: &Path, file: &str) -> Agents {
    match std::fs::read(checkout.join(file)) {
        Ok(b) => agents_from_text(file, &String::from_utf8_lossy(&b)),
        Err(e) => Agents {
            file: file.to_string(),
            templates: Vec::new(),
            findings: Vec::new(),
            error: Some(format!("cannot read {file}: {e}")),
        },
    }
}

/// The agents of a JCasC text read from `file` (pure: the screen's tests build theirs here).
pub fn agents_from_text(file: &str, text: &str) -> Agents {
    let text = sanitize_text(text);
    let findings = validate_jcasc(file, &text);
    let jcasc = match parse_jcasc(&text) {
        Ok(j) => j,
        Err(e) => {
            return Agents {
                file: file.to_string(),
                templates: Vec::new(),
                findings,
                error: Some(format!("{file}:{}:{}: {}", e.line, e.column, e.message)),
            }
        }
    };
    let templates = (0..jcasc.templates.len())
        .map(|i| AgentTemplate {
            template: jcasc.templates[i].clone(),
            effective: jcasc.effective_containers(i).map_err(|e| e.to_string()),
        })
        .collect();
    Agents {
        file: file.to_string(),
        templates,
        findings,
        error: None,
    }
}
