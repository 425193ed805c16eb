//! What the cockpit keeps of Jenkins' JSON: compact rows read from the API's objects (`_class`
//! tells folders, multibranch projects, pipelines and freestyle jobs apart). Every field is
//! optional on the wire: `tree=` leaves out what was not asked for. Every string the model
//! keeps is sanitised as it is read (`wire_text`).

use jiff::Timestamp;
use serde::Deserialize;
use serde_json::Value;

use super::path::{display_name, JobPath};
use super::wire_text::{Line, Text};
use crate::text::sanitize::sanitize_line;

/// `color` of a job: the last build's result, `_anime` while one runs (`Job.getIconColor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BallColor {
    pub status: BallStatus,
    pub running: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BallStatus {
    /// Worst first, so `max` of children is the folder's worst.
    Disabled,
    NotBuilt,
    Grey,
    Blue,
    Aborted,
    Yellow,
    Red,
}

impl BallColor {
    pub fn parse(s: &str) -> Option<BallColor> {
        let (base, running) = match s.strip_suffix("_anime") {
            Some(b) => (b, true),
            None => (s, false),
        };
        let status = match base {
            "blue" => BallStatus::Blue,
            "red" => BallStatus::Red,
            "yellow" => BallStatus::Yellow,
            "aborted" => BallStatus::Aborted,
            "notbuilt" | "nobuilt" => BallStatus::NotBuilt,
            "disabled" => BallStatus::Disabled,
            "grey" => BallStatus::Grey,
            _ => return None,
        };
        Some(BallColor { status, running })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BuildResult {
    Success,
    Unstable,
    Failure,
    NotBuilt,
    Aborted,
}

impl BuildResult {
    pub fn parse(s: &str) -> Option<BuildResult> {
        Some(match s {
            "SUCCESS" => BuildResult::Success,
            "UNSTABLE" => BuildResult::Unstable,
            "FAILURE" => BuildResult::Failure,
            "NOT_BUILT" => BuildResult::NotBuilt,
            "ABORTED" => BuildResult::Aborted,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            BuildResult::Success => "SUCCESS",
            BuildResult::Unstable => "UNSTABLE",
            BuildResult::Failure => "FAILURE",
            BuildResult::NotBuilt => "NOT_BUILT",
            BuildResult::Aborted => "ABORTED",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    Folder,
    MultiBranch,
    Pipeline,
    Freestyle,
    /// Another item class (matrix projects, organisation folders…), by its `_class`.
    Other(String),
}

impl JobKind {
    pub fn from_class(class: &str) -> JobKind {
        match class {
            "com.cloudbees.hudson.plugins.folder.Folder" => JobKind::Folder,
            "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
            | "jenkins.branch.OrganizationFolder" => JobKind::MultiBranch,
            "org.jenkinsci.plugins.workflow.job.WorkflowJob" => JobKind::Pipeline,
            "hudson.model.FreeStyleProject" => JobKind::Freestyle,
            c => JobKind::Other(c.to_string()),
        }
    }

    pub fn is_folder(&self) -> bool {
        matches!(self, JobKind::Folder | JobKind::MultiBranch)
    }
}

/// A build as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildRow {
    pub number: u32,
    /// None while running (a Pipeline may set it before it ends).
    pub result: Option<BuildResult>,
    pub building: bool,
    pub started: Option<Timestamp>,
    /// Milliseconds; 0 while running.
    pub duration_ms: i64,
    /// Milliseconds; -1 without history.
    pub estimated_ms: i64,
    /// The first cause's `shortDescription` ("Started by user admin"), if asked for.
    pub cause: Option<String>,
}

/// A job or folder of the jobs list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub path: JobPath,
    pub kind: JobKind,
    pub color: Option<BallColor>,
    pub last: Option<BuildRow>,
    /// A folder's items as far as they were asked for (names and colours when collapsed).
    pub children: Vec<JobRow>,
}

impl JobRow {
    /// A folder's worst child colour (running if any child runs).
    pub fn folder_color(&self) -> Option<BallColor> {
        let colors = self
            .children
            .iter()
            .filter_map(|c| c.color.or_else(|| c.folder_color()));
        let mut worst: Option<BallColor> = None;
        let mut running = false;
        for c in colors {
            running |= c.running;
            if worst.is_none_or(|w| c.status > w.status) {
                worst = Some(c);
            }
        }
        worst.map(|w| BallColor {
            status: w.status,
            running,
        })
    }

    pub fn display(&self) -> String {
        display_name(self.path.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: u64,
    /// The task's job, when its URL is under the root.
    pub job: Option<JobPath>,
    /// The task's name, for jobs outside the root's URL space.
    pub task: String,
    pub why: Option<String>,
    pub since: Option<Timestamp>,
    pub blocked: bool,
    pub buildable: bool,
    pub stuck: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Choice(Vec<String>),
    Boolean,
    /// A definition the form cannot edit (passwords, files, plugins' own), by its `type`.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamDef {
    pub name: String,
    pub kind: ParamKind,
    pub description: String,
    pub default: String,
}

/// A job's page: its builds, newest first, and what a build of it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobDetail {
    pub path: JobPath,
    pub kind: JobKind,
    pub color: Option<BallColor>,
    pub buildable: bool,
    pub in_queue: bool,
    pub builds: Vec<BuildRow>,
    /// The oldest build Jenkins keeps: older than the last loaded one means more to load.
    pub first_build: Option<u32>,
    pub params: Vec<ParamDef>,
}

impl JobDetail {
    /// Whether Jenkins keeps builds older than those loaded (a history page further down).
    pub fn has_older_builds(&self) -> bool {
        match (self.builds.last(), self.first_build) {
            (Some(oldest), Some(first)) => oldest.number > first,
            _ => false,
        }
    }
}

/// The commit a build checked out (the git plugin's `BuildData`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub sha: String,
    pub branch: Option<String>,
    pub remote: Option<String>,
}

/// One entry of a build's change sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub id: String,
    pub author: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildDetail {
    pub row: BuildRow,
    pub full_display_name: String,
    pub description: Option<String>,
    pub causes: Vec<String>,
    pub params: Vec<(String, String)>,
    pub commits: Vec<Commit>,
    pub changes: Vec<Change>,
    pub queue_id: Option<u64>,
}

/// Where a triggered build is: waiting in the queue (and why), started, or cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueItemState {
    Waiting { why: Option<String> },
    Started { number: u32 },
    Cancelled,
}

// ---- the wire ----

fn ms(v: Option<i64>) -> Option<Timestamp> {
    v.filter(|m| *m > 0)
        .and_then(|m| Timestamp::from_millisecond(m).ok())
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireCause {
    short_description: Option<Line>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireParamValue {
    name: Line,
    value: Value,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireBranch {
    name: Option<Line>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireRevision {
    #[serde(rename = "SHA1")]
    sha1: Option<Line>,
    branch: Vec<WireBranch>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireAction {
    causes: Option<Vec<WireCause>>,
    parameters: Option<Vec<WireParamValue>>,
    last_built_revision: Option<WireRevision>,
    remote_urls: Option<Vec<Line>>,
    parameter_definitions: Option<Vec<WireParamDef>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireAuthor {
    full_name: Option<Line>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireChange {
    commit_id: Option<Line>,
    id: Option<Line>,
    msg: Option<Text>,
    author: Option<WireAuthor>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireChangeSet {
    items: Vec<WireChange>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireBuild {
    number: u32,
    result: Option<String>,
    building: Option<bool>,
    in_progress: Option<bool>,
    timestamp: Option<i64>,
    duration: Option<i64>,
    estimated_duration: Option<i64>,
    full_display_name: Option<Line>,
    description: Option<Line>,
    queue_id: Option<u64>,
    actions: Vec<Option<WireAction>>,
    change_sets: Vec<WireChangeSet>,
    change_set: Option<WireChangeSet>,
}

impl WireBuild {
    fn actions(&self) -> impl Iterator<Item = &WireAction> {
        self.actions.iter().flatten()
    }

    fn row(&self) -> BuildRow {
        let result = self.result.as_deref().and_then(BuildResult::parse);
        BuildRow {
            number: self.number,
            result,
            building: self
                .building
                .or(self.in_progress)
                .unwrap_or(result.is_none()),
            started: ms(self.timestamp),
            duration_ms: self.duration.unwrap_or(0),
            estimated_ms: self.estimated_duration.unwrap_or(-1),
            cause: self
                .actions()
                .flat_map(|a| a.causes.iter().flatten())
                .find_map(|c| c.short_description.clone().map(|l| l.0)),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireParamDef {
    name: Line,
    #[serde(rename = "type")]
    kind: Option<Line>,
    #[serde(rename = "_class")]
    class: Option<Line>,
    description: Option<Line>,
    default_parameter_value: Option<WireParamValue>,
    choices: Option<Vec<Line>>,
}

impl WireParamDef {
    fn def(&self) -> ParamDef {
        let ty = self
            .kind
            .as_ref()
            .map(|k| k.0.clone())
            .or_else(|| {
                self.class
                    .as_ref()
                    .map(|c| c.0.rsplit('.').next().unwrap_or(&c.0).to_string())
            })
            .unwrap_or_default();
        let kind = match ty.as_str() {
            "StringParameterDefinition" | "TextParameterDefinition" => ParamKind::String,
            "ChoiceParameterDefinition" => {
                ParamKind::Choice(self.choices.iter().flatten().map(|c| c.0.clone()).collect())
            }
            "BooleanParameterDefinition" => ParamKind::Boolean,
            _ => ParamKind::Other(ty.clone()),
        };
        let default = self
            .default_parameter_value
            .as_ref()
            .map(|v| value_text(&v.value))
            .unwrap_or_default();
        ParamDef {
            name: self.name.0.clone(),
            default: match (&kind, default.is_empty()) {
                (ParamKind::Choice(c), true) => c.first().cloned().unwrap_or_default(),
                (ParamKind::Boolean, true) => "false".into(),
                _ => default,
            },
            kind,
            description: self.description.clone().unwrap_or_default().0,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireBuildNumber {
    number: u32,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireProperty {
    parameter_definitions: Option<Vec<WireParamDef>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireJob {
    #[serde(rename = "_class")]
    class: Line,
    /// Raw: it addresses the job.
    name: String,
    color: Option<String>,
    buildable: Option<bool>,
    in_queue: Option<bool>,
    last_build: Option<WireBuild>,
    /// `allBuilds` when a history asks for more than `builds` exports.
    #[serde(alias = "allBuilds")]
    builds: Vec<WireBuild>,
    first_build: Option<WireBuildNumber>,
    jobs: Option<Vec<WireJob>>,
    property: Vec<WireProperty>,
}

impl WireJob {
    fn row(&self, parent: &JobPath) -> JobRow {
        let path = parent.child(&self.name);
        JobRow {
            kind: JobKind::from_class(&self.class.0),
            color: self.color.as_deref().and_then(BallColor::parse),
            last: self.last_build.as_ref().map(WireBuild::row),
            children: self.jobs.iter().flatten().map(|j| j.row(&path)).collect(),
            path,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireJobs {
    jobs: Vec<WireJob>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireTask {
    name: Line,
    url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireQueueItem {
    #[serde(rename = "_class")]
    class: String,
    id: u64,
    why: Option<Line>,
    in_queue_since: Option<i64>,
    blocked: bool,
    buildable: bool,
    stuck: bool,
    cancelled: Option<bool>,
    executable: Option<WireBuild>,
    task: Option<WireTask>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireQueue {
    items: Vec<WireQueueItem>,
}

/// A label as `label/NAME/api/json?tree=name,clouds` shows it: the clouds that can provision
/// it now (by class: clouds export no name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelClouds {
    pub name: String,
    pub clouds: Vec<String>,
}

impl LabelClouds {
    /// A cloud of the running configuration can start an agent for the label.
    pub fn provisioned(&self) -> bool {
        !self.clouds.is_empty()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireCloud {
    #[serde(rename = "_class")]
    class: Line,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct WireLabel {
    name: Line,
    clouds: Vec<WireCloud>,
}

/// `label/NAME/api/json`.
pub fn parse_label(json: &[u8]) -> serde_json::Result<LabelClouds> {
    let w: WireLabel = serde_json::from_slice(json)?;
    Ok(LabelClouds {
        name: w.name.0,
        clouds: w.clouds.into_iter().map(|c| c.class.0).collect(),
    })
}

/// A parameter's value as the form and the detail show it, sanitised (a value is any JSON).
fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => sanitize_line(s),
        other => sanitize_line(&other.to_string()),
    }
}

/// The items of the root or of a folder (`api/json?tree=jobs[…]`) under `parent`.
pub fn parse_jobs(json: &[u8], parent: &JobPath) -> serde_json::Result<Vec<JobRow>> {
    let w: WireJobs = serde_json::from_slice(json)?;
    Ok(w.jobs.iter().map(|j| j.row(parent)).collect())
}

/// `/queue/api/json`; `base` is the root URL, to read the tasks' URLs as job paths.
pub fn parse_queue(json: &[u8], base: &str) -> serde_json::Result<Vec<QueueRow>> {
    let w: WireQueue = serde_json::from_slice(json)?;
    Ok(w.items
        .into_iter()
        .map(|q| {
            let task = q.task.unwrap_or_default();
            QueueRow {
                id: q.id,
                job: task.url.as_deref().and_then(|u| JobPath::from_url(u, base)),
                task: task.name.0,
                why: q.why.map(|w| w.0),
                since: ms(q.in_queue_since),
                blocked: q.blocked,
                buildable: q.buildable,
                stuck: q.stuck,
            }
        })
        .collect())
}

/// One job's page (`job/…/api/json`).
pub fn parse_job(json: &[u8], path: &JobPath) -> serde_json::Result<JobDetail> {
    let w: WireJob = serde_json::from_slice(json)?;
    let params = w
        .property
        .iter()
        .filter_map(|p| p.parameter_definitions.as_ref())
        .flatten()
        .map(WireParamDef::def)
        .collect();
    Ok(JobDetail {
        path: path.clone(),
        kind: JobKind::from_class(&w.class.0),
        color: w.color.as_deref().and_then(BallColor::parse),
        buildable: w.buildable.unwrap_or(true),
        in_queue: w.in_queue.unwrap_or(false),
        builds: w.builds.iter().map(WireBuild::row).collect(),
        first_build: w.first_build.map(|b| b.number),
        params,
    })
}

/// One build (`job/…/N/api/json`).
pub fn parse_build(json: &[u8]) -> serde_json::Result<BuildDetail> {
    let w: WireBuild = serde_json::from_slice(json)?;
    Ok(w.detail())
}

/// A job's builds with their detail (`job/…/api/json?tree=builds[…]`), newest first: what
/// a stage's timeline shows of its deploy and uninstall jobs.
pub fn parse_builds(json: &[u8]) -> serde_json::Result<Vec<BuildDetail>> {
    let w: WireJob = serde_json::from_slice(json)?;
    Ok(w.builds.iter().map(WireBuild::detail).collect())
}

impl WireBuild {
    fn detail(&self) -> BuildDetail {
        let w = self;
        let causes = w
            .actions()
            .flat_map(|a| a.causes.iter().flatten())
            .filter_map(|c| c.short_description.clone().map(|l| l.0))
            .collect();
        let params = w
            .actions()
            .flat_map(|a| a.parameters.iter().flatten())
            // Shown, never sent back: cut like any field (a default value is kept whole).
            .map(|p| {
                let v = crate::text::sanitize::clip_chars(
                    value_text(&p.value),
                    crate::text::sanitize::MAX_FIELD_CHARS,
                );
                (p.name.0.clone(), v)
            })
            .collect();
        let commits = w
            .actions()
            .filter_map(|a| {
                let rev = a.last_built_revision.as_ref()?;
                Some(Commit {
                    sha: rev.sha1.clone()?.0,
                    branch: rev.branch.iter().find_map(|b| b.name.clone().map(|n| n.0)),
                    remote: a.remote_urls.iter().flatten().next().map(|u| u.0.clone()),
                })
            })
            .collect();
        let changes = w
            .change_sets
            .iter()
            .chain(w.change_set.iter())
            .flat_map(|s| &s.items)
            .map(|c| Change {
                id: c
                    .commit_id
                    .clone()
                    .or_else(|| c.id.clone())
                    .unwrap_or_default()
                    .0,
                author: c
                    .author
                    .as_ref()
                    .and_then(|a| a.full_name.clone().map(|n| n.0)),
                message: c.msg.clone().unwrap_or_default().0,
            })
            .collect();
        BuildDetail {
            row: w.row(),
            full_display_name: w.full_display_name.clone().unwrap_or_default().0,
            description: w.description.clone().map(|d| d.0).filter(|d| !d.is_empty()),
            causes,
            params,
            commits,
            changes,
            queue_id: w.queue_id,
        }
    }
}

/// A queue item (`queue/item/N/api/json`): waiting, left with its build, or cancelled.
pub fn parse_queue_item(json: &[u8]) -> serde_json::Result<QueueItemState> {
    let w: WireQueueItem = serde_json::from_slice(json)?;
    Ok(match (&w.executable, w.cancelled) {
        (Some(b), _) if b.number > 0 => QueueItemState::Started { number: b.number },
        (_, Some(true)) => QueueItemState::Cancelled,
        _ if w.class.ends_with("$LeftItem") => QueueItemState::Cancelled,
        _ => QueueItemState::Waiting {
            why: w.why.map(|w| w.0),
        },
    })
}

/// The parameter definitions of a job (`property[parameterDefinitions[…]]`, or the same
/// property among `actions` as older versions export it).
pub fn parse_params(json: &[u8]) -> serde_json::Result<Vec<ParamDef>> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct W {
        property: Vec<WireProperty>,
        actions: Vec<Option<WireAction>>,
    }
    let w: W = serde_json::from_slice(json)?;
    let from_property: Vec<ParamDef> = w
        .property
        .iter()
        .filter_map(|p| p.parameter_definitions.as_ref())
        .flatten()
        .map(WireParamDef::def)
        .collect();
    if !from_property.is_empty() {
        return Ok(from_property);
    }
    Ok(w.actions
        .iter()
        .flatten()
        .filter_map(|a| a.parameter_definitions.as_ref())
        .flatten()
        .map(WireParamDef::def)
        .collect())
}

#[cfg(test)]
#[path = "model_tests.rs"]
mod tests;
