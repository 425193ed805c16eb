//! A key that does nothing where it is pressed says so: a silent key reads as a broken one.

use super::effect::Effect;
use super::msg::Notice;
use super::App;
use crate::keymap::Action;

/// Moving at the edge of a list or text does nothing and needs no words.
fn is_motion(a: Action) -> bool {
    use Action::*;
    matches!(
        a,
        Up | Down | Left | Right | PageUp | PageDown | Top | Bottom
    )
}

impl App {
    /// A key no section of the screen binds (a typo, a key from another tool).
    pub(super) fn not_a_key(&mut self, key: crate::keymap::Key) {
        let text = format!("{key} is not a key on this screen; ? lists its keys");
        self.notice = Some((Notice::info(text), self.now));
    }

    /// The screen ignored `a` and so does the app: the status line says which key did nothing.
    pub(super) fn not_here(&mut self, a: Action) -> Vec<Effect> {
        if is_motion(a) {
            return Vec::new();
        }
        let sections = self.top().sections();
        let key = self
            .keymap
            .hint_in(a, sections)
            .or_else(|| self.keymap.hint(a))
            .unwrap_or_default();
        let label = self.keymap.hint_label(a);
        let text = if a == Action::FocusNext {
            format!("{key} moves between the buttons of a dialog; none is open")
        } else {
            format!("{key} ({label}) does nothing here; ? lists this screen's keys")
        };
        self.notice = Some((Notice::info(text), self.now));
        Vec::new()
    }
}
