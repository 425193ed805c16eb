//! Selection and scroll offset of a list: moved by actions, clamped to the rows and the page.

use crate::keymap::Action;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Moves for a navigation action; returns false if the action is not a movement.
    pub fn on_action(&mut self, a: Action, len: usize, page: usize) -> bool {
        let page = page.max(1);
        match a {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = self.selected.saturating_add(1),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::PageDown => self.selected = self.selected.saturating_add(page),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            _ => return false,
        }
        self.clamp(len, page);
        true
    }

    /// Keeps the selection inside the rows and visible within a page of `page` rows.
    pub fn clamp(&mut self, len: usize, page: usize) {
        let page = page.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        if self.selected < self.offset {
            self.offset = self.selected;
        }
        if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
        self.offset = self.offset.min(len.saturating_sub(page));
        if len <= page {
            self.offset = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_and_keeps_the_selection_on_the_page() {
        let mut c = Cursor::default();
        for _ in 0..12 {
            c.on_action(Action::Down, 20, 10);
        }
        assert_eq!((c.selected, c.offset), (12, 3));
        c.on_action(Action::Bottom, 20, 10);
        assert_eq!((c.selected, c.offset), (19, 10));
        c.on_action(Action::PageUp, 20, 10);
        assert_eq!((c.selected, c.offset), (9, 9));
        c.on_action(Action::Top, 20, 10);
        assert_eq!((c.selected, c.offset), (0, 0));
        c.on_action(Action::Up, 20, 10);
        assert_eq!((c.selected, c.offset), (0, 0));
        assert!(!c.on_action(Action::Drill, 20, 10));
    }

    #[test]
    fn shrinking_lists_pull_the_selection_back() {
        let mut c = Cursor {
            selected: 15,
            offset: 10,
        };
        c.clamp(5, 10);
        assert_eq!((c.selected, c.offset), (4, 0));
        c.clamp(0, 10);
        assert_eq!((c.selected, c.offset), (0, 0));
    }
}
