//! Jenkins' exported-bean model, as stapler writes it: objects whose properties carry a
//! visibility, written as JSON or Python with `_class` first, pruned either by `depth`
//! (`TreePruner.ByDepth`) or by a `tree=` expression (`NamedPathPruner`, which ignores
//! visibility and applies `{M,N}` ranges to arrays). Sub-trees are built lazily, so a root
//! request with `tree=jobs[name]` never builds any build objects.

use serde_json::Value;

use super::tree::{Range, TreeSpec};

pub enum Node<'a> {
    Val(Value),
    Obj(Obj<'a>),
    Arr(Vec<Node<'a>>),
    Lazy(Box<dyn Fn() -> Node<'a> + 'a>),
}

pub struct Obj<'a> {
    class: Option<&'static str>,
    props: Vec<Prop<'a>>,
}

struct Prop<'a> {
    name: &'static str,
    vis: i32,
    /// Stapler's `@Exported(inline = true)`: the value's properties count as this level's.
    inline: bool,
    value: Node<'a>,
}

impl<'a> Obj<'a> {
    pub fn new(class: &'static str) -> Self {
        Obj {
            class: Some(class),
            props: Vec::new(),
        }
    }

    /// An object whose class the declared type already names (no `_class` written).
    pub fn plain() -> Self {
        Obj {
            class: None,
            props: Vec::new(),
        }
    }

    /// A property with its `@Exported(visibility)`.
    pub fn p(mut self, name: &'static str, vis: i32, value: impl Into<Node<'a>>) -> Self {
        self.props.push(Prop {
            name,
            vis,
            inline: false,
            value: value.into(),
        });
        self
    }

    pub fn inline(mut self, name: &'static str, vis: i32, value: impl Into<Node<'a>>) -> Self {
        self.props.push(Prop {
            name,
            vis,
            inline: true,
            value: value.into(),
        });
        self
    }

    /// A property whose value is built only if it is written.
    pub fn lazy(mut self, name: &'static str, vis: i32, f: impl Fn() -> Node<'a> + 'a) -> Self {
        self.props.push(Prop {
            name,
            vis,
            inline: false,
            value: Node::Lazy(Box::new(f)),
        });
        self
    }
}

impl<'a> From<Obj<'a>> for Node<'a> {
    fn from(o: Obj<'a>) -> Self {
        Node::Obj(o)
    }
}
impl<'a> From<Vec<Node<'a>>> for Node<'a> {
    fn from(v: Vec<Node<'a>>) -> Self {
        Node::Arr(v)
    }
}
impl From<Value> for Node<'_> {
    fn from(v: Value) -> Self {
        Node::Val(v)
    }
}
impl From<&str> for Node<'_> {
    fn from(v: &str) -> Self {
        Node::Val(Value::from(v))
    }
}
impl From<String> for Node<'_> {
    fn from(v: String) -> Self {
        Node::Val(Value::from(v))
    }
}
impl From<bool> for Node<'_> {
    fn from(v: bool) -> Self {
        Node::Val(Value::from(v))
    }
}
impl From<i64> for Node<'_> {
    fn from(v: i64) -> Self {
        Node::Val(Value::from(v))
    }
}
impl<'a, T: Into<Node<'a>>> From<Option<T>> for Node<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(Node::Val(Value::Null), Into::into)
    }
}

/// How a response is pruned.
#[derive(Clone, Copy)]
pub enum Pruner<'t> {
    /// Properties with visibility ≥ n are written; the top level starts at `1 - depth`.
    Depth(i32),
    Tree(&'t TreeSpec),
}

impl<'t> Pruner<'t> {
    pub fn top(tree: Option<&'t TreeSpec>, depth: i32) -> Self {
        match tree {
            Some(t) => Pruner::Tree(t),
            None => Pruner::Depth(1 - depth),
        }
    }

