//! Parses the Go-template subset into a tree: text, `{{ pipeline }}` actions, and the
//! `if`/`else`/`with`/`end` blocks. `range`, `define`, `block`, `template` and variable
//! declarations are recognised only so that they can be reported and skipped whole.

/// One piece of the template, with the 1-based source line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Text {
        text: String,
        line: usize,
    },
    Action {
        pipe: Pipe,
        line: usize,
    },
    /// `if`/`else if`/`else` (and `with`, whose branch also moves the dot).
    Cond {
        with: bool,
        branches: Vec<(Pipe, Vec<Node>)>,
        otherwise: Vec<Node>,
        line: usize,
    },
    /// Something the built-in renderer does not evaluate; its output is left out.
    Skipped {
        what: String,
        line: usize,
    },
}

pub(crate) type Pipe = Vec<Command>;
pub(crate) type Command = Vec<Operand>;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Operand {
    /// `.A.B` (empty for `.` itself).
    Field(Vec<String>),
    /// `$` or `$.A.B`: the root context.
    Root(Vec<String>),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Nil,
    /// A function name.
    Func(String),
    Sub(Pipe),
}

/// A parse failure at a line; the caller turns it into a note.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParseFailure {
    pub line: usize,
    pub message: String,
}

enum Seg {
    Text(String, usize),
    Action(String, usize),
}

/// Splits `{{ … }}` from text, applying the `{{-`/`-}}` trim markers, and keeps lines.
fn segments(src: &str) -> Result<Vec<Seg>, ParseFailure> {
    let mut out = Vec::new();
    let mut rest = src;
    let mut line = 1;
    let mut trim_next = false;
    while let Some(open) = rest.find("{{") {
        let text = &rest[..open];
        let after_open = &rest[open + 2..];
        let trim_left = after_open.starts_with("- ");
        push_text(&mut out, text, line, trim_next, trim_left);
        line += text.matches('\n').count();
        let close = find_close(after_open).ok_or(ParseFailure {
            line,
            message: "unclosed action: `{{` without `}}`".into(),
        })?;
        let mut inner = &after_open[..close];
        trim_next = inner.ends_with(" -");
        if trim_left {
            inner = &inner[1..];
        }
        if trim_next {
            inner = &inner[..inner.len() - 1];
        }
        let trimmed = inner.trim();
        if !(trimmed.starts_with("/*") && trimmed.ends_with("*/")) {
            out.push(Seg::Action(trimmed.to_string(), line));
        }
        line += after_open[..close].matches('\n').count();
        rest = &after_open[close + 2..];
    }
    push_text(&mut out, rest, line, trim_next, false);
    Ok(out)
}

fn push_text(out: &mut Vec<Seg>, text: &str, line: usize, trim_start: bool, trim_end: bool) {
    let mut t = text;
    let mut line = line;
    if trim_start {
        let kept = t.trim_start();
        line += t[..t.len() - kept.len()].matches('\n').count();
        t = kept;
    }
    if trim_end {
        t = t.trim_end();
    }
    if !t.is_empty() {
        out.push(Seg::Text(t.to_string(), line));
    }
}

/// The offset of the `}}` closing an action, skipping over string literals.
fn find_close(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'`' => {
                i += 1;
                while i < b.len() && b[i] != b'`' {
                    i += 1;
                }
            }
            b'}' if b.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Field(Vec<String>),
    Root(Vec<String>),
    Var(String),
    Str(String),
    Num(String),
    Ident(String),
    Pipe,
    Open,
    Close,
    Declare,
}

