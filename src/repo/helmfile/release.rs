//! One `releases[]` entry of the rendered state, with the lines it was written on.

use std::collections::BTreeMap;
use std::path::Path;

use serde_yaml::Value;

use super::checkout_path;
use super::error::HelmfileError;
use super::merge::at_path;
use super::yaml_doc::{key_string, KeyPath, YamlDoc};

/// A file named by the Helmfile: where, and whether it is there to be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    /// Relative to the checkout, e.g. `values/qa/api.yaml`.
    pub path: String,
    pub exists: bool,
    /// Why the file is not read at all (it points out of the checkout).
    pub refused: Option<String>,
}

impl FileRef {
    pub(crate) fn new(checkout: &Path, base_dir: &str, rel: &str) -> FileRef {
        let path = checkout_path::display_join(base_dir, rel);
        match checkout_path::resolve(checkout, &path) {
            Ok(full) => FileRef {
                exists: full.is_file(),
                path,
                refused: None,
            },
            Err(why) => FileRef {
                path,
                exists: false,
                refused: Some(why),
            },
        }
    }
}

/// What Helmfile does about a values file that does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingFileHandler {
    /// Helmfile's default: the release (or environment) fails to load.
    #[default]
    Error,
    /// `Warn`, `Info`, `Debug`: the file is skipped.
    Skip,
}

impl MissingFileHandler {
    pub(crate) fn from_value(v: Option<&Value>) -> Option<MissingFileHandler> {
        match v?.as_str()? {
            "Error" => Some(MissingFileHandler::Error),
            _ => Some(MissingFileHandler::Skip),
        }
    }
}

/// One `values:` entry of a release, in list order (later wins).
#[derive(Debug, Clone, PartialEq)]
pub enum ValuesEntry {
    File {
        file: FileRef,
        /// The line of the entry in the state file.
        line: usize,
    },
    Inline {
        values: Value,
        line: usize,
        /// Source lines of the inline map's keys, relative to the map.
        key_lines: BTreeMap<KeyPath, usize>,
    },
}

/// A `set:` entry: `--set name=value`, which beats every values file.
#[derive(Debug, Clone, PartialEq)]
pub struct SetEntry {
    /// Helm's `--set` path: dots separate keys, `\.` is a literal dot.
    pub name: String,
    pub value: Value,
    pub line: usize,
}

/// A release as the state file describes it for one environment.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    pub name: String,
    pub namespace: Option<String>,
    pub chart: Option<String>,
    pub version: Option<String>,
    /// The line of `version:` in the state file (a quick edit bumps it there).
    pub version_line: Option<usize>,
    /// The release's position in its part's `releases:` list.
    pub index: usize,
    /// `installed:` (default true); `false` means `apply`/`sync` uninstall it.
    pub installed: bool,
    /// `condition:` evaluated against the state values (true without a condition).
    pub enabled: bool,
    pub labels: BTreeMap<String, String>,
    pub needs: Vec<String>,
    pub values: Vec<ValuesEntry>,
    pub set: Vec<SetEntry>,
    pub missing_file_handler: MissingFileHandler,
    /// The state file and line of the release's `- name:` entry.
    pub file: String,
    pub line: usize,
}

/// The columns of `helmfile list` (`pkg/app/formatters.go`), from either renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseSummary {
    pub name: String,
    pub namespace: String,
    pub enabled: bool,
    pub installed: bool,
    pub labels: BTreeMap<String, String>,
    pub chart: String,
    pub version: String,
}

impl Release {
    pub fn summary(&self) -> ReleaseSummary {
        ReleaseSummary {
            name: self.name.clone(),
            namespace: self.namespace.clone().unwrap_or_default(),
            enabled: self.enabled,
            installed: self.installed,
            labels: self.labels.clone(),
            chart: self.chart.clone().unwrap_or_default(),
            version: self.version.clone().unwrap_or_default(),
        }
    }
}

/// Where a release sits: its state file, the directory its paths are relative to, and the
/// values that decide `condition:`.
pub(crate) struct ReleaseCtx<'a> {
    pub checkout: &'a Path,
    pub file: &'a str,
    pub dir: &'a str,
    pub state_values: &'a Value,
    pub default_handler: MissingFileHandler,
}

