//! Exported views of the root, folders and jobs, in the property order and with the
//! visibilities stapler gives them (so that depth 0 shows nested jobs as
//! `{_class, name, url, color}` and nested builds as `{_class, number, url}`).

use jiff::Timestamp;
use serde_json::Value;

use super::engine::Engine;
use super::export::{Node, Obj};
use super::jcasc::RunningConfig;
use super::json_runs::{build_node, param_value_node, queue_item_node};
use super::model::{BuildResult, Folder, Item, Job, ParamDef};

/// The label every freestyle job is tied to (the demo's JCasC always has a `base` template).
pub const FREESTYLE_LABEL: &str = "base";

#[derive(Clone, Copy)]
pub struct View<'a> {
    /// The root URL, with a trailing slash.
    pub base: &'a str,
    pub now: Timestamp,
    pub engine: &'a Engine,
    pub cfg: &'a RunningConfig,
    /// Without Job/Read, jobs are invisible (lists are empty, URLs answer 404).
    pub can_read_jobs: bool,
}

impl View<'_> {
    pub fn item_url(&self, path: &[String]) -> String {
        let mut url = self.base.to_string();
        for name in path {
            url.push_str("job/");
            url.push_str(&urlencoding::encode(name));
            url.push('/');
        }
        url
    }

    /// `fullDisplayName`: display names joined with " » ".
    pub fn full_display_name(&self, path: &[String]) -> String {
        let mut names = Vec::new();
        let mut items = &self.engine.items;
        for name in path {
            let Some(item) = items.iter().find(|i| i.name() == name) else {
                break;
            };
            match item {
                Item::Job(j) => names.push(j.display_name.clone()),
                Item::Folder(f) => {
                    names.push(f.name.clone());
                    items = &f.items;
                }
            }
        }
        names.join(" » ")
    }
}

fn all_view<'a>(base: &str) -> Node<'a> {
    Obj::new("hudson.model.AllView")
        .p("name", 2, "all")
        .p("url", 2, base.to_string())
        .into()
}

pub fn root_node<'a>(v: View<'a>) -> Node<'a> {
    Obj::new("hudson.model.Hudson")
        .p(
            "assignedLabels",
            1,
            vec![Obj::plain().p("name", 2, "built-in").into()],
        )
        .p("mode", 1, v.cfg.mode.clone())
        .p(
            "nodeDescription",
            1,
            "the Jenkins controller's built-in node",
        )
        .p("nodeName", 1, "")
        .p("numExecutors", 1, v.cfg.num_executors)
        .p("description", 1, v.cfg.system_message.clone())
        .lazy("jobs", 1, move || items_node(v, &[], &v.engine.items))
        .p("overallLoad", 1, Obj::plain())
        .p("primaryView", 1, all_view(v.base))
        .p("quietDownReason", 1, Value::Null)
        .p("quietingDown", 1, false)
        .p("slaveAgentPort", 1, 50000i64)
        .p(
            "unlabeledLoad",
            1,
            Obj::new("jenkins.model.UnlabeledLoadStatistics"),
        )
        .p("url", 1, v.base.to_string())
        .p("useCrumbs", 1, true)
        .p("useSecurity", 1, true)
        .p("views", 1, vec![all_view(v.base)])
        .into()
}

fn items_node<'a>(v: View<'a>, prefix: &[String], items: &'a [Item]) -> Node<'a> {
    if !v.can_read_jobs {
        return Node::Arr(Vec::new());
    }
    Node::Arr(
        items
            .iter()
            .map(|i| {
                let mut path = prefix.to_vec();
                path.push(i.name().to_string());
                item_node(v, path, i)
            })
            .collect(),
    )
}

pub fn item_node<'a>(v: View<'a>, path: Vec<String>, item: &'a Item) -> Node<'a> {
    match item {
        Item::Job(j) => job_node(v, path, j),
        Item::Folder(f) => folder_node(v, path, f),
    }
}

fn named<'a>(
    o: Obj<'a>,
    v: View<'a>,
    path: &[String],
    display: &str,
    description: &str,
) -> Obj<'a> {
    let name = path.last().cloned().unwrap_or_default();
    o.p("description", 1, description.to_string())
        .p("displayName", 1, display.to_string())
        .p(
            "displayNameOrNull",
            1,
            (display != name).then(|| display.to_string()),
        )
        .p("fullDisplayName", 1, v.full_display_name(path))
        .p("fullName", 1, path.join("/"))
        .p("name", 2, name)
        .p("url", 2, v.item_url(path))
}

fn folder_node<'a>(v: View<'a>, path: Vec<String>, f: &'a Folder) -> Node<'a> {
    let class = if f.multibranch {
        "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
    } else {
        "com.cloudbees.hudson.plugins.folder.Folder"
    };
    let o = Obj::new(class).p("actions", 1, vec![Node::from(Obj::plain())]);
    let p2 = path.clone();
    named(o, v, &path, &f.name, &f.description)
        .p("healthReport", 1, Node::Arr(Vec::new()))
        .lazy("jobs", 1, move || items_node(v, &p2, &f.items))
        .p("primaryView", 1, all_view(&v.item_url(&path)))
        .p("views", 1, vec![all_view(&v.item_url(&path))])
        .into()
}

