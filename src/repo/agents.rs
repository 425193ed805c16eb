//! The JCasC file as the agents screen shows it: the Kubernetes clouds' pod templates, each with
//! its effective containers (`inheritFrom` resolved) and the validation findings on its lines.
//! Blocking (one file read); the text is sanitised before it is parsed, so everything the app
//! keeps from it is clean — edits go to the real file through the runner.

use std::path::Path;

use super::jcasc::{parse_jcasc, ContainerTemplate, PodTemplate};
use super::validate::{validate_jcasc, Finding};
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
    /// The findings on a template's lines (from its entry to the next template's).
    pub fn findings_of(&self, index: usize) -> Vec<&Finding> {
        let Some(t) = self.templates.get(index) else {
            return Vec::new();
        };
        let start = t.template.line;
        let end = self
            .templates
            .get(index + 1)
            .map_or(usize::MAX, |n| n.template.line);
        self.findings
            .iter()
            .filter(|f| f.line >= start && f.line < end)
            .collect()
    }
}

pub fn load_agents(checkout: &Path, file: &str) -> Agents {
    let empty = |error: String| Agents {
        file: file.to_string(),
        templates: Vec::new(),
        findings: Vec::new(),
        error: Some(error),
    };
    let text = match std::fs::read(checkout.join(file)) {
        Ok(b) => sanitize_text(&String::from_utf8_lossy(&b)),
        Err(e) => return empty(format!("cannot read {file}: {e}")),
    };
    let findings = validate_jcasc(file, &text);
    let jcasc = match parse_jcasc(&text) {
        Ok(j) => j,
        Err(e) => {
            return Agents {
                findings,
                ..empty(format!("{file}:{}:{}: {}", e.line, e.column, e.message))
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
