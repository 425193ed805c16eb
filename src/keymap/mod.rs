//! Keys → actions, from keymaps/default.yaml (built in) and the user's override file. The help
//! screen and the key hints are generated from here, so they can never disagree with the keys.

pub mod action;
pub mod key;
mod load;

pub use key::{Key, KeyCode};
pub use load::{load_keymap, KeymapError};

pub use action::Action;

/// Declares the sections once: the enum, its file names and `Section::ALL` (the help screen's
/// order), so that a new section cannot be left out of any of them.
macro_rules! sections {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// A keymap section: the view's own section is searched before `Global`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize)]
        pub enum Section {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
        }

        impl Section {
            pub const ALL: &[Section] = &[$(Section::$variant,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Section::$variant => $name,)*
                }
            }
        }
    };
}

sections! {
    Global => "global",
    Table => "table",
    Logs => "logs",
    /// Jenkins views: jobs, history, build, console, the build form.
    Jenkins => "jenkins",
    /// A Helm release's detail (tabs, revisions to diff).
    Release => "release",
    /// The config repo: its status, diff and commit screens.
    Repo => "repo",
    /// The built-in editor: only these keys are keys, the rest is text.
    Editor => "editor",
    /// The deploy screen (searched before `table` and `jenkins`).
    Deploy => "deploy",
    /// An object's YAML or describe (searched before `global`).
    Object => "object",
    /// A pod's detail (searched before `table`).
    Pod => "pod",
    /// Lists of Deployments and StatefulSets (searched before `table`).
    Workload => "workload",
    /// The port-forwards screen (`:pf`, searched before `table`).
    Forwards => "forwards",
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub section: Section,
    pub chords: Vec<Vec<Key>>,
    pub action: Action,
    pub desc: String,
    /// The key hint's label; without one the hint shows the description's first word.
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The keys so far start a chord (`g` of `g g`).
    Pending,
    Unbound,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Keymap {
    /// The built-in keymap, which is known good (a unit test parses it).
    pub fn builtin() -> Keymap {
        load::parse_keymap(load::DEFAULT_KEYMAP, "keymaps/default.yaml")
            .expect("the built-in keymap parses")
    }

    /// Resolves `pending + key` in the given sections, first match wins.
    pub fn resolve(&self, sections: &[Section], pending: &[Key], key: Key) -> Resolved {
        let mut seq: Vec<Key> = pending.to_vec();
        seq.push(key);
        let mut is_prefix = false;
        for &section in sections {
            for b in self.bindings.iter().filter(|b| b.section == section) {
                for chord in &b.chords {
                    if *chord == seq {
                        return Resolved::Action(b.action);
                    }
                    if chord.len() > seq.len() && chord[..seq.len()] == seq[..] {
                        is_prefix = true;
                    }
                }
            }
        }
        if is_prefix {
            Resolved::Pending
        } else {
            Resolved::Unbound
        }
    }

    /// The keys bound to an action, for hints: `q` or `g g`.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|b| b.action == action)
            .flat_map(|b| b.chords.iter().map(|c| chord_text(c)))
            .collect()
    }

    /// The first key of an action, for a one-word hint, or `None` when unbound.
    pub fn hint(&self, action: Action) -> Option<String> {
        self.keys_for(action).into_iter().next()
    }

    /// The label of an action's key hint: the keymap's `hint:`, else its description's first
    /// word (a new action needs no code to be hinted).
    pub fn hint_label(&self, action: Action) -> String {
        let mut of_action = self.bindings.iter().filter(|b| b.action == action);
        of_action
            .clone()
            .find_map(|b| b.hint.clone())
            .or_else(|| {
                of_action.find_map(|b| b.desc.split_whitespace().next().map(str::to_string))
            })
            .unwrap_or_default()
    }

    /// The first key that does `action` on a screen searching `sections` — not one an earlier
    /// section shadows (in the editor `?` is text, so no `? help` hint there).
    pub fn hint_in(&self, action: Action, sections: &[Section]) -> Option<String> {
        sections
            .iter()
            .flat_map(|s| {
                self.bindings
                    .iter()
                    .filter(move |b| b.section == *s && b.action == action)
            })
            .flat_map(|b| b.chords.iter())
            .find(|chord| {
                let mut pending = Vec::new();
                chord
                    .iter()
                    .all(|k| match self.resolve(sections, &pending, *k) {
                        Resolved::Pending => {
                            pending.push(*k);
                            true
                        }
                        Resolved::Action(a) => a == action && pending.len() + 1 == chord.len(),
                        Resolved::Unbound => false,
                    })
            })
            .map(|c| chord_text(c))
    }
}

pub fn chord_text(chord: &[Key]) -> String {
    chord
        .iter()
        .map(|k| k.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
