//! The screens and the navigation stack. Each screen owns its view state; the top one gets keys
//! and its streams run (entering a screen starts them, leaving stops them).

use jiff::Timestamp;

use super::effect::Effect;
use super::input::InputKind;
use super::release_cache::RevisionKey;
use super::world::World;
use crate::keymap::Action;
use crate::keymap::Section;
use crate::views::build::BuildState;
use crate::views::builds::BuildsState;
use crate::views::console::ConsoleState;
use crate::views::diagnose::DiagnoseState;
use crate::views::help::HelpState;
use crate::views::jobs::JobsState;
use crate::views::logs::LogsState;
use crate::views::pod::PodState;
use crate::views::pods::PodsState;
use crate::views::release::ReleaseState;
use crate::views::releases::ReleasesState;
use crate::views::stages::StagesState;
use crate::views::trigger::TriggerState;

#[derive(Debug, Clone)]
pub enum Screen {
    Stages(StagesState),
    Pods(PodsState),
    Pod(PodState),
    Diagnose(DiagnoseState),
    Logs(LogsState),
    Help(HelpState),
    Jobs(JobsState),
    /// A job's build history.
    Builds(BuildsState),
    Build(BuildState),
    Console(ConsoleState),
    /// The build form.
    Trigger(TriggerState),
    Releases(ReleasesState),
    Release(ReleaseState),
}

/// What a view may read while handling an action.
pub struct ViewCx<'a> {
    pub world: &'a World,
    pub now: Timestamp,
    /// Rows of the body that hold list rows (for paging).
    pub page: usize,
    /// Columns of the body (views that wrap text need it to know their length).
    pub width: u16,
    pub log_capacity: usize,
    /// A fresh generation per started stream, so that late lines of an old stream are dropped.
    pub next_generation: &'a mut u64,
}

impl ViewCx<'_> {
    pub fn generation(&mut self) -> u64 {
        *self.next_generation += 1;
        *self.next_generation
    }
}

/// What a view did with an action.
#[derive(Debug)]
pub enum Flow {
    /// Not the view's action: the app may handle it.
    Ignored,
    Done(Vec<Effect>),
    Push(Screen),
    /// Replace the view on top (e.g. the same pod's other container's log).
    Replace(Screen),
    /// Open the input bar with this text.
    Input(InputKind, String),
}

