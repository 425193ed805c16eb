//! The controller's moving parts: jobs getting builds on their own (SCM changes, timers,
//! colleagues), the queue turning triggered items into builds, and stops. Everything happens
//! at instants computed from the plan, never "when the request came", so the same seed gives
//! the same history whenever and however often it is looked at. `tick(now)` catches up.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::catalog::{self, PEOPLE};
use super::model::{
    self, AutoPlan, Build, BuildResult, Cause, Item, Job, JobKind, PValue, ParamValue,
};
use super::queue::{Left, QueueItem, LEFT_ITEM_TTL};
use super::rng::{hex, rng_for};
use crate::sim::config_repo::build_tool;
use crate::sim::world::catalog::Team;

/// Builds kept per job (the jobs' build discarder).
pub const KEEP_BUILDS: usize = 60;

pub struct Engine {
    pub team: String,
    pub seed: u64,
    pub items: Vec<Item>,
    pub queue: Vec<QueueItem>,
    next_queue_id: u64,
    paths: Vec<Vec<String>>,
    /// App short name → its build tool's (pod template, image).
    tools: BTreeMap<String, (&'static str, &'static str)>,
    /// Deploy/uninstall builds that ended before this have had their effect on the cluster.
    effects_from: Timestamp,
    /// The world's start: builds started before it are history, whose effects the seeded
    /// cluster already shows (rolling its pods again would reset the seeded crash loops).
    world_start: Timestamp,
}

/// What a finished build does to the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// `helmfile -e <stage> apply` of these releases, with this image tag.
    Apply {
        stage: String,
        releases: Vec<String>,
        tag: String,
        started: Timestamp,
        finished: Timestamp,
    },
    /// `helmfile -e <stage> destroy`.
    Destroy {
        stage: String,
        releases: Vec<String>,
        started: Timestamp,
        finished: Timestamp,
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
    pub fn new(team: &Team, deploys_by_jenkins: bool, start: Timestamp, seed: u64) -> Engine {
        let items = catalog::items(team, deploys_by_jenkins, start, seed);
        let mut paths = Vec::new();
        model::job_paths(&items, &mut Vec::new(), &mut paths);
        let mut e = Engine {
            team: team.name.clone(),
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
            effects_from: start,
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
                if let (Some(p), Some(model::ParamDef::Choice { choices, .. })) =
                    (params.first_mut(), job.params.first())
                {
                    if rng.random_bool(0.4) {
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
        let queue_id = self.take_queue_id();
        let number = self.start_build(&path, at, queue_id, causes, params);
        let Some(job) = model::find_job_mut(&mut self.items, &path) else {
            return;
        };
        let end = job.build(number).map(Build::end).unwrap_or(at);
        if let Some(auto) = job.auto.as_mut() {
            auto.next_at = match auto.plan {
                AutoPlan::Chain => end,
                AutoPlan::Every { min, max } => {
                    at + SignedDuration::from_secs(rng.random_range(min..max))
                }
            };
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
        });
        if job.builds.len() > KEEP_BUILDS {
            let extra = job.builds.len() - KEEP_BUILDS;
            job.builds.drain(..extra);
        }
        number
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

    /// The effects of deploy and uninstall builds that succeeded since the last call, in the
    /// order they finished.
    pub fn take_effects(&mut self, now: Timestamp) -> Vec<Effect> {
        let from = self.effects_from;
        self.effects_from = now;
        let all: Vec<String> = self
            .tools
            .keys()
            .map(|a| format!("{}-{a}", self.team))
            .collect();
        let mut out: Vec<(Timestamp, Effect)> = Vec::new();
        for p in &self.paths {
            let Some(job) = self.job(p) else { continue };
            for b in job.builds.iter().rev() {
                let end = b.end();
                if end <= from {
                    break;
                }
                if end > now
                    || b.start <= self.world_start
                    || b.result(now) != Some(BuildResult::Success)
                {
                    continue;
                }
                let param = |n: &str| {
                    b.params
                        .iter()
                        .find(|v| v.name == n)
                        .map(|v| v.as_text())
                        .unwrap_or_default()
                };
                let (started, finished) = (b.start, end);
                match &job.kind {
                    JobKind::Deploy { stage } if param("DRY_RUN") != "true" => {
                        let apps = param("APPS");
                        let releases = if apps == "all" || apps.is_empty() {
                            all.clone()
                        } else {
                            vec![format!("{}-{apps}", self.team)]
                        };
                        let tag = b.commit.chars().take(7).collect();
                        out.push((
                            end,
                            Effect::Apply {
                                stage: stage.clone(),
                                releases,
                                tag,
                                started,
                                finished,
                            },
                        ));
                    }
                    JobKind::Uninstall { stage } if param("CONFIRM") == "true" => {
                        out.push((
                            end,
                            Effect::Destroy {
                                stage: stage.clone(),
                                releases: all.clone(),
                                started,
                                finished,
                            },
                        ));
                    }
                    _ => {}
                }
            }
        }
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
        JobKind::Deploy { .. } => ((120, 300), [85, 0, 10, 5]),
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
