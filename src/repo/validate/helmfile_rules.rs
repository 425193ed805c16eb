//! Helmfile checks on a small model of the loaded state: the Helmfile loader fills it (with
//! each values file's existence checked), so these rules need no file system and no
//! template rendering.

use super::Finding;

/// What Helmfile does about a values file that does not exist (`missingFileHandler`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingFileHandler {
    #[default]
    Error,
    Warn,
    Info,
    Debug,
}

impl MissingFileHandler {
    /// The handler a Helmfile value names (`Error`, `Warn`, `Info`, `Debug`), if it is one.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "Error" => Some(Self::Error),
            "Warn" => Some(Self::Warn),
            "Info" => Some(Self::Info),
            "Debug" => Some(Self::Debug),
            _ => None,
        }
    }
}

/// A values file named in the Helmfile: the path as resolved (for a templated path, once per
/// environment, with that environment named), where it is referenced, and whether it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValuesFileRef {
    pub path: String,
    pub environment: Option<String>,
    pub line: usize,
    pub column: usize,
    pub exists: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvironmentInput {
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub values: Vec<ValuesFileRef>,
    pub missing_file_handler: Option<MissingFileHandler>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseInput {
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub chart: Option<String>,
    pub namespace: Option<String>,
    pub values: Vec<ValuesFileRef>,
    pub missing_file_handler: Option<MissingFileHandler>,
}

/// The Helmfile as the validation needs it; `missing_file_handler` is the top-level default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HelmfileInput {
    pub file: String,
    pub environments: Vec<EnvironmentInput>,
    pub releases: Vec<ReleaseInput>,
    pub missing_file_handler: Option<MissingFileHandler>,
}

pub fn validate_helmfile(h: &HelmfileInput) -> Vec<Finding> {
    let mut out = Vec::new();
    let default = h.missing_file_handler.unwrap_or_default();
    for env in &h.environments {
        let handler = env.missing_file_handler.unwrap_or(default);
        for v in env.values.iter().filter(|v| !v.exists) {
            out.push(missing(
                &h.file,
                v,
                handler,
                &format!("environment `{}`", env.name),
            ));
        }
    }
    for r in &h.releases {
        let pos = (r.line, r.column);
        if r.chart.as_deref().is_none_or(str::is_empty) {
            out.push(Finding::error(
                &h.file,
                pos,
                format!("release `{}` has no chart", r.name),
            ));
        }
        if r.namespace.as_deref().is_none_or(str::is_empty) {
            out.push(Finding::error(
                &h.file,
                pos,
                format!(
                    "release `{}` has no namespace: it would go to the kube context's current one",
                    r.name
                ),
            ));
        }
        let handler = r.missing_file_handler.unwrap_or(default);
        for v in r.values.iter().filter(|v| !v.exists) {
            out.push(missing(
                &h.file,
                v,
                handler,
                &format!("release `{}`", r.name),
            ));
        }
    }
    out
}

/// A missing values file: an error, unless the handler lets Helmfile go on without it.
fn missing(file: &str, v: &ValuesFileRef, handler: MissingFileHandler, owner: &str) -> Finding {
    let env = v
        .environment
        .as_ref()
        .map_or(String::new(), |e| format!(" in environment `{e}`"));
    let pos = (v.line, v.column);
    match handler {
        MissingFileHandler::Error => Finding::error(
            file,
            pos,
            format!("values file `{}` of {owner}{env} does not exist", v.path),
        ),
        MissingFileHandler::Warn | MissingFileHandler::Info | MissingFileHandler::Debug => {
            Finding::warning(
                file,
                pos,
                format!(
                    "values file `{}` of {owner}{env} does not exist (skipped: missingFileHandler {handler:?})",
                    v.path
                ),
            )
        }
    }
}
