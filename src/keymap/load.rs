//! Reading keymap files. A bad user file never stops the cockpit: the error names file, line
//! and key, and the built-in keymap is used.

use std::path::Path;

use serde::{Deserialize, Deserializer};

use super::{Binding, Key, Keymap, Section};
use crate::keymap::Action;

pub const DEFAULT_KEYMAP: &str = include_str!("../../keymaps/default.yaml");

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct KeymapError {
    pub file: String,
    /// serde_yaml's message: it names the key path, line and column.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    #[serde(deserialize_with = "chords")]
    keys: Vec<Vec<Key>>,
    action: Action,
    #[serde(default)]
    desc: Option<String>,
    /// The word or two the status line's key hints use (`logs`, `prev log`).
    #[serde(default)]
    hint: Option<String>,
}

/// A keymap file: entries per section (`global:`, `table:`, …); an unknown section is an error.
type File = std::collections::BTreeMap<Section, Vec<Entry>>;

fn chords<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Key>>, D::Error> {
    let raw = Vec::<String>::deserialize(d)?;
    raw.iter()
        .map(|s| Key::parse_chord(s).map_err(serde::de::Error::custom))
        .collect()
}

fn entries(file: File) -> Vec<(Section, Entry)> {
    file.into_iter()
        .flat_map(|(s, v)| v.into_iter().map(move |e| (s, e)))
        .collect()
}

pub(super) fn parse_keymap(text: &str, file: &str) -> Result<Keymap, KeymapError> {
    let parsed: File = serde_yaml::from_str(text).map_err(|e| KeymapError {
        file: file.to_string(),
        message: e.to_string(),
    })?;
    Ok(Keymap {
        bindings: entries(parsed)
            .into_iter()
            .map(|(section, e)| Binding {
                section,
                chords: e.keys,
                action: e.action,
                desc: e.desc.unwrap_or_default(),
                hint: e.hint,
            })
            .collect(),
    })
}

/// Applies a user's file: an entry replaces the keys of its action in its section (keeping the
/// default description unless it gives one); `keys: []` unbinds.
fn overlay(base: &mut Keymap, user: Keymap) {
    // A key the user rebinds must not also fire its old action in the same section.
    for u in &user.bindings {
        for b in base.bindings.iter_mut() {
            if b.section == u.section && b.action != u.action {
                b.chords.retain(|c| !u.chords.contains(c));
            }
        }
    }
    for u in user.bindings {
        let existing = base
            .bindings
            .iter_mut()
            .find(|b| b.section == u.section && b.action == u.action);
        match existing {
            Some(b) => {
                b.chords = u.chords;
                if !u.desc.is_empty() {
                    b.desc = u.desc;
                }
                if u.hint.is_some() {
                    b.hint = u.hint;
                }
            }
            None => base.bindings.push(u),
        }
    }
}

/// The built-in keymap with the user's file (if it exists) laid over it. On error the built-in
/// keymap is returned with the error to show.
pub fn load_keymap(user_file: Option<&Path>) -> (Keymap, Option<KeymapError>) {
    let mut keymap = Keymap::builtin();
    let Some(path) = user_file.filter(|p| p.exists()) else {
        return (keymap, None);
    };
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            return (
                keymap,
                Some(KeymapError {
                    file: name,
                    message: e.to_string(),
                }),
            )
        }
    };
    match parse_keymap(&text, &name) {
        Ok(user) => {
            overlay(&mut keymap, user);
            (keymap, None)
        }
        Err(e) => (Keymap::builtin(), Some(e)),
    }
}
