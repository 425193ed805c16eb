//! What a deploy or uninstall run of the simulated Jenkins will do, decided when its build
//! starts, as a real pipeline decides it: check out the config repo's branch head, render the
//! Helmfile for the stage at that commit (with the product's Helmfile reader, the one that is
//! checked against the real `helmfile` binary), compute each release's values, compare them
//! with what is deployed, and know which revision each release will get and whether its pods
//! will come up. The build's console prints this plan and the world carries it out, so the
//! console, the Helm history and the pods tell one story.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use git2::{ObjectType, Repository, TreeWalkMode, TreeWalkResult};
use jiff::Timestamp;
use serde_json::Value;

use crate::repo::helmfile::{EnvVars, Helmfile, ValueNode};
use crate::sim::config_repo::BRANCH;
use crate::sim::world::catalog::{App, Team};
use crate::sim::world::World;

/// What happens to one release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepKind {
    /// `helm upgrade --install`: revision `revision` is written (1 = a fresh install).
    Upgrade { revision: u32 },
    /// helm-diff found nothing to change (`helmfile apply` skips it).
    Unchanged { revision: u32 },
    /// `installed: false` in the Helmfile, or `destroy`: the release is uninstalled.
    Delete,
    /// The chart cannot be fetched: Helm stops before writing anything.
    ChartMissing(String),
    /// Another operation holds the release (its latest revision is pending).
    Locked,
}

#[derive(Debug, Clone)]
pub struct ReleaseStep {
    pub name: String,
    pub namespace: String,
    /// `payments/api`.
    pub chart: String,
    pub version: String,
    /// The catalogue app the chart is (None when the chart does not exist).
    pub app: Option<App>,
    pub kind: StepKind,
    /// The user-supplied values the Helmfile computes (a JSON object).
    pub values: Value,
    /// `repository:tag` before and after (None where there is none).
    pub image_before: Option<String>,
    pub image_after: Option<String>,
    /// The values keys whose values change, dotted (`resources.limits.memory`).
    pub changed: Vec<String>,
    /// The release has a revision in the cluster.
    pub deployed: bool,
    /// Why its pods will not come up (`image … is not in the registry`), if they will not.
    pub failure: Option<String>,
}

/// The plan of one deploy (`apply`) or uninstall (`destroy`) run.
#[derive(Debug, Clone)]
pub struct DeployRun {
    pub team: String,
    pub stage: String,
    pub destroy: bool,
    /// The config repo commit checked out (40 hex) and its subject.
    pub commit: String,
    pub subject: String,
    /// Why the Helmfile could not be rendered (the run fails in its Diff stage).
    pub error: Option<String>,
    pub releases: Vec<ReleaseStep>,
    /// One release named (`APPS=api`): `helm upgrade --install` of it, changed or not.
    pub single: bool,
    /// `helmDefaults.timeout` (seconds): how long `--wait` waits for pods.
    pub timeout: u32,
}

impl DeployRun {
    pub fn namespace(&self) -> String {
        format!("{}-{}", self.team, self.stage)
    }

    pub fn short_commit(&self) -> &str {
        &self.commit[..self.commit.len().min(7)]
    }

    /// Whether the run succeeds: the Helmfile renders, every chart exists, no release is held
    /// by another operation and (unless it only diffs) every upgraded release's pods come up.
    pub fn ok(&self, dry_run: bool) -> bool {
        self.error.is_none()
            && self.releases.iter().all(|r| match &r.kind {
                StepKind::ChartMissing(_) | StepKind::Locked => false,
                StepKind::Upgrade { .. } => dry_run || r.failure.is_none(),
                StepKind::Unchanged { .. } | StepKind::Delete => true,
            })
    }
}

/// One commit of the branch: (committer time, id, subject).
type CommitRow = (Timestamp, String, String);

/// Reads the team's config repo for the runs of its Jenkins: which commit was the branch head
/// at an instant, and the plan of a run. Keeps the branch's commit list until the head moves.
pub struct Planner {
    repo: std::sync::Arc<std::sync::RwLock<std::path::PathBuf>>,
    world: Option<std::sync::Arc<World>>,
    commits: Mutex<(String, Vec<CommitRow>)>,
}

