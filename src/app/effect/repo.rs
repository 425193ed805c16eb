//! Config-repo effects: what the app asks the runner to do with a team's working clone.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoEffect {
    /// Clone if needed, fetch, report the status.
    Open {
        team: String,
    },
    Fetch {
        team: String,
    },
    /// Fetch, then rebase the local commits onto origin (never a merge, never a reset).
    Pull {
        team: String,
    },
    /// Report the status again (a file was saved by another program, the screen came back).
    Refresh {
        team: String,
    },
    /// The working tree against HEAD.
    Diff {
        team: String,
    },
    /// Write a file of the working tree.
    Save {
        team: String,
        path: String,
        text: String,
    },
    Commit {
        team: String,
        paths: Vec<String>,
        message: String,
        /// The stage name the user typed to commit a protected stage's values.
        confirmed: Option<String>,
    },
    Push {
        team: String,
    },
    /// Read the Helmfile for every stage (the values screen).
    LoadLandscape {
        team: String,
    },
    /// Read the JCasC file's pod templates (the agents screen).
    LoadAgents {
        team: String,
    },
    /// Change one value of one file in place (a quick edit).
    Edit {
        team: String,
        edit: crate::repo::edit::EditRequest,
    },
    /// Read a file of the working tree (the editor).
    ReadFile {
        team: String,
        path: String,
    },
    /// Add an environment for a new ad-hoc stage to the Helmfile (not committed).
    AddEnvironment {
        team: String,
        stage: String,
    },
}

impl RepoEffect {
    pub fn team(&self) -> &str {
        match self {
            RepoEffect::Open { team }
            | RepoEffect::Fetch { team }
            | RepoEffect::Pull { team }
            | RepoEffect::Refresh { team }
            | RepoEffect::Diff { team }
            | RepoEffect::Save { team, .. }
            | RepoEffect::Commit { team, .. }
            | RepoEffect::Push { team }
            | RepoEffect::LoadLandscape { team }
            | RepoEffect::LoadAgents { team }
            | RepoEffect::Edit { team, .. }
            | RepoEffect::ReadFile { team, .. }
            | RepoEffect::AddEnvironment { team, .. } => team,
        }
    }

    /// The operation an effect is, as progress and outcomes name it; `None` for the quiet reads
    /// a screen makes for itself (status, diff, the Helmfile, the JCasC, a file), which show no
    /// progress.
    pub fn op(&self) -> Option<crate::repo::RepoOp> {
        use crate::repo::RepoOp;
        Some(match self {
            RepoEffect::Open { .. } => RepoOp::Open,
            RepoEffect::Fetch { .. } | RepoEffect::Pull { .. } => RepoOp::Fetch,
            RepoEffect::Save { .. }
            | RepoEffect::Edit { .. }
            | RepoEffect::AddEnvironment { .. } => RepoOp::Save,
            RepoEffect::Commit { .. } => RepoOp::Commit,
            RepoEffect::Push { .. } => RepoOp::Push,
            RepoEffect::Refresh { .. }
            | RepoEffect::Diff { .. }
            | RepoEffect::LoadLandscape { .. }
            | RepoEffect::LoadAgents { .. }
            | RepoEffect::ReadFile { .. } => return None,
        })
    }

    /// Effects that change the working clone (clone, fetch and the writes): the runner runs one
    /// at a time per team, and no read alongside one.
    pub fn changes_clone(&self) -> bool {
        self.is_write() || matches!(self, RepoEffect::Open { .. } | RepoEffect::Fetch { .. })
    }

    /// Effects that change the clone or the remote: refused by the runner when read-only.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            RepoEffect::Pull { .. }
                | RepoEffect::Save { .. }
                | RepoEffect::Commit { .. }
                | RepoEffect::Push { .. }
                | RepoEffect::Edit { .. }
                | RepoEffect::AddEnvironment { .. }
        )
    }
}
