//! The simulated controller's items: folders (plain and multibranch) holding Pipeline and
//! freestyle jobs, their builds and parameters. A build is a plan (start, planned duration,
//! planned result) plus an optional abort; whether it is running, its result and its console
//! are all read off the clock, so nothing needs a timer to finish a build.

use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildResult {
    Success,
    Unstable,
    Failure,
    NotBuilt,
    Aborted,
}

impl BuildResult {
    pub fn as_str(self) -> &'static str {
        match self {
            BuildResult::Success => "SUCCESS",
            BuildResult::Unstable => "UNSTABLE",
            BuildResult::Failure => "FAILURE",
            BuildResult::NotBuilt => "NOT_BUILT",
            BuildResult::Aborted => "ABORTED",
        }
    }

    /// `BallColor` of a finished build.
    pub fn color(self) -> &'static str {
        match self {
            BuildResult::Success => "blue",
            BuildResult::Unstable => "yellow",
            BuildResult::Failure => "red",
            BuildResult::NotBuilt => "notbuilt",
            BuildResult::Aborted => "aborted",
        }
    }

    /// `Result.isBetterOrEqualTo(UNSTABLE)`: what `lastSuccessfulBuild` counts.
    pub fn is_successful(self) -> bool {
        matches!(self, BuildResult::Success | BuildResult::Unstable)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamDef {
    String {
        name: String,
        default: String,
        description: String,
    },
    Choice {
        name: String,
        choices: Vec<String>,
        description: String,
    },
    Boolean {
        name: String,
        default: bool,
        description: String,
    },
}

impl ParamDef {
    pub fn name(&self) -> &str {
        match self {
            ParamDef::String { name, .. }
            | ParamDef::Choice { name, .. }
            | ParamDef::Boolean { name, .. } => name,
        }
    }

    pub fn default_value(&self) -> ParamValue {
        let value = match self {
            ParamDef::String { default, .. } => PValue::Str(default.clone()),
            ParamDef::Choice { choices, .. } => {
                PValue::Str(choices.first().cloned().unwrap_or_default())
            }
            ParamDef::Boolean { default, .. } => PValue::Bool(*default),
        };
        ParamValue {
            name: self.name().to_string(),
            value,
        }
    }

    /// The value a submitted string gives, as `ParameterDefinition.createValue(String)` does.
    pub fn value_from(&self, raw: &str) -> Result<ParamValue, String> {
        let value = match self {
            ParamDef::String { .. } => PValue::Str(raw.to_string()),
            ParamDef::Choice { name, choices, .. } => {
                if !choices.iter().any(|c| c == raw) {
                    return Err(format!("Illegal choice for parameter {name}: {raw}"));
                }
                PValue::Str(raw.to_string())
            }
            ParamDef::Boolean { .. } => PValue::Bool(matches!(raw, "true" | "on")),
        };
        Ok(ParamValue {
            name: self.name().to_string(),
            value,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PValue {
    Str(String),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamValue {
    pub name: String,
    pub value: PValue,
}

impl ParamValue {
    pub fn as_text(&self) -> String {
        match &self.value {
            PValue::Str(s) => s.clone(),
            PValue::Bool(b) => b.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    User { id: String, name: String },
    Timer,
    Scm,
    BranchIndexing,
    Upstream { project: String, build: u32 },
}

#[derive(Debug, Clone)]
pub struct Build {
    pub number: u32,
    pub queue_id: u64,
    pub start: Timestamp,
    pub planned: SignedDuration,
    pub planned_result: BuildResult,
    /// When and by whom a running build was stopped.
    pub aborted: Option<(Timestamp, String)>,
    pub causes: Vec<Cause>,
    pub params: Vec<ParamValue>,
    /// The commit the build checked out (branch jobs: the app repo; deploys: the config repo).
    pub commit: String,
    /// That commit's subject, where the commit is a real one (the config repo's).
    pub subject: Option<String>,
    /// A deploy or uninstall run started while the world runs: what it does, decided at its
    /// start (the console prints it, the world carries it out).
    pub run: Option<std::sync::Arc<crate::sim::deploy_plan::DeployRun>>,
}

impl Build {
    pub fn end(&self) -> Timestamp {
        match &self.aborted {
            Some((at, _)) => *at,
            None => self.start + self.planned,
        }
    }

    pub fn is_running(&self, now: Timestamp) -> bool {
        now < self.end()
    }

    pub fn result(&self, now: Timestamp) -> Option<BuildResult> {
        if self.is_running(now) {
            None
        } else if self.aborted.is_some() {
            Some(BuildResult::Aborted)
        } else {
            Some(self.planned_result)
        }
    }

    /// Milliseconds as Jenkins reports them: 0 while running.
    pub fn duration_ms(&self, now: Timestamp) -> i64 {
        if self.is_running(now) {
            0
        } else {
            self.end().duration_since(self.start).as_millis() as i64
        }
    }
}

/// What a job does, which decides its console script and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    /// A branch of an application's multibranch project.
    Branch {
        app: String,
        branch: String,
    },
    Deploy {
        stage: String,
    },
    Uninstall {
        stage: String,
    },
    E2e,
    /// A freestyle job in a plain folder.
    Nightly,
}

/// How a job gets builds without anyone asking (SCM changes, timers, colleagues).
#[derive(Debug, Clone)]
pub enum AutoPlan {
    /// The next build starts as the previous ends: this job is always building.
    Chain,
    /// A build every `min..max` seconds.
    Every { min: i64, max: i64 },
}

#[derive(Debug, Clone)]
pub struct Auto {
    pub plan: AutoPlan,
    pub next_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct Job {
    /// The item name (`feature%2Fcheckout` for a branch `feature/checkout`, as multibranch does).
    pub name: String,
    pub display_name: String,
    pub description: String,
    pub kind: JobKind,
    pub freestyle: bool,
    pub params: Vec<ParamDef>,
    pub disabled: bool,
    /// Oldest first.
    pub builds: Vec<Build>,
    pub next_number: u32,
    pub auto: Option<Auto>,
}

impl Job {
    pub fn build(&self, number: u32) -> Option<&Build> {
        self.builds
            .binary_search_by_key(&number, |b| b.number)
            .ok()
            .map(|i| &self.builds[i])
    }

    pub fn build_mut(&mut self, number: u32) -> Option<&mut Build> {
        self.builds.iter_mut().find(|b| b.number == number)
    }

    pub fn is_building(&self, now: Timestamp) -> bool {
        self.builds.iter().rev().any(|b| b.is_running(now))
    }

    /// `Run.getIconColor` of build `i`: its result's colour, or while running the previous
    /// build's colour animated (`notbuilt_anime` for a first build).
    fn build_color(&self, i: usize, now: Timestamp) -> String {
        let b = &self.builds[i];
        match b.result(now) {
            Some(r) => r.color().to_string(),
            None => {
                let base = if i == 0 {
                    "notbuilt".to_string()
                } else {
                    self.build_color(i - 1, now)
                };
                let base = base.trim_end_matches("_anime").to_string();
                format!("{base}_anime")
            }
        }
    }

    /// `Job.getIconColor`.
    pub fn color(&self, now: Timestamp) -> String {
        if self.disabled {
            return if self.is_building(now) {
                "disabled_anime".into()
            } else {
                "disabled".into()
            };
        }
        match self.builds.len() {
            0 => "notbuilt".into(),
            n => self.build_color(n - 1, now),
        }
    }

    /// Permalinks, newest first, as `PermalinkProjectAction.Permalink.BUILTIN` resolves them.
    pub fn permalink(&self, name: &str, now: Timestamp) -> Option<&Build> {
        let mut done = self.builds.iter().rev().filter(|b| !b.is_running(now));
        let with = |f: &dyn Fn(BuildResult) -> bool| {
            self.builds
                .iter()
                .rev()
                .find(|b| b.result(now).is_some_and(f))
        };
        match name {
            "lastBuild" => self.builds.last(),
            "firstBuild" => self.builds.first(),
            "lastCompletedBuild" => done.next(),
            "lastSuccessfulBuild" => with(&|r| r.is_successful()),
            "lastStableBuild" => with(&|r| r == BuildResult::Success),
            "lastFailedBuild" => with(&|r| r == BuildResult::Failure),
            "lastUnstableBuild" => with(&|r| r == BuildResult::Unstable),
            "lastUnsuccessfulBuild" => with(&|r| r != BuildResult::Success),
            _ => None,
        }
    }

    /// `Job.getEstimatedDuration`: the mean of up to three recent successful builds, else of
    /// recent finished ones, else -1.
    pub fn estimated_ms(&self, now: Timestamp) -> i64 {
        let done: Vec<&Build> = self
            .builds
            .iter()
            .rev()
            .filter(|b| !b.is_running(now))
            .collect();
        let mut pick: Vec<&Build> = done
            .iter()
            .copied()
            .filter(|b| b.result(now).is_some_and(BuildResult::is_successful))
            .take(3)
            .collect();
        if pick.is_empty() {
            pick = done.into_iter().take(3).collect();
        }
        if pick.is_empty() {
            return -1;
        }
        pick.iter().map(|b| b.duration_ms(now)).sum::<i64>() / pick.len() as i64
    }
}

#[derive(Debug, Clone)]
pub struct Folder {
    pub name: String,
    pub description: String,
    pub multibranch: bool,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub enum Item {
    Job(Job),
    Folder(Folder),
}

impl Item {
    pub fn name(&self) -> &str {
        match self {
            Item::Job(j) => &j.name,
            Item::Folder(f) => &f.name,
        }
    }
}

/// Finds the item at `path` (item names, outermost first).
pub fn find<'a>(items: &'a [Item], path: &[String]) -> Option<&'a Item> {
    let (first, rest) = path.split_first()?;
    let item = items.iter().find(|i| i.name() == first)?;
    match (item, rest.is_empty()) {
        (_, true) => Some(item),
        (Item::Folder(f), false) => find(&f.items, rest),
        (Item::Job(_), false) => None,
    }
}

pub fn find_job_mut<'a>(items: &'a mut [Item], path: &[String]) -> Option<&'a mut Job> {
    let (first, rest) = path.split_first()?;
    let item = items.iter_mut().find(|i| i.name() == first)?;
    match item {
        Item::Job(j) if rest.is_empty() => Some(j),
        Item::Folder(f) if !rest.is_empty() => find_job_mut(&mut f.items, rest),
        _ => None,
    }
}

/// Every job with its path, depth first in item order.
pub fn job_paths(items: &[Item], prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    for item in items {
        prefix.push(item.name().to_string());
        match item {
            Item::Job(_) => out.push(prefix.clone()),
            Item::Folder(f) => job_paths(&f.items, prefix, out),
        }
        prefix.pop();
    }
}