impl Planner {
    pub fn new(
        repo: std::sync::Arc<std::sync::RwLock<std::path::PathBuf>>,
        world: Option<std::sync::Arc<World>>,
    ) -> Planner {
        Planner {
            repo,
            world,
            commits: Mutex::new((String::new(), Vec::new())),
        }
    }

    /// What a build of the history did (its run and whether it succeeded), as the world's
    /// seeding replayed it; the world hands it over, so it is there for the build's first start.
    pub fn take_history_run(
        &self,
        team: &str,
        job: &str,
        number: u32,
    ) -> Option<(std::sync::Arc<DeployRun>, bool)> {
        self.world.as_ref()?.take_history_run(team, job, number)
    }

    fn path(&self) -> std::path::PathBuf {
        self.repo.read().expect("repo path lock").clone()
    }

    /// Holds the releases `run` will change until its Apply stage starts (see
    /// `World::reserve`).
    pub fn reserve(&self, run: &DeployRun, by: &str) {
        if let Some(w) = &self.world {
            w.reserve(run, by);
        }
    }

    /// The commit a build that ran at `at` checked out: the newest commit of the branch dated
    /// no later than that (history is laid out before the world starts; the list is cached
    /// until the head moves).
    pub fn commit_at(&self, at: Timestamp) -> Option<(String, String)> {
        self.commits(|rows| rows.iter().find(|(t, _, _)| *t <= at).or(rows.last()))
    }

    /// The branch head now, whatever its date (a push from a machine whose clock differs).
    pub fn head(&self) -> Option<(String, String)> {
        self.commits(|rows| rows.first())
    }

    fn commits(
        &self,
        pick: impl Fn(&[CommitRow]) -> Option<&CommitRow>,
    ) -> Option<(String, String)> {
        let path = self.path();
        let repo = Repository::open_bare(&path).ok()?;
        let head = repo
            .find_reference(&format!("refs/heads/{BRANCH}"))
            .ok()?
            .peel_to_commit()
            .ok()?;
        let mut cache = self.commits.lock().expect("commit cache lock");
        if cache.0 != head.id().to_string() {
            let mut rows = Vec::new();
            let mut walk = repo.revwalk().ok()?;
            walk.push(head.id()).ok()?;
            walk.simplify_first_parent().ok()?;
            for oid in walk.flatten() {
                if let Ok(c) = repo.find_commit(oid) {
                    let t = Timestamp::from_second(c.time().seconds()).unwrap_or_default();
                    rows.push((
                        t,
                        oid.to_string(),
                        c.message()
                            .unwrap_or_default()
                            .lines()
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                    ));
                }
            }
            *cache = (head.id().to_string(), rows);
        }
        pick(&cache.1).map(|(_, id, subject)| (id.clone(), subject.clone()))
    }

    /// The plan of a deploy (`destroy == false`) or uninstall run of `stage`, starting at `at`;
    /// `app` limits a deploy to one application (`APPS=api`).
    pub fn plan(
        &self,
        team: &Team,
        stage: &str,
        destroy: bool,
        app: Option<&str>,
        at: Timestamp,
    ) -> DeployRun {
        let _ = at;
        let (commit, subject) = self.head().unwrap_or_default();
        self.plan_at(team, stage, destroy, app, (commit, subject))
    }

    /// [`Self::plan`] of `reference` (`CONFIG_REF`: a branch, or a commit id or prefix), as
    /// the pipeline's checkout resolves it; an unknown one fails the run at its checkout.
    pub fn plan_ref(
        &self,
        team: &Team,
        stage: &str,
        destroy: bool,
        app: Option<&str>,
        reference: &str,
    ) -> DeployRun {
        match self.resolve(reference) {
            Ok(found) => self.plan_at(team, stage, destroy, app, found),
            Err(e) => {
                let mut run =
                    self.plan_at(team, stage, destroy, app, (String::new(), String::new()));
                run.releases.clear();
                run.error = Some(e);
                run
            }
        }
    }

    fn resolve(&self, reference: &str) -> Result<(String, String), String> {
        let repo = Repository::open_bare(self.path()).map_err(|e| e.to_string())?;
        let commit = repo
            .find_reference(&format!("refs/heads/{reference}"))
            .and_then(|r| r.peel_to_commit())
            .or_else(|_| {
                repo.revparse_single(reference)
                    .and_then(|o| o.peel_to_commit())
            })
            .map_err(|_| format!("couldn't find remote ref {reference}"))?;
        let subject = commit
            .message()
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        Ok((commit.id().to_string(), subject))
    }

