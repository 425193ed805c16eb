//! Starting the demo world: the API server on an ephemeral loopback port, the world's
//! clockwork, one simulated Jenkins per team (each on its own port) with the team's config repo
//! (a bare git repo), and the files (`kubeconfig`, `stagecoach.yaml`, `jenkins.json`, the
//! token files, `ready`) that let clients find it.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use tokio::task::JoinHandle;

use super::api::{self, ApiState, ContinueCache, Tokens};
use super::clock::SimClock;
use super::config_repo::{self, RepoSeed};
use super::faults::Faults;
use super::jenkins::{self, JenkinsHandle};
use super::store::Store;
use super::world::catalog::Team;
use super::world::{Clockwork, World, WorldConfig};

/// Changes kept per kind for watch resumption (the watch cache's window).
pub const DEFAULT_HISTORY: usize = 10_000;

#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    pub seed: u64,
    pub scale: u32,
    pub faults: String,
    /// Serve metrics.k8s.io (a metrics-server): `kubectl top`, the headroom's usage.
    pub metrics: bool,
    /// Start the clock here instead of now (deterministic tests).
    pub start: Option<Timestamp>,
}

pub struct RunningSim {
    pub addr: SocketAddr,
    pub tokens: Tokens,
    pub world: Arc<World>,
    pub state: Arc<ApiState>,
    /// One simulated Jenkins per team, in the order of `world.teams`.
    pub jenkins: Vec<JenkinsHandle>,
    /// Where the teams' bare config repos are (`<dir>/repos`); they move into the directory
    /// `write_dir` is given when the world was started without one.
    repos_dir: Mutex<PathBuf>,
    tasks: Vec<JoinHandle<()>>,
    _clockwork: Clockwork,
    /// Holds the repos of a world started without a directory.
    _tmp: Option<tempfile::TempDir>,
}

/// How a team deploys its stages: through Jenkins' deploy jobs, or by running Helmfile.
pub fn deploy_mode(team: &Team) -> &'static str {
    if !team.deploys_by_jenkins() {
        "helmfile"
    } else {
        "jenkins"
    }
}

impl Drop for RunningSim {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

fn random_token(tag: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        out.push_str(&format!("{:016x}", h.finish()));
    }
    format!("{tag}.{out}")
}

impl RunningSim {
    /// Starts the world with its config repos in a temp dir of its own (moved into the
    /// directory given to `write_dir`).
    pub async fn start(opts: SimOptions) -> anyhow::Result<RunningSim> {
        RunningSim::start_in(opts, None).await
    }

