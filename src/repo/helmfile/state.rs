//! The desired state of one environment: each part of each state file rendered in turn
//! (state values from earlier parts feed later ones, reference §1), the environments, the
//! merged state values (§5) and the releases (§3).

use serde_yaml::{Mapping, Value};

use super::binary::Renderer;
use super::env_vars::EnvVars;
use super::error::HelmfileError;
use super::load::{io, Helmfile, StateFile};
use super::merge::deep_merge;
use super::release::{
    parse_release, scalar_text, FileRef, MissingFileHandler, Release, ReleaseCtx, ReleaseSummary,
};
use super::template::{self, RenderNote, Rendered, Scope};
use super::yaml_doc::{self, YamlDoc};

/// One `environments:` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvironmentDef {
    pub name: String,
    /// `values:` files in order (later wins); inline maps are not listed here.
    pub values: Vec<FileRef>,
    pub kube_context: Option<String>,
    pub missing_file_handler: MissingFileHandler,
    /// The state file and line that define it.
    pub file: String,
    pub line: usize,
}

/// What the Helmfile says one environment should run.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredState {
    pub environment: String,
    /// Every environment the state files define (not only the selected one).
    pub environments: Vec<EnvironmentDef>,
    /// `.Values` for the selected environment (§5).
    pub state_values: Value,
    pub releases: Vec<Release>,
    pub renderer: Renderer,
    /// What the built-in renderer could not evaluate or did not follow.
    pub notes: Vec<RenderNote>,
}

impl DesiredState {
    pub fn release(&self, name: &str) -> Option<&Release> {
        self.releases.iter().find(|r| r.name == name)
    }

    /// The same rows `helmfile -e <env> list --output json` gives.
    pub fn summaries(&self) -> Vec<ReleaseSummary> {
        self.releases.iter().map(Release::summary).collect()
    }
}

/// The template's `.` for the state file and values templates.
pub(crate) fn template_dot(
    environment: &str,
    kube_context: Option<&str>,
    values: &Value,
    release: Option<&Release>,
) -> Value {
    let mut env = Mapping::new();
    env.insert("Name".into(), environment.into());
    env.insert("KubeContext".into(), kube_context.unwrap_or("").into());
    env.insert("Values".into(), values.clone());
    let mut dot = Mapping::new();
    dot.insert("Environment".into(), Value::Mapping(env));
    dot.insert("Values".into(), values.clone());
    dot.insert("StateValues".into(), values.clone());
    dot.insert("Namespace".into(), "".into());
    if let Some(r) = release {
        let mut rel = Mapping::new();
        rel.insert("Name".into(), r.name.clone().into());
        rel.insert(
            "Namespace".into(),
            r.namespace.clone().unwrap_or_default().into(),
        );
        rel.insert("Chart".into(), r.chart.clone().unwrap_or_default().into());
        rel.insert(
            "ChartVersion".into(),
            r.version.clone().unwrap_or_default().into(),
        );
        rel.insert("KubeContext".into(), kube_context.unwrap_or("").into());
        let labels: Mapping = r
            .labels
            .iter()
            .map(|(k, v)| (k.clone().into(), v.clone().into()))
            .collect();
        rel.insert("Labels".into(), Value::Mapping(labels));
        dot.insert("Release".into(), Value::Mapping(rel));
    }
    Value::Mapping(dot)
}

/// Reads a values file of the checkout; `.gotmpl` files are rendered with `dot` first.
pub(crate) fn read_values_file(
    helmfile: &Helmfile,
    file: &FileRef,
    dot: &Value,
    env_vars: &EnvVars,
    notes: &mut Vec<RenderNote>,
) -> Result<YamlDoc, HelmfileError> {
    let text = std::fs::read_to_string(helmfile.checkout.join(&file.path))
        .map_err(|e| io(&file.path, e))?;
    let rendered = if file.path.ends_with(".gotmpl") {
        let scope = Scope {
            checkout: &helmfile.checkout,
            env_vars,
        };
        template::render(&text, &file.path, dot, &scope, notes)?
    } else {
        Rendered::verbatim(&text)
    };
    yaml_doc::parse(&rendered, &file.path)
}