    fn accept(&self, p: &Prop) -> Option<(Pruner<'t>, Option<Range>)> {
        match *self {
            Pruner::Depth(n) if p.vis < n => None,
            Pruner::Depth(n) if p.inline => Some((Pruner::Depth(n), None)),
            Pruner::Depth(n) => Some((Pruner::Depth(n + 1), None)),
            Pruner::Tree(t) => t.child(p.name).map(|c| (Pruner::Tree(c), c.range)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Json,
    /// `api/python`: JSON's literals except `None`, `True` and `False` (stapler's PythonDataWriter).
    Python,
}

/// Writes `node` as a whole response body.
pub fn write(node: &Node, pruner: Pruner, flavor: Flavor, pretty: bool) -> String {
    let mut w = Writer {
        out: String::new(),
        flavor,
        pretty,
        indent: 0,
    };
    w.node(node, pruner, None);
    w.out
}

struct Writer {
    out: String,
    flavor: Flavor,
    pretty: bool,
    indent: usize,
}

impl Writer {
    fn newline(&mut self) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..self.indent {
                self.out.push_str("  ");
            }
        }
    }

    fn scalar(&mut self, v: &Value) {
        match (v, self.flavor) {
            (Value::Null, Flavor::Python) => self.out.push_str("None"),
            (Value::Bool(true), Flavor::Python) => self.out.push_str("True"),
            (Value::Bool(false), Flavor::Python) => self.out.push_str("False"),
            (Value::String(s), _) => self
                .out
                .push_str(&serde_json::to_string(s).unwrap_or_default()),
            (other, _) => self.out.push_str(&other.to_string()),
        }
    }

    fn key(&mut self, name: &str, first: &mut bool) {
        if !*first {
            self.out.push(',');
        }
        *first = false;
        self.newline();
        self.scalar(&Value::from(name));
        self.out.push_str(if self.pretty { " : " } else { ":" });
    }

    fn node(&mut self, node: &Node, pruner: Pruner, range: Option<Range>) {
        match node {
            Node::Val(v) => self.scalar(v),
            Node::Lazy(f) => self.node(&f(), pruner, range),
            Node::Arr(items) => {
                self.out.push('[');
                self.indent += 1;
                let mut first = true;
                for (i, item) in items.iter().enumerate() {
                    if range.is_some_and(|r| !r.contains(i)) {
                        continue;
                    }
                    if !first {
                        self.out.push(',');
                    }
                    first = false;
                    self.newline();
                    self.node(item, pruner, None);
                }
                self.indent -= 1;
                if !first {
                    self.newline();
                }
                self.out.push(']');
            }
            Node::Obj(o) => {
                self.out.push('{');
                self.indent += 1;
                let mut first = true;
                if let Some(class) = o.class {
                    self.key("_class", &mut first);
                    self.scalar(&Value::from(class));
                }
                for p in &o.props {
                    if let Some((child, r)) = pruner.accept(p) {
                        self.key(p.name, &mut first);
                        self.node(&p.value, child, r);
                    }
                }
                self.indent -= 1;
                if !first {
                    self.newline();
                }
                self.out.push('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::parse;
    use super::*;

    fn build(n: i64) -> Node<'static> {
        Obj::new("B")
            .p("number", 2, n)
            .p("result", 1, Value::Null)
            .into()
    }

    fn job() -> Node<'static> {
        Obj::new("J")
            .p("name", 2, "a")
            .p("flag", 1, true)
            .lazy("builds", 1, || Node::Arr((0..5).rev().map(build).collect()))
            .into()
    }

    #[test]
    fn depth_follows_visibility() {
        let d0 = write(&job(), Pruner::top(None, 0), Flavor::Json, false);
        assert_eq!(
            d0,
            r#"{"_class":"J","name":"a","flag":true,"builds":[{"_class":"B","number":4},{"_class":"B","number":3},{"_class":"B","number":2},{"_class":"B","number":1},{"_class":"B","number":0}]}"#
        );
        let d1 = write(&job(), Pruner::top(None, 1), Flavor::Json, false);
        assert!(d1.contains(r#"{"_class":"B","number":4,"result":null}"#));
    }

    #[test]
    fn tree_prunes_and_ranges_and_ignores_depth() {
        let t = parse("builds[result]{1,3}").unwrap();
        let out = write(&job(), Pruner::top(Some(&t), 0), Flavor::Json, false);
        assert_eq!(
            out,
            r#"{"_class":"J","builds":[{"_class":"B","result":null},{"_class":"B","result":null}]}"#
        );
        let t = parse("name,builds").unwrap();
        let out = write(&job(), Pruner::top(Some(&t), 0), Flavor::Json, false);
        assert!(out.ends_with(r#""builds":[{"_class":"B"},{"_class":"B"},{"_class":"B"},{"_class":"B"},{"_class":"B"}]}"#));
    }

    #[test]
    fn python_and_pretty() {
        let t = parse("flag,builds[result]{0}").unwrap();
        let out = write(&job(), Pruner::top(Some(&t), 0), Flavor::Python, false);
        assert_eq!(
            out,
            r#"{"_class":"J","flag":True,"builds":[{"_class":"B","result":None}]}"#
        );
        let t = parse("name").unwrap();
        let out = write(&job(), Pruner::top(Some(&t), 0), Flavor::Json, true);
        assert_eq!(out, "{\n  \"_class\" : \"J\",\n  \"name\" : \"a\"\n}");
    }
}
