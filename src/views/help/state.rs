use crate::app::command::COMMANDS;
use crate::app::effect::Effect;
use crate::app::filter::ListFilter;
use crate::app::nav::{Flow, ViewCx};
use crate::app::view::View;
use crate::keymap::{chord_text, Action, Keymap, Section};
use crate::text::width::str_width;
use crate::text::wrap::wrap_words;

/// One entry of the help: a section's title, or keys (or a command) and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Title(String),
    Entry { keys: String, desc: String },
    Gap,
}

/// A line as drawn: the keys column (empty on a continuation line) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Title(String),
    Entry { keys: String, text: String },
    Gap,
}

#[derive(Debug, Clone, Default)]
pub struct HelpState {
    pub rows: Vec<HelpRow>,
    pub scroll: usize,
    pub filter: ListFilter,
}

/// The keys column: wide enough for the bindings, but never more than a third of the screen
/// (a longer key list wraps like a description).
fn keys_width(rows: &[HelpRow], width: usize) -> usize {
    rows.iter()
        .filter_map(|r| match r {
            HelpRow::Entry { keys, .. } => Some(str_width(keys)),
            _ => None,
        })
        .max()
        .unwrap_or(0)
        .clamp(12, (width / 3).clamp(12, 30))
}

impl HelpState {
    /// Every binding of the live keymap, section by section, then the commands.
    pub fn new(keymap: &Keymap) -> HelpState {
        let mut rows = Vec::new();
        for &section in Section::ALL {
            rows.push(HelpRow::Title(format!("{} keys", section.name())));
            for b in keymap.bindings.iter().filter(|b| b.section == section) {
                if b.chords.is_empty() {
                    continue;
                }
                let keys = b
                    .chords
                    .iter()
                    .map(|c| chord_text(c))
                    .collect::<Vec<_>>()
                    .join(", ");
                rows.push(HelpRow::Entry {
                    keys,
                    desc: b.desc.clone(),
                });
            }
            rows.push(HelpRow::Gap);
        }
        rows.push(HelpRow::Title("commands".into()));
        for spec in COMMANDS {
            rows.push(HelpRow::Entry {
                keys: format!(":{}", spec.names.join(" :")),
                desc: if spec.args.is_empty() {
                    spec.help.to_string()
                } else {
                    format!("{} {}", spec.help, spec.args)
                },
            });
        }
        HelpState {
            rows,
            ..HelpState::default()
        }
    }

    /// Puts the team's stage numbers first: which of `0`–`9` opens which stage.
    pub fn with_stage_map(mut self, team: &str, map: String) -> HelpState {
        let rows = [
            HelpRow::Title(format!("stages of {team} by number (on lists of pods, releases, …)")),
            HelpRow::Entry {
                keys: "0-9".into(),
                desc: map,
            },
            HelpRow::Gap,
        ];
        self.rows.splice(0..0, rows);
        self
    }

    /// The lines at `width`: descriptions wrapped at word boundaries under their own column,
    /// only the entries the filter keeps (with their section titles).
    pub fn lines(&self, width: usize) -> (usize, Vec<HelpLine>) {
        let kw = keys_width(&self.rows, width);
        let text_width = width.saturating_sub(kw + 4).max(10);
        let mut out = Vec::new();
        let mut title: Option<&str> = None;
        for r in &self.rows {
            match r {
                HelpRow::Title(t) => title = Some(t),
                HelpRow::Gap => {
                    if self.filter.active().is_none() {
                        out.push(HelpLine::Gap);
                    }
                }
                HelpRow::Entry { keys, desc } => {
                    if !self.filter.keeps(&format!("{keys} {desc}")) {
                        continue;
                    }
                    if let Some(t) = title.take() {
                        out.push(HelpLine::Title(t.to_string()));
                    }
                    // Keys wider than their column get a line of their own.
                    let own_line = str_width(keys) > kw;
                    if own_line {
                        out.push(HelpLine::Entry {
                            keys: keys.clone(),
                            text: String::new(),
                        });
                    }
                    for (i, text) in wrap_words(desc, text_width).into_iter().enumerate() {
                        let first = i == 0 && !own_line;
                        out.push(HelpLine::Entry {
                            keys: if first { keys.clone() } else { String::new() },
                            text,
                        });
                    }
                }
            }
        }
        (kw, out)
    }

    /// The first line shown, within what `width` x `height` can show.
    pub fn top(&self, width: usize, height: usize) -> usize {
        let (_, lines) = self.lines(width);
        self.scroll.min(lines.len().saturating_sub(height))
    }
}

impl View for HelpState {
    fn title(&self) -> String {
        "help".into()
    }

    fn sections(&self) -> &'static [Section] {
        &[Section::Global]
    }

    fn hint_actions(&self) -> Vec<Action> {
        vec![]
    }

    fn on_enter(&mut self, _cx: &mut ViewCx) -> Vec<Effect> {
        Vec::new()
    }

    fn on_leave(&mut self) -> Vec<Effect> {
        Vec::new()
    }

    fn list_filter(&self) -> Option<&ListFilter> {
        Some(&self.filter)
    }

    fn list_filter_mut(&mut self) -> Option<&mut ListFilter> {
        self.scroll = 0;
        Some(&mut self.filter)
    }

    fn on_action(&mut self, a: Action, cx: &mut ViewCx) -> Flow {
        let width = usize::from(cx.width);
        // The body's height: the list page plus its header row.
        let height = cx.page + 1;
        let (_, lines) = self.lines(width);
        let max = lines.len().saturating_sub(height);
        let at = self.scroll.min(max);
        self.scroll = match a {
            Action::Up => at.saturating_sub(1),
            Action::Down => (at + 1).min(max),
            Action::PageUp => at.saturating_sub(cx.page),
            Action::PageDown => (at + cx.page).min(max),
            Action::Top => 0,
            Action::Bottom => max,
            _ => return Flow::Ignored,
        };
        Flow::Done(Vec::new())
    }
}
