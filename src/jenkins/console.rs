//! The progressive console (`logText/progressiveText?start=N`) as a state machine: the next
//! `start` is always the server's `X-Text-Size` (never a count of our own), a partial last line
//! waits for its end, and a size smaller than what we asked from means the server sent the
//! whole log again (a `start` past the end, a rotated log): start over rather than repeat.

use super::ansi::{parse_line, AnsiStyle, ConsoleLine};

/// Bytes a partial line may grow to before it is shown anyway (a progress bar without `\n`).
const MAX_PENDING: usize = 64 * 1024;

#[derive(Debug, Clone, Default)]
pub struct Progressive {
    /// The `start` of the next request.
    pub start: u64,
    pending: Vec<u8>,
    style: AnsiStyle,
    /// The server said there is no more data (`X-More-Data` absent).
    pub done: bool,
}

/// What one response added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chunk {
    /// The server sent the log from its beginning again: what was shown must be replaced.
    pub reset: bool,
    pub lines: Vec<ConsoleLine>,
    pub more: bool,
    /// `X-Text-Size`: the log's length in bytes so far.
    pub size: u64,
}

impl Progressive {
    pub fn new() -> Progressive {
        Progressive::default()
    }

    /// Reads one response: its body, `X-Text-Size` and whether `X-More-Data: true` was sent.
    pub fn on_response(&mut self, body: &[u8], text_size: Option<u64>, more: bool) -> Chunk {
        let size = text_size.unwrap_or(self.start + body.len() as u64);
        let reset = size < self.start;
        if reset {
            self.pending.clear();
            self.style = AnsiStyle::default();
        }
        self.pending.extend_from_slice(body);
        let mut lines = Vec::new();
        while let Some(i) = self.pending.iter().position(|b| *b == b'\n') {
            let raw: Vec<u8> = self.pending.drain(..=i).collect();
            lines.push(self.line(&raw[..raw.len() - 1]));
        }
        if (!more || self.pending.len() > MAX_PENDING) && !self.pending.is_empty() {
            let raw = std::mem::take(&mut self.pending);
            lines.push(self.line(&raw));
        }
        self.start = size;
        self.done = !more;
        Chunk {
            reset,
            lines,
            more,
            size,
        }
    }

    fn line(&mut self, raw: &[u8]) -> ConsoleLine {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        parse_line(&String::from_utf8_lossy(raw), &mut self.style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(c: &Chunk) -> Vec<&str> {
        c.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn follows_x_text_size_and_keeps_partial_lines() {
        let mut p = Progressive::new();
        let c = p.on_response(b"Started\r\n[Pipeline] st", Some(22), true);
        assert_eq!(texts(&c), ["Started"]);
        assert_eq!(p.start, 22);
        let c = p.on_response(b"age\n+ helm", Some(32), true);
        assert_eq!(texts(&c), ["[Pipeline] stage"]);
        let c = p.on_response(b" upgrade\nFinished: SUCCESS", Some(58), false);
        assert_eq!(texts(&c), ["+ helm upgrade", "Finished: SUCCESS"]);
        assert!(p.done && !c.reset);
    }

    #[test]
    fn a_smaller_size_means_the_whole_log_again() {
        let mut p = Progressive::new();
        p.on_response(b"a\nb\n", Some(4), true);
        let c = p.on_response(b"x\n", Some(2), true);
        assert!(c.reset);
        assert_eq!(texts(&c), ["x"]);
        assert_eq!(p.start, 2);
    }

    #[test]
    fn utf8_split_between_responses_is_joined() {
        let mut p = Progressive::new();
        let s = "süß\n".as_bytes();
        let c = p.on_response(&s[..2], Some(2), true);
        assert!(c.lines.is_empty());
        let c = p.on_response(&s[2..], Some(s.len() as u64), true);
        assert_eq!(texts(&c), ["süß"]);
    }
}
