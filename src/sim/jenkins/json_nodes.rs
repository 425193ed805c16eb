//! `/me` (who am I) and `/computer` (the nodes and what their executors run): the endpoints
//! third-party clients use to authenticate (`python-jenkins`' `get_whoami`) and to list running
//! builds (`get_running_builds`). As with the Kubernetes plugin, the controller's built-in node
//! runs nothing (`numExecutors` from JCasC) and every running build has an agent pod of its own.

use serde_json::Value;

use super::export::{Node, Obj};
use super::json_items::View;
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
