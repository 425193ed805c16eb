//! A key press as the keymap speaks of it: parsed from strings such as `ctrl-c`, `G`, `enter`,
//! `pgdn`, `shift-tab`, and converted from terminal events by the runtime (so the app knows no
//! terminal library).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// Parses one key, e.g. `q`, `G`, `ctrl-d`, `alt-x`, `space`, `f5`, `shift-tab`.
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = s;
        loop {
            // A lone `-` is the minus key, not a modifier separator.
            if rest.len() > 1 {
                if let Some((m, tail)) = rest.split_once('-') {
                    match m.to_ascii_lowercase().as_str() {
                        "ctrl" | "c" => ctrl = true,
                        "alt" | "a" | "m" | "meta" => alt = true,
                        "shift" | "s" => shift = true,
                        _ => break,
                    }
                    rest = tail;
                    continue;
                }
            }
            break;
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" | "cr" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if shift => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "backspace" | "bs" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "minus" => KeyCode::Char('-'),
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        KeyCode::Char(if shift { c.to_ascii_uppercase() } else { c })
                    }
                    (Some('f' | 'F'), Some(_)) => match rest[1..].parse::<u8>() {
                        Ok(n @ 1..=12) => KeyCode::F(n),
                        _ => return Err(format!("unknown key {s:?}")),
                    },
                    _ => return Err(format!("unknown key {s:?}")),
                }
            }
        };
        if let KeyCode::Char(c) = code {
            if ctrl && !c.is_ascii_alphanumeric() && !"[]\\ ".contains(c) {
                return Err(format!("unknown key {s:?}"));
            }
        }
        Ok(Key {
            code: match code {
                KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
                c => c,
            },
            ctrl,
            alt,
        })
    }

    /// A chord such as `g g`: keys separated by spaces.
    pub fn parse_chord(s: &str) -> Result<Vec<Key>, String> {
        let keys: Result<Vec<Key>, String> = s.split_whitespace().map(Key::parse).collect();
        match keys {
            Ok(k) if k.is_empty() => Err("empty key".into()),
            other => other,
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Delete => f.write_str("del"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::F(n) => write!(f, "f{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys_and_chords() {
        assert_eq!(Key::parse("q"), Ok(Key::char('q')));
        assert_eq!(Key::parse("G"), Ok(Key::char('G')));
        assert_eq!(Key::parse("shift-g"), Ok(Key::char('G')));
        assert_eq!(Key::parse("ctrl-D"), Ok(Key::ctrl('d')));
        assert_eq!(Key::parse("-"), Ok(Key::char('-')));
        assert_eq!(Key::parse("shift-tab"), Ok(Key::plain(KeyCode::BackTab)));
        assert_eq!(Key::parse("f5"), Ok(Key::plain(KeyCode::F(5))));
        assert_eq!(
            Key::parse_chord("g g"),
            Ok(vec![Key::char('g'), Key::char('g')])
        );
        assert!(Key::parse("hyper-x").is_err());
        assert!(Key::parse("f13").is_err());
        assert!(Key::parse_chord("  ").is_err());
    }

    #[test]
    fn displays_as_parsed() {
        for s in ["q", "ctrl-d", "enter", "space", "pgdn", "f5", "alt-x"] {
            assert_eq!(Key::parse(s).unwrap().to_string(), s);
        }
    }
}
