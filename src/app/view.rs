//! What every screen is to the app: one trait, with defaults for what most screens do not need.
//! `views/mod.rs` lists the screens once (the `screens!` registration); the app reaches a screen
//! only through this trait, so a new screen never needs a new arm in a `match` here.
//!
//! `on_enter` and `on_leave` have no default on purpose: a screen that starts a stream or a poll
//! must say how it stops, and one that starts none says so in two lines.

use jiff::Timestamp;

use super::effect::Effect;
use super::filter::ListFilter;
use super::input::InputKind;
use super::release_cache::RevisionKey;
use super::world::World;
use crate::jenkins::msg::JenkinsMsg;
use crate::keymap::{Action, Section};

/// What a view may read while handling an action.
pub struct ViewCx<'a> {
    pub world: &'a World,
    pub now: Timestamp,
    /// Rows of the body that hold list rows (for paging).
    pub page: usize,
    /// Columns of the body (views that wrap text need it to know their length).
    pub width: u16,
    pub log_capacity: usize,
    /// `--readonly`: a write is refused at the key, before any form or dialog opens.
    pub readonly: bool,
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
    Push(crate::views::Screen),
    /// Replace the view on top (e.g. the same pod's other container's log).
    Replace(crate::views::Screen),
    /// Run these effects and leave the view (a dialog that was answered).
    Leave(Vec<Effect>),
    /// Run these effects, then push the screen (a promotion's edits, then their diff).
    DoThenPush(Vec<Effect>, Box<crate::views::Screen>),
    /// Open the input bar with this text.
    Input(InputKind, String),
    /// Nothing to do but say something on the status line (a refusal, a hint).
    Say(super::msg::Notice),
    /// Put `text` on the terminal's clipboard (OSC 52); `what` names it for the status line.
    Copy {
        text: String,
        what: String,
    },
    /// Edit a file of a team's config repo: in `$VISUAL`/`$EDITOR`, else the built-in editor.
    Edit {
        team: String,
        file: String,
    },
}

/// The keymap sections of a list screen: its table keys, then the global ones.
pub const TABLE_SECTIONS: &[Section] = &[Section::Table, Section::Global];

/// A form or an open dialog: h/l/j/k move, enter presses, esc cancels.
pub const DIALOG_SECTIONS: &[Section] = &[Section::Jenkins, Section::Global];

pub trait View {
    /// Breadcrumb text.
    fn title(&self) -> String;

    /// Keymap sections searched for the screen's keys, in order.
    fn sections(&self) -> &'static [Section] {
        TABLE_SECTIONS
    }

    /// Actions worth a hint in the status line, most useful first.
    fn hint_actions(&self) -> Vec<Action>;

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow;

    /// Effects that start the screen's own streams (when it is entered or comes back on top).
    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect>;

    /// Effects that stop them (when another screen covers it or it is left).
    fn on_leave(&mut self) -> Vec<Effect>;

    /// The team whose stages `0`–`9` switch between on this screen (a scoped list).
    fn stage_scope(&self) -> Option<&crate::views::pods::PodScope> {
        None
    }

    /// The `/` filter of a screen that filters its rows.
    fn list_filter(&self) -> Option<&ListFilter> {
        None
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        None
    }

    /// What `/` edits: a filter of rows, or a search in text (logs, consoles).
    fn input_kind_for_filter(&self) -> InputKind {
        InputKind::Filter
    }

    /// The `/` text as typed (applied while it is typed).
    fn set_filter(&mut self, text: &str, _cx: &ViewCx) {
        if let Some(f) = self.list_filter_mut() {
            f.set(text);
        }
    }

    /// The text to reopen the `/` bar with.
    fn filter_text(&self) -> String {
        self.list_filter().map(ListFilter::text).unwrap_or_default()
    }

    /// What the user typed into the input bar the view opened (`Flow::Input`): a form field's
    /// value, a protected stage's name to confirm. The filter, search and command bars are the
    /// app's.
    fn on_input(&mut self, _kind: InputKind, _text: &str, _cx: &mut ViewCx) -> Flow {
        Flow::Done(Vec::new())
    }

    /// A text editor: keys its keymap sections do not bind go to `on_key` as typed text.
    fn raw_keys(&self) -> bool {
        false
    }

    fn on_key(&mut self, _key: crate::keymap::Key, _cx: &mut ViewCx) -> Flow {
        Flow::Ignored
    }

    /// The app is leaving (quit, a signal): what must be kept now (an editor's journal).
    fn on_quit(&self) -> Vec<Effect> {
        Vec::new()
    }

    /// A config-repo answer, for the screen that asked; true if it changed what is shown.
    fn on_repo(&mut self, _m: &crate::repo::RepoMsg) -> bool {
        false
    }

    /// A confirmation dialog is open over the view (it takes the keys).
    fn has_dialog(&self) -> bool {
        false
    }

    /// A dialog screen drawn over the one below, which stays entered (its watches go on)
    /// while the dialog is open.
    fn is_overlay(&self) -> bool {
        false
    }

    /// A Jenkins answer, for the screen that asked; true if it changed what is shown.
    fn on_jenkins(&mut self, _m: &JenkinsMsg, _now: Timestamp) -> bool {
        false
    }

    /// Polls that follow what the world holds (the agents screen asks Jenkins about the labels
    /// of the templates it shows, which arrive after it is entered and change with the file).
    /// Asked after every message while the screen is on top; effects only when what should be
    /// polled changed.
    fn world_polls(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    /// Helm release revisions the screen shows now (decoded on demand).
    fn wanted_releases(&self, _world: &World, _page: usize) -> Vec<RevisionKey> {
        Vec::new()
    }
}
