//! The one-line text input at the bottom: command bar (`:`), filter (`/`), log search and the
//! save-as prompt. Keys go here first while it is open.

use crate::keymap::{Key, KeyCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Command,
    Filter,
    Search,
    SavePath,
    /// A field of a form (the build parameters).
    Field,
    /// Typing a protected stage's name to confirm a change to it.
    TypeName,
    /// Typing a namespace's name to confirm its deletion.
    TypeNamespace,
}

impl InputKind {
    pub fn prompt(self) -> &'static str {
        match self {
            InputKind::Command => ":",
            InputKind::Filter => "/",
            InputKind::Search => "search /",
            InputKind::SavePath => "save to: ",
            InputKind::Field => "value: ",
            InputKind::TypeName => "type the protected stage's name to confirm: ",
            InputKind::TypeNamespace => "type the namespace to delete it: ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub kind: InputKind,
    pub text: String,
    /// In chars, not bytes.
    pub cursor: usize,
    /// Tab cycles through these, computed on the first tab.
    pub completions: Vec<String>,
    pub completion_index: Option<usize>,
    /// The text was there when the bar opened (the filter in force) and is shown selected:
    /// the first typed character replaces it, any other key keeps it for editing.
    pub selected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputEvent {
    Edited,
    Submitted(String),
    Cancelled,
    Complete,
    Ignored,
}

impl Input {
    pub fn new(kind: InputKind, text: &str) -> Input {
        Input {
            kind,
            text: text.to_string(),
            cursor: text.chars().count(),
            completions: Vec::new(),
            completion_index: None,
            selected: false,
        }
    }

    /// A bar reopened on text already in force: typing starts afresh, editing keeps it.
    pub fn reopened(kind: InputKind, text: &str) -> Input {
        Input {
            selected: !text.is_empty(),
            ..Input::new(kind, text)
        }
    }

    fn byte_at(&self, char_idx: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_idx)
            .map_or(self.text.len(), |(b, _)| b)
    }

    pub fn set_text(&mut self, text: String) {
        self.cursor = text.chars().count();
        self.text = text;
    }

    pub fn on_key(&mut self, key: Key) -> InputEvent {
        let len = self.text.chars().count();
        if key.code != KeyCode::Tab && key.code != KeyCode::BackTab {
            self.completions.clear();
            self.completion_index = None;
        }
        if std::mem::take(&mut self.selected) && matches!(key.code, KeyCode::Char(_)) && !key.ctrl {
            self.text.clear();
            self.cursor = 0;
        }
        match (key.code, key.ctrl) {
            (KeyCode::Enter, _) => return InputEvent::Submitted(self.text.clone()),
            (KeyCode::Esc, _) | (KeyCode::Char('c'), true) => return InputEvent::Cancelled,
            (KeyCode::Tab | KeyCode::BackTab, _) => return InputEvent::Complete,
            (KeyCode::Char('u'), true) => {
                self.text.clear();
                self.cursor = 0;
            }
            (KeyCode::Char('a'), true) | (KeyCode::Home, _) => self.cursor = 0,
            (KeyCode::Char('e'), true) | (KeyCode::End, _) => self.cursor = len,
            (KeyCode::Char('w'), true) => {
                let start = self.byte_at(self.cursor);
                let before = self.text[..start].trim_end();
                let cut = before.rfind(' ').map_or(0, |i| i + 1);
                self.text.replace_range(cut..start, "");
                self.cursor = self.text[..cut].chars().count();
            }
            (KeyCode::Char(c), false) => {
                let at = self.byte_at(self.cursor);
                self.text.insert(at, c);
                self.cursor += 1;
            }
            (KeyCode::Backspace, _) => {
                if self.cursor == 0 {
                    if self.text.is_empty() {
                        return InputEvent::Cancelled;
                    }
                    return InputEvent::Ignored;
                }
                let at = self.byte_at(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            (KeyCode::Delete, _) if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.text.remove(at);
            }
            (KeyCode::Left, _) => self.cursor = self.cursor.saturating_sub(1),
            (KeyCode::Right, _) => self.cursor = (self.cursor + 1).min(len),
            _ => return InputEvent::Ignored,
        }
        InputEvent::Edited
    }

    /// Inserts pasted text (one line: newlines become spaces).
    pub fn paste(&mut self, s: &str) {
        if std::mem::take(&mut self.selected) {
            self.text.clear();
            self.cursor = 0;
        }
        let clean: String = s
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reopened_filter_is_replaced_by_typing_and_kept_by_editing() {
        let mut i = Input::reopened(InputKind::Filter, "api");
        i.on_key(Key::char('g'));
        assert_eq!(i.text, "g");
        let mut i = Input::reopened(InputKind::Filter, "api");
        i.on_key(Key::plain(KeyCode::Backspace));
        assert_eq!(i.text, "ap");
        i.on_key(Key::char('x'));
        assert_eq!(i.text, "apx");
        let mut i = Input::reopened(InputKind::Filter, "api");
        i.on_key(Key::plain(KeyCode::End));
        i.on_key(Key::char('|'));
        assert_eq!(i.text, "api|");
    }

    fn typed(s: &str) -> Input {
        let mut i = Input::new(InputKind::Command, "");
        for c in s.chars() {
            i.on_key(Key::char(c));
        }
        i
    }

    #[test]
    fn edits_like_a_shell_line() {
        let mut i = typed("pods payments-qa");
        assert_eq!(i.cursor, 16);
        i.on_key(Key::ctrl('w'));
        assert_eq!(i.text, "pods ");
        i.on_key(Key::plain(KeyCode::Backspace));
        i.on_key(Key::plain(KeyCode::Home));
        i.on_key(Key::char('x'));
        assert_eq!(i.text, "xpods");
        assert_eq!(
            i.on_key(Key::plain(KeyCode::Enter)),
            InputEvent::Submitted("xpods".into())
        );
        i.on_key(Key::ctrl('u'));
        assert_eq!(
            i.on_key(Key::plain(KeyCode::Backspace)),
            InputEvent::Cancelled
        );
    }

    #[test]
    fn handles_multibyte_text() {
        let mut i = typed("süß");
        i.on_key(Key::plain(KeyCode::Left));
        i.on_key(Key::plain(KeyCode::Backspace));
        assert_eq!(i.text, "sß");
        i.paste("a\nb");
        assert_eq!(i.text, "sa bß");
    }
}
