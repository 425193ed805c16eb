use std::collections::BTreeSet;

use jiff::Timestamp;

use crate::app::cursor::Cursor;
use crate::app::effect::jenkins::{JenkinsEffect, JenkinsSlot};
use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use crate::app::msg::Notice;
use crate::app::nav::{Flow, Screen, View, ViewCx};
use crate::app::release_cache::RevisionKey;
use crate::app::timeline::{short, timeline, wants, Entry, Sources, What};
use crate::app::world::World;
use crate::config::{DeployKind, DeployMode};
use crate::jenkins::fetched::Fetched;
use crate::jenkins::msg::JenkinsMsg;
use crate::jenkins::{BuildDetail, JobPath};
use crate::keymap::Action;
use crate::repo::git_log::StageFiles;
use crate::views::console::ConsoleState;
use crate::views::diff::DiffState;
use crate::views::pods::{PodScope, PodsState};
use crate::views::release::{ReleaseState, Tab};

/// Lines above the entries (the headline, the column titles) and below them (the selected
/// entry's chain and detail).
pub const HEAD_LINES: usize = 2;
pub const FOOT_LINES: usize = 2;

/// The builds of a stage's deploy jobs, by job, newest first.
pub type StageBuilds = Vec<(JobPath, Vec<BuildDetail>)>;

#[derive(Debug, Clone)]
pub struct TimelineState {
    pub team: String,
    pub namespace: String,
    /// Only what concerns this release (opened from a release, or `--release`).
    pub release: Option<String>,
    pub cursor: Cursor,
    pub filter: ListFilter,
    pub builds: Fetched<StageBuilds>,
    generation: u64,
    /// (team, step) already asked of the repo (see `landscape_asks`).
    asked: BTreeSet<(String, u8)>,
    /// The stage's files the log was asked for, the clone's last operation then and the
    /// commits the builds checked out: asked again when any changes (a fetch brings commits,
    /// a new build deploys some).
    log_asked: Option<(StageFiles, Option<Timestamp>, Vec<String>)>,
}

impl TimelineState {
    pub fn new(team: &str, namespace: &str, release: Option<&str>) -> TimelineState {
        TimelineState {
            team: team.to_string(),
            namespace: namespace.to_string(),
            release: release.map(str::to_string),
            cursor: Cursor::default(),
            filter: ListFilter::default(),
            builds: Fetched::default(),
            generation: 0,
            asked: BTreeSet::new(),
            log_asked: None,
        }
    }

    fn stage<'a>(&self, world: &'a World) -> Option<&'a str> {
        world.stages.get(&self.namespace).map(|s| s.stage.as_str())
    }

    /// The stage's deploy and uninstall jobs, when Jenkins deploys the team's stages.
    pub fn jobs(&self, world: &World) -> Vec<JobPath> {
        let jobs = world.deploy_jobs_of(&self.team);
        let Some(stage) = self.stage(world) else {
            return Vec::new();
        };
        if jobs.mode != DeployMode::Jenkins {
            return Vec::new();
        }
        let mut out: Vec<JobPath> = Vec::new();
        for kind in [DeployKind::Deploy, DeployKind::Uninstall] {
            let j = JobPath::parse(&jobs.job(kind, stage));
            if !out.contains(&j) {
                out.push(j);
            }
        }
        out
    }

    /// Every entry of the stage, newest first, filtered by the release and the `/` filter.
    pub fn entries(&self, world: &World) -> Vec<Entry> {
        let jobs = world.deploy_jobs_of(&self.team);
        let uninstall = self
            .stage(world)
            .map(|s| jobs.job(DeployKind::Uninstall, s))
            .unwrap_or_default();
        let stage = self.stage(world).unwrap_or_default().to_string();
        // A job shared by the stages (a stage parameter) keeps the builds of this stage.
        let builds: StageBuilds = self
            .builds
            .data
            .iter()
            .flatten()
            .map(|(job, bs)| {
                let mine = bs
                    .iter()
                    .filter(|b| jobs.targets(&job.full_name(), &b.params).contains(&stage))
                    .cloned()
                    .collect();
                (job.clone(), mine)
            })
            .collect();
        let all = timeline(
            world,
            &self.namespace,
            &Sources {
                builds: &builds,
                uninstall_job: &uninstall,
                release: self.release.as_deref(),
            },
        );
        match self.filter.active() {
            Some(f) => all.into_iter().filter(|e| f.matches(&haystack(e))).collect(),
            None => all,
        }
    }

    /// The commits the polled builds checked out, each once, sorted.
    fn deployed_commits(&self) -> Vec<String> {
        let set: BTreeSet<String> = self
            .builds
            .data
            .iter()
            .flatten()
            .flat_map(|(_, bs)| bs.iter().filter_map(|b| b.commits.first()))
            .map(|c| c.sha.clone())
            .collect();
        set.into_iter().collect()
    }

    /// Rows of entries on screen for a list page of `page` (see `App::page`).
    pub fn rows(page: usize) -> usize {
        // `page` is the body minus one header line; here two head and two foot lines.
        (page + 1).saturating_sub(HEAD_LINES + FOOT_LINES).max(1)
    }

    /// The stage's files the log follows, once its Helmfile is read: its releases' values
    /// files and the Helmfile's own state files.
    fn stage_files(&self, world: &World) -> Option<StageFiles> {
        let stage = self.stage(world)?;
        let l = world.repos.get(&self.team)?.landscape.as_ref()?;
        let mut paths: Vec<String> = l.files.clone();
        if let Some(s) = l.stage(stage) {
            for r in &s.releases {
                for f in &r.values_files {
                    if !paths.contains(f) {
                        paths.push(f.clone());
                    }
                }
            }
        }
        Some(StageFiles {
            stage: stage.to_string(),
            paths,
        })
    }
}