fn param_def_node<'a>(d: &ParamDef) -> Node<'a> {
    let (class, ty, description) = match d {
        ParamDef::String { description, .. } => (
            "hudson.model.StringParameterDefinition",
            "StringParameterDefinition",
            description,
        ),
        ParamDef::Choice { description, .. } => (
            "hudson.model.ChoiceParameterDefinition",
            "ChoiceParameterDefinition",
            description,
        ),
        ParamDef::Boolean { description, .. } => (
            "hudson.model.BooleanParameterDefinition",
            "BooleanParameterDefinition",
            description,
        ),
    };
    let mut o = Obj::new(class)
        .p(
            "defaultParameterValue",
            3,
            param_value_node(&d.default_value()),
        )
        .p("description", 3, description.clone())
        .p("name", 3, d.name().to_string())
        .p("type", 3, ty);
    if let ParamDef::Choice { choices, .. } = d {
        o = o.p(
            "choices",
            3,
            Node::Arr(choices.iter().map(|c| Node::from(c.as_str())).collect()),
        );
    }
    o.into()
}

fn params_property<'a>(j: &Job) -> Node<'a> {
    Obj::new("hudson.model.ParametersDefinitionProperty")
        .p(
            "parameterDefinitions",
            2,
            Node::Arr(j.params.iter().map(param_def_node).collect()),
        )
        .into()
}

/// `Job.getBuildHealth`: the share of failed builds among the last five completed.
fn health<'a>(j: &Job, now: Timestamp) -> Node<'a> {
    let done: Vec<BuildResult> = j
        .builds
        .iter()
        .rev()
        .filter_map(|b| b.result(now))
        .take(5)
        .collect();
    if done.is_empty() {
        return Node::Arr(Vec::new());
    }
    let failed = done.iter().filter(|r| **r != BuildResult::Success).count();
    let score = (100 * (done.len() - failed) / done.len()) as i64;
    let icon = match score {
        81.. => "80plus",
        61..=80 => "60to79",
        41..=60 => "40to59",
        21..=40 => "20to39",
        _ => "00to19",
    };
    let description = match failed {
        0 => "Build stability: No recent builds failed.".to_string(),
        n => format!(
            "Build stability: {n} out of the last {} builds failed.",
            done.len()
        ),
    };
    Node::Arr(vec![Obj::plain()
        .p("description", 2, description)
        .p("iconClassName", 2, format!("icon-health-{icon}"))
        .p("iconUrl", 2, format!("health-{icon}.png"))
        .p("score", 2, score)
        .into()])
}

pub fn job_node<'a>(v: View<'a>, path: Vec<String>, j: &'a Job) -> Node<'a> {
    let now = v.now;
    let class = if j.freestyle {
        "hudson.model.FreeStyleProject"
    } else {
        "org.jenkinsci.plugins.workflow.job.WorkflowJob"
    };
    let mut actions = Vec::new();
    if !j.params.is_empty() {
        actions.push(params_property(j));
    }
    actions.push(Obj::plain().into());
    actions.push(Obj::new("com.cloudbees.plugins.credentials.ViewCredentialsAction").into());
    let o = Obj::new(class).p("actions", 1, actions);
    let p = path.clone();
    let build_ref = move |b: Option<&'a super::model::Build>| -> Node<'a> {
        match b {
            Some(b) => build_node(v, p.clone(), j, b),
            None => Node::Val(Value::Null),
        }
    };
    let link = |name: &'static str| build_ref(j.permalink(name, now));
    let p_builds = path.clone();
    let p_all = path.clone();
    let p_queue = path.clone();
    let mut o = named(o, v, &path, &j.display_name, &j.description)
        .p("buildable", 1, !j.disabled)
        .lazy("builds", 1, move || {
            Node::Arr(
                j.builds
                    .iter()
                    .rev()
                    .take(100)
                    .map(|b| build_node(v, p_builds.clone(), j, b))
                    .collect(),
            )
        })
        .p("color", 2, j.color(now))
        .p("firstBuild", 1, link("firstBuild"))
        .p("healthReport", 1, health(j, now))
        .p("inQueue", 1, v.engine.queued_for(&path).is_some())
        .p("keepDependencies", 1, false)
        .p("lastBuild", 1, link("lastBuild"))
        .p("lastCompletedBuild", 1, link("lastCompletedBuild"))
        .p("lastFailedBuild", 1, link("lastFailedBuild"))
        .p("lastStableBuild", 1, link("lastStableBuild"))
        .p("lastSuccessfulBuild", 1, link("lastSuccessfulBuild"))
        .p("lastUnstableBuild", 1, link("lastUnstableBuild"))
        .p("lastUnsuccessfulBuild", 1, link("lastUnsuccessfulBuild"))
        .p("nextBuildNumber", 1, i64::from(j.next_number))
        .p(
            "property",
            1,
            if j.params.is_empty() {
                Vec::new()
            } else {
                vec![params_property(j)]
            },
        )
        // Lazy: a queue item's `task` is this job again.
        .lazy("queueItem", 1, move || {
            v.engine
                .queued_for(&p_queue)
                .map(|q| queue_item_node(v, q))
                .into()
        })
        .p("concurrentBuild", 1, true)
        .p("disabled", 1, j.disabled);
    if j.freestyle {
        o = o
            .p("downstreamProjects", 1, Node::Arr(Vec::new()))
            .p("labelExpression", 1, FREESTYLE_LABEL)
            .p("scm", 1, Obj::new("hudson.scm.NullSCM"))
            .p("upstreamProjects", 1, Node::Arr(Vec::new()));
    } else {
        o = o.p("resumeBlocked", 1, false);
    }
    o.lazy("allBuilds", -2, move || {
        Node::Arr(
            j.builds
                .iter()
                .rev()
                .map(|b| build_node(v, p_all.clone(), j, b))
                .collect(),
        )
    })
    .into()
}
