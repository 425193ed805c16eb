//! The safety net under every edit: the edited text is read back by an independent parser
//! (`serde_yaml`, libyaml-based) and must hold exactly the expected document, the original one
//! with only the target changed. An edit that fails this is refused, never written.

use serde_yaml::Value;

use super::path::{format_path, PathSeg};
use super::EditError;

/// `text` read as one YAML document; a syntax error carries the parser's line and column.
pub fn parse_value(text: &str) -> Result<Value, EditError> {
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        EditError::Syntax {
            line,
            column,
            message: e.to_string(),
        }
    })
}

/// The node at `path` in a parsed document, if every step exists.
pub fn value_at_mut<'a>(mut v: &'a mut Value, path: &[PathSeg]) -> Option<&'a mut Value> {
    for seg in path {
        v = match (v, seg) {
            (Value::Mapping(m), PathSeg::Key(k)) => m
                .iter_mut()
                .find(|(key, _)| key_text(key).as_deref() == Some(k.as_str()))
                .map(|(_, v)| v)?,
            (Value::Sequence(s), PathSeg::Index(i)) => s.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn key_text(key: &Value) -> Option<String> {
    match key {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Checks that `edited` reads back as `expected`; `path` names the edit in the error.
pub fn check(edited: &str, expected: &Value, path: &[PathSeg]) -> Result<(), EditError> {
    let got = parse_value(edited).map_err(|e| EditError::Verification {
        path: format_path(path),
        why: format!("the result would not parse: {e}"),
    })?;
    if got != *expected {
        return Err(EditError::Verification {
            path: format_path(path),
            why: "the result would read back differently from the intended change".into(),
        });
    }
    Ok(())
}
