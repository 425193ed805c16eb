//! A confirmation dialog's state: what it asks, which button has the focus (Cancel, when it
//! opens: enter alone never does the destructive thing), and what to do when confirmed.

use crate::keymap::Action;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm<T> {
    pub title: String,
    pub lines: Vec<String>,
    /// The confirming button's label ("Stop build").
    pub confirm_label: String,
    /// False: Cancel has the focus.
    pub on_confirm: bool,
    pub then: T,
}

/// What an action did to the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer<T> {
    Open,
    Cancelled,
    Confirmed(T),
}

impl<T: Clone> Confirm<T> {
    pub fn new(title: impl Into<String>, lines: Vec<String>, confirm_label: &str, then: T) -> Self {
        Confirm {
            title: title.into(),
            lines,
            confirm_label: confirm_label.to_string(),
            on_confirm: false,
            then,
        }
    }

    /// Left/right/tab move the focus, enter presses the focused button, esc cancels; any other
    /// key leaves the dialog as it is (it is modal).
    pub fn on_action(&mut self, a: Action) -> Answer<T> {
        match a {
            Action::Left
            | Action::Right
            | Action::Up
            | Action::Down
            | Action::FocusNext
            | Action::NextTab
            | Action::PrevTab => {
                self.on_confirm = !self.on_confirm;
                Answer::Open
            }
            Action::Drill if self.on_confirm => Answer::Confirmed(self.then.clone()),
            Action::Drill | Action::Back => Answer::Cancelled,
            _ => Answer::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_on_cancel() {
        let mut c = Confirm::new("Stop?", vec![], "Stop build", 7);
        assert_eq!(c.on_action(Action::Drill), Answer::Cancelled);
        assert_eq!(c.on_action(Action::Right), Answer::Open);
        assert_eq!(c.on_action(Action::Drill), Answer::Confirmed(7));
        // tab moves the focus back to Cancel.
        assert_eq!(c.on_action(Action::FocusNext), Answer::Open);
        assert_eq!(c.on_action(Action::Drill), Answer::Cancelled);
        assert_eq!(c.on_action(Action::Back), Answer::Cancelled);
    }
}
