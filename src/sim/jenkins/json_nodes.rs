//! `/me` (who am I), `/computer` (the nodes and what their executors run) and `/label/NAME`
//! (what can run a label): the endpoints third-party clients use to authenticate
//! (`python-jenkins`' `get_whoami`), to list running builds (`get_running_builds`) and to see
//! whether a label can be provisioned. As with the Kubernetes plugin, the controller's built-in
//! node runs nothing (`numExecutors` from JCasC) and every running build has an agent pod of its
//! own.

use serde_json::Value;

use super::export::{Node, Obj};
use super::json_items::{item_node, root_node, View, FREESTYLE_LABEL};
use super::model;

pub fn me_node<'a>(base: &str, user: &str) -> Node<'a> {
    Obj::new("hudson.model.User")
        .p("absoluteUrl", 1, format!("{base}user/{user}"))
        .p("description", 1, Value::Null)
        .p("fullName", 1, user.to_string())
        .p("id", 1, user.to_string())
        .p("property", 1, Node::Arr(Vec::new()))
        .into()
}

/// A running build and the agent it runs on.
struct Running {
    agent: String,
    class: &'static str,
    number: u32,
    url: String,
}

fn running(v: View) -> Vec<Running> {
    if !v.can_read_jobs {
        return Vec::new();
    }
    let mut paths = Vec::new();
    model::job_paths(&v.engine.items, &mut Vec::new(), &mut paths);
    let mut out = Vec::new();
    for path in paths {
        let Some(job) = v.engine.job(&path) else {
            continue;
        };
        for b in job.builds.iter().filter(|b| b.is_running(v.now)) {
            // A stable, pod-like name per build: the same while it runs.
            let mut h: u32 = 2166136261;
            for byte in path.join("/").bytes().chain(b.number.to_le_bytes()) {
                h = (h ^ u32::from(byte)).wrapping_mul(16777619);
            }
            out.push(Running {
                agent: format!("{}-agent-{:05x}", v.engine.team, h & 0xfffff),
                class: if job.freestyle {
                    "hudson.model.FreeStyleBuild"
                } else {
                    "org.jenkinsci.plugins.workflow.job.WorkflowRun"
                },
                number: b.number,
                url: format!("{}{}/", v.item_url(&path), b.number),
            });
        }
    }
    out
}

fn executor<'a>(r: &Running) -> Node<'a> {
    Obj::new("hudson.model.Executor")
        .p(
            "currentExecutable",
            1,
            Obj::new(r.class)
                .p("number", 1, i64::from(r.number))
                .p("url", 1, r.url.clone()),
        )
        .p("idle", 1, false)
        .p("likelyStuck", 1, false)
        .p("number", 1, 0i64)
        .p("progress", 1, -1i64)
        .into()
}

fn computer_obj<'a>(
    class: &'static str,
    name: &str,
    description: &str,
    executors: Vec<Node<'a>>,
    num_executors: i64,
) -> Node<'a> {
    let idle = executors.is_empty();
    Obj::new(class)
        .p("actions", 1, Node::Arr(Vec::new()))
        .p(
            "assignedLabels",
            1,
            vec![Obj::plain().p("name", 2, name.to_string()).into()],
        )
        .p("description", 1, description.to_string())
        .p("displayName", 1, name.to_string())
        .p("executors", 1, Node::Arr(executors))
        .p("icon", 1, "symbol-computer")
        .p("idle", 1, idle)
        .p(
            "jnlpAgent",
            1,
            class != "hudson.model.Hudson$MasterComputer",
        )
        .p("launchSupported", 1, true)
        .p("manualLaunchAllowed", 1, true)
        .p("numExecutors", 1, num_executors)
        .p("offline", 1, false)
        .p("offlineCause", 1, Value::Null)
        .p("offlineCauseReason", 1, "")
        .p("temporarilyOffline", 1, false)
        .into()
}

const BUILT_IN: &str = "Built-In Node";
const AGENT: &str = "org.csanchez.jenkins.plugins.kubernetes.KubernetesComputer";

