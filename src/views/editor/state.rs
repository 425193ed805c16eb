use jiff::Timestamp;
use ratatui_textarea::{Input, Key as TaKey, TextArea};

use crate::app::effect::repo::RepoEffect;
use crate::app::effect::Effect;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::keymap::{Action, Key, KeyCode, Section};
use crate::repo::recovery::Recovery;
use crate::repo::validate::{validate_jcasc, validate_yaml, Finding};
use crate::repo::RepoMsg;
use crate::text::sanitize::acts_on_terminal;

#[derive(Debug, Clone)]
pub struct EditorState {
    pub team: String,
    /// Relative to the config repo.
    pub file: String,
    /// The file is the team's JCasC file (validated as JCasC).
    pub jcasc: bool,
    /// Boxed: the textarea is large and screens move around the stack.
    pub area: Box<TextArea<'static>>,
    /// The text as it is on disk (after the last save).
    pub saved: Option<String>,
    /// Why the file cannot be edited here.
    pub error: Option<String>,
    /// Unsaved edits from an earlier session, loaded instead of the file.
    pub recovered: Option<Recovery>,
    pub findings: Vec<Finding>,
    /// The text a save is writing: it becomes `saved` when the save is done, and a failed save
    /// leaves the buffer modified (and journalled).
    pub saving: Option<String>,
}

impl EditorState {
    pub fn new(team: &str, file: &str, jcasc: bool, recovered: Option<Recovery>) -> EditorState {
        EditorState {
            team: team.to_string(),
            file: file.to_string(),
            jcasc,
            area: Box::default(),
            saved: None,
            error: None,
            recovered,
            findings: Vec::new(),
            saving: None,
        }
    }

    pub fn text(&self) -> String {
        let mut t = self.area.lines().join("\n");
        t.push('\n');
        t
    }

    pub fn is_loaded(&self) -> bool {
        self.saved.is_some()
    }

    /// Typed since the last save (or since the file was read).
    pub fn is_modified(&self) -> bool {
        self.saved.as_ref().is_some_and(|s| {
            let t = self.text();
            // A file without a final newline reads back with one added: not a change.
            s.trim_end_matches('\n') != t.trim_end_matches('\n')
        })
    }

    fn validate(&mut self) {
        let text = self.text();
        self.findings = if self.jcasc {
            validate_jcasc(&self.file, &text)
        } else if self.file.ends_with(".gotmpl") {
            // A Go template is YAML only once rendered.
            Vec::new()
        } else {
            validate_yaml(&self.file, &text)
        };
    }

    fn load(&mut self, text: &str) {
        if let Some(c) = text.chars().find(|c| acts_on_terminal(*c)) {
            self.error = Some(format!(
                "{} holds a control character (U+{:04X}): edit it in $VISUAL/$EDITOR",
                self.file, c as u32
            ));
            return;
        }
        self.saved = Some(text.to_string());
        let shown = match &self.recovered {
            Some(r) => r.text.clone(),
            None => text.to_string(),
        };
        let lines: Vec<String> = shown.lines().map(str::to_string).collect();
        *self.area = TextArea::new(if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        });
        self.validate();
    }

    fn journal(&self, now: bool) -> Effect {
        Effect::Journal {
            team: self.team.clone(),
            file: self.file.clone(),
            text: self.text(),
            now,
        }
    }

    pub fn cursor(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0 + 1, c.1 + 1)
    }

    pub fn recovered_at(&self) -> Option<Timestamp> {
        self.recovered.as_ref().map(|r| r.saved_at)
    }
}

/// Our key as the textarea reads it.
fn to_input(key: Key) -> Option<Input> {
    let k = match key.code {
        KeyCode::Char(c) => TaKey::Char(c),
        KeyCode::Enter => TaKey::Enter,
        KeyCode::Backspace => TaKey::Backspace,
        KeyCode::Delete => TaKey::Delete,
        KeyCode::Left => TaKey::Left,
        KeyCode::Right => TaKey::Right,
        KeyCode::Up => TaKey::Up,
        KeyCode::Down => TaKey::Down,
        KeyCode::Home => TaKey::Home,
        KeyCode::End => TaKey::End,
        KeyCode::PageUp => TaKey::PageUp,
        KeyCode::PageDown => TaKey::PageDown,
        KeyCode::Tab => TaKey::Tab,
        _ => return None,
    };
    Some(Input {
        key: k,
        ctrl: key.ctrl,
        alt: key.alt,
        shift: false,
    })
}

impl View for EditorState {
    fn title(&self) -> String {
        format!("edit {}", self.file)
    }

    fn sections(&self) -> &'static [Section] {
        // Only the editor's own keys: everything else is text.
        &[Section::Editor]
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![Action::EditorSave, Action::Back]
    }

    fn raw_keys(&self) -> bool {
        true
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        if self.is_loaded() || self.error.is_some() {
            return Vec::new();
        }
        vec![Effect::Repo(RepoEffect::ReadFile {
            team: self.team.clone(),
            path: self.file.clone(),
        })]
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        // Unsaved text stays in the journal (written now: the debounced write may not come).
        if self.is_modified() {
            vec![self.journal(true)]
        } else {
            Vec::new()
        }
    }

    fn on_quit(&self) -> Vec<Effect> {
        if self.is_modified() {
            vec![self.journal(true)]
        } else {
            Vec::new()
        }
    }

    fn on_key(&mut self, key: Key, _cx: &mut ViewCx) -> Flow {
        if !self.is_loaded() {
            return Flow::Done(Vec::new());
        }
        let Some(input) = to_input(key) else {
            return Flow::Done(Vec::new());
        };
        if self.area.input(input) {
            self.validate();
            return Flow::Done(vec![self.journal(false)]);
        }
        Flow::Done(Vec::new())
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        match a {
            Action::EditorSave => {
                if cx.readonly {
                    return Flow::Say(crate::views::repo::readonly_notice("saving"));
                }
                if !self.is_loaded() {
                    return Flow::Done(Vec::new());
                }
                let text = self.text();
                self.saving = Some(text.clone());
                Flow::Done(vec![Effect::Repo(RepoEffect::Save {
                    team: self.team.clone(),
                    path: self.file.clone(),
                    text,
                })])
            }
            _ => Flow::Ignored,
        }
    }

    fn on_repo(&mut self, m: &RepoMsg) -> bool {
        match m {
            RepoMsg::FileRead { team, path, result }
                if *team == self.team && *path == self.file && !self.is_loaded() =>
            {
                match result {
                    Ok(text) => self.load(text),
                    Err(e) => self.error = Some(e.clone()),
                }
                true
            }
            RepoMsg::Finished {
                team,
                op: crate::repo::RepoOp::Save,
                result,
            } if *team == self.team && self.saving.is_some() => {
                let text = self.saving.take();
                if result.is_ok() {
                    self.saved = text;
                }
                true
            }
            _ => false,
        }
    }
}