impl Screen {
    pub fn sections(&self) -> &'static [Section] {
        match self {
            Screen::Logs(_) => &[Section::Logs, Section::Global],
            Screen::Help(_) => &[Section::Global],
            // A form or an open dialog: h/l/j/k move, enter presses, esc cancels.
            Screen::Trigger(_) => &[Section::Jenkins, Section::Global],
            s if s.has_dialog() => &[Section::Jenkins, Section::Global],
            Screen::Console(_) => &[Section::Jenkins, Section::Logs, Section::Global],
            Screen::Jobs(_) | Screen::Builds(_) | Screen::Build(_) => {
                &[Section::Jenkins, Section::Table, Section::Global]
            }
            Screen::Release(_) => &[Section::Release, Section::Global],
            _ => &[Section::Table, Section::Global],
        }
    }

    /// Breadcrumb text.
    pub fn title(&self) -> String {
        match self {
            Screen::Stages(_) => "stages".into(),
            Screen::Pods(s) => format!("pods {}", s.scope.label),
            Screen::Pod(s) => format!("pod {}", s.name),
            Screen::Diagnose(s) => format!("diagnose {}", s.scope.label),
            Screen::Logs(s) => s.title(),
            Screen::Help(_) => "help".into(),
            Screen::Jobs(s) => format!("jobs {}", s.team),
            Screen::Builds(s) => format!("builds {}", s.job),
            Screen::Build(s) => s.title(),
            Screen::Console(s) => s.title(),
            Screen::Trigger(s) => format!("build {}", s.job),
            Screen::Releases(s) => format!("releases {}", s.scope.label),
            Screen::Release(s) => format!("release {}", s.name),
        }
    }

    /// Actions worth a hint in the status line, most useful first.
    pub fn hint_actions(&self) -> Vec<Action> {
        use Action::*;
        match self {
            Screen::Stages(_) => vec![Drill, GoDiagnose, GoReleases],
            Screen::Pods(_) => vec![Drill, Logs, PreviousLogs, AllStages],
            Screen::Pod(_) => vec![Logs, PreviousLogs, Events],
            Screen::Diagnose(_) => vec![Drill, Logs, PreviousLogs, Describe],
            Screen::Logs(_) => vec![
                ToggleFollow,
                TogglePrevious,
                ChooseContainer,
                ToggleWrap,
                NextMatch,
                SaveLog,
            ],
            Screen::Help(_) => vec![],
            Screen::Jobs(_) => vec![Drill, Console, TriggerBuild, StopBuild, ReloadJenkins],
            Screen::Builds(_) => vec![Drill, Console, TriggerBuild, StopBuild],
            Screen::Build(_) => vec![Console, StopBuild],
            Screen::Console(_) => vec![ToggleFollow, ToggleWrap, NextMatch, SaveLog, StopBuild],
            Screen::Trigger(_) => vec![Drill, TriggerBuild],
            Screen::Releases(_) => vec![Drill, AllStages],
            Screen::Release(s) => s.hint_actions(),
        }
    }

    pub fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        match self {
            Screen::Stages(s) => s.on_action(a, cx),
            Screen::Pods(s) => s.on_action(a, cx),
            Screen::Pod(s) => s.on_action(a, cx),
            Screen::Diagnose(s) => s.on_action(a, cx),
            Screen::Logs(s) => s.on_action(a, cx),
            Screen::Help(s) => s.on_action(a, cx),
            Screen::Jobs(s) => s.on_action(a, cx),
            Screen::Builds(s) => s.on_action(a, cx),
            Screen::Build(s) => s.on_action(a, cx),
            Screen::Console(s) => s.on_action(a, cx),
            Screen::Trigger(s) => s.on_action(a, cx),
            Screen::Releases(s) => s.on_action(a, cx),
            Screen::Release(s) => s.on_action(a, cx),
        }
    }

    /// Effects that start the screen's own streams.
    pub fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        match self {
            Screen::Pod(s) => s.on_enter(),
            Screen::Logs(s) => s.on_enter(cx),
            Screen::Jobs(s) => s.on_enter(cx),
            Screen::Builds(s) => s.on_enter(cx),
            Screen::Build(s) => s.on_enter(cx),
            Screen::Console(s) => s.on_enter(cx),
            Screen::Trigger(s) => s.on_enter(cx),
            _ => Vec::new(),
        }
    }

    pub fn on_leave(&mut self) -> Vec<Effect> {
        match self {
            Screen::Pod(_) => vec![Effect::StopPodDetail],
            Screen::Logs(_) => vec![Effect::StopLog],
            Screen::Jobs(s) => s.on_leave(),
            Screen::Builds(s) => s.on_leave(),
            Screen::Build(s) => s.on_leave(),
            Screen::Console(s) => s.on_leave(),
            Screen::Trigger(s) => s.on_leave(),
            _ => Vec::new(),
        }
    }

    /// The `/` text for views that filter (logs search instead).
    pub fn set_filter(&mut self, text: &str, cx: &ViewCx) {
        match self {
            Screen::Stages(s) => s.set_filter(text),
            Screen::Pods(s) => s.set_filter(text, cx),
            Screen::Diagnose(s) => s.set_filter(text),
            Screen::Logs(s) => s.set_search(text),
            Screen::Jobs(s) => s.set_filter(text),
            Screen::Builds(s) => s.set_filter(text),
            Screen::Console(s) => s.set_search(text),
            Screen::Build(_) | Screen::Trigger(_) => {}
            Screen::Releases(s) => s.set_filter(text),
            Screen::Pod(_) | Screen::Help(_) | Screen::Release(_) => {}
        }
    }

    pub fn filter_text(&self) -> String {
        match self {
            Screen::Stages(s) => s.filter_text(),
            Screen::Pods(s) => s.filter_text(),
            Screen::Diagnose(s) => s.filter_text(),
            Screen::Logs(s) => s.search_text(),
            Screen::Jobs(s) => s.filter_text(),
            Screen::Builds(s) => s.filter_text(),
            Screen::Console(s) => s.search_text(),
            Screen::Build(_) | Screen::Trigger(_) => String::new(),
            Screen::Releases(s) => s.filter_text(),
            Screen::Pod(_) | Screen::Help(_) | Screen::Release(_) => String::new(),
        }
    }

    /// Helm release revisions the screen shows now (decoded on demand); `page` as in `ViewCx`.
    pub fn wanted_releases(&self, world: &World, page: usize) -> Vec<RevisionKey> {
        match self {
            Screen::Releases(s) => s.wanted(world, page),
            Screen::Release(s) => s.wanted(world, page),
            _ => Vec::new(),
        }
    }

    pub fn input_kind_for_filter(&self) -> InputKind {
        match self {
            Screen::Logs(_) | Screen::Console(_) => InputKind::Search,
            _ => InputKind::Filter,
        }
    }
}