fn built_in<'a>(v: View<'a>) -> Node<'a> {
    computer_obj(
        "hudson.model.Hudson$MasterComputer",
        BUILT_IN,
        "the Jenkins controller's built-in node",
        Vec::new(),
        v.cfg.num_executors,
    )
}

fn agent<'a>(r: &Running) -> Node<'a> {
    computer_obj(
        AGENT,
        &r.agent,
        "a Kubernetes agent pod",
        vec![executor(r)],
        1,
    )
}

/// One node by its URL name.
pub fn computer<'a>(v: View<'a>, name: &str) -> Option<Node<'a>> {
    match name {
        "(built-in)" | "(master)" => Some(built_in(v)),
        _ => running(v).iter().find(|r| r.agent == name).map(agent),
    }
}

pub fn computer_set_node<'a>(v: View<'a>) -> Node<'a> {
    let runs = running(v);
    let mut computers = vec![built_in(v)];
    computers.extend(runs.iter().map(agent));
    Obj::new("hudson.model.ComputerSet")
        .p("busyExecutors", 1, runs.len() as i64)
        // Exported inline: the nodes' own properties show at depth 0.
        .inline("computer", 1, computers)
        .p("displayName", 1, "Nodes")
        .p("totalExecutors", 1, v.cfg.num_executors + runs.len() as i64)
        .into()
}

const KUBERNETES_CLOUD: &str = "org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud";

/// The built-in node's self-label (2.307 and later).
const BUILT_IN_LABEL: &str = "built-in";

/// `/label/NAME`: Jenkins answers every name with a `LabelAtom` (`Jenkins.getLabel` creates
/// one on demand), so a label nothing knows is an empty atom, not a 404. Its `clouds` are
/// those whose `canProvision` accepts it: the Kubernetes cloud when a pod template of the
/// *running* configuration lists the label (a template's `label` is a space-separated set), so
/// a template pushed but not reloaded does not count. `description` is the atom's own (unset:
/// null); `Cloud` exports no `name`, so a cloud is its `_class` (and `actions` deeper down).
/// Only atoms are modelled: a name is never read as a label expression.
pub fn label_node<'a>(v: View<'a>, name: &str) -> Node<'a> {
    let provisioned = v
        .cfg
        .templates
        .iter()
        .any(|t| t.label.split_whitespace().any(|l| l == name));
    let clouds: Vec<Node<'a>> = if provisioned {
        vec![Obj::new(KUBERNETES_CLOUD)
            .p("actions", 1, Node::Arr(Vec::new()))
            .into()]
    } else {
        Vec::new()
    };
    // The built-in node carries its self-label; agent pods come and go with their builds and
    // are not told apart by template here, so no label other than that one has nodes.
    let built_in = name == BUILT_IN_LABEL;
    // With no executors Jenkins removes the built-in node's computer: the label is offline.
    let executors = if built_in { v.cfg.num_executors } else { 0 };
    let nodes: Vec<Node<'a>> = if built_in {
        vec![root_node(v)]
    } else {
        Vec::new()
    };
    let tied = name == FREESTYLE_LABEL && v.can_read_jobs;
    Obj::new("hudson.model.labels.LabelAtom")
        .p("actions", 1, Node::Arr(Vec::new()))
        .p("busyExecutors", 1, 0i64)
        .p("clouds", 1, clouds)
        .p("description", 1, Value::Null)
        .p("idleExecutors", 1, executors)
        .p("loadStatistics", 1, Obj::new("hudson.model.Label$1"))
        .p("name", 1, name.to_string())
        .p("nodes", 1, nodes)
        .p("offline", 1, executors == 0)
        .lazy("tiedJobs", 1, move || {
            if !tied {
                return Node::Arr(Vec::new());
            }
            let mut paths = Vec::new();
            model::job_paths(&v.engine.items, &mut Vec::new(), &mut paths);
            Node::Arr(
                paths
                    .into_iter()
                    .filter_map(|p| {
                        let item = model::find(&v.engine.items, &p)?;
                        matches!(item, model::Item::Job(j) if j.freestyle)
                            .then(|| item_node(v, p, item))
                    })
                    .collect(),
            )
        })
        .p("totalExecutors", 1, executors)
        .p("propertiesList", 1, Node::Arr(Vec::new()))
        .into()
}
