//! The built-in Go-template renderer: the subset of Helmfile's templating that team
//! Helmfiles commonly use — `.Environment.Name`, `.Values`/`.StateValues`, `.Release.*` in
//! values templates, `get`, `default`, `quote`, `env`, `requiredEnv`, `readFile` (inside the
//! checkout only), `toYaml`, `indent`/`nindent`, `eq`/`ne`/`not`/`and`/`or`, and `if`/`else`/
//! `with` blocks. It is a reader, not Helmfile: what it cannot evaluate (`exec`, unknown
//! functions, `range`, a `requiredEnv` that is unset…) becomes a [`RenderNote`] with the file
//! and line, that action renders to nothing, and nothing is ever executed.
//!
//! Why not the `gtmpl` crate: its functions are plain `fn` pointers (no checkout root for
//! `readFile`, nowhere to record notes), an error aborts the whole render, and its errors do
//! not carry the line of the action that failed — all three are what the screen needs.

mod eval;
mod funcs;
mod parse;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde_yaml::Value;

use super::env_vars::EnvVars;
use super::error::HelmfileError;

/// Something the built-in renderer could not evaluate, where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderNote {
    /// Relative to the checkout.
    pub file: String,
    /// 1-based line in `file`.
    pub line: usize,
    pub what: String,
}

/// What functions may reach: files under the checkout and the given environment variables.
pub(crate) struct Scope<'a> {
    pub checkout: &'a Path,
    pub env_vars: &'a EnvVars,
}

/// Rendered text and, per output line, the source line it came from (a `toYaml` that
/// expands into several lines maps them all to the action's line).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Rendered {
    pub text: String,
    lines: Vec<usize>,
}

impl Rendered {
    /// The source line of 1-based output line `out_line`.
    pub fn source_line(&self, out_line: usize) -> usize {
        self.lines
            .get(out_line.saturating_sub(1))
            .or(self.lines.last())
            .copied()
            .unwrap_or(out_line)
    }

    /// Text used verbatim (a file that is not a template): every line is its own source.
    pub fn verbatim(text: &str) -> Rendered {
        let n = text.lines().count().max(1);
        Rendered {
            text: text.to_string(),
            lines: (1..=n).collect(),
        }
    }

    /// Shifts the source lines by `offset` (a part that starts later in its file).
    pub fn offset(mut self, offset: usize) -> Rendered {
        for l in &mut self.lines {
            *l += offset;
        }
        self
    }

    fn push(&mut self, s: &str, mut line: usize, advance: bool) {
        for c in s.chars() {
            if self.text.is_empty() || self.text.ends_with('\n') {
                self.lines.push(line);
            }
            self.text.push(c);
            if c == '\n' && advance {
                line += 1;
            }
        }
    }
}

/// Renders `src` (the text of `file`) with `dot` as the template's `.`.
pub(crate) fn render(
    src: &str,
    file: &str,
    dot: &Value,
    scope: &Scope,
    notes: &mut Vec<RenderNote>,
) -> Result<Rendered, HelmfileError> {
    let nodes = parse::parse(src).map_err(|f| HelmfileError::Shape {
        file: file.to_string(),
        line: f.line,
        message: format!("template: {}", f.message),
    })?;
    Ok(eval::run(&nodes, file, dot, scope, notes))
}

/// How Go's `%v` prints a value into the template output.
pub(crate) fn go_print(v: &Value) -> String {
    match v {
        Value::Null => "<no value>".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Sequence(s) => format!("[{}]", s.iter().map(go_print).collect::<Vec<_>>().join(" ")),
        Value::Mapping(m) => {
            let mut pairs: Vec<String> = m
                .iter()
                .map(|(k, v)| format!("{}:{}", go_print(k), go_print(v)))
                .collect();
            pairs.sort();
            format!("map[{}]", pairs.join(" "))
        }
        Value::Tagged(t) => go_print(&t.value),
    }
}
