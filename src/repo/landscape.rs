//! The Helmfile as the values screen shows it: every stage (environment) with its releases —
//! chart, version, installed — and each release's merged values with the file and line they
//! come from. Blocking (files, maybe the `helmfile` binary): the runner calls it on the
//! blocking pool. Text from the repo is sanitised here, once, before the app keeps it.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde_yaml::Value;

use super::helmfile::{
    EnvVars, Helmfile, Leaf, Overridden, Release, ReleaseSummary, ReleaseValues, RenderNote,
    Renderer, ValueNode, ValuesEntry,
};
use crate::text::sanitize::{sanitize_line, sanitize_text};

/// One release of one stage, as the Helmfile wants it.
#[derive(Debug, Clone, PartialEq)]
pub struct DesiredRelease {
    pub summary: ReleaseSummary,
    /// The release's `values:` files in list order (later wins), relative to the checkout: a
    /// quick edit of a common value goes to the last one that belongs to the stage.
    pub values_files: Vec<String>,
    /// The merged values, or why they could not be computed.
    pub values: Result<ReleaseValues, String>,
    /// Where a quick edit bumps the chart version, or why it cannot.
    pub version_at: Result<ScalarAt, String>,
}

/// A scalar a quick edit may change: its file, line and YAML path there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScalarAt {
    pub file: String,
    pub line: usize,
    /// Within the file's YAML document (`releases[1].version`).
    pub path: String,
}

/// `version: {{ .Values.charts.web }}` (maybe `| quote`, maybe quoted): the environment's
/// values file (the last of `env_values`, relative to the checkout, that sets the path as a
/// plain scalar) — the chart version of that stage alone.
fn environment_version(checkout: &Path, file: &str, written: &str) -> Option<ScalarAt> {
    let inner = written
        .strip_prefix("version:")?
        .trim()
        .trim_matches(['"', '\''])
        .strip_prefix("{{")?
        .strip_suffix("}}")?
        .trim()
        .trim_start_matches('-')
        .trim_end_matches('-')
        .trim();
    let inner = inner.strip_suffix("| quote").map_or(inner, str::trim);
    let path = inner.strip_prefix(".Values.")?;
    if path.is_empty()
        || !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return None;
    }
    if file.contains("{{") || file.split('/').any(|c| c == "..") {
        return None;
    }
    let text = std::fs::read_to_string(checkout.join(file)).ok()?;
    let segs = super::yaml_edit::parse_path(path).ok()?;
    let line = super::yaml_edit::scalar_line(&text, &segs)?;
    Some(ScalarAt {
        file: file.to_string(),
        line,
        path: path.to_string(),
    })
}

