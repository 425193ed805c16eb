//! `inheritFrom` resolved as the kubernetes plugin does (`PodTemplateUtils.unwrap`): the
//! parents named in `inheritFrom` are unwrapped first and combined left to right (a later
//! parent wins), then the template itself is combined over them. Combining two container
//! lists: a child container with a parent container's name overrides each field it sets (an
//! empty field keeps the parent's); other child containers are added. The plugin skips a
//! parent name that matches no template; a cycle would recurse forever there, here it is an
//! error naming the chain.
//!
//! Order: the plugin keeps containers in a hash map, so its order is unspecified; here the
//! parent's containers come first, in their order, then the child's new ones.

use super::{ContainerTemplate, Jcasc};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InheritError {
    #[error("inheritFrom cycle: {}", .chain.join(" → "))]
    Cycle { chain: Vec<String> },
    #[error("no pod template number {0}")]
    NoSuchTemplate(usize),
}

pub fn effective_containers(
    jcasc: &Jcasc,
    index: usize,
) -> Result<Vec<ContainerTemplate>, InheritError> {
    if index >= jcasc.templates.len() {
        return Err(InheritError::NoSuchTemplate(index));
    }
    unwrap(jcasc, index, &mut Vec::new())
}

fn unwrap(
    jcasc: &Jcasc,
    index: usize,
    stack: &mut Vec<usize>,
) -> Result<Vec<ContainerTemplate>, InheritError> {
    let name_of = |i: usize| jcasc.templates[i].name().unwrap_or("?").to_string();
    if let Some(from) = stack.iter().position(|&i| i == index) {
        let mut chain: Vec<String> = stack[from..].iter().map(|&i| name_of(i)).collect();
        chain.push(name_of(index));
        return Err(InheritError::Cycle { chain });
    }
    stack.push(index);
    let template = &jcasc.templates[index];
    let mut parent: Option<Vec<ContainerTemplate>> = None;
    for name in &template.inherit_from {
        let Some(p) = jcasc.templates.iter().position(|t| t.name() == Some(name)) else {
            continue;
        };
        let unwrapped = unwrap(jcasc, p, stack)?;
        parent = Some(match parent {
            None => unwrapped,
            Some(before) => combine(&before, &unwrapped),
        });
    }
    stack.pop();
    Ok(match parent {
        None => template.containers.clone(),
        Some(p) => combine(&p, &template.containers),
    })
}

fn combine(parent: &[ContainerTemplate], child: &[ContainerTemplate]) -> Vec<ContainerTemplate> {
    let mut out = parent.to_vec();
    for c in child {
        match out
            .iter_mut()
            .find(|p| c.name().is_some() && p.name() == c.name())
        {
            Some(p) => *p = combine_container(p, c),
            None => out.push(c.clone()),
        }
    }
    out
}

/// The child's field where it sets one, else the parent's; the entry's own line and path are
/// the child's, each field keeps the line and path it was read from.
fn combine_container(parent: &ContainerTemplate, child: &ContainerTemplate) -> ContainerTemplate {
    let pick = |c: &Option<super::Field>, p: &Option<super::Field>| c.clone().or_else(|| p.clone());
    ContainerTemplate {
        name: pick(&child.name, &parent.name),
        image: pick(&child.image, &parent.image),
        command: pick(&child.command, &parent.command),
        args: pick(&child.args, &parent.args),
        resource_request_cpu: pick(&child.resource_request_cpu, &parent.resource_request_cpu),
        resource_request_memory: pick(
            &child.resource_request_memory,
            &parent.resource_request_memory,
        ),
        resource_limit_cpu: pick(&child.resource_limit_cpu, &parent.resource_limit_cpu),
        resource_limit_memory: pick(&child.resource_limit_memory, &parent.resource_limit_memory),
        line: child.line,
        column: child.column,
        path: child.path.clone(),
    }
}
