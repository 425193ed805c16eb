//! Starting the demo world: the API server on an ephemeral loopback port, the world's
//! clockwork, and the files (`kubeconfig`, `stagecoach.yaml`, `jenkins.json`, `ready`) that let
//! clients find it.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use jiff::Timestamp;
use tokio::task::JoinHandle;

use super::api::{self, ApiState, ContinueCache, Tokens};
use super::clock::SimClock;
use super::faults::Faults;
use super::store::Store;
use super::world::{Clockwork, World, WorldConfig};

/// Changes kept per kind for watch resumption (the watch cache's window).
pub const DEFAULT_HISTORY: usize = 10_000;

#[derive(Debug, Clone, Default)]
pub struct SimOptions {
    pub seed: u64,
    pub scale: u32,
    pub faults: String,
    /// Start the clock here instead of now (deterministic tests).
    pub start: Option<Timestamp>,
}

pub struct RunningSim {
    pub addr: SocketAddr,
    pub tokens: Tokens,
    pub world: Arc<World>,
    pub state: Arc<ApiState>,
    tasks: Vec<JoinHandle<()>>,
    _clockwork: Clockwork,
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
    pub async fn start(opts: SimOptions) -> anyhow::Result<RunningSim> {
        let faults = Arc::new(Faults::parse(&opts.faults)?);
        let clock = SimClock::starting_at(opts.start.unwrap_or_else(Timestamp::now));
        let history = faults.history.unwrap_or(DEFAULT_HISTORY);
        let store = Arc::new(Store::new(clock, history, opts.seed));
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
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let app = api::router(state.clone());
        let server = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!("simulated API server stopped: {e}");
            }
        });
        let clockwork = world.start_clockwork();
        Ok(RunningSim {
            addr,
            tokens,
            world,
            state,
            tasks: vec![server],
            _clockwork: clockwork,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A kubeconfig with two contexts: `stagecoach-demo` (admin, current) and
    /// `stagecoach-demo-viewer` (read-only).
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
current-context: stagecoach-demo
preferences: {{}}
users:
- name: demo-admin
  user:
    token: {admin}
- name: demo-viewer
  user:
    token: {viewer}
",
            url = self.url(),
            admin = self.tokens.admin,
            viewer = self.tokens.viewer,
        )
    }

    /// The cockpit's config for this world.
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
                if t.name == "logistics" {
                    "helmfile"
                } else {
                    "jenkins"
                }
            ));
        }
        out
    }

    /// Writes the world's files into `dir`, `ready` last.
    pub fn write_dir(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)?;
        write_private(&dir.join("kubeconfig"), &self.kubeconfig())?;
        write_private(&dir.join("stagecoach.yaml"), &self.config_yaml(dir))?;
        write_private(&dir.join("jenkins.json"), "{}\n")?;
        std::fs::write(dir.join("ready"), "")?;
        Ok(())
    }
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
