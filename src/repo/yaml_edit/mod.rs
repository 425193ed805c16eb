//! Format-preserving YAML edits: change one scalar, or add one missing key, and leave every
//! other byte of the file as it was (comments, blank lines, key order, indentation).
//!
//! `yaml-edit` (a lossless parser) finds the target's byte span; only those bytes are
//! spliced, because re-serialising a tree, even a lossless one, is a larger change than the
//! user asked for. The result is then read back by `serde_yaml` and must equal the original
//! document with only the target changed; otherwise the edit is refused (`Verification`).
//!
//! Quoting rule (see `scalar_style`): a quoted scalar keeps its quotes (single falls back to
//! double when the value holds a control character); a plain scalar stays plain when the new
//! value is safe as a plain scalar *and* resolves to the same kind as the old one under YAML
//! 1.1 or 1.2 (string → string, number → number, bool → bool; an empty/null value counts as a
//! string); otherwise it is double-quoted and reads back as the string typed. So a plain
//! `tag: 1.4.2` set to `1.10`, `yes`, `on`, `null`, `: x` or `#x` becomes `tag: "1.10"` etc.

mod insert;
mod locate;
mod path;
mod scalar_style;
mod template_parts;
mod verify;

#[cfg(test)]
mod prop_tests;
#[cfg(test)]
mod tests;

use serde_yaml::Value;
use yaml_edit::YamlNode;

pub use insert::{insert_key, NewScalar};
pub use path::{format_path, parse_path, PathSeg};
pub use template_parts::{set_scalar_in_parts, value_in_parts};

use scalar_style::{plain_kind, quoting_of, render_replacement, PlainKind, Quoting};

/// Why an edit was not made. The text is never changed when one of these is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("YAML syntax error at line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("bad path `{path}`: {why}")]
    BadPath { path: String, why: String },
    #[error("`{path}`: {missing}")]
    NotFound { path: String, missing: String },
    #[error("`{path}` is {found}, not a scalar")]
    NotAScalar { path: String, found: &'static str },
    #[error("`{path}` already exists: change it instead of adding it")]
    AlreadyExists { path: String },
    #[error("cannot edit `{path}` safely: it goes through {what}")]
    Unsupported { path: String, what: &'static str },
    #[error("`{value}` is not a number, boolean or null")]
    NotTyped { value: String },
    #[error("refused the edit of `{path}`: {why}")]
    Verification { path: String, why: String },
}

/// `text` with the scalar at `path` replaced by `new_value` (quoted per the module's rule) and
/// every other byte unchanged.
pub fn set_scalar(text: &str, path: &[PathSeg], new_value: &str) -> Result<String, EditError> {
    let doc = locate::single_document(text)?;
    let mut expected = verify::parse_value(text)?;
    let Some(root) = doc.as_ref().and_then(locate::root) else {
        return Err(EditError::NotFound {
            path: format_path(path),
            missing: "the document is empty".into(),
        });
    };
    let reached = locate::walk(text, root, path)?;
    if reached.depth < path.len() {
        return Err(locate::not_found(path, &reached));
    }
    let YamlNode::Scalar(scalar) = &reached.node else {
        return Err(EditError::NotAScalar {
            path: format_path(path),
            found: locate::kind_name(&reached.node),
        });
    };
    let range = scalar.byte_range();
    let (start, end) = (range.start as usize, range.end as usize);
    let raw = &text[start..end];
    if raw.starts_with(['|', '>']) {
        return Err(EditError::Unsupported {
            path: format_path(path),
            what: "a block scalar (`|` or `>`)",
        });
    }
    let quoting = quoting_of(raw);
    let old_kind = match quoting {
        Quoting::Plain => plain_kind(raw.trim()),
        _ => PlainKind::Str,
    };
    let rendered = render_replacement(new_value, quoting, old_kind);
    let new_read =
        if quoting_of(&rendered) == Quoting::Plain && plain_kind(new_value) != PlainKind::Str {
            verify::parse_value(new_value)?
        } else {
            Value::String(new_value.to_string())
        };
    // An empty (null) value sits right after the `:`; it needs a space before the new one.
    let spliced = if start == end && !text[..start].ends_with([' ', '\t']) {
        format!(" {rendered}")
    } else {
        rendered
    };
    let target =
        verify::value_at_mut(&mut expected, path).ok_or_else(|| EditError::Verification {
            path: format_path(path),
            why: "the two parsers disagree on where the value is".into(),
        })?;
    *target = new_read;
    let out = format!("{}{}{}", &text[..start], spliced, &text[end..]);
    verify::check(&out, &expected, path)?;
    Ok(out)
}

/// The 1-based line of the scalar at `path`, if `text` has one there that a quick edit could
/// change.
pub fn scalar_line(text: &str, path: &[PathSeg]) -> Option<usize> {
    verify::parse_value(text).ok()?;
    let doc = locate::single_document(text).ok()??;
    let reached = locate::walk(text, locate::root(&doc)?, path).ok()?;
    if reached.depth < path.len() {
        return None;
    }
    let YamlNode::Scalar(s) = &reached.node else {
        return None;
    };
    let start = s.byte_range().start as usize;
    Some(text[..start].matches('\n').count() + 1)
}
