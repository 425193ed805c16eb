//! The progressive console (`logText/progressiveText?start=N`) as a state machine: the next
//! `start` is always the server's `X-Text-Size` (never a count of our own), a partial last line
//! waits for its end, and a size smaller than what we asked from means the server sent the
//! whole log again (a `start` past the end, a rotated log): start over rather than repeat.

use super::ansi::{parse_line, AnsiStyle, ConsoleLine};

/// Bytes a partial line may grow to before it is shown anyway (a progress bar without `\n`).
const MAX_PENDING: usize = 64 * 1024;
/// A console that has grown by more than this since the last read is not read whole (a build
/// that logged 20 MiB would not fit the client's cap, and nobody reads it from the top): only
/// its last [`TAIL_BYTES`] are, and a first line says what was left out.
pub const READ_AT_ONCE: u64 = 8 << 20;
pub const TAIL_BYTES: u64 = 2 << 20;

#[derive(Debug, Clone, Default)]
pub struct Progressive {
    /// The `start` of the next request.
    pub start: u64,
    pending: Vec<u8>,
    style: AnsiStyle,
    /// The server said there is no more data (`X-More-Data` absent).
    pub done: bool,
    /// The next response starts mid-log, here: its first partial line is dropped.
    tail_from: Option<u64>,
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

    /// Whether an answer whose `X-Text-Size` is `size` carries more than [`READ_AT_ONCE`]:
    /// from our `start` to its end, or from 0 when the server sends the whole log again.
    pub fn is_too_long(start: u64, size: Option<u64>) -> bool {
        match size {
            Some(size) if size >= start => size - start > READ_AT_ONCE,
            Some(size) => size > READ_AT_ONCE,
            None => false,
        }
    }

    /// Asks next for the last [`TAIL_BYTES`] of a log `size` bytes long.
    pub fn skip_to_tail(&mut self, size: u64) {
        let from = size.saturating_sub(TAIL_BYTES);
        self.pending.clear();
        self.style = AnsiStyle::default();
        self.tail_from = Some(from);
        self.start = from;
    }

    /// Reads one response: its body, `X-Text-Size` and whether `X-More-Data: true` was sent.
    pub fn on_response(&mut self, body: &[u8], text_size: Option<u64>, more: bool) -> Chunk {
        let size = text_size.unwrap_or(self.start + body.len() as u64);
        let reset = size < self.start;
        if reset {
            self.pending.clear();
            self.style = AnsiStyle::default();
        }
        let mut lines = Vec::new();
        let mut body = body;
        if let Some(from) = self.tail_from.take().filter(|_| !reset) {
            // Mid-log: the bytes before the first line end belong to a line not shown.
            let cut = body
                .iter()
                .position(|b| *b == b'\n')
                .map_or(body.len(), |i| i + 1);
            body = &body[cut..];
            lines.push(parse_line(
                &format!(
                    "… the first {} of this console are not shown (it is {}; stagecoach reads \
                     the last {} of a console this long)",
                    mib(from + cut as u64),
                    mib(size),
                    mib(TAIL_BYTES)
                ),
                &mut AnsiStyle::default(),
            ));
        }
        self.pending.extend_from_slice(body);
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

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1u32 << 20))
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
    fn a_long_console_is_read_from_its_tail_saying_what_was_left_out() {
        let big = 20 << 20;
        assert!(Progressive::is_too_long(0, Some(big)));
        assert!(!Progressive::is_too_long(big - 100, Some(big)));
        // A rotated log sent whole again counts from 0.
        assert!(Progressive::is_too_long(big, Some(big - 1)));
        let mut p = Progressive::new();
        p.skip_to_tail(big);
        assert_eq!(p.start, big - TAIL_BYTES);
        let c = p.on_response(b"ial line\nlast line\n", Some(big), false);
        let t = texts(&c);
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(
            t[0].starts_with("… the first 18.0 MiB of this console are not shown"),
            "{}",
            t[0]
        );
        assert_eq!(t[1], "last line");
        assert!(!c.reset && p.done);
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
