//! The one sanitiser for untrusted text (log lines, consoles, event messages): escape
//! sequences (CSI, OSC, DCS, SOS, PM, APC, and two-byte escapes, in their 7-bit and 8-bit
//! forms) and C0/C1 control characters are removed, tabs become spaces, bidirectional
//! overrides are dropped. Nothing raw reaches the terminal (kubectl's CVE-2021-25743: a
//! container could retitle the terminal, move the cursor or, with OSC 52, write the clipboard).
//!
//! Pure text in, text out: no ratatui, so the I/O edge cleans text once, before the app ever
//! stores it: the log stream, the row constructors ([`Sanitize`]), the release decoder, the
//! Jenkins parsers (`jenkins::wire_text`), error texts and notices. Views do not sanitise.

/// Tab stops every this many columns, as terminals set them.
const TAB: usize = 8;

/// A one-line field of a record (a message, a description, a cause) is cut to this many
/// characters at ingest: a longer one says nothing more and only floods the screen.
pub const MAX_FIELD_CHARS: usize = 1024;
/// A name-like field (a reason, a status, a node name) is cut to this many: Kubernetes' own
/// limit for a name (a DNS subdomain), far past any real reason.
pub const MAX_WORD_CHARS: usize = 253;
/// Multi-line text from the wire (commit messages, notes) is cut to this many.
pub const MAX_TEXT_CHARS: usize = 256 * 1024;

/// Cuts `s` to `max` characters, the last of them `…`.
pub fn clip_chars(mut s: String, max: usize) -> String {
    // A string's length in bytes is at least its length in characters: most need no count.
    if s.len() <= max || max == 0 {
        return s;
    }
    if let Some((i, _)) = s.char_indices().nth(max - 1) {
        if s[i..].chars().nth(1).is_some() {
            s.truncate(i);
            s.push('…');
        }
    }
    s
}

/// A name-like field cleaned and cut to [`MAX_WORD_CHARS`].
pub fn word(s: String) -> String {
    clip_chars(s.sanitize(), MAX_WORD_CHARS)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// After ESC.
    Esc,
    /// ESC followed by intermediates (0x20–0x2F), waiting for the final byte.
    EscIntermediate,
    /// Control Sequence: parameters and intermediates until a final byte 0x40–0x7E.
    Csi,
    /// OSC, DCS, SOS, PM, APC: a string until BEL or ST (ESC \ or 0x9C).
    Str,
    /// ESC seen inside a string: `\` ends it.
    StrEsc,
}

/// Cleans one line: every escape sequence and control character removed, tabs expanded,
/// any newline turned into a space.
pub fn sanitize_line(s: &str) -> String {
    sanitize(s, false)
}

/// Cleans multi-line text: as [`sanitize_line`], but newlines are kept.
pub fn sanitize_text(s: &str) -> String {
    sanitize(s, true)
}

/// A record built at the I/O edge whose every string is cleaned once, there, so that the app
/// stores and the views draw only clean text. Implementations destructure the record in full,
/// so a new field does not compile until it is cleaned (or declared not to be text).
pub trait Sanitize: Sized {
    /// The record with every string cleaned as one line (multi-line fields keep newlines).
    fn sanitize(self) -> Self;
}

impl Sanitize for String {
    fn sanitize(self) -> Self {
        let clean = if self.chars().any(needs_cleaning) {
            sanitize_line(&self)
        } else {
            self
        };
        clip_chars(clean, MAX_FIELD_CHARS)
    }
}

impl<T: Sanitize> Sanitize for Option<T> {
    fn sanitize(self) -> Self {
        self.map(Sanitize::sanitize)
    }
}

impl<T: Sanitize> Sanitize for Vec<T> {
    fn sanitize(self) -> Self {
        self.into_iter().map(Sanitize::sanitize).collect()
    }
}

