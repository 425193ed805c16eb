//! Reading theme files. A bad file never stops the cockpit: the error names file, line and key,
//! and the built-in default is used.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::{Color, Modifier, Style};
use serde::{Deserialize, Deserializer};

use super::{parse_colour, ColourSupport, Role, Theme};

/// Themes shipped in the binary, by name.
pub const BUILTIN_THEMES: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.yaml")),
    ("dusk", include_str!("../../themes/dusk.yaml")),
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct ThemeError {
    pub file: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    #[serde(default)]
    roles: BTreeMap<Role, RoleStyle>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleStyle {
    #[serde(default, deserialize_with = "colour")]
    fg: Option<Color>,
    #[serde(default, deserialize_with = "colour")]
    bg: Option<Color>,
    #[serde(default)]
    mods: Vec<Mod>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Mod {
    Bold,
    Dim,
    Italic,
    Underlined,
    Reversed,
}

fn colour<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Color>, D::Error> {
    let s = String::deserialize(d)?;
    parse_colour(&s).map(Some).map_err(serde::de::Error::custom)
}

impl RoleStyle {
    fn to_style(&self) -> Style {
        let mut s = Style {
            fg: self.fg,
            bg: self.bg,
            ..Style::default()
        };
        for m in &self.mods {
            s = s.add_modifier(match m {
                Mod::Bold => Modifier::BOLD,
                Mod::Dim => Modifier::DIM,
                Mod::Italic => Modifier::ITALIC,
                Mod::Underlined => Modifier::UNDERLINED,
                Mod::Reversed => Modifier::REVERSED,
            });
        }
        s
    }
}

fn parse(text: &str, file: &str) -> Result<File, ThemeError> {
    serde_yaml::from_str(text).map_err(|e| ThemeError {
        file: file.to_string(),
        message: e.to_string(),
    })
}

fn apply(theme: &mut Theme, file: &File) {
    for (role, s) in &file.roles {
        theme.styles[*role as usize] = s.to_style();
    }
}

pub(super) fn builtin_default() -> Theme {
    let mut t = Theme {
        name: "default".into(),
        styles: [Style::default(); Role::ALL.len()],
    };
    let file = parse(BUILTIN_THEMES[0].1, "themes/default.yaml").expect("the default theme parses");
    apply(&mut t, &file);
    t
}

/// The named built-in theme (default: `default`) with the user's file laid over it role by role.
/// Errors come back to be shown; whatever failed falls back to the built-in default.
pub fn load_theme(
    name: Option<&str>,
    user_file: Option<&Path>,
    support: ColourSupport,
) -> (Theme, Vec<ThemeError>) {
    let mut errors = Vec::new();
    let mut theme = builtin_default();
    match name {
        None | Some("default") => {}
        Some(n) => match BUILTIN_THEMES.iter().find(|(bn, _)| *bn == n) {
            Some((bn, text)) => {
                let file =
                    parse(text, &format!("themes/{bn}.yaml")).expect("built-in themes parse");
                apply(&mut theme, &file);
                theme.name = bn.to_string();
            }
            None => errors.push(ThemeError {
                file: "config".into(),
                message: format!(
                    "theme: no built-in theme {n:?} (there are: {})",
                    BUILTIN_THEMES
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        },
    }
    if let Some(path) = user_file.filter(|p| p.exists()) {
        let file_name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Err(e) => errors.push(ThemeError {
                file: file_name,
                message: e.to_string(),
            }),
            Ok(text) => match parse(&text, &file_name) {
                Ok(file) => {
                    apply(&mut theme, &file);
                    theme.name = format!("{} + {}", theme.name, file_name);
                }
                Err(e) => {
                    errors.push(e);
                    theme = builtin_default();
                }
            },
        }
    }
    (theme.adapt(support), errors)
}
