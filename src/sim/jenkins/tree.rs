//! `tree=` expressions as stapler's `NamedPathPruner` parses them:
//! `list := node (',' node)*`, `node := NAME ['[' list ']'] ['{' range '}']`.
//! Names are taken verbatim (no trimming), so `jobs[name, color]` asks for a property called
//! " color", as on a real controller.

/// Which elements of an array property to write: `{M,N}`, `{M,}`, `{,N}` or `{N}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub min: usize,
    pub max: usize,
}

impl Range {
    pub fn contains(&self, i: usize) -> bool {
        self.min <= i && i < self.max
    }
}

/// One level of a parsed expression: the properties asked for, each with its own sub-tree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TreeSpec {
    pub children: Vec<(String, TreeSpec)>,
    /// The range written after this node's name (applies when its value is an array).
    pub range: Option<Range>,
}

impl TreeSpec {
    /// The sub-tree for a property: by name, else the `*` wildcard.
    pub fn child(&self, name: &str) -> Option<&TreeSpec> {
        self.children
            .iter()
            .find(|(n, _)| n == name)
            .or_else(|| self.children.iter().find(|(n, _)| n == "*"))
            .map(|(_, t)| t)
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("Malformed tree expression: {0}")]
pub struct TreeError(pub String);

pub fn parse(expr: &str) -> Result<TreeSpec, TreeError> {
    let mut p = Parser {
        s: expr.as_bytes(),
        i: 0,
        expr,
    };
    let children = p.list()?;
    if p.i != p.s.len() {
        return Err(p.error());
    }
    Ok(TreeSpec {
        children,
        range: None,
    })
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    expr: &'a str,
}

impl Parser<'_> {
    fn error(&self) -> TreeError {
        TreeError(self.expr.to_string())
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn list(&mut self) -> Result<Vec<(String, TreeSpec)>, TreeError> {
        let mut out = vec![self.node()?];
        while self.peek() == Some(b',') {
            self.i += 1;
            out.push(self.node()?);
        }
        Ok(out)
    }

    fn node(&mut self) -> Result<(String, TreeSpec), TreeError> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|c| !matches!(c, b'[' | b']' | b'{' | b'}' | b','))
        {
            self.i += 1;
        }
        if self.i == start {
            return Err(self.error());
        }
        let name = self.expr[start..self.i].to_string();
        let mut spec = TreeSpec::default();
        if self.peek() == Some(b'[') {
            self.i += 1;
            spec.children = self.list()?;
            if self.peek() != Some(b']') {
                return Err(self.error());
            }
            self.i += 1;
        }
        if self.peek() == Some(b'{') {
            self.i += 1;
            let start = self.i;
            while self.peek().is_some_and(|c| c != b'}') {
                self.i += 1;
            }
            if self.peek() != Some(b'}') {
                return Err(self.error());
            }
            spec.range = Some(range(&self.expr[start..self.i]).ok_or_else(|| self.error())?);
            self.i += 1;
        }
        Ok((name, spec))
    }
}

fn range(text: &str) -> Option<Range> {
    let num = |s: &str| s.trim().parse::<usize>().ok();
    match text.split_once(',') {
        None => {
            let n = num(text)?;
            Some(Range {
                min: n,
                max: n.saturating_add(1),
            })
        }
        Some((a, b)) => {
            let min = if a.trim().is_empty() { 0 } else { num(a)? };
            let max = if b.trim().is_empty() {
                usize::MAX
            } else {
                num(b)?
            };
            Some(Range { min, max })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_lists_and_ranges() {
        let t = parse("jobs[name,color,builds[number]{0,2}],description").unwrap();
        let jobs = t.child("jobs").unwrap();
        assert_eq!(jobs.children.len(), 3);
        let builds = jobs.child("builds").unwrap();
        assert_eq!(builds.range, Some(Range { min: 0, max: 2 }));
        assert!(t.child("description").unwrap().children.is_empty());
        assert!(t.child("url").is_none());
    }

    #[test]
    fn range_forms() {
        let r = |e: &str| parse(e).unwrap().children[0].1.range.unwrap();
        assert_eq!(
            r("b{3,}"),
            Range {
                min: 3,
                max: usize::MAX
            }
        );
        assert_eq!(r("b{,4}"), Range { min: 0, max: 4 });
        assert_eq!(r("b{5}"), Range { min: 5, max: 6 });
        assert_eq!(r("b[x]{1,3}"), Range { min: 1, max: 3 });
    }

    #[test]
    fn wildcard_and_malformed() {
        let t = parse("*").unwrap();
        assert!(t.child("anything").is_some());
        for bad in ["", "jobs[name", "jobs]", "a,,b", "b{x}", "b{1,2", "jobs[]"] {
            assert!(parse(bad).is_err(), "{bad:?} should not parse");
        }
    }
}
