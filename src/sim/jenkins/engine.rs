//! The controller's moving parts: jobs getting builds on their own (SCM changes, timers,
//! colleagues), the queue turning triggered items into builds, and stops. Everything happens
//! at instants computed from the plan, never "when the request came", so the same seed gives
//! the same history whenever and however often it is looked at. `tick(now)` catches up.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{self, PEOPLE};
use super::console::ConsoleInput;
use super::console_runs::WAIT_MIN;
use super::console_script;
use super::model::{
    self, AutoPlan, Build, BuildResult, Cause, Item, Job, JobKind, PValue, ParamValue,
};
use super::queue::{Left, QueueItem, LEFT_ITEM_TTL};
use super::rng::{hex, rng_for};
use crate::sim::config_repo::build_tool;
use crate::sim::deploy_plan::{DeployRun, Planner};
use crate::sim::world::catalog::Team;

/// Builds kept per job (the jobs' build discarder).
pub const KEEP_BUILDS: usize = 60;

pub struct Engine {
    pub team: String,
    team_def: Team,
    /// Reads the config repo (and the cluster) for deploy and uninstall runs; none in tests
    /// of the controller alone.
    planner: Option<Arc<Planner>>,
    /// Runs whose effects on the cluster are still to come.
    live: Vec<LiveRun>,
    /// Deploy jobs whose next build redeploys a torn-down stage: every app.
    full_redeploy: Vec<Vec<String>>,
    pub seed: u64,
    pub items: Vec<Item>,
    pub queue: Vec<QueueItem>,
    next_queue_id: u64,
    paths: Vec<Vec<String>>,
    /// App short name → its build tool's (pod template, image).
    tools: BTreeMap<String, (&'static str, &'static str)>,
    /// The world's start: builds started before it are history, whose effects the seeded
    /// cluster already shows (rolling its pods again would reset the seeded crash loops).
    world_start: Timestamp,
}

/// A deploy or uninstall build of the history laid down before the world's start, as the
/// world's seeding replays it against the config repo's history.
#[derive(Debug, Clone)]
pub struct HistoryRun {
    /// `deploy-qa`.
    pub job: String,
    pub number: u32,
    pub stage: String,
    pub destroy: bool,
    /// `APPS=<app>` (None: all).
    pub app: Option<String>,
    pub dry: bool,
    /// An uninstall with `CONFIRM` ticked.
    pub confirmed: bool,
    pub start: Timestamp,
    pub end: Timestamp,
    /// The build's own plan succeeds (a run that deploys a broken value still fails).
    pub planned_ok: bool,
}

/// A deploy or uninstall run on its way to the cluster.
struct LiveRun {
    path: Vec<String>,
    number: u32,
    run: Arc<DeployRun>,
    /// When its Apply (Destroy) stage starts, and when `--wait` ends if all goes well.
    apply_at: Timestamp,
    wait_until: Timestamp,
    begun: bool,
}

/// 100 ms: the console weight unit of a run's script, so that its stages land when the
/// world sees them happen.
pub const RUN_UNIT_MS: i64 = 100;

/// What a run does to the cluster, and when.
#[derive(Debug, Clone)]
pub enum Effect {
    /// The Apply (Destroy) stage starts: pending revisions are written, pods start rolling.
    Begin {
        run: Arc<DeployRun>,
        /// `payments/deploy-qa #91`.
        by: String,
        at: Timestamp,
        wait_until: Timestamp,
    },
    /// The run ended: its waits end as planned, or (`stopped`) are cut short.
    Finish {
        by: String,
        at: Timestamp,
        stopped: bool,
    },
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TriggerError {
    #[error("{0} is not buildable")]
    Disabled(String),
    #[error("{0}")]
    BadParameter(String),
}

enum Event {
    Auto(usize),
    Queue(usize),
}

impl Engine {
    /// The team's controller with its history laid down up to `start`.
    pub fn new(
        team: &Team,
        deploys_by_jenkins: bool,
        start: Timestamp,
        seed: u64,
        planner: Option<Arc<Planner>>,
    ) -> Engine {
        let items = catalog::items(team, deploys_by_jenkins, start, seed);
        let mut paths = Vec::new();
        model::job_paths(&items, &mut Vec::new(), &mut paths);
        let mut e = Engine {
            team: team.name.clone(),
            team_def: team.clone(),
            planner,
            live: Vec::new(),
            full_redeploy: Vec::new(),
            seed,
            items,
            queue: Vec::new(),
            next_queue_id: 1,
            paths,
            tools: team
                .apps
                .iter()
                .map(|a| (a.short.to_string(), build_tool(a.lang)))
                .collect(),
            world_start: start,
        };
        e.tick(start);
        e
    }

