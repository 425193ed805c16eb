//! Jenkins label expressions, the subset jobs use to pick an agent: atoms, `!`, `&&`, `||`
//! and parentheses (`->` and `<->` are rare and not read: such an expression matches nothing).

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelExpr {
    Atom(String),
    Not(Box<LabelExpr>),
    And(Box<LabelExpr>, Box<LabelExpr>),
    Or(Box<LabelExpr>, Box<LabelExpr>),
}

impl LabelExpr {
    /// The expression, or `None` when it is empty or uses what this subset does not read.
    pub fn parse(s: &str) -> Option<Self> {
        let tokens = tokenize(s)?;
        let mut p = Parser { tokens, at: 0 };
        let e = p.or()?;
        (p.at == p.tokens.len()).then_some(e)
    }

    pub fn matches(&self, labels: &[String]) -> bool {
        match self {
            LabelExpr::Atom(a) => labels.iter().any(|l| l == a),
            LabelExpr::Not(e) => !e.matches(labels),
            LabelExpr::And(a, b) => a.matches(labels) && b.matches(labels),
            LabelExpr::Or(a, b) => a.matches(labels) || b.matches(labels),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Atom(String),
    Not,
    And,
    Or,
    Open,
    Close,
}

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut rest = s.trim_start();
    while !rest.is_empty() {
        let (tok, len) = if let Some(r) = rest.strip_prefix("&&") {
            (Tok::And, rest.len() - r.len())
        } else if let Some(r) = rest.strip_prefix("||") {
            (Tok::Or, rest.len() - r.len())
        } else if rest.starts_with("->") || rest.starts_with("<->") {
            return None;
        } else if rest.starts_with('!') {
            (Tok::Not, 1)
        } else if rest.starts_with('(') {
            (Tok::Open, 1)
        } else if rest.starts_with(')') {
            (Tok::Close, 1)
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || "!&|()<".contains(c))
                .unwrap_or(rest.len());
            if end == 0 {
                return None;
            }
            (Tok::Atom(rest[..end].to_string()), end)
        };
        out.push(tok);
        rest = rest[len..].trim_start();
    }
    Some(out)
}

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
}

impl Parser {
    fn eat(&mut self, t: &Tok) -> bool {
        let hit = self.tokens.get(self.at) == Some(t);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn or(&mut self) -> Option<LabelExpr> {
        let mut left = self.and()?;
        while self.eat(&Tok::Or) {
            left = LabelExpr::Or(Box::new(left), Box::new(self.and()?));
        }
        Some(left)
    }

    fn and(&mut self) -> Option<LabelExpr> {
        let mut left = self.unary()?;
        while self.eat(&Tok::And) {
            left = LabelExpr::And(Box::new(left), Box::new(self.unary()?));
        }
        Some(left)
    }

    fn unary(&mut self) -> Option<LabelExpr> {
        if self.eat(&Tok::Not) {
            return Some(LabelExpr::Not(Box::new(self.unary()?)));
        }
        if self.eat(&Tok::Open) {
            let e = self.or()?;
            return self.eat(&Tok::Close).then_some(e);
        }
        match self.tokens.get(self.at)? {
            Tok::Atom(a) => {
                let a = a.clone();
                self.at += 1;
                Some(LabelExpr::Atom(a))
            }
            _ => None,
        }
    }
}