impl Helmfile {
    /// Renders the state files for `environment` with the built-in renderer. An environment
    /// that no state file defines is an error, as in Helmfile; `default` always exists.
    pub fn desired_state(
        &self,
        environment: &str,
        env_vars: &EnvVars,
    ) -> Result<DesiredState, HelmfileError> {
        let mut state = DesiredState {
            environment: environment.to_string(),
            environments: Vec::new(),
            state_values: Value::Mapping(Mapping::new()),
            releases: Vec::new(),
            renderer: Renderer::BuiltIn,
            notes: Vec::new(),
        };
        for file in &self.files {
            let defined = self.load_file(file, environment, env_vars, &mut state)?;
            // Every state file of helmfile.d/ is loaded on its own and must know the
            // environment (pkg/state/create.go).
            if environment != "default" && !defined {
                return Err(HelmfileError::UndefinedEnvironment {
                    name: environment.to_string(),
                });
            }
        }
        Ok(state)
    }

    /// The environments the state files define (rendered for `default`).
    pub fn environments(&self, env_vars: &EnvVars) -> Result<Vec<EnvironmentDef>, HelmfileError> {
        Ok(self.desired_state("default", env_vars)?.environments)
    }

    /// Loads one state file into `state`; true if it defines `environment`.
    fn load_file(
        &self,
        file: &StateFile,
        environment: &str,
        env_vars: &EnvVars,
        state: &mut DesiredState,
    ) -> Result<bool, HelmfileError> {
        let scope = Scope {
            checkout: &self.checkout,
            env_vars,
        };
        let mut root_values: Vec<Value> = Vec::new();
        let mut selected: Option<EnvironmentDef> = None;
        let mut selected_inline: Vec<Value> = Vec::new();
        let mut values = Value::Mapping(Mapping::new());
        let mut handler = MissingFileHandler::Error;
        for (part, first_line) in file.parts() {
            let kube_context = selected.as_ref().and_then(|e| e.kube_context.clone());
            let dot = template_dot(environment, kube_context.as_deref(), &values, None);
            let rendered = if file.is_template() {
                template::render(part, &file.path, &dot, &scope, &mut state.notes)?
            } else {
                Rendered::verbatim(part)
            }
            .offset(first_line - 1);
            let hint = |e| v1_hint(e, file, part);
            let doc = yaml_doc::parse(&rendered, &file.path).map_err(hint)?;
            let Some(map) = doc.value.as_mapping() else {
                if doc.value.is_null() {
                    continue;
                }
                return Err(HelmfileError::Shape {
                    file: file.path.clone(),
                    line: first_line,
                    message: "a state file part must be a map".into(),
                });
            };
            for key in ["bases", "helmfiles", "templates"] {
                if map.contains_key(key) {
                    state.notes.push(RenderNote {
                        file: file.path.clone(),
                        line: doc.line_of(&[key.to_string()]),
                        what: format!("`{key}:` is not followed by the built-in renderer"),
                    });
                }
            }
            if let Some(h) = MissingFileHandler::from_value(map.get("missingFileHandler")) {
                handler = h;
            }
            let mut values_changed = false;
            if let Some(v) = map.get("values").and_then(Value::as_sequence) {
                root_values.extend(v.iter().cloned());
                values_changed = true;
            }
            if let Some(envs) = map.get("environments").and_then(Value::as_mapping) {
                for (name, spec) in envs {
                    let name = scalar_text(name).unwrap_or_default();
                    let def = environment_def(self, file, &doc, &name, spec);
                    if name == environment {
                        selected_inline = spec
                            .get("values")
                            .and_then(Value::as_sequence)
                            .map(|s| s.iter().filter(|v| v.is_mapping()).cloned().collect())
                            .unwrap_or_default();
                        selected = Some(def.clone());
                        values_changed = true;
                    }
                    state.environments.retain(|e| e.name != def.name);
                    state.environments.push(def);
                }
            }
            if values_changed {
                values = self.state_values(
                    file,
                    environment,
                    &root_values,
                    selected.as_ref(),
                    &selected_inline,
                    env_vars,
                    &mut state.notes,
                )?;
                state.state_values = values.clone();
            }
            for (i, entry) in map
                .get("releases")
                .and_then(Value::as_sequence)
                .map(|s| s.as_slice())
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let ctx = ReleaseCtx {
                    checkout: &self.checkout,
                    file: &file.path,
                    dir: &file.dir,
                    state_values: &values,
                    default_handler: handler,
                };
                let path = ["releases".to_string(), i.to_string()];
                state
                    .releases
                    .push(parse_release(&ctx, &doc, &path, entry).map_err(hint)?);
            }
        }
        Ok(selected.is_some())
    }

    /// §5: root `values:` and the environment's `defaults:`, then its `values:` in order.
    #[allow(clippy::too_many_arguments)]
    fn state_values(
        &self,
        file: &StateFile,
        environment: &str,
        root_values: &[Value],
        env: Option<&EnvironmentDef>,
        env_inline: &[Value],
        env_vars: &EnvVars,
        notes: &mut Vec<RenderNote>,
    ) -> Result<Value, HelmfileError> {
        let mut values = Value::Mapping(Mapping::new());
        let root_files: Vec<FileRef> = root_values
            .iter()
            .filter_map(scalar_text)
            .map(|p| FileRef::new(&self.checkout, &file.dir, &p))
            .collect();
        for v in root_values.iter().filter(|v| v.is_mapping()) {
            deep_merge(&mut values, v);
        }
        let (env_files, handler, ctx) = match env {
            Some(e) => (
                e.values.as_slice(),
                e.missing_file_handler,
                e.kube_context.as_deref(),
            ),
            None => (&[][..], MissingFileHandler::Error, None),
        };
        let line = env.map(|e| e.line).unwrap_or(1);
        for f in root_files.iter().chain(env_files) {
            if f.refused.is_some() || !f.exists {
                if handler == MissingFileHandler::Error {
                    return Err(HelmfileError::MissingValuesFile {
                        file: f.path.clone(),
                        referenced_in: file.path.clone(),
                        line,
                    });
                }
                continue;
            }
            let dot = template_dot(environment, ctx, &values, None);
            let doc = read_values_file(self, f, &dot, env_vars, notes)?;
            deep_merge(&mut values, &doc.value);
        }
        for v in env_inline {
            deep_merge(&mut values, v);
        }
        Ok(values)
    }
}