    pub fn job(&self, path: &[String]) -> Option<&Job> {
        match model::find(&self.items, path) {
            Some(Item::Job(j)) => Some(j),
            _ => None,
        }
    }

    pub fn tool_for(&self, job: &Job) -> (&'static str, &'static str) {
        match &job.kind {
            JobKind::Branch { app, .. } => self.tools.get(app).copied(),
            _ => None,
        }
        .unwrap_or(("base", "jenkins/inbound-agent"))
    }

    /// Does everything due up to `now`, in time order.
    pub fn tick(&mut self, now: Timestamp) {
        loop {
            let mut next: Option<(Timestamp, Event)> = None;
            for (i, p) in self.paths.iter().enumerate() {
                let at = self.job(p).and_then(|j| j.auto.as_ref()).map(|a| a.next_at);
                if let Some(at) = at.filter(|t| *t <= now) {
                    if next.as_ref().is_none_or(|(t, _)| at < *t) {
                        next = Some((at, Event::Auto(i)));
                    }
                }
            }
            for (i, q) in self.queue.iter().enumerate() {
                let at = q.starts_at();
                if q.left.is_none() && at <= now && next.as_ref().is_none_or(|(t, _)| at < *t) {
                    next = Some((at, Event::Queue(i)));
                }
            }
            match next {
                None => break,
                Some((at, Event::Auto(i))) => self.auto_build(i, at),
                Some((at, Event::Queue(i))) => {
                    let q = self.queue[i].clone();
                    let number = self.start_build(&q.job, at, q.id, q.causes, q.params);
                    self.queue[i].left = Some(Left::Started { number, at });
                }
            }
        }
        self.queue
            .retain(|q| q.left.as_ref().is_none_or(|l| now < l.at() + LEFT_ITEM_TTL));
    }

