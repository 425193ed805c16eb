//! The app: all state of the cockpit, changed only by [`App::update`], which does no I/O and
//! returns effects for the runner. No ratatui, no tokio here.

pub mod all_stages;
pub mod capacity;
pub mod command;
pub mod confirm;
pub mod cursor;
pub mod deploy;
pub mod deploy_helmfile;
mod deploy_route;
pub mod drift;
pub mod effect;
pub mod filter;
pub mod forwards;
pub mod input;
pub mod jenkins;
mod kubectl_route;
pub mod msg;
pub mod nav;
mod not_here;
mod panel_route;
pub mod promotion;
pub mod release_cache;
mod release_wants;
pub mod repo_data;
pub mod repo_route;
mod stage_admin;
pub mod timeline;
mod timeline_route;
mod update;
pub mod view;
pub mod world;

/// The keymap's vocabulary, where the app's older paths name it.
pub use crate::keymap::action;

use jiff::Timestamp;

use crate::keymap::{Key, Keymap};
use effect::Effect;
use input::Input;
use msg::Notice;
use nav::Screen;
use world::World;

/// How the app starts: what the entry point learnt from config and kubeconfig.
#[derive(Debug, Clone)]
pub struct AppInit {
    pub context: String,
    pub contexts: Vec<String>,
    pub teams: Vec<String>,
    /// Namespaces of protected stages, e.g. `payments-prod`.
    pub protected: Vec<String>,
    /// Namespaces of the stages the config names (`payments-dev`, …).
    pub configured: Vec<String>,
    pub readonly: bool,
    pub keymap: Keymap,
    pub log_capacity: usize,
    pub now: Timestamp,
    /// Problems found while loading config, theme and keymap files, shown on start.
    pub warnings: Vec<String>,
    /// `$VISUAL`/`$EDITOR`, if the user has one: files are edited there.
    pub external_editor: Option<String>,
    /// Unsaved editor text earlier sessions left in the recovery journal.
    pub recoveries: Vec<crate::repo::recovery::Recovery>,
    /// Each team's deploy and uninstall jobs (a team not named: the defaults).
    pub deploy_jobs: std::collections::BTreeMap<String, crate::config::DeployJobs>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub world: World,
    /// Never empty: the bottom is home.
    pub stack: Vec<Screen>,
    pub keymap: Keymap,
    pub context: String,
    pub contexts: Vec<String>,
    /// The kubeconfig read (`:ctx` says it, so that kubectl can run alongside).
    pub kubeconfig: Option<String>,
    pub readonly: bool,
    pub now: Timestamp,
    pub input: Option<Input>,
    pub notice: Option<(Notice, Timestamp)>,
    pub pending_keys: Vec<Key>,
    pub width: u16,
    pub height: u16,
    pub log_capacity: usize,
    pub quit: bool,
    /// Asked to suspend (ctrl-z): the runtime hands the terminal back, then redraws.
    pub suspend: bool,
    /// An OSC 52 sequence for the runtime to write to the terminal (a copy the user asked for).
    pub clipboard: Option<String>,
    /// `$VISUAL`/`$EDITOR`, if set.
    pub external_editor: Option<String>,
    /// A file to open in it: the runtime hands over the terminal, then reports back.
    pub external_edit: Option<repo_route::ExternalEdit>,
    /// An `:edit` waiting for its team's clone to open.
    pub pending_edit: Option<repo_route::PendingEdit>,
    /// Namespaces whose Deployments are watched for a followed deploy.
    deploy_watched: std::collections::BTreeSet<String>,
    next_generation: u64,
    dirty: bool,
}

impl App {
    /// A new app and the effects that start its watches.
    pub fn new(init: AppInit) -> (App, Vec<Effect>) {
        let mut app = App {
            world: World::new(init.teams),
            stack: vec![Screen::Stages(Default::default())],
            keymap: init.keymap,
            context: init.context,
            contexts: init.contexts,
            kubeconfig: None,
            readonly: init.readonly,
            now: init.now,
            input: None,
            notice: None,
            pending_keys: Vec::new(),
            width: 80,
            height: 24,
            log_capacity: init.log_capacity.max(100),
            quit: false,
            suspend: false,
            clipboard: None,
            external_editor: init.external_editor,
            external_edit: None,
            pending_edit: None,
            deploy_watched: Default::default(),
            next_generation: 0,
            dirty: true,
        };
        if !init.warnings.is_empty() {
            app.notice = Some((Notice::error(init.warnings.join("; ")), init.now));
        } else if let Some(r) = init.recoveries.last() {
            app.notice = Some((
                Notice::info(format!(
                    "unsaved edits of {} ({}) from an earlier session are kept: :recover opens them",
                    r.file, r.team
                )),
                init.now,
            ));
        }
        app.world.repos.recoveries = init.recoveries;
        app.world.protected = init.protected.into_iter().collect();
        app.world.configured = init.configured;
        app.world.deploy_jobs = init.deploy_jobs;
        (app, vec![Effect::WatchNamespaces])
    }

    pub fn top(&self) -> &Screen {
        self.stack.last().expect("the stack is never empty")
    }

    pub fn top_mut(&mut self) -> &mut Screen {
        self.stack.last_mut().expect("the stack is never empty")
    }

    /// True once since the last call if anything visible may have changed.
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Rows of list content on screen: the height minus breadcrumb, status line and table header.
    pub fn page(&self) -> usize {
        usize::from(self.height.saturating_sub(3)).max(1)
    }
}
