//! Exported views of builds, their causes and parameters, and queue items.

use serde_json::Value;

use super::console_script::cause_line;
use super::export::{Node, Obj};
use super::json_items::{job_node, View};
use super::model::{Build, Cause, Job, PValue, ParamValue};
use super::queue::{Left, Phase, QueueItem};

pub fn param_value_node<'a>(p: &ParamValue) -> Node<'a> {
    let (class, value) = match &p.value {
        PValue::Str(s) => ("hudson.model.StringParameterValue", Node::from(s.clone())),
        PValue::Bool(b) => ("hudson.model.BooleanParameterValue", Node::from(*b)),
    };
    Obj::new(class)
        .p("name", 4, p.name.clone())
        .p("value", 4, value)
        .into()
}

fn cause_node<'a>(v: View<'a>, c: &Cause) -> Node<'a> {
    let class = match c {
        Cause::User { .. } => "hudson.model.Cause$UserIdCause",
        Cause::Timer => "hudson.triggers.TimerTrigger$TimerTriggerCause",
        Cause::Scm => "hudson.triggers.SCMTrigger$SCMTriggerCause",
        Cause::BranchIndexing => "jenkins.branch.BranchIndexingCause",
        Cause::Upstream { .. } => "hudson.model.Cause$UpstreamCause",
    };
    let o = Obj::new(class).p("shortDescription", 3, cause_line(c));
    match c {
        Cause::User { id, name } => o.p("userId", 3, id.clone()).p("userName", 3, name.clone()),
        Cause::Upstream { project, build } => {
            let path: Vec<String> = project.split('/').map(String::from).collect();
            let url = v.item_url(&path);
            o.p("upstreamBuild", 3, i64::from(*build))
                .p("upstreamProject", 3, project.clone())
                .p("upstreamUrl", 3, url.trim_start_matches(v.base).to_string())
        }
        _ => o,
    }
    .into()
}

fn actions<'a>(v: View<'a>, causes: &[Cause], params: &[ParamValue]) -> Vec<Node<'a>> {
    let mut out = vec![Obj::new("hudson.model.CauseAction")
        .p(
            "causes",
            2,
            Node::Arr(causes.iter().map(|c| cause_node(v, c)).collect()),
        )
        .into()];
    if !params.is_empty() {
        out.push(
            Obj::new("hudson.model.ParametersAction")
                .p(
                    "parameters",
                    2,
                    Node::Arr(params.iter().map(param_value_node).collect()),
                )
                .into(),
        );
    }
    out
}

fn git_data<'a>(j: &Job, b: &Build, team: &str) -> Node<'a> {
    let (repo, branch) = match &j.kind {
        super::model::JobKind::Branch { app, branch } => (format!("{team}/{app}"), branch.clone()),
        _ => (format!("{team}-config"), "main".to_string()),
    };
    let branch_ref = format!("refs/remotes/origin/{branch}");
    Obj::new("hudson.plugins.git.util.BuildData")
        .p("buildsByBranchName", 1, Obj::plain())
        .p(
            "lastBuiltRevision",
            1,
            Obj::plain().p("SHA1", 1, b.commit.clone()).p(
                "branch",
                1,
                vec![Obj::plain()
                    .p("SHA1", 1, b.commit.clone())
                    .p("name", 1, branch_ref)
                    .into()],
            ),
        )
        .p(
            "remoteUrls",
            1,
            vec![Node::from(format!("https://git.example.com/{repo}.git"))],
        )
        .p("scmName", 1, "")
        .into()
}

