//! Adding a missing key: an override that a stage's values file does not have yet
//! (`image.tag` in `values/qa/api.yaml`). The new lines go after the last entry of the deepest
//! existing block map on the path, at that map's indentation; missing maps between are
//! created, indented by the step the file already uses (2 when it shows none).

use serde_yaml::{Mapping, Value};
use yaml_edit::YamlNode;

use super::locate;
use super::path::{format_path, PathSeg};
use super::scalar_style::{plain_kind, plain_safe, render_string, PlainKind};
use super::{verify, EditError};

/// The value of a new key: a string (quoted when YAML would read it as something else), or a
/// typed plain scalar written as is (a number, boolean or null, like `3`, `true`, `0.5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewScalar<'a> {
    Str(&'a str),
    Typed(&'a str),
}

impl NewScalar<'_> {
    fn render(&self) -> Result<(String, Value), EditError> {
        match *self {
            NewScalar::Str(s) => Ok((render_string(s), Value::String(s.to_string()))),
            NewScalar::Typed(s) => {
                let typed = matches!(
                    plain_kind(s),
                    PlainKind::Null | PlainKind::Bool | PlainKind::Number
                );
                if !typed || !plain_safe(s) {
                    return Err(EditError::NotTyped {
                        value: s.to_string(),
                    });
                }
                Ok((s.to_string(), verify::parse_value(s)?))
            }
        }
    }
}

/// `text` with `path` added as a new leaf holding `value`; every existing byte is kept and
/// the new lines are inserted after the deepest existing map's last entry.
pub fn insert_key(text: &str, path: &[PathSeg], value: NewScalar<'_>) -> Result<String, EditError> {
    let (rendered, new_read) = value.render()?;
    let doc = locate::single_document(text)?;
    let mut expected = verify::parse_value(text)?;
    let root = doc.as_ref().and_then(locate::root).filter(|r| !is_empty(r));
    // (the map the new key goes under, how many path segments exist)
    let (map, depth) = match root {
        None => (None, 0),
        Some(root) => {
            let reached = locate::walk(text, root, path)?;
            if reached.depth == path.len() {
                return Err(EditError::AlreadyExists {
                    path: format_path(path),
                });
            }
            match reached.node {
                YamlNode::Mapping(m) => (Some(m), reached.depth),
                _ => return Err(locate::not_found(path, &reached)),
            }
        }
    };
    let rest: Vec<&str> = path[depth..]
        .iter()
        .map(|seg| match seg {
            PathSeg::Key(k) => Ok(k.as_str()),
            PathSeg::Index(i) => Err(EditError::NotFound {
                path: format_path(path),
                missing: format!("list item [{i}] does not exist, and only map keys are added"),
            }),
        })
        .collect::<Result<_, _>>()?;

    let (indent, at) = match &map {
        None => (0, text.len()),
        Some(m) => {
            let first_key = m.keys().next().map_or(0, |k| k.byte_range().start as usize);
            let indent = first_key - line_start(text, first_key);
            let last_end = m.iter().last().map_or(first_key, |(k, v)| {
                (k.byte_range().end as usize).max(v.byte_range().end as usize)
            });
            (indent, after_line(text, last_end))
        }
    };
    let step = indent_step(text);
    // New lines end like the file's lines do.
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut lines = String::new();
    if at > 0 && !text[..at].ends_with('\n') {
        lines.push_str(nl);
    }
    for (i, key) in rest.iter().enumerate() {
        let pad = " ".repeat(indent + step * i);
        let key = render_string(key);
        if i + 1 == rest.len() {
            lines.push_str(&format!("{pad}{key}: {rendered}{nl}"));
        } else {
            lines.push_str(&format!("{pad}{key}:{nl}"));
        }
    }

    let parent = verify::value_at_mut(&mut expected, &path[..depth]).ok_or_else(|| {
        EditError::Verification {
            path: format_path(path),
            why: "the two parsers disagree on where the map is".into(),
        }
    })?;
    let mut new_tree = new_read;
    for key in rest[1..].iter().rev() {
        let mut m = Mapping::new();
        m.insert(Value::String(key.to_string()), new_tree);
        new_tree = Value::Mapping(m);
    }
    if parent.is_null() {
        *parent = Value::Mapping(Mapping::new());
    }
    if let Value::Mapping(m) = parent {
        m.insert(Value::String(rest[0].to_string()), new_tree);
    }
    let out = format!("{}{}{}", &text[..at], lines, &text[at..]);
    verify::check(&out, &expected, path)?;
    Ok(out)
}

/// A root that holds nothing: an empty file, or comments only.
fn is_empty(root: &YamlNode) -> bool {
    matches!(root, YamlNode::Scalar(s) if s.value().trim().is_empty())
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset just past the line holding the last non-blank byte before `end`: a trailing
/// comment on that line stays with its entry.
fn after_line(text: &str, end: usize) -> usize {
    let content_end = text[..end].trim_end().len();
    text[content_end..]
        .find('\n')
        .map_or(text.len(), |i| content_end + i + 1)
}

/// The indentation step of the file: how much deeper the first nested line under a `key:`
/// line sits. Two spaces when the file nests nothing.
fn indent_step(text: &str) -> usize {
    let mut prev: Option<(usize, &str)> = None;
    for line in text.lines() {
        let body = line.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if let Some((p_indent, p_body)) = prev {
            if p_body.trim_end().ends_with(':') && indent > p_indent && !body.starts_with('-') {
                return indent - p_indent;
            }
        }
        prev = Some((indent, body));
    }
    2
}