/// The text `/` matches an entry against.
pub fn haystack(e: &Entry) -> String {
    match &e.what {
        What::Revision {
            release,
            revision,
            status,
            ..
        } => format!("revision {release} {revision} {}", status.as_str()),
        What::Build {
            job,
            number,
            result,
            by,
            ..
        } => format!(
            "build {} #{number} {} {}",
            job.full_name(),
            result.map_or("RUNNING", |r| r.as_str()),
            by.as_deref().unwrap_or_default()
        ),
        What::Commit {
            id,
            author,
            subject,
            files,
        } => format!("commit {} {author} {subject} {}", short(id), files.join(" ")),
        What::Rollout {
            deployment,
            replica_set,
            images,
            ..
        } => format!("rollout {deployment} {replica_set} {}", images.join(" ")),
    }
}

impl View for TimelineState {
    fn title(&self) -> String {
        match &self.release {
            Some(r) => format!("timeline {} {r}", self.namespace),
            None => format!("timeline {}", self.namespace),
        }
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::Drill, Action::GoDrift, Action::Deploy]
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.asked.clear();
        self.log_asked = None;
        self.generation = cx.generation();
        let mut fx = vec![Effect::WatchReplicaSets {
            namespace: self.namespace.clone(),
        }];
        let jobs = self.jobs(cx.world);
        if !jobs.is_empty() {
            fx.push(Effect::Jenkins(JenkinsEffect::PollStageBuilds {
                team: self.team.clone(),
                jobs,
                generation: self.generation,
            }));
        }
        fx.extend(self.world_polls(cx));
        fx
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        vec![
            Effect::StopReplicaSets {
                namespace: self.namespace.clone(),
            },
            Effect::Jenkins(JenkinsEffect::Stop(JenkinsSlot::StageBuilds)),
        ]
    }

    fn on_jenkins(&mut self, m: &JenkinsMsg, now: Timestamp) -> bool {
        match m {
            JenkinsMsg::StageBuildsPolled { generation, result } if *generation == self.generation => {
                self.builds.apply(result.clone(), now);
                true
            }
            _ => false,
        }
    }

    /// The clone opened and its Helmfile read (which files are the stage's), then the log of
    /// those files — again after the clone changed.
    fn world_polls(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        let teams = BTreeSet::from([self.team.clone()]);
        let mut fx = crate::app::drift::landscape_asks(cx.world, &teams, &mut self.asked);
        let Some(files) = self.stage_files(cx.world) else {
            return fx;
        };
        let data = cx.world.repos.get(&self.team);
        if data.is_some_and(|d| d.busy.is_some()) {
            return fx;
        }
        let last = data.and_then(|d| d.last.as_ref()).map(|l| l.2);
        let deployed = self.deployed_commits();
        let now = Some((files.clone(), last, deployed.clone()));
        if self.log_asked != now {
            self.log_asked = now;
            fx.push(Effect::Repo(RepoEffect::StageLog {
                team: self.team.clone(),
                files,
                deployed,
            }));
        }
        fx
    }

    fn wanted_releases(&self, world: &World, page: usize) -> Vec<RevisionKey> {
        let entries = self.entries(world);
        let rows = Self::rows(page);
        let mut c = self.cursor;
        c.clamp(entries.len(), rows);
        let shown: Vec<Entry> = entries.into_iter().skip(c.offset).take(rows).collect();
        wants(world, &self.namespace, &shown)
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        Some(&mut self.filter)
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let entries = self.entries(cx.world);
        if self.cursor.on_action(a, entries.len(), Self::rows(cx.page)) {
            return Flow::Done(Vec::new());
        }
        let Some(e) = entries.get(self.cursor.selected) else {
            return Flow::Ignored;
        };
        if a != Action::Drill {
            return Flow::Ignored;
        }
        match &e.what {
            What::Revision {
                release, revision, ..
            } => {
                let mut r = ReleaseState::new(&self.namespace, release).at_tab(Tab::Diff);
                r.revision = Some(*revision);
                Flow::Push(Screen::Release(r))
            }
            What::Build { job, number, .. } => Flow::Push(Screen::Console(ConsoleState::new(
                &self.team,
                job.clone(),
                *number,
                cx.log_capacity,
            ))),
            What::Commit { id, .. } => Flow::Push(Screen::Diff(DiffState::commit(&self.team, id))),
            What::Rollout { deployment, .. } => {
                let mut pods = PodsState::new(PodScope::namespace(&self.namespace));
                pods.filter.set(deployment);
                Flow::Push(Screen::Pods(pods))
            }
        }
    }
}

impl TimelineState {
    /// Why there are no builds on the timeline, when there are none to show.
    pub fn builds_note(&self, world: &World) -> Option<Notice> {
        if self.jobs(world).is_empty() {
            return Some(Notice::info("deployed by helmfile: no Jenkins builds"));
        }
        self.builds
            .error
            .as_ref()
            .map(|e| Notice::error(format!("Jenkins: {}", e.error.message)))
    }
}