/// Multi-line text (notes, manifests, commit messages) cleaned with its newlines kept (not
/// cut: a manifest may be long; see [`MAX_TEXT_CHARS`] for text from the wire).
pub fn sanitize_text_owned(s: String) -> String {
    if s.chars().any(needs_cleaning) {
        sanitize_text(&s)
    } else {
        s
    }
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A character a terminal would act on, beyond the line breaks and tabs plain text holds: an
/// editor refuses a file that has one rather than show or rewrite it.
pub fn acts_on_terminal(c: char) -> bool {
    needs_cleaning(c) && !matches!(c, '\n' | '\t' | '\r')
}

fn sanitize(s: &str, keep_newlines: bool) -> String {
    if !s.chars().any(needs_cleaning) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut col = 0usize;
    let mut state = State::Normal;
    for c in s.chars() {
        // A sequence broken off by an unexpected character ends there; the character is then
        // read as ordinary input (so an ESC starts a new sequence, text is kept).
        let mut reprocess = true;
        while std::mem::take(&mut reprocess) {
            state = match state {
                State::Normal => {
                    normal(c, keep_newlines, &mut out, &mut col);
                    match c {
                        '\x1b' => State::Esc,
                        '\u{9b}' => State::Csi,
                        '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => State::Str,
                        _ => State::Normal,
                    }
                }
                State::Esc => match c {
                    '[' => State::Csi,
                    ']' | 'P' | 'X' | '^' | '_' => State::Str,
                    '\x20'..='\x2f' => State::EscIntermediate,
                    '\x30'..='\x7e' => State::Normal,
                    _ => {
                        reprocess = true;
                        State::Normal
                    }
                },
                State::EscIntermediate => match c {
                    '\x20'..='\x2f' => State::EscIntermediate,
                    '\x30'..='\x7e' => State::Normal,
                    _ => {
                        reprocess = true;
                        State::Normal
                    }
                },
                State::Csi => match c {
                    '\x20'..='\x3f' => State::Csi,
                    '\x40'..='\x7e' => State::Normal,
                    _ => {
                        reprocess = true;
                        State::Normal
                    }
                },
                State::Str => match c {
                    '\x07' | '\u{9c}' => State::Normal,
                    '\x1b' => State::StrEsc,
                    _ => State::Str,
                },
                State::StrEsc => match c {
                    '\\' => State::Normal,
                    '\x1b' => State::StrEsc,
                    _ => State::Str,
                },
            };
        }
    }
    out
}

/// Ordinary input: printable characters are kept, tabs expanded, everything else dropped.
fn normal(c: char, keep_newlines: bool, out: &mut String, col: &mut usize) {
    match c {
        '\t' => {
            let n = TAB - *col % TAB;
            out.extend(std::iter::repeat_n(' ', n));
            *col += n;
        }
        '\n' if keep_newlines => {
            out.push('\n');
            *col = 0;
        }
        '\n' | '\u{2028}' | '\u{2029}' => {
            out.push(' ');
            *col += 1;
        }
        c if c.is_control() || is_bidi_control(c) => {}
        c => {
            out.push(c);
            *col += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_fields_are_cut_with_a_mark() {
        let long = "R".repeat(3000);
        let field = long.clone().sanitize();
        assert_eq!(field.chars().count(), MAX_FIELD_CHARS);
        assert!(field.ends_with('…'));
        let w = word(format!("Evicted{long}"));
        assert_eq!(w.chars().count(), MAX_WORD_CHARS);
        assert!(w.starts_with("Evicted"));
        // At the limit nothing is cut; multi-byte characters count once.
        let exact = "é".repeat(MAX_WORD_CHARS);
        assert_eq!(word(exact.clone()), exact);
        assert_eq!(clip_chars("abc".into(), 0), "abc");
    }

    #[test]
    fn clean_text_is_unchanged() {
        for s in ["", "plain", "süß 日本語 ✓", "{\"level\":\"INFO\"}"] {
            assert_eq!(sanitize_line(s), s);
        }
    }

    #[test]
    fn colours_and_cursor_moves_are_removed() {
        assert_eq!(sanitize_line("\x1b[31;1mERROR\x1b[0m boom"), "ERROR boom");
        assert_eq!(sanitize_line("a\x1b[2J\x1b[H\x1b[?25lb"), "ab");
        assert_eq!(sanitize_line("x\x1b[38;2;255;0;0my"), "xy");
        // 8-bit CSI.
        assert_eq!(sanitize_line("a\u{9b}2Jb"), "ab");
        // Two-byte escapes and charset designations.
        assert_eq!(sanitize_line("a\x1bcb\x1b(Bc\x1b7d"), "abcd");
    }

    #[test]
    fn strings_are_removed_whole() {
        // OSC 52 would write the clipboard; OSC 0 retitles the window.
        assert_eq!(sanitize_line("a\x1b]52;c;ZXZpbA==\x07b"), "ab");
        assert_eq!(sanitize_line("a\x1b]0;owned\x1b\\b"), "ab");
        assert_eq!(sanitize_line("a\u{9d}8;;http://x\u{9c}b"), "ab");
        // DCS, APC, PM, SOS.
        assert_eq!(sanitize_line("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
        assert_eq!(
            sanitize_line("a\x1b_hidden\x07b\x1b^pm\x07c\x1bXsos\x07d"),
            "abcd"
        );
        // Unterminated: the terminal would swallow the rest, so do we.
        assert_eq!(sanitize_line("a\x1b]0;never ends"), "a");
    }

    #[test]
    fn controls_go_and_tabs_expand() {
        assert_eq!(sanitize_line("abc\rdef"), "abcdef");
        assert_eq!(sanitize_line("a\x08\x7f\x00\x07b"), "ab");
        assert_eq!(sanitize_line("\tat x"), "        at x");
        assert_eq!(sanitize_line("ab\tc"), "ab      c");
        assert_eq!(sanitize_line("a\nb"), "a b");
        assert_eq!(sanitize_text("a\r\n\tb\nc"), "a\n        b\nc");
        // C1 controls other than the sequence introducers.
        assert_eq!(sanitize_line("a\u{85}\u{8d}b"), "ab");
    }

    #[test]
    fn broken_sequences_keep_the_text_after_them() {
        assert_eq!(sanitize_line("abc\x1b"), "abc");
        assert_eq!(sanitize_line("abc\x1b["), "abc");
        // A CSI cut off by a non-ASCII character: the character is text again.
        assert_eq!(sanitize_line("a\x1b[3ü"), "aü");
        assert_eq!(sanitize_line("a\x1b\x1b[1mb"), "ab");
    }

    #[test]
    fn bidi_overrides_are_dropped() {
        assert_eq!(sanitize_line("user\u{202E}gnp.exe"), "usergnp.exe");
        assert_eq!(sanitize_line("a\u{2066}b\u{2069}c"), "abc");
        let every: String = ('\u{202a}'..='\u{202e}')
            .chain('\u{2066}'..='\u{2069}')
            .chain(['\u{200e}', '\u{200f}'])
            .collect();
        assert_eq!(sanitize_line(&format!("a{every}b")), "ab");
        assert_eq!(sanitize_text(&format!("a{every}\nb")), "a\nb");
    }

    #[test]
    fn every_c1_control_is_dropped() {
        // Those that open a string (DCS, SOS, OSC, PM, APC) swallow up to the terminator;
        // 8-bit CSI swallows its parameters; the rest go alone.
        let c1 = ('\u{80}'..='\u{9f}').filter(|c| {
            !matches!(
                c,
                '\u{90}' | '\u{98}' | '\u{9b}' | '\u{9d}' | '\u{9e}' | '\u{9f}'
            )
        });
        for c in c1 {
            assert_eq!(sanitize_line(&format!("a{c}b")), "ab", "{:x}", c as u32);
        }
        assert_eq!(sanitize_line("a\u{9b}31mb"), "ab");
        assert_eq!(sanitize_line("a\u{9d}0;evil\u{9c}b"), "ab");
        assert_eq!(
            sanitize_line("a\u{90}q\u{9c}b\u{98}x\u{9c}c\u{9e}x\u{9c}d\u{9f}x\u{9c}e"),
            "abcde"
        );
    }

    #[test]
    fn records_are_cleaned_field_by_field() {
        let clean = "plain".to_string();
        assert_eq!(clean.clone().sanitize(), clean);
        assert_eq!(
            Some(vec!["a\x1b]52;c;ZXZpbA==\x07b".to_string()]).sanitize(),
            Some(vec!["ab".to_string()])
        );
        assert_eq!(sanitize_text_owned("a\x1b[2J\nb".into()), "a\nb");
    }
}

#[cfg(test)]
#[path = "sanitize_prop_tests.rs"]
mod prop_tests;
