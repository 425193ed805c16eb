use crate::app::effect::Effect;
use crate::app::input::InputKind;
use crate::app::msg::ClusterMsg;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::cluster::resource::fetch::{FetchWhat, Fetched, ObjectRef};
use crate::cluster::resource::yaml_doc::has_managed_fields;
use crate::cluster::resource::ResourceKind;
use crate::keymap::{Action, Section};
use crate::views::logs::search::LogSearch;

use super::lines::{self, Line};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectMode {
    Yaml,
    Describe,
}

pub const OBJECT_SECTIONS: &[Section] = &[Section::Object, Section::Global];

#[derive(Debug, Clone)]
pub struct ObjectState {
    pub object: ObjectRef,
    pub mode: ObjectMode,
    /// The fetch whose answer is awaited; older answers are dropped.
    pub generation: u64,
    pub fetched: Option<Box<Fetched>>,
    pub error: Option<String>,
    /// YAML keeps `metadata.managedFields` (`m`).
    pub managed: bool,
    /// A Secret's values in clear (`x`).
    pub reveal: bool,
    /// First line on screen and first column (sideways scroll).
    pub top: usize,
    pub left: usize,
    pub search: Option<LogSearch>,
}

impl ObjectState {
    pub fn new(object: ObjectRef, mode: ObjectMode) -> ObjectState {
        ObjectState {
            object,
            mode,
            generation: 0,
            fetched: None,
            error: None,
            managed: false,
            reveal: false,
            top: 0,
            left: 0,
            search: None,
        }
    }

    /// The text as drawn (before sideways scroll).
    pub fn lines(&self, now: jiff::Timestamp) -> Vec<Line> {
        let Some(f) = &self.fetched else {
            return Vec::new();
        };
        match self.mode {
            ObjectMode::Yaml => lines::yaml(f, self.managed),
            ObjectMode::Describe => lines::described(self.object.kind, f, now),
        }
    }

    pub fn has_managed_fields(&self) -> bool {
        self.fetched
            .as_ref()
            .is_some_and(|f| has_managed_fields(&f.object))
    }

    /// The answer to this screen's fetch, if it is one.
    pub fn on_cluster(&mut self, m: &ClusterMsg) -> bool {
        let ClusterMsg::ObjectFetched {
            object,
            generation,
            result,
        } = m
        else {
            return false;
        };
        if *object != self.object || *generation != self.generation {
            return false;
        }
        match result {
            Ok(f) => {
                self.fetched = Some(f.clone());
                self.error = None;
            }
            Err(e) => self.error = Some(e.clone()),
        }
        true
    }

    fn fetch(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.generation = cx.generation();
        vec![Effect::FetchObject {
            object: self.object.clone(),
            what: FetchWhat {
                events: self.mode == ObjectMode::Describe,
                reveal: self.reveal,
            },
            generation: self.generation,
        }]
    }

    fn max_top(&self, cx: &ViewCx) -> usize {
        // The body is the page less the header line.
        let page = cx.page.max(2);
        self.lines(cx.now).len().saturating_sub(page)
    }

    fn matches(&self, cx: &ViewCx) -> Vec<usize> {
        let Some(s) = &self.search else {
            return Vec::new();
        };
        self.lines(cx.now)
            .iter()
            .enumerate()
            .filter(|(_, l)| s.is_match(&l.iter().map(|(t, _)| t.as_str()).collect::<String>()))
            .map(|(i, _)| i)
            .collect()
    }

    fn switch(&mut self, mode: ObjectMode, cx: &mut ViewCx) -> Flow {
        if self.mode == mode {
            return Flow::Done(Vec::new());
        }
        self.mode = mode;
        self.top = 0;
        // Describe needs the object's events too: fetch again.
        Flow::Done(self.fetch(cx))
    }
}

impl View for ObjectState {
    fn title(&self) -> String {
        let verb = match self.mode {
            ObjectMode::Yaml => "yaml",
            ObjectMode::Describe => "describe",
        };
        format!("{verb} {}", self.object.label())
    }

    fn sections(&self) -> &'static [Section] {
        OBJECT_SECTIONS
    }

    fn hint_actions(&self) -> Vec<Action> {
        let mut v = vec![match self.mode {
            ObjectMode::Yaml => Action::Describe,
            ObjectMode::Describe => Action::Yaml,
        }];
        if self.mode == ObjectMode::Yaml {
            v.push(Action::ToggleManagedFields);
        }
        if self.object.kind == ResourceKind::Secret {
            v.push(Action::RevealSecret);
        }
        v.push(Action::NextMatch);
        v
    }

    fn on_enter(&mut self, cx: &mut ViewCx) -> Vec<Effect> {
        self.fetch(cx)
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        // One GET, nothing to stop: a late answer finds no screen of its generation.
        Vec::new()
    }

    fn input_kind_for_filter(&self) -> InputKind {
        InputKind::Search
    }

    fn set_filter(&mut self, text: &str, cx: &ViewCx) {
        self.search = LogSearch::new(text);
        if self.search.is_some() {
            let max = self.max_top(cx);
            if let Some(first) = self.matches(cx).into_iter().find(|&i| i >= self.top) {
                self.top = first.min(max);
            }
        }
    }

    fn filter_text(&self) -> String {
        self.search
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let page = cx.page.saturating_sub(1).max(1);
        let max = self.max_top(cx);
        match a {
            Action::Up => self.top = self.top.saturating_sub(1),
            Action::Down => self.top = (self.top + 1).min(max),
            Action::PageUp => self.top = self.top.saturating_sub(page),
            Action::PageDown => self.top = (self.top + page).min(max),
            Action::Top => self.top = 0,
            Action::Bottom => self.top = max,
            Action::Left => self.left = self.left.saturating_sub(8),
            Action::Right => self.left += 8,
            Action::Yaml => return self.switch(ObjectMode::Yaml, cx),
            Action::Describe => return self.switch(ObjectMode::Describe, cx),
            Action::ToggleManagedFields if self.mode == ObjectMode::Yaml => {
                self.managed = !self.managed;
                self.top = self.top.min(self.max_top(cx));
            }
            Action::Copy if self.fetched.is_some() => {
                let text: String = self
                    .lines(cx.now)
                    .iter()
                    .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>() + "\n")
                    .collect();
                let verb = match self.mode {
                    ObjectMode::Yaml => "YAML",
                    ObjectMode::Describe => "description",
                };
                return Flow::Copy {
                    text,
                    what: format!("the {verb} of {}", self.object.label()),
                };
            }
            Action::RevealSecret if self.object.kind == ResourceKind::Secret => {
                self.reveal = !self.reveal;
                return Flow::Done(self.fetch(cx));
            }
            Action::NextMatch | Action::PrevMatch => {
                let m = self.matches(cx);
                let next = if a == Action::NextMatch {
                    m.iter().copied().find(|&i| i > self.top).or(m.first().copied())
                } else {
                    m.iter().rev().copied().find(|&i| i < self.top).or(m.last().copied())
                };
                if let Some(i) = next {
                    self.top = i.min(max);
                }
            }
            _ => return Flow::Ignored,
        }
        Flow::Done(Vec::new())
    }
}
