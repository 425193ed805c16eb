//! How a new scalar value is written so YAML reads back what the user typed.
//!
//! The files we edit are read by YAML 1.1 parsers (Helm through go-yaml, Jenkins through
//! SnakeYAML) as well as YAML 1.2 ones, so a plain scalar is classified by the union of both
//! schemas: `yes`, `on`, `n` count as booleans, `0777` and `1:30` as numbers, `2024-01-02` as a
//! timestamp. Anything either schema would read as a non-string is a "typed" plain scalar.

use std::sync::LazyLock;

use regex::Regex;

/// What a plain scalar resolves to under YAML 1.1 or 1.2 (the stricter of the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainKind {
    Null,
    Bool,
    /// Integers and floats alike: a number edited into another number keeps its type.
    Number,
    Timestamp,
    /// `<<` (merge) and `=` (1.1 value key): never written plain as a string.
    Special,
    Str,
}

/// The quoting of a scalar in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    Plain,
    Single,
    Double,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        r"[-+]?[0-9][0-9_]*",                            // decimal, 1.1 octal
        r"|[-+]?0x[0-9a-fA-F_]+|0o[0-7]+|[-+]?0b[01_]+", // hex, 1.2 octal, binary
        r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?", // 1.1 sexagesimal
        r"|[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*\.[0-9_]*)(?:[eE][-+]?[0-9]+)?", // floats
        r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+",            // 1e3
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        r")$"
    ))
    .expect("number regex")
});

static TIMESTAMP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}").expect("timestamp regex"));

/// The kind a plain scalar with this text resolves to.
pub fn plain_kind(s: &str) -> PlainKind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => PlainKind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "yes" | "Yes" | "YES" | "no"
        | "No" | "NO" | "on" | "On" | "ON" | "off" | "Off" | "OFF" | "y" | "Y" | "n" | "N" => {
            PlainKind::Bool
        }
        "<<" | "=" => PlainKind::Special,
        _ if NUMBER.is_match(s) => PlainKind::Number,
        _ if TIMESTAMP.is_match(s) => PlainKind::Timestamp,
        _ => PlainKind::Str,
    }
}

/// Whether `s` can stand as a plain scalar in a block map or list value (never in flow
/// collections, which the editor does not touch) and be read back as exactly `s`.
/// Conservative: when in doubt it says no, and the value gets quoted.
pub fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return false;
    }
    let second = s.chars().nth(1);
    let starts_ok = match first {
        // `-x`, `?x`, `:x` are plain; `- x`, `-`, `? x` are not.
        '-' | '?' | ':' => second.is_some_and(|c| !c.is_whitespace() && !"#,[]{}".contains(c)),
        c => !",[]{}#&*!|>'\"%@`".contains(c),
    };
    starts_ok
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !s.starts_with("---")
        && !s.starts_with("...")
}

/// The quoting of a scalar from its raw text in the file.
pub fn quoting_of(raw: &str) -> Quoting {
    if raw.starts_with('"') {
        Quoting::Double
    } else if raw.starts_with('\'') {
        Quoting::Single
    } else {
        Quoting::Plain
    }
}

/// `s` as a double-quoted scalar: `\` and `"` escaped, control characters as escapes.
pub fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` as a single-quoted scalar, if it can be one: single quotes have no escapes but `''`,
/// so a line break or a control character needs double quotes.
pub fn single_quoted(s: &str) -> Option<String> {
    if s.chars().any(|c| c.is_control() || c == '\u{feff}') {
        return None;
    }
    Some(format!("'{}'", s.replace('\'', "''")))
}

/// The text that replaces a scalar written with `old` quoting and, if plain, of `old_kind`:
/// quotes are kept (single falls back to double when it cannot hold the value); a plain
/// scalar stays plain when the new value is safe as plain and resolves to the same kind as the
/// old one (a null counts as a string), else it is double-quoted so it reads back as a string.
pub fn render_replacement(new_value: &str, old: Quoting, old_kind: PlainKind) -> String {
    match old {
        Quoting::Double => double_quoted(new_value),
        Quoting::Single => single_quoted(new_value).unwrap_or_else(|| double_quoted(new_value)),
        Quoting::Plain => {
            let wanted = match old_kind {
                PlainKind::Null => PlainKind::Str,
                k => k,
            };
            if plain_safe(new_value) && plain_kind(new_value) == wanted {
                new_value.to_string()
            } else {
                double_quoted(new_value)
            }
        }
    }
}

/// How a string value is written where there is no old style to keep (a new key): plain when
/// that reads back as the same string, else double-quoted.
pub fn render_string(new_value: &str) -> String {
    if plain_safe(new_value) && plain_kind(new_value) == PlainKind::Str {
        new_value.to_string()
    } else {
        double_quoted(new_value)
    }
}