    fn auto_build(&mut self, idx: usize, at: Timestamp) {
        let path = self.paths[idx].clone();
        let Some(job) = self.job(&path) else { return };
        let mut rng = rng_for(
            self.seed,
            &[&self.team, &path.join("/"), "auto"],
            u64::from(job.next_number),
        );
        let person = PEOPLE[rng.random_range(0..PEOPLE.len())];
        let user = Cause::User {
            id: person.0.into(),
            name: person.1.into(),
        };
        let (causes, params) = match &job.kind {
            JobKind::Branch { .. } if job.next_number == 1 => (vec![Cause::BranchIndexing], vec![]),
            JobKind::Branch { .. } => (vec![Cause::Scm], vec![]),
            JobKind::Deploy { stage } => {
                // Dev follows the first application's main branch; other stages are deployed
                // by people.
                let upstream = self
                    .paths
                    .iter()
                    .find(|p| p.len() == 2 && p[1] == "main")
                    .cloned();
                let last = upstream
                    .as_ref()
                    .and_then(|p| self.job(p))
                    .and_then(|j| j.builds.last())
                    .map(|b| b.number);
                let cause = match (stage.as_str(), upstream, last) {
                    ("dev", Some(p), Some(build)) => Cause::Upstream {
                        project: p.join("/"),
                        build,
                    },
                    _ => user,
                };
                let mut params: Vec<ParamValue> =
                    job.params.iter().map(|d| d.default_value()).collect();
                let full = self.full_redeploy.contains(&path);
                if let (Some(p), Some(model::ParamDef::Choice { choices, .. })) =
                    (params.first_mut(), job.params.first())
                {
                    if !full && rng.random_bool(0.4) {
                        p.value = PValue::Str(choices[rng.random_range(0..choices.len())].clone());
                    }
                }
                (vec![cause], params)
            }
            JobKind::Uninstall { .. } => {
                let mut params: Vec<ParamValue> =
                    job.params.iter().map(|d| d.default_value()).collect();
                if let Some(p) = params.first_mut() {
                    p.value = PValue::Bool(true);
                }
                (vec![user], params)
            }
            JobKind::E2e => (
                vec![Cause::Timer],
                job.params.iter().map(|d| d.default_value()).collect(),
            ),
            JobKind::Nightly => (vec![Cause::Timer], vec![]),
        };
        let torn_down = match &job.kind {
            JobKind::Uninstall { stage } => Some(stage.clone()),
            _ => None,
        };
        self.full_redeploy.retain(|p| *p != path);
        let queue_id = self.take_queue_id();
        let number = self.start_build(&path, at, queue_id, causes, params);
        let Some(job) = model::find_job_mut(&mut self.items, &path) else {
            return;
        };
        let end = job.build(number).map(Build::end).unwrap_or(at);
        if let Some(stage) = torn_down {
            self.redeploy_after(&stage, end);
        }
        let Some(job) = model::find_job_mut(&mut self.items, &path) else {
            return;
        };
        if let Some(auto) = job.auto.as_mut() {
            auto.next_at = match auto.plan {
                AutoPlan::Chain => end,
                AutoPlan::Every { min, max } => {
                    at + SignedDuration::from_secs(rng.random_range(min..max))
                }
            };
        }
    }

    /// A stage torn down by its scheduled uninstall is deployed again a few minutes later
    /// (the next test run needs it), so the stage is never left empty for long.
    fn redeploy_after(&mut self, stage: &str, end: Timestamp) {
        let deploy = self.paths.iter().find(|p| {
            self.job(p).is_some_and(|j| {
                j.kind
                    == JobKind::Deploy {
                        stage: stage.to_string(),
                    }
            })
        });
        let Some(path) = deploy.cloned() else { return };
        if !self.full_redeploy.contains(&path) {
            self.full_redeploy.push(path.clone());
        }
        if let Some(auto) =
            model::find_job_mut(&mut self.items, &path).and_then(|j| j.auto.as_mut())
        {
            let soon = end + SignedDuration::from_secs(300);
            if auto.next_at > soon {
                auto.next_at = soon;
            }
        }
    }

    fn take_queue_id(&mut self) -> u64 {
        let id = self.next_queue_id;
        self.next_queue_id += 1;
        id
    }

    /// Starts a build of the job at `path` at instant `at`; returns its number.
    fn start_build(
        &mut self,
        path: &[String],
        at: Timestamp,
        queue_id: u64,
        causes: Vec<Cause>,
        params: Vec<ParamValue>,
    ) -> u32 {
        let (seed, team) = (self.seed, self.team.clone());
        let full = path.join("/");
        let tools = self.tools.clone();
        let Some(job) = model::find_job_mut(&mut self.items, path) else {
            return 0;
        };
        let number = job.next_number;
        job.next_number += 1;
        let mut rng = rng_for(seed, &[&team, &full, "plan"], u64::from(number));
        let tool = match &job.kind {
            JobKind::Branch { app, .. } => tools.get(app).map(|t| t.0).unwrap_or("base"),
            _ => "helmfile",
        };
        let (planned, planned_result) = plan(job, tool, &params, number, &mut rng);
        let kind = job.kind.clone();
        job.builds.push(Build {
            number,
            queue_id,
            start: at,
            planned,
            planned_result,
            aborted: None,
            causes,
            params,
            commit: hex(&mut rng, 40),
            subject: None,
            run: None,
        });
        if job.builds.len() > KEEP_BUILDS {
            let extra = job.builds.len() - KEEP_BUILDS;
            job.builds.drain(..extra);
        }
        if matches!(kind, JobKind::Deploy { .. } | JobKind::Uninstall { .. }) {
            self.config_run(path, number, &kind, at);
        }
        number
    }

