//! The agents side of a JCasC file: the Kubernetes clouds' pod templates, their containers,
//! and each template's effective containers once `inheritFrom` is resolved the way the
//! kubernetes plugin does (`PodTemplateUtils.unwrap`/`combine`). Every value keeps its line
//! and its YAML path, so a screen can point into the file and a quick edit can target
//! `jenkins.clouds[0].kubernetes.templates[2].containers[0].image`.

mod inherit;
mod label_match;
mod parse;

#[cfg(test)]
mod tests;

pub use inherit::InheritError;
pub use parse::parse_jcasc;

use super::yaml_edit::PathSeg;

/// A value read from the file, with where it stands (1-based line and column, and the path
/// `set_scalar` takes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub value: String,
    pub line: usize,
    pub column: usize,
    pub path: Vec<PathSeg>,
}

/// One container of a pod template, as written or as merged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerTemplate {
    pub name: Option<Field>,
    pub image: Option<Field>,
    pub command: Option<Field>,
    pub args: Option<Field>,
    pub resource_request_cpu: Option<Field>,
    pub resource_request_memory: Option<Field>,
    pub resource_limit_cpu: Option<Field>,
    pub resource_limit_memory: Option<Field>,
    /// 1-based line and column of the container's entry (`- name: …`).
    pub line: usize,
    pub column: usize,
    pub path: Vec<PathSeg>,
}

impl ContainerTemplate {
    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(|f| f.value.as_str())
    }

    pub fn image(&self) -> Option<&str> {
        self.image.as_ref().map(|f| f.value.as_str())
    }
}

/// One pod template of a Kubernetes cloud.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PodTemplate {
    pub name: Option<Field>,
    /// `label` split on white space: a template may carry several labels.
    pub labels: Vec<String>,
    pub label_field: Option<Field>,
    pub namespace: Option<Field>,
    /// `inheritFrom` split on spaces: parents by template name, later parents win.
    pub inherit_from: Vec<String>,
    pub inherit_from_field: Option<Field>,
    pub containers: Vec<ContainerTemplate>,
    /// The `name` of the cloud the template belongs to, if set.
    pub cloud: Option<String>,
    /// 1-based line and column of the template's entry (`- name: …`).
    pub line: usize,
    pub column: usize,
    pub path: Vec<PathSeg>,
}

impl PodTemplate {
    pub fn name(&self) -> Option<&str> {
        self.name.as_ref().map(|f| f.value.as_str())
    }
}

/// The pod templates of every Kubernetes cloud in a JCasC file, in file order, and the file's
/// root keys with their lines and columns (for validation).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Jcasc {
    pub templates: Vec<PodTemplate>,
    pub roots: Vec<(String, usize, usize)>,
}

impl Jcasc {
    /// The first template with this name (the plugin looks parents up the same way).
    pub fn template(&self, name: &str) -> Option<&PodTemplate> {
        self.templates.iter().find(|t| t.name() == Some(name))
    }

    /// The templates a job asking for `label` could run on: `label` is an atom (`maven`) or
    /// a Jenkins label expression of atoms with `&&`, `||`, `!` and parentheses.
    pub fn templates_for_label(&self, label: &str) -> Vec<&PodTemplate> {
        let Some(expr) = label_match::LabelExpr::parse(label) else {
            return Vec::new();
        };
        self.templates
            .iter()
            .filter(|t| expr.matches(&t.labels))
            .collect()
    }

    /// The containers of template `index` with `inheritFrom` resolved.
    pub fn effective_containers(
        &self,
        index: usize,
    ) -> Result<Vec<ContainerTemplate>, InheritError> {
        inherit::effective_containers(self, index)
    }
}
