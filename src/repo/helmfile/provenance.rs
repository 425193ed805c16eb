//! A release's chart values as Helm merges them (`--values` in the order of `values:`, later
//! file wins per key, maps deep-merge, lists replaced whole, `set:` beats every file), each
//! leaf carrying the file and line it comes from and the definitions it overrides.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::env_vars::EnvVars;
use super::error::HelmfileError;
use super::load::Helmfile;
use super::release::{MissingFileHandler, ValuesEntry};
use super::state::{read_values_file, template_dot};
use super::template::RenderNote;
use super::yaml_doc::{key_string, KeyPath};

/// Where a value was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ValueSource {
    /// Relative to the checkout: a values file, or the state file for inline values and `set`.
    pub file: String,
    /// 1-based.
    pub line: usize,
}

impl std::fmt::Display for ValueSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// An earlier definition that a later file (or `set`) replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Overridden {
    pub value: Value,
    pub source: ValueSource,
}

/// A merged value that is not a map (lists included: Helm replaces them whole).
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub value: Value,
    pub source: ValueSource,
    /// Oldest first.
    pub overrides: Vec<Overridden>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ValueNode {
    Map(BTreeMap<String, ValueNode>),
    Leaf(Leaf),
}

/// One row of the flat view.
#[derive(Debug, Clone, PartialEq)]
pub struct FlatValue {
    /// Helm's `--set` spelling: `image.tag`, a dot inside a key escaped (`prometheus\.io/port`).
    pub path: String,
    pub leaf: Leaf,
}

/// The merged values of one release in one environment.
#[derive(Debug, Clone, PartialEq)]
pub struct ReleaseValues {
    pub environment: String,
    pub release: String,
    pub chart_version: Option<String>,
    pub tree: BTreeMap<String, ValueNode>,
    /// Values files that were skipped because they are missing (`missingFileHandler: Warn`).
    pub skipped_files: Vec<String>,
    pub notes: Vec<RenderNote>,
}

impl ReleaseValues {
    /// Every leaf with its dotted path, sorted by path.
    pub fn flat(&self) -> Vec<FlatValue> {
        let mut out = Vec::new();
        flatten(&self.tree, "", &mut out);
        out
    }

    /// The leaf at a dotted path (`image.tag`).
    pub fn get(&self, dotted: &str) -> Option<&Leaf> {
        let keys = split_set_path(dotted);
        let (last, parents) = keys.split_last()?;
        let mut cur = &self.tree;
        for k in parents {
            match cur.get(k)? {
                ValueNode::Map(m) => cur = m,
                ValueNode::Leaf(_) => return None,
            }
        }
        match cur.get(last)? {
            ValueNode::Leaf(l) => Some(l),
            ValueNode::Map(_) => None,
        }
    }
}

fn flatten(tree: &BTreeMap<String, ValueNode>, prefix: &str, out: &mut Vec<FlatValue>) {
    for (k, node) in tree {
        let key = k.replace('.', "\\.");
        let path = if prefix.is_empty() {
            key
        } else {
            format!("{prefix}.{key}")
        };
        match node {
            ValueNode::Map(m) => flatten(m, &path, out),
            ValueNode::Leaf(l) => out.push(FlatValue {
                path,
                leaf: l.clone(),
            }),
        }
    }
}

/// Helm's `--set` path: split on dots, `\.` stays a dot inside a key.
pub fn split_set_path(name: &str) -> Vec<String> {
    let mut keys = vec![String::new()];
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                chars.next();
                keys.last_mut().expect("never empty").push('.');
            }
            '.' => keys.push(String::new()),
            c => keys.last_mut().expect("never empty").push(c),
        }
    }
    keys
}

/// Every leaf under `node`, as overridden definitions (a map replaced by a scalar).
fn into_overridden(node: ValueNode, out: &mut Vec<Overridden>) {
    match node {
        ValueNode::Leaf(l) => {
            out.extend(l.overrides);
            out.push(Overridden {
                value: l.value,
                source: l.source,
            });
        }
        ValueNode::Map(m) => m.into_values().for_each(|n| into_overridden(n, out)),
    }
}

fn set_leaf(
    tree: &mut BTreeMap<String, ValueNode>,
    key: String,
    value: Value,
    source: ValueSource,
) {
    let mut overrides = Vec::new();
    if let Some(old) = tree.remove(&key) {
        into_overridden(old, &mut overrides);
    }
    tree.insert(
        key,
        ValueNode::Leaf(Leaf {
            value,
            source,
            overrides,
        }),
    );
}

