//! Colours come only from here: views ask for a [`Role`], themes are files in `themes/`.
//! Truecolor themes are mapped down to the 16 ANSI colours unless the terminal says it is
//! truecolor; with `NO_COLOR` roles keep only their modifiers.

mod colour;
mod load;
mod role;

pub use colour::{parse_colour, to_ansi16};
pub use load::{load_theme, ThemeError, BUILTIN_THEMES};
pub use role::Role;

use ratatui::style::Style;

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    styles: [Style; Role::ALL.len()],
}

/// What the terminal can show, read once from the environment by the entry point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColourSupport {
    pub truecolor: bool,
    pub no_color: bool,
}

impl ColourSupport {
    pub fn from_env() -> ColourSupport {
        let ct = std::env::var("COLORTERM").unwrap_or_default();
        ColourSupport {
            truecolor: ct.eq_ignore_ascii_case("truecolor") || ct.eq_ignore_ascii_case("24bit"),
            // https://no-color.org: set and not empty.
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

impl Theme {
    pub fn style(&self, role: Role) -> Style {
        self.styles[role as usize]
    }

    /// The built-in default theme (16 ANSI colours).
    pub fn builtin() -> Theme {
        load::builtin_default()
    }

    fn adapt(mut self, support: ColourSupport) -> Theme {
        for s in &mut self.styles {
            if support.no_color {
                s.fg = None;
                s.bg = None;
            } else if !support.truecolor {
                s.fg = s.fg.map(to_ansi16);
                s.bg = s.bg.map(to_ansi16);
            }
        }
        self
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
