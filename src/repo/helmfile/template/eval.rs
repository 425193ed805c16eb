//! Walks the parsed template: text is copied, actions are evaluated, and each action that
//! fails leaves a note and renders to nothing, so the rest of the file still renders.

use serde_yaml::Value;

use super::funcs::{self, is_truthy};
use super::parse::{Node, Operand, Pipe};
use super::{go_print, RenderNote, Rendered, Scope};

struct Eval<'a, 'n> {
    file: &'a str,
    root: &'a Value,
    scope: &'a Scope<'a>,
    notes: &'n mut Vec<RenderNote>,
    out: Rendered,
}

pub(super) fn run(
    nodes: &[Node],
    file: &str,
    dot: &Value,
    scope: &Scope,
    notes: &mut Vec<RenderNote>,
) -> Rendered {
    let mut e = Eval {
        file,
        root: dot,
        scope,
        notes,
        out: Rendered::default(),
    };
    e.nodes(nodes, dot);
    e.out
}

impl Eval<'_, '_> {
    fn note(&mut self, line: usize, what: String) {
        self.notes.push(RenderNote {
            file: self.file.to_string(),
            line,
            what,
        });
    }

    fn nodes(&mut self, nodes: &[Node], dot: &Value) {
        for node in nodes {
            match node {
                Node::Text { text, line } => self.out.push(text, *line, true),
                Node::Action { pipe, line } => match self.pipe(pipe, dot) {
                    Ok(v) => self.out.push(&go_print(&v), *line, false),
                    Err(e) => self.note(*line, e),
                },
                Node::Cond {
                    with,
                    branches,
                    otherwise,
                    line,
                } => self.cond(*with, branches, otherwise, *line, dot),
                Node::Skipped { what, line } => self.note(*line, what.clone()),
            }
        }
    }

    fn cond(
        &mut self,
        with: bool,
        branches: &[(Pipe, Vec<Node>)],
        otherwise: &[Node],
        line: usize,
        dot: &Value,
    ) {
        for (cond, body) in branches {
            match self.pipe(cond, dot) {
                Ok(v) if is_truthy(&v) => {
                    let inner = if with { v } else { dot.clone() };
                    self.nodes(body, &inner);
                    return;
                }
                Ok(_) => {}
                // A condition we cannot evaluate takes no branch at all: guessing one would
                // show a state that neither side of the `if` describes.
                Err(e) => {
                    self.note(line, format!("condition not evaluated: {e}"));
                    return;
                }
            }
        }
        self.nodes(otherwise, dot);
    }

    fn pipe(&mut self, pipe: &Pipe, dot: &Value) -> Result<Value, String> {
        let mut piped: Option<Value> = None;
        for cmd in pipe {
            let value = match &cmd[0] {
                Operand::Func(name) => {
                    let mut args = cmd[1..]
                        .iter()
                        .map(|o| self.operand(o, dot))
                        .collect::<Result<Vec<_>, _>>()?;
                    args.extend(piped.take());
                    funcs::call(name, &args, self.scope)?
                }
                first => {
                    if cmd.len() > 1 || piped.is_some() {
                        return Err("can't give an argument to a non-function".into());
                    }
                    self.operand(first, dot)?
                }
            };
            piped = Some(value);
        }
        Ok(piped.unwrap_or(Value::Null))
    }

    fn operand(&mut self, op: &Operand, dot: &Value) -> Result<Value, String> {
        Ok(match op {
            Operand::Field(path) => lookup(dot, path)?,
            Operand::Root(path) => lookup(self.root, path)?,
            Operand::Str(s) => Value::String(s.clone()),
            Operand::Int(i) => Value::Number((*i).into()),
            Operand::Float(f) => Value::Number((*f).into()),
            Operand::Bool(b) => Value::Bool(*b),
            Operand::Nil => Value::Null,
            Operand::Func(name) => funcs::call(name, &[], self.scope)?,
            Operand::Sub(p) => self.pipe(p, dot)?,
        })
    }
}

/// `.A.B`: Helmfile renders with `missingkey=error`, so a missing key is an error (that is
/// why `get` with a default exists).
fn lookup(dot: &Value, path: &[String]) -> Result<Value, String> {
    let mut cur = dot;
    for key in path {
        cur = match cur {
            Value::Mapping(m) => m
                .get(key.as_str())
                .ok_or_else(|| format!("map has no entry for key \"{key}\""))?,
            Value::Null => return Err(format!("nil pointer evaluating .{key}")),
            other => return Err(format!("can't evaluate field {key} in {}", go_print(other))),
        };
    }
    Ok(cur.clone())
}