    /// A deploy or uninstall build checks out the config repo's head. Started while the world
    /// runs, it also gets its plan, and its duration and result follow from it: it fails only
    /// for a cause the repo or the cluster holds.
    fn config_run(&mut self, path: &[String], number: u32, kind: &JobKind, at: Timestamp) {
        let Some(planner) = self.planner.clone() else {
            return;
        };
        let live = at > self.world_start;
        let Some(b) = model::find_job_mut(&mut self.items, path).and_then(|j| j.build_mut(number))
        else {
            return;
        };
        if !live {
            if let Some((commit, subject)) = planner.commit_at(at) {
                b.commit = commit;
                b.subject = Some(subject);
            }
            // The world's seeding replayed this build: its console tells what it did.
            if let Some((run, ok)) = planner.take_history_run(&self.team, &path.join("/"), number) {
                // The replay knew what the build did, not which commit it checked out. The
                // world handed the run over, so this does not copy it.
                let mut run = Arc::unwrap_or_clone(run);
                run.commit.clone_from(&b.commit);
                run.subject = b.subject.clone().unwrap_or_default();
                b.run = Some(Arc::new(run));
                if !ok && b.planned_result == BuildResult::Success {
                    b.planned_result = BuildResult::Failure;
                }
            }
            return;
        }
        let param = |n: &str| {
            b.params
                .iter()
                .find(|v| v.name == n)
                .map(|v| v.as_text())
                .unwrap_or_default()
        };
        let (stage, destroy) = match kind {
            JobKind::Deploy { stage } => (stage.clone(), false),
            JobKind::Uninstall { stage } => (stage.clone(), true),
            _ => return,
        };
        // An ad-hoc job's stage is its parameter.
        let stage = if stage.is_empty() {
            param(super::catalog::ADHOC_STAGE_PARAM)
        } else {
            stage
        };
        let apps = param("APPS");
        let app = (!destroy && !apps.is_empty() && apps != "all").then(|| apps.clone());
        let dry = param("DRY_RUN") == "true";
        let refused = destroy && param("CONFIRM") != "true";
        let reference = param("CONFIG_REF");
        let run = Arc::new(if reference.is_empty() || reference == "main" {
            planner.plan(&self.team_def, &stage, destroy, app.as_deref(), at)
        } else {
            planner.plan_ref(&self.team_def, &stage, destroy, app.as_deref(), &reference)
        });
        b.commit = run.commit.clone();
        b.subject = Some(run.subject.clone());
        b.run = Some(run.clone());
        if !refused {
            b.planned_result = if run.ok(dry) {
                BuildResult::Success
            } else {
                BuildResult::Failure
            };
        }
        // The console script knows when each stage happens: the build lasts as long as it.
        let Some(job) = self.job(path) else { return };
        let Some(build) = job.build(number) else {
            return;
        };
        let full = path.join("/");
        let input = ConsoleInput {
            team: &self.team,
            full_name: &full,
            job,
            build,
            tool: self.tool_for(job),
            seed: self.seed,
        };
        let script = console_script::script(&input);
        let total = script.units_until(|_| false);
        let marker = if destroy {
            "[Pipeline] { (Destroy)"
        } else {
            "[Pipeline] { (Apply)"
        };
        let apply = script.units_until(|l| l == marker);
        let wait_end = script.units_until_after(marker, |w, _| w >= WAIT_MIN);
        let unit = |n: u32| SignedDuration::from_millis(i64::from(n) * RUN_UNIT_MS);
        let effects = !dry && !refused && run.error.is_none() && apply < total;
        if let Some(b) =
            model::find_job_mut(&mut self.items, path).and_then(|j| j.build_mut(number))
        {
            b.planned = unit(total + 1);
        }
        if effects {
            planner.reserve(&run, &format!("{}/{full} #{number}", self.team));
            self.live.push(LiveRun {
                path: path.to_vec(),
                number,
                run,
                apply_at: at + unit(apply),
                wait_until: at + unit(wait_end.unwrap_or(apply)),
                begun: false,
            });
        }
    }