fn lex(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    let word = |i: &mut usize| {
        let start = *i;
        while *i < chars.len() && (chars[*i].is_alphanumeric() || chars[*i] == '_') {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>()
    };
    let fields = |i: &mut usize| {
        let mut out = Vec::new();
        while *i < chars.len() && chars[*i] == '.' {
            *i += 1;
            let w = word(i);
            if !w.is_empty() {
                out.push(w);
            }
        }
        out
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '|' => {
                toks.push(Tok::Pipe);
                i += 1;
            }
            '(' => {
                toks.push(Tok::Open);
                i += 1;
            }
            ')' => {
                toks.push(Tok::Close);
                i += 1;
            }
            ':' if chars.get(i + 1) == Some(&'=') => {
                toks.push(Tok::Declare);
                i += 2;
            }
            '=' => {
                toks.push(Tok::Declare);
                i += 1;
            }
            '.' => toks.push(Tok::Field(fields(&mut i))),
            '$' => {
                i += 1;
                let name = word(&mut i);
                if name.is_empty() {
                    toks.push(Tok::Root(fields(&mut i)));
                } else {
                    toks.push(Tok::Var(name));
                    fields(&mut i);
                }
            }
            '"' => {
                let mut v = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated quoted string".into()),
                        Some('"') => break,
                        Some('\\') => {
                            i += 1;
                            v.push(match chars.get(i) {
                                Some('n') => '\n',
                                Some('t') => '\t',
                                Some('r') => '\r',
                                Some(&o) => o,
                                None => return Err("unterminated quoted string".into()),
                            });
                        }
                        Some(&o) => v.push(o),
                    }
                    i += 1;
                }
                i += 1;
                toks.push(Tok::Str(v));
            }
            '`' => {
                let start = i + 1;
                let end = chars[start..]
                    .iter()
                    .position(|&c| c == '`')
                    .ok_or("unterminated raw string")?;
                toks.push(Tok::Str(chars[start..start + end].iter().collect()));
                i = start + end + 1;
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' => {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.') {
                    i += 1;
                }
                toks.push(Tok::Num(chars[start..i].iter().collect()));
            }
            c if c.is_alphabetic() || c == '_' => toks.push(Tok::Ident(word(&mut i))),
            other => return Err(format!("unexpected {other:?}")),
        }
    }
    Ok(toks)
}

fn parse_pipe(toks: &[Tok], pos: &mut usize) -> Result<Pipe, String> {
    let mut pipe = Vec::new();
    let mut cmd = Vec::new();
    while *pos < toks.len() {
        let t = &toks[*pos];
        *pos += 1;
        match t {
            Tok::Pipe => {
                if cmd.is_empty() {
                    return Err("missing command before `|`".into());
                }
                pipe.push(std::mem::take(&mut cmd));
            }
            Tok::Close => {
                *pos -= 1;
                break;
            }
            Tok::Open => {
                let sub = parse_pipe(toks, pos)?;
                if toks.get(*pos) != Some(&Tok::Close) {
                    return Err("unclosed `(`".into());
                }
                *pos += 1;
                cmd.push(Operand::Sub(sub));
            }
            Tok::Field(f) => cmd.push(Operand::Field(f.clone())),
            Tok::Root(f) => cmd.push(Operand::Root(f.clone())),
            Tok::Var(name) => return Err(format!("variable ${name} is not supported")),
            Tok::Declare => return Err("variable declarations are not supported".into()),
            Tok::Str(s) => cmd.push(Operand::Str(s.clone())),
            Tok::Num(n) => cmd.push(number(n)?),
            Tok::Ident(w) => cmd.push(match w.as_str() {
                "true" => Operand::Bool(true),
                "false" => Operand::Bool(false),
                "nil" => Operand::Nil,
                _ => Operand::Func(w.clone()),
            }),
        }
    }
    if cmd.is_empty() {
        return Err("empty command".into());
    }
    pipe.push(cmd);
    Ok(pipe)
}

fn number(n: &str) -> Result<Operand, String> {
    if let Ok(i) = n.parse::<i64>() {
        return Ok(Operand::Int(i));
    }
    n.parse::<f64>()
        .map(Operand::Float)
        .map_err(|_| format!("bad number {n:?}"))
}

fn parse_whole_pipe(src: &str) -> Result<Pipe, String> {
    let toks = lex(src)?;
    let mut pos = 0;
    let pipe = parse_pipe(&toks, &mut pos)?;
    if pos != toks.len() {
        return Err("unexpected `)`".into());
    }
    Ok(pipe)
}