pub fn build_node<'a>(v: View<'a>, path: Vec<String>, j: &'a Job, b: &'a Build) -> Node<'a> {
    let now = v.now;
    let class = if j.freestyle {
        "hudson.model.FreeStyleBuild"
    } else {
        "org.jenkinsci.plugins.workflow.job.WorkflowRun"
    };
    let running = b.is_running(now);
    let mut acts = actions(v, &b.causes, &b.params);
    acts.push(git_data(j, b, &v.engine.team));
    if !j.freestyle {
        acts.push(Obj::new("org.jenkinsci.plugins.workflow.libs.LibrariesAction").into());
        acts.push(Obj::plain().into());
        acts.push(Obj::new("org.jenkinsci.plugins.workflow.job.views.FlowGraphAction").into());
    }
    let url = format!("{}{}/", v.item_url(&path), b.number);
    let executor = running.then(|| {
        Obj::new(if j.freestyle {
            "hudson.model.Executor"
        } else {
            "hudson.model.OneOffExecutor"
        })
    });
    let mut o = Obj::new(class)
        .p("actions", 1, acts)
        .p("artifacts", 1, Node::Arr(Vec::new()))
        .p("building", 1, running)
        .p("description", 1, Value::Null)
        .p("displayName", 1, format!("#{}", b.number))
        .p("duration", 1, b.duration_ms(now))
        .p("estimatedDuration", 1, j.estimated_ms(now))
        .p("executor", 1, executor)
        .p(
            "fullDisplayName",
            1,
            format!("{} #{}", v.full_display_name(&path), b.number),
        )
        .p("id", 1, b.number.to_string())
        .p("keepLog", 1, false)
        .p("number", 2, i64::from(b.number))
        .p("queueId", 1, b.queue_id as i64)
        .p("result", 1, b.result(now).map(|r| r.as_str()))
        .p("timestamp", 1, b.start.as_millisecond())
        .p("url", 2, url);
    if j.freestyle {
        o = o
            .p("builtOn", 1, format!("{}-agent", v.engine.team))
            .p(
                "changeSet",
                1,
                Obj::new("hudson.scm.EmptyChangeLogSet")
                    .p("items", 1, Node::Arr(Vec::new()))
                    .p("kind", 1, Value::Null),
            )
            .p("culprits", 1, Node::Arr(Vec::new()));
        return o.into();
    }
    let (p_next, p_prev) = (path.clone(), path);
    o.p("changeSets", 1, Node::Arr(Vec::new()))
        .p("culprits", 1, Node::Arr(Vec::new()))
        .p("inProgress", 1, running)
        .lazy("nextBuild", 1, move || {
            j.builds
                .iter()
                .find(|n| n.number > b.number)
                .map(|n| build_node(v, p_next.clone(), j, n))
                .into()
        })
        .lazy("previousBuild", 1, move || {
            j.builds
                .iter()
                .rev()
                .find(|n| n.number < b.number)
                .map(|n| build_node(v, p_prev.clone(), j, n))
                .into()
        })
        .into()
}

pub fn queue_item_node<'a>(v: View<'a>, q: &'a QueueItem) -> Node<'a> {
    let now = v.now;
    let phase = q.phase(now);
    let class = match phase {
        Phase::Waiting => "hudson.model.Queue$WaitingItem",
        Phase::Buildable => "hudson.model.Queue$BuildableItem",
        Phase::Left => "hudson.model.Queue$LeftItem",
    };
    let job = v.engine.job(&q.job);
    let label = job.map(|j| v.engine.tool_for(j).0).unwrap_or("base");
    let task = move || match job {
        Some(j) => job_node(v, q.job.clone(), j),
        None => Node::Val(Value::Null),
    };
    let mut o = Obj::new(class)
        .p("actions", 1, actions(v, &q.causes, &q.params))
        .p("blocked", 1, false)
        .p("buildable", 1, phase == Phase::Buildable)
        .p("id", 1, q.id as i64)
        .p("inQueueSince", 1, q.in_queue_since.as_millisecond())
        .p("params", 1, q.params_text())
        .p("stuck", 1, false)
        .lazy("task", 1, task)
        .p("url", 1, format!("queue/item/{}/", q.id))
        .p("why", 1, q.why(now, label));
    match (&q.left, phase) {
        (_, Phase::Waiting) => o = o.p("timestamp", 1, q.buildable_at.as_millisecond()),
        (_, Phase::Buildable) => {
            o = o
                .p(
                    "buildableStartMilliseconds",
                    1,
                    q.buildable_at.as_millisecond(),
                )
                .p("pending", 1, false)
        }
        (Some(Left::Started { number, .. }), _) => {
            let exe = job.and_then(|j| j.build(*number).map(|b| (j, b)));
            o = o.p("cancelled", 1, false).p(
                "executable",
                1,
                exe.map(|(j, b)| build_node(v, q.job.clone(), j, b)),
            )
        }
        (_, Phase::Left) => o = o.p("cancelled", 1, true).p("executable", 1, Value::Null),
    }
    o.into()
}

pub fn queue_node<'a>(v: View<'a>) -> Node<'a> {
    let items: Vec<Node> = v
        .engine
        .queue
        .iter()
        .filter(|q| q.left.is_none() && v.can_read_jobs)
        .map(|q| queue_item_node(v, q))
        .collect();
    Obj::new("hudson.model.Queue")
        .p("discoverableItems", 1, Node::Arr(Vec::new()))
        .inline("items", 1, items)
        .into()
}

pub fn crumb_node<'a>(crumb: String) -> Node<'a> {
    Obj::new("hudson.security.csrf.DefaultCrumbIssuer")
        .p("crumb", 1, crumb)
        .p("crumbRequestField", 1, super::auth::CRUMB_FIELD)
        .into()
}
