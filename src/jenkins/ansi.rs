//! Colours in console output (the AnsiColor plugin's SGR codes) read into styled ranges of clean
//! text. Only SGR colours and bold survive, as data; every other escape sequence and control
//! character goes through the one sanitiser (`text::sanitize`), so nothing raw reaches the
//! terminal. Views map the colours to theme roles.

use std::ops::Range;

use crate::text::sanitize::sanitize_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnsiColour {
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct AnsiStyle {
    pub fg: Option<AnsiColour>,
    pub bold: bool,
    /// SGR 8: concealed text (Jenkins' own console notes, `ESC[8mha:…ESC[0m`) is dropped.
    pub hidden: bool,
}

impl AnsiStyle {
    pub fn is_plain(self) -> bool {
        self == AnsiStyle::default()
    }
}

/// A styled part of a line's clean text (byte range).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyledRange {
    pub range: Range<usize>,
    pub style: AnsiStyle,
}

/// One console line: clean text, and the ranges that had a colour or bold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsoleLine {
    pub text: String,
    pub styles: Vec<StyledRange>,
}

impl ConsoleLine {
    pub fn plain(text: &str) -> ConsoleLine {
        ConsoleLine {
            text: sanitize_line(text),
            styles: Vec::new(),
        }
    }
}

fn basic(n: u16) -> Option<AnsiColour> {
    Some(match n % 8 {
        1 => AnsiColour::Red,
        2 => AnsiColour::Green,
        3 => AnsiColour::Yellow,
        4 => AnsiColour::Blue,
        5 => AnsiColour::Magenta,
        6 => AnsiColour::Cyan,
        // Black and white: the terminal's own foreground reads better.
        _ => return None,
    })
}

/// Applies one SGR parameter list to `style`.
fn apply_sgr(params: &str, style: &mut AnsiStyle) {
    let nums: Vec<u16> = params
        .split(';')
        .map(|p| p.parse::<u16>().unwrap_or(0))
        .collect();
    let mut i = 0;
    while i < nums.len() {
        match nums[i] {
            0 => *style = AnsiStyle::default(),
            1 => style.bold = true,
            22 => style.bold = false,
            8 => style.hidden = true,
            28 => style.hidden = false,
            n @ 30..=37 => style.fg = basic(n - 30),
            n @ 90..=97 => style.fg = basic(n - 90),
            39 => style.fg = None,
            38 | 48 => {
                // 38;5;n or 38;2;r;g;b (48: background, ignored).
                let fg = nums[i] == 38;
                match nums.get(i + 1) {
                    Some(5) => {
                        if fg {
                            style.fg = nums.get(i + 2).filter(|n| **n < 16).and_then(|n| basic(*n));
                        }
                        i += 2;
                    }
                    Some(2) => {
                        if fg {
                            style.fg = None;
                        }
                        i += 4;
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Reads one raw line: SGR sequences change `style` (which carries over to the next line, as
/// in a terminal); everything else is sanitised.
pub fn parse_line(raw: &str, style: &mut AnsiStyle) -> ConsoleLine {
    let mut out = ConsoleLine::default();
    let mut rest = raw;
    while let Some((start, params, end)) = find_sgr(rest) {
        push(&mut out, &rest[..start], *style);
        apply_sgr(params, style);
        rest = &rest[end..];
    }
    push(&mut out, rest, *style);
    out
}

fn push(out: &mut ConsoleLine, raw: &str, style: AnsiStyle) {
    if raw.is_empty() || style.hidden {
        return;
    }
    let clean = sanitize_line(raw);
    if clean.is_empty() {
        return;
    }
    let start = out.text.len();
    out.text.push_str(&clean);
    if style.is_plain() {
        return;
    }
    let end = out.text.len();
    match out.styles.last_mut() {
        Some(last) if last.range.end == start && last.style == style => last.range.end = end,
        _ => out.styles.push(StyledRange {
            range: start..end,
            style,
        }),
    }
}

/// The first `ESC [ params m` in `s`: (start, params, end).
fn find_sgr(s: &str) -> Option<(usize, &str, usize)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(off) = s[from..].find("\x1b[") {
        let start = from + off;
        let mut j = start + 2;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'm' {
            return Some((start, &s[start + 2..j], j + 1));
        }
        from = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_ranges_and_nothing_raw_is_left() {
        let mut st = AnsiStyle::default();
        let l = parse_line("\x1b[1;31mERROR\x1b[0m: \x1b[32mok\x1b[m done", &mut st);
        assert_eq!(l.text, "ERROR: ok done");
        assert_eq!(
            l.styles,
            vec![
                StyledRange {
                    range: 0..5,
                    style: AnsiStyle {
                        fg: Some(AnsiColour::Red),
                        bold: true,
                        hidden: false
                    }
                },
                StyledRange {
                    range: 7..9,
                    style: AnsiStyle {
                        fg: Some(AnsiColour::Green),
                        bold: false,
                        hidden: false
                    }
                },
            ]
        );
        assert!(st.is_plain());
    }

    #[test]
    fn other_sequences_are_removed_and_style_carries_over() {
        let mut st = AnsiStyle::default();
        let l = parse_line("a\x1b]0;title\x07b\x1b[2Jc\x1b[33mwarn", &mut st);
        assert_eq!(l.text, "abcwarn");
        assert_eq!(st.fg, Some(AnsiColour::Yellow));
        let next = parse_line("still yellow\r", &mut st);
        assert_eq!(next.text, "still yellow");
        assert_eq!(next.styles[0].range, 0..12);
        let mut st = AnsiStyle::default();
        let l = parse_line("\x1b[38;5;9mx\x1b[38;2;1;2;3my\x1b[0m", &mut st);
        assert_eq!(l.styles.len(), 1);
        assert_eq!(l.text, "xy");
        // A broken SGR is not a colour and is cleaned like any other sequence.
        let l = parse_line("a\x1b[31xb", &mut st);
        assert!(!l.text.contains('\x1b'));
        // Jenkins' console notes are concealed text: dropped.
        let l = parse_line("\x1b[8mha:////4P+abc=\x1b[0m[Pipeline] stage", &mut st);
        assert_eq!(l.text, "[Pipeline] stage");
    }
}