/// A block being built: `if`/`with` collect branches; skipped blocks (`range`…) swallow
/// everything up to their `end`.
enum Open {
    Cond {
        with: bool,
        branches: Vec<(Pipe, Vec<Node>)>,
        cur_cond: Option<Pipe>,
        body: Vec<Node>,
        line: usize,
    },
    Skip,
}

/// Parses a template. Actions that fail to parse become `Skipped` nodes (with the reason),
/// so one odd line does not hide the rest of the file; only a broken block structure
/// (`end` without a block, a block without `end`, `{{` without `}}`) fails the whole text.
pub(crate) fn parse(src: &str) -> Result<Vec<Node>, ParseFailure> {
    let mut stack: Vec<Open> = Vec::new();
    let mut top: Vec<Node> = Vec::new();
    for seg in segments(src)? {
        let (text, line) = match seg {
            Seg::Text(text, line) => {
                push(&mut stack, &mut top, Node::Text { text, line });
                continue;
            }
            Seg::Action(a, line) => (a, line),
        };
        let first = text
            .split(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let rest = text[first.len()..].trim();
        let fail = |message: String| ParseFailure { line, message };
        match first {
            "if" | "with" => {
                let open = match parse_whole_pipe(rest) {
                    Ok(p) => Open::Cond {
                        with: first == "with",
                        branches: Vec::new(),
                        cur_cond: Some(p),
                        body: Vec::new(),
                        line,
                    },
                    Err(e) => {
                        push(
                            &mut stack,
                            &mut top,
                            Node::Skipped {
                                what: format!("`{first}` block: {e}"),
                                line,
                            },
                        );
                        Open::Skip
                    }
                };
                stack.push(open);
            }
            "range" | "define" | "block" => {
                push(
                    &mut stack,
                    &mut top,
                    Node::Skipped {
                        what: format!(
                            "`{first}` blocks are not evaluated by the built-in renderer"
                        ),
                        line,
                    },
                );
                stack.push(Open::Skip);
            }
            "else" => match stack.last_mut() {
                Some(Open::Cond {
                    branches,
                    cur_cond,
                    body,
                    ..
                }) => {
                    let Some(cond) = cur_cond.take() else {
                        return Err(fail("`else` after `else`".into()));
                    };
                    branches.push((cond, std::mem::take(body)));
                    let rest = rest.strip_prefix("if").map(str::trim);
                    if let Some(cond) = rest {
                        *cur_cond = Some(parse_whole_pipe(cond).map_err(fail)?);
                    }
                }
                Some(Open::Skip) => {}
                None => return Err(fail("`else` outside a block".into())),
            },
            "end" => match stack.pop() {
                Some(Open::Cond {
                    with,
                    mut branches,
                    cur_cond,
                    body,
                    line,
                }) => {
                    let otherwise = match cur_cond {
                        Some(cond) => {
                            branches.push((cond, body));
                            Vec::new()
                        }
                        None => body,
                    };
                    let node = Node::Cond {
                        with,
                        branches,
                        otherwise,
                        line,
                    };
                    push(&mut stack, &mut top, node);
                }
                Some(Open::Skip) => {}
                None => return Err(fail("`end` without a block".into())),
            },
            "template" => push(
                &mut stack,
                &mut top,
                Node::Skipped {
                    what: "`template` is not evaluated by the built-in renderer".into(),
                    line,
                },
            ),
            _ => {
                let node = match parse_whole_pipe(&text) {
                    Ok(pipe) => Node::Action { pipe, line },
                    Err(e) => Node::Skipped {
                        what: format!("`{{{{ {text} }}}}`: {e}"),
                        line,
                    },
                };
                push(&mut stack, &mut top, node);
            }
        }
    }
    if !stack.is_empty() {
        return Err(ParseFailure {
            line: src.lines().count().max(1),
            message: "a block is missing its `{{ end }}`".into(),
        });
    }
    Ok(top)
}

fn push(stack: &mut [Open], top: &mut Vec<Node>, node: Node) {
    match stack.last_mut() {
        Some(Open::Cond { body, .. }) => body.push(node),
        Some(Open::Skip) => {}
        None => top.push(node),
    }
}
