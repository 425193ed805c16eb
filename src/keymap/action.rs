//! What a user can ask for: the vocabulary of the keymap (`snake_case` in keymaps/*.yaml), the
//! command bar and the help screen. No plumbing lives here.

use serde::Deserialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    /// Back to the shell (ctrl-z); `fg` returns.
    Suspend,
    /// `esc`: clears an applied filter first, then goes back; never quits.
    Back,
    /// `q`: back, and from home, quit.
    BackOrQuit,
    Help,
    CommandBar,
    Filter,
    /// `tab`: in a dialog, the other button.
    FocusNext,
    /// `ctrl-r`: the screen's data asked for again now (its watches and polls restarted,
    /// failed release fetches retried at once).
    Refresh,
    GoStages,
    GoDiagnose,
    GoPods,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Drill,
    SortNextColumn,
    SortPrevColumn,
    SortFlip,
    SortName,
    SortStatus,
    SortRestarts,
    SortAge,
    AllStages,
    Stage1,
    Stage2,
    Stage3,
    Stage4,
    Stage5,
    Stage6,
    Stage7,
    Stage8,
    Stage9,
    Describe,
    Logs,
    PreviousLogs,
    Events,
    /// A team's Jenkins jobs (the selected stage's team).
    GoJobs,
    /// A build's console (a job's: its last build).
    Console,
    /// The build form of the selected job.
    TriggerBuild,
    /// Abort the selected running build (asks first).
    StopBuild,
    /// "Update configuration": the JCasC reload of the team's Jenkins (asks first).
    ReloadJenkins,
    ToggleFollow,
    ToggleWrap,
    ToggleTimestamps,
    TogglePrevious,
    ToggleMatchesOnly,
    NextMatch,
    PrevMatch,
    ChooseContainer,
    SaveLog,
    /// Helm releases of the selected stage (or of the list's scope).
    GoReleases,
    NextTab,
    PrevTab,
    TabStatus,
    TabHistory,
    TabValues,
    TabComputed,
    TabManifest,
    TabHooks,
    TabDiff,
    TabPods,
    DiffBaseOlder,
    DiffBaseNewer,
    DiffTargetOlder,
    DiffTargetNewer,
    /// The diff compares values, then manifests.
    DiffToggleSubject,
    /// The team's config repo (`:repo`).
    GoRepo,
    /// Every write the cockpit made, with its command line (`:calls`).
    GoCalls,
    RepoFetch,
    /// Fetch, then rebase local commits onto origin.
    RepoPull,
    RepoDiff,
    RepoCommit,
    RepoPush,
    /// Include the selected file in the commit, or leave it out.
    ToggleSelect,
    /// Next file (diff).
    NextFile,
    PrevFile,
    /// The Helmfile's values per stage (`:values`).
    GoValues,
    /// The JCasC pod templates (`:agents`).
    GoAgents,
    /// A stage's drift from its config repo (`:drift`).
    GoDrift,
    /// A stage's timeline: what changed it, newest first (`:timeline`).
    GoTimeline,
    /// Promotion: open the team's (`:promote`); on its screen, promote the selected stage; side
    /// by side, copy the marked values to the next stage.
    Promote,
    /// Type a new value for the selected one: only that line of that file changes.
    EditValue,
    /// The selected file in the editor (`$VISUAL`/`$EDITOR`, else the built-in one).
    EditFile,
    /// Commit form: commit although validation found errors (asked for, and shown).
    OverrideErrors,
    /// Editor: write the file into the working tree.
    EditorSave,
    /// Open the unsaved edits a previous session left (`:recover`).
    Recover,
    /// Deploy the selected stage (or the one in view) with the team's deploy job.
    Deploy,
    /// Uninstall the selected stage (or the one in view) with the team's uninstall job.
    Uninstall,
    /// The deploy screen: cancel the running helmfile run (SIGINT, then SIGTERM).
    CancelDeploy,
    /// Delete the selected ad-hoc stage's namespace (typed confirmation).
    DeleteStage,
    /// The selected object's YAML (`kubectl get -o yaml`).
    Yaml,
    /// YAML: show or hide `metadata.managedFields`.
    ToggleManagedFields,
    /// A Secret's YAML or describe: show its values in clear, or hide them again.
    RevealSecret,
    /// Copy to the terminal's clipboard (OSC 52): the selected name (a Service: its DNS name),
    /// or the YAML/describe text shown.
    Copy,
    /// A shell in the selected pod's container (`kubectl exec -it`; the screen comes back after).
    Shell,
    /// Forward a local port to one of the selected pod's ports (`kubectl port-forward`).
    PortForward,
    /// Delete the selected pod (asks first; Cancel has the focus).
    Delete,
    /// `kubectl rollout restart` of the selected Deployment or StatefulSet (asks first).
    Restart,
    /// Scale the selected Deployment or StatefulSet (type the replicas, then confirm).
    Scale,
    /// `:pf`: stop the selected port-forward.
    StopForward,
}

impl Action {
    /// What a Jenkins write does, in words, for the actions that make one: `--readonly`
    /// refuses them at the key, before any form or dialog opens.
    pub fn jenkins_write(self) -> Option<&'static str> {
        match self {
            Action::TriggerBuild => Some("starting a build"),
            Action::StopBuild => Some("stopping a build"),
            Action::ReloadJenkins => Some("Update configuration"),
            _ => None,
        }
    }

    /// What a cluster write does, in words, for the actions that make one (a shell can change
    /// anything in its container): `--readonly` refuses them at the key too.
    pub fn cluster_write(self) -> Option<&'static str> {
        match self {
            Action::Shell => Some("a shell in a container (kubectl exec)"),
            Action::Delete => Some("deleting a pod"),
            Action::Restart => Some("restarting a workload"),
            Action::Scale => Some("scaling a workload"),
            _ => None,
        }
    }

    /// `Stage1`…`Stage9` as a number.
    pub fn stage_number(self) -> Option<usize> {
        use Action::*;
        Some(match self {
            Stage1 => 1,
            Stage2 => 2,
            Stage3 => 3,
            Stage4 => 4,
            Stage5 => 5,
            Stage6 => 6,
            Stage7 => 7,
            Stage8 => 8,
            Stage9 => 9,
            _ => return None,
        })
    }
}
