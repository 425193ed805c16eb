//! The functions the built-in renderer knows. Everything else — `exec` above all — is
//! refused with a reason, never run: reading a Helmfile must not execute the repo's code.

use serde_yaml::Value;

use super::{go_print, Scope};
use crate::repo::helmfile::checkout_path;

/// Functions that exist in Helmfile but would run a program or reach outside the checkout.
const NEVER_RUN: &[&str] = &["exec", "fetchSecretValue", "expandSecretRefs", "tpl"];

pub(crate) fn call(name: &str, args: &[Value], scope: &Scope) -> Result<Value, String> {
    match name {
        "get" => get(args),
        "default" => {
            let given = args.get(1);
            Ok(match given {
                Some(v) if !is_empty(v) => v.clone(),
                _ => arg(args, 0, name)?.clone(),
            })
        }
        "quote" => Ok(Value::String(quoted(args, '"'))),
        "squote" => Ok(Value::String(quoted(args, '\''))),
        "env" => Ok(Value::String(
            scope
                .env_vars
                .get(&string_arg(args, 0, name)?)
                .unwrap_or_default(),
        )),
        "requiredEnv" => {
            let var = string_arg(args, 0, name)?;
            match scope.env_vars.get(&var) {
                Some(v) if !v.is_empty() => Ok(Value::String(v)),
                // Helmfile's own message (pkg/tmpl/context_funcs.go).
                _ => Err(format!("required env var `{var}` is not set")),
            }
        }
        "readFile" => {
            let rel = string_arg(args, 0, name)?;
            let path = checkout_path::resolve(scope.checkout, &rel)
                .map_err(|why| format!("readFile {rel:?} refused: {why}"))?;
            std::fs::read_to_string(&path)
                .map(Value::String)
                .map_err(|e| format!("readFile {rel:?}: {e}"))
        }
        "toYaml" => {
            let v = arg(args, 0, name)?;
            let text = serde_yaml::to_string(v).map_err(|e| format!("toYaml: {e}"))?;
            Ok(Value::String(text.trim_end_matches('\n').to_string()))
        }
        "indent" | "nindent" => {
            let n = match arg(args, 0, name)? {
                Value::Number(n) => n.as_u64().unwrap_or(0) as usize,
                _ => return Err(format!("{name}: the width must be a number")),
            };
            let pad = " ".repeat(n);
            let text = go_print(arg(args, 1, name)?);
            let body = format!("{pad}{}", text.replace('\n', &format!("\n{pad}")));
            Ok(Value::String(if name == "nindent" {
                format!("\n{body}")
            } else {
                body
            }))
        }
        "eq" => Ok(Value::Bool(
            args.len() > 1 && args[1..].iter().any(|a| a == &args[0]),
        )),
        "ne" => Ok(Value::Bool(arg(args, 0, name)? != arg(args, 1, name)?)),
        "not" => Ok(Value::Bool(!is_truthy(arg(args, 0, name)?))),
        // Go's `and`/`or` return the deciding argument, not a boolean.
        "and" => Ok(args
            .iter()
            .find(|a| !is_truthy(a))
            .or(args.last())
            .cloned()
            .unwrap_or(Value::Null)),
        "or" => Ok(args
            .iter()
            .find(|a| is_truthy(a))
            .or(args.last())
            .cloned()
            .unwrap_or(Value::Null)),
        n if NEVER_RUN.contains(&n) => Err(format!(
            "`{n}` is not run: the built-in renderer never executes commands or fetches secrets"
        )),
        other => Err(format!(
            "function `{other}` is not supported by the built-in renderer"
        )),
    }
}

fn arg<'v>(args: &'v [Value], i: usize, func: &str) -> Result<&'v Value, String> {
    args.get(i)
        .ok_or_else(|| format!("{func}: missing argument {}", i + 1))
}

fn string_arg(args: &[Value], i: usize, func: &str) -> Result<String, String> {
    match arg(args, i, func)? {
        Value::String(s) => Ok(s.clone()),
        other => Err(format!(
            "{func}: expected a string, got {}",
            go_print(other)
        )),
    }
}

/// Helmfile's `get "a.b" [default] obj`: with one argument after the path it is the object
/// (and a missing path is an error), with two the first is the default.
fn get(args: &[Value]) -> Result<Value, String> {
    let path = string_arg(args, 0, "get")?;
    let (default, obj) = match args.len() {
        2 => (None, &args[1]),
        3 => (Some(&args[1]), &args[2]),
        n => return Err(format!("get: wrong number of arguments: {n}")),
    };
    let mut cur = obj;
    for key in path.split('.').filter(|k| !k.is_empty()) {
        match cur.as_mapping().and_then(|m| m.get(key)) {
            Some(v) => cur = v,
            None => {
                return default
                    .cloned()
                    .ok_or_else(|| format!("get: no value at {path:?}"));
            }
        }
    }
    Ok(cur.clone())
}

fn quoted(args: &[Value], q: char) -> String {
    args.iter()
        .filter(|a| !a.is_null())
        .map(|a| {
            let s = go_print(a);
            if q == '\'' {
                return format!("'{s}'");
            }
            let mut out = String::from('"');
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sprig's notion of empty, used by `default`.
fn is_empty(v: &Value) -> bool {
    !is_truthy(v)
}

/// Go template truth: false, 0, nil and empty strings/lists/maps are false.
pub(crate) fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Sequence(s) => !s.is_empty(),
        Value::Mapping(m) => !m.is_empty(),
        Value::Tagged(t) => is_truthy(&t.value),
    }
}
