//! One team's controller: its jobs and queue (the engine), the configuration it runs with,
//! its sessions and secrets, and the config repo it reloads JCasC from.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use jiff::{SignedDuration, Timestamp};

use super::auth::{random_hex, Secrets, Sessions};
use super::engine::{Effect, Engine};
use super::jcasc::{self, JcascError, RunningConfig};
use crate::sim::clock::SimClock;
use crate::sim::config_repo::{self, ConfigRepoError, HeadFile, BRANCH, JCASC_PATH};
use crate::sim::deploy_plan::Planner;
use crate::sim::world::catalog::Team;
use crate::sim::world::World;

/// How long the API answers 503 after a configuration was applied.
pub const RESTART: SignedDuration = SignedDuration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum JenkinsError {
    #[error("reading the JCasC file of {team}: {source}")]
    Repo {
        team: String,
        source: ConfigRepoError,
    },
    #[error("the JCasC file of {team} does not load: {source}")]
    Jcasc { team: String, source: JcascError },
}

pub(super) struct State {
    pub engine: Engine,
    pub cfg: RunningConfig,
    pub sessions: Sessions,
    pub restarting_until: Option<Timestamp>,
}

pub struct Controller {
    pub team: String,
    pub clock: SimClock,
    pub(super) secrets: Secrets,
    /// The token of `/reload-configuration-as-code/` (`CASC_RELOAD_TOKEN`).
    pub(super) reload_token: String,
    /// `X-Jenkins-Session`: fixed for the controller's life.
    pub session_header: String,
    repo: Arc<RwLock<PathBuf>>,
    /// The cluster that deploy and uninstall builds change (none in isolated tests).
    world: Option<Arc<World>>,
    pub(super) state: Mutex<State>,
    pub(super) switches: super::switches::Switches,
}

/// What a JCasC reload did.
#[derive(Debug)]
pub enum ReloadOutcome {
    Applied,
    Refused(JcascError),
    Unreadable(String),
}

impl Controller {
    /// The controller with its history up to the clock's start and the configuration from the
    /// head of the team's config repo.
    pub fn new(
        team: &Team,
        deploys_by_jenkins: bool,
        clock: SimClock,
        seed: u64,
        repo: PathBuf,
        world: Option<Arc<World>>,
    ) -> Result<Controller, JenkinsError> {
        let secrets = Secrets::generate();
        let file = config_repo::read_head_file(&repo, BRANCH, JCASC_PATH).map_err(|source| {
            JenkinsError::Repo {
                team: team.name.clone(),
                source,
            }
        })?;
        let text = String::from_utf8_lossy(&file.content);
        let cfg = jcasc::apply(&RunningConfig::default(), &text, &|n| {
            secrets.vars.get(n).cloned()
        })
        .map_err(|source| JenkinsError::Jcasc {
            team: team.name.clone(),
            source,
        })?;
        let repo = Arc::new(RwLock::new(repo));
        let planner = Arc::new(Planner::new(repo.clone(), world.clone()));
        let engine = Engine::new(team, deploys_by_jenkins, clock.start(), seed, Some(planner));
        Ok(Controller {
            team: team.name.clone(),
            clock,
            secrets,
            reload_token: random_hex(32),
            session_header: random_hex(8),
            repo,
            world,
            state: Mutex::new(State {
                engine,
                cfg,
                sessions: Sessions::new(),
                restarting_until: None,
            }),
            switches: Default::default(),
        })
    }

    /// See [`super::JenkinsHandle::forget_queue_item`].
    pub fn forget_queue_item(&self, id: u64) -> bool {
        let mut st = self.state.lock().expect("jenkins lock");
        let before = st.engine.queue.len();
        st.engine.queue.retain(|q| q.id != id);
        st.engine.queue.len() != before
    }

    pub fn repo_path(&self) -> PathBuf {
        self.repo.read().expect("repo path lock").clone()
    }

    pub(crate) fn set_repo_path(&self, path: PathBuf) {
        *self.repo.write().expect("repo path lock") = path;
    }

    /// Catches up to `now`: builds start and end, and the deploy and uninstall builds that
    /// succeeded meanwhile change the cluster's Helm releases.
    pub(super) fn pump(&self, st: &mut State, now: Timestamp) {
        st.engine.tick(now);
        let effects = st.engine.take_effects(now);
        let Some(world) = &self.world else { return };
        for e in effects {
            match e {
                Effect::Begin {
                    run,
                    by,
                    at,
                    wait_until,
                } => world.begin_run(&run, &by, at, wait_until),
                Effect::Finish { by, at, stopped } => world.finish_run(&by, at, stopped),
            }
        }
    }

    /// Pumps on the current clock (the background ticker).
    pub fn pump_now(&self) {
        let now = self.clock.now();
        let mut st = self.state.lock().expect("jenkins lock");
        self.pump(&mut st, now);
    }

    /// Checks and applies the JCasC file read from the repo; on success the controller
    /// "restarts" for a few seconds. A refused file changes nothing.
    pub(super) fn reload(
        &self,
        st: &mut State,
        file: Result<HeadFile, ConfigRepoError>,
        now: Timestamp,
    ) -> ReloadOutcome {
        let file = match file {
            Ok(f) => f,
            Err(e) => return ReloadOutcome::Unreadable(e.to_string()),
        };
        let text = String::from_utf8_lossy(&file.content);
        match jcasc::apply(&st.cfg, &text, &|n| self.secrets.vars.get(n).cloned()) {
            Ok(cfg) => {
                st.cfg = cfg;
                st.restarting_until = Some(now + RESTART);
                ReloadOutcome::Applied
            }
            Err(e) => ReloadOutcome::Refused(e),
        }
    }

    /// The running configuration (what the last successful load applied).
    pub fn running_config(&self) -> RunningConfig {
        self.state.lock().expect("jenkins lock").cfg.clone()
    }
}