    fn plan_at(
        &self,
        team: &Team,
        stage: &str,
        destroy: bool,
        app: Option<&str>,
        (commit, subject): (String, String),
    ) -> DeployRun {
        let mut run = DeployRun {
            team: team.name.clone(),
            stage: stage.to_string(),
            destroy,
            commit: commit.clone(),
            subject,
            error: None,
            releases: Vec::new(),
            single: app.is_some(),
            timeout: 120,
        };
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => {
                run.error = Some(format!("cannot check out: {e}"));
                return run;
            }
        };
        if let Err(e) = export(&self.path(), &commit, dir.path()) {
            run.error = Some(format!("git checkout {commit}: {e}"));
            return run;
        }
        match desired(dir.path(), stage) {
            Ok((timeout, releases)) => {
                run.timeout = timeout;
                run.releases = releases
                    .into_iter()
                    .filter(|r| app.is_none_or(|a| r.name == format!("{}-{a}", team.name)))
                    .map(|r| self.step(team, r, destroy, app.is_some()))
                    .collect();
            }
            Err(e) => run.error = Some(e),
        }
        run
    }

    fn step(&self, team: &Team, d: Desired, destroy: bool, single: bool) -> ReleaseStep {
        let app = d
            .chart
            .strip_prefix(&format!("{}/", team.name))
            .and_then(|short| team.apps.iter().find(|a| a.short == short))
            .cloned();
        let head = self
            .world
            .as_ref()
            .and_then(|w| w.release_head(&d.namespace, &d.name));
        // The images the pods run, as the Deployment's template has them.
        let image = |values: &Value| match (&app, &self.world) {
            (Some(a), Some(w)) => Some(w.workload_for(a, &d.namespace, &d.name, values).image),
            _ => image_of(values),
        };
        let image_before = head.as_ref().and_then(|h| image(&h.values));
        let image_after = image(&d.values);
        let mut changed = Vec::new();
        if let Some(h) = &head {
            diff_keys("", &h.values, &d.values, &mut changed);
            if h.chart_version != d.version {
                changed.insert(0, "chart version".into());
            }
        }
        let kind = if destroy || !d.installed {
            StepKind::Delete
        } else if let Some(why) = chart_missing(team, app.as_ref(), &d.chart, &d.version) {
            StepKind::ChartMissing(why)
        } else {
            match &head {
                Some(h) if h.pending => StepKind::Locked,
                // helm-diff compares with the latest revision, failed or not: a failed release
                // whose values did not change is not retried by `helmfile apply`.
                Some(h) if changed.is_empty() && !single => StepKind::Unchanged {
                    revision: h.revision,
                },
                Some(h) => StepKind::Upgrade {
                    revision: h.revision + 1,
                },
                None => StepKind::Upgrade { revision: 1 },
            }
        };
        let failure = match (&kind, &app, &self.world) {
            (StepKind::Upgrade { .. }, Some(a), Some(w)) => {
                w.workload_for(a, &d.namespace, &d.name, &d.values).why
            }
            _ => None,
        };
        ReleaseStep {
            failure,
            deployed: head.is_some(),
            name: d.name,
            namespace: d.namespace,
            chart: d.chart,
            version: d.version,
            app,
            kind,
            values: d.values,
            image_before,
            image_after,
            changed,
        }
    }
}

/// The chart repository of a team holds its apps' charts, in versions of the same major.
fn chart_missing(team: &Team, app: Option<&App>, chart: &str, version: &str) -> Option<String> {
    let repo = format!("https://charts.{}.example.com", team.name);
    let Some(app) = app else {
        return Some(format!(
            "chart \"{chart}\" version \"{version}\" not found in {repo} repository"
        ));
    };
    let major = |v: &str| v.split('.').next().unwrap_or_default().to_string();
    let semver = version.split('.').count() == 3
        && version
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    if version.is_empty() || (semver && major(version) == major(app.chart_version)) {
        None
    } else {
        Some(format!(
            "chart \"{chart}\" version \"{version}\" not found in {repo} repository"
        ))
    }
}

