//! Finding a node by path in the lossless tree of `yaml-edit`, which knows each node's byte
//! span. Every construct the editor cannot change safely is refused on the way down with its
//! name: a flow collection, an alias, an anchored or tagged node, a second document.

use yaml_edit::{Document, YamlFile, YamlNode};

use super::path::{format_path, PathSeg};
use super::EditError;

/// The one document of `text`, or `None` when it holds no node (empty, comments only).
/// `text` must already be known to parse (see `verify::parse_value`).
pub fn single_document(text: &str) -> Result<Option<Document>, EditError> {
    let file = YamlFile::parse(text).tree();
    let mut docs = file.documents();
    let first = docs.next();
    if docs.next().is_some() {
        return Err(EditError::Unsupported {
            path: String::new(),
            what: "a file with several YAML documents (`---`)",
        });
    }
    Ok(first)
}

/// The root node of `doc`, if it has one.
pub fn root(doc: &Document) -> Option<YamlNode> {
    doc.as_mapping()
        .map(YamlNode::Mapping)
        .or_else(|| doc.as_sequence().map(YamlNode::Sequence))
        .or_else(|| doc.as_tagged().map(YamlNode::TaggedNode))
        .or_else(|| doc.as_scalar().map(YamlNode::Scalar))
}

/// How far a path reached: the deepest node found and how many segments led to it.
pub struct Reached {
    pub node: YamlNode,
    pub depth: usize,
}

/// Walks `path` from `root` as far as it exists, refusing unsupported nodes on the way.
pub fn walk(text: &str, root: YamlNode, path: &[PathSeg]) -> Result<Reached, EditError> {
    check_supported(text, &root, &path[..0])?;
    let mut node = root;
    for (i, seg) in path.iter().enumerate() {
        let Some(next) = child(&node, seg) else {
            return Ok(Reached { node, depth: i });
        };
        check_supported(text, &next, &path[..=i])?;
        node = next;
    }
    Ok(Reached {
        node,
        depth: path.len(),
    })
}

/// The error for a path that stopped at `reached` before its end.
pub fn not_found(path: &[PathSeg], reached: &Reached) -> EditError {
    let parent = if reached.depth == 0 {
        "the document root".to_string()
    } else {
        format!("`{}`", format_path(&path[..reached.depth]))
    };
    let seg = &path[reached.depth];
    let missing = match (seg, &reached.node) {
        (PathSeg::Key(k), YamlNode::Mapping(_)) => format!("no key `{k}` under {parent}"),
        (PathSeg::Index(i), YamlNode::Sequence(s)) => {
            format!("no item [{i}] in {parent} (it has {})", s.len())
        }
        (PathSeg::Key(k), n) => format!("{parent} is {}, not a map with `{k}`", kind_name(n)),
        (PathSeg::Index(i), n) => format!("{parent} is {}, not a list with [{i}]", kind_name(n)),
    };
    EditError::NotFound {
        path: format_path(path),
        missing,
    }
}

pub fn kind_name(node: &YamlNode) -> &'static str {
    match node {
        YamlNode::Scalar(_) => "a scalar",
        YamlNode::Mapping(_) => "a map",
        YamlNode::Sequence(_) => "a list",
        YamlNode::Alias(_) => "an alias",
        YamlNode::TaggedNode(_) => "a tagged node",
    }
}

fn child(node: &YamlNode, seg: &PathSeg) -> Option<YamlNode> {
    match (node, seg) {
        (YamlNode::Mapping(m), PathSeg::Key(k)) => m
            .iter()
            .find(|(key, _)| matches!(key, YamlNode::Scalar(s) if s.as_string() == *k))
            .map(|(_, v)| v),
        (YamlNode::Sequence(s), PathSeg::Index(i)) => s.get(*i),
        _ => None,
    }
}

fn check_supported(text: &str, node: &YamlNode, at: &[PathSeg]) -> Result<(), EditError> {
    let unsupported = |what| EditError::Unsupported {
        path: format_path(at),
        what,
    };
    match node {
        YamlNode::Alias(_) => return Err(unsupported("an alias (`*name`)")),
        YamlNode::TaggedNode(_) => return Err(unsupported("a tagged node (`!tag`)")),
        YamlNode::Mapping(m) if m.is_flow_style() => {
            return Err(unsupported("a flow-style map (`{…}`)"))
        }
        YamlNode::Sequence(s) if s.is_flow_style() => {
            return Err(unsupported("a flow-style list (`[…]`)"))
        }
        _ => {}
    }
    let start = node.byte_range().start as usize;
    if anchored(text, start) {
        // Aliases elsewhere would silently change with it.
        return Err(unsupported("an anchored node (`&name`)"));
    }
    Ok(())
}

/// Whether the word just before byte `start` (across white space) is an anchor `&name`.
fn anchored(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    word.starts_with('&')
}