    /// Queues a build (the `build` / `buildWithParameters` endpoints). Returns the item id
    /// and whether it merged into an identical item already waiting (HTTP 303).
    pub fn trigger(
        &mut self,
        path: &[String],
        params: Vec<ParamValue>,
        cause: Cause,
        quiet: SignedDuration,
        now: Timestamp,
    ) -> Result<(u64, bool), TriggerError> {
        self.tick(now);
        let job = self
            .job(path)
            .ok_or_else(|| TriggerError::BadParameter("no such job".into()))?;
        if job.disabled {
            return Err(TriggerError::Disabled(path.join("/")));
        }
        if let Some(q) = self
            .queue
            .iter()
            .find(|q| q.left.is_none() && q.job == path && q.params == params)
        {
            return Ok((q.id, true));
        }
        let id = self.take_queue_id();
        self.queue.push(QueueItem {
            id,
            job: path.to_vec(),
            params,
            causes: vec![cause],
            in_queue_since: now,
            buildable_at: now + quiet,
            left: None,
        });
        Ok((id, false))
    }

    /// Stops a running build (`…/stop`); false if it was not running.
    pub fn stop(&mut self, path: &[String], number: u32, who: &str, now: Timestamp) -> bool {
        self.tick(now);
        let Some(job) = model::find_job_mut(&mut self.items, path) else {
            return false;
        };
        let Some(b) = job.builds.iter_mut().find(|b| b.number == number) else {
            return false;
        };
        if !b.is_running(now) {
            return false;
        }
        b.aborted = Some((now, who.to_string()));
        // A chained job starts its next build when this one ends, which is now.
        if let Some(auto) = job.auto.as_mut() {
            if matches!(auto.plan, AutoPlan::Chain) && auto.next_at > now {
                auto.next_at = now;
            }
        }
        true
    }

    /// Cancels a queued item (`/queue/cancelItem`); false if it is not waiting any more.
    pub fn cancel(&mut self, id: u64, now: Timestamp) -> bool {
        self.tick(now);
        match self
            .queue
            .iter_mut()
            .find(|q| q.id == id && q.left.is_none())
        {
            Some(q) => {
                q.left = Some(Left::Cancelled { at: now });
                true
            }
            None => false,
        }
    }

    /// The deploy and uninstall builds that started before the world did, in start order.
    pub fn history_runs(&self) -> Vec<HistoryRun> {
        let mut out = Vec::new();
        for p in &self.paths {
            let Some(job) = self.job(p) else { continue };
            let (stage, destroy) = match &job.kind {
                JobKind::Deploy { stage } => (stage.clone(), false),
                JobKind::Uninstall { stage } => (stage.clone(), true),
                _ => continue,
            };
            for b in job.builds.iter().filter(|b| b.start <= self.world_start) {
                let param = |n: &str| {
                    b.params
                        .iter()
                        .find(|v| v.name == n)
                        .map(|v| v.as_text())
                        .unwrap_or_default()
                };
                let apps = param("APPS");
                out.push(HistoryRun {
                    job: p.join("/"),
                    number: b.number,
                    stage: stage.clone(),
                    destroy,
                    app: (!apps.is_empty() && apps != "all").then_some(apps),
                    dry: param("DRY_RUN") == "true",
                    confirmed: param("CONFIRM") == "true",
                    start: b.start,
                    end: b.end(),
                    planned_ok: b.planned_result == BuildResult::Success && b.aborted.is_none(),
                });
            }
        }
        out.sort_by_key(|r| r.start);
        out
    }

