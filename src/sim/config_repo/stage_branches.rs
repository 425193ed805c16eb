//! One team keeps a branch per stage, the other model of promotion: `develop` where work lands,
//! `dev-stage` and `qa-stage` in its config repo, and production in a bare repository of its
//! own (`<team>-prod-config.git`) that is synced by merge. All start at `main`'s head, so the
//! team's `main` — what its Jenkins deploys by default and what the seeded history replayed —
//! is left as it was; then a few commits wait between the stages, and production carries a
//! hotfix of its own, so promoting qa into it makes a merge commit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{Repository, Signature, Time};
use jiff::{SignedDuration, Timestamp};

use super::{commit_files, repo_path, ConfigRepoError, BRANCH};
use crate::sim::jenkins::catalog::PEOPLE;
use crate::sim::world::catalog::Team;

/// Where work lands first.
pub const SOURCE_BRANCH: &str = "develop";
/// `(stage, its branch)` in promotion order; production's is `main` of its own repository.
pub const STAGE_BRANCHES: [(&str, &str); 2] = [("dev", "dev-stage"), ("qa", "qa-stage")];
pub const PROD_STAGE: &str = "prod";
pub const PROD_BRANCH: &str = "main";

/// The production repository of `team` under `repos_dir`.
pub fn prod_repo_path(repos_dir: &Path, team: &str) -> PathBuf {
    repos_dir.join(format!("{team}-prod-config.git"))
}

/// One commit waiting somewhere: on `branch` (of the prod repo when `prod`), `file`'s line
/// starting with `key` set to `value`.
struct Pending {
    prod: bool,
    branch: &'static str,
    file: String,
    key: &'static str,
    value: &'static str,
    subject: String,
    hours_ago: i64,
    who: usize,
}

fn set_line(text: &str, key: &str, value: &str) -> String {
    let mut out = String::new();
    let mut done = false;
    for l in text.lines() {
        let indent = &l[..l.len() - l.trim_start().len()];
        if !done && l.trim_start().starts_with(key) {
            out.push_str(&format!("{indent}{key} {value}\n"));
            done = true;
        } else {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

fn file_at(repo: &Repository, branch: &str, path: &str) -> Result<String, ConfigRepoError> {
    let tree = repo
        .find_reference(&format!("refs/heads/{branch}"))?
        .peel_to_commit()?
        .tree()?;
    let blob = tree
        .get_path(Path::new(path))?
        .to_object(repo)?
        .peel_to_blob()?;
    Ok(String::from_utf8_lossy(blob.content()).into_owned())
}

/// Adds the stage branches to `team`'s repo and makes its production repository; returns the
/// production repository's path.
pub fn add_stage_branches(
    repos_dir: &Path,
    team: &Team,
    start: Timestamp,
) -> Result<PathBuf, ConfigRepoError> {
    let origin_path = repo_path(repos_dir, &team.name);
    let origin = Repository::open_bare(&origin_path)?;
    let head = origin
        .find_reference(&format!("refs/heads/{BRANCH}"))?
        .peel_to_commit()?;
    for b in [SOURCE_BRANCH, STAGE_BRANCHES[0].1, STAGE_BRANCHES[1].1] {
        origin.branch(b, &head, true)?;
    }
    let prod_path = prod_repo_path(repos_dir, &team.name);
    if prod_path.exists() {
        std::fs::remove_dir_all(&prod_path).map_err(|source| ConfigRepoError::Io {
            dir: prod_path.clone(),
            source,
        })?;
    }
    let prod = Repository::init_bare(&prod_path)?;
    prod.set_head(&format!("refs/heads/{PROD_BRANCH}"))?;
    prod.remote_anonymous(&origin_path.display().to_string())?
        .fetch(
            &[format!("+refs/heads/{BRANCH}:refs/heads/{PROD_BRANCH}")],
            None,
            None,
        )?;
    let app = |i: usize| team.apps[i % team.apps.len()].short;
    let values = |stage: &str, i: usize| format!("values/{stage}/{}.yaml", app(i));
    let t = &team.name;
    // Oldest first: qa-stage's commit is older than dev-stage's, which are older than develop's.
    let pending = [
        Pending {
            prod: true,
            branch: PROD_BRANCH,
            file: values("prod", 0),
            key: "LOG_LEVEL:",
            value: "warn",
            subject: format!("prod: {t}-{} LOG_LEVEL warn (hotfix: log volume)", app(0)),
            hours_ago: 30,
            who: 3,
        },
        Pending {
            prod: false,
            branch: "qa-stage",
            file: values("prod", 3),
            key: "replicaCount:",
            value: "6",
            subject: format!("prod: {t}-{} replicaCount 6 for month-end", app(3)),
            hours_ago: 26,
            who: 0,
        },
        Pending {
            prod: false,
            branch: "dev-stage",
            file: values("qa", 2),
            key: "replicaCount:",
            value: "3",
            subject: format!("qa: {t}-{} replicaCount 3 for the load test", app(2)),
            hours_ago: 20,
            who: 1,
        },
        Pending {
            prod: false,
            branch: "dev-stage",
            file: values("qa", 5),
            key: "LOG_LEVEL:",
            value: "info",
            subject: format!("qa: {t}-{} LOG_LEVEL info", app(5)),
            hours_ago: 18,
            who: 2,
        },
        Pending {
            prod: false,
            branch: SOURCE_BRANCH,
            file: values("dev", 1),
            key: "LOG_LEVEL:",
            value: "trace",
            subject: format!(
                "dev: {t}-{} LOG_LEVEL trace while the ranking is tuned",
                app(1)
            ),
            hours_ago: 5,
            who: 0,
        },
        Pending {
            prod: false,
            branch: SOURCE_BRANCH,
            file: values("dev", 6),
            key: "replicaCount:",
            value: "1",
            subject: format!("dev: {t}-{} replicaCount 1 (one node less)", app(6)),
            hours_ago: 2,
            who: 2,
        },
    ];
    for p in pending {
        let repo = if p.prod { &prod } else { &origin };
        let before = file_at(repo, p.branch, &p.file)?;
        let text = set_line(&before, p.key, p.value);
        debug_assert_ne!(before, text, "{} changes nothing", p.subject);
        let (id, name) = PEOPLE[p.who % PEOPLE.len()];
        let when = start - SignedDuration::from_hours(p.hours_ago);
        let sig = Signature::new(
            name,
            &format!("{id}@example.com"),
            &Time::new(when.as_second(), 0),
        )?;
        commit_files(
            repo,
            p.branch,
            &BTreeMap::from([(p.file, text)]),
            &sig,
            &p.subject,
        )?;
        // Each stage branch has what the one before it had when it was promoted: dev-stage
        // starts from qa-stage's commit, develop from dev-stage's.
        if p.branch == "qa-stage" {
            let c = origin
                .find_reference("refs/heads/qa-stage")?
                .peel_to_commit()?;
            origin.branch("dev-stage", &c, true)?;
            origin.branch(SOURCE_BRANCH, &c, true)?;
        }
        if p.branch == "dev-stage" {
            let c = origin
                .find_reference("refs/heads/dev-stage")?
                .peel_to_commit()?;
            origin.branch(SOURCE_BRANCH, &c, true)?;
        }
    }
    Ok(prod_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_set_keeping_its_indent() {
        assert_eq!(
            set_line(
                "env:\n  STAGE: qa\n  LOG_LEVEL: debug\n",
                "LOG_LEVEL:",
                "info"
            ),
            "env:\n  STAGE: qa\n  LOG_LEVEL: info\n"
        );
    }
}
