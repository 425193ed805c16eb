//! An object as `kubectl get -o yaml` prints it, split into tokens for highlighting: keys,
//! strings, numbers and booleans, punctuation. managedFields are left out unless asked for.
//! Pure: the screen maps tokens to theme roles.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Plain,
    Key,
    Str,
    Scalar,
    Punct,
    Comment,
}

pub type YamlLine = Vec<(String, Tok)>;

/// The object's YAML lines; `managed` keeps `metadata.managedFields`.
pub fn yaml_lines(object: &Value, managed: bool) -> Vec<YamlLine> {
    let mut v = object.clone();
    if !managed {
        if let Some(m) = v.pointer_mut("/metadata").and_then(Value::as_object_mut) {
            m.remove("managedFields");
        }
    }
    let text = serde_yaml::to_string(&v).unwrap_or_else(|e| format!("# cannot print: {e}\n"));
    text.lines()
        .map(|l| highlight(&crate::text::sanitize::sanitize_line(l)))
        .collect()
}

/// Whether the object has managedFields to hide.
pub fn has_managed_fields(object: &Value) -> bool {
    object
        .pointer("/metadata/managedFields")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty())
}

/// One line of block YAML: indentation and `- `, a `key:`, then its value.
pub fn highlight(line: &str) -> YamlLine {
    let mut out: YamlLine = Vec::new();
    let body = line.trim_start_matches(' ');
    let indent = &line[..line.len() - body.len()];
    if !indent.is_empty() {
        out.push((indent.to_string(), Tok::Plain));
    }
    let mut rest = body;
    while let Some(r) = rest.strip_prefix("- ") {
        out.push(("- ".into(), Tok::Punct));
        rest = r;
    }
    if rest == "-" {
        out.push(("-".into(), Tok::Punct));
        return out;
    }
    if rest.starts_with('#') {
        out.push((rest.to_string(), Tok::Comment));
        return out;
    }
    match key_split(rest) {
        Some((key, value)) => {
            out.push((key.to_string(), Tok::Key));
            out.push((":".into(), Tok::Punct));
            if !value.is_empty() {
                out.push((" ".into(), Tok::Plain));
                out.push((value.to_string(), scalar_tok(value)));
            }
        }
        None if !rest.is_empty() => out.push((rest.to_string(), scalar_tok(rest))),
        None => {}
    }
    out
}

/// `key: value` or `key:` (a key is not quoted-string content with a colon inside).
fn key_split(s: &str) -> Option<(&str, &str)> {
    if s.starts_with('"') || s.starts_with('\'') {
        // A quoted key: up to its closing quote, then `:`.
        let q = s.chars().next()?;
        let end = s[1..].find(q)? + 1;
        let after = &s[end + 1..];
        return after
            .strip_prefix(':')
            .filter(|a| a.is_empty() || a.starts_with(' '))
            .map(|a| (&s[..=end], a.trim_start()));
    }
    if let Some(k) = s.strip_suffix(':') {
        if !k.contains(": ") {
            return Some((k, ""));
        }
    }
    let i = s.find(": ")?;
    Some((&s[..i], &s[i + 2..]))
}

fn scalar_tok(v: &str) -> Tok {
    match v {
        "true" | "false" | "null" | "~" | "{}" | "[]" => Tok::Scalar,
        _ if v.parse::<f64>().is_ok() => Tok::Scalar,
        _ if v.starts_with('|') || v.starts_with('>') => Tok::Punct,
        _ => Tok::Str,
    }
}

/// Plain text of a line (search, copy).
pub fn line_text(l: &YamlLine) -> String {
    l.iter().map(|(t, _)| t.as_str()).collect()
}