/// The release's `version:` when it is written as a plain value in the state file, or in the
/// stage's environment values a `{{ .Values.… }}` reads; a value that a template computes
/// otherwise would be overwritten by the next render, so it is refused.
fn version_at(checkout: &Path, r: &Release, env_values: &[String]) -> Result<ScalarAt, String> {
    let name = &r.name;
    let Some(line) = r.version_line else {
        return Err(format!(
            "{name} pins no chart version (the newest is installed): add version: to it in {}",
            r.file
        ));
    };
    let text =
        std::fs::read_to_string(checkout.join(&r.file)).map_err(|e| format!("{}: {e}", r.file))?;
    let raw = text.lines().nth(line - 1).unwrap_or_default();
    let written = raw.trim_start().trim_start_matches("- ");
    if let Some(at) = env_values
        .iter()
        .rev()
        .find_map(|f| environment_version(checkout, f, written))
    {
        return Ok(at);
    }
    if !written.starts_with("version:") || raw.contains("{{") {
        return Err(format!(
            "{name}'s chart version is computed by a template at {}:{line} (`{}`): edit the file with E",
            r.file,
            sanitize_line(raw.trim())
        ));
    }
    Ok(ScalarAt {
        file: r.file.clone(),
        line,
        path: format!("releases[{}].version", r.index),
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct StageDesired {
    pub environment: String,
    pub releases: Vec<DesiredRelease>,
    pub notes: Vec<RenderNote>,
    /// Why this stage could not be rendered (the others still are).
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Landscape {
    /// Which renderer the stages were read with (the screen says so).
    pub renderer: Renderer,
    /// The state files, relative to the checkout.
    pub files: Vec<String>,
    /// In the Helmfile's order.
    pub stages: Vec<StageDesired>,
    /// Why nothing could be read (no Helmfile, a YAML error…).
    pub error: Option<String>,
}

impl Landscape {
    pub fn stage(&self, environment: &str) -> Option<&StageDesired> {
        self.stages.iter().find(|s| s.environment == environment)
    }
}

fn clean_value(v: Value) -> Value {
    match v {
        Value::String(s) => Value::String(sanitize_text(&s)),
        Value::Sequence(items) => Value::Sequence(items.into_iter().map(clean_value).collect()),
        Value::Mapping(m) => Value::Mapping(
            m.into_iter()
                .map(|(k, v)| (clean_value(k), clean_value(v)))
                .collect(),
        ),
        other => other,
    }
}

fn clean_leaf(l: Leaf) -> Leaf {
    Leaf {
        value: clean_value(l.value),
        source: l.source,
        overrides: l
            .overrides
            .into_iter()
            .map(|o| Overridden {
                value: clean_value(o.value),
                source: o.source,
            })
            .collect(),
    }
}

fn clean_tree(t: BTreeMap<String, ValueNode>) -> BTreeMap<String, ValueNode> {
    t.into_iter()
        .map(|(k, n)| {
            let n = match n {
                ValueNode::Map(m) => ValueNode::Map(clean_tree(m)),
                ValueNode::Leaf(l) => ValueNode::Leaf(clean_leaf(l)),
            };
            (sanitize_line(&k), n)
        })
        .collect()
}

fn clean_summary(s: ReleaseSummary) -> ReleaseSummary {
    ReleaseSummary {
        name: sanitize_line(&s.name),
        namespace: sanitize_line(&s.namespace),
        chart: sanitize_line(&s.chart),
        version: sanitize_line(&s.version),
        labels: s
            .labels
            .into_iter()
            .map(|(k, v)| (sanitize_line(&k), sanitize_line(&v)))
            .collect(),
        ..s
    }
}

fn clean_notes(notes: Vec<RenderNote>) -> Vec<RenderNote> {
    notes
        .into_iter()
        .map(|n| RenderNote {
            what: sanitize_line(&n.what),
            ..n
        })
        .collect()
}

/// How long the `helmfile` binary may take to say its version.
const DETECT: Duration = Duration::from_secs(5);

/// Reads the checkout's Helmfile for every stage it defines.
pub fn load_landscape(checkout: &Path) -> Landscape {
    let renderer = Renderer::detect(std::env::var_os("PATH").as_deref(), DETECT);
    let hf = match Helmfile::load(checkout) {
        Ok(h) => h,
        Err(e) => {
            return Landscape {
                renderer,
                files: Vec::new(),
                stages: Vec::new(),
                error: Some(sanitize_line(&e.to_string())),
            }
        }
    };
    let env = EnvVars::Process;
    let files = hf.files().into_iter().map(str::to_string).collect();
    let envs = match hf.environments(&env) {
        Ok(e) => e,
        Err(e) => {
            return Landscape {
                renderer,
                files,
                stages: Vec::new(),
                error: Some(sanitize_line(&e.to_string())),
            }
        }
    };
    let stages = envs
        .iter()
        .map(|e| match hf.desired_state(&e.name, &env) {
            Ok(state) => StageDesired {
                environment: e.name.clone(),
                releases: state
                    .releases
                    .iter()
                    .map(|r| DesiredRelease {
                        summary: clean_summary(r.summary()),
                        values_files: r
                            .values
                            .iter()
                            .filter_map(|v| match v {
                                ValuesEntry::File { file, .. } => Some(sanitize_line(&file.path)),
                                ValuesEntry::Inline { .. } => None,
                            })
                            .collect(),
                        values: hf
                            .release_values(&e.name, &r.name, &env)
                            .map(|v| ReleaseValues {
                                tree: clean_tree(v.tree),
                                notes: clean_notes(v.notes),
                                ..v
                            })
                            .map_err(|e| sanitize_line(&e.to_string())),
                        version_at: version_at(
                            checkout,
                            r,
                            &e.values
                                .iter()
                                .filter(|f| f.exists && f.refused.is_none())
                                .map(|f| f.path.clone())
                                .collect::<Vec<_>>(),
                        ),
                    })
                    .collect(),
                notes: clean_notes(state.notes),
                error: None,
            },
            Err(err) => StageDesired {
                environment: e.name.clone(),
                releases: Vec::new(),
                notes: Vec::new(),
                error: Some(sanitize_line(&err.to_string())),
            },
        })
        .collect();
    Landscape {
        renderer,
        files,
        stages,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::edit::{apply_edit, EditRequest};

    /// The demo's layout: environments first, releases after `---`, templates in both.
    const STATE: &str = "environments:\n  dev:\n    values:\n      - environments/dev.yaml\n  qa:\n    values:\n      - environments/qa.yaml\n---\nreleases:\n  - name: payments-api\n    namespace: payments-{{ .Environment.Name }}\n    chart: payments/api\n    version: \"1.2.0\"\n    installed: {{ .Values | get \"api.enabled\" true }}\n    values:\n      - values/common/api.yaml\n      - values/{{ .Environment.Name }}/api.yaml\n  - name: payments-web\n    chart: payments/web\n    version: {{ .Values.webChart }}\n";

    fn checkout() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        let put = |p: &str, t: &str| {
            let full = d.path().join(p);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, t).unwrap();
        };
        put("helmfile.yaml.gotmpl", STATE);
        for stage in ["dev", "qa"] {
            put(&format!("environments/{stage}.yaml"), "webChart: 0.9.1\n");
            put(
                &format!("values/{stage}/api.yaml"),
                "image:\n  tag: \"1.4.2\"\n",
            );
        }
        put("values/common/api.yaml", "image:\n  tag: \"1.4.0\"\n");
        d
    }

    #[test]
    fn a_plain_chart_version_in_a_templated_helmfile_is_bumped_in_place() {
        let d = checkout();
        let l = load_landscape(d.path());
        assert_eq!(l.error, None);
        let qa = l.stage("qa").unwrap();
        let api = &qa.releases[0];
        assert_eq!(
            api.values_files,
            vec!["values/common/api.yaml", "values/qa/api.yaml"]
        );
        let at = api.version_at.clone().unwrap();
        assert_eq!(
            at,
            ScalarAt {
                file: "helmfile.yaml.gotmpl".into(),
                line: 13,
                path: "releases[0].version".into(),
            }
        );
        // `version: {{ .Values.webChart }}`: the stage's environment file holds it.
        let web = &qa.releases[1];
        assert_eq!(web.summary.version, "0.9.1");
        assert_eq!(
            web.version_at.clone().unwrap(),
            ScalarAt {
                file: "environments/qa.yaml".into(),
                line: 1,
                path: "webChart".into(),
            }
        );

        let edit = apply_edit(
            d.path(),
            &EditRequest {
                file: at.file,
                path: at.path,
                value: "1.3.0".into(),
                insert: false,
                typed: false,
                subject: None,
                object: None,
            },
        )
        .unwrap();
        assert_eq!(
            edit.change,
            crate::repo::commit_message::Change::Set {
                old: "1.2.0".into(),
                new: "1.3.0".into()
            }
        );
        let after = std::fs::read_to_string(d.path().join("helmfile.yaml.gotmpl")).unwrap();
        assert_eq!(after, STATE.replace("\"1.2.0\"", "\"1.3.0\""));
        let l = load_landscape(d.path());
        for s in &l.stages {
            assert_eq!(s.releases[0].summary.version, "1.3.0", "{}", s.environment);
        }
    }
}