    /// Starts the world with the teams' config repos in `dir/repos` (a fresh temp dir when
    /// `None`).
    pub async fn start_in(opts: SimOptions, dir: Option<PathBuf>) -> anyhow::Result<RunningSim> {
        let faults = Arc::new(Faults::parse(&opts.faults)?);
        let clock = SimClock::starting_at(opts.start.unwrap_or_else(Timestamp::now));
        let history = faults.history.unwrap_or(DEFAULT_HISTORY);
        let store = Arc::new(Store::new(clock.clone(), history, opts.seed));
        let world = World::seed(
            store.clone(),
            WorldConfig {
                seed: opts.seed,
                scale: opts.scale.max(1),
            },
        );
        let tokens = Tokens {
            admin: random_token("admin"),
            viewer: random_token("viewer"),
        };
        let state = Arc::new(ApiState {
            store,
            world: world.clone(),
            faults,
            continues: ContinueCache::default(),
            tokens: tokens.clone(),
            metrics: opts.metrics.into(),
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let app = api::router(state.clone());
        let server = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!("simulated API server stopped: {e}");
            }
        });
        let (tmp, base) = match dir {
            Some(d) => (None, d),
            None => {
                let t = tempfile::Builder::new()
                    .prefix("stagecoach-world-")
                    .tempdir()?;
                let p = t.path().to_path_buf();
                (Some(t), p)
            }
        };
        let repos_dir = base.join("repos");
        let mut jenkins = Vec::new();
        for (i, team) in world.teams.iter().enumerate() {
            let listener = jenkins::bind().await?;
            let url = format!("http://{}/", listener.local_addr()?);
            let history = world.take_values_history(i);
            let repo = config_repo::create_team_repo(
                &repos_dir,
                &RepoSeed {
                    team,
                    jenkins_url: &url,
                    start: clock.start(),
                    history: &history,
                },
            )?;
            if team.branch_per_stage() {
                config_repo::stage_branches::add_stage_branches(&repos_dir, team, clock.start())?;
            }
            let deploys = deploy_mode(team) == "jenkins";
            jenkins.push(jenkins::serve(
                listener,
                team,
                deploys,
                jenkins::Placement {
                    clock: clock.clone(),
                    seed: opts.seed,
                    repo,
                    world: Some(world.clone()),
                },
            )?);
        }
        // Seeding a large world frees as much as it keeps (the replay, the repos' packing):
        // given back before the world settles in for hours.
        crate::memory::release_freed();
        let clockwork = world.start_clockwork();
        Ok(RunningSim {
            addr,
            tokens,
            world,
            state,
            jenkins,
            repos_dir: Mutex::new(repos_dir),
            tasks: vec![server],
            _clockwork: clockwork,
            _tmp: tmp,
        })
    }

    /// Adds a load scenario's objects to the world, and its churn (stopped with the world).
    pub fn add_scenario(&mut self, s: &super::scenario::Scenario) {
        let pods = super::scenario::populate(&self.world, s);
        if s.churn > 0 {
            let churn = super::scenario::start_churn(self.world.clone(), pods, s.churn);
            self.tasks.push(churn);
        }
    }

    /// The simulated Jenkins of `team`.
    pub fn jenkins_of(&self, team: &str) -> Option<&JenkinsHandle> {
        self.jenkins.iter().find(|j| j.team == team)
    }

    /// Moves the world's clock forward (the cluster's clockwork and every Jenkins follow).
    pub fn advance(&self, by: jiff::SignedDuration) {
        self.world.store().clock.advance(by);
    }

    /// The directory holding the teams' bare config repos.
    pub fn repos_dir(&self) -> PathBuf {
        self.repos_dir.lock().expect("repos dir lock").clone()
    }

    /// `{"<team>": {"url", "user", "token"}}` for third-party Jenkins clients.
    pub fn jenkins_json(&self) -> String {
        let mut out = serde_json::Map::new();
        for j in &self.jenkins {
            out.insert(
                j.team.clone(),
                serde_json::json!({
                    "url": j.url(),
                    "user": jenkins::ADMIN,
                    "token": j.token(jenkins::ADMIN).unwrap_or_default(),
                }),
            );
        }
        let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Moves the config repos into `dir/repos` if they are elsewhere (replacing repos a
    /// previous world left there), and repoints each Jenkins.
    fn move_repos_into(&self, dir: &Path) -> anyhow::Result<()> {
        let target = dir.join("repos");
        let mut current = self.repos_dir.lock().expect("repos dir lock");
        if *current == target {
            return Ok(());
        }
        std::fs::create_dir_all(&target)?;
        for j in &self.jenkins {
            let from = config_repo::repo_path(&current, &j.team);
            let to = config_repo::repo_path(&target, &j.team);
            if to.exists() {
                std::fs::remove_dir_all(&to)?;
            }
            if std::fs::rename(&from, &to).is_err() {
                copy_dir(&from, &to)?;
                let _ = std::fs::remove_dir_all(&from);
            }
            j.set_repo_path(to);
            // A team's production repository (a branch per stage) moves with it.
            let (from, to) = (
                config_repo::stage_branches::prod_repo_path(&current, &j.team),
                config_repo::stage_branches::prod_repo_path(&target, &j.team),
            );
            if from.exists() {
                if to.exists() {
                    std::fs::remove_dir_all(&to)?;
                }
                if std::fs::rename(&from, &to).is_err() {
                    copy_dir(&from, &to)?;
                    let _ = std::fs::remove_dir_all(&from);
                }
            }
        }
        *current = target;
        Ok(())
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A kubeconfig with three contexts: `stagecoach-demo` (admin, current),
    /// `stagecoach-demo-viewer` (read-only) and `stagecoach-demo-developer` (the admin acting as
    /// `alice` of `payments-developers`, through impersonation as `kubectl --as` does: it works
    /// over the world's plain HTTP, where no token is sent).
    pub fn kubeconfig(&self) -> String {
        format!(
            "apiVersion: v1
kind: Config
clusters:
- name: stagecoach-demo
  cluster:
    server: {url}
contexts:
- name: stagecoach-demo
  context:
    cluster: stagecoach-demo
    user: demo-admin
    namespace: payments-qa
- name: stagecoach-demo-viewer
  context:
    cluster: stagecoach-demo
    user: demo-viewer
    namespace: payments-qa
- name: stagecoach-demo-developer
  context:
    cluster: stagecoach-demo
    user: demo-developer
    namespace: payments-qa
current-context: stagecoach-demo
preferences: {{}}
users:
- name: demo-admin
  user:
    token: {admin}
- name: demo-viewer
  user:
    token: {viewer}
- name: demo-developer
  user:
    as: alice
    as-groups:
    - payments-developers
",
            url = self.url(),
            admin = self.tokens.admin,
            viewer = self.tokens.viewer,
        )
    }

    /// The cockpit's config for this world. Tokens are referenced by file, never inline.
    pub fn config_yaml(&self, dir: &Path) -> String {
        let mut out = format!(
            "# Written by `stagecoach demo serve`: the cockpit's config for the demo world.\nkubeconfig: {}\ncontext: stagecoach-demo\nteams:\n",
            dir.join("kubeconfig").display()
        );
        for t in &self.world.teams {
            let stages: Vec<String> = t.stages();
            out.push_str(&format!(
                "  - name: {}\n    stages: [{}]\n    protected: [prod]\n    deploy: {}\n",
                t.name,
                stages.join(", "),
                deploy_mode(t)
            ));
            if t.deploys_by_jenkins() {
                out.push_str(&format!(
                    "    adhoc_deploy_job: {}
    adhoc_uninstall_job: {}
",
                    jenkins::catalog::ADHOC_DEPLOY_JOB,
                    jenkins::catalog::ADHOC_UNINSTALL_JOB
                ));
            }
            if let Some(j) = self.jenkins_of(&t.name) {
                out.push_str(&format!(
                    "    jenkins:\n      url: {}\n      user: {}\n      token_file: {}\n    repo:\n      url: {}\n      path: {}\n      branch: {}\n      jcasc: {}\n      helmfile: {}\n",
                    j.url(),
                    jenkins::ADMIN,
                    token_file(dir, &t.name).display(),
                    j.repo_path().display(),
                    // The cockpit's working clone lives with the world, not in the user's data dir.
                    dir.join("clones").join(&t.name).display(),
                    config_repo::BRANCH,
                    config_repo::JCASC_PATH,
                    config_repo::HELMFILE_PATH,
                ));
                if t.branch_per_stage() {
                    out.push_str(&promotion_yaml(
                        dir,
                        &t.name,
                        &config_repo::stage_branches::prod_repo_path(&self.repos_dir(), &t.name),
                    ));
                }
            }
        }
        out
    }

    /// Writes the world's files into `dir`, `ready` last: the config repos under `repos/`, the
    /// Jenkins tokens under `secrets/` (0600), then kubeconfig, stagecoach.yaml, jenkins.json.
    pub fn write_dir(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)?;
        self.move_repos_into(dir)?;
        let secrets = dir.join("secrets");
        std::fs::create_dir_all(&secrets)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o700))?;
        }
        for j in &self.jenkins {
            let token = j.token(jenkins::ADMIN).unwrap_or_default();
            write_private(&token_file(dir, &j.team), &format!("{token}\n"))?;
        }
        write_private(&dir.join("kubeconfig"), &self.kubeconfig())?;
        write_private(&dir.join("stagecoach.yaml"), &self.config_yaml(dir))?;
        write_private(&dir.join("jenkins.json"), &self.jenkins_json())?;
        std::fs::write(dir.join("ready"), "")?;
        Ok(())
    }
}

