//! One folder per screen: `state.rs` belongs to the app (no ratatui, no I/O), `draw.rs` to the
//! UI (reads state, never writes it), `tests.rs` drives both.
//!
//! The one list of screens is the `screens!` call below: a line there declares the folder's
//! module, the `Screen` variant, the app's view of it (`app::view::View`, which the state
//! implements) and the call of its `draw::draw`. Nothing else matches over every screen.

use ratatui::layout::Rect;
use ratatui::Frame;

use crate::app::view::View;
use crate::app::App;
use crate::theme::Theme;

pub mod jenkins_writes;
pub mod pod_ops;

macro_rules! screens {
    ($($(#[$doc:meta])* $variant:ident($module:ident::$state:ident),)*) => {
        $(pub mod $module;)*

        /// A screen on the navigation stack, owning its view state.
        #[derive(Debug, Clone)]
        pub enum Screen {
            $($(#[$doc])* $variant($module::$state),)*
        }

        impl Screen {
            pub fn view(&self) -> &(dyn View + 'static) {
                match self {
                    $(Screen::$variant(s) => s,)*
                }
            }

            pub fn view_mut(&mut self) -> &mut (dyn View + 'static) {
                match self {
                    $(Screen::$variant(s) => s,)*
                }
            }
        }

        $(impl From<$module::$state> for Screen {
            fn from(s: $module::$state) -> Screen {
                Screen::$variant(s)
            }
        })*

        /// Draws the screen's body (the chrome around it is `ui`'s).
        pub fn draw_screen(screen: &Screen, app: &App, theme: &Theme, f: &mut Frame, area: Rect) {
            match screen {
                $(Screen::$variant(s) => $module::draw::draw(s, app, theme, f, area),)*
            }
        }
    };
}

screens! {
    Stages(stages::StagesState),
    Pods(pods::PodsState),
    Pod(pod::PodState),
    Diagnose(diagnose::DiagnoseState),
    Logs(logs::LogsState),
    Help(help::HelpState),
    Jobs(jobs::JobsState),
    /// A job's build history.
    Builds(builds::BuildsState),
    Build(build::BuildState),
    Console(console::ConsoleState),
    /// The build form.
    Trigger(trigger::TriggerState),
    Releases(releases::ReleasesState),
    Release(release::ReleaseState),
    /// A team's config repo.
    Repo(repo::RepoState),
    /// The working tree against HEAD.
    Diff(diff::DiffState),
    /// The commit form.
    Commit(commit::CommitState),
    /// The Helmfile's values per stage (`v`).
    Values(values::ValuesState),
    /// Every write the cockpit made (`@`).
    Calls(calls::CallsState),
    /// The built-in editor.
    Editor(editor::EditorState),
    /// The JCasC pod templates.
    Agents(agents::AgentsState),
    /// A deploy or uninstall of a stage, followed to its end.
    Deploy(deploy::DeployState),
    /// A stage's releases against its config repo's Helmfile (`w`).
    Drift(drift::DriftState),
    /// What changed a stage, newest first (`t`).
    Timeline(timeline::TimelineState),
    /// A branch per stage: the commits pending per stage, promote (`M`).
    Promotion(promotion::PromotionState),
    /// Deleting an ad-hoc stage: typed confirmation.
    StageDelete(stage_delete::StageDeleteState),
    /// A list of another kind (`:deployments`, `:svc`, `:kjobs`, …).
    Resources(resources::ResourcesState),
    /// One object's YAML (`y`) or describe (`d`).
    Object(object::ObjectState),
    /// Requested against allocatable, per node and stage (`:headroom`).
    Headroom(headroom::HeadroomState),
    /// What each stage reserves and costs; idle stages (`:cost`).
    Cost(cost::CostState),
    /// A stage's Ingress routes and Services' in-cluster names (`:entry`).
    Entry(entry::EntryState),
    /// A stage's PersistentVolumeClaims and the pods that mount them (`:storage`).
    Storage(storage::StorageState),
    /// What the user and the team's Jenkins may do in each namespace (`:access`).
    Access(access::AccessState),
    /// Asking before a pod delete, a restart or a scale.
    WriteConfirm(write_confirm::WriteConfirmState),
    /// Picking a pod's port to forward (`shift-f`).
    PortPick(port_pick::PortPickState),
    /// The running port-forwards (`:pf`).
    Forwards(forwards::ForwardsState),
}

/// The app reaches a screen's behaviour through its view: `screen.title()`, `screen.on_leave()`.
impl std::ops::Deref for Screen {
    type Target = dyn View;

    fn deref(&self) -> &(dyn View + 'static) {
        self.view()
    }
}

impl std::ops::DerefMut for Screen {
    fn deref_mut(&mut self) -> &mut (dyn View + 'static) {
        self.view_mut()
    }
}
