//! Property: on random block-style documents with comments and blank lines, setting any
//! scalar to any value succeeds, changes only that scalar's line, and reads back as the
//! original document with only that value changed.

use proptest::prelude::*;
use serde_yaml::Value;

use super::scalar_style::{plain_kind, PlainKind};
use super::*;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    Plain,
    Single,
    Double,
}

#[derive(Debug, Clone)]
enum Node {
    Scalar(String, Style),
    Map(Vec<(String, Node, Decor)>),
    List(Vec<Node>),
}

/// What precedes an entry: nothing, a comment line, or a blank line; and a trailing comment.
#[derive(Debug, Clone, Copy)]
struct Decor {
    before: u8,
    trailing: bool,
}

fn scalar() -> impl Strategy<Value = Node> {
    prop_oneof![
        "[a-z][a-z0-9._/-]{0,8}".prop_map(|s| Node::Scalar(s, Style::Plain)),
        "[1-9][0-9]{0,3}".prop_map(|s| Node::Scalar(s, Style::Plain)),
        prop_oneof![Just("true"), Just("false")].prop_map(|s| Node::Scalar(s.into(), Style::Plain)),
        "[ -~]{0,10}".prop_map(|s| Node::Scalar(s, Style::Single)),
        "[ -~]{0,10}".prop_map(|s| Node::Scalar(s, Style::Double)),
    ]
}

fn decor() -> impl Strategy<Value = Decor> {
    (0u8..3, any::<bool>()).prop_map(|(before, trailing)| Decor { before, trailing })
}

fn document() -> impl Strategy<Value = Node> {
    let leaf = scalar();
    let tree = leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::btree_map("k[a-z]{0,5}", (inner.clone(), decor()), 1..4)
                .prop_map(|m| Node::Map(m.into_iter().map(|(k, (v, d))| (k, v, d)).collect())),
            prop::collection::vec(inner, 1..4).prop_map(Node::List),
        ]
    });
    prop::collection::btree_map("k[a-z]{0,5}", (tree, decor()), 1..5)
        .prop_map(|m| Node::Map(m.into_iter().map(|(k, (v, d))| (k, v, d)).collect()))
}

fn quoted(s: &str, style: Style) -> String {
    match style {
        Style::Plain => s.to_string(),
        Style::Single => format!("'{}'", s.replace('\'', "''")),
        Style::Double => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

/// A scalar of the rendered document: its path, 0-based line, value and style.
type Leaf = (Vec<PathSeg>, usize, String, Style);

struct Out {
    lines: Vec<String>,
    leaves: Vec<Leaf>,
}

impl Out {
    fn value_line(&mut self, head: String, node: &Node, indent: usize, path: Vec<PathSeg>) {
        match node {
            Node::Scalar(s, style) => {
                self.leaves
                    .push((path, self.lines.len(), s.clone(), *style));
                self.lines.push(format!("{head} {}", quoted(s, *style)));
            }
            Node::Map(entries) => {
                self.lines.push(head);
                self.map(entries, indent + 2, false, &path);
            }
            Node::List(items) => {
                self.lines.push(head);
                self.list(items, indent + 2, &path);
            }
        }
    }

    fn map(
        &mut self,
        entries: &[(String, Node, Decor)],
        indent: usize,
        dash: bool,
        path: &[PathSeg],
    ) {
        for (i, (k, v, d)) in entries.iter().enumerate() {
            let first_of_item = dash && i == 0;
            if !first_of_item {
                match d.before {
                    1 => self
                        .lines
                        .push(format!("{}# about {k}", " ".repeat(indent))),
                    2 => self.lines.push(String::new()),
                    _ => {}
                }
            }
            let lead = if first_of_item {
                format!("{}- ", " ".repeat(indent - 2))
            } else {
                " ".repeat(indent)
            };
            let mut sub = path.to_vec();
            sub.push(PathSeg::key(k));
            self.value_line(format!("{lead}{k}:"), v, indent, sub);
            if d.trailing && matches!(v, Node::Scalar(..)) {
                self.lines.last_mut().expect("line").push_str("  # note");
            }
        }
    }

    fn list(&mut self, items: &[Node], indent: usize, path: &[PathSeg]) {
        for (i, item) in items.iter().enumerate() {
            let mut sub = path.to_vec();
            sub.push(PathSeg::Index(i));
            match item {
                Node::Map(entries) => self.map(entries, indent + 2, true, &sub),
                Node::Scalar(s, style) => {
                    self.leaves.push((sub, self.lines.len(), s.clone(), *style));
                    self.lines
                        .push(format!("{}- {}", " ".repeat(indent), quoted(s, *style)));
                }
                Node::List(inner) => {
                    self.lines.push(format!("{}-", " ".repeat(indent)));
                    self.list(inner, indent + 2, &sub);
                }
            }
        }
    }
}

fn render(doc: &Node) -> (String, Vec<Leaf>) {
    let mut out = Out {
        lines: vec!["# generated".into()],
        leaves: Vec::new(),
    };
    if let Node::Map(entries) = doc {
        out.map(entries, 0, false, &[]);
    }
    (out.lines.join("\n") + "\n", out.leaves)
}

fn new_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,12}",
        "[a-z0-9.]{1,6}",
        prop::sample::select(vec![
            "yes",
            "on",
            "null",
            "~",
            "1.10",
            ": x",
            "#x",
            "a # b",
            "-",
            "- x",
            "'",
            "\"",
            "\\",
            "é ü",
            "0x1F",
            "12",
            "true",
            "two\nlines",
            "tab\there",
            "",
        ])
        .prop_map(String::from),
    ]
}

fn at_path<'a>(v: &'a mut Value, path: &[PathSeg]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        PathSeg::Key(k) => v.get_mut(k.as_str()).expect("key"),
        PathSeg::Index(i) => v.get_mut(*i).expect("index"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn set_scalar_changes_only_the_target(
        doc in document(),
        pick in any::<prop::sample::Index>(),
        value in new_value(),
    ) {
        let (text, leaves) = render(&doc);
        let (path, line, old, style) = leaves[pick.index(leaves.len())].clone();
        let out = set_scalar(&text, &path, &value)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;

        // Only the target's line differs; comments and blank lines are all still there.
        let before: Vec<&str> = text.split('\n').collect();
        let after: Vec<&str> = out.split('\n').collect();
        prop_assert_eq!(before.len(), after.len());
        for (i, (b, a)) in before.iter().zip(&after).enumerate() {
            if i != line {
                prop_assert_eq!(b, a, "line {} changed", i + 1);
            }
        }

        // It reads back as the old document with the new value at the path.
        let mut expected: Value = serde_yaml::from_str(&text).expect("original parses");
        let old_kind = plain_kind(&old);
        let typed = style == Style::Plain
            && old_kind != PlainKind::Str
            && plain_kind(&value) == old_kind;
        *at_path(&mut expected, &path) = if typed {
            serde_yaml::from_str(&value).expect("typed value parses")
        } else {
            Value::String(value.clone())
        };
        let got: Value = serde_yaml::from_str(&out).expect("result parses");
        prop_assert_eq!(got, expected);
    }
}