/// Where a team's Jenkins API token is written.
pub fn token_file(dir: &Path, team: &str) -> PathBuf {
    dir.join("secrets").join(format!("{team}-jenkins.token"))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), dest)?;
        }
    }
    Ok(())
}

/// Credentials go to files only their owner can read.
fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    #[cfg(unix)]
    use std::os::unix::fs::OpenOptionsExt;
    let tmp = path.with_extension("tmp");
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    opts.mode(0o600);
    let mut f = opts.open(&tmp)?;
    f.write_all(content.as_bytes())?;
    f.sync_all()?;
    std::fs::rename(tmp, path)
}

/// The `promotion:` of a team that keeps a branch per stage: `develop` → `dev-stage` →
/// `qa-stage` in its repo, production's `main` in a repository of its own; its deploy jobs
/// take the stage's branch as `CONFIG_REF`.
fn promotion_yaml(dir: &Path, team: &str, prod_repo: &Path) -> String {
    use config_repo::stage_branches::{PROD_BRANCH, PROD_STAGE, SOURCE_BRANCH, STAGE_BRANCHES};
    let mut out = format!("    promotion:\n      source: {SOURCE_BRANCH}\n      branches:\n");
    for (stage, branch) in STAGE_BRANCHES {
        out.push_str(&format!(
            "        - {{ stage: {stage}, branch: {branch} }}\n"
        ));
    }
    out.push_str(&format!(
        "        - {{ stage: {PROD_STAGE}, branch: {PROD_BRANCH}, url: {} }}\n      ref_param: CONFIG_REF\n      path: {}\n",
        prod_repo.display(),
        dir.join("clones").join(format!("{team}.promotion.git")).display()
    ));
    out
}