    /// What runs do to the cluster up to `now`, in time order.
    pub fn take_effects(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut out: Vec<(Timestamp, Effect)> = Vec::new();
        let team = self.team.clone();
        let mut keep = Vec::new();
        for mut r in std::mem::take(&mut self.live) {
            // A build Jenkins has discarded meanwhile still ran as planned.
            let (end, aborted) = match self.job(&r.path).and_then(|j| j.build(r.number)) {
                Some(b) => (b.end(), b.aborted.as_ref().map(|(at, _)| *at)),
                None => (r.wait_until, None),
            };
            let (finish, stopped) = match aborted {
                Some(at) if at < r.wait_until => (at, true),
                _ => (r.wait_until, false),
            };
            let by = format!("{team}/{} #{}", r.path.join("/"), r.number);
            if !r.begun && r.apply_at <= now && r.apply_at < end {
                r.begun = true;
                out.push((
                    r.apply_at,
                    Effect::Begin {
                        run: r.run.clone(),
                        by: by.clone(),
                        at: r.apply_at,
                        wait_until: r.wait_until,
                    },
                ));
            }
            if finish <= now || end <= now {
                // Also for a run stopped before its Apply stage: it held its releases.
                out.push((
                    finish,
                    Effect::Finish {
                        by,
                        at: finish,
                        stopped,
                    },
                ));
                continue;
            }
            keep.push(r);
        }
        self.live = keep;
        out.sort_by_key(|(t, _)| *t);
        out.into_iter().map(|(_, e)| e).collect()
    }

    pub fn queue_item(&self, id: u64) -> Option<&QueueItem> {
        self.queue.iter().find(|q| q.id == id)
    }

    pub fn queued_for(&self, path: &[String]) -> Option<&QueueItem> {
        self.queue
            .iter()
            .find(|q| q.left.is_none() && q.job == path)
    }
}

/// A build's planned duration and result, from its job's kind and its parameters. Some builds
/// have pinned outcomes so that every team's history shows each result.
fn plan(
    job: &Job,
    tool: &str,
    params: &[ParamValue],
    number: u32,
    rng: &mut ChaCha8Rng,
) -> (SignedDuration, BuildResult) {
    let param = |n: &str| {
        params
            .iter()
            .find(|p| p.name == n)
            .map(|p| p.as_text())
            .unwrap_or_default()
    };
    let (secs, weights): ((i64, i64), [u32; 4]) = match &job.kind {
        JobKind::Branch { branch, .. } => {
            let secs = match tool {
                "maven" => (240, 540),
                "golang" => (120, 240),
                "python" => (120, 300),
                _ => (180, 360),
            };
            (
                secs,
                if branch == "main" {
                    [85, 5, 8, 2]
                } else {
                    [60, 5, 30, 5]
                },
            )
        }
        JobKind::Deploy { .. } if param("DRY_RUN") == "true" => ((40, 80), [95, 0, 5, 0]),
        JobKind::Deploy { .. } => ((120, 300), [92, 0, 5, 3]),
        JobKind::Uninstall { .. } if param("CONFIRM") != "true" => ((5, 10), [0, 0, 100, 0]),
        JobKind::Uninstall { .. } => ((60, 120), [95, 0, 5, 0]),
        JobKind::E2e => ((360, 720), [55, 30, 15, 0]),
        JobKind::Nightly => ((600, 900), [70, 20, 10, 0]),
    };
    let mut result = {
        let total: u32 = weights.iter().sum();
        let mut roll = rng.random_range(0..total);
        let all = [
            BuildResult::Success,
            BuildResult::Unstable,
            BuildResult::Failure,
            BuildResult::Aborted,
        ];
        let mut pick = BuildResult::Success;
        for (w, r) in weights.iter().zip(all) {
            if roll < *w {
                pick = r;
                break;
            }
            roll -= w;
        }
        pick
    };
    if job.kind == JobKind::E2e {
        result = match number {
            n if n % 11 == 7 => BuildResult::Aborted,
            n if n % 7 == 5 => BuildResult::Failure,
            n if n % 5 == 3 => BuildResult::Unstable,
            _ => result,
        };
    }
    let mut ms = rng.random_range(secs.0 * 1000..secs.1 * 1000);
    if matches!(result, BuildResult::Failure | BuildResult::Aborted) {
        ms = ms * rng.random_range(40..90) / 100;
    }
    (SignedDuration::from_millis(ms), result)
}