fn image_of(values: &Value) -> Option<String> {
    let repo = values["image"]["repository"].as_str()?;
    let tag = match &values["image"]["tag"] {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(format!("{repo}:{tag}"))
}

/// The dotted keys whose values differ between `a` and `b` (leaves only).
pub(crate) fn diff_keys(prefix: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                diff_keys(
                    &path,
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (x, y) if x != y => out.push(prefix.to_string()),
        _ => {}
    }
}

/// One release of the Helmfile for the stage.
struct Desired {
    name: String,
    namespace: String,
    chart: String,
    version: String,
    installed: bool,
    values: Value,
}

/// The releases of `stage` at the checkout, with their merged values, and the wait timeout.
fn desired(checkout: &Path, stage: &str) -> Result<(u32, Vec<Desired>), String> {
    let hf = Helmfile::load(checkout).map_err(|e| e.to_string())?;
    let env = EnvVars::fixed([]);
    let state = hf.desired_state(stage, &env).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for r in state.releases.iter().filter(|r| r.enabled) {
        let values = hf
            .release_values(stage, &r.name, &env)
            .map_err(|e| e.to_string())?;
        out.push(Desired {
            name: r.name.clone(),
            namespace: r.namespace.clone().unwrap_or_default(),
            chart: r.chart.clone().unwrap_or_default(),
            version: r.version.clone().unwrap_or_default(),
            installed: r.installed,
            values: tree_json(&values.tree),
        });
    }
    Ok((timeout_of(checkout), out))
}

/// `helmDefaults.timeout` as the demo's Helmfile writes it (a plain number in the file).
fn timeout_of(checkout: &Path) -> u32 {
    let text = std::fs::read_to_string(checkout.join("helmfile.yaml.gotmpl")).unwrap_or_default();
    let mut in_defaults = false;
    for line in text.lines() {
        if line.starts_with("helmDefaults:") {
            in_defaults = true;
        } else if in_defaults && !line.starts_with(' ') {
            in_defaults = false;
        } else if in_defaults {
            if let Some(v) = line.trim().strip_prefix("timeout:") {
                if let Ok(n) = v.trim().parse::<u32>() {
                    // A day at most: a run's console is timed in 100 ms units.
                    return n.min(86_400);
                }
            }
        }
    }
    300
}

fn tree_json(tree: &BTreeMap<String, ValueNode>) -> Value {
    Value::Object(
        tree.iter()
            .map(|(k, n)| {
                let v = match n {
                    ValueNode::Map(m) => tree_json(m),
                    ValueNode::Leaf(l) => serde_json::to_value(&l.value).unwrap_or(Value::Null),
                };
                (k.clone(), v)
            })
            .collect(),
    )
}

/// Writes the tree of `commit` into `dir` (a checkout without a `.git`).
fn export(repo: &Path, commit: &str, dir: &Path) -> Result<(), git2::Error> {
    let repo = Repository::open_bare(repo)?;
    let tree = repo.find_commit(git2::Oid::from_str(commit)?)?.tree()?;
    let mut failed = None;
    tree.walk(TreeWalkMode::PreOrder, |root, entry| {
        if entry.kind() != Some(ObjectType::Blob) {
            return TreeWalkResult::Ok;
        }
        let rel = format!("{root}{}", entry.name().unwrap_or_default());
        // Anyone may push to the demo's origin: a tree entry such as `..` must not write
        // outside the checkout (git's own checkout refuses these too).
        let plain = std::path::Path::new(&rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(n) if n != ".git"));
        if !plain {
            failed = Some(rel);
            return TreeWalkResult::Abort;
        }
        let path = dir.join(&rel);
        let written = entry
            .to_object(&repo)
            .ok()
            .and_then(|o| o.into_blob().ok())
            .map(|blob| {
                path.parent()
                    .map(std::fs::create_dir_all)
                    .transpose()
                    .and_then(|_| std::fs::write(&path, blob.content()))
            });
        match written {
            Some(Ok(())) => TreeWalkResult::Ok,
            _ => {
                failed = Some(rel);
                TreeWalkResult::Abort
            }
        }
    })?;
    match failed {
        Some(rel) => Err(git2::Error::from_str(&format!("cannot write {rel}"))),
        None => Ok(()),
    }
}

#[cfg(test)]
#[path = "deploy_plan_tests.rs"]
mod tests;
