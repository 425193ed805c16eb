//! One YAML document, parsed twice: into typed values (`serde_yaml`, which also applies
//! `<<` merge keys) and into the line of every key and list item (`saphyr`'s marked nodes),
//! so each value can say where it was written. Lines are mapped back through the renderer's
//! line map to the source file.

use std::collections::BTreeMap;

use saphyr::{LoadableYamlNode, MarkedYamlOwned, ScalarOwned, YamlDataOwned};
use serde_yaml::Value;

use super::error::HelmfileError;
use super::template::Rendered;

/// A path into a document: map keys and list indexes as text.
pub(crate) type KeyPath = Vec<String>;

#[derive(Debug, Clone, Default)]
pub(crate) struct YamlDoc {
    pub value: Value,
    /// Source line of every key (and list item).
    pub lines: BTreeMap<KeyPath, usize>,
}

impl YamlDoc {
    /// The source line of `path`, or of its nearest ancestor that has one.
    pub fn line_of(&self, path: &[String]) -> usize {
        (0..=path.len())
            .rev()
            .find_map(|n| self.lines.get(&path[..n]))
            .copied()
            .unwrap_or(1)
    }

    /// The lines under `prefix`, re-rooted there.
    pub fn lines_under(&self, prefix: &[String]) -> BTreeMap<KeyPath, usize> {
        self.lines
            .iter()
            .filter(|(p, _)| p.starts_with(prefix))
            .map(|(p, l)| (p[prefix.len()..].to_vec(), *l))
            .collect()
    }
}

pub(crate) fn parse(rendered: &Rendered, file: &str) -> Result<YamlDoc, HelmfileError> {
    if rendered.text.trim().is_empty() {
        return Ok(YamlDoc::default());
    }
    let mut value: Value = serde_yaml::from_str(&rendered.text).map_err(|e| {
        let (line, column) = e
            .location()
            .map(|l| (rendered.source_line(l.line()), l.column()))
            .unwrap_or((1, 1));
        HelmfileError::Yaml {
            file: file.to_string(),
            line,
            column,
            message: e.to_string(),
        }
    })?;
    value.apply_merge().map_err(|e| HelmfileError::Yaml {
        file: file.to_string(),
        line: 1,
        column: 1,
        message: e.to_string(),
    })?;
    let mut lines = BTreeMap::new();
    // serde_yaml accepted the text, so the marked parse normally does too; if it does not,
    // values keep line 1 rather than failing what already loaded.
    if let Ok(docs) = MarkedYamlOwned::load_from_str(&rendered.text) {
        if let Some(doc) = docs.first() {
            collect(doc, &mut Vec::new(), &mut lines, rendered);
        }
    }
    Ok(YamlDoc { value, lines })
}

fn collect(
    node: &MarkedYamlOwned,
    path: &mut KeyPath,
    out: &mut BTreeMap<KeyPath, usize>,
    rendered: &Rendered,
) {
    match &node.data {
        YamlDataOwned::Mapping(map) => {
            for (k, v) in map.iter() {
                path.push(key_text(k));
                out.insert(path.clone(), rendered.source_line(k.span.start.line()));
                collect(v, path, out, rendered);
                path.pop();
            }
        }
        YamlDataOwned::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                out.insert(path.clone(), rendered.source_line(v.span.start.line()));
                collect(v, path, out, rendered);
                path.pop();
            }
        }
        YamlDataOwned::Tagged(_, inner) => collect(inner, path, out, rendered),
        _ => {}
    }
}

fn key_text(k: &MarkedYamlOwned) -> String {
    match &k.data {
        YamlDataOwned::Value(s) => scalar_text(s),
        YamlDataOwned::Representation(s, _, _) => s.clone(),
        _ => String::new(),
    }
}

fn scalar_text(s: &ScalarOwned) -> String {
    match s {
        ScalarOwned::Null => "null".into(),
        ScalarOwned::Boolean(b) => b.to_string(),
        ScalarOwned::Integer(i) => i.to_string(),
        ScalarOwned::FloatingPoint(f) => f.to_string(),
        ScalarOwned::String(s) => s.clone(),
    }
}

/// A map key as text, the way the line index spells it.
pub(crate) fn key_string(k: &Value) -> String {
    match k {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}
