//! A path into a YAML document: map keys and list indices, written in the dotted form the
//! screens show and commit messages quote (`jenkins.clouds[0].kubernetes.templates[2].name`).
//! A key holding `.`, `[`, `]`, `"` or `\`, or an empty key, is written in double quotes
//! (`metadata.annotations."kubernetes.io/ingress.class"`), so every path round-trips.

use std::fmt;

use super::EditError;

/// One step of a path: a key of a map, or a 0-based index into a list.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSeg {
    Key(String),
    Index(usize),
}

impl PathSeg {
    pub fn key(k: &str) -> Self {
        PathSeg::Key(k.to_string())
    }
}

/// Parses the dotted form: keys separated by `.`, indices as `[n]` after a key or an index,
/// keys in double quotes when they hold a special character (`\"` and `\\` escape inside).
pub fn parse_path(s: &str) -> Result<Vec<PathSeg>, EditError> {
    let bad = |why: &str| EditError::BadPath {
        path: s.to_string(),
        why: why.to_string(),
    };
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    // Whether the next thing must be a key (start, or after a `.`).
    let mut want_key = true;
    while let Some(&c) = chars.peek() {
        match c {
            '[' => {
                chars.next();
                let mut digits = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    digits.push(d);
                }
                if want_key && !out.is_empty() {
                    return Err(bad("`.` must be followed by a key"));
                }
                let i = digits
                    .parse::<usize>()
                    .map_err(|_| bad(&format!("`[{digits}]` is not a list index")))?;
                out.push(PathSeg::Index(i));
                want_key = false;
            }
            '.' if !want_key => {
                chars.next();
                want_key = true;
            }
            _ if want_key => {
                out.push(PathSeg::Key(read_key(&mut chars).map_err(|w| bad(&w))?));
                want_key = false;
            }
            _ => return Err(bad(&format!("unexpected `{c}`"))),
        }
    }
    if want_key {
        return Err(bad(if out.is_empty() {
            "the path is empty"
        } else {
            "the path ends with `.`"
        }));
    }
    Ok(out)
}

fn read_key(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<String, String> {
    let mut key = String::new();
    if chars.peek() == Some(&'"') {
        chars.next();
        loop {
            match chars.next() {
                Some('"') => return Ok(key),
                Some('\\') => match chars.next() {
                    Some(e @ ('"' | '\\')) => key.push(e),
                    _ => return Err("only `\\\"` and `\\\\` escape in a quoted key".into()),
                },
                Some(c) => key.push(c),
                None => return Err("a quoted key is not closed".into()),
            }
        }
    }
    while let Some(&c) = chars.peek() {
        if c == '.' || c == '[' {
            break;
        }
        if c == ']' || c == '"' {
            return Err(format!("`{c}` inside a key: quote the key"));
        }
        key.push(c);
        chars.next();
    }
    if key.is_empty() {
        return Err("an empty key must be quoted (`\"\"`)".into());
    }
    Ok(key)
}

/// The dotted form of `path`, which `parse_path` reads back to the same segments.
pub fn format_path(path: &[PathSeg]) -> String {
    PathDisplay(path).to_string()
}

struct PathDisplay<'a>(&'a [PathSeg]);

impl fmt::Display for PathDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Index(n) => write!(f, "[{n}]")?,
                PathSeg::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    let special = k.is_empty()
                        || k.contains(['.', '[', ']', '"', '\\'])
                        || k.starts_with('"');
                    if special {
                        let escaped = k.replace('\\', "\\\\").replace('"', "\\\"");
                        write!(f, "\"{escaped}\"")?;
                    } else {
                        f.write_str(k)?;
                    }
                }
            }
        }
        Ok(())
    }
}
