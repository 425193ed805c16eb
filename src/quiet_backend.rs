//! The terminal backend of the loop: crossterm's, writing nothing when a frame changes nothing.
//! ratatui hides (or places) the cursor on every frame, and each frame was wrapped in a
//! synchronized update: an unchanged frame (a clock tick whose ages did not move) still wrote
//! bytes, which over SSH is traffic and on a laptop wakes the terminal. Here a frame's output
//! opens the synchronized update only when it has a cell or a cursor change to write.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

pub struct QuietBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// The cursor as last written: shown or hidden (`None`: not known).
    visible: Option<bool>,
    /// Where the cursor was last placed; drawing cells moves it, so `None` after a draw.
    at: Option<Position>,
    /// A synchronized update was begun in this frame and ends at its flush.
    open: bool,
}

impl<W: Write> QuietBackend<W> {
    pub fn new(out: W) -> QuietBackend<W> {
        QuietBackend {
            inner: CrosstermBackend::new(out),
            visible: None,
            at: None,
            open: false,
        }
    }

    fn begin(&mut self) -> io::Result<()> {
        if !self.open {
            self.open = true;
            crossterm::queue!(self.inner, crossterm::terminal::BeginSynchronizedUpdate)?;
        }
        Ok(())
    }
}

impl<W: Write> Backend for QuietBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        self.begin()?;
        self.at = None;
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.begin()?;
        self.at = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.visible == Some(false) {
            return Ok(());
        }
        self.begin()?;
        self.visible = Some(false);
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.visible == Some(true) {
            return Ok(());
        }
        self.begin()?;
        self.visible = Some(true);
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let p = position.into();
        if self.at == Some(p) {
            return Ok(());
        }
        self.begin()?;
        self.at = Some(p);
        self.inner.set_cursor_position(p)
    }

    fn clear(&mut self) -> io::Result<()> {
        // After a clear (and the suspends and editors that come before one) nothing about the
        // cursor is known.
        self.begin()?;
        self.visible = None;
        self.at = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.begin()?;
        self.at = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        if std::mem::take(&mut self.open) {
            crossterm::queue!(self.inner, crossterm::terminal::EndSynchronizedUpdate)?;
            Backend::flush(&mut self.inner)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use ratatui::layout::Rect;
    use ratatui::widgets::Paragraph;
    use ratatui::{Terminal, TerminalOptions, Viewport};

    use super::QuietBackend;

    /// What the backend wrote, readable while the terminal holds the writer.
    #[derive(Clone, Default)]
    struct Out(Arc<Mutex<Vec<u8>>>);

    impl Write for Out {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Out {
        fn len(&self) -> usize {
            self.0.lock().unwrap().len()
        }
        fn text_from(&self, at: usize) -> String {
            String::from_utf8_lossy(&self.0.lock().unwrap()[at..]).into_owned()
        }
    }

    fn terminal(out: &Out) -> Terminal<QuietBackend<Out>> {
        // A fixed viewport: a buffer is no tty to ask the size of.
        Terminal::with_options(
            QuietBackend::new(out.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, 20, 3)),
            },
        )
        .unwrap()
    }

    #[test]
    fn an_unchanged_frame_writes_nothing_and_a_changed_one_is_one_synchronized_update() {
        let w = Out::default();
        let mut t = terminal(&w);
        t.draw(|f| f.render_widget(Paragraph::new("12s ago"), f.area()))
            .unwrap();
        let first = w.len();
        let out = w.text_from(0);
        assert!(out.starts_with("\x1b[?2026h"), "{out:?}");
        assert!(out.ends_with("\x1b[?2026l"), "{out:?}");
        assert!(out.contains("12s") && out.contains("ago"), "{out:?}");

        t.draw(|f| f.render_widget(Paragraph::new("12s ago"), f.area()))
            .unwrap();
        assert_eq!(w.len(), first, "the same frame again wrote bytes");

        t.draw(|f| f.render_widget(Paragraph::new("13s ago"), f.area()))
            .unwrap();
        let out = w.text_from(first);
        assert!(out.contains('3') && !out.contains("ago"), "{out:?}");
        assert!(out.starts_with("\x1b[?2026h") && out.ends_with("\x1b[?2026l"));
    }

    #[test]
    fn the_cursor_is_written_only_when_it_moves_or_shows() {
        let w = Out::default();
        let mut t = terminal(&w);
        let draw = |t: &mut Terminal<QuietBackend<Out>>, at: Option<(u16, u16)>| {
            t.draw(|f| {
                f.render_widget(Paragraph::new("/api"), f.area());
                if let Some(p) = at {
                    f.set_cursor_position(p);
                }
            })
            .unwrap();
            w.len()
        };
        let a = draw(&mut t, Some((4, 0)));
        assert_eq!(draw(&mut t, Some((4, 0))), a, "same cursor, same cells");
        let b = draw(&mut t, Some((2, 0)));
        assert!(b > a, "a moved cursor is written");
        let c = draw(&mut t, None);
        assert!(c > b, "hiding it is written");
        assert_eq!(draw(&mut t, None), c);
    }
}
