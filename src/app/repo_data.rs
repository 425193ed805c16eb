//! What the app keeps of each team's config repo (fed by `RepoMsg`), and the log of writes the
//! `@` screen shows. Kept outside any screen: a push goes on when the user leaves the screen.

use std::collections::{BTreeMap, VecDeque};

use jiff::Timestamp;

use super::effect::repo::RepoEffect;
use crate::call_log::Call;
use crate::repo::agents::Agents;
use crate::repo::commit_message::{Change, Edit};
use crate::repo::git_log::PathCommit;
use crate::repo::landscape::Landscape;
use crate::repo::recovery::Recovery;
use crate::repo::{CommitRow, FileDiff, RepoMsg, RepoOp, RepoStatus};

/// Writes kept for the `@` screen (the oldest go first).
pub const CALLS_KEPT: usize = 1000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RepoData {
    pub status: Option<RepoStatus>,
    /// The operation in flight and what it is doing ("Pushing…").
    pub busy: Option<(RepoOp, String)>,
    /// The last operation's outcome and when it ended.
    pub last: Option<(RepoOp, Result<String, String>, Timestamp)>,
    /// The working tree against HEAD, as last asked for.
    pub diff: Option<Vec<FileDiff>>,
    /// The Helmfile read for every stage (the values screen).
    pub landscape: Option<Landscape>,
    /// The JCasC pod templates (the agents screen).
    pub agents: Option<Agents>,
    /// Quick edits since the last commit: the commit message is made from them.
    pub edits: Vec<Edit>,
    /// A pushed commit changed the JCasC file and Jenkins has not reloaded since.
    pub jcasc_pushed: Option<String>,
    /// The files of the commit in flight (their journals go when it lands).
    pub committing: Vec<String>,
    /// Per stage: the commits that touched its files, newest first (the timeline).
    pub stage_logs: BTreeMap<String, Result<Vec<PathCommit>, String>>,
    /// Commits shown in full, by the id asked for (the timeline's commit diff; a few kept).
    pub commits: BTreeMap<String, Result<(CommitRow, Vec<FileDiff>), String>>,
}

/// Helmfiles read so far, by any team, in this process: what was worked out from a Helmfile
/// (the matrix's DRIFT cells) holds while this stays the same. Process-wide and only rising,
/// so a `Repos` made afresh (another context) cannot bring an old count back.
static LANDSCAPES_READ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn landscapes_read() -> u64 {
    LANDSCAPES_READ.load(std::sync::atomic::Ordering::Relaxed)
}

/// Commits kept shown in full per team.
const COMMITS_KEPT: usize = 16;

#[derive(Debug, Clone, Default)]
pub struct Repos {
    pub by_team: BTreeMap<String, RepoData>,
    pub calls: VecDeque<Call>,
    /// Unsaved editor text earlier sessions left in the journal (offered at start).
    pub recoveries: Vec<Recovery>,
}

impl Repos {
    pub fn get(&self, team: &str) -> Option<&RepoData> {
        self.by_team.get(team)
    }

    /// A write the cockpit made, from any area.
    pub fn record(&mut self, call: Call) {
        if self.calls.len() == CALLS_KEPT {
            self.calls.pop_front();
        }
        self.calls.push_back(call);
    }

    /// Marks an operation as asked for (before the runner has said anything).
    pub fn started_by(&mut self, e: &RepoEffect) {
        let Some(op) = e.op() else {
            return;
        };
        let d = self.by_team.entry(e.team().to_string()).or_default();
        d.busy = Some((op, format!("{}…", op.verb())));
        if let RepoEffect::Commit { paths, .. } = e {
            d.committing.clone_from(paths);
        }
    }

    /// Applies a message; returns the outcome of a finished operation (for the status line).
    pub fn apply(
        &mut self,
        m: RepoMsg,
        now: Timestamp,
    ) -> Option<(RepoOp, Result<String, String>)> {
        match m {
            RepoMsg::Status { team, status } => {
                self.by_team.entry(team).or_default().status = Some(*status);
                None
            }
            RepoMsg::Diffed { team, files } => {
                self.by_team.entry(team).or_default().diff = Some(files);
                None
            }
            RepoMsg::Progress { team, op, text } => {
                self.by_team.entry(team).or_default().busy = Some((op, text));
                None
            }
            RepoMsg::Finished { team, op, result } => {
                let d = self.by_team.entry(team).or_default();
                d.busy = None;
                if op == RepoOp::Commit && result.is_ok() {
                    d.edits.clear();
                }
                let result = result.map_err(|e| e.to_string());
                d.last = Some((op, result.clone(), now));
                Some((op, result))
            }
            RepoMsg::Called(c) => {
                self.record(c);
                None
            }
            RepoMsg::Landscape { team, landscape } => {
                self.by_team.entry(team).or_default().landscape = Some(*landscape);
                LANDSCAPES_READ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                None
            }
            RepoMsg::Agents { team, agents } => {
                self.by_team.entry(team).or_default().agents = Some(*agents);
                None
            }
            RepoMsg::FileRead { .. } => None,
            RepoMsg::StageLogged {
                team,
                stage,
                result,
            } => {
                let d = self.by_team.entry(team).or_default();
                d.stage_logs.insert(stage, result);
                None
            }
            RepoMsg::CommitShown { team, id, result } => {
                let d = self.by_team.entry(team).or_default();
                if d.commits.len() >= COMMITS_KEPT && !d.commits.contains_key(&id) {
                    d.commits.clear();
                }
                d.commits.insert(id, result);
                None
            }
            RepoMsg::JcascPushed { team, commit } => {
                self.by_team.entry(team).or_default().jcasc_pushed = Some(commit);
                None
            }
            RepoMsg::Edited { team, edit } => {
                let edits = &mut self.by_team.entry(team).or_default().edits;
                // A second edit of the same value keeps the first old value.
                match edits
                    .iter_mut()
                    .find(|e| e.file == edit.file && e.path == edit.path)
                {
                    Some(e) => e.change = merged(&e.change, edit.change),
                    None => edits.push(edit),
                }
                None
            }
        }
    }
}

/// Two edits of one value as one: from the first old value to the last new one.
fn merged(first: &Change, then: Change) -> Change {
    match (first, then) {
        (Change::Set { old, .. }, Change::Set { new, .. }) => Change::Set {
            old: old.clone(),
            new,
        },
        (Change::Added { .. }, Change::Set { new, .. }) => Change::Added { value: Some(new) },
        (_, then) => then,
    }
}

/// What to say for a team the config gives no config repo, and how to give it one.
pub fn no_repo_text(team: &str) -> String {
    format!("{team} has no config repo: add teams[{team}].repo (url, branch) to the config")
}