fn environment_def(
    helmfile: &Helmfile,
    file: &StateFile,
    doc: &YamlDoc,
    name: &str,
    spec: &Value,
) -> EnvironmentDef {
    let values = spec
        .get("values")
        .and_then(Value::as_sequence)
        .map(|s| {
            s.iter()
                .filter_map(scalar_text)
                .map(|p| FileRef::new(&helmfile.checkout, &file.dir, &p))
                .collect()
        })
        .unwrap_or_default();
    EnvironmentDef {
        name: name.to_string(),
        values,
        kube_context: spec.get("kubeContext").and_then(scalar_text),
        missing_file_handler: MissingFileHandler::from_value(spec.get("missingFileHandler"))
            .unwrap_or_default(),
        file: file.path.clone(),
        line: doc.line_of(&["environments".to_string(), name.to_string()]),
    }
}

/// Helmfile v1's hint (pkg/state/create.go) when a plain `.yaml` state file holds a template.
fn v1_hint(mut e: HelmfileError, file: &StateFile, part: &str) -> HelmfileError {
    if !file.is_template() && part.contains("{{") {
        if let HelmfileError::Yaml { message, .. } | HelmfileError::Shape { message, .. } = &mut e {
            message.push_str(
                " (Started seeing this since Helmfile v1? Add the .gotmpl file extension)",
            );
        }
    }
    e
}
