//! Reading the pod templates out of a JCasC file through the lossless tree, which knows where
//! each node stands. Shapes other than the plugin's (a template that is not a map, a field
//! that is not a scalar) are skipped here; validation reports what matters of them.

use yaml_edit::{YamlFile, YamlNode};

use super::{ContainerTemplate, Field, Jcasc, PodTemplate};
use crate::repo::yaml_edit::PathSeg;
use crate::repo::yaml_syntax::{self, LineIndex, SyntaxError};

/// The pod templates of `text`'s Kubernetes clouds; a file that is not well-formed YAML is an
/// error with its position.
pub fn parse_jcasc(text: &str) -> Result<Jcasc, SyntaxError> {
    if let Some(e) = yaml_syntax::first_error(text) {
        return Err(e);
    }
    let lines = LineIndex::new(text);
    let mut out = Jcasc::default();
    let file = YamlFile::parse(text).tree();
    let Some(root) = file.document().and_then(|d| d.as_mapping()) else {
        return Ok(out);
    };
    for (k, _) in root.iter() {
        if let YamlNode::Scalar(s) = &k {
            let (line, column) = lines.position(text, k.byte_range().start as usize);
            out.roots.push((s.as_string(), line, column));
        }
    }
    let r = Reader {
        text,
        lines: &lines,
    };
    let Some(YamlNode::Sequence(clouds)) =
        entry(&root_node(&root), "jenkins").and_then(|j| entry(&j, "clouds"))
    else {
        return Ok(out);
    };
    for (c, cloud) in clouds.values().enumerate() {
        let Some(k8s) = entry(&cloud, "kubernetes") else {
            continue;
        };
        let cloud_name = r.scalar(&k8s, "name", &[]).map(|f| f.value);
        let Some(YamlNode::Sequence(templates)) = entry(&k8s, "templates") else {
            continue;
        };
        for (t, node) in templates.values().enumerate() {
            let path = vec![
                PathSeg::key("jenkins"),
                PathSeg::key("clouds"),
                PathSeg::Index(c),
                PathSeg::key("kubernetes"),
                PathSeg::key("templates"),
                PathSeg::Index(t),
            ];
            let mut template = r.template(&node, path);
            template.cloud = cloud_name.clone();
            out.templates.push(template);
        }
    }
    Ok(out)
}

fn root_node(m: &yaml_edit::Mapping) -> YamlNode {
    YamlNode::Mapping(m.clone())
}

/// The value under `key` when `node` is a map.
fn entry(node: &YamlNode, key: &str) -> Option<YamlNode> {
    let YamlNode::Mapping(m) = node else {
        return None;
    };
    m.iter()
        .find(|(k, _)| matches!(k, YamlNode::Scalar(s) if s.as_string() == key))
        .map(|(_, v)| v)
}

struct Reader<'a> {
    text: &'a str,
    lines: &'a LineIndex,
}

impl Reader<'_> {
    fn position(&self, node: &YamlNode) -> (usize, usize) {
        self.lines
            .position(self.text, node.byte_range().start as usize)
    }

    /// The scalar under `key` in the map `node`; an empty (null) value counts as absent, as
    /// the plugin treats empty strings.
    fn scalar(&self, node: &YamlNode, key: &str, at: &[PathSeg]) -> Option<Field> {
        let YamlNode::Scalar(s) = entry(node, key)? else {
            return None;
        };
        let value = s.as_string();
        if value.is_empty() && !s.is_quoted() {
            return None;
        }
        let mut path = at.to_vec();
        path.push(PathSeg::key(key));
        let (line, column) = self
            .lines
            .position(self.text, s.byte_range().start as usize);
        Some(Field {
            value,
            line,
            column,
            path,
        })
    }

    fn template(&self, node: &YamlNode, path: Vec<PathSeg>) -> PodTemplate {
        let label_field = self.scalar(node, "label", &path);
        let inherit_from_field = self.scalar(node, "inheritFrom", &path);
        let mut containers = Vec::new();
        if let Some(YamlNode::Sequence(list)) = entry(node, "containers") {
            for (j, c) in list.values().enumerate() {
                let mut cpath = path.clone();
                cpath.extend([PathSeg::key("containers"), PathSeg::Index(j)]);
                containers.push(self.container(&c, cpath));
            }
        }
        let (line, column) = self.position(node);
        PodTemplate {
            name: self.scalar(node, "name", &path),
            labels: words(label_field.as_ref(), char::is_whitespace),
            label_field,
            namespace: self.scalar(node, "namespace", &path),
            // The plugin splits on spaces only (`split(" +")`).
            inherit_from: words(inherit_from_field.as_ref(), |c| c == ' '),
            inherit_from_field,
            containers,
            cloud: None,
            line,
            column,
            path,
        }
    }

    fn container(&self, node: &YamlNode, path: Vec<PathSeg>) -> ContainerTemplate {
        let f = |key| self.scalar(node, key, &path);
        let (line, column) = self.position(node);
        ContainerTemplate {
            name: f("name"),
            image: f("image"),
            command: f("command"),
            args: f("args"),
            resource_request_cpu: f("resourceRequestCpu"),
            resource_request_memory: f("resourceRequestMemory"),
            resource_limit_cpu: f("resourceLimitCpu"),
            resource_limit_memory: f("resourceLimitMemory"),
            line,
            column,
            path,
        }
    }
}

fn words(field: Option<&Field>, sep: fn(char) -> bool) -> Vec<String> {
    field.map_or_else(Vec::new, |f| {
        f.value
            .split(sep)
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    })
}
