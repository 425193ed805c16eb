//! The screen's text as lines of pieces in theme roles: YAML tokens, or describe's
//! `Label:  value` lines with the label as a key.

use jiff::Timestamp;

use crate::cluster::resource::describe::describe;
use crate::cluster::resource::fetch::Fetched;
use crate::cluster::resource::yaml_doc::{yaml_lines, Tok};
use crate::cluster::resource::ResourceKind;
use crate::theme::Role;

pub type Line = Vec<(String, Role)>;

fn role(t: Tok) -> Role {
    match t {
        Tok::Plain => Role::Text,
        Tok::Key => Role::YamlKey,
        Tok::Str => Role::YamlString,
        Tok::Scalar => Role::YamlScalar,
        Tok::Punct | Tok::Comment => Role::Dim,
    }
}

pub fn yaml(f: &Fetched, managed: bool) -> Vec<Line> {
    yaml_lines(&f.object, managed)
        .into_iter()
        .map(|l| l.into_iter().map(|(t, k)| (t, role(k))).collect())
        .collect()
}

pub fn described(kind: ResourceKind, f: &Fetched, now: Timestamp) -> Vec<Line> {
    describe(kind, &f.object, f.events.as_deref().unwrap_or_default(), now)
        .into_iter()
        .map(|l| split_label(&l))
        .collect()
}

/// `  Image:  registry/x:1` → the label in the key role, the rest as text.
fn split_label(l: &str) -> Line {
    let body = l.trim_start();
    let indent = l.len() - body.len();
    match body.find(':') {
        Some(i)
            if i > 0
                && !body.starts_with('-')
                && body[..i].chars().all(|c| c.is_alphanumeric() || " -_./()".contains(c))
                && (body.len() == i + 1 || body[i + 1..].starts_with(' ')) =>
        {
            vec![
                (l[..indent + i + 1].to_string(), Role::YamlKey),
                (body[i + 1..].to_string(), Role::Text),
            ]
        }
        _ => vec![(l.to_string(), Role::Text)],
    }
}
