//! Label and field selectors, parsed the way the apiserver parses them.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
enum LabelOp {
    Eq(String),
    NotEq(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Exists,
    NotExists,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct LabelReq {
    key: String,
    op: LabelOp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelSelector {
    reqs: Vec<LabelReq>,
}

impl LabelSelector {
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut reqs = Vec::new();
        for part in split_top_level(s) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            reqs.push(parse_label_req(part)?);
        }
        Ok(LabelSelector { reqs })
    }

    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    pub fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        self.reqs.iter().all(|r| {
            let v = labels.get(&r.key);
            match &r.op {
                LabelOp::Eq(x) => v == Some(x),
                // As in apimachinery: a missing key satisfies `!=` and `notin`.
                LabelOp::NotEq(x) => v != Some(x),
                LabelOp::In(xs) => v.is_some_and(|v| xs.contains(v)),
                LabelOp::NotIn(xs) => v.is_none_or(|v| !xs.contains(v)),
                LabelOp::Exists => v.is_some(),
                LabelOp::NotExists => v.is_none(),
            }
        })
    }
}

/// Commas separate requirements, except inside `in (a,b)` sets.
fn split_top_level(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn valid_label_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 316
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

fn valid_label_value(v: &str) -> bool {
    v.len() <= 63
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn parse_label_req(part: &str) -> Result<LabelReq, String> {
    let bad = |why: &str| format!("unable to parse requirement: {why}: \"{part}\"");
    if let Some(key) = part.strip_prefix('!') {
        let key = key.trim();
        if !valid_label_key(key) {
            return Err(bad("invalid label key"));
        }
        return Ok(LabelReq {
            key: key.into(),
            op: LabelOp::NotExists,
        });
    }
    for (sym, mk) in [
        ("!=", LabelOp::NotEq as fn(String) -> LabelOp),
        ("==", LabelOp::Eq),
        ("=", LabelOp::Eq),
    ] {
        if let Some((k, v)) = part.split_once(sym) {
            let (k, v) = (k.trim(), v.trim());
            if !valid_label_key(k) {
                return Err(bad("invalid label key"));
            }
            if !valid_label_value(v) {
                return Err(bad("invalid label value"));
            }
            return Ok(LabelReq {
                key: k.into(),
                op: mk(v.into()),
            });
        }
    }
    let words: Vec<&str> = part.splitn(2, char::is_whitespace).collect();
    if words.len() == 2 {
        let key = words[0].trim();
        let rest = words[1].trim();
        let (notin, set) = if let Some(r) = rest.strip_prefix("notin") {
            (true, r.trim())
        } else if let Some(r) = rest.strip_prefix("in") {
            (false, r.trim())
        } else {
            return Err(bad("found unknown operator"));
        };
        let inner = set
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .ok_or_else(|| bad("expected a set in parentheses"))?;
        let values: Vec<String> = inner
            .split(',')
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect();
        if !valid_label_key(key) || values.iter().any(|v| !valid_label_value(v)) {
            return Err(bad("invalid label key or value"));
        }
        return Ok(LabelReq {
            key: key.into(),
            op: if notin {
                LabelOp::NotIn(values)
            } else {
                LabelOp::In(values)
            },
        });
    }
    if !valid_label_key(part) {
        return Err(bad("invalid label key"));
    }
    Ok(LabelReq {
        key: part.into(),
        op: LabelOp::Exists,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct FieldReq {
    field: String,
    value: String,
    negate: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldSelector {
    reqs: Vec<FieldReq>,
}

impl FieldSelector {
    /// `allowed` are the fields the kind supports; any other gives the apiserver's
    /// "field label not supported" error.
    pub fn parse(s: &str, allowed: &[&str]) -> Result<Self, String> {
        let mut reqs = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (field, value, negate) = if let Some((f, v)) = part.split_once("!=") {
                (f, v, true)
            } else if let Some((f, v)) = part.split_once("==") {
                (f, v, false)
            } else if let Some((f, v)) = part.split_once('=') {
                (f, v, false)
            } else {
                return Err(format!(
                    "invalid selector: '{part}'; can't understand '{part}'"
                ));
            };
            let field = field.trim();
            if !allowed.contains(&field) {
                return Err(format!("field label not supported: {field}"));
            }
            reqs.push(FieldReq {
                field: field.into(),
                value: value.trim().into(),
                negate,
            });
        }
        Ok(FieldSelector { reqs })
    }

    pub fn is_empty(&self) -> bool {
        self.reqs.is_empty()
    }

    /// `get` yields the object's value for a field ("" when absent, as the apiserver does).
    pub fn matches(&self, get: impl Fn(&str) -> String) -> bool {
        self.reqs
            .iter()
            .all(|r| (get(&r.field) == r.value) != r.negate)
    }

    /// The value the selector pins `field` to, if any (lets a list use an index).
    pub fn pinned(&self, field: &str) -> Option<&str> {
        self.reqs
            .iter()
            .find(|r| r.field == field && !r.negate)
            .map(|r| r.value.as_str())
    }
}

#[cfg(test)]
#[path = "selector_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "selector_prop_tests.rs"]
mod prop_tests;