pub(crate) fn parse_release(
    ctx: &ReleaseCtx,
    doc: &YamlDoc,
    path: &[String],
    entry: &Value,
) -> Result<Release, HelmfileError> {
    let line = doc.line_of(path);
    let shape = |message: String| HelmfileError::Shape {
        file: ctx.file.to_string(),
        line,
        message,
    };
    let map = entry
        .as_mapping()
        .ok_or_else(|| shape("a release must be a map".into()))?;
    let text = |key: &str| map.get(key).and_then(scalar_text);
    let name = text("name").ok_or_else(|| shape("a release needs a `name`".into()))?;
    let sub = |k: &str, more: &[String]| {
        let mut p = path.to_vec();
        p.push(k.to_string());
        p.extend_from_slice(more);
        p
    };
    let installed = match map.get("installed") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) if s == "true" || s == "false" => s == "true",
        Some(other) => {
            return Err(HelmfileError::Shape {
                file: ctx.file.to_string(),
                line: doc.line_of(&sub("installed", &[])),
                message: format!("`installed` must be true or false, got {other:?}"),
            })
        }
    };
    let enabled = match text("condition") {
        Some(cond) => at_path(ctx.state_values, &cond).and_then(Value::as_bool) == Some(true),
        None => true,
    };
    let labels = map
        .get("labels")
        .and_then(Value::as_mapping)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (key_string(k), scalar_text(v).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    let needs = map
        .get("needs")
        .and_then(Value::as_sequence)
        .map(|s| s.iter().filter_map(scalar_text).collect())
        .unwrap_or_default();
    let mut values = Vec::new();
    for (i, v) in seq(map.get("values")).iter().enumerate() {
        let at = sub("values", &[i.to_string()]);
        let line = doc.line_of(&at);
        values.push(match v {
            Value::Mapping(_) => ValuesEntry::Inline {
                values: v.clone(),
                line,
                key_lines: doc.lines_under(&at),
            },
            other => ValuesEntry::File {
                file: FileRef::new(
                    ctx.checkout,
                    ctx.dir,
                    &scalar_text(other).unwrap_or_default(),
                ),
                line,
            },
        });
    }
    let mut set = Vec::new();
    for (i, s) in seq(map.get("set")).iter().enumerate() {
        let line = doc.line_of(&sub("set", &[i.to_string()]));
        let Some(name) = s.get("name").and_then(scalar_text) else {
            continue;
        };
        let value = match (s.get("value"), s.get("values"), s.get("file")) {
            (Some(v), _, _) => v.clone(),
            (None, Some(vs), _) => vs.clone(),
            (None, None, Some(f)) => set_file(ctx, &scalar_text(f).unwrap_or_default(), line)?,
            (None, None, None) => Value::Null,
        };
        set.push(SetEntry { name, value, line });
    }
    Ok(Release {
        name,
        namespace: text("namespace"),
        chart: text("chart"),
        version: text("version"),
        version_line: map
            .get("version")
            .map(|_| doc.line_of(&sub("version", &[]))),
        index: path.get(1).and_then(|i| i.parse().ok()).unwrap_or(0),
        installed,
        enabled,
        labels,
        needs,
        values,
        set,
        missing_file_handler: MissingFileHandler::from_value(map.get("missingFileHandler"))
            .unwrap_or(ctx.default_handler),
        file: ctx.file.to_string(),
        line,
    })
}

/// `set: [{name, file}]` is `--set-file`: the value is the file's text.
fn set_file(ctx: &ReleaseCtx, rel: &str, line: usize) -> Result<Value, HelmfileError> {
    let f = FileRef::new(ctx.checkout, ctx.dir, rel);
    let missing = || HelmfileError::MissingValuesFile {
        file: f.path.clone(),
        referenced_in: ctx.file.to_string(),
        line,
    };
    if f.refused.is_some() || !f.exists {
        return Err(missing());
    }
    std::fs::read_to_string(ctx.checkout.join(&f.path))
        .map(Value::String)
        .map_err(|_| missing())
}

fn seq(v: Option<&Value>) -> Vec<Value> {
    v.and_then(Value::as_sequence).cloned().unwrap_or_default()
}

/// A scalar as text (a `version: 1.2` written without quotes is still "1.2").
pub(crate) fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