/// Merges one values document into `tree`; `line_of` gives the line of a key path.
fn merge_doc(
    tree: &mut BTreeMap<String, ValueNode>,
    doc: &Value,
    file: &str,
    line_of: &dyn Fn(&[String]) -> usize,
    path: &mut KeyPath,
) {
    let Some(map) = doc.as_mapping() else {
        return;
    };
    for (k, v) in map {
        let key = key_string(k);
        path.push(key.clone());
        match v {
            Value::Mapping(m) if !m.is_empty() => {
                if !matches!(tree.get(&key), Some(ValueNode::Map(_))) {
                    // A scalar replaced by a map leaves no single leaf to carry what it
                    // replaced, so that override is not listed (rare in values files).
                    tree.insert(key.clone(), ValueNode::Map(BTreeMap::new()));
                }
                if let Some(ValueNode::Map(sub)) = tree.get_mut(&key) {
                    merge_doc(sub, v, file, line_of, path);
                }
            }
            // An empty map merged into a map adds nothing.
            Value::Mapping(_) if matches!(tree.get(&key), Some(ValueNode::Map(_))) => {}
            _ => {
                let source = ValueSource {
                    file: file.to_string(),
                    line: line_of(path),
                };
                set_leaf(tree, key, v.clone(), source);
            }
        }
        path.pop();
    }
}

fn lookup_line(lines: &BTreeMap<KeyPath, usize>, path: &[String], fallback: usize) -> usize {
    (1..=path.len())
        .rev()
        .find_map(|n| lines.get(&path[..n]))
        .copied()
        .unwrap_or(fallback)
}

impl Helmfile {
    /// The merged chart values of `release` in `environment`, with provenance.
    pub fn release_values(
        &self,
        environment: &str,
        release: &str,
        env_vars: &EnvVars,
    ) -> Result<ReleaseValues, HelmfileError> {
        let state = self.desired_state(environment, env_vars)?;
        let rel = state
            .release(release)
            .ok_or_else(|| HelmfileError::UnknownRelease {
                release: release.to_string(),
                environment: environment.to_string(),
            })?;
        let kube_context = state
            .environments
            .iter()
            .find(|e| e.name == environment)
            .and_then(|e| e.kube_context.clone());
        let dot = template_dot(
            environment,
            kube_context.as_deref(),
            &state.state_values,
            Some(rel),
        );
        let mut out = ReleaseValues {
            environment: environment.to_string(),
            release: release.to_string(),
            chart_version: rel.version.clone(),
            tree: BTreeMap::new(),
            skipped_files: Vec::new(),
            notes: state.notes.clone(),
        };
        for entry in &rel.values {
            match entry {
                ValuesEntry::File { file, line } => {
                    if file.refused.is_some() || !file.exists {
                        if rel.missing_file_handler == MissingFileHandler::Error {
                            return Err(HelmfileError::MissingValuesFile {
                                file: file.path.clone(),
                                referenced_in: rel.file.clone(),
                                line: *line,
                            });
                        }
                        out.skipped_files.push(file.path.clone());
                        continue;
                    }
                    let doc = read_values_file(self, file, &dot, env_vars, &mut out.notes)?;
                    let line_of = |p: &[String]| doc.line_of(p);
                    merge_doc(
                        &mut out.tree,
                        &doc.value,
                        &file.path,
                        &line_of,
                        &mut Vec::new(),
                    );
                }
                ValuesEntry::Inline {
                    values,
                    line,
                    key_lines,
                } => {
                    let line_of = |p: &[String]| lookup_line(key_lines, p, *line);
                    merge_doc(&mut out.tree, values, &rel.file, &line_of, &mut Vec::new());
                }
            }
        }
        for set in &rel.set {
            let keys = split_set_path(&set.name);
            let source = ValueSource {
                file: rel.file.clone(),
                line: set.line,
            };
            set_path(&mut out.tree, &keys, set.value.clone(), source);
        }
        Ok(out)
    }
}

fn set_path(
    tree: &mut BTreeMap<String, ValueNode>,
    keys: &[String],
    value: Value,
    source: ValueSource,
) {
    let Some((last, parents)) = keys.split_last() else {
        return;
    };
    let mut cur = tree;
    for k in parents {
        if !matches!(cur.get(k), Some(ValueNode::Map(_))) {
            cur.insert(k.clone(), ValueNode::Map(BTreeMap::new()));
        }
        let Some(ValueNode::Map(next)) = cur.get_mut(k) else {
            unreachable!("inserted just above");
        };
        cur = next;
    }
    set_leaf(cur, last.clone(), value, source);
}
